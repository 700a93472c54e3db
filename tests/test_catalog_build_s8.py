"""A catalog built from nothing hands the app its recent history from the rows it inserted, and
those are exactly what reading the catalog back gives: the same entries, files, listing and seals."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from ritual_tui.catalog import Catalog
from ritual_tui.catalog import build as build_module
from ritual_tui.catalog import catalog as catalog_module
from ritual_tui.models import GratitudeEntry, LetterEntry, StrengthsEntry
from ritual_tui.queries import RecentHistory
from ritual_tui.store import Store
from tests.conftest import DAY
from tests.test_catalog_build import write_history


def summary(entry) -> tuple:
    """What the app reads of an entry summary (its document fetched from the catalog)."""
    kind = entry.kind
    return (kind, entry.day, entry.id, entry.created, entry.updated, entry.title(), entry.document,
            entry.outcome if kind == "exposure" else None, entry.step_id if kind == "exposure" else None,
            entry.week if kind == "letter" else None, entry.sealed_until if kind == "letter" else None)


def seen(scan) -> list:
    """Everything of a scan the app reads: each entry's file and fields, the problems, the copies."""
    entries = [(str(item.path), item.digest, item.read_only, item.notices, summary(item.entry))
               for item in sorted(scan.entries, key=lambda item: str(item.path))]
    return [entries, sorted((str(p.path), p.reason, p.line) for p in scan.problems),
            sorted((str(c.path), c.reason) for c in scan.conflicts), sorted(str(t) for t in scan.temp_files)]


def history(data: Path) -> None:
    """`write_history`'s folder, with old entries beyond the recent days, a letter still sealed and one
    whose seal ended long ago, and a conflict copy of an old entry (the scan keeps both files of its id)."""
    write_history(data)
    store = Store(data)
    old = DAY - timedelta(days=400)
    for back in range(0, 60, 3):  # older than the recent history
        store.save(StrengthsEntry(day=old - timedelta(days=back), strength="Hope", use_today=f"old walk {back}"))
        store.save(GratitudeEntry(day=old - timedelta(days=back), items=[f"old tea {back}"]))
    store.save(LetterEntry(day=old, week="{}-W{:02d}".format(*old.isocalendar()[:2]), body="Dear me,\nold heron\n",
                           sealed_until=old + timedelta(days=30)))
    store.save(LetterEntry(day=DAY - timedelta(days=2), week="{}-W{:02d}".format(*(DAY - timedelta(days=2)).isocalendar()[:2]),
                           body="Dear me,\nnot yet\n", sealed_until=DAY + timedelta(days=40)))
    oldest = sorted((data / "entries" / "gratitude").rglob("*.toml"))[0]
    shutil.copy(oldest, oldest.with_name(oldest.stem + ".sync-conflict-20261101-101010-ABCDEFG.toml"))


@pytest.mark.parametrize("helped", [False, True])
@pytest.mark.parametrize("recent", [True, False])
def test_the_history_handed_over_by_a_build_from_nothing_is_what_reading_it_back_gives(
        tmp_path: Path, monkeypatch, helped: bool, recent: bool) -> None:
    data = tmp_path / "data"
    history(data)
    store, entries = Store(data), data / "entries"
    if helped:  # the rows of a helper process go in too
        monkeypatch.setattr(catalog_module, "HELPED_FROM", 0)
        monkeypatch.setattr(build_module, "spare_core", lambda: True)
    wanted = RecentHistory.around(DAY) if recent else None
    rows_used: list[list[dict]] = []
    real_stored = Catalog._stored

    def stored(self, row):  # each row a scan makes an entry of, as the columns it reads
        rows_used[-1].append({column: row[column] for column in catalog_module._SCAN_COLUMNS.split(", ")})
        return real_stored(self, row)

    monkeypatch.setattr(Catalog, "_stored", stored)
    read_back = []
    real_rows = Catalog.rows
    monkeypatch.setattr(Catalog, "rows", lambda self, *a, **k: read_back.append(a) or real_rows(self, *a, **k))

    rows_used.append([])
    built = Catalog(tmp_path / "catalog.sqlite3", entries, check=True).scan(store, DAY, wanted, full=True)
    assert read_back == []  # from the rows in hand
    rows_used.append([])
    again = Catalog(tmp_path / "catalog.sqlite3", entries, check=True).scan(store, DAY, wanted, full=True)
    assert len(read_back) == 1  # nothing changed: read from the catalog
    assert rows_used[0] == rows_used[1]  # the same rows, columns and order
    assert seen(built) == seen(again)
    assert any(".sync-conflict-" in str(copy.path) for copy in built.conflicts)
    assert len(built.problems) == 3
    sealed = [row for row in rows_used[0] if row["kind"] == "letter" and row["sealed_until"] > DAY.isoformat()]
    assert sealed and all(row["title"] == "" for row in sealed)  # a sealed letter's title is not there
    assert any(row["kind"] == "letter" and "" < row["sealed_until"] < DAY.isoformat() and row["title"] for row in rows_used[0])
    everything = Catalog(tmp_path / "catalog.sqlite3", entries).scan(store, DAY, None)
    assert (len(built.entries) < len(everything.entries)) is recent


def test_a_document_of_a_handed_over_entry_is_read_from_the_catalog(tmp_path: Path) -> None:
    data = tmp_path / "data"
    history(data)
    catalog = Catalog(tmp_path / "catalog.sqlite3", data / "entries")
    built = catalog.scan(Store(data), DAY, RecentHistory.around(DAY), full=True)
    item = next(item for item in built.entries if item.entry.kind == "strengths" and item.entry.day == DAY)
    assert item.entry.validated().use_today.startswith("heron walk")


def test_the_history_is_handed_over_only_once_its_rows_are_committed(tmp_path: Path, monkeypatch) -> None:
    import sqlite3
    import threading

    data = tmp_path / "data"
    history(data)
    threads = set()
    real_stored = Catalog._stored

    def stored(self, row):
        threads.add(threading.current_thread().name)
        return real_stored(self, row)

    monkeypatch.setattr(Catalog, "_stored", stored)
    catalog = Catalog(tmp_path / "catalog.sqlite3", data / "entries")
    built = catalog.scan(Store(data), DAY, RecentHistory.around(DAY), full=True)
    assert threads == {threading.current_thread().name}  # made here while the commit ran on its own thread
    with sqlite3.connect(tmp_path / "catalog.sqlite3") as other:  # another process sees every row by then
        assert other.execute("SELECT COUNT(*) FROM files WHERE problem IS NULL").fetchone()[0] >= len(built.entries) > 40
        assert other.execute("SELECT COUNT(*) FROM files").fetchone()[0] == len(list((data / "entries").rglob("*.toml")))
