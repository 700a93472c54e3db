"""One writer per data folder: an OS lock kept outside the (possibly synced) folder."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from ritual_tui.paths import PRIVATE_FILE_MODE, ensure_private_dir


class AlreadyOpenError(Exception):
    """Another ritual is already writing to this data folder."""

    def __init__(self, pid: str) -> None:
        who = f" (process {pid})" if pid else ""
        super().__init__(f"ritual is already open for this data folder{who}; close it first.")


class WriterLock:
    """An exclusive, non-blocking lock; the OS frees it when the process dies, even on kill -9."""

    def __init__(self, lock_file: Path) -> None:
        self.lock_file = lock_file
        self._fd: int | None = None

    def acquire(self) -> WriterLock:
        """Take the lock or raise AlreadyOpenError at once."""
        ensure_private_dir(self.lock_file.parent)
        fd = os.open(self.lock_file, os.O_RDWR | os.O_CREAT, PRIVATE_FILE_MODE)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            os.close(fd)
            raise AlreadyOpenError(holder) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._fd = fd
        return self

    def release(self) -> None:
        """Let the next writer in."""
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    @property
    def held(self) -> bool:
        """True while this object holds the lock."""
        return self._fd is not None

    def __enter__(self) -> WriterLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()
