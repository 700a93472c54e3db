"""Attacks on session 9's speed work (helper E9): `ritual list` lines from the catalog's covering
index, the JSON export read before the reconcile and written with writev.

Each test says what was tried; the module's end lists what broke and was fixed.
"""

from __future__ import annotations

import sqlite3
from datetime import timedelta

from ritual_tui.models import GratitudeEntry, LetterEntry, NoteEntry, StrengthsEntry
from ritual_tui.paths import Locations
from ritual_tui.store import Store
from tests.conftest import DAY, FROZEN, run_cli


def _files_path(locations: Locations) -> None:
    """Make the catalog unusable (a folder where its file goes): every command reads the files."""
    for suffix in ("", "-journal"):
        path = locations.catalog_file.with_name(locations.catalog_file.name + suffix)
        if path.exists():
            path.unlink()
    locations.catalog_file.mkdir()


def test_a_letter_opened_by_the_catalog_is_not_found_by_a_search_on_an_earlier_day(locations: Locations) -> None:
    """The catalog put the letter's words in on its day; a clock set back must not let a search
    find it (the files path finds nothing: a sealed letter has no search words)."""
    Store(locations.data_dir).save(LetterEntry(day=DAY, week="2026-W48", body="Dear me,\nthe lighthouse keeper",
                                               wins=["asked"], sealed_until=DAY + timedelta(days=2)))
    Store(locations.data_dir).save(NoteEntry(day=DAY, title="a lighthouse", body="plain"))
    later = (FROZEN + timedelta(days=2)).isoformat()
    assert "lighthouse keeper" in run_cli("list", "--search", "keeper", env={"RITUAL_TUI_FROZEN_NOW": later}).stdout
    from_catalog = run_cli("list", "--search", "lighthouse")
    one_word = run_cli("list", "--search", "keeper")
    _files_path(locations)
    from_files = run_cli("list", "--search", "lighthouse")
    assert from_catalog.stdout == from_files.stdout
    assert len(from_files.stdout.splitlines()) == 1 and "sealed" not in from_files.stdout
    assert one_word.stdout == "" and "No entries match." in one_word.stderr


def test_entries_of_one_second_are_listed_in_one_order_with_or_without_the_catalog(locations: Locations) -> None:
    """The frozen clock gives every entry the same second: the catalog orders them by id, and the
    files' listing used the files' own order (gratitude/ before note/), so the lines differed."""
    store = Store(locations.data_dir)
    for title in ("first", "second", "third"):
        store.save(NoteEntry(day=DAY, title=title, body="x"))
    store.save(GratitudeEntry(day=DAY, items=["tea"]))
    store.save(StrengthsEntry(day=DAY - timedelta(days=1), strength="Hope", use_today="call"))
    from_catalog = run_cli("list")
    _files_path(locations)
    from_files = run_cli("list")
    assert from_catalog.returncode == from_files.returncode == 0
    assert from_files.stdout == from_catalog.stdout and len(from_files.stdout.splitlines()) == 5
    ids = [line.split()[2] for line in from_files.stdout.splitlines()[:4]]
    assert ids == sorted(ids)
