"""Keeping both texts when two machines changed one file, and keeping the data folder private after
git wrote into it: the part of sync that touches entry files (see `sync`). No Textual here."""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path, PurePosixPath

from ritual_tui.clock import stamp
from ritual_tui.paths import PRIVATE_DIR_MODE, PRIVATE_FILE_MODE
from ritual_tui.store.conflicts import conflict_tool
from ritual_tui.sync_git import Git


def keep_both(git: Git, ours: str, theirs: str) -> list[str]:
    """For each path both sides changed: what is on disk here stays (ours, or words written since an
    interrupted sync: never overwritten), theirs goes beside it as a conflict copy, unless theirs
    already keeps our text beside it. A file removed on one side and changed on the other is kept."""
    base = git.run("merge-base", ours, theirs, check=False).stdout.decode().strip() or None
    ours_changed, theirs_changed = changed(git, base, ours), changed(git, base, theirs)
    copies, ours_set = [], set(ours_changed)
    for path in sorted(ours_set & set(theirs_changed)):
        our_blob, their_blob = git.blob(ours, path), git.blob(theirs, path)
        if our_blob == their_blob:
            continue
        target = git.folder / path
        here = _read(target)
        if their_blob is None:  # they removed it, we changed it: ours stays
            if here is None and our_blob is not None:
                _put(target, git.read_blob(our_blob))
            continue
        their_bytes = git.read_blob(their_blob)
        if here is None:  # we removed it, they changed it: theirs comes back
            _put(target, their_bytes)
            continue
        if here == their_bytes:
            continue
        unchanged_here = our_blob is not None and here == git.read_blob(our_blob)
        theirs_only = [p for p in _copies_of(path, theirs_changed) if p not in ours_set]  # land as they are
        if unchanged_here and our_blob in {git.blob(theirs, p) for p in theirs_only}:
            _put(target, their_bytes)  # the remote already keeps our text beside it
            continue
        if not any(_holds(p, their_bytes) for p in _siblings_copies(target)):
            copy = _conflict_copy_path(target)
            _put(copy, their_bytes)
            copies.append(str(copy.relative_to(git.folder)))
    return copies


def finish_cut_checkouts(git: Git, ours: str | None, theirs_all: list[str]) -> list[str]:
    """Files a checkout of one of `theirs_all` left cut short, written whole; the paths written.

    git writes a file it checks out in place: when the disk fills (or git is killed) half-way, the
    entry file holds the first part of the remote's version, and the next sync committed that as
    this machine's change: every machine got the broken file in place of the entry, its words in a
    conflict copy. A TOML file that does not parse and whose bytes are the start of the remote's
    version is what git meant to write: it is written whole (atomically), before anything is
    committed. OSError (the disk still full) leaves it for the next sync, nothing committed.
    """
    waiting = set(git.paths("status", "--porcelain", "-z", "--no-renames", "--untracked-files=all"))
    if not waiting:
        return []
    waiting = {line[3:] for line in waiting if len(line) > 3}
    written: list[str] = []
    for theirs in theirs_all:
        for path in sorted(p for p in waiting.intersection(changed(git, ours, theirs)) if p.endswith(".toml")):
            their_blob = git.blob(theirs, path)
            here = _read(git.folder / path)
            if their_blob is None or here is None or path in written:
                continue
            their_bytes = git.read_blob(their_blob)
            if len(here) < len(their_bytes) and their_bytes.startswith(here) and not _parses(here):
                _put(git.folder / path, their_bytes)
                written.append(path)
    return written


def _parses(data: bytes) -> bool:
    import tomllib

    try:
        tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return False
    return True


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


def _copies_of(path: str, paths: list[str]) -> list[str]:
    """The ritual conflict copies of `path` among `paths`."""
    pure = PurePosixPath(path)
    return [p for p in paths if PurePosixPath(p).parent == pure.parent and _is_copy_of(PurePosixPath(p).name, pure.name)]


def _siblings_copies(target: Path) -> list[Path]:
    try:
        return [p for p in target.parent.iterdir() if _is_copy_of(p.name, target.name)]
    except OSError:
        return []


def _is_copy_of(name: str, original: str) -> bool:
    """True for ritual's conflict copy of the file named `original` (see `_conflict_copy_path`)."""
    stem = original.rpartition(".")[0] or original
    return name != original and name.startswith(f"{stem}.ritual-conflict-") and conflict_tool(name) == "ritual"


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() == data
    except OSError:
        return False


def _put(target: Path, data: bytes) -> None:
    if _holds(target, data):
        return
    from ritual_tui.store import atomic_write

    atomic_write(target, data)


def _conflict_copy_path(target: Path) -> Path:
    """A name the store and `doctor` recognise as ritual's conflict copy of `target`; a few random
    letters after the moment keep two machines that keep both texts in the same second apart."""
    return target.with_name(f"{target.stem}.ritual-conflict-{stamp()}-{secrets.token_hex(3)}{target.suffix}")


def changed(git: Git, start: str | None, end: str) -> list[str]:
    """Paths that differ between two commits (every path of `end` when there is no `start`)."""
    if start is None:
        return git.paths("ls-tree", "-r", "--name-only", "-z", end)
    return git.paths("diff", "--name-only", "--no-renames", "-z", start, end)


RITUALS_OWN = ("entries", "trash", "drafts")
"""The folders whose files sync keeps private; whatever else the data folder holds is the user's own."""


def private_modes(folder: Path) -> None:
    """Files 0600 and folders 0700 in ritual's own folders, whatever git checked out (the repository
    itself keeps its own modes under `core.sharedRepository = 0600`). The user's own files beside
    them keep their modes: a data folder that also holds other things (`--data-dir ~`) had every
    file in it made 0600 at each sync, scripts no longer runnable, and nothing of it synced."""
    _chmod(folder, PRIVATE_DIR_MODE)
    _chmod(folder / ".git", PRIVATE_DIR_MODE)
    for own in RITUALS_OWN:
        if (folder / own).is_symlink():
            continue
        _chmod(folder / own, PRIVATE_DIR_MODE)
        for root, folders, files in os.walk(folder / own):
            for name in folders:
                _chmod(Path(root) / name, PRIVATE_DIR_MODE)
            for name in files:
                _chmod(Path(root) / name, PRIVATE_FILE_MODE)


def private_repository(git_dir: Path) -> None:
    """A repository made under another umask (one the user had already) readable by its owner only;
    afterwards `core.sharedRepository = 0600` keeps it so."""
    for root, folders, files in os.walk(git_dir):
        for name in folders:
            _chmod(Path(root) / name, PRIVATE_DIR_MODE)
        for name in files:
            path = Path(root) / name
            try:
                _chmod(path, stat.S_IMODE(path.lstat().st_mode) & 0o700)
            except OSError:
                pass
    _chmod(git_dir, PRIVATE_DIR_MODE)


def _chmod(path: Path, mode: int) -> None:
    try:
        info = path.lstat()
        if not stat.S_ISLNK(info.st_mode) and stat.S_IMODE(info.st_mode) != mode:
            os.chmod(path, mode)
    except OSError:
        pass


__all__ = ["changed", "finish_cut_checkouts", "keep_both", "private_modes", "private_repository"]
