"""Session 12: what a new user (and one with years of history) tripped over in a real terminal."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual import events
from textual.widgets import TextArea

from ritual_tui.models import ExposureEntry, GratitudeEntry, LadderStep, parse_entry
from ritual_tui.paths import Locations
from ritual_tui.screens.boundaries import BoundariesScreen
from ritual_tui.screens.boundary_forms import HeldScreen
from ritual_tui.screens.calendar import CalendarScreen
from ritual_tui.screens.circle_forms import CircleEditor, PersonDialog
from ritual_tui.screens.circles import CirclesScreen
from ritual_tui.screens.exposure import ExposureScreen
from ritual_tui.screens.help import help_text
from ritual_tui.screens.history import OnThisDayScreen, StepHistoryScreen
from ritual_tui.screens.insights import InsightsScreen
from ritual_tui.screens.mission import AnchorScreen
from ritual_tui.screens.reflect import ReflectScreen
from ritual_tui.store import Store
from tests.conftest import DAY, until

SIZE = (80, 24)


def send_in_one_read(app, text: str) -> None:
    """Post `text` as keys the way the terminal driver does for one read: all queued before any is handled."""
    for character in text:
        key = "space" if character == " " else character
        event = events.Key(key, character)
        event.set_sender(app)
        app.post_message(event)  # queued as the driver queues a read's keys: none is handled before the last is posted


# -- the letter's seal: typing that runs on to the page ----------------------------------------------


async def test_words_typed_quickly_on_the_seal_keep_their_spaces(make_app, locations: Locations) -> None:
    """tab from the page lands on the seal; typing on at once sends a whole read there. Its letters
    went to the page but every space opened the menu: "you were brave" became "youwerebrave"."""
    app = make_app("letter")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("tab")
        assert app.focused.id == "seal"
        send_in_one_read(app, "you were brave")
        body = app.screen.query_one("#body", TextArea)
        await until(pilot, lambda: body.text == "you were brave")
        assert body.text == "you were brave" and app.focused is body
        assert not app.screen.query_one("#seal").expanded


async def test_a_space_on_the_seal_still_opens_its_menu(make_app, locations: Locations) -> None:
    """Only a space that follows typing goes to the page: on its own it opens the seal's menu."""
    app = make_app("letter")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("tab", "a")  # typed through to the page, which takes the focus
        await pilot.press("tab")  # back on the seal: a space is the menu's again
        assert app.focused.id == "seal"
        await pilot.press("space")
        await pilot.pause()
        assert app.screen.query_one("#seal").expanded
        assert app.screen.query_one("#body", TextArea).text == "a"


async def test_a_paste_on_the_seal_goes_on_the_page(make_app, locations: Locations) -> None:
    """A paste while the seal had the focus vanished: nothing on the menu takes words."""
    app = make_app("letter")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("tab")
        assert app.focused.id == "seal"
        app.focused.post_message(events.Paste("Dear me,\nyou went."))
        body = app.screen.query_one("#body", TextArea)
        await until(pilot, lambda: body.text == "Dear me,\nyou went.")
        assert body.text == "Dear me,\nyou went." and app.focused is body


# -- a ladder step's history at 80 columns ------------------------------------------------------------


def widget_text(widget) -> str:
    """Every line a widget draws, as plain text."""
    return "\n".join(widget.render_line(y).text for y in range(widget.size.height))


async def test_a_steps_history_at_80_columns_shows_the_small_step_and_keeps_the_chart_in_its_margin(make_app, locations: Locations) -> None:
    """At 80x24 the table's unwrapped outcome squeezed the "small step" column to nothing (its
    heading and words gone), and "used the exit (a brave attempt)" beside the peak bar wrapped
    back to the screen's left edge."""
    store = Store(locations.data_dir)
    step = LadderStep(day=DAY - timedelta(days=20), name="Say hello to a neighbour", difficulty=30)
    store.save(step)
    store.save(ExposureEntry(day=DAY - timedelta(days=3), step=step.name, step_id=step.id, small_step="Say hi to Mrs K",
                             predicted_discomfort=30, discomfort_before=50, discomfort_peak=70, discomfort_after=20,
                             outcome="used-exit"))
    app = make_app("exposure")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await until(pilot, lambda: isinstance(app.screen, StepHistoryScreen))
        await pilot.pause()
        table = widget_text(app.screen.query_one("#history-table"))
        assert "small step" in table and "Say hi" in table and "Mrs" in table
        assert "brave" in table and "attempt" in table
        chart = app.screen.query_one("#history-chart")
        lines = widget_text(chart).splitlines()
        assert any(line.strip() == "used the exit (a brave attempt)" for line in lines)
        assert all(not line.startswith("brave") and not line.startswith("attempt") for line in lines)


# -- the exposure screen: markup-like words, and the waiting list -------------------------------------


def seed_step_and_plan(locations: Locations, name: str, small_step: str) -> tuple[LadderStep, ExposureEntry]:
    """A ladder step and a plan on it, written today and waiting for its reflection."""
    store = Store(locations.data_dir)
    step = LadderStep(day=DAY - timedelta(days=20), name=name, difficulty=30)
    store.save(step)
    plan = ExposureEntry(day=DAY, step=step.name, step_id=step.id, small_step=small_step, predicted_discomfort=40)
    store.save(plan)
    return step, plan


async def test_a_step_named_with_markup_like_words_opens_the_ladder(make_app, locations: Locations) -> None:
    """A step called "say hi [/b] then leave" (or a plan's small step with "[/]") closed the app
    with "an unexpected error (MarkupError ...)" each time the exposure screen opened."""
    seed_step_and_plan(locations, "say hi [/b] then leave", "wave [/] and [@click=app.quit]go[/]")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert app.return_code is None and not app.crashed
        assert isinstance(app.screen, ExposureScreen)
        ladder = widget_text(app.screen.query_one("#ladder"))
        waiting = widget_text(app.screen.query_one("#waiting"))
        assert "say hi [/b] then" in ladder and "wave [/] and" in waiting


async def test_tab_then_enter_on_the_waiting_plans_opens_the_reflection(make_app, locations: Locations) -> None:
    """tab moved to the waiting plans with no row highlighted, and enter there did nothing."""
    _, plan = seed_step_and_plan(locations, "say hello to a neighbour", "say hi")
    app = make_app("exposure")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("tab")
        assert app.focused.id == "waiting" and app.focused.highlighted == 0
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReflectScreen))
        assert isinstance(app.screen, ReflectScreen) and app.screen.plan.id == plan.id


async def test_tab_then_enter_on_the_held_moments_opens_one_and_back_shows_the_row_again(make_app, locations: Locations) -> None:
    """The boundaries' held moments: tab landed on no row and enter did nothing; after a moment's
    form closed, the list drawn again had lost its highlight while it kept the focus."""
    store = Store(locations.data_dir)
    store.save(parse_entry({"kind": "held", "day": DAY - timedelta(days=1), "moment": "said no to the late call"}))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, BoundariesScreen))
        await pilot.press("tab")
        assert app.focused.id == "held" and app.focused.highlighted == 0
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, HeldScreen))
        assert isinstance(app.screen, HeldScreen)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, BoundariesScreen))
        await pilot.pause()
        assert app.focused.id == "held" and app.focused.highlighted == 0


# -- help ---------------------------------------------------------------------------------------------


def help_section(text: str, title: str) -> str:
    """One **section** of the help's Markdown."""
    start = text.index(f"**{title}**")
    end = text.find("\n**", start + 1)
    return text[start:end if end != -1 else len(text)]


@pytest.mark.parametrize("screen, title", [(CirclesScreen, "Circles of belonging"), (BoundariesScreen, "Boundaries")])
async def test_the_help_names_every_key_of_the_circles_and_the_boundaries(make_app, screen, title) -> None:
    """? on the circles or the boundaries opened a help that said nothing about either screen."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        section = help_section(help_text(app), title)
        for binding in screen.BINDINGS:
            if binding.action in ("back", "app.help"):
                continue
            assert f"`{binding.key}`" in section, binding.id


# -- the calendar's day --------------------------------------------------------------------------------


async def test_the_calendars_day_keeps_one_line_an_entry_at_80_columns(make_app, locations: Locations) -> None:
    """A long gratitude title wrapped under the day's heading at the panel's left edge, as if it were
    a line of its own; each entry is one line now, cut with an ellipsis."""
    Store(locations.data_dir).save(GratitudeEntry(day=DAY, items=["the bench by the canal where the heron waits every evening", "soup"]))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, CalendarScreen))
        await pilot.pause()
        lines = [line for line in widget_text(app.screen.query_one("#calendar-entries")).splitlines() if line.strip()]
        assert len(lines) == 2 and lines[1].startswith("  Gratitude: the bench") and lines[1].rstrip().endswith("…")


async def test_tab_to_a_circles_people_then_enter_opens_the_person(make_app, locations: Locations) -> None:
    """The people of a circle: tab landed on no row, so enter (change), space (★) and delete did nothing."""
    circle = parse_entry({"kind": "circle", "day": DAY - timedelta(days=5), "circle": "Choir", "circle_kind": "hobby-or-club",
                          "people": [{"name": "Anna", "knows_rejection": False}]})
    Store(locations.data_dir).save(circle)
    app = make_app("circles")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, CircleEditor))
        while app.focused.id != "people":
            await pilot.press("tab")
        assert app.focused.highlighted == 0
        await pilot.press("space")  # ★: knows how I handle rejection
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, PersonDialog))
        assert isinstance(app.screen, PersonDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.people == [{"name": "Anna", "knows_rejection": True}]


async def test_tab_to_the_strengths_list_then_enter_picks_the_one_shown(make_app, locations: Locations) -> None:
    """Typing in the strength field filters its list; tab then reached the list with no strength
    highlighted, and enter did nothing."""
    app = make_app("strengths")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.focused.id == "strength"
        await pilot.press("h", "o", "tab")
        await pilot.pause()
        listed = app.focused
        assert listed.id == "strength-list"
        assert listed.highlighted == 0
        first = str(listed.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one("#strength").value == first and app.focused.id == "where_it_showed"


async def test_insights_stand_off_the_edge_like_every_other_screen(make_app, locations: Locations) -> None:
    """Since the looks back took their styles along (each screen its own CSS), insights had lost
    them: its title plain at the screen's edge, its figures and charts against the left border."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("i")
        await until(pilot, lambda: isinstance(app.screen, InsightsScreen))
        await pilot.pause()
        title = app.screen.query_one("#history-title")
        body = app.screen.query_one("#history-body")
        assert title.has_class("page-title") and title.content_region.x == 2
        assert body.content_region.x == 4


# -- typing on a list goes on into its field ----------------------------------------------------------


async def test_words_typed_on_the_letters_wins_go_on_the_page(make_app, locations: Locations) -> None:
    """The wins list took every key typed on it and kept none: "Dear me" typed there was gone.
    Now the words go on the page, and a space on its own still keeps a win."""
    Store(locations.data_dir).save(GratitudeEntry(day=DAY, items=["warm tea"]))
    app = make_app("letter")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        wins = app.screen.query_one("#wins")
        wins.focus()
        await pilot.press("space")
        await pilot.pause()
        assert wins.selected  # space keeps the highlighted win
        send_in_one_read(app, "you were kind")
        body = app.screen.query_one("#body", TextArea)
        await until(pilot, lambda: body.text == "you were kind")
        assert body.text == "you were kind" and app.focused is body and wins.selected


async def test_words_typed_on_the_strengths_list_go_on_filtering_it(make_app, locations: Locations) -> None:
    """down into the list, then typing: the keys did nothing; now they go on in the field above."""
    app = make_app("strengths")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down")
        assert app.focused.id == "strength-list"
        send_in_one_read(app, "love of")
        field = app.screen.query_one("#strength")
        await until(pilot, lambda: field.value == "love of")
        assert field.value == "love of" and app.focused is field
        listed = [str(option.prompt) for option in app.screen.query_one("#strength-list").options]
        assert listed and all("love of" in name.casefold() for name in listed)


async def test_on_this_day_keeps_one_line_an_entry_at_80_columns(make_app, locations: Locations) -> None:
    """o on Today: a long title wrapped to the left margin, under the kind names, like the calendar's day."""
    week_ago = DAY - timedelta(days=7)
    Store(locations.data_dir).save(GratitudeEntry(day=week_ago, items=["the bench by the canal where the heron waits every evening", "soup and bread"]))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("o")
        await until(pilot, lambda: isinstance(app.screen, OnThisDayScreen))
        await pilot.pause()
        shown = [widget_text(static) for static in app.screen.query(".past-entry")]
        assert len(shown) == 1 and len(shown[0].splitlines()) == 1
        assert shown[0].startswith("  Gratitude: the bench") and shown[0].rstrip().endswith("…")


async def test_todays_waiting_plans_keep_their_day_on_their_line_at_80_columns(make_app, locations: Locations) -> None:
    """A plan's small step of some length pushed " · planned Fri 27 Nov" over the edge: its day wrapped
    to the left margin, alone on a line."""
    seed_step_and_plan(locations, "say hello to a neighbour", "knock on the door of the flat upstairs and say hello to them")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lines = [line for line in widget_text(app.screen.query_one("#today-waiting")).splitlines() if line.strip()]
        assert len(lines) == 2 and lines[1].startswith("  knock on the door") and "· planned" in lines[1]


async def test_the_anchor_never_counts_wins_it_does_not_show(make_app, locations: Locations) -> None:
    """After a reframe the anchor said "Three recent wins" above one or two."""
    Store(locations.data_dir).save(parse_entry({"kind": "strengths", "day": DAY, "strength": "Hope", "where_it_showed": "at the bus stop"}))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(AnchorScreen())
        await pilot.pause()
        wins = widget_text(app.screen.query_one("#anchor-wins")).strip().splitlines()
        headings = [widget_text(s).strip() for s in app.screen.query(".section")]
        assert len(wins) == 1 and "Recent wins" in headings and not any("Three" in h for h in headings)


@pytest.mark.parametrize(("name", "shown"), [
    ("Make a phone call to book a table", "30  Make a phone call"),
    # Cut at so many letters, not cells, a Japanese name took twice the room (E12).
    ("予約の電話をかけて、窓際の席を二人分お願いする練習をする", "30  予約"),
])
async def test_the_ladder_keeps_a_steps_attempts_whole_at_80_columns(make_app, locations: Locations, name: str, shown: str) -> None:
    """At 80 columns a step's name of thirty letters pushed its attempts off the row: "· tried 1…"."""
    step, plan = seed_step_and_plan(locations, name, "call the bistro")
    Store(locations.data_dir).save(ExposureEntry(day=DAY - timedelta(days=2), step=step.name, step_id=step.id,
                                                 small_step="call", predicted_discomfort=40, discomfort_peak=30, outcome="done"))
    app = make_app("exposure")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        row = widget_text(app.screen.query_one("#ladder")).splitlines()[0]
        assert row.strip().startswith(shown) and row.rstrip().endswith("· tried 1×")


@pytest.mark.parametrize("key", ["h", "c", "x"])
async def test_a_step_key_on_an_empty_ladder_says_why_nothing_happens(make_app, locations: Locations, key) -> None:
    """h (history), c (change) and x (archive) on an empty ladder did nothing, without a word (p said to add a step)."""
    app = make_app("exposure")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, ExposureScreen)
        assert any("a adds one" in notification.message for notification in app._notifications)
