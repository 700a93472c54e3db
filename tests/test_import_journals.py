"""Bringing a journal from jrnl and Day One as notes, and writing a note in the app.

Fixtures (tests/fixtures/), in the sources' real export formats:
- `jrnl_export.json`: what `jrnl --export json` prints (jrnl's plugins/json_exporter.py):
  `{"tags": {"@tag": count}, "entries": [{"title", "body", "date": "YYYY-MM-DD", "time": "HH:MM",
  "tags": ["@tag"], "starred"}]}`; jrnl has no time zones and no ids.
- `dayone_Journal.json`: the `Journal.json` inside Day One's "Export > JSON" zip:
  `{"metadata": {"version": "1.0"}, "entries": [{"uuid", "creationDate": "...Z", "modifiedDate",
  "timeZone": "Europe/Berlin", "text" (Markdown, punctuation escaped as `\\.` `\\!` `\\(`),
  "richText", "tags", "starred", "location", "photos", ...}]}`. The zip is built from it here.
The dates in them are the sources' own dates (years ago), not "today": the frozen clock plays no part.
"""

from __future__ import annotations

import json
import zipfile
from datetime import date
from pathlib import Path

from conftest import entry_files, read_toml, run_cli
from ritual_tui.paths import Locations

FIXTURES = Path(__file__).parent / "fixtures"
JRNL = FIXTURES / "jrnl_export.json"
DAYONE = FIXTURES / "dayone_Journal.json"
SIZE = (80, 24)


def notes_by_title(locations: Locations) -> dict[str, dict]:
    """Every note file's document, by its title (or body, when it has none)."""
    found = {}
    for path in entry_files(locations, "note"):
        document = read_toml(path)
        found[document["title"] or document["body"]] = document
    return found


def dayone_zip(tmp_path: Path) -> Path:
    """Day One's export zip: Journal.json plus a photo (which ritual does not import)."""
    path = tmp_path / "Export-Journal.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(DAYONE, "Journal.json")
        archive.writestr("photos/0123456789abcdef0123456789abcdef.jpeg", b"\xff\xd8\xff")
    return path


def test_jrnl_entries_become_notes_each_on_its_own_day(locations: Locations) -> None:
    result = run_cli("import", "--from", "jrnl", str(JRNL))
    assert result.returncode == 0, result.stderr
    assert "Imported 3, skipped 0, failed 0." in result.stdout
    notes = notes_by_title(locations)
    walk = notes["A long walk by the river."]
    assert walk["day"] == date(2019, 3, 2)
    assert walk["body"] == "The light on the water was soft.\nI thought about @family and felt calm."
    assert walk["tags"] == ["family"]
    job = notes["First day at the new job."]
    assert job["day"] == date(2019, 3, 4) and job["tags"] == ["work", "family"]
    assert "🌱" in job["body"] and "שלום" in job["body"]
    assert notes["Only a title, no body."]["day"] == date(2019, 3, 4)
    for path in entry_files(locations, "note"):
        assert path.stat().st_mode & 0o777 == 0o600


def test_importing_twice_changes_nothing(locations: Locations) -> None:
    assert run_cli("import", "--from", "jrnl", str(JRNL)).returncode == 0
    before = {path: path.read_bytes() for path in entry_files(locations, "note")}
    again = run_cli("import", "--from", "jrnl", str(JRNL))
    assert again.returncode == 0
    assert "Imported 0, skipped 3, failed 0." in again.stdout
    assert {path: path.read_bytes() for path in entry_files(locations, "note")} == before


def test_day_one_json_and_zip_give_the_same_notes_in_their_own_time_zones(locations: Locations, tmp_path: Path) -> None:
    first = run_cli("import", "--from", "dayone", str(dayone_zip(tmp_path)))
    assert first.returncode == 0, first.stderr
    assert "Imported 2, skipped 0, failed 0." in first.stdout
    assert "photos or other attachments" in first.stdout
    again = run_cli("import", "--from", "dayone", str(DAYONE))
    assert "Imported 0, skipped 2, failed 0." in again.stdout
    notes = notes_by_title(locations)
    lake = notes["Morning at the lake"]
    assert lake["body"] == "Swam before anyone else was up. Cold! Then coffee (two cups).\n\n- calm\n- awake"
    assert lake["tags"] == ["summer", "swimming"]
    assert lake["day"] == date(2021, 6, 12)
    assert lake["created"].isoformat() == "2021-06-12T09:30:00+02:00"  # 07:30Z in Berlin
    late = notes["One line, late at night on the west coast."]
    assert late["day"] == date(2021, 6, 13)  # 23:15Z is still the 13th in Los Angeles
    assert late["created"].isoformat() == "2021-06-13T16:15:00-07:00"


def test_imported_notes_round_trip_through_export(locations: Locations, tmp_path: Path) -> None:
    assert run_cli("import", "--from", "jrnl", str(JRNL)).returncode == 0
    assert run_cli("import", "--from", "dayone", str(DAYONE)).returncode == 0
    exported = run_cli("export")
    assert exported.returncode == 0
    document = json.loads(exported.stdout)
    assert sum(entry["kind"] == "note" for entry in document["entries"]) == 5
    backup = tmp_path / "backup.json"
    backup.write_text(exported.stdout)
    other = tmp_path / "other-data"
    restored = run_cli("import", str(backup), env={"RITUAL_TUI_DATA_DIR": str(other)})
    assert restored.returncode == 0 and "Imported 5" in restored.stdout
    assert run_cli("export", env={"RITUAL_TUI_DATA_DIR": str(other)}).stdout == exported.stdout
    markdown = run_cli("export", "--format", "markdown").stdout
    assert "Morning at the lake" in markdown and "· Note" in markdown


def test_notes_are_listed_searched_and_shown(locations: Locations) -> None:
    assert run_cli("import", "--from", "dayone", str(DAYONE)).returncode == 0
    listed = run_cli("list", "--kind", "note", "--search", "coffee")
    assert listed.returncode == 0
    assert "Morning at the lake" in listed.stdout and "west coast" not in listed.stdout
    by_tag = run_cli("list", "--search", "swimming")
    assert "Morning at the lake" in by_tag.stdout
    note_id = next(line.split()[2] for line in listed.stdout.splitlines())
    shown = run_cli("show", note_id)
    assert shown.returncode == 0 and "Swam before anyone else was up." in shown.stdout
    assert run_cli("doctor").returncode == 0


def test_a_wrong_or_broken_file_is_one_sentence_and_nothing_is_written(locations: Locations, tmp_path: Path) -> None:
    wrong = run_cli("import", "--from", "dayone", str(JRNL))
    assert wrong.returncode == 1
    assert wrong.stderr.strip().endswith("it is not Day One's JSON export (no entry has \"creationDate\"); check --from.")
    broken_zip = tmp_path / "broken.zip"
    broken_zip.write_bytes(b"PK\x03\x04 not really a zip")
    broken = run_cli("import", "--from", "dayone", str(broken_zip))
    assert broken.returncode == 1 and "the zip cannot be read" in broken.stderr
    not_json = tmp_path / "journal.txt"
    not_json.write_text("[2019-03-02 18:45] A plain jrnl file, not its JSON export.")
    plain = run_cli("import", "--from", "jrnl", str(not_json))
    assert plain.returncode == 1 and "not valid JSON" in plain.stderr
    assert "Traceback" not in wrong.stderr + broken.stderr + plain.stderr
    assert entry_files(locations, "note") == []


def test_odd_text_from_jrnl_never_drives_the_terminal_and_is_kept(locations: Locations, tmp_path: Path) -> None:
    hostile = "Title \x1b]0;pwned\x07 \u202e here"
    source = tmp_path / "odd.json"
    source.write_text(json.dumps({"tags": {}, "entries": [
        {"title": hostile, "body": "line\r\nnext", "date": "2020-02-29", "time": "23:59", "tags": ["@x"], "starred": False},
        {"title": "no date", "body": "", "date": "someday", "time": "", "tags": [], "starred": False},
    ]}))
    result = run_cli("import", "--from", "jrnl", str(source))
    assert result.returncode == 1  # the entry without a date failed, the other is in
    assert "Imported 1, skipped 0, failed 1." in result.stdout
    listed = run_cli("list", "--kind", "note")
    assert "\x1b" not in listed.stdout and "\u202e" not in listed.stdout and "␛" in listed.stdout
    (document,) = notes_by_title(locations).values()
    assert document["title"] == hostile and document["body"] == "line\nnext"
    assert document["day"] == date(2020, 2, 29)


async def test_w_on_today_writes_a_note_and_the_help_names_it(make_app, locations: Locations) -> None:
    from test_layers import help_rows

    from ritual_tui.screens.help import HelpScreen
    from ritual_tui.screens.note import NoteScreen
    from ritual_tui.screens.today import TodayScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert help_rows(app)["write a note: a free page with a title and tags (never due)"] == "w"
        await pilot.press("escape")
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        await pilot.press(*"Kitchen")
        await pilot.press("enter")
        await pilot.press(*"The kettle sang.")
        await pilot.pause()
        app.screen.query_one("#note-tags").value = "home, calm #quiet"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
    (path,) = entry_files(locations, "note")
    document = read_toml(path)
    assert document["title"] == "Kitchen" and document["body"] == "The kettle sang."
    assert document["tags"] == ["home", "calm", "quiet"]


async def test_an_imported_note_opens_in_its_editor_and_keeps_its_id(make_app, locations: Locations) -> None:
    from ritual_tui.rituals import editor_for
    from ritual_tui.screens.note import NoteScreen
    from ritual_tui.store import Store

    assert run_cli("import", "--from", "dayone", str(DAYONE)).returncode == 0
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        wanted = next(s.entry.id for s in Store(locations.data_dir).scan().entries if s.entry.note_title == "Morning at the lake")
        lake = app.journal.stored_of(wanted).entry  # as the browser opens an old entry (from the catalog)
        screen = editor_for(lake)
        assert isinstance(screen, NoteScreen)
        app.push_screen(screen)
        await pilot.pause()
        assert screen.query_one("#note-tags").value == "summer, swimming"
        screen.query_one("#note-title").value = "Morning at the lake, again"
        await pilot.press("ctrl+s")
        await pilot.pause()
    notes = notes_by_title(locations)
    assert notes["Morning at the lake, again"]["id"] == lake.id
    assert len(notes) == 2


def test_a_jrnl_entry_with_an_odd_time_keeps_its_day_and_one_id(locations: Locations, tmp_path: Path) -> None:
    odd = tmp_path / "odd.json"
    odd.write_text(json.dumps({"tags": {}, "entries": [
        {"title": "badtime nuword", "body": "", "date": "2024-03-02", "time": "25:99", "tags": [], "starred": False}]}))
    assert run_cli("import", "--from", "jrnl", str(odd)).returncode == 0
    again = run_cli("import", "--from", "jrnl", str(odd))
    assert again.returncode == 0 and "Imported 0, skipped 1" in again.stdout
    [path] = entry_files(locations, "note")
    assert read_toml(path)["day"] == date(2024, 3, 2)
