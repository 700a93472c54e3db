"""Row numbers in list order (`schema.order_key`): a list reads them backwards with no sort, and
only while the table `disorder` is empty, which it is only when the numbers really are in order."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime, time, timedelta, timezone
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ritual_tui.catalog import Catalog
from ritual_tui.catalog.schema import order_key
from ritual_tui.listing import list_lines
from ritual_tui.models import GratitudeEntry
from ritual_tui.paths import resolve_locations
from ritual_tui.store import Store
from tests.conftest import DAY

ZONE = timezone(timedelta(hours=-5))
IDS = st.sampled_from(["aaa0aaaa", "aaa0zzzz", "aaa1bbbb", "aaazcccc", "zzz9dddd", "0000eeee", "m5kq2x7h", "m5kq2x7j"])
"""Ids alike in their first letters (one number for two of them) and unlike."""
MOMENTS = st.sampled_from([
    timedelta(hours=7, minutes=30), timedelta(hours=7, minutes=30), timedelta(hours=7, minutes=30, seconds=1),
    timedelta(hours=7, minutes=30, microseconds=500_000), timedelta(days=40), timedelta(days=-40), timedelta(days=41),
])
"""Times written, from the day's midnight: mostly one second, some fractions, some far from the day."""

SAVE = st.tuples(st.just("save"), st.integers(0, 2), MOMENTS, IDS)
DELETE = st.tuples(st.just("delete"), st.integers(0, 20))
COPY = st.tuples(st.just("copy"), st.integers(0, 20))
STEPS = st.lists(st.one_of(SAVE, SAVE, DELETE, COPY), min_size=1, max_size=10)


def files_order(store: Store) -> list[str]:
    """The ids `ritual list` prints when it reads the files (`commands.cmd_list`)."""
    stored = sorted(sorted(store.scan().entries, key=lambda s: s.entry.id), key=lambda s: (s.entry.day, s.entry.created), reverse=True)
    return [s.entry.id for s in stored]


def listed_ids(locations, search: str | None = None) -> list[str]:
    return [line.split()[2].decode() for line in list_lines(locations, DAY, search=search).rows]


def broken_days(db: sqlite3.Connection) -> set[str]:
    """The days a full look finds out of order (a row's neighbour by number is later in the list)."""
    rows = db.execute("SELECT day, ts, id FROM files WHERE listed = 1 ORDER BY n").fetchall()
    return {b[0] for a, b in zip(rows, rows[1:]) if (a[0], a[1]) > (b[0], b[1]) or ((a[0], a[1]) == (b[0], b[1]) and a[2] < b[2])}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=STEPS)
def test_numbers_are_read_backwards_only_when_they_are_in_list_order(tmp_path_factory, steps) -> None:
    locations = resolve_locations(tmp_path_factory.mktemp("data"))
    store = Store(locations.data_dir)
    saved: list[Path] = []
    for step in steps:
        if step[0] == "save":
            _, back, moment, entry_id = step
            day = DAY - timedelta(days=back)
            when = datetime.combine(day, time(0), ZONE) + moment
            if any(entry_id in path.name for path in saved if path.exists()):
                continue  # one id, one entry (a second file of an id is made by "copy")
            saved.append(store.save(GratitudeEntry(id=entry_id, day=day, items=[f"tea {entry_id}"], created=when, updated=when)).path)
        elif saved and step[0] == "delete":
            saved[step[1] % len(saved)].unlink(missing_ok=True)
        elif saved and step[0] == "copy" and saved[step[1] % len(saved)].exists():
            original = saved[step[1] % len(saved)]
            shutil.copy(original, original.with_name(original.stem + ".sync-conflict-20261101-101010-ABCDEFG.toml"))
        assert listed_ids(locations) == files_order(store)  # after each step: a reconcile of what changed
        # A search reads its matches by number too (newest first), or sorted on a day out of order.
        assert listed_ids(locations, "tea") == files_order(store)
        assert listed_ids(locations, "aaa0") == [i for i in files_order(store) if i.startswith("aaa0")]
        with sqlite3.connect(locations.catalog_file) as db:
            kept = {day for (day,) in db.execute("SELECT day FROM disorder")}
            assert broken_days(db) <= kept  # never a day out of order that a list would read unsorted
    again = Catalog(tmp_path_factory.mktemp("cache") / "catalog.sqlite3", locations.entries_dir)
    again.reconcile(DAY, full=True)  # built from nothing: a full look
    with sqlite3.connect(again.path) as db:
        assert {day for (day,) in db.execute("SELECT day FROM disorder")} == broken_days(db)


def test_ids_of_one_second_are_numbered_in_list_order() -> None:
    day, ts = "2026-11-25", datetime(2026, 11, 25, 7, 30, tzinfo=ZONE).timestamp()
    numbers = [order_key(day, ts, entry_id) for entry_id in ("0000aaaa", "0009zzzz", "a0000000", "zzzzzzzz")]
    assert numbers == sorted(numbers, reverse=True)  # the smallest id first in a list, newest first
    assert order_key(day, ts + 1, "zzzzzzzz") > numbers[0] and order_key("2026-11-26", ts - 86400 * 30, "0" * 8) > numbers[0]


def test_a_day_out_of_order_is_listed_sorted_and_read_backwards_again_once_fixed(tmp_path: Path) -> None:
    locations = resolve_locations(tmp_path / "data")
    store = Store(locations.data_dir)
    when = datetime.combine(DAY, time(7, 30), ZONE)
    first = store.save(GratitudeEntry(id="aaa0aaaa", day=DAY, items=["one"], created=when, updated=when)).path
    store.save(GratitudeEntry(id="aaa0zzzz", day=DAY, items=["two"], created=when, updated=when))  # one number: the next is taken
    store.save(GratitudeEntry(id="m5kq2x7h", day=DAY - timedelta(days=1), items=["three"], created=when, updated=when))
    assert listed_ids(locations) == files_order(store) == ["aaa0aaaa", "aaa0zzzz", "m5kq2x7h"]
    with sqlite3.connect(locations.catalog_file) as db:
        assert db.execute("SELECT day FROM disorder").fetchall() == [(DAY.isoformat(),)]
    first.unlink()
    store.save(GratitudeEntry(id="b0000000", day=DAY, items=["four"], created=when, updated=when))
    assert listed_ids(locations) == files_order(store) == ["aaa0zzzz", "b0000000", "m5kq2x7h"]
    with sqlite3.connect(locations.catalog_file) as db:
        assert db.execute("SELECT day FROM disorder").fetchall() == []  # the day was looked at again


def test_a_day_out_of_order_is_read_backwards_again_once_the_row_that_broke_it_is_gone(tmp_path: Path) -> None:
    locations = resolve_locations(tmp_path / "data")
    store = Store(locations.data_dir)
    when = datetime.combine(DAY, time(7, 30), ZONE)
    store.save(GratitudeEntry(id="aaa0aaaa", day=DAY, items=["one"], created=when, updated=when))
    second = store.save(GratitudeEntry(id="aaa0zzzz", day=DAY, items=["two"], created=when, updated=when)).path
    assert listed_ids(locations) == ["aaa0aaaa", "aaa0zzzz"]
    second.unlink()  # nothing else written: the reconcile looks again at the day it forgot a row of
    assert listed_ids(locations) == files_order(store) == ["aaa0aaaa"]
    with sqlite3.connect(locations.catalog_file) as db:
        assert db.execute("SELECT day FROM disorder").fetchall() == []
