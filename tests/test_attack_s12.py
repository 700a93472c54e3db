"""Session 12's attack on the command line, the entry files and the catalog: what it found, held."""

from __future__ import annotations

from datetime import timedelta

from conftest import DAY, run_cli

from ritual_tui.models import GratitudeEntry
from ritual_tui.paths import Locations
from ritual_tui.store import Store


def test_due_counts_no_ritual_done_for_a_broken_or_misdated_file_named_today(locations: Locations) -> None:
    """A file named for today that is empty (an interrupted copy) or whose `day` was edited to
    yesterday is no ritual done, as Today reads it: `ritual due` said "Nothing is due today."
    (exit 1) and the login greeting stayed away, while every ritual was still due."""
    yesterday = DAY - timedelta(days=1)
    saved = Store(locations.data_dir).save(GratitudeEntry(day=yesterday, items=["the walk home"])).path
    folder = locations.entries_dir / "gratitude" / f"{DAY.year}"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{DAY.isoformat()}-{saved.stem[11:]}.toml").write_bytes(saved.read_bytes())  # renamed by hand
    strengths = locations.entries_dir / "strengths" / f"{DAY.year}"
    strengths.mkdir(parents=True, exist_ok=True)
    (strengths / f"{DAY.isoformat()}-k3v9qw2m7x.toml").write_bytes(b"")
    (locations.config_dir / "config.toml").parent.mkdir(parents=True, exist_ok=True)
    (locations.config_dir / "config.toml").write_text('rituals = ["strengths", "gratitude"]\n', encoding="utf-8")
    due = run_cli("due")
    assert due.returncode == 0, due.stderr
    assert due.stdout.splitlines() == ["Morning strengths", "Gratitude"]
    assert run_cli("due", "--login").returncode == 0
