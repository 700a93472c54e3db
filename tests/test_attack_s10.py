"""Attacks on session 10's work (helper E10): `ritual list` read beside the reconcile and written as
bytes, row numbers in list order to the id (schema 15, the table `disorder`), and the files'
search rule made FTS5's.

What broke, and was fixed (each with its test here):
- entries written more than 24 days after their day, of ids alike in their first letters (hand
  made ids "000001", "000002"...), took numbers past their day's last one: `ritual list` printed
  them in another order than the files with `disorder` empty, and insights and the browser's
  jump to a date counted them on the next day. The day's last second of numbers is kept free.
Everything else tried held; each held attack has its test too.
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
    for minutes, entry_id in enumerate(["000001", "000002", "000003"]):  # one number for all three
        when = written - timedelta(minutes=minutes)
        store.save(GratitudeEntry(id=entry_id, day=day, items=["tea"], created=when, updated=when))
        assert listed_ids(locations) == files_order(store)  # a reconcile of one file at a time
    assert files_order(store) == ["000001", "000002", "000003"]
    with sqlite3.connect(locations.catalog_file) as db:
        days = {date.fromordinal(n >> DAY_SHIFT) for (n,) in db.execute("SELECT n FROM files WHERE listed = 1")}
    assert days == {day}  # as insights and the browser's jump to a date read a row's day
