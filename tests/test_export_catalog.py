"""`ritual export --format json` writes the catalog's own bytes, and never a damaged one."""

from __future__ import annotations

import json
import sqlite3

from ritual_tui.models import GratitudeEntry, LetterEntry
from ritual_tui.paths import Locations
from ritual_tui.store import Store
from tests.conftest import DAY, run_cli


def test_a_damaged_document_in_the_catalog_is_never_exported(locations: Locations) -> None:
    store = Store(locations.data_dir)
    store.save(GratitudeEntry(day=DAY, items=["tea with Ana", "a quiet \u00e9t\u00e9 hour"]))
    store.save(LetterEntry(day=DAY, week="2026-W48", body="Dear me,\nyou came back.\n", wins=["one"]))
    good = run_cli("export", "--format", "json")
    assert good.returncode == 0
    with sqlite3.connect(locations.catalog_file) as db:  # a bit flipped on disk, say
        db.execute("UPDATE files SET doc = replace(doc, 'tea', 'tee') WHERE kind = 'gratitude'")
    again = run_cli("export", "--format", "json")
    assert again.returncode == 0
    assert again.stdout == good.stdout  # read from the files instead
    items = [e for e in json.loads(again.stdout)["entries"] if e["kind"] == "gratitude"][0]["items"]
    assert items == ["tea with Ana", "a quiet \u00e9t\u00e9 hour"]
    assert run_cli("export", "--format", "json").stdout == good.stdout  # and the catalog was rebuilt


def test_the_export_head_is_what_json_writes():
    """The catalog's export writes its head without the json module: the same characters."""
    import json

    from ritual_tui.exchange import EXPORT_FORMAT, EXPORT_HEAD, EXPORT_VERSION

    assert EXPORT_HEAD == json.dumps({"format": EXPORT_FORMAT, "version": EXPORT_VERSION, "entries": []})[:-3]
