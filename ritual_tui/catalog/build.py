"""Building a catalog from nothing: rows in bulk, and a helper process parsing on another core.

The rows of an empty catalog go in a few statements at a time (`new_rows.NewRows`: the same numbers
as one at a time), with a bigger page cache and FTS5 holding every word until the commit (synced,
as every commit: a catalog written in part by a system crash could answer wrongly without an
error). Every file is parsed (TOML, then pydantic), about 0.12
ms a file on one core; with another core, a helper process parses from the last file backwards
(and works out how its rows are numbered) while this process parses from the first forwards and
inserts the rows as they come: its own, and each block of the helper's as it arrives. So the
helper parses until the two meet, and only the words are left to insert then (FTS5 wants them in
row order, which only the whole set gives).

The helper runs the same `rows.row_of_file` (the one rule of what an entry is), at nice 10 (on a
busy machine it takes only what is spare), in a fresh interpreter (never a fork of a threaded
process) with this process's `sys.path`, and sends each block of rows back through a pipe.
Anything that goes wrong with it (it cannot start, dies, sends something else) only means this
process parses more files itself: a block counts only once it arrived whole and names exactly
the files, at exactly the stat keys, this process's walk found.

When the app starts with no catalog at all, the helper is started before Today is drawn and
walks `entries/` itself (`catalog.ahead`); its blocks are checked like any other.
"""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ritual_tui.catalog import new_rows
from ritual_tui.catalog import rows as catalog_rows

if TYPE_CHECKING:
    import sqlite3

BLOCK = 200
"""Files per block sent back (about 30 ms of parsing): the most the helper can parse in vain."""

_HEADER = 8

_CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def spare_core() -> bool:
    """True when a helper can be started and may find a core to run on: more than one core is ours
    and there is a Python to start (a bundled app's executable is not one). The machine's load is
    not asked: at nice 10, on a busy machine the helper takes only what is spare (measured with
    two cores busy with other work: 3.9 s with it, 4.3 s without)."""
    return _CORES > 1 and not getattr(sys, "frozen", False)

_START = ("import marshal, sys; job = marshal.loads(sys.stdin.buffer.read()); sys.path[:] = job[0]; "
          "from ritual_tui.catalog.build import main; main(*job[1:])")

_TIED_TO = """import os, sys
try:
    import ctypes
    ctypes.CDLL(None).prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL: ended by the kernel when the app ends, however
except (ImportError, AttributeError, OSError):
    pass  # not Linux: it ends at its next write to the app, which fails
if os.getppid() != {parent}:
    sys.exit()  # the app ended before the line above
"""
"""What the helper runs first: it must never outlive the app (killed, hung up, or crashed). The
kernel's signal comes when the *thread* that started the helper ends: the main thread for a
helper started ahead, and for the build's own the thread that runs the build, which stops it
before it returns."""

PARSED_AT_ONCE = 32
"""Files this process parses between two looks at what the helper sent (about 4 ms of parsing)."""

BUILD_CACHE = -65536
"""SQLite's page cache while a catalog is built from nothing: 64 MiB (the default 2 MiB spills
to the file, with a sync of the journal each time)."""

BUILD_HASH = 32 << 20
"""FTS5's buffer of words not yet written while a catalog is built from nothing: 32 MiB (ten
years' words fit, written once at the commit as one segment). Its default, 1 MiB, writes a
small segment every few hundred rows and merges them again and again: a fifth of the build's
inserting, measured at ten years."""

_FTS_HASH = 1 << 20
"""FTS5's own default for that buffer, set back before the build commits."""


def insert_all(db: sqlite3.Connection, rows: list[dict]) -> None:
    """Every row into an empty catalog, with bigger buffers meanwhile (`building`)."""
    with building(db):
        new_rows.insert_new_rows(db, rows)


class building:
    """While rows go into an empty catalog: SQLite's page cache and FTS5's buffer of pending words
    made big, then set back (FTS5 writes what it holds out at the commit, whatever its size)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.size = 0

    def __enter__(self) -> None:
        self.size = int(self.db.execute("PRAGMA cache_size").fetchone()[0])
        self.db.execute(f"PRAGMA cache_size = {BUILD_CACHE}")
        self._words_buffer(BUILD_HASH)

    def __exit__(self, kind: type | None, *exc: object) -> None:
        try:
            if kind is None:  # after an error the transaction is rolled back, this setting with it
                self._words_buffer(_FTS_HASH)
        finally:
            self.db.execute(f"PRAGMA cache_size = {self.size}")

    def _words_buffer(self, size: int) -> None:
        import sqlite3

        try:
            self.db.execute("INSERT INTO words (words, rank) VALUES ('hashsize', ?)", (size,))
        except sqlite3.OperationalError:
            pass  # an SQLite without this setting: the build is only slower


def build_helped(db: sqlite3.Connection, entries_dir: Path, changed: list[tuple[str, tuple]], today: date,
                 started: Helper | None = None) -> tuple[list[dict], bool]:
    """The rows of `changed`, parsed here from the first file on and by a helper process from
    the last one back, and inserted as they come: this process's rows, and each block of the
    helper's as it arrives, so that when the two meet only the words are left to go in.
    Returns the rows and whether the transaction is open with every row in it (not when another
    process wrote rows meanwhile: then nothing is written, and no transaction is open).
    `started`: a helper started ahead (`catalog.ahead.taken`), else one is started now."""
    helper = started or Helper(entries_dir, changed, today)
    try:
        db.execute("BEGIN IMMEDIATE")
        if not catalog_rows.is_empty(db):
            db.execute("ROLLBACK")
            return _rest(helper, entries_dir, changed, 0, today), False
        try:
            with building(db):
                rows = _parse_and_insert(db, helper, entries_dir, changed, today)
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return rows, True
    finally:
        helper.close()


def _parse_and_insert(db: sqlite3.Connection, helper: Helper, entries_dir: Path, changed: list[tuple[str, tuple]],
                      today: date) -> list[dict]:
    """Parse from the first file on until this meets what the helper sent (never waiting for it: a
    helper slowed down by a busy machine only does less), inserting each block of the helper's
    as it arrives and this process's rows a few at a time; every row, in the walk's order."""
    numbers = new_rows.NewRows()
    mine: list[dict] = []
    while len(mine) < helper.take():
        arrived = helper.fresh(len(mine))
        if arrived:
            numbers.add(db, arrived)
            continue
        done = len(mine)
        parsed = [catalog_rows.row_of_file(entries_dir, relative, key, today)
                  for relative, key in changed[done:min(helper.first, done + PARSED_AT_ONCE)]]
        mine += parsed
        numbers.add(db, parsed)
    numbers.add(db, helper.fresh(len(mine)))
    rows = mine + helper.finish(len(mine))
    numbers.finish(db, rows)
    return rows


def _rest(helper: Helper, entries_dir: Path, changed: list[tuple[str, tuple]], done: int, today: date) -> list[dict]:
    """The rows of the files from `done` on: parsed here until this meets what the helper sent
    (never waiting for it), then the helper's."""
    mine: list[dict] = []
    while done + len(mine) < helper.take():
        for relative, key in changed[done + len(mine):min(helper.first, done + len(mine) + PARSED_AT_ONCE)]:
            mine.append(catalog_rows.row_of_file(entries_dir, relative, key, today))
    return mine + helper.finish(done + len(mine))


class Helper:
    """The helper process for one list of files; `take()` hands over the blocks it has parsed."""

    def __init__(self, entries_dir: Path, files: list[tuple[str, tuple]] | None, today: date, at_least: int = 0) -> None:
        """`files` None: the helper walks `entries/` itself (and ends at once when it finds fewer
        than `at_least` files); the build gives its own list when it takes it over."""
        self.files = files or []
        self.first = len(self.files)
        """The first file of the blocks taken so far (every file from it on is parsed)."""
        self.today = today
        self._blocks: list[list[dict[str, Any]]] = []
        self._handed = 0
        """How many of `_blocks` `fresh` gave out."""
        self._buffer = bytearray()
        self._arrived: list[bytes] = []
        self._lock = threading.Lock()
        self._reader: threading.Thread | None = None
        self._process: subprocess.Popen[bytes] | None = None
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-I", "-c", _TIED_TO.format(parent=os.getpid()) + _START], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL, cwd="/",
            )
        except (OSError, ValueError):
            return
        where = [os.path.abspath(folder) for folder in sys.path]  # the same ritual_tui and pydantic as here
        job = marshal.dumps((where, str(entries_dir), today.toordinal(), files, at_least))
        # The job is written and the rows read in a thread of their own: this one never waits on
        # the helper, and the helper never waits on a full pipe between two `take`s.
        _widen(self._process.stdout)
        self._reader = threading.Thread(target=self._talk, args=(self._process, job), daemon=True, name="catalog-helper")
        self._reader.start()

    def take_over(self, files: list[tuple[str, tuple]]) -> None:
        """A helper that walked `entries/` itself (`catalog.ahead`) now checks its blocks against
        the build's own list of files."""
        self.files, self.first = files, len(files)

    def _talk(self, process: subprocess.Popen[bytes], job: bytes) -> None:
        try:
            with process.stdin:  # type: ignore[union-attr]
                process.stdin.write(job)  # type: ignore[union-attr]
            while data := os.read(process.stdout.fileno(), 1 << 20):  # type: ignore[union-attr]
                with self._lock:
                    self._arrived.append(data)
        except (OSError, ValueError):
            pass  # it ended or was stopped: what arrived is all there is

    @property
    def running(self) -> bool:
        """True while the helper may still send blocks."""
        return self._reader is not None and self._reader.is_alive()

    def take(self) -> int:
        """Take in the blocks that arrived (without waiting); the first file now covered."""
        with self._lock:
            arrived, self._arrived = self._arrived, []
        if self._reader is None or not arrived:
            return self.first
        try:
            for data in arrived:
                self._buffer += data
                self._unpack()
        except (ValueError, EOFError, TypeError, KeyError):
            self.close()  # not what was asked for: nothing more is taken from it
        return self.first

    def _unpack(self) -> None:
        while len(self._buffer) >= _HEADER:
            size = int.from_bytes(self._buffer[:_HEADER], "little")
            if len(self._buffer) < _HEADER + size:
                return
            start, rows = marshal.loads(bytes(self._buffer[_HEADER:_HEADER + size]))
            del self._buffer[:_HEADER + size]
            if not 0 <= start < self.first or start + len(rows) != self.first or _files_of(rows) != self.files[start:self.first]:
                raise ValueError("not the block asked for")
            self._blocks.append(rows)
            self.first = start

    def fresh(self, upto: int) -> list[dict[str, Any]]:
        """The rows of the blocks taken since the last call, of the files from `upto` on (none
        before: this process parsed them), in the walk's order. `finish` gives them again."""
        blocks, self._handed = self._blocks[self._handed:], len(self._blocks)
        rows = [row for block in reversed(blocks) for row in block]
        return rows[max(0, upto - self.first):]

    def finish(self, upto: int) -> list[dict[str, Any]]:
        """Stop the helper; the rows of the files from `upto` on (all taken: `upto` >= `first`)."""
        self.close()
        rows = [row for block in reversed(self._blocks) for row in block]
        self._blocks = []  # the build holds them now, and lets go of them when it is done
        return rows[upto - self.first:]

    def close(self) -> None:
        """Stop the helper if it still runs (what it was parsing is done here instead)."""
        process, self._process = self._process, None
        reader, self._reader = self._reader, None
        if process is not None:
            if process.poll() is None:
                process.kill()
            process.wait()
            if reader is not None:
                reader.join()  # the pipe ends with the process
            if process.stdout is not None:
                process.stdout.close()


def _widen(stream: Any) -> None:
    """A pipe of 1 MiB, not 64 KiB, where the system allows: a block arrives in one read, so the
    reading thread wakes (and takes the interpreter from the app's event loop) once a block."""
    import fcntl

    try:
        fcntl.fcntl(stream.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
    except OSError:
        pass  # a smaller pipe only means more reads


def _files_of(rows: list[dict[str, Any]]) -> list[tuple[str, tuple]]:
    """The (path, stat key) each row was read from, as a walk lists them."""
    return [(row["path"], (row["mtime"], row["ctime"], row["size"], row["inode"], row["device"])) for row in rows]


def files_to_read(entries_dir: Path) -> list[tuple[str, tuple]]:
    """Every entry file of `entries/` with its stat key, as a build from nothing parses them."""
    from ritual_tui.store.walk import walk_entry_files

    return [(relative, key) for relative, key in walk_entry_files(entries_dir).files if relative.endswith(".toml")]


def main(entries: str, ordinal: int, files: list[tuple[str, tuple]] | None, at_least: int = 0) -> None:
    """The helper process: parse the files from the last one backwards, a block at a time (first
    walking `entries/` itself when `files` is None)."""
    try:
        os.nice(10)  # a spare core is all it takes: on a busy machine the app's own threads go first
    except OSError:
        pass
    entries_dir, today = Path(entries), date.fromordinal(ordinal)
    if files is None:
        files = files_to_read(entries_dir)
        if len(files) < at_least:
            return
    row_of_file, number_ahead = catalog_rows.row_of_file, new_rows.number_ahead
    out = sys.stdout.buffer
    end = len(files)
    while end > 0:
        start = max(0, end - BLOCK)
        rows = [row_of_file(entries_dir, relative, tuple(key), today) for relative, key in files[start:end]]
        for row in rows:
            number_ahead(row)  # here, not in the app's process
        data = marshal.dumps((start, rows))
        out.write(len(data).to_bytes(_HEADER, "little") + data)
        out.flush()
        end = start
