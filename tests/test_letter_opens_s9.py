"""A letter whose day comes while the app stays open is found by its words in the browser's search
that day, without waiting for the next walk of the files."""

from __future__ import annotations

from datetime import datetime, timedelta

from ritual_tui.catalog import Catalog
from ritual_tui.journal import Journal
from ritual_tui.models import LetterEntry
from ritual_tui.paths import Locations
from ritual_tui.store import Store
from tests.conftest import DAY, FROZEN


def test_the_search_finds_a_letter_on_the_day_it_opens(locations: Locations) -> None:
    store = Store(locations.data_dir)
    store.save(LetterEntry(id="opens00001", day=DAY - timedelta(days=6), week="2026-W47", body="Dear me,\nthe lantern walk",
                           sealed_until=DAY + timedelta(days=1)))
    moment: list[datetime] = [FROZEN]
    journal = Journal(store, clock=lambda: moment[0])
    journal.apply_scan(Catalog(locations.catalog_file, locations.entries_dir).scan(store, DAY))
    assert journal.catalog is not None
    assert [e.id for e in journal.search("lantern")] == []
    moment[0] = FROZEN + timedelta(days=1)  # the app stayed open into the letter's day
    assert [e.id for e in journal.search("lantern")] == ["opens00001"]
    assert journal.pages("lantern").count() == 1


def test_opening_letters_costs_one_small_query_when_none_is_due(locations: Locations) -> None:
    store = Store(locations.data_dir)
    store.save(LetterEntry(id="opens00002", day=DAY, week="2026-W48", body="Dear me,\nnot yet", sealed_until=DAY + timedelta(days=30)))
    catalog = Catalog(locations.catalog_file, locations.entries_dir)
    catalog.reconcile(DAY)
    changes = catalog.connection().total_changes
    catalog.open_letters(DAY)
    assert catalog.connection().total_changes == changes  # nothing written, no transaction begun
    catalog.open_letters(DAY + timedelta(days=30))
    assert catalog.connection().total_changes > changes
    assert [e.id for e in catalog.pages(None, "not yet").window(0, 5)] == ["opens00002"]
