"""Attacks on session 10's work (helper E10): `ritual list` read beside the reconcile and written as
bytes, row numbers in list order to the id (schema 15, the table `disorder`), and the files'
search rule made FTS5's.

What broke, and was fixed (each with its test here):
- entries written more than 24 days after their day, of ids alike in their first letters (hand
  made ids "000001", "000002"...), took numbers past their day's last one: `ritual list` printed
  them in another order than the files with `disorder` empty, and insights and the browser's
  jump to a date counted them on the next day. The day's last second of numbers is kept free;
- the browser showed the entries of a day written more than 24 days after it (backdated,
  imported, planned ahead) in the order of their ids, not of their times (schema 14 kept their
  order): `order_key` numbers a time far from its day as a float of 16 bits, still in order;
- a `ritual list` whose walk met a save's temp file just renamed (the app saving meanwhile) took
  the walk's FileNotFoundError for a broken catalog: it deleted the catalog and built it again
  from every file, and the app's open catalog could no longer be written ("attempt to write a
  readonly database"). `walk_entry_files` passes over a file gone since its folder was listed,
  as `walk_changes` does;
- a ladder step's attempts from the catalog (`Catalog.of_step`, oldest first, whose last "what
  to adjust" opens the next plan) were in row number order, which for records written long after
  their day can differ from their times: they are read by time, as the files' `Journal.attempts`.
Everything else tried held; the last test here keeps a few of those attacks (odd output encodings,
a table `disorder` dropped by hand).
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, time, timedelta, timezone

from ritual_tui.catalog.schema import DAY_SHIFT
from ritual_tui.listing import list_lines
from ritual_tui.models import GratitudeEntry
from ritual_tui.paths import Locations
from ritual_tui.store import Store
from tests.conftest import DAY


def files_order(store: Store) -> list[str]:
    """The ids `ritual list` prints when it reads the files (`commands.cmd_list`)."""
    stored = sorted(sorted(store.scan().entries, key=lambda s: s.entry.id),
                    key=lambda s: (s.entry.day, s.entry.created), reverse=True)
    return [s.entry.id for s in stored]


def listed_ids(locations: Locations) -> list[str]:
    return [line.split()[2].decode() for line in list_lines(locations, DAY).rows]


def test_entries_written_long_after_their_day_keep_to_their_day_and_the_list_order(locations: Locations) -> None:
    store = Store(locations.data_dir)
    day = DAY - timedelta(days=60)
    written = datetime.combine(DAY, time(9), timezone.utc)
    far = datetime(9999, 12, 30, 12, tzinfo=timezone.utc)  # as far as a time can be from a day of year 1
    saves = [(day, written), (day, written - timedelta(minutes=1)), (day, written - timedelta(minutes=1)),
             (date(1, 1, 1), far), (date(1, 1, 1), far), (date(1, 1, 2), datetime(1, 1, 2, tzinfo=timezone.utc))]
    for number, (on, when) in enumerate(saves):  # ids alike in their first letters: one number for the same second
        store.save(GratitudeEntry(id=f"00000{number}", day=on, items=["tea"], created=when, updated=when))
        assert listed_ids(locations) == files_order(store)  # a reconcile of one file at a time
    assert files_order(store)[:3] == ["000000", "000001", "000002"]
    with sqlite3.connect(locations.catalog_file) as db:
        days = sorted(date.fromordinal(n >> DAY_SHIFT) for (n,) in db.execute("SELECT n FROM files WHERE listed = 1"))
    assert days == sorted(on for on, _ in saves)  # as insights and the browser's jump to a date read a row's day


def test_the_browser_shows_entries_written_long_after_their_day_in_the_order_they_were_written(locations: Locations) -> None:
    from ritual_tui.listing import catalog_for

    store = Store(locations.data_dir)
    day = DAY - timedelta(days=90)  # backdated: written today, for a day three months ago
    written = datetime.combine(DAY, time(9), timezone.utc)
    for hours, entry_id in enumerate(["zzzz0001", "aaaa0002", "mmmm0003", "0000aaaa"]):
        when = written - timedelta(hours=hours)
        store.save(GratitudeEntry(id=entry_id, day=day, items=["tea"], created=when, updated=when))
    catalog = catalog_for(locations)
    catalog.reconcile(DAY)
    shown = [entry.id for entry in catalog.pages().window(0, 10)]
    assert shown == listed_ids(locations) == files_order(store) == ["zzzz0001", "aaaa0002", "mmmm0003", "0000aaaa"]
    catalog.close()


def test_a_save_renaming_its_temp_file_while_a_list_walks_leaves_the_catalog_in_place(locations: Locations, monkeypatch) -> None:
    import os

    from ritual_tui.listing import catalog_for

    store = Store(locations.data_dir)
    written = datetime.combine(DAY, time(9), timezone.utc)
    store.save(GratitudeEntry(id="first001", day=DAY, items=["rain"], created=written, updated=written))
    app = catalog_for(locations)  # as the app holds it open
    app.reconcile(DAY)
    saved = store.save(GratitudeEntry(id="second02", day=DAY, items=["rain"], created=written, updated=written)).path
    temp = saved.with_name(f".{saved.name}.b93c2449.tmp")  # an app's save, renamed between scandir and stat
    temp.write_text("")
    real_scandir = os.scandir

    class Listing:
        def __init__(self, folder) -> None:
            with real_scandir(folder) as found:
                self.items = list(found)
            if any(item.name == temp.name for item in self.items):
                temp.unlink()

        def __iter__(self):
            return iter(self.items)

        def __enter__(self):
            return self

        def __exit__(self, *exc) -> None:
            pass

    monkeypatch.setattr(os, "scandir", Listing)
    assert listed_ids(locations) == ["first001", "second02"]
    monkeypatch.setattr(os, "scandir", real_scandir)
    third = store.save(GratitudeEntry(id="third003", day=DAY, items=["rain"], created=written, updated=written)).path
    app.note_saved(third, DAY)  # "attempt to write a readonly database": the list had deleted the catalog
    app.close()
    assert listed_ids(locations) == ["first001", "second02", "third003"]


def test_a_steps_attempts_from_the_catalog_are_oldest_first_as_from_the_files(locations: Locations) -> None:
    from ritual_tui.listing import catalog_for
    from ritual_tui.models import ExposureEntry

    store = Store(locations.data_dir)
    day = DAY - timedelta(days=400)  # recorded long after: times a second apart share a row number's second
    written = datetime.combine(DAY, time(9), timezone.utc)
    for seconds, entry_id in enumerate(["0000aaaa", "zzzz0001"]):
        when = written + timedelta(seconds=seconds)
        store.save(ExposureEntry(id=entry_id, day=day, step="call", step_id="step0001", outcome="done",
                                 created=when, updated=when))
    catalog = catalog_for(locations)
    catalog.reconcile(DAY)
    from_files = [e.id for e in sorted((s.entry for s in store.scan().entries), key=lambda e: (e.day, e.created))]
    assert [entry.id for entry in catalog.of_step("step0001")] == from_files == ["0000aaaa", "zzzz0001"]
    catalog.close()


def test_list_lines_to_odd_encodings_and_a_hand_dropped_disorder_table_are_the_files_lines(locations: Locations) -> None:
    """Held: the catalog's UTF-8 bytes reach a Latin-1, ASCII or UTF-16 output as the files' text
    does, and a catalog whose table `disorder` was dropped by hand lists what the files list."""
    import os
    import subprocess
    import sys

    from tests.conftest import run_cli
    from tests.test_attack_s9 import _files_path

    def listed_as(encoding: str) -> tuple[int, bytes]:
        done = subprocess.run([sys.executable, "-m", "ritual_tui", "list"], capture_output=True, timeout=60,
                              env={**os.environ, "PYTHONIOENCODING": encoding})
        return done.returncode, done.stdout

    store = Store(locations.data_dir)
    written = datetime.combine(DAY, time(9), timezone.utc)
    store.save(GratitudeEntry(id="caf00001", day=DAY, items=["café crème Straße 😀 日本"], created=written, updated=written))
    store.save(GratitudeEntry(id="caf00002", day=DAY, items=["plain tea"], created=written, updated=written))
    encodings = ["latin-1", "ascii", "utf-16"]
    from_catalog = [listed_as(name) for name in encodings]
    with sqlite3.connect(locations.catalog_file) as db:
        db.execute("DROP TABLE disorder")
    dropped = run_cli("list", "--search", "cafe")
    _files_path(locations)
    from_files = [listed_as(name) for name in encodings]
    assert from_catalog == from_files
    assert from_files[1] == (0, from_files[1][1]) and b"caf? cr?me Stra?e ? ??" in from_files[1][1]
    assert from_files[0][1].count("é".encode("latin-1")) == 1 and from_files[2][1].startswith(b"\xff\xfe")
    assert dropped.returncode == 0 and dropped.stdout.split()[2] == "caf00001"
