"""A command starts `find` before it imports the catalog; the reconcile takes that look, and
nothing changed meanwhile is ever missed."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from ritual_tui.catalog import Catalog
from ritual_tui.catalog import changes as changes_module
from ritual_tui.models import GratitudeEntry
from ritual_tui.paths import Locations
from ritual_tui.store import Store
from tests.conftest import DAY, run_cli

pytestmark = pytest.mark.skipif(shutil.which("find") is None, reason="needs find")


@pytest.fixture(autouse=True)
def no_margin(monkeypatch) -> None:
    """Stamps at the reconcile's very start, so a test need not wait two seconds for old ctimes."""
    monkeypatch.setattr(changes_module, "MARGIN_NS", 0)
    yield
    changes_module._AHEAD = None


def saved(data: Path, words: str) -> GratitudeEntry:
    entry = GratitudeEntry(day=DAY, items=[words])
    Store(data).save(entry)
    return entry


def words_of(catalog: Catalog) -> dict[str, str]:
    return {row["id"]: row["doc"] for row in catalog.rows()}


def settle() -> None:
    time.sleep(0.03)  # past the kernel's coarse file clock


def test_the_reconcile_takes_the_look_begun_ahead(tmp_path: Path, monkeypatch) -> None:
    data, catalog_file = tmp_path / "data", tmp_path / "cache" / "catalog.sqlite3"
    first = saved(data, "tea")
    Catalog(catalog_file, data / "entries").reconcile(DAY)  # the stamp is set
    settle()
    second = saved(data, "a walk")
    asked: list[list[str]] = []
    real_look = changes_module._Look

    def spy(*args):
        asked.append(args[2])
        return real_look(*args)

    monkeypatch.setattr(changes_module, "_Look", spy)
    changes_module.look_ahead(catalog_file, data / "entries")
    assert len(asked) == 1  # find started before the catalog was even opened
    catalog = Catalog(catalog_file, data / "entries")
    catalog.reconcile(DAY)
    assert len(asked) == 1 and changes_module._AHEAD is None  # taken, not asked again
    assert set(words_of(catalog)) == {first.id, second.id}


def test_a_change_made_while_find_runs_is_seen_by_the_next_reconcile(tmp_path: Path) -> None:
    data, catalog_file = tmp_path / "data", tmp_path / "cache" / "catalog.sqlite3"
    entry = saved(data, "tea")
    Catalog(catalog_file, data / "entries").reconcile(DAY)
    settle()
    changes_module.look_ahead(catalog_file, data / "entries")
    path = next((data / "entries").rglob("*.toml"))
    path.write_text(path.read_text("utf-8").replace("tea", "rain"), "utf-8")  # in place, after find began
    Catalog(catalog_file, data / "entries").reconcile(DAY)
    settle()
    catalog = Catalog(catalog_file, data / "entries")
    catalog.reconcile(DAY)
    assert "rain" in words_of(catalog)[entry.id]


def test_a_look_ahead_for_other_files_is_not_taken(tmp_path: Path) -> None:
    data, other = tmp_path / "data", tmp_path / "other"
    saved(data, "tea")
    kept = saved(other, "rain")
    for folder in (data, other):
        Catalog(tmp_path / folder.name / "catalog.sqlite3", folder / "entries").reconcile(DAY)
    settle()
    changes_module.look_ahead(tmp_path / "data" / "catalog.sqlite3", data / "entries")
    looked = changes_module._AHEAD
    catalog = Catalog(tmp_path / "other" / "catalog.sqlite3", other / "entries")
    catalog.reconcile(DAY)
    assert set(words_of(catalog)) == {kept.id}
    assert changes_module._AHEAD is None and looked._asked is None  # its find was stopped
    assert not list((tmp_path / "data").glob("catalog.sqlite3.stamp.*"))  # and its half-made stamp removed


def test_commands_see_an_edit_made_in_place_with_the_look_ahead(locations: Locations) -> None:
    entry = saved(locations.data_dir, "tea with Ana")
    assert entry.id in run_cli("list", "--search", "tea").stdout
    assert run_cli("insights").returncode == 0
    settle()
    path = next(locations.entries_dir.rglob("*.toml"))
    path.write_text(path.read_text("utf-8").replace("tea with Ana", "kingfisher"), "utf-8")
    assert entry.id in run_cli("list", "--search", "kingfisher").stdout
    assert run_cli("list", "--search", "tea").stdout == ""
    assert "kingfisher" in run_cli("export", "--format", "json").stdout
