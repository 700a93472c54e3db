"""One walk of `entries/`: every file with its stat key, and every folder or link not read.

The stat key is what the catalog trusts a row by; nothing here parses a file.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class Walk:
    """What one walk of `entries/` found: each file with its stat key, and what it could not look into."""

    __slots__ = ("files", "unreadable", "hidden", "links")

    def __init__(self) -> None:
        self.files: list[tuple[str, StatKey]] = []
        """Relative path and stat key of every regular file (or link to one inside the data folder), by path."""
        self.unreadable: list[tuple[str, str]] = []
        """Relative path ("" for `entries/` itself) and reason of each folder or link that was not read."""
        self.hidden: list[str] = []
        """Relative paths of the files among `files` whose name starts with a dot (a save's temp file, say)."""
        self.links = 0
        """How many links were met (their targets' changes are not seen by a look at `entries/` alone)."""


StatKey = tuple[int, int, int, int, int]


def stat_key(info: os.stat_result) -> StatKey:
    """What must match for a catalog row to be trusted: mtime, ctime, size, inode, device.

    ctime changes on every write and cannot be put back (`touch -r` only restores the mtime),
    so an editor that rewrites a file in place, same size, is always seen.
    """
    return (info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino, info.st_dev)


def walk_entry_files(entries_dir: Path, under: str = "") -> Walk:
    """Every file under `entries/<kind>/<year>/`, sorted by path, and every folder or link it could not read.

    `under`: only the files below this folder of `entries/` ("gratitude/2026", say).

    A link is read when it leads to a regular file inside the data folder (git-annex keeps files
    so); a link leading outside it, to a folder, or to nothing is reported instead, as is a
    folder that cannot be listed. One scandir per folder and no Path objects: this runs at every
    start-up, over every file.
    """
    walk = Walk()
    stack: list[tuple[str, str]] = [(os.path.join(entries_dir, under), under + "/" if under else "")]
    inside: tuple[str, ...] = ()  # the real paths of the data and entries folders, worked out at the first link
    while stack:
        folder, prefix = stack.pop()
        try:
            listing = os.scandir(folder)
        except FileNotFoundError:
            continue  # no entries yet, or a folder removed while we walked
        except OSError as error:
            walk.unreadable.append((prefix.rstrip("/"), f"folder cannot be read ({_reason(error)})"))
            continue
        with listing:
            for item in listing:
                if not is_utf8(item.name):
                    walk.unreadable.append((prefix + item.name, NOT_UTF8))
                elif item.is_dir(follow_symlinks=False):
                    stack.append((item.path, prefix + item.name + "/"))
                elif item.name.startswith(NOT_ENTRIES):
                    continue
                elif item.is_file(follow_symlinks=False):
                    try:
                        info = item.stat(follow_symlinks=False)
                    except FileNotFoundError:
                        continue  # gone since the folder was listed (a save's temp file, renamed)
                    walk.files.append((prefix + item.name, stat_key(info)))
                    if item.name[0] == ".":
                        walk.hidden.append(prefix + item.name)
                elif item.is_symlink():
                    walk.links += 1
                    if not inside:  # `entries` may itself be a link to another disk
                        inside = tuple(os.path.join(os.path.realpath(f), "") for f in (entries_dir.parent, entries_dir))
                    _follow_link(item, prefix, inside, walk)
                else:
                    walk.unreadable.append((prefix + item.name, "is not a regular file or folder; not read"))
    walk.files.sort()
    walk.unreadable.sort()
    return walk


NOT_ENTRIES = ("._", ".#")
"""Names that are never an entry, whatever they end with, left out of every walk: macOS's companion of
a file on a disk without its metadata (AppleDouble `._<name>`, NUL bytes that read as damage) and
Emacs's lock while a file is edited (`.#<name>`, a link to user@host.pid that leads nowhere)."""


NOT_UTF8 = "its name is not valid UTF-8, so ritual cannot keep track of it; rename it to read it"


def is_utf8(name: str) -> bool:
    """False for a name holding bytes that are not UTF-8 (decoded as lone surrogates)."""
    if name.isascii():
        return True
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _follow_link(item: os.DirEntry, prefix: str, inside: tuple[str, ...], walk: Walk) -> None:
    """A link inside `entries/`: the file it leads to, if that is a regular file in the data folder."""
    relative = prefix + item.name
    if not os.path.realpath(item.path).startswith(inside):
        walk.unreadable.append((relative, "is a link to a place outside the data folder; not read"))
        return
    try:
        info = os.stat(item.path)
    except OSError as error:
        walk.unreadable.append((relative, f"is a link that leads nowhere ({_reason(error)})"))
        return
    if stat.S_ISREG(info.st_mode):
        walk.files.append((relative, stat_key(info)))
    elif stat.S_ISDIR(info.st_mode):
        walk.unreadable.append((relative, "is a link to a folder; ritual does not follow folder links, so its files are not read"))
    else:
        walk.unreadable.append((relative, "is a link to something that is not a regular file; not read"))


def _reason(error: OSError) -> str:
    return error.strerror or type(error).__name__
