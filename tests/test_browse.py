"""Looking back: the browser, letters, a step's history, on this day, trash and restore."""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta

from ritual_tui.clock import iso_week
from ritual_tui.models import ExposureEntry, GratitudeEntry, LadderStep, LetterEntry, StrengthsEntry
from ritual_tui.paths import Locations
from ritual_tui.screens.browse import MAX_ROWS, BrowseScreen
from ritual_tui.screens.gratitude import GratitudeScreen
from ritual_tui.screens.history import OnThisDayScreen, StepHistoryScreen
from ritual_tui.screens.letters import LettersScreen
from ritual_tui.store import Store
from tests.conftest import FROZEN, entry_files, read_toml, run_cli

TODAY = FROZEN.date()
SIZE = (100, 30)


def seed(locations: Locations, moment: datetime = FROZEN) -> Store:
    """Four weeks of gratitude, a strength a year ago, four weekly letters, all before `moment`."""
    store = Store(locations.data_dir)
    at = dict(created=moment, updated=moment)
    today = moment.date()
    for back in range(0, 28):
        store.save(GratitudeEntry(day=today - timedelta(days=back), items=[f"ordinary day {back}"], id=f"grat{back:06d}", **at))
    store.save(GratitudeEntry(day=today - timedelta(days=21), items=["the heron by the canal"], id="heron00001", **at))
    a_year_ago = date(today.year - 1, today.month, min(today.day, 28) if today.month == 2 else today.day)
    store.save(StrengthsEntry(day=a_year_ago, strength="Hope", id="hope000001", **at))
    for weeks in range(4):
        day = today - timedelta(days=3 + 7 * weeks)
        store.save(LetterEntry(day=day, week=iso_week(day), body=f"Dear me, letter number {4 - weeks}.", wins=[f"win {weeks}"], id=f"letr{weeks:06d}", **at))
    return store


async def test_find_a_word_from_three_weeks_ago_in_few_keys(make_app, locations: Locations) -> None:
    seed(locations)
    app = make_app("browse")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)
        await pilot.press("slash", "h", "e", "r", "o")
        await pilot.pause()
        screen = app.screen
        assert [e.items for e in screen.window] == [["the heron by the canal"]]
        assert "heron" in str(screen.query_one("#browse-text").render())


async def test_kind_filter_and_newest_first(make_app, locations: Locations) -> None:
    seed(locations)
    app = make_app("browse")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        days = [e.day for e in app.screen.window]
        assert days == sorted(days, reverse=True)
        await pilot.press("f", "f", "f", "f")
        assert {e.kind for e in app.screen.window} == {"letter"}
        await pilot.press("j", "k", "j")
        assert app.screen.current().body == "Dear me, letter number 3."


async def test_jump_to_a_date(make_app, locations: Locations) -> None:
    seed(locations)
    app = make_app("browse")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        wanted = (TODAY - timedelta(days=15)).isoformat()
        await pilot.press("d", *wanted, "enter")
        await pilot.pause()
        assert str(app.screen.current().day) == wanted


async def test_read_the_last_four_letters_in_order(make_app, locations: Locations) -> None:
    seed(locations)
    app = make_app("browse")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("L")
        assert isinstance(app.screen, LettersScreen)
        seen = []
        for _ in range(4):
            seen.append(str(app.screen.query_one("#letter-text").render()).split("\n")[0])
            await pilot.press("left")
        assert seen == [f"Dear me, letter number {n}." for n in (4, 3, 2, 1)]
        await pilot.press("right")
        assert "letter number 2" in str(app.screen.query_one("#letter-text").render())


async def test_edit_a_past_entry_keeps_its_day(make_app, locations: Locations) -> None:
    seed(locations)
    app = make_app("browse")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"heron", "enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, GratitudeScreen)
        past = TODAY - timedelta(days=21)
        title = str(app.screen.query_one("ScreenTitle").render())
        assert f"{past:%A} {past.day} {past:%B} {past.year}" in title  # the entry's own day, not today's
        await pilot.press("end", *" and egret", "ctrl+s")
        await pilot.pause()
    [document] = [read_toml(p) for p in entry_files(locations, "gratitude") if "heron" in p.read_text()]
    assert document["items"][0] == "the heron by the canal and egret"
    assert document["day"] == TODAY - timedelta(days=21)


async def test_a_past_strengths_entry_shows_the_intention_of_the_day_before_it(make_app, locations: Locations) -> None:
    store = Store(locations.data_dir)
    past = TODAY - timedelta(days=40)
    store.save(StrengthsEntry(day=past - timedelta(days=1), strength="Hope", use_today="call my sister"))
    store.save(StrengthsEntry(day=past, strength="Zest", id="zest000001"))
    store.save(StrengthsEntry(day=TODAY - timedelta(days=1), strength="Humour", use_today="joke at lunch"))
    app = make_app("browse")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d", *past.isoformat(), "enter")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        shown = " ".join(str(label.render()) for label in app.screen.query("Prompt, ScreenTitle"))
    assert "call my sister" in shown and "joke at lunch" not in shown and f"{past.year}" in shown


async def test_delete_asks_then_trashes_and_restores(make_app, locations: Locations) -> None:
    seed(locations)
    before = len(entry_files(locations, "gratitude"))
    app = make_app("browse")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"heron", "enter", "x")
        await pilot.pause()
        await pilot.press("n")
        assert len(entry_files(locations, "gratitude")) == before
        await pilot.press("x", "y")
        await pilot.pause()
        assert len(entry_files(locations, "gratitude")) == before - 1
        assert list((locations.data_dir / "trash").rglob("*.toml"))
        await pilot.press("t")
        await pilot.pause()
        assert [e.items[0] for e in app.screen.window] == ["the heron by the canal"]
        await pilot.press("u")
        await pilot.pause()
    assert len(entry_files(locations, "gratitude")) == before


async def test_trashing_keeps_the_place_and_the_calendar_shows_the_whole_day(make_app, locations: Locations) -> None:
    from ritual_tui.screens.calendar import CalendarScreen

    seed(locations)
    app = make_app("browse")
    async with app.run_test(size=SIZE) as pilot:
        wanted = TODAY - timedelta(days=20)
        await pilot.press("d", *wanted.isoformat(), "enter")
        await pilot.pause()
        await pilot.press("x", "y")
        await pilot.pause()
        assert app.screen.current().day == wanted - timedelta(days=1)  # the next entry, not the newest
        await pilot.press("slash", *"heron", "enter")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CalendarScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_text == "" and len(app.screen.window) > 1  # no old search hides that day


async def test_step_history_charts_every_attempt(make_app, locations: Locations) -> None:
    store = Store(locations.data_dir)
    step = LadderStep(day=TODAY, name="Speak up in the meeting", difficulty=60)
    store.save(step)
    for back, (predicted, peak, outcome) in enumerate([(70, 50, "done"), (60, 80, "used-exit"), (50, None, "postponed")]):
        store.save(ExposureEntry(day=TODAY - timedelta(days=10 - back), step=step.name, step_id=step.id,
                                 small_step=f"try {back}", predicted_discomfort=predicted, discomfort_peak=peak, outcome=outcome))
    app = make_app("exposure")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, StepHistoryScreen)
        chart = str(app.screen.query_one("#history-chart").render())
        assert chart.count("predicted") == 3 and "brave attempt" in chart and "(not rated)" in chart


async def test_on_this_day_reaches_a_year_back(make_app, locations: Locations) -> None:
    seed(locations)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, OnThisDayScreen)
        text = " ".join(str(w.render()) for w in app.screen.query("Label, Static"))
        assert "A year ago" in text and "Hope" in text


def test_browser_snapshot(snap_compare, make_app, locations: Locations, snapshot_clock) -> None:
    seed(locations, snapshot_clock)

    async def search(pilot) -> None:
        await pilot.press("slash", *"heron")
        pilot.app.screen.query_one("#browse-search").cursor_blink = False
        await pilot.pause()

    assert snap_compare(make_app("browse"), terminal_size=(100, 30), run_before=search)


async def test_calendar_shows_practice_and_the_selected_days_entries(make_app, locations: Locations) -> None:
    from ritual_tui.screens.calendar import CalendarScreen
    from ritual_tui.widgets.heatmap import YearHeatmap

    seed(locations)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CalendarScreen)
        heatmap = app.screen.query_one(YearHeatmap)
        assert heatmap.selected == TODAY and heatmap.levels[TODAY] == 1
        assert heatmap.levels[TODAY - timedelta(days=3)] == 2  # gratitude and a letter
        await pilot.press("left", "left", "left")  # three weeks back
        await pilot.pause()
        assert heatmap.selected == TODAY - timedelta(days=21)
        assert "heron" in str(app.screen.query_one("#calendar-entries").render())
        await pilot.press("left_square_bracket")
        assert heatmap.selected.year == TODAY.year - 1
        await pilot.press("right_square_bracket", "f", "enter")
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)
        assert app.screen.current().day == TODAY - timedelta(days=21)


def test_calendar_snapshot(snap_compare, make_app, locations: Locations, snapshot_clock) -> None:
    seed(locations, snapshot_clock)
    assert snap_compare(make_app(), terminal_size=(100, 30), press=["c"])


def test_search_narrowing_gives_the_same_results_as_a_fresh_search(locations: Locations) -> None:
    from ritual_tui.journal import Journal

    seed(locations)
    journal = Journal(Store(locations.data_dir), clock=lambda: FROZEN)
    journal.load()
    typed = [journal.search(q) for q in ("o", "or", "ord", "ordinary", "ordinary d", "ordinary day 2")]
    for query, result in zip(("o", "or", "ord", "ordinary", "ordinary d", "ordinary day 2"), typed):
        fresh = Journal(Store(locations.data_dir), clock=lambda: FROZEN)
        fresh.load()
        assert [e.id for e in result] == [e.id for e in fresh.search(query)], query
    assert journal.search("heron", "gratitude") and not journal.search("heron", "letter")
    assert len(journal.search("")) == len(journal.entries)


async def test_a_sealed_letter_stays_closed_until_its_day_and_today_offers_it(make_app, locations: Locations) -> None:
    store = Store(locations.data_dir)
    store.save(LetterEntry(id="sealed0001", day=TODAY - timedelta(days=90), week=iso_week(TODAY - timedelta(days=90)), body="secret hope", sealed_until=TODAY + timedelta(days=1)))
    store.save(LetterEntry(id="sealed0002", day=TODAY - timedelta(days=91), week=iso_week(TODAY - timedelta(days=91)), body="opened words", sealed_until=TODAY))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "ready to open" in str(app.screen.query_one("#letter-opening").render())
        await pilot.press("L")
        await pilot.pause()
        assert "opened words" in str(app.screen.query_one("#letter-text").render())
        await pilot.press("escape", "b", "slash", *"secret")
        await pilot.pause()
        assert app.screen.window == []
        await pilot.press("escape")
        await pilot.pause()
        read = " ".join(str(app.screen.query_one("#browse-text").render()).split())
        assert "secret" not in read
    assert "secret" not in run_cli("show", "sealed0001").stdout
    assert "(sealed until" in run_cli("list").stdout and "secret" not in run_cli("list", "--search", "secret").stdout


async def test_sealing_a_letter_when_writing_it(make_app, locations: Locations) -> None:
    from textual.widgets import Select

    app = make_app("letter")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"Dear me, see you in spring.")
        app.screen.query_one("#seal", Select).value = 3
        await pilot.press("ctrl+s")
        await pilot.pause()
    [path] = entry_files(locations, "letter")
    year, month = divmod(TODAY.month - 1 + 3, 12)
    year, month = TODAY.year + year, month + 1
    in_three_months = date(year, month, min(TODAY.day, calendar.monthrange(year, month)[1]))
    assert read_toml(path)["sealed_until"] == in_three_months


async def test_the_browser_is_kept_between_visits(make_app, locations: Locations) -> None:
    seed(locations)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        first = app.screen
        await pilot.press("slash", *"heron", "enter", "escape")
        await pilot.pause()
        assert not isinstance(app.screen, BrowseScreen)
        await pilot.press("b")
        await pilot.pause()
        assert app.screen is first and [e.items[0] for e in app.screen.window] == ["the heron by the canal"]
        await pilot.press("down")
        assert app.screen.current() is not None


async def test_any_entry_however_old_can_be_reached(make_app, locations: Locations) -> None:
    store = Store(locations.data_dir)
    for back in range(200):
        store.save(GratitudeEntry(day=TODAY - timedelta(days=back), items=[f"day {back}"], id=f"many{back:06d}"))
    app = make_app("browse")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        wanted = TODAY - timedelta(days=150)
        await pilot.press("d", *wanted.isoformat(), "enter")
        await pilot.pause()
        assert app.screen.current().day == wanted  # far past the rows drawn at first
        listing = app.screen.query_one("#browse-list")
        assert listing.row_count <= MAX_ROWS + 2  # the window and its two notes, never the whole history
        await pilot.press("j")
        await pilot.pause()
        assert app.screen.current().day == wanted - timedelta(days=1)
        for _ in range(48):  # the arrows go on through everything: the window slides
            await pilot.press("j")
        await pilot.pause()
        assert app.screen.current().day == wanted - timedelta(days=49)  # the oldest
        for _ in range(70):
            await pilot.press("k")
        await pilot.pause()
        assert app.screen.current().day == wanted - timedelta(days=49) + timedelta(days=70)
        await pilot.press("d", *TODAY.isoformat(), "enter")
        await pilot.pause()
        assert app.screen.current().day == TODAY


def footer_keys(app) -> str:
    """The keys the footer shows, as text."""
    from textual.widgets import Footer

    return " ".join(str(key.render()) for key in app.screen.query_one(Footer).query("FooterKey"))


async def test_the_browser_at_80x24_names_what_it_asks_and_shows_only_keys_that_work(make_app, locations: Locations) -> None:
    from ritual_tui.screens.ask import AskScreen, ConfirmScreen

    seed(locations)
    app = make_app("browse")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        keys = footer_keys(app)
        assert "Back" in keys and "Delete" in keys and "Restore" not in keys
        await pilot.press("slash", *"heron", "enter", "x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        asked = str(app.screen.query_one(".dialog-detail").render())
        assert "the heron by the canal" in asked and "u there puts it back" in asked
        await pilot.press("y", "t")
        await pilot.pause()
        keys = footer_keys(app)
        assert "Restore" in keys and "Delete" not in keys and "Back" in keys
        await pilot.press("x")  # nothing to delete in the trash
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
        await pilot.press("t", "d")
        await pilot.pause()
        assert isinstance(app.screen, AskScreen) and app.screen.placeholder == TODAY.isoformat()


async def test_the_footer_is_rebuilt_only_when_its_keys_change(make_app, locations: Locations) -> None:
    seed(locations)
    app = make_app("browse")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = list(app.screen.query("FooterKey"))
        await pilot.press("d", "escape")  # the date question comes and goes: the same keys
        await pilot.pause()
        assert list(app.screen.query("FooterKey")) == before
        await pilot.press("t")  # the trash: Restore instead of Delete
        await pilot.pause()
        assert "Restore" in footer_keys(app) and "Delete" not in footer_keys(app)
