"""The catalog: the same entries as the files, re-read only what changed, never trusted blindly."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ritual_tui.catalog import rows as catalog_rows
from ritual_tui.catalog import Catalog
from ritual_tui.listing import listed
from ritual_tui.models import EntryBase, ExposureEntry, GratitudeEntry, LadderStep, LetterEntry, StrengthsEntry
from ritual_tui.paths import Locations
from ritual_tui.sealing import sealed_until
from ritual_tui.store import Store
from ritual_tui.store.summary import EntrySummary, validated
from tests.conftest import DAY, run_cli

WHEN = datetime(2026, 11, 25, 7, 30, tzinfo=timezone(timedelta(hours=5, minutes=30)))


def sample() -> list:
    return [
        StrengthsEntry(day=DAY, strength="Hope", use_today="call Sam", created=WHEN, updated=WHEN),
        GratitudeEntry(day=DAY, items=["tea", "a \x1b quiet \x00 hour"]),
        ExposureEntry(day=DAY, step="x", small_step="hi", outcome="used-exit", discomfort_peak=70, reflected=WHEN),
        LetterEntry(day=DAY, week="2026-W48", body="Dear me\n", wins=["one"], sealed_until=DAY),
        LadderStep(day=DAY, name="wave", difficulty=10, position=2.5),
    ]


def catalog_scan(data: Path, cache: Path):
    """The app's way of reading the history: through the catalog."""
    return Catalog(cache / "catalog.sqlite3", data / "entries", check=True).scan(Store(data), DAY)


def test_the_catalog_gives_the_same_entries_as_the_files(tmp_path: Path) -> None:
    writer = Store(tmp_path / "data")
    for entry in sample():
        writer.save(entry)
    first = Store(tmp_path / "data").scan()
    catalog_scan(tmp_path / "data", tmp_path / "cache")
    assert stat.S_IMODE((tmp_path / "cache" / "catalog.sqlite3").stat().st_mode) == 0o600
    second = catalog_scan(tmp_path / "data", tmp_path / "cache")
    by_id = {s.entry.id: s for s in first.entries}
    assert sorted(by_id) == sorted(s.entry.id for s in second.entries)
    for stored in second.entries:
        lazy, model = stored.entry, by_id[stored.entry.id].entry
        assert isinstance(lazy, EntrySummary) and isinstance(model, EntryBase)
        for name in type(model).model_fields:  # every field reads the same before validation...
            if name != "schema_version":
                assert getattr(lazy, name) == getattr(model, name), name
        assert lazy.title() == model.title()
        if lazy.kind == "letter":
            assert sealed_until(lazy, DAY) == sealed_until(model, DAY) and sealed_until(lazy, DAY - timedelta(days=1))
        assert validated(lazy) == model  # ...and the model it builds is the same model
        assert stored.digest == by_id[stored.entry.id].digest and stored.path == by_id[stored.entry.id].path


def test_only_changed_files_are_parsed_again(tmp_path: Path, monkeypatch) -> None:
    store = Store(tmp_path / "data")
    paths = [store.save(e).path for e in sample()]
    catalog_scan(tmp_path / "data", tmp_path / "cache")
    parsed = []
    real = catalog_rows.row_of_file
    monkeypatch.setattr(catalog_rows, "row_of_file", lambda d, r, k, t: parsed.append(r) or real(d, r, k, t))
    catalog_scan(tmp_path / "data", tmp_path / "cache")
    assert parsed == []
    paths[1].write_text(paths[1].read_text().replace('"tea"', '"green tea"'))
    os.utime(paths[1], ns=(1, 1))
    [changed] = [s for s in catalog_scan(tmp_path / "data", tmp_path / "cache").entries if s.path == paths[1]]
    assert len(parsed) == 1 and changed.entry.items[0] == "green tea"


def test_an_in_place_edit_with_the_mtime_put_back_is_seen(tmp_path: Path) -> None:
    path = Store(tmp_path / "data").save(GratitudeEntry(day=DAY, items=["tea"])).path
    catalog_scan(tmp_path / "data", tmp_path / "cache")
    before = path.stat()
    with path.open("r+b") as handle:  # same inode, same size: only ctime tells
        data = handle.read()
        handle.seek(0)
        handle.write(data.replace(b'"tea"', b'"pie"'))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_ino == before.st_ino
    [stored] = catalog_scan(tmp_path / "data", tmp_path / "cache").entries
    assert stored.entry.items == ["pie"]


@pytest.mark.parametrize("damage", ["truncated", "garbage", "foreign", "empty", "other schema"])
def test_a_damaged_or_foreign_catalog_is_rebuilt_and_never_answers_wrong(tmp_path: Path, damage: str) -> None:
    store, entries = Store(tmp_path / "data"), sample()
    for entry in entries:
        store.save(entry)
    catalog_scan(tmp_path / "data", tmp_path / "cache")
    file = tmp_path / "cache" / "catalog.sqlite3"
    if damage == "truncated":
        file.write_bytes(file.read_bytes()[: file.stat().st_size // 3])
    elif damage == "garbage":
        file.write_bytes(b"\x00nope" * 4000)
    elif damage == "foreign":
        file.unlink()
        sqlite3.connect(file).executescript("CREATE TABLE files (x); INSERT INTO files VALUES (1);").close()
    elif damage == "empty":
        file.write_bytes(b"")
    else:
        with sqlite3.connect(file) as db:
            db.execute("UPDATE meta SET value = 'an older ritual' WHERE key = 'tag'")
    scanned = catalog_scan(tmp_path / "data", tmp_path / "cache")
    assert sorted(s.entry.id for s in scanned.entries) == sorted(e.id for e in entries)
    assert not scanned.problems


def test_entries_with_unknown_fields_are_read_from_the_file(tmp_path: Path) -> None:
    path = Store(tmp_path / "data").save(GratitudeEntry(day=DAY, items=["x"])).path
    path.write_bytes(path.read_bytes() + b"when = 2026-01-01T10:00:00+01:00\n")
    catalog_scan(tmp_path / "data", tmp_path / "cache")
    [stored] = catalog_scan(tmp_path / "data", tmp_path / "cache").entries
    assert isinstance(stored.entry.model_extra["when"], datetime)


def test_sealed_words_reach_neither_a_title_nor_the_search_table(locations: Locations) -> None:
    letter = LetterEntry(day=DAY - timedelta(days=7), week="2026-W47", body="hidden orchard\n", sealed_until=DAY + timedelta(days=2))
    Store(locations.data_dir).save(letter)
    assert listed(locations, DAY, search="orchard").rows == []
    with sqlite3.connect(locations.catalog_file) as db:
        assert db.execute("SELECT title FROM files WHERE id = ?", (letter.id,)).fetchone() == ("",)
        assert db.execute("SELECT COUNT(*) FROM words WHERE words MATCH 'orchard'").fetchone() == (0,)
    opened = listed(locations, DAY + timedelta(days=2), search="orch")  # on its day the words go in
    assert [row["id"] for row in opened.rows] == [letter.id] and opened.rows[0]["title"] == "hidden orchard"


WORDS = st.sampled_from(["heron", "canal", "Café", "naïve", "tea", "bread", "über", "soup", "walk", "ÉCOLE"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    items=st.lists(st.lists(WORDS, min_size=1, max_size=4).map(" ".join), min_size=1, max_size=12),
    query=st.lists(WORDS.map(lambda w: w[: max(1, len(w) // 2)]), min_size=1, max_size=2).map(" ".join),
    edits=st.lists(st.integers(min_value=0, max_value=11), max_size=3),
)
def test_the_catalog_agrees_with_the_files_over_generated_histories(tmp_path_factory, items, query, edits) -> None:
    from ritual_tui.paths import resolve_locations
    from ritual_tui.text import starts_words

    locations = resolve_locations(tmp_path_factory.mktemp("data"))
    store = Store(locations.data_dir)
    saved = [store.save(GratitudeEntry(day=DAY - timedelta(days=n), items=[text])).path for n, text in enumerate(items)]
    listed(locations, DAY)
    for n in edits:  # hand edits between two reconciles
        if n < len(saved):
            saved[n].write_text(saved[n].read_text("utf-8").replace('items = [', 'items = [\n    "bread",', 1), "utf-8")
    truth = Store(locations.data_dir).scan()
    expected = sorted(s.entry.id for s in truth.entries if starts_words(s.entry.searchable_text(), query))
    assert sorted(row["id"] for row in listed(locations, DAY, search=query).rows) == expected
    assert sorted(row["id"] for row in listed(locations, DAY).rows) == sorted(s.entry.id for s in truth.entries)


def test_list_search_and_export_answer_from_the_catalog_like_the_files(locations: Locations) -> None:
    store = Store(locations.data_dir)
    for entry in sample():
        store.save(entry)
    quick = run_cli("list", "--search", "tea")
    assert quick.returncode == 0 and locations.catalog_file.exists()
    exported = run_cli("export", "--format", "json").stdout
    locations.catalog_file.write_bytes(b"not a database")
    assert run_cli("export", "--format", "json").stdout == exported
    assert run_cli("list", "--search", "tea").stdout == quick.stdout


def test_reloading_the_journal_goes_through_the_catalog(locations: Locations, monkeypatch) -> None:
    from ritual_tui.journal import Journal

    store = Store(locations.data_dir)
    for entry in sample():
        store.save(entry)
    journal = Journal(store)
    journal.apply_scan(Catalog(locations.catalog_file, locations.entries_dir).scan(store, DAY))
    saved = journal.save(GratitudeEntry(day=DAY, items=["saved in the app"]))
    assert [e.id for e in journal.search("saved app")]  # found by its own words: the catalog has not read it yet

    def read_every_file():
        raise AssertionError("a reload must not parse every file")

    monkeypatch.setattr(store, "scan", read_every_file)
    journal.load()  # after a trash or a conflict copy: only changed files are parsed
    assert journal.catalog is not None and any(s.path == saved.path for s in journal.stored)
    assert [e.items for e in journal.search("saved app")] == [["saved in the app"]]
