"""Crash-safe file writes: temp file, fsync, atomic rename, fsync the folder."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from ritual_tui.clock import file_clock_seconds
from ritual_tui.paths import PRIVATE_FILE_MODE, ensure_private_dir, private_mode

TEMP_SUFFIX = ".tmp"

crash_hook: Callable[[str], None] | None = None
"""Tests set this to stop a save at a named point ("written", "synced", "replaced")."""


def _at(point: str) -> None:
    if crash_hook is not None:
        crash_hook(point)


def temp_path_for(target: Path) -> Path:
    """A hidden, unique temp file beside `target` (same folder, so the rename is atomic)."""
    # os.urandom, as secrets.token_hex uses: importing secrets loads hmac and OpenSSL for every command
    return target.with_name(f".{target.name}.{os.urandom(4).hex()}{TEMP_SUFFIX}")


def is_temp_file(path: Path) -> bool:
    """True for a temp file a save left behind."""
    return is_temp_name(path.name)


_HEX = frozenset("0123456789abcdef")


def is_temp_name(name: str) -> bool:
    """True for the name of a temp file a save of ritual's makes (`temp_path_for`: `.<name>.<8 hex>.tmp`).
    Another program's `.<name>.tmp` (Syncthing's `.syncthing.<name>.tmp` while it receives a file,
    an editor's while it saves) is never taken for one, so never deleted as abandoned."""
    return (name.endswith(TEMP_SUFFIX) and name.startswith(".") and len(name) >= 15
            and name[-13] == "." and _HEX.issuperset(name[-12:-4]))


def through_link(path: Path) -> Path:
    """Where a write to `path` goes so that a symbolic link stays a link (a dotfiles folder, a
    backup kept in a synced folder): the file it points to."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def atomic_write(target: Path, data: bytes, *, own_folder: bool = True) -> None:
    """Write `data` to `target` so that a crash at any moment leaves the old or the new file.

    The temp file is created 0600 whatever the umask; on any error it is removed and the
    original stays untouched. Missing folders are created 0700; an existing folder is made 0700
    too when it is ritual's own (`own_folder`), never when the user chose it (`--output`).
    """
    ensure_private_dir(target.parent, existing_too=own_folder)
    temp = temp_path_for(target)
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    try:
        private_mode(lambda mode: os.fchmod(fd, mode), PRIVATE_FILE_MODE)
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        _at("written")
        os.fsync(fd)
        _at("synced")
    except BaseException:
        os.close(fd)
        _remove_quietly(temp)
        raise
    os.close(fd)
    try:
        os.replace(temp, target)
    except BaseException:
        _remove_quietly(temp)
        raise
    _at("replaced")
    fsync_dir(target.parent)


def fsync_dir(folder: Path) -> None:
    """Flush a folder's entry table so a rename survives power loss (no-op where unsupported)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_stray_temp_files(folder: Path, older_than_seconds: float = 300.0) -> list[Path]:
    """Delete temp files an interrupted save left, once they are old enough to be abandoned."""
    return remove_abandoned((path for path in folder.rglob(f".*{TEMP_SUFFIX}") if is_temp_name(path.name)), older_than_seconds)


def remove_abandoned(paths, older_than_seconds: float = 300.0) -> list[Path]:
    """Delete the given temp files that are older than `older_than_seconds`."""
    removed = []
    cutoff = file_clock_seconds() - older_than_seconds
    for path in paths:
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed.append(path)
        except OSError:
            continue
    return removed


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
