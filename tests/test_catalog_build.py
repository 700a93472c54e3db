"""A catalog built from nothing (rows in bulk) holds exactly what one built a row at a time holds,
and a build cut short leaves nothing that is trusted."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from datetime import datetime, time, timedelta, timezone
from pathlib import Path

import pytest

from ritual_tui.catalog import Catalog
from ritual_tui.catalog import catalog as catalog_module
from ritual_tui.catalog import build as build_module
from ritual_tui.catalog import new_rows
from ritual_tui.catalog import rows as catalog_rows
from ritual_tui.models import ExposureEntry, GratitudeEntry, LadderStep, LetterEntry, NoteEntry, StrengthsEntry
from ritual_tui.store import Store
from tests.conftest import DAY

ROOT = Path(__file__).resolve().parents[1]


def write_history(data: Path) -> None:
    """A few weeks of every kind, with what a real folder holds besides: two entries of one
    second, a sync conflict copy, a second file of an id, sealed and opened letters, problem
    files and a save's leftover temp file."""
    store = Store(data)
    zone = timezone(timedelta(hours=-5))
    for back in range(40):
        day = DAY - timedelta(days=back)
        when = datetime.combine(day, time(7, 30), zone)
        store.save(StrengthsEntry(day=day, strength="Hope", use_today=f"heron walk {back}", created=when, updated=when))
        store.save(GratitudeEntry(day=day, items=[f"tea {back}", "a quiet canal"], created=when, updated=when))  # same second
        if back % 3 == 0:
            store.save(ExposureEntry(day=day, step="wave", small_step="say hi", outcome="done" if back else "planned", discomfort_peak=back,
                                     predicted_discomfort=60, reflected=when))
        if back % 7 == 0:
            seal = DAY + timedelta(days=3) if back < 14 else day + timedelta(days=1)
            store.save(LetterEntry(day=day, week="{}-W{:02d}".format(*day.isocalendar()[:2]), body=f"Dear me,\nkingfisher {back}\n", sealed_until=seal))
    store.save(LadderStep(day=DAY, name="wave", difficulty=10, position=1.0))
    note = store.save(NoteEntry(day=DAY, note_title="orchard", body="a note")).path
    shutil.copy(note, note.with_name(note.stem + ".sync-conflict-20261101-101010-ABCDEFG.toml"))
    other = next((data / "entries" / "gratitude").rglob("*.toml"))
    shutil.copy(other, other.parent / "second-file.toml")  # the same id in a second file
    folder = data / "entries" / "note" / str(DAY.year)
    (folder / "empty.toml").write_bytes(b"")
    (folder / "broken.toml").write_text("kind = \n", "utf-8")
    (folder / "invalid.toml").write_text('kind = "note"\nid = "x"\n', "utf-8")
    (folder / ".note.toml.0a1b2c3d.tmp").write_text("half a save", "utf-8")


def dump(path: Path) -> dict[str, list]:
    """Everything a catalog holds that the files decide (the stamp names a moment, not the files)."""
    with sqlite3.connect(path) as db:
        return {
            "files": db.execute("SELECT * FROM files ORDER BY n").fetchall(),
            "words": db.execute("SELECT rowid, kind, text FROM words ORDER BY rowid").fetchall(),
            "meta": db.execute("SELECT * FROM meta WHERE key != 'stamp' ORDER BY key").fetchall(),
            "search": db.execute("SELECT rowid FROM words WHERE words MATCH 'text : (\"he\"*)' ORDER BY rowid").fetchall(),
            "check": db.execute("PRAGMA integrity_check").fetchall(),
        }


def test_a_build_from_nothing_holds_what_a_row_at_a_time_build_holds(tmp_path: Path, monkeypatch) -> None:
    write_history(tmp_path / "data")
    entries = tmp_path / "data" / "entries"
    bulk = Catalog(tmp_path / "bulk.sqlite3", entries).reconcile(DAY, full=True)
    monkeypatch.setattr(catalog_rows, "is_empty", lambda db: False)  # the per-row path, as after any change
    one_by_one = Catalog(tmp_path / "rows.sqlite3", entries).reconcile(DAY, full=True)
    built, reference = dump(tmp_path / "bulk.sqlite3"), dump(tmp_path / "rows.sqlite3")
    assert built == reference and reference["check"] == [("ok",)]
    assert bulk.parsed == one_by_one.parsed == len(reference["files"])
    assert sorted(p.reason for p in bulk.problems) == sorted(p.reason for p in one_by_one.problems) and len(bulk.problems) == 3
    assert [p.name for p in bulk.temp_files] == [".note.toml.0a1b2c3d.tmp"]
    with sqlite3.connect(tmp_path / "bulk.sqlite3") as db:
        listed = dict(db.execute("SELECT path, listed FROM files WHERE problem IS NULL"))
        by_number = db.execute("SELECT n FROM files WHERE listed = 1 ORDER BY n DESC").fetchall()
        in_list_order = db.execute("SELECT n FROM files WHERE listed = 1 ORDER BY day DESC, ts DESC, id").fetchall()
        disorder = db.execute("SELECT day FROM disorder").fetchall()
        sealed = db.execute("SELECT COUNT(*) FROM words WHERE words MATCH 'kingfisher'").fetchone()[0]
    assert sum(1 for value in listed.values() if not value) == 2  # the conflict copy and one of the two files of an id
    # Two entries of one second (each day's strengths and gratitude): numbered by their ids, so
    # the numbers are the list order, and no day needs a sort.
    assert by_number == in_list_order and disorder == []
    assert sealed == 4  # of six letters, the two still sealed have no words in the search table


def test_a_catalog_built_from_nothing_then_follows_changes(tmp_path: Path) -> None:
    write_history(tmp_path / "data")
    store = Store(tmp_path / "data")
    catalog = Catalog(tmp_path / "catalog.sqlite3", tmp_path / "data" / "entries")
    catalog.reconcile(DAY, full=True)
    saved = store.save(GratitudeEntry(day=DAY, items=["bittern at dusk"])).path
    catalog.reconcile(DAY)
    rows = list(catalog.rows("n IN (SELECT rowid FROM words WHERE words MATCH ?)", ("bittern",), columns="path"))
    assert [row["path"] for row in rows] == [saved.relative_to(tmp_path / "data" / "entries").as_posix()]


def test_the_bulk_path_is_taken_only_for_an_empty_catalog(tmp_path: Path, monkeypatch) -> None:
    write_history(tmp_path / "data")
    bulk_calls = []
    real = new_rows.insert_new_rows
    monkeypatch.setattr(new_rows, "insert_new_rows", lambda db, rows: bulk_calls.append(len(rows)) or real(db, rows))
    catalog = Catalog(tmp_path / "catalog.sqlite3", tmp_path / "data" / "entries")
    catalog.reconcile(DAY, full=True)
    Store(tmp_path / "data").save(GratitudeEntry(day=DAY, items=["one more"]))
    catalog.reconcile(DAY, full=True)
    assert len(bulk_calls) == 1 and bulk_calls[0] > 100


@pytest.mark.parametrize("how", ["error", "killed"])
def test_a_build_cut_short_leaves_no_catalog_that_is_trusted(tmp_path: Path, monkeypatch, how: str) -> None:
    write_history(tmp_path / "data")
    entries, path = tmp_path / "data" / "entries", tmp_path / "catalog.sqlite3"
    if how == "error":
        def fail(db, rows):
            catalog_rows.insert_row(db, rows[0])
            raise KeyboardInterrupt
        monkeypatch.setattr(new_rows, "insert_new_rows", fail)
        with pytest.raises(KeyboardInterrupt):
            Catalog(path, entries).reconcile(DAY, full=True)
        monkeypatch.undo()
    else:  # the process dies after the rows went in, before the commit: a hot journal is left
        code = (f"import os, sys; sys.path.insert(0, {str(ROOT)!r})\n"
                "from datetime import date\n"
                "from pathlib import Path\n"
                "from ritual_tui.catalog import Catalog, new_rows\n"
                "real = new_rows.insert_new_rows\n"
                "def die(db, found):\n"
                "    real(db, found)\n"
                "    os._exit(9)\n"
                "new_rows.insert_new_rows = die\n"
                f"Catalog(Path({str(path)!r}), Path({str(entries)!r})).reconcile(date.fromisoformat({DAY.isoformat()!r}), full=True)\n")
        assert subprocess.run([sys.executable, "-c", code], timeout=120).returncode == 9
        assert Path(f"{path}-journal").stat().st_size > 0
    with sqlite3.connect(path) as db:  # rolled back: the rows of a build cut short are never read
        assert db.execute("SELECT COUNT(*) FROM files").fetchone() == (0,)
    catalog = Catalog(path, entries, check=True)
    catalog.reconcile(DAY, full=True)
    catalog.close()
    Catalog(tmp_path / "whole.sqlite3", entries).reconcile(DAY, full=True)
    assert dump(path) == dump(tmp_path / "whole.sqlite3")


def test_a_helper_process_parsing_from_the_end_changes_nothing(tmp_path: Path, monkeypatch) -> None:
    write_history(tmp_path / "data")
    entries = tmp_path / "data" / "entries"
    Catalog(tmp_path / "alone.sqlite3", entries).reconcile(DAY, full=True)
    monkeypatch.setattr(catalog_module, "HELPED_FROM", 0)
    monkeypatch.setattr(build_module, "spare_core", lambda: True)  # however busy the machine running the tests
    monkeypatch.setattr(build_module, "BLOCK", 7)  # many blocks, and a meeting point inside one
    helpers, taken = [], []

    class Watched(build_module.Helper):
        def __init__(self, *args) -> None:
            super().__init__(*args)
            helpers.append(self)

        def finish(self, upto: int) -> list:
            taken.append((upto, self.first))
            return super().finish(upto)

    monkeypatch.setattr(build_module, "Helper", Watched)
    real_parse = catalog_rows.row_of_file

    def parse_after_a_block(*args):  # this process waits for the helper's first block, however slow the machine
        import time as clock

        for _ in range(3000):
            if helpers[0].take() < len(helpers[0].files) or not helpers[0].running:
                break
            clock.sleep(0.01)
        return real_parse(*args)

    monkeypatch.setattr(catalog_rows, "row_of_file", parse_after_a_block)
    found = Catalog(tmp_path / "helped.sqlite3", entries).reconcile(DAY, full=True)
    assert dump(tmp_path / "helped.sqlite3") == dump(tmp_path / "alone.sqlite3")
    [(met_at, helper_from)] = taken
    assert 0 < met_at < found.parsed and helper_from <= met_at  # both parsed, and they met


@pytest.mark.parametrize("start", [
    "import os; os._exit(3)",  # dies at once
    "import sys; sys.stdout.buffer.write(bytes([12, 0, 0, 0, 0, 0, 0, 0]) + b'not marshal!')",  # sends garbage
    "import marshal, sys; data = marshal.dumps((0, [{'path': 'x'}])); sys.stdout.buffer.write(len(data).to_bytes(8, 'little') + data)",
    "import time; time.sleep(30)",  # never sends anything
])
def test_a_helper_that_fails_only_means_more_parsing_here(tmp_path: Path, monkeypatch, start: str) -> None:
    write_history(tmp_path / "data")
    entries = tmp_path / "data" / "entries"
    Catalog(tmp_path / "alone.sqlite3", entries).reconcile(DAY, full=True)
    monkeypatch.setattr(catalog_module, "HELPED_FROM", 0)
    monkeypatch.setattr(build_module, "spare_core", lambda: True)  # however busy the machine running the tests
    monkeypatch.setattr(build_module, "_START", start)
    Catalog(tmp_path / "helped.sqlite3", entries).reconcile(DAY, full=True)
    assert dump(tmp_path / "helped.sqlite3") == dump(tmp_path / "alone.sqlite3")


def test_a_helped_build_cut_short_leaves_an_empty_catalog(tmp_path: Path, monkeypatch) -> None:
    write_history(tmp_path / "data")
    entries, path = tmp_path / "data" / "entries", tmp_path / "catalog.sqlite3"
    monkeypatch.setattr(catalog_module, "HELPED_FROM", 0)
    monkeypatch.setattr(build_module, "spare_core", lambda: True)  # however busy the machine running the tests
    real_add, calls = new_rows.NewRows.add, []

    def add_then_fail(self, db, rows):  # this process's rows went in; the helper's fail
        calls.append(len(rows))
        if len(calls) == 2:
            raise KeyboardInterrupt
        real_add(self, db, rows)

    monkeypatch.setattr(new_rows.NewRows, "add", add_then_fail)
    with pytest.raises(KeyboardInterrupt):
        Catalog(path, entries).reconcile(DAY, full=True)
    monkeypatch.undo()
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT COUNT(*) FROM files").fetchone() == (0,)
        assert db.execute("SELECT COUNT(*) FROM words").fetchone() == (0,)
    assert len(calls) == 2 and calls[0] > 0
    Catalog(path, entries).reconcile(DAY, full=True)
    Catalog(tmp_path / "whole.sqlite3", entries).reconcile(DAY, full=True)
    assert dump(path) == dump(tmp_path / "whole.sqlite3")


def test_a_helped_build_that_finds_rows_written_meanwhile_takes_the_row_at_a_time_path(tmp_path: Path, monkeypatch) -> None:
    write_history(tmp_path / "data")
    entries, path = tmp_path / "data" / "entries", tmp_path / "catalog.sqlite3"
    monkeypatch.setattr(catalog_rows, "is_empty", lambda db: False)  # as if another process had written rows
    Catalog(tmp_path / "rows.sqlite3", entries).reconcile(DAY, full=True)
    monkeypatch.setattr(catalog_module, "HELPED_FROM", 0)
    monkeypatch.setattr(build_module, "spare_core", lambda: True)  # however busy the machine running the tests
    inserted = []
    real_insert = catalog_rows.insert_row
    monkeypatch.setattr(catalog_rows, "insert_row", lambda db, row: inserted.append(row["path"]) or real_insert(db, row))
    found = Catalog(path, entries).reconcile(DAY, full=True)
    assert len(inserted) == found.parsed  # every row by the careful path, none lost or doubled
    assert dump(path) == dump(tmp_path / "rows.sqlite3")


def test_no_helper_is_started_without_a_spare_core(tmp_path: Path, monkeypatch) -> None:
    write_history(tmp_path / "data")
    monkeypatch.setattr(catalog_module, "HELPED_FROM", 0)
    monkeypatch.setattr(build_module, "spare_core", lambda: False)
    monkeypatch.setattr(build_module, "Helper", lambda *args: pytest.fail("a helper was started"))
    found = Catalog(tmp_path / "catalog.sqlite3", tmp_path / "data" / "entries").reconcile(DAY, full=True)
    assert found.parsed > 100
