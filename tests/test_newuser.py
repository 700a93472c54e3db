"""Issue 16: what a new user tripped over, one test (or a few) per item, at 80x24 where it matters."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta

from textual.containers import VerticalScroll
from textual.widgets import OptionList, TextArea

from ritual_tui.due import login_greeting_due
from ritual_tui.models import EntryError, GratitudeEntry, LadderStep, LetterEntry, describe_validation_error, iso_week, parse_entry
from ritual_tui.paths import Locations
from ritual_tui.quick_settings import QuickSettings
from ritual_tui.screens.ask import ConfirmScreen
from ritual_tui.screens.exposure import ExposureScreen
from ritual_tui.screens.gratitude import GratitudeScreen
from ritual_tui.screens.help import HelpScreen, help_text
from ritual_tui.screens.letter import LetterScreen
from ritual_tui.screens.plan import PlanScreen
from ritual_tui.screens.strengths import yesterday_question
from ritual_tui.screens.today import RitualRow
from ritual_tui.settings import Prompts
from ritual_tui.store import Store
from ritual_tui.theming import load_catalogue
from ritual_tui.widgets import FormNotice, LineArea, Prompt, ScreenTitle
from tests.conftest import DAY, FROZEN, entry_files, read_toml, run_cli

SIZE = (80, 24)


async def type_text(pilot, text: str) -> None:
    """Type at a person's pace (a key arriving with text in one read can be dropped)."""
    for character in text:
        await pilot.press(character if character != " " else "space")
    await pilot.pause()


def write_config(locations: Locations, text: str) -> None:
    locations.config_file.parent.mkdir(parents=True, exist_ok=True)
    locations.config_file.write_text(text)


# -- 2. "Later" keeps the greeting away only until the time it states ------------------------


async def test_later_keeps_the_greeting_away_only_until_the_time_it_says(make_app, locations: Locations) -> None:
    state, entries = locations.login_state_file, locations.entries_dir
    assert login_greeting_due(state, entries, QuickSettings(), FROZEN)  # the login greeting opened ritual
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("z")
        await pilot.pause()
    until = FROZEN + timedelta(hours=QuickSettings().snooze_hours)
    assert any(f"waits until {until:%H:%M}" in line for line in app.exit_lines)
    assert not login_greeting_due(state, entries, QuickSettings(), until - timedelta(minutes=1))
    assert login_greeting_due(state, entries, QuickSettings(), until + timedelta(minutes=1))
    assert not login_greeting_due(state, entries, QuickSettings(), until + timedelta(minutes=2))  # once, as before


# -- 3. themes offered are themes that load again -----------------------------------------------


async def test_every_theme_offered_loads_again_at_the_next_start(make_app, locations: Locations) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        offered = set(app.available_themes)
        assert offered == set(load_catalogue(locations.user_themes_dir).themes)
        assert not any(name.startswith("textual-") for name in offered)
        app.theme = "ritual-dawn"  # what the palette's Theme command does
        await pilot.pause()
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.theme == "ritual-dawn"
        assert not any("not found" in notice for notice in again.startup_notices)


# -- 4. a keymap key a field takes ------------------------------------------------------------


async def test_a_form_command_never_takes_a_key_a_field_uses(make_app, locations: Locations) -> None:
    write_config(locations, '[keymap]\n"ritual.save" = "ctrl+s,ctrl+w"\n')
    app = make_app("gratitude")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert any("ctrl+w" in notice and "ritual.save" in notice for notice in app.startup_notices)
        await type_text(pilot, "tea and toast")
        await pilot.press("ctrl+w")  # the field's own key: delete a word
        await pilot.pause()
        assert app.screen.query_one("#item-0", LineArea).text == "tea and "
        assert isinstance(app.screen, GratitudeScreen) and entry_files(locations, "gratitude") == []
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert read_toml(entry_files(locations, "gratitude")[0])["items"] == ["tea and"]


async def test_a_free_key_works_for_a_form_command(make_app, locations: Locations) -> None:
    write_config(locations, '[keymap]\n"ritual.save" = "f2"\n')
    app = make_app("gratitude")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.startup_notices == []
        await type_text(pilot, "rain")
        await pilot.press("f2")
        await pilot.pause()
    assert len(entry_files(locations, "gratitude")) == 1


# -- 5. a past entry shows its own day and the prompts it answered ----------------------------


async def test_gratitude_keeps_the_prompt_each_item_answered(make_app, locations: Locations) -> None:
    write_config(locations, '[prompts]\ngratitude = ["First question?", "Second question?", "Third question?"]\n')
    app = make_app("gratitude")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = [str(label.render()) for label in app.screen.query(Prompt)]
        await type_text(pilot, "alpha")
        await pilot.press("ctrl+s")
        await pilot.pause()
    [document] = [read_toml(path) for path in entry_files(locations, "gratitude")]
    assert document["items"] == ["alpha"] and len(document["prompts"]) == 1
    assert shown[0] == f"1. {document['prompts'][0]}"
    # The prompts change in config.toml; the entry, opened again, still shows its own.
    write_config(locations, '[prompts]\ngratitude = ["Another?"]\n')
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        entry = app.journal.todays("gratitude")
        app.push_screen(GratitudeScreen(entry))
        await pilot.pause()
        assert str(app.screen.query(Prompt).first().render()) == f"1. {document['prompts'][0]}"


async def test_an_old_entry_without_prompts_opens_on_its_own_day(make_app, locations: Locations) -> None:
    past = DAY - timedelta(days=9)
    Store(locations.data_dir).save(GratitudeEntry(day=past, items=["an old thing"]))  # as files were before prompts
    [path] = entry_files(locations, "gratitude")
    assert "prompts" not in read_toml(path)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        [entry] = app.journal.of_kind("gratitude")
        app.push_screen(GratitudeScreen(entry))
        await pilot.pause()
        title = str(app.screen.query_one(ScreenTitle).render())
        assert f"{past:%A %-d %B}" in title and f"{DAY:%A %-d %B}" not in title
        rotation = Prompts().gratitude
        assert str(app.screen.query(Prompt).first().render()) == f"1. {rotation[past.toordinal() % len(rotation)]}"


def test_prompts_follow_their_items_and_are_not_words() -> None:
    entry = GratitudeEntry(day=DAY, items=["tea", "  ", "rain"], prompts=["one?", "two?", "three?"])
    assert entry.items == ["tea", "rain"] and entry.prompts == ["one?", "three?"]
    assert "prompts" not in " ".join(entry.text_fields()) and entry.prompt_for(1) == "three?"
    assert GratitudeEntry(day=DAY, items=["x"]).prompt_for(0) is None


# -- 6. gratitude items wrap while typed ----------------------------------------------------------


async def test_a_long_gratitude_item_wraps_and_can_be_read_whole(make_app) -> None:
    app = make_app("gratitude")
    long_item = "my sister called and we laughed about the old kitchen for an hour until it was dark"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_text(pilot, long_item)
        area = app.screen.query_one("#item-0", LineArea)
        assert area.text == long_item
        assert area.size.height >= 2 and area.virtual_size.height <= area.size.height  # all of it shows
        assert area.virtual_size.width <= area.size.width  # no sideways scrolling
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is app.screen.query_one("#item-1", LineArea) and "\n" not in area.text


# -- 7. every focus stop is visible, and typing never disappears ---------------------------------


async def test_strengths_tab_stops_only_on_fields(make_app) -> None:
    app = make_app("strengths")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_text(pilot, "Showing up anyway")  # no strength of the list matches
        assert app.screen.query_one("#strength-list", OptionList).option_count == 0
        await pilot.press("tab")
        assert app.focused.id == "where_it_showed"
        for _ in range(4):
            await pilot.press("tab")
            assert not isinstance(app.focused, VerticalScroll) and app.focused.id != "strength-list"


async def test_settings_opens_on_a_field(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("comma")
        await pilot.pause()
        assert app.focused is not None and not isinstance(app.focused, VerticalScroll)


async def test_typing_on_the_letters_seal_goes_to_the_page(make_app, locations: Locations) -> None:
    Store(locations.data_dir).save(GratitudeEntry(day=DAY, items=["a long walk with an old friend by the river"]))
    app = make_app("letter")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_text(pilot, "Dear")
        await pilot.press("tab")
        assert app.focused.id == "seal"
        await type_text(pilot, "hi")
        body = app.screen.query_one("#body", TextArea)
        assert body.text == "Dearhi" and app.focused is body
        wins = app.screen.query_one("#wins")
        assert wins.render_line(0).text.lstrip().startswith("[ ]")  # an empty box ...
        wins.select(wins.get_option_at_index(0).value)
        await pilot.pause()
        assert wins.render_line(0).text.lstrip().startswith("[x]")  # ... then a visible tick, in words


async def test_typing_in_a_restored_page_adds_after_its_words(make_app, locations: Locations) -> None:
    Store(locations.data_dir).save(LetterEntry(day=DAY, week=iso_week(DAY), body="Dear me, this week"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(LetterScreen(app.journal.this_weeks_letter()))
        await pilot.pause()
        await type_text(pilot, " was good")
        assert app.screen.query_one("#body", TextArea).text == "Dear me, this week was good"


# -- 8. 80x24 -------------------------------------------------------------------------------------------


def footer_descriptions(app) -> dict[str, bool]:
    """Each footer key's description, and whether it is drawn wholly inside the screen."""
    width = app.screen.size.width
    return {key.description: key.region.right <= width and key.region.width > 0 for key in app.screen.query("FooterKey")}


async def test_exposure_and_plan_footers_keep_back_at_80_columns(make_app, locations: Locations) -> None:
    step = LadderStep(day=DAY - timedelta(days=3), name="Say hello to a neighbour", difficulty=20)
    Store(locations.data_dir).save(step)
    app = make_app("exposure")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ExposureScreen) and footer_descriptions(app).get("Back")
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PlanScreen) and footer_descriptions(app).get("Back to the ladder")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ExposureScreen)


async def test_letter_headings_stand_apart_at_80x24(make_app, locations: Locations) -> None:
    Store(locations.data_dir).save(GratitudeEntry(day=DAY, items=["x " * 60]))
    app = make_app("letter")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LetterScreen)
        wins_label, page_label = (app.screen.query_one(f"#{pane} Label") for pane in ("wins-pane", "body-pane"))
        assert wins_label.region.right < page_label.region.x  # a gap between the two headings
        assert "space picks" not in str(wins_label.render())
        await pilot.press("shift+tab")
        await pilot.pause()
        wins = app.screen.query_one("#wins")
        shown = " ".join(wins.render_line(y).text.strip() for y in range(wins.size.height))
        assert shown.count(" x") >= 60  # a long win is read whole, wrapped in the list


async def test_rest_day_rows_keep_a_space_before_the_key(make_app, locations: Locations) -> None:
    write_config(locations, f'rest_days = ["{DAY:%A}"]\n'.lower())
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for row in app.screen.query(RitualRow):
            line = row.render().plain
            assert line[-4] == " " and line.rstrip().endswith(row.key), line
            assert "…" not in line  # the hint alone fits


# -- 9. notices never cover the field being written ------------------------------------------------


async def test_a_restored_draft_is_told_below_the_form_not_over_it(make_app, locations: Locations) -> None:
    app = make_app("gratitude")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_text(pilot, "half a thought")
        await pilot.press("escape")
        await pilot.pause()
        [kept] = [n for n in app._notifications if "draft" in n.message]  # on Today: short, gone before a form opens
        assert kept.timeout <= 3 and len(kept.message) <= 40
    app = make_app("gratitude")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        notice = app.screen.query_one(FormNotice)
        assert notice.title == "Draft restored" and notice.display
        assert not app.screen.query("Toast")
        assert not notice.region.overlaps(app.focused.region)


# -- 10. wording ------------------------------------------------------------------------------------


def test_one_entry_is_one_entry(locations: Locations, tmp_path) -> None:
    Store(locations.data_dir).save(GratitudeEntry(day=DAY, items=["one"]))
    assert "1 entry read fine" in run_cli("doctor").stdout
    assert "Exported 1 entry to" in run_cli("export", "--format", "json", "--output", str(tmp_path / "out.json")).stderr


def test_no_double_stop_after_yesterdays_intention() -> None:
    question = yesterday_question(Prompts().yesterday_note, "volunteer.")
    assert ".." not in question and "volunteer. Where" in question
    assert "tea. Where" in yesterday_question(Prompts().yesterday_note, "tea")


async def test_the_help_says_how_to_close_it(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert "Close this help with `esc`" in help_text(app)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen) and footer_descriptions(app).get("Close")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_a_confirmation_names_its_entry_as_plain_text(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ConfirmScreen("Move this gratitude entry to the trash?", detail="“[bold]tea[/bold] \x1b]0;x”"))
        await pilot.pause()
        detail = str(app.screen.query_one(".dialog-detail").render())
        assert "[bold]tea[/bold]" in detail and "\x1b" not in detail


def test_validation_messages_speak_plainly() -> None:
    problems = [
        {"kind": "gratitude", "day": str(DAY), "items": ["x" * 2001]},
        {"kind": "exposure", "day": "not a day", "step": "a", "predicted_discomfort": 101},
        {"kind": "strengths", "day": str(DAY), "id": "NOT AN ID"},
    ]
    messages = []
    for document in problems:
        try:
            parse_entry(document)
        except EntryError as error:
            messages.append(str(error))
    assert messages[0] == "items #1: too long (at most 2,000 characters)"
    assert "day: must be a date (YYYY-MM-DD)" in messages[1] and "predicted_discomfort: must be at most 100" in messages[1]
    assert "id: not a valid id" in messages[2] and "strength: missing" in messages[2]
    for message in messages:
        assert "should" not in message and "Value" not in message and "Input" not in message


def test_settings_problems_speak_plainly() -> None:
    from pydantic import ValidationError

    from ritual_tui.settings import Settings

    try:
        Settings.model_validate({"day_start_hour": 30, "letter_weekday": "funday", "gratitude_items": "three"})
    except ValidationError as error:
        message = describe_validation_error(error)
    assert "day_start_hour: must be at most 23" in message
    assert "letter_weekday: must be one of monday, tuesday" in message
    assert "gratitude_items: must be a whole number" in message


# -- 11. `ritual themes` never loads the UI toolkit ------------------------------------------------


def test_ritual_themes_imports_no_textual(locations: Locations) -> None:
    (locations.user_themes_dir).mkdir(parents=True, exist_ok=True)
    (locations.user_themes_dir / "mine.toml").write_text('name = "mine"\nprimary = "#8fb8a8"\n')
    code = (
        "import sys\nfrom ritual_tui.cli import main\ncode = main(['themes'])\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print('LOADED', loaded, code)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "mine" in result.stdout and "ritual-dusk" in result.stdout
    assert "LOADED [] 0" in result.stdout, result.stdout + result.stderr



