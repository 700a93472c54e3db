"""`ritual list` lines: one rule in Python and in SQL, safe as stored, the same with or without the catalog."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from ritual_tui.list_lines import LIST_LINE_SQL, line_head, line_title, list_line
from ritual_tui.models import GratitudeEntry, LetterEntry, NoteEntry, StrengthsEntry
from ritual_tui.paths import Locations
from ritual_tui.sealing import opens_on
from ritual_tui.store import Store
from ritual_tui.text import UNSAFE
from tests.conftest import DAY, FROZEN, run_cli

HOSTILE = ["\x1b]0;pwned\x07 title", "a\nb\tc", "\u202eevil\u202c", "x" * 200, "   ", "", "\x9b31m red", "tea\u2028time",
           "Ünïcödé  spaced   out", "\x00\x7f\x85"]


def _sql_line(kind: str, day: str, entry_id: str, title: str, sealed: str, today: date) -> str:
    """The catalog's form of a line, over a row holding what the catalog stores for it (here the
    whole line even for a letter sealed today, as after a clock set back: the note must win)."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE files (kind TEXT, sealed_until TEXT, line_head TEXT, list_line TEXT)")
    head = line_head(day, kind, entry_id)
    db.execute("INSERT INTO files VALUES (?, ?, ?, ?)", (kind, sealed, head, head + line_title(title)))
    return db.execute(f"SELECT {LIST_LINE_SQL} FROM files", (today.isoformat(),)).fetchone()[0]


@settings(max_examples=300, deadline=None)
@given(kind=st.sampled_from(["letter", "note", "gratitude"]), title=st.one_of(st.sampled_from(HOSTILE), st.text()),
       seal=st.one_of(st.just(""), st.dates(date(1, 1, 1), date(9999, 12, 31))), today=st.dates(date(1, 1, 2), date(9999, 12, 30)))
def test_the_sql_line_is_the_python_line(kind: str, title: str, seal, today: date) -> None:
    sealed = seal.isoformat() if seal and kind == "letter" else ""  # the catalog keeps a seal only for a letter
    expected = list_line("2026-11-25", kind, "ab12cd34ef", title, opens_on(kind, sealed, today))
    assert _sql_line(kind, "2026-11-25", "ab12cd34ef", title, sealed, today) == expected


def test_a_seal_shows_on_its_eve_and_opens_on_its_day() -> None:
    seal = date(2027, 3, 1)
    for today, shown in ((seal - timedelta(days=1), "(sealed until 2027-03-01)"), (seal, "Dear me, it went well")):
        assert _sql_line("letter", "2027-02-22", "ab12cd34ef", "Dear me, it went well", seal.isoformat(), today).endswith(shown)


@settings(max_examples=300, deadline=None)
@given(title=st.one_of(st.sampled_from(HOSTILE), st.text()))
def test_what_the_catalog_keeps_can_drive_no_terminal(title: str) -> None:
    stored = line_head("2026-11-25", "gratitude", "ab12cd34ef") + line_title(title)
    assert not {ord(char) for char in stored} & UNSAFE
    assert len(line_title(title)) <= 60


def _entries(today: date) -> list:
    return [
        StrengthsEntry(day=today, strength="Hope \x1b[31m and \u202e nerve", use_today="call Sam"),
        GratitudeEntry(day=today - timedelta(days=1), items=["tea", "a quiet hour " + "long " * 20]),
        LetterEntry(day=today - timedelta(days=2), week="2026-W48", body="Dear me,\nI asked to join the choir", wins=["asked"],
                    sealed_until=today + timedelta(days=3)),
        LetterEntry(day=today - timedelta(days=9), week="2026-W47", body="Dear me,\nI went to the club", wins=["went"],
                    sealed_until=today - timedelta(days=1)),
        NoteEntry(day=today - timedelta(days=3), title="a\nnote\twith breaks", body="choir practice"),
    ]


def test_the_catalog_and_the_files_list_the_same_lines(locations: Locations, tmp_path) -> None:
    for entry in _entries(DAY):
        Store(locations.data_dir).save(entry)
    from_catalog = run_cli("list")
    assert from_catalog.returncode == 0 and locations.catalog_file.exists()
    locations.catalog_file.unlink()
    locations.catalog_file.mkdir()  # a catalog that cannot be opened: `list` reads every file
    from_files = run_cli("list")
    assert from_files.returncode == 0
    assert from_catalog.stdout == from_files.stdout
    lines = from_catalog.stdout.splitlines()
    assert len(lines) == 5 and "\x1b" not in from_catalog.stdout and "\u202e" not in from_catalog.stdout
    assert f"(sealed until {DAY + timedelta(days=3)})" in lines[2] and "choir" not in from_catalog.stdout.split("\n")[2]
    assert "I went to the club" in from_catalog.stdout


def test_a_letter_opened_in_the_catalog_is_sealed_again_on_an_earlier_day(locations: Locations) -> None:
    """The catalog opens a letter on its day; a clock set back must not show its words."""
    letter = LetterEntry(day=DAY, week="2026-W48", body="Dear me,\nthe secret words", wins=["asked"],
                         sealed_until=DAY + timedelta(days=2))
    Store(locations.data_dir).save(letter)
    later = (FROZEN + timedelta(days=2)).isoformat()
    assert "the secret words" in run_cli("list", env={"RITUAL_TUI_FROZEN_NOW": later}).stdout
    back = run_cli("list", "--kind", "letter")
    assert "the secret words" not in back.stdout and "(sealed until" in back.stdout


def test_a_catalog_without_its_list_index_is_rebuilt_and_the_list_is_whole(locations: Locations) -> None:
    for entry in _entries(DAY):
        Store(locations.data_dir).save(entry)
    expected = run_cli("list", "--search", "choir").stdout
    with sqlite3.connect(locations.catalog_file) as db:
        db.execute("DROP INDEX files_list_lines")
    again = run_cli("list", "--search", "choir")
    assert again.returncode == 0 and again.stdout == expected and again.stderr == ""
    assert run_cli("list").returncode == 0  # the catalog was set aside; the next use builds it again
    with sqlite3.connect(locations.catalog_file) as db:
        assert db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'files_list_lines'").fetchone()[0] == 1
