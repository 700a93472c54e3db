"""Drafts offered back another day: each answer under its own question, the draft's day named,
and a refused save told in the form's words (session 12)."""

from __future__ import annotations

from datetime import timedelta

from ritual_tui.clock import FROZEN_NOW_ENV
from ritual_tui.drafting import Offer
from ritual_tui.models import GratitudeEntry
from ritual_tui.paths import Locations
from ritual_tui.store.drafts import Draft, DraftStore
from ritual_tui.widgets import FormNotice, LineArea
from ritual_tui.widgets.fields import Prompt
from tests.conftest import DAY, FROZEN, entry_files, read_toml
from tests.test_app import type_text


def _questions(app) -> list[str]:
    return [str(label.render()) for label in app.screen.query(".gratitude-prompt").results(Prompt)]


async def test_a_gratitude_draft_keeps_its_answers_under_the_questions_they_answered(
        make_app, locations: Locations, monkeypatch) -> None:
    """The questions rotate each day: a draft offered back the next day showed that day's questions
    above yesterday's answers, and saved them under questions they never answered."""
    app = make_app("gratitude")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        asked = _questions(app)
        await type_text(pilot, "the baker kept a loaf for me")
        await pilot.press("escape")
        await pilot.pause()
    monkeypatch.setenv(FROZEN_NOW_ENV, (FROZEN + timedelta(days=1)).isoformat())
    app = make_app("gratitude")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#item-0", LineArea).text == "the baker kept a loaf for me"
        assert _questions(app) == asked
        await pilot.press("ctrl+s")
        await pilot.pause()
    [saved] = entry_files(locations, "gratitude")
    document = read_toml(saved)
    assert document["items"] == ["the baker kept a loaf for me"]
    assert document["prompts"] == [asked[0].partition(". ")[2]]


async def test_clearing_a_restored_answer_leaves_no_draft(make_app, locations: Locations, monkeypatch) -> None:
    """The questions kept beside the words are no words: a form whose answers are cleared again
    keeps no draft, and says nothing was kept."""
    DraftStore(locations.drafts_dir).write("gratitude", {"items": ["a walk at dusk"], "prompts": ["An old question."]})
    app = make_app("gratitude")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert _questions(app)[0] == "1. An old question."
        area = app.screen.query_one("#item-0", LineArea)
        area.clear()
        await pilot.pause()
        assert not app.screen.is_dirty()
        await pilot.press("escape")
        await pilot.pause()
        app.keeper.flush()
    assert not (locations.drafts_dir / "gratitude.toml").exists()
    assert not entry_files(locations, "gratitude")


def test_a_draft_from_another_week_is_named_by_its_date() -> None:
    """'from Fri 10:24' named a draft of a month ago as if it were this week's."""
    def since(saved, today) -> str:
        return Offer({}, "", Draft("gratitude", {}, saved)).since(today)

    moment = FROZEN - timedelta(days=2)
    assert since(moment, DAY) == f" from {moment:%a %H:%M}"
    old = FROZEN - timedelta(days=30)
    assert since(old, DAY) == f" from {old:%a %-d %b}{'' if old.year == DAY.year else f' {old.year}'} {old:%H:%M}"
    older = FROZEN - timedelta(days=400)
    assert since(older, DAY).endswith(f" {older.year} {older:%H:%M}")
    assert Offer({}, "", None).since(DAY) == ""


async def test_a_refused_save_names_no_field_of_the_file(make_app, locations: Locations) -> None:
    """A form told 'Not saved yet: what_happened: write what happened...': the form shows the field,
    and `what_happened` is the file's name for it, not the user's."""
    app = make_app("reframe")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")  # past the breathing
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        told = str(app.screen.query_one(FormNotice).render())
    assert "Not saved yet" in told and "what_happened" not in told
    assert not entry_files(locations, "reframe")


def test_a_gratitude_entrys_own_questions_are_kept(locations: Locations) -> None:
    """The model is unchanged: an entry keeps one question per answer."""
    entry = GratitudeEntry(day=DAY, items=["tea"], prompts=["A question."])
    assert entry.prompt_for(0) == "A question."


def test_a_config_saved_with_a_byte_order_mark_is_read_and_edited(locations: Locations) -> None:
    """Notepad saves UTF-8 with a BOM: config.toml was 'not valid TOML' and every setting in it ignored."""
    from ritual_tui.config_file import update_config
    from ritual_tui.quick_settings import read_quick_settings
    from ritual_tui.settings import load_settings
    from tests.conftest import run_cli

    config = locations.config_file
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_bytes("\ufeff# mine\nday_start_hour = 6\n".encode("utf-8"))
    loaded = load_settings(config)
    assert loaded.error is None and loaded.settings.day_start_hour == 6
    assert read_quick_settings(config) == (read_quick_settings(config)[0], None)
    assert read_quick_settings(config)[0].day_start_hour == 6
    assert "not valid" not in run_cli("due").stderr
    update_config(config, {"gratitude_items": 4})
    text = config.read_text("utf-8")
    assert "# mine" in text and "day_start_hour = 6" in text and "gratitude_items = 4" in text


async def test_today_names_the_forms_whose_words_wait(make_app, locations: Locations) -> None:
    """A draft of a circle, a boundary or an edit of a past entry waited unseen: Today said nothing,
    and only `ritual doctor` knew. Today names each form once (never the words)."""
    from textual.widgets import Static

    drafts = DraftStore(locations.drafts_dir)
    drafts.write("circle", {"name": "the choir on thursdays"})
    drafts.write("note-abc123", {"text": "a secret of mine"})
    drafts.write("gratitude", {"items": ["tea"]})
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        line = app.screen.query_one("#drafts-waiting", Static)
        told = str(line.render())
        assert line.display and line.region.height >= 1
        assert "a circle" in told and "an edit of a past entry" in told and "gratitude" in told
        assert "choir" not in told and "secret" not in told and "tea" not in told
        await pilot.press("g")
        await pilot.pause()
        app.screen.query_one("#item-0", LineArea).clear()
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert "gratitude" not in str(line.render())


async def test_today_says_nothing_of_drafts_when_none_wait(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not app.screen.query_one("#drafts-waiting").display


def test_the_login_block_stays_quiet_once_ritual_is_gone(tmp_path, monkeypatch) -> None:
    """The block names ritual's absolute path: once that is gone (a `uvx` run's temporary folder),
    every login said 'No such file or directory'. It now checks the program is still there."""
    import os
    import pty
    import subprocess

    from ritual_tui import autostart

    gone = tmp_path / "gone" / "ritual"
    monkeypatch.setattr(autostart, "ritual_command", lambda: str(gone))
    body = autostart.shell_target("bash").content
    assert str(gone) in body
    leader, follower = pty.openpty()
    try:
        run = subprocess.run(["bash", "--norc", "-i", "-c", body], stdin=follower, stdout=subprocess.PIPE,
                             stderr=follower, timeout=20)
    finally:
        os.close(follower)
    os.set_blocking(leader, False)
    try:
        said = os.read(leader, 4096)
    except OSError:
        said = b""
    os.close(leader)
    assert run.returncode == 0 and b"No such file" not in said and b"not found" not in said


def test_only_ritual_s_own_temp_files_are_cleared(locations: Locations) -> None:
    """Any `.<name>.tmp` counted as a save's leftover: Syncthing's `.syncthing.<name>.tmp` (a file it is
    still receiving) was deleted by `ritual sync` and called 'left by an interrupted save' by doctor."""
    import os

    from ritual_tui.store.atomic import is_temp_name, remove_stray_temp_files, temp_path_for

    folder = locations.data_dir / "entries" / "note" / str(DAY.year)
    folder.mkdir(parents=True)
    ours = temp_path_for(folder / f"{DAY}-abc.toml")
    theirs = folder / f".syncthing.{DAY}-abc.toml.tmp"
    editor = folder / ".notes.tmp"
    for path in (ours, theirs, editor):
        path.write_text("half", "utf-8")
        os.utime(path, (0, 0))
    assert is_temp_name(ours.name) and not is_temp_name(theirs.name) and not is_temp_name(editor.name)
    assert remove_stray_temp_files(locations.data_dir / "entries", older_than_seconds=0) == [ours]
    assert theirs.exists() and editor.exists()


def test_a_year_ago_is_the_same_date_a_year_before(locations: Locations) -> None:
    """'A year ago' was 365 days back: from 1 March 2028 it showed 2 March 2027's entry (2028 has a
    29 February), and from the quick first look and the full journal alike."""
    from datetime import date, datetime

    from ritual_tui.journal import Journal
    from ritual_tui.models import StrengthsEntry
    from ritual_tui.quick import QuickJournal
    from ritual_tui.quick_settings import QuickSettings
    from ritual_tui.store import Store

    store = Store(locations.data_dir)
    store.save(GratitudeEntry(day=date(2027, 3, 1), items=["the first crocus"]))
    store.save(StrengthsEntry(day=date(2027, 3, 2), strength="Hope"))
    moment = datetime(2028, 3, 1, 9, 0).astimezone()
    full = Journal(store, clock=lambda: moment)
    full.load()
    quick = QuickJournal(locations.entries_dir, QuickSettings(), lambda: moment)
    for journal in (full, quick):
        assert journal.memory_line() == "A year ago you were grateful for: the first crocus"


def test_an_export_written_to_a_link_goes_where_the_link_leads(locations: Locations, tmp_path) -> None:
    """`--output ~/backup.json`, a link into a synced folder: the export replaced the link with a
    file, and the backup the link led to was never written again."""
    from ritual_tui.store import Store
    from tests.conftest import run_cli

    Store(locations.data_dir).save(GratitudeEntry(day=DAY, items=["the night bus home"]))
    synced = tmp_path / "synced"
    synced.mkdir()
    (synced / "backup.json").write_text("[]", "utf-8")
    link = tmp_path / "backup.json"
    link.symlink_to(synced / "backup.json")
    done = run_cli("export", "--format", "json", "--output", str(link))
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and "the night bus home" in (synced / "backup.json").read_text("utf-8")


def test_an_export_without_its_version_says_so(tmp_path) -> None:
    """An export whose "version" was lost said 'its version None is newer than this ritual understands'."""
    import json

    from tests.conftest import run_cli

    for version, said in ((None, 'no "version"'), ("1", 'no "version"'), (99, "version 99 is newer")):
        document = {"format": "ritual-tui", "entries": []}
        if version is not None:
            document["version"] = version
        source = tmp_path / "export.json"
        source.write_text(json.dumps(document), "utf-8")
        done = run_cli("import", str(source))
        assert done.returncode == 1 and said in done.stderr and "None" not in done.stderr, done.stderr
