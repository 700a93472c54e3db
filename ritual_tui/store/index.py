"""The derived index: what every entry file held when last read, keyed by path and stat.

It lives in the cache folder, is disposable, and is only trusted for a file whose stat key
(mtime, ctime, size, inode, device) is unchanged, from a chunk whose bytes are whole; the TOML
files stay the truth. This module imports neither pydantic
nor Textual, so `ritual list` and `ritual due` can answer from it quickly.
"""

from __future__ import annotations

import json
import os
import stat
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ritual_tui import __version__
from ritual_tui.vocabulary import SCHEMA_VERSION

INDEX_VERSION = 8
"""Raised whenever what a record holds changes: older chunks are then ignored and rebuilt."""

INDEX_TAG = f"{__version__}-{SCHEMA_VERSION}"
"""The ritual and entry schema an index was written by: chunks of another are ignored."""


@dataclass
class Walk:
    """What one walk of `entries/` found: each file with its stat key, and what it could not look into."""

    files: list[tuple[str, list[int]]] = field(default_factory=list)
    """Relative path and stat key of every regular file (or link to one inside the data folder), by path."""
    unreadable: list[tuple[str, str]] = field(default_factory=list)
    """Relative path ("" for `entries/` itself) and reason of each folder or link that was not read."""


def stat_key(info: os.stat_result) -> list[int]:
    """What must match for an index record to be trusted: mtime, ctime, size, inode, device.

    ctime changes on every write and cannot be put back (`touch -r` only restores the mtime),
    so an editor that rewrites a file in place, same size, is always seen.
    """
    return [info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino, info.st_dev]


def walk_entry_files(entries_dir: Path) -> Walk:
    """Every file under `entries/<kind>/<year>/`, sorted by path, and every folder or link it could not read.

    A link is read when it leads to a regular file inside the data folder (git-annex keeps files
    so); a link leading outside it, to a folder, or to nothing is reported instead, as is a
    folder that cannot be listed. One scandir per folder and no Path objects: this runs at every
    start-up, over every file.
    """
    walk = Walk()
    stack: list[tuple[str, str]] = [(str(entries_dir), "")]
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
                if item.is_dir(follow_symlinks=False):
                    stack.append((item.path, prefix + item.name + "/"))
                elif item.is_file(follow_symlinks=False):
                    walk.files.append((prefix + item.name, stat_key(item.stat(follow_symlinks=False))))
                elif item.is_symlink():
                    if not inside:  # `entries` may itself be a link to another disk
                        inside = tuple(os.path.join(os.path.realpath(f), "") for f in (entries_dir.parent, entries_dir))
                    _follow_link(item, prefix, inside, walk)
                else:
                    walk.unreadable.append((prefix + item.name, "is not a regular file or folder; not read"))
    walk.files.sort()
    walk.unreadable.sort()
    return walk


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


def group_of(relative: str) -> str:
    """The chunk a file's record lives in: its `<kind>/<year>` folder."""
    return relative.rpartition("/")[0] or "_"


class EntryIndex:
    """The index as one small JSON file per `<kind>/<year>` folder (0600, written atomically).

    Small chunks keep each parse short, so a background load never holds the interpreter for
    long, and a save rewrites only the chunks whose folder changed.
    """

    def __init__(self, path: Path | None, version_tag: str) -> None:
        self.path = path  # a folder
        self.version_tag = version_tag

    def _chunks(self) -> list[Path]:
        try:
            return sorted(self.path.glob("*.json")) if self.path is not None else []
        except OSError:
            return []

    def load(self, pause: Callable[[], None] | None = None) -> dict[str, dict[str, Any]]:
        """The records by relative path; chunks that are missing, stale or unreadable are skipped.

        Each record's document and search words stay undecoded in its chunk's `.docs` file:
        `record["blob"]` holds those bytes and `record["at"]` where they are (see
        `document_bytes` and `record_words`).
        """
        records: dict[str, dict[str, Any]] = {}
        for chunk in self._chunks():
            if pause is not None:
                pause()
            try:
                raw = chunk.read_bytes()
                document = json.loads(raw)
                if not isinstance(document, dict) or document.get("version") != [INDEX_VERSION, self.version_tag]:
                    continue
                blob = chunk.with_suffix(".docs").read_bytes()
            except (OSError, ValueError):
                continue
            files = document.get("files")
            if isinstance(files, dict) and _whole(raw, blob):
                for record in files.values():
                    record["blob"] = blob
                records.update(files)
        return records

    def save(self, records: dict[str, dict[str, Any]], groups: set[str] | None = None) -> None:
        """Write the chunks of `groups` (all when None); a failure only costs speed next time."""
        if self.path is None:
            return
        from ritual_tui.store.atomic import atomic_write

        grouped: dict[str, dict[str, dict[str, Any]]] = {}
        for relative, record in records.items():
            grouped.setdefault(group_of(relative), {})[relative] = record
        wanted = set(grouped) if groups is None else groups
        try:
            for group in wanted:
                target = self.path / (group.replace("/", "-") + ".json")
                files = grouped.get(group)
                if not files:
                    target.unlink(missing_ok=True)
                    target.with_suffix(".docs").unlink(missing_ok=True)
                    continue
                parts, offset = [], _HEAD_SIZE
                for record in files.values():  # records are rewritten in place: callers are done with them
                    data, words = document_bytes(record), record_words(record).encode("utf-8")
                    parts += (data, b"\n", words, b"\n")
                    for key in ("blob", "doc", "text"):
                        record.pop(key, None)
                    record["at"] = [offset, offset + len(data), offset + len(data) + 1 + len(words)]
                    offset = record["at"][2] + 1
                body = b"".join(parts)
                document = {"version": [INDEX_VERSION, self.version_tag], "files": files}
                raw = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
                head = f"{zlib.crc32(raw):08x} {zlib.crc32(body):08x}\n".encode()
                atomic_write(target.with_suffix(".docs"), head + body)
                atomic_write(target, raw)
        except (OSError, ValueError):
            pass


_HEAD_SIZE = 18
"""A chunk's `.docs` begins with the CRC-32 of its `.json` and of the rest of the `.docs` (hex) and a newline."""


def _whole(raw: bytes, blob: bytes) -> bool:
    """True when a chunk's `.json` bytes (`raw`) and `.docs` bytes (`blob`) are the very ones written together.

    The two files are written one after the other: a crash between them, a truncated or damaged
    file, or one changed by hand shows as a checksum that differs. The chunk is then ignored,
    and its files are read again (and the chunk rebuilt).
    """
    head = blob[:_HEAD_SIZE]
    expected = f"{zlib.crc32(raw):08x} {zlib.crc32(memoryview(blob)[_HEAD_SIZE:]):08x}\n".encode()
    return head == expected


def document_bytes(record: dict[str, Any]) -> bytes:
    """A record's entry document as JSON bytes (from its chunk's `.docs`, or as just indexed)."""
    if "blob" in record:
        start, end, _ = record["at"]
        return record["blob"][start:end]
    return record["doc"].encode("utf-8")


def record_words(record: dict[str, Any]) -> str:
    """A record's search words, case-folded (kept after its document in the chunk's `.docs`)."""
    if "blob" in record:
        _, end, words_end = record["at"]
        return record["blob"][end + 1 : words_end].decode("utf-8")
    return record["text"]


def fresh(record: dict[str, Any] | None, key: list[int]) -> bool:
    """True when a cached record still describes the file whose stat key is `key`."""
    return record is not None and record.get("key") == key


def indexed_rows(entries_dir: Path, index_file: Path | None, version_tag: str) -> list[dict[str, Any]] | None:
    """Every entry straight from the index, when the index covers every file exactly.

    None when any file is new, changed, unreadable, a conflict copy, or shares an id, or a
    folder or link could not be read: the caller then does a full scan, which reports what it
    could not read and brings the index up to date.
    """
    from ritual_tui.store.conflicts import conflict_tool

    records = EntryIndex(index_file, version_tag).load()
    if not records:
        return None
    walk = walk_entry_files(entries_dir)
    if walk.unreadable:
        return None
    rows: list[dict[str, Any]] = []
    for relative, key in walk.files:
        if not relative.endswith(".toml"):
            continue  # stray files; temp files end in .tmp
        record = records.get(relative)
        if record is None or record.get("key") != key or "onflict" in relative.lower():
            if record is None or record.get("key") != key or conflict_tool(relative.rpartition("/")[2]) is not None:
                return None
        rows.append(record)
    return rows if len({record["head"][2] for record in rows}) == len(rows) else None


def export_documents(rows: list[dict[str, Any]]) -> list[bytes] | None:
    """Each row's entry document as JSON bytes, or None if any is not one whole JSON object.

    The chunk checks make that all but impossible; this last look costs little, and an export
    must never write a broken file: on None the caller reads the files instead.
    """
    documents = []
    for row in rows:
        try:
            data = document_bytes(row)
        except (KeyError, TypeError, ValueError):
            return None
        if data[:1] != b"{" or data[-1:] != b"}" or b"\n" in data:
            return None
        documents.append(data)
    return documents
