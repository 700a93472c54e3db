"""A build from nothing inserts rows as they come (a helper's blocks from the last file back, this
process's from the first on) and numbers them at the end as one at a time would: the catalog is
the one a row-at-a-time build makes, over odd files too (entries of one second whose ids begin
alike, files that are not entries among them, copies, sealed letters)."""

from __future__ import annotations

import marshal
from datetime import datetime, time, timedelta, timezone
from pathlib import Path

import pytest

from ritual_tui.catalog import Catalog
from ritual_tui.catalog import build as build_module
from ritual_tui.catalog import catalog as catalog_module
from ritual_tui.catalog import new_rows
from ritual_tui.catalog import rows as catalog_rows
from ritual_tui.models import GratitudeEntry, NoteEntry, StrengthsEntry
from ritual_tui.store import Store
from tests.conftest import DAY
from tests.test_catalog_build import dump, write_history


def odd_history(data: Path) -> None:
    """`write_history`'s folder, with entries of one second whose ids begin alike (one number for
    several rows, told apart by the walk's order) in kinds walked far apart, and a file that is
    not an entry between them."""
    write_history(data)
    store = Store(data)
    when = datetime.combine(DAY - timedelta(days=2), time(6, 0), timezone.utc)
    for index in range(4):
        day = when.date()
        store.save(GratitudeEntry(id=f"aaaa0000{index}g", day=day, items=[f"heron {index}"], created=when, updated=when))
        store.save(StrengthsEntry(id=f"aaaa0000{index}s", day=day, strength="Hope", use_today="heron", created=when, updated=when))
        store.save(NoteEntry(id=f"aaaa0000{index}n", day=day, note_title="heron", body="one second", created=when, updated=when))
    (data / "entries" / "gratitude" / str(DAY.year) / "not-an-entry.toml").write_text("kind = 'gratitude'\n", "utf-8")


def reference(tmp_path: Path, monkeypatch) -> dict:
    """What a catalog built a row at a time holds for the files."""
    with monkeypatch.context() as patch:
        patch.setattr(catalog_rows, "is_empty", lambda db: False)
        Catalog(tmp_path / "rows.sqlite3", tmp_path / "data" / "entries").reconcile(DAY, full=True)
    return dump(tmp_path / "rows.sqlite3")


@pytest.mark.parametrize("size", [1, 3, 50])
def test_rows_added_from_the_last_back_are_numbered_as_one_at_a_time(tmp_path: Path, monkeypatch, size: int) -> None:
    odd_history(tmp_path / "data")
    expected = reference(tmp_path, monkeypatch)
    moved = []

    def from_the_last_back(db, rows):
        numbers = new_rows.NewRows()
        blocks = [rows[start:start + size] for start in range(0, len(rows), size)]
        for block in reversed(blocks):
            numbers.add(db, block)
        first = [row["n"] for row in rows]
        numbers.finish(db, rows)
        moved.extend(n for n, row in zip(first, rows) if row["n"] != n)

    monkeypatch.setattr(new_rows, "insert_new_rows", from_the_last_back)
    Catalog(tmp_path / "bulk.sqlite3", tmp_path / "data" / "entries").reconcile(DAY, full=True)
    assert dump(tmp_path / "bulk.sqlite3") == expected and expected["check"] == [("ok",)]
    assert moved  # some rows went in at another number first: their clash, and the files that are not entries


@pytest.mark.parametrize(("block", "at_once"), [(5, 2), (7, 3), (4, 4)])
def test_a_helped_build_inserting_blocks_as_they_arrive_holds_what_a_row_at_a_time_build_holds(
        tmp_path: Path, monkeypatch, block: int, at_once: int) -> None:
    odd_history(tmp_path / "data")
    expected = reference(tmp_path, monkeypatch)
    monkeypatch.setattr(catalog_module, "HELPED_FROM", 0)
    monkeypatch.setattr(build_module, "spare_core", lambda: True)  # however busy the machine running the tests
    monkeypatch.setattr(build_module, "PARSED_AT_ONCE", at_once)
    monkeypatch.setattr(build_module, "_START", "import sys; sys.stdin.buffer.read()")  # sends nothing itself
    real_parse, real_add, real_number = catalog_rows.row_of_file, new_rows.NewRows.add, new_rows.number_ahead
    added, numbered_here = [], []

    class Scripted(build_module.Helper):
        """A helper whose next block (from the last file back) arrives at every other look, as
        this process parses: its bytes are what `build.main` sends."""

        looks = 0

        def take(self) -> int:
            self.looks += 1
            end = getattr(self, "end", len(self.files))
            if self.looks % 2 and end > 0:
                start = max(0, end - block)
                rows = [real_parse(self.entries_dir, path, key, self.today) for path, key in self.files[start:end]]
                for row in rows:
                    real_number(row)
                data = marshal.dumps((start, rows))
                with self._lock:
                    self._arrived.append(len(data).to_bytes(8, "little") + data)
                self.end = start
            return super().take()

    def scripted(entries_dir, files, today, *rest):
        helper = Scripted(entries_dir, files, today, *rest)
        helper.entries_dir = entries_dir
        return helper

    def watched_add(self, db, rows):
        added.append([row["path"] for row in rows])
        real_add(self, db, rows)

    monkeypatch.setattr(build_module, "Helper", scripted)
    monkeypatch.setattr(new_rows.NewRows, "add", watched_add)
    monkeypatch.setattr(new_rows, "number_ahead", lambda row: numbered_here.append(row["path"]) or real_number(row))
    found = Catalog(tmp_path / "helped.sqlite3", tmp_path / "data" / "entries").reconcile(DAY, full=True)
    assert dump(tmp_path / "helped.sqlite3") == expected
    inserted = [path for batch in added for path in batch]
    assert len(inserted) == len(set(inserted)) == found.parsed  # every file once, whoever parsed it
    walked = sorted(inserted)
    firsts = [walked.index(batch[0]) for batch in added if batch]
    assert firsts != sorted(firsts) and len(firsts) > 10  # the helper's blocks went in between this process's rows
    # The helper numbered its rows ahead: this process only the entries it parsed itself.
    assert 0 < len(numbered_here) < found.parsed / 2


def test_a_helper_that_ends_before_sending_anything_leaves_every_row_to_this_process(tmp_path: Path, monkeypatch) -> None:
    odd_history(tmp_path / "data")
    expected = reference(tmp_path, monkeypatch)
    monkeypatch.setattr(catalog_module, "HELPED_FROM", 0)
    monkeypatch.setattr(build_module, "spare_core", lambda: True)
    monkeypatch.setattr(build_module, "_START", "import os; os._exit(3)")
    Catalog(tmp_path / "helped.sqlite3", tmp_path / "data" / "entries").reconcile(DAY, full=True)
    assert dump(tmp_path / "helped.sqlite3") == expected


@pytest.mark.parametrize("how", ["built", "rows written meanwhile", "cut short"])
def test_every_commit_of_a_helped_build_is_synced(
        tmp_path: Path, monkeypatch, how: str) -> None:
    write_history(tmp_path / "data")
    monkeypatch.setattr(catalog_module, "HELPED_FROM", 0)
    monkeypatch.setattr(build_module, "spare_core", lambda: True)
    levels = []
    real_committing = catalog_module.while_committing

    def committing(db, work):
        levels.append(db.execute("PRAGMA synchronous").fetchone()[0])
        return real_committing(db, work)

    monkeypatch.setattr(catalog_module, "while_committing", committing)
    if how == "rows written meanwhile":
        monkeypatch.setattr(catalog_rows, "is_empty", lambda db: False)
    if how == "cut short":
        monkeypatch.setattr(new_rows.NewRows, "finish", lambda *args: (_ for _ in ()).throw(KeyboardInterrupt))
    catalog = Catalog(tmp_path / "catalog.sqlite3", tmp_path / "data" / "entries")
    if how == "cut short":
        with pytest.raises(KeyboardInterrupt):
            catalog.reconcile(DAY, full=True, keep=len)
    else:
        catalog.reconcile(DAY, full=True, keep=len)
    # A derived file, but one a system crash could leave written in part without an error to show it.
    assert levels == ([2] if how == "built" else [])  # FULL
    assert catalog.connection().execute("PRAGMA synchronous").fetchone()[0] == 2
    catalog.close()
