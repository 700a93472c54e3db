"""One writer per data folder: OS locks kept outside the (possibly synced) folder."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ritual_tui.paths import PRIVATE_FILE_MODE, ensure_private_dir

if TYPE_CHECKING:
    from ritual_tui.paths import Locations


class AlreadyOpenError(Exception):
    """Another ritual is already writing to this data folder."""

    def __init__(self, holder: str) -> None:
        pid, _, doing = holder.partition(" ")
        who = f" (process {pid})" if pid.isdigit() else ""
        if doing.isprintable() and 0 < len(doing) <= 24 and pid.isdigit():
            # A command holding it briefly (a sync at login, from cron): "close it first" sent
            # people looking for an open window that was not there.
            super().__init__(f"{doing} is writing to this data folder{who}; try again when it is done.")
        elif _stopped(pid):  # ctrl+z in another terminal, then forgotten
            super().__init__(f"ritual is already open for this data folder{who}, stopped with ctrl+z: "
                             "`fg` in its terminal brings it back.")
        else:
            super().__init__(f"ritual is already open for this data folder{who}; close it first.")


def _stopped(pid: str) -> bool:
    """True when process `pid` is stopped (a job suspended by ctrl+z); False when that cannot be told."""
    try:
        with open(f"/proc/{int(pid)}/stat", "rb") as stat_file:
            return stat_file.read().rpartition(b")")[2].split()[0] in (b"T", b"t")
    except (OSError, ValueError, IndexError):
        return False


class WriterLock:
    """Exclusive, non-blocking locks; the OS frees them when the process dies, even on kill -9.

    It holds every one of `lock_files` or none: another process holding any of them means
    someone else is writing. `for_data_folder` names the files of one data folder.
    """

    def __init__(self, *lock_files: Path, doing: str = "") -> None:
        if not lock_files:
            raise ValueError("a writer lock needs at least one lock file")
        self.lock_files = lock_files
        self.doing = doing
        """What holds the lock, as another writer is told (a command such as "`ritual sync`"; empty: the app)."""
        self.lock_file = lock_files[0]
        self._fds: list[int] = []

    @classmethod
    def for_data_folder(cls, locations: Locations, doing: str = "") -> WriterLock:
        """The lock of a data folder however its path is written (a symlink, `..`, with or
        without XDG_RUNTIME_DIR): see `Locations.lock_files`.

        The folder is created first (0700), so its device and inode name a lock from the very
        first start; raises OSError (NotADirectoryError for a file) when it cannot be.
        """
        ensure_private_dir(locations.data_dir)
        return cls(*locations.lock_files, doing=doing)

    def acquire(self) -> WriterLock:
        """Take every lock or raise AlreadyOpenError at once (holding none).

        A lock folder that cannot be written is passed over as long as another lock was taken;
        with none taken, its OSError is raised.
        """
        failure: OSError | None = None
        for lock_file in self.lock_files:
            try:
                fd = _open(lock_file)
            except OSError as error:
                failure = failure or error
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip()
                os.close(fd)
                self.release()
                raise AlreadyOpenError(holder) from None
            except OSError as error:  # a folder whose file system has no locks
                os.close(fd)
                failure = failure or error
                continue
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()} {self.doing}".strip().encode("ascii", "replace"), 0)
            self._fds.append(fd)
        if not self._fds and failure is not None:
            raise failure
        return self

    def release(self) -> None:
        """Let the next writer in."""
        while self._fds:
            fd = self._fds.pop()
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    @property
    def held(self) -> bool:
        """True while this object holds the lock."""
        return bool(self._fds)

    def __enter__(self) -> WriterLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


@contextmanager
def briefly_alone(lock_file: Path, seconds: float = 5.0) -> Iterator[None]:
    """Run the block while no other process runs one under `lock_file` (waiting up to `seconds`,
    then going on alone: a stuck process never holds a login for ever). For a read-then-write of a
    small state file: two login shells opened at once (a terminal restoring its tabs) both read "not
    greeted today" and both opened ritual, the second only to say it was already open."""
    fd = None
    try:
        fd = _open(lock_file)
        deadline = time.monotonic() + seconds
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    break
                time.sleep(0.02)
    except OSError:
        pass  # a state folder that cannot be written: alone or not, the block runs
    try:
        yield
    finally:
        if fd is not None:
            os.close(fd)  # closing frees the lock


def _open(lock_file: Path) -> int:
    ensure_private_dir(lock_file.parent)
    return os.open(lock_file, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, PRIVATE_FILE_MODE)
