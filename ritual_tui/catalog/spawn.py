"""A child program's output, collected without the `subprocess` module.

`changes` asks `find` what changed at the start of every `list`, `insights` and `export`, where
`subprocess` (with the threading, selectors and signal modules it brings) costs about 5 ms to
import: more than `find` itself takes. `os.posix_spawnp` starts the program and `select.poll`
reads its two pipes at once, so neither can fill and stall it.
"""

from __future__ import annotations

import os
import select


class Spawned:
    """One running program whose standard output and error are read to their end."""

    def __init__(self, argv: list[bytes | str]) -> None:
        """Start `argv` (looked up on PATH); raises OSError when it cannot be started."""
        out_read, out_write = os.pipe()
        err_read, err_write = os.pipe()
        out_write, err_write = _above_stdio(out_write), _above_stdio(err_write)
        try:
            # The pipes' own ends are closed on exec; the child keeps only its copies as fd 1 and 2.
            self.pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=[
                (os.POSIX_SPAWN_DUP2, out_write, 1), (os.POSIX_SPAWN_DUP2, err_write, 2)])
        except BaseException:
            for fd in (out_read, err_read):
                os.close(fd)
            raise
        finally:
            os.close(out_write)
            os.close(err_write)
        self._read = {out_read: bytearray(), err_read: bytearray()}
        self._open = {out_read, err_read}
        self._out, self._err = out_read, err_read
        self.returncode: int | None = None

    def communicate(self) -> tuple[bytes, bytes]:
        """Wait for the program to end; its whole standard output and error."""
        poller = select.poll()
        for fd in self._open:
            poller.register(fd, select.POLLIN)
        while self._open:
            for fd, _event in poller.poll():
                chunk = os.read(fd, 1 << 16)
                if chunk:
                    self._read[fd] += chunk
                else:
                    poller.unregister(fd)
                    self._close(fd)
        self._wait()
        return bytes(self._read[self._out]), bytes(self._read[self._err])

    def kill(self) -> None:
        """End the program now, if it still runs, and let it go."""
        if self.returncode is None:
            import signal

            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        for fd in list(self._open):
            self._close(fd)
        self._wait()

    def _close(self, fd: int) -> None:
        self._open.discard(fd)
        os.close(fd)

    def _wait(self) -> None:
        if self.returncode is None:
            _, status = os.waitpid(self.pid, 0)
            self.returncode = os.waitstatus_to_exitcode(status)


def _above_stdio(fd: int) -> int:
    """`fd`, moved above 0-2 if it is one of them (when this process runs with its standard
    streams closed): a child's copy as fd 1 or 2 must never be the pipe's own end."""
    if fd > 2:
        return fd
    import fcntl

    moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 3)
    os.close(fd)
    return moved
