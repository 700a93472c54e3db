"""Every byte a command writes reaches its reader, or the command stops quietly when the reader has gone.

A pipe or terminal another program made non-blocking (its mode is shared, not ours to change)
refuses a write while it is full, where Python's own streams lose the rest of the text (a part
reported written, or "Exception ignored ... BlockingIOError" and exit 120). At start-up `cli.main`
puts the process's standard output and error on `PatientFile` (`wait_on_full_output`), so every
`print`, `say` and `argparse` message waits; the big outputs go through `write_pieces`, straight
to the file, and wait the same way (`wait_until_writable`). No import here costs anything at
login: `select` is loaded only when something waits.
"""

from __future__ import annotations

import io
import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any, BinaryIO


def say(line: str, *, err: bool = False) -> None:
    """Print one line of output safe for a terminal (whatever a file name, id or entry holds)."""
    from ritual_tui.text import visible_line

    print(visible_line(line), file=sys.stderr if err else sys.stdout)


def wait_until_writable(fd: int) -> None:
    """Wait until the reader of the full file `fd` has taken some of it."""
    import select

    select.select([], [fd], [])


class PatientFile(io.FileIO):
    """The file below the standard output or error, whose every write writes all it is given.

    A non-blocking pipe or terminal that is full refuses a write (EAGAIN): it waits with select
    until the reader takes some, as a blocking write would. With `quiet_when_gone` (the standard
    error), a write the reader has gone from (EPIPE) is dropped rather than ending the command.
    """

    quiet_when_gone = False

    def write(self, data) -> int:  # noqa: ANN001 - bytes or a buffer, as FileIO.write takes
        view = memoryview(data).cast("B")
        size = len(view)
        while view:
            try:
                written = super().write(view)
            except BrokenPipeError:
                if self.quiet_when_gone:
                    return size
                raise
            if written is None:  # full: wait until the reader takes some
                wait_until_writable(self.fileno())
            else:
                view = view[written:]
        return size


def wait_on_full_output() -> None:
    """Give the process's own standard output and error a `PatientFile` below them (POSIX files
    only; a stream something else put in place, such as a test's capture, is left as it is).
    A few tens of microseconds and no import: `ritual due` runs at every login."""
    if os.name != "posix":
        return
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None or stream is not getattr(sys, f"__{name}__"):
            continue
        below = getattr(stream, "buffer", None)
        raw = getattr(below, "raw", below)
        if type(raw) is not io.FileIO or raw.closed:
            continue
        stream.flush()
        patient = PatientFile(raw.fileno(), "w", closefd=False)
        patient.quiet_when_gone = name == "stderr"
        buffer = patient if below is raw else io.BufferedWriter(patient)  # `python -u`: no buffer
        setattr(sys, name, io.TextIOWrapper(buffer, encoding=stream.encoding, errors=stream.errors,
                                            line_buffering=stream.line_buffering, write_through=stream.write_through))


def drop_unwritten_output() -> None:
    """The standard output's reader has gone, or the user stopped the command (Ctrl+C, perhaps
    while a full pipe waited): what is still buffered goes to /dev/null, so Python's flush at exit
    neither waits nor complains (exit 120, "Exception ignored")."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (AttributeError, OSError, ValueError):  # no file below it: nothing is buffered for it
        pass


def write_pieces(stream: BinaryIO, pieces: list[bytes]) -> None:
    """Write `pieces` to `stream`, in order, and flush it: straight to its file with `writev` (up
    to the system's limit of pieces a call) where it has one, else joined. A call a signal cut
    short is followed by the rest, so every byte is written; so is a call a full non-blocking
    pipe or terminal refused (`BufferedWriter.write` would have reported it written in part
    and the rest would be lost without a word)."""
    stream.flush()
    try:
        fd = stream.fileno()
        batch = max(16, os.sysconf("SC_IOV_MAX"))  # 1024 on Linux and macOS
        writev = os.writev
    except (AttributeError, OSError, ValueError):  # no file (io.UnsupportedOperation), no writev (Windows)
        stream.write(b"".join(pieces))
        stream.flush()
        return
    for start in range(0, len(pieces), batch):
        chunk = pieces[start:start + batch]
        written = _when_it_takes(writev, fd, chunk)
        if written < sum(map(len, chunk)):
            rest = memoryview(b"".join(chunk))[written:]
            while rest:
                rest = rest[_when_it_takes(os.write, fd, rest):]


def _when_it_takes(write: Any, fd: int, data: Any) -> int:
    """`write(fd, data)`, waiting while the file is non-blocking and full (a file description
    another program made non-blocking is shared: its mode is not ours to change)."""
    while True:
        try:
            return write(fd, data)
        except BlockingIOError:
            wait_until_writable(fd)


def write_file(target: Path, data: bytes) -> bool:
    """Write an export to `target` whole; True when it is a file ritual made (private, 0600).

    A regular file, or none yet, is replaced atomically. A device or a named pipe (`/dev/stdout`,
    `/dev/null`, a FIFO) is written into: replaced, as root, a device node became a file holding
    the journal (/dev/null for every program). A folder is IsADirectoryError, said in one line.
    """
    import errno
    import stat

    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        mode = stat.S_IFREG
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, "Is a folder, not a file", str(target))
    if not stat.S_ISREG(mode):
        with open(target, "wb") as stream:
            write_pieces(stream, [data])
        return False
    from ritual_tui.store.atomic import atomic_write, through_link

    # The folder is the user's: its mode stays. A link (to a synced folder, say) stays a link: it
    # was replaced by a file, and the backup it led to was never written again.
    atomic_write(through_link(target), data, own_folder=False)
    return True
