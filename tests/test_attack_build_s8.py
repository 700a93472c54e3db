"""Attacks on session 8's build from nothing (F8x): the history handed over from the rows, the
tables made in one transaction, the marshal fingerprint, and the commit on a thread of its own.

What held (tried by hand, see the report): a commit that fails for a full disk (`RLIMIT_FSIZE`, below)
gives CatalogError and no thread left; `q`, SIGINT, SIGTERM and SIGHUP while the commit waits on
another process's read lock leave a catalog either complete or rolled back (rebuilt next time);
the cache folder made read-only, deleted or the file replaced before the commit; a catalog of the
code before this session is reused without a parse, and the reverse; the history handed over is
what reading back gives with odd files (below). What broke: two processes making a new catalog's
tables at the same moment (the second deleted the first's catalog), and Ctrl-C while a command's
commit waited (its thread was left running; a second Ctrl-C printed a traceback).
"""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace

import pytest

from ritual_tui.catalog import Catalog
from ritual_tui.catalog import build as build_module
from ritual_tui.catalog import catalog as catalog_module
from ritual_tui.models import ExposureEntry, GratitudeEntry, LetterEntry
from ritual_tui.queries import RecentHistory
from ritual_tui.store import Store
from tests.conftest import DAY
from tests.test_catalog_build_s8 import history


def test_a_second_process_making_the_tables_at_the_same_moment_keeps_the_first_ones_catalog(tmp_path: Path, monkeypatch) -> None:
    """Both saw an empty file; the second's CREATE TABLE then met the first's tables. It deleted
    the first's catalog (maybe mid-build) and made its own, or gave up the catalog altogether."""
    path, entries = tmp_path / "catalog.sqlite3", tmp_path / "entries"
    entries.mkdir()
    first: list[Catalog] = []

    class Late(sqlite3.Connection):
        """A connection whose tables another process makes just before its own script runs."""

        def executescript(self, script: str):  # noqa: ANN201
            if not first:
                first.append(Catalog(path, entries))
                first[0].connection()
            return super().executescript(script)

    shim = SimpleNamespace(**{name: getattr(sqlite3, name) for name in dir(sqlite3) if not name.startswith("__")})
    shim.connect = lambda *args, **kwargs: sqlite3.connect(*args, factory=Late, **kwargs)
    monkeypatch.setattr(catalog_module, "sqlite3", shim)
    deleted = []
    monkeypatch.setattr(Catalog, "_delete", lambda self: deleted.append(self))
    second = Catalog(path, entries, check=True)
    second.connection()
    assert first and deleted == []
    inode = path.stat().st_ino
    second.reconcile(DAY)
    first[0].reconcile(DAY)
    assert path.stat().st_ino == inode
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT COUNT(*) FROM meta WHERE key = 'tag'").fetchone()[0] == 1


def seen(scan) -> list:
    """What the app reads of a scan (an entry with fields of a newer ritual is read from its file)."""
    def document(entry) -> str:
        return str(entry.to_document() if hasattr(entry, "to_document") else entry.document)

    return [sorted((str(item.path), item.digest, item.read_only, str(item.notices), item.entry.kind, item.entry.day,
                    item.entry.id, item.entry.title(), document(item.entry)) for item in scan.entries),
            sorted((str(p.path), p.reason, p.line) for p in scan.problems),
            sorted((str(c.path), c.reason) for c in scan.conflicts), sorted(str(t) for t in scan.temp_files)]


def odd_history(data: Path) -> None:
    """`history`, with a plan of long ago, 29 February in a year folder that is not its year's,
    letters whose seal ends yesterday, today and tomorrow (each with a conflict copy), an entry at
    the day-start hour, an old id's second file among today's, an unknown field and a plan's copy."""
    history(data)
    store, entries = Store(data), data / "entries"
    store.save(ExposureEntry(day=DAY - timedelta(days=500), step="wave", small_step="old plan"))
    leap = next(date(year, 2, 29) for year in range(DAY.year - 1, DAY.year - 9, -1) if year % 4 == 0 and (year % 100 or year % 400 == 0))
    moved = store.save(GratitudeEntry(day=leap, items=["leap tea"])).path
    wrong = entries / "gratitude" / str(DAY.year + 3)
    wrong.mkdir(parents=True)
    moved.rename(wrong / moved.name)
    for seal in (DAY - timedelta(days=1), DAY, DAY + timedelta(days=1)):
        letter = store.save(LetterEntry(day=seal - timedelta(days=60), week="2020-W01", body=f"Dear me,\nseal {seal}\n", sealed_until=seal)).path
        shutil.copy(letter, letter.with_name(letter.stem + ".sync-conflict-20261101-101010-ABCDEFG.toml"))
    start = datetime.combine(DAY, time(4, 0), timezone.utc)
    store.save(GratitudeEntry(day=DAY - timedelta(days=1), items=["at four"], created=start, updated=start))
    oldest = sorted((entries / "strengths").rglob("*.toml"))[0]
    shutil.copy(oldest, entries / "strengths" / str(DAY.year) / "elsewhere.toml")
    extra = sorted((entries / "gratitude").rglob("*.toml"))[3]
    extra.write_text(extra.read_text("utf-8") + "\nfuture_day = 2031-01-02\n", "utf-8")
    plan = next(p for p in sorted((entries / "exposure").rglob("*.toml")) if '"planned"' in p.read_text("utf-8"))
    shutil.copy(plan, plan.with_name(plan.stem + " (conflicted copy).toml"))


@pytest.mark.parametrize("helped", [False, True])
@pytest.mark.parametrize("recent", [True, False])
def test_odd_files_are_handed_over_as_reading_them_back_gives(tmp_path: Path, monkeypatch, helped: bool, recent: bool) -> None:
    data = tmp_path / "data"
    odd_history(data)
    if helped:
        monkeypatch.setattr(catalog_module, "HELPED_FROM", 0)
        monkeypatch.setattr(build_module, "spare_core", lambda: True)
    wanted = RecentHistory.around(DAY) if recent else None
    store = Store(data)
    built = Catalog(tmp_path / "catalog.sqlite3", data / "entries", check=True).scan(store, DAY, wanted, full=True)
    again = Catalog(tmp_path / "catalog.sqlite3", data / "entries", check=True).scan(store, DAY, wanted, full=True)
    assert seen(built) == seen(again)
    assert sorted(str(c.path) for c in built.conflicts) == sorted(str(c.path) for c in store.scan().conflicts)


_INTERRUPTED = """
import os, signal, sqlite3, sys, threading
from datetime import date
from pathlib import Path
from ritual_tui.catalog import Catalog
from ritual_tui.catalog import new_rows
from ritual_tui.store import Store

data, catalog_file, day = Path(sys.argv[1]), Path(sys.argv[2]), date.fromisoformat(sys.argv[3])
signal.signal(signal.SIGINT, signal.default_int_handler)  # as from a terminal, even when the tests run as a background job
real = new_rows.as_committed

def with_a_reader(db, built):  # another process reads: the commit waits for it (1 s)
    reader = sqlite3.connect(catalog_file, isolation_level=None, check_same_thread=False)
    reader.execute("BEGIN")
    reader.execute("SELECT * FROM meta").fetchall()
    threading.Timer(1.0, reader.execute, ("COMMIT",)).start()
    for delay in (0.3, 0.6):  # Ctrl-C twice while the commit waits
        threading.Timer(delay, os.kill, (os.getpid(), signal.SIGINT)).start()
    return real(db, built)

new_rows.as_committed = with_a_reader
try:
    Catalog(catalog_file, data / "entries").scan(Store(data), day, None, full=True)
    print("scanned")
except KeyboardInterrupt:
    print("interrupted", [t.name for t in threading.enumerate() if t.name == "catalog-commit"])
    sys.exit(130)
"""


def test_ctrl_c_while_the_commit_waits_ends_once_it_is_done_without_a_traceback(tmp_path: Path) -> None:
    """A command's scan (`ritual show`) builds a catalog from nothing on its main thread; Ctrl-C
    while the commit's thread waited left it running: the interpreter's exit waited for it, and the
    second Ctrl-C printed a traceback from `threading` (before this session the commit could not
    be interrupted, and the KeyboardInterrupt came once it was done)."""
    import subprocess
    import sys

    data = tmp_path / "data"
    history(data)
    catalog_file = tmp_path / "catalog.sqlite3"
    done = subprocess.run([sys.executable, "-c", _INTERRUPTED, str(data), str(catalog_file), DAY.isoformat()],
                          capture_output=True, text=True, timeout=60, cwd=Path(__file__).parent.parent)
    assert done.stderr == ""
    assert (done.returncode, done.stdout.strip()) == (130, "interrupted []")  # no commit thread left running
    with sqlite3.connect(catalog_file) as db:  # complete, and trusted as it is
        assert db.execute("SELECT COUNT(*) FROM files").fetchone()[0] == len(list((data / "entries").rglob("*.toml")))
        assert db.execute("SELECT value FROM meta WHERE key = 'walk'").fetchone()[0]


def test_a_commit_that_finds_the_disk_full_gives_catalog_error_and_leaves_no_thread(tmp_path: Path) -> None:
    """`ulimit -f`: the file may not grow past its tables. Held: the commit's error comes back
    from its thread, the build is tried once more from nothing, then CatalogError (the app reads
    the files); no thread is left, and with room again the catalog is built whole."""
    import resource
    import threading

    from ritual_tui.catalog import CatalogError

    data = tmp_path / "data"
    history(data)
    path = tmp_path / "catalog.sqlite3"
    catalog = Catalog(path, data / "entries")
    catalog.connection()
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (path.stat().st_size + 8192, hard))
    try:
        with pytest.raises(CatalogError):
            catalog.scan(Store(data), DAY, RecentHistory.around(DAY), full=True)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    assert not [thread for thread in threading.enumerate() if thread.name == "catalog-commit"]
    built = Catalog(path, data / "entries").scan(Store(data), DAY, None, full=True)
    assert len(built.entries) == len(Store(data).scan().entries)
