"""A helper started ahead of a build from nothing (before the app's first frame) changes nothing
the catalog holds: it is taken only for the same day, its rows only for the files at the stat keys
the build's own walk found; the words go in with a big FTS5 buffer that is set back before the commit."""

from __future__ import annotations

import sqlite3
import time
from datetime import timedelta
from pathlib import Path

import pytest

from ritual_tui.catalog import Catalog
from ritual_tui.catalog import ahead
from ritual_tui.catalog import build as build_module
from ritual_tui.catalog import catalog as catalog_module
from ritual_tui.models import GratitudeEntry
from ritual_tui.store import Store
from tests.conftest import DAY
from tests.test_catalog_build import dump, write_history


@pytest.fixture
def helped(monkeypatch) -> list[build_module.Helper]:
    """Every build is helped, whatever the machine running the tests; the helpers the builds took."""
    monkeypatch.setattr(catalog_module, "HELPED_FROM", 0)
    monkeypatch.setattr(build_module, "spare_core", lambda: True)
    monkeypatch.setattr(ahead, "_years_of_entries", lambda entries_dir, wanted: True)
    taken: list[build_module.Helper] = []
    real = ahead.taken

    def watched(*args):
        helper = real(*args)
        taken.append(helper)
        return helper

    monkeypatch.setattr(ahead, "taken", watched)
    yield taken
    for entries in list(ahead._EARLY):
        ahead.drop_early(Path(entries))


def started_ahead(data: Path, day=DAY) -> build_module.Helper:
    """Start the helper ahead for `data` (no catalog yet) and wait until it has parsed every file."""
    ahead.start_early(data / "no-catalog.sqlite3", data / "entries", day, 0)
    helper = ahead._EARLY[str(data / "entries")]
    deadline = time.monotonic() + 60
    while helper.running and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not helper.running
    return helper


def reference(tmp_path: Path) -> dict:
    """What a catalog built in this process alone holds for the files as they are now."""
    Catalog(tmp_path / "alone.sqlite3", tmp_path / "data" / "entries").reconcile(DAY, full=True)
    return dump(tmp_path / "alone.sqlite3")


def test_a_helper_started_ahead_is_taken_and_its_rows_are_the_files_rows(tmp_path: Path, helped) -> None:
    write_history(tmp_path / "data")
    helper = started_ahead(tmp_path / "data")
    found = Catalog(tmp_path / "catalog.sqlite3", tmp_path / "data" / "entries").reconcile(DAY, full=True)
    assert helped == [helper] and helper.first < found.parsed  # taken, and some of its rows were used
    assert dump(tmp_path / "catalog.sqlite3") == reference(tmp_path)
    assert helper._process is None and not ahead._EARLY  # stopped once the build was done


@pytest.mark.parametrize("change", ["rewritten in place", "added"])
def test_rows_the_helper_read_before_a_file_changed_are_not_used(tmp_path: Path, helped, change: str) -> None:
    write_history(tmp_path / "data")
    started_ahead(tmp_path / "data")
    # After the helper read every file: the last file it was given (the first it parsed) is
    # rewritten in place (its path stays, its stat key changes), or a file is added.
    if change == "added":
        Store(tmp_path / "data").save(GratitudeEntry(day=DAY - timedelta(days=2), items=["a late otter"]))
    else:
        last = sorted((tmp_path / "data" / "entries" / "strengths").rglob("*.toml"))[-1]
        last.write_bytes(last.read_bytes().replace(b"heron walk", b"otter swim"))
    Catalog(tmp_path / "catalog.sqlite3", tmp_path / "data" / "entries").reconcile(DAY, full=True)
    assert dump(tmp_path / "catalog.sqlite3") == reference(tmp_path)
    with sqlite3.connect(tmp_path / "catalog.sqlite3") as db:
        assert db.execute("SELECT COUNT(*) FROM words WHERE words MATCH 'otter'").fetchone() == (1,)


def test_a_helper_started_ahead_for_another_day_is_stopped_and_not_used(tmp_path: Path, helped) -> None:
    write_history(tmp_path / "data")
    helper = started_ahead(tmp_path / "data", DAY - timedelta(days=30))  # letters sealed until then read otherwise
    Catalog(tmp_path / "catalog.sqlite3", tmp_path / "data" / "entries").reconcile(DAY, full=True)
    assert helped == [None] and helper._process is None
    assert dump(tmp_path / "catalog.sqlite3") == reference(tmp_path)


def test_a_helper_that_finds_too_few_files_ends_at_once_and_the_build_parses_alone(tmp_path: Path, helped) -> None:
    write_history(tmp_path / "data")
    ahead.start_early(tmp_path / "none.sqlite3", tmp_path / "data" / "entries", DAY, 10**6)
    helper = ahead._EARLY[str(tmp_path / "data" / "entries")]
    assert helper._process.wait(timeout=60) == 0
    found = Catalog(tmp_path / "catalog.sqlite3", tmp_path / "data" / "entries").reconcile(DAY, full=True)
    assert helped == [helper] and helper.first == found.parsed  # nothing came from it
    assert dump(tmp_path / "catalog.sqlite3") == reference(tmp_path)


def test_no_helper_is_started_ahead_when_a_catalog_is_there_or_the_history_is_short(tmp_path: Path, monkeypatch) -> None:
    write_history(tmp_path / "data")
    entries = tmp_path / "data" / "entries"
    monkeypatch.setattr(build_module, "spare_core", lambda: True)
    monkeypatch.setattr(build_module, "Helper", lambda *args: pytest.fail("a helper was started"))
    (tmp_path / "catalog.sqlite3").touch()
    ahead.start_early(tmp_path / "catalog.sqlite3", entries, DAY, 0)  # a catalog (even one to rebuild) is there
    for folder in entries.glob("*/*"):  # every kind's entries in one year folder: a short history
        if folder.name != str(DAY.year):
            for file in folder.iterdir():
                file.rename(entries / folder.parent.name / str(DAY.year) / file.name)
            folder.rmdir()
    ahead.start_early(tmp_path / "none.sqlite3", entries, DAY, 0)
    assert not ahead._EARLY


def test_a_helper_started_ahead_that_no_build_takes_is_stopped(tmp_path: Path, helped) -> None:
    write_history(tmp_path / "data")
    Catalog(tmp_path / "catalog.sqlite3", tmp_path / "data" / "entries").reconcile(DAY, full=True)
    ahead.start_early(tmp_path / "none.sqlite3", tmp_path / "data" / "entries", DAY, 0)
    helper = ahead._EARLY[str(tmp_path / "data" / "entries")]
    process = helper._process
    Catalog(tmp_path / "catalog.sqlite3", tmp_path / "data" / "entries").reconcile(DAY, full=True)  # nothing to build
    assert ahead._EARLY == {str(tmp_path / "data" / "entries"): helper}  # no build took it
    ahead.drop_early(tmp_path / "data" / "entries")  # as the app's load does after every scan
    assert process.poll() is not None and helper._process is None and not ahead._EARLY


def test_the_words_buffer_is_set_back_before_the_build_commits(tmp_path: Path, helped) -> None:
    write_history(tmp_path / "data")
    Catalog(tmp_path / "catalog.sqlite3", tmp_path / "data" / "entries").reconcile(DAY, full=True)
    with sqlite3.connect(tmp_path / "catalog.sqlite3") as db:
        assert db.execute("SELECT v FROM words_config WHERE k = 'hashsize'").fetchall() in ([], [(1 << 20,)])
        db.execute("INSERT INTO words (words) VALUES ('integrity-check')")  # raises if the index disagrees with its rows
