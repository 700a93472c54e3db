"""`ritual list` reads its lines while `find` looks for changed files, as bytes, and keeps that read
only when the reconcile changed nothing: its answer is always the files' answer."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import timedelta

import pytest

from ritual_tui import listing
from ritual_tui.catalog import Catalog
from ritual_tui.models import GratitudeEntry
from ritual_tui.paths import Locations
from ritual_tui.store import Store
from tests.conftest import DAY, run_cli
from tests.test_export_speed_s9 import many_entries, quiet_catalog  # noqa: F401 (a fixture)


def counted_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each read of the list's lines, and each reconcile, in the order they happen."""
    events: list[str] = []
    real_read, real_reconcile = listing.read_beside_reconcile, Catalog.reconcile

    def read_beside_reconcile(catalog, today, read):
        def counting(db):
            events.append("read")
            return read(db)
        return real_read(catalog, today, counting)

    def reconcile(self, today, **options):
        events.append("reconcile")
        return real_reconcile(self, today, **options)

    monkeypatch.setattr(listing, "read_beside_reconcile", read_beside_reconcile)
    monkeypatch.setattr(Catalog, "reconcile", reconcile)
    return events


def test_nothing_changed_means_one_read_before_the_reconcile(quiet_catalog: Locations, monkeypatch) -> None:
    events = counted_reads(monkeypatch)
    found = listing.list_lines(quiet_catalog, DAY, search="rain")
    assert events == ["read", "reconcile"]
    assert len(found.rows) == 3 and all(isinstance(line, bytes) for line in found.rows)


def test_a_change_another_process_commits_meanwhile_is_read_again(quiet_catalog: Locations, monkeypatch) -> None:
    events = counted_reads(monkeypatch)
    real_reconcile = Catalog.reconcile

    def reconcile_then_another_writes(self, today, **options):
        found = real_reconcile(self, today, **options)
        with sqlite3.connect(quiet_catalog.catalog_file) as other:  # as another ritual would, just now
            other.execute("UPDATE files SET list_line = 'written elsewhere' WHERE listed = 1")
        return found

    monkeypatch.setattr(Catalog, "reconcile", reconcile_then_another_writes)
    found = listing.list_lines(quiet_catalog, DAY)
    assert events == ["read", "reconcile", "read"]
    titles = [line for line in found.rows if b"(sealed until" not in line]
    assert len(titles) == len(found.rows) - 1 and all(line.endswith(b"written elsewhere") for line in titles)


def test_a_file_edited_since_the_last_list_is_listed_as_it_is_now(locations: Locations) -> None:
    many_entries(locations)
    before = run_cli("list").stdout
    path = next(path for path in locations.entries_dir.rglob("*.toml") if "rain" in path.read_text("utf-8"))
    path.write_text(path.read_text("utf-8").replace("rain", "lantern light"), "utf-8")
    after = run_cli("list")
    assert after.returncode == 0 and "lantern light" in after.stdout and after.stdout != before
    assert run_cli("list", "--search", "lantern").stdout.count("\n") == 1


def test_a_catalog_unreadable_at_the_early_read_is_rebuilt_and_answers(locations: Locations) -> None:
    many_entries(locations)
    expected = run_cli("list").stdout
    with sqlite3.connect(locations.catalog_file) as db:
        db.execute("DROP INDEX files_list_lines")  # the early read fails: no such index
    done = run_cli("list")
    assert (done.returncode, done.stdout, done.stderr) == (0, expected, "")
    assert run_cli("list").stdout == expected  # and from the catalog made again


def test_lines_reach_a_terminal_of_another_encoding_as_its_encoding_asks(locations: Locations) -> None:
    Store(locations.data_dir).save(GratitudeEntry(day=DAY - timedelta(days=1), items=["caf\u00e9 with \u4e2d friends"]))
    utf8 = run_cli("list").stdout
    latin = listed_in_latin_1()
    assert "caf\u00e9 with \u4e2d friends" in utf8
    assert "caf\u00e9 with ? friends" in latin
    assert listed_in_latin_1() == latin  # from the catalog


def listed_in_latin_1() -> str:
    """`ritual list` through a pipe whose encoding is Latin-1 (what it cannot hold is replaced)."""
    done = subprocess.run([sys.executable, "-m", "ritual_tui", "list"], capture_output=True, timeout=60,
                          env={**os.environ, "PYTHONIOENCODING": "latin-1"})
    assert done.returncode == 0
    return done.stdout.decode("latin-1")
