"""The app driven with the Pilot: type into every screen and check the TOML written."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import Input, TextArea

from ritual_tui.clock import iso_week
from ritual_tui.models import ExposureEntry, LadderStep, StrengthsEntry
from ritual_tui.paths import Locations
from ritual_tui.screens.exposure import ExposureScreen
from ritual_tui.screens.gratitude import GratitudeScreen
from ritual_tui.screens.help import HelpScreen
from ritual_tui.screens.today import TodayScreen
from ritual_tui.store import Store
from ritual_tui.widgets import FormNotice, LineArea
from tests.conftest import FROZEN, entry_files, read_toml, until

SIZE = (100, 30)
TODAY = FROZEN.date()


async def type_text(pilot, text: str) -> None:
    """Type like a user, one key at a time."""
    await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in text])


async def test_today_shows_every_ritual_and_a_kind_consistency_line(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        text = " ".join(str(widget.render()) for widget in app.screen.query("Label, .ritual-row"))
        for name in ("Morning strengths", "Gratitude", "Exposure practice", "Weekly letter"):
            assert name in text
        assert f"{TODAY:%A} {TODAY.day} {TODAY:%B %Y}" in text
        consistency = str(app.screen.query_one("#consistency").render())
        assert "streak" not in consistency.lower()


async def test_gratitude_typed_and_saved(make_app, locations: Locations) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")
        assert isinstance(app.screen, GratitudeScreen)
        await type_text(pilot, "Mara saved me a seat")
        await pilot.press("enter")
        await type_text(pilot, "the river walk")
        await pilot.press("tab")
        await type_text(pilot, "warm soup")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert app.journal.todays("gratitude") is not None
    [path] = entry_files(locations, "gratitude")
    document = read_toml(path)
    assert document["items"] == ["Mara saved me a seat", "the river walk", "warm soup"]
    assert document["day"] == TODAY
    assert not (locations.drafts_dir / "gratitude.toml").exists()


async def test_strengths_filter_pick_and_yesterdays_intention(make_app, locations: Locations) -> None:
    Store(locations.data_dir).save(
        StrengthsEntry(day=TODAY - timedelta(days=1), strength="Bravery", use_today="speak first at stand-up")
    )
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        prompts = " ".join(str(p.render()) for p in app.screen.query("Prompt"))
        assert "speak first at stand-up" in prompts
        app.screen.query_one("#strength", Input).focus()
        await type_text(pilot, "kind")
        await pilot.press("down", "enter")
        assert app.screen.query_one("#strength", Input).value == "Kindness"
        await type_text(pilot, "held the door and waited")
        await pilot.press("tab")
        await type_text(pilot, "ask a colleague how they are")
        app.screen.query_one("#yesterday_note", TextArea).text = "I spoke second, still counts"
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = [read_toml(p) for p in entry_files(locations, "strengths") if read_toml(p)["day"] == TODAY]
    assert saved[0]["strength"] == "Kindness"
    assert saved[0]["where_it_showed"] == "held the door and waited"
    assert saved[0]["use_today"] == "ask a colleague how they are"
    assert saved[0]["yesterday_note"] == "I spoke second, still counts"


async def test_own_strength_words_are_kept(make_app, locations: Locations) -> None:
    app = make_app("strengths")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_text(pilot, "Showing up anyway")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert read_toml(entry_files(locations, "strengths")[0])["strength"] == "Showing up anyway"


async def test_exposure_ladder_plan_and_brave_exit(make_app, locations: Locations) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        assert isinstance(app.screen, ExposureScreen)
        for name, rating in (("Ask a question at stand-up", "60"), ("Say hello to a neighbour", "20")):
            await pilot.press("a")
            await type_text(pilot, name)
            await pilot.press("enter", "backspace", "backspace", *rating, "enter")
            await pilot.pause()
        names = [s.name for s in app.journal.ladder()]
        assert names == ["Say hello to a neighbour", "Ask a question at stand-up"]
        await pilot.press("shift+down")  # move the highlighted (new, easy) step harder
        await pilot.pause()
        # plan on the highlighted step
        await pilot.press("enter")
        await type_text(pilot, "hallway on Saturday")
        await pilot.press("tab")
        await type_text(pilot, "say hi")
        await pilot.press("tab", "backspace", "backspace", "3", "5", "tab")
        await type_text(pilot, "they ignore me")
        await pilot.press("tab")
        await type_text(pilot, "nod and keep walking")
        await pilot.press("tab")
        await type_text(pilot, "slow breath out")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ExposureScreen)
        [plan] = app.journal.awaiting_reflection()
        # reflect: used the exit
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert app.screen.query_one("#brave").display
        await pilot.press("tab", "4", "0", "tab", "7", "0", "tab", "2", "0", "tab")
        await type_text(pilot, "said hi then left")
        await pilot.press("tab")
        await type_text(pilot, "the breath")
        await pilot.press("tab")
        await type_text(pilot, "one more sentence")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert any("brave" in n.message for n in app._notifications)
    [path] = entry_files(locations, "exposure")
    document = read_toml(path)
    assert document["outcome"] == "used-exit"
    assert (document["discomfort_before"], document["discomfort_peak"], document["discomfort_after"]) == (40, 70, 20)
    assert document["predicted_discomfort"] == 35
    assert document["fear"] == "they ignore me" and document["exit_strategy"] == "nod and keep walking"
    assert document["grounding"] == "slow breath out" and document["what_happened"] == "said hi then left"
    assert document["adjust_next_time"] == "one more sentence" and "reflected" in document


async def test_new_plan_opens_with_last_adjustment(make_app, locations: Locations) -> None:
    store = Store(locations.data_dir)
    step = LadderStep(day=TODAY, name="Join the lunch table", difficulty=50)
    store.save(step)
    store.save(ExposureEntry(day=TODAY - timedelta(days=3), step=step.name, step_id=step.id, small_step="sit down",
                             outcome="done", adjust_next_time="bring a question to ask"))
    app = make_app("exposure")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        notes = " ".join(str(s.render()) for s in app.screen.query(".note"))
        assert "bring a question to ask" in notes


async def test_letter_gathers_wins_and_saves_chosen_ones(make_app, locations: Locations) -> None:
    store = Store(locations.data_dir)
    store.save(ExposureEntry(day=TODAY, step="x", small_step="asked a question", outcome="used-exit"))
    store.save(ExposureEntry(day=TODAY, step="x", small_step="postponed thing", outcome="postponed"))
    app = make_app("letter")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        wins = app.screen.query_one("#wins")
        values = [wins.get_option_at_index(i).value for i in range(wins.option_count)]
        assert values == ["Courage to initiate: you tried “asked a question” and used the exit, which counts"]
        await type_text(pilot, "Dear me, well done.")
        wins.focus()
        await pilot.press("space")
        await pilot.press("ctrl+s")
        await pilot.pause()
    document = read_toml(entry_files(locations, "letter")[0])
    assert document["week"] == iso_week(TODAY) and document["body"] == "Dear me, well done."
    assert document["wins"] == ["Courage to initiate: you tried “asked a question” and used the exit, which counts"]


async def test_escape_keeps_a_draft_and_it_is_offered_back(make_app, locations: Locations) -> None:
    app = make_app("gratitude")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_text(pilot, "half a thought")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert any("draft" in n.message for n in app._notifications)
    assert "half a thought" in (locations.drafts_dir / "gratitude.toml").read_text()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")
        await pilot.pause()
        assert app.screen.query_one("#item-0", LineArea).text == "half a thought"


async def test_ctrl_q_keeps_unsaved_words(make_app, locations: Locations) -> None:
    app = make_app("gratitude")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_text(pilot, "not yet saved")
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert "not yet saved" in (locations.drafts_dir / "gratitude.toml").read_text()
    assert any("draft" in line for line in app.exit_lines)


async def test_failed_save_is_sticky_and_keeps_the_text(make_app, locations: Locations, monkeypatch) -> None:
    import errno
    import os

    from ritual_tui.store import atomic

    app = make_app("gratitude")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_text(pilot, "precious")

        def full(*args, **kwargs):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr(atomic.os, "replace", full)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, GratitudeScreen)
        assert app.screen.query_one("#item-0", LineArea).text == "precious"
        error = app.screen.query_one(FormNotice)  # below the form, never over a field
        assert "NOT saved" in error.message and error.sticky
        monkeypatch.undo()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
    assert len(entry_files(locations, "gratitude")) == 1


async def test_help_screen_and_palette_have_no_screenshot(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Screenshot" not in titles
        assert {"Morning strengths", "Gratitude", "Exposure practice", "Weekly letter", "Quit"} <= set(titles)


async def test_keys_can_be_remapped_in_config(make_app, locations: Locations) -> None:
    locations.config_dir.mkdir(parents=True, exist_ok=True)
    locations.config_file.write_text('[keymap]\n"today.gratitude" = "G"\n')
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        rows = {row.state.kind: str(row.render()) for row in app.screen.query(".ritual-row")}
        assert rows["gratitude"].rstrip().endswith("G") and rows["strengths"].rstrip().endswith("s")
        await pilot.press("G")
        assert isinstance(app.screen, GratitudeScreen)


async def test_broken_config_gives_defaults_and_one_message(make_app, locations: Locations) -> None:
    locations.config_dir.mkdir(parents=True, exist_ok=True)
    locations.config_file.write_text("day_start_hour = 4\nmystery = 1\n")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("mystery" in m and "unknown setting" in m for m in messages)


async def test_today_lists_plans_waiting_and_a_memory(make_app, locations: Locations) -> None:
    from ritual_tui.models import GratitudeEntry

    store = Store(locations.data_dir)
    store.save(ExposureEntry(day=TODAY - timedelta(days=1), step="x", small_step="call my aunt"))
    store.save(GratitudeEntry(day=TODAY - timedelta(days=30), items=["the first snow"]))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        labels = str(app.screen.query_one("#today-waiting").render())
        assert "call my aunt" in labels
        assert "the first snow" in str(app.screen.query_one("#memory").render())


async def test_control_characters_show_as_symbols_on_today(make_app, locations: Locations) -> None:
    from ritual_tui.models import GratitudeEntry

    Store(locations.data_dir).save(GratitudeEntry(day=TODAY - timedelta(days=30), items=["red \x1b[31m alert"]))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        memory = str(app.screen.query_one("#memory").render())
        assert "\x1b" not in memory and "\u241b" in memory


async def test_editing_text_with_escape_codes_never_sends_them_raw(make_app, locations: Locations) -> None:
    from ritual_tui.models import GratitudeEntry

    Store(locations.data_dir).save(GratitudeEntry(day=TODAY, items=["red \x1b[31m alert \x00 end"]))
    app = make_app("gratitude")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        field = app.screen.query_one("#item-0", LineArea)
        assert field.text == "red \x1b[31m alert \x00 end"
        assert "\x1b" not in app.export_screenshot()
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert read_toml(entry_files(locations, "gratitude")[0])["items"] == ["red \x1b[31m alert \x00 end"]


async def test_history_loads_in_the_background_and_today_catches_up(make_app, locations: Locations) -> None:
    from ritual_tui.models import GratitudeEntry

    store = Store(locations.data_dir)
    store.save(ExposureEntry(day=TODAY - timedelta(days=90), step="x", small_step="the old plan"))
    store.save(GratitudeEntry(day=TODAY, items=["today's tea"]))
    app = make_app(background_load=True)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.journal.complete)  # the worker starts after Today's first frame: wait for its result, not for it
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.journal.complete
        assert [p.small_step for p in app.journal.awaiting_reflection()] == ["the old plan"]
        labels = str(app.screen.query_one("#today-waiting").render())
        assert "the old plan" in labels


def test_words_saved_while_history_loads_are_kept(locations: Locations, monkeypatch) -> None:
    from ritual_tui.journal import Journal
    from ritual_tui.models import GratitudeEntry
    from ritual_tui.store import store as store_module

    store = Store(locations.data_dir)
    store.save(GratitudeEntry(day=TODAY - timedelta(days=400), items=["long ago"]))
    journal = Journal(Store(locations.data_dir), clock=lambda: FROZEN)
    journal.load_recent()
    entry = GratitudeEntry(day=TODAY, items=["saved while loading"])
    real_walk = store_module.walk_entry_files

    def walk_then_user_saves(folder):
        files = real_walk(folder)  # the scan has listed the folder...
        journal.save(entry)  # ...when the user presses ctrl+s
        return files

    monkeypatch.setattr(store_module, "walk_entry_files", walk_then_user_saves)
    scan = journal.store.scan()
    monkeypatch.undo()
    journal.apply_scan(scan)
    assert sorted(e.items[0] for e in journal.of_kind("gratitude")) == ["long ago", "saved while loading"]
    again = journal.save(entry.model_copy(update={"items": ["saved while loading, edited"]}))
    assert again.conflict_with is None  # the scan did not make ritual forget its own save


async def test_today_under_a_ritual_opened_from_the_command_line_is_current(make_app, locations: Locations) -> None:
    app = make_app("gratitude")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_text(pilot, "fresh bread")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert f"{TODAY:%A} {TODAY.day} {TODAY:%B %Y}" in str(app.screen.query_one("#today-header").render())
        states = " ".join(str(label.render()) for label in app.screen.query(".ritual-row"))
        assert "done" in states
