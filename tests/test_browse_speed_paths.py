"""The browser's quick paths behave as the slow ones did: the search field (no layout per key), a
list that keeps its number of rows across jumps, the reading pane's size, and the footer's keys."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from textual import events

from ritual_tui.models import GratitudeEntry
from ritual_tui.paths import Locations
from ritual_tui.screens.browse import MAX_ROWS, BrowseScreen
from ritual_tui.screens.calendar import CalendarScreen
from ritual_tui.store import Store
from ritual_tui.widgets import EntryList, ReadingPane
from ritual_tui.widgets.search_field import SearchField
from tests.conftest import DAY, FROZEN

SIZE = (100, 30)
DAYS = 120
KINGFISHER_DAYS = (5, 60, 100)
HERON_DAYS = (3, 30, 61, 90)


def seed(locations: Locations) -> None:
    """A gratitude entry every day for DAYS days; a kingfisher on three of them, a heron on four."""
    store = Store(locations.data_dir)
    for back in range(DAYS):
        day = DAY - timedelta(days=back)
        moment = datetime.combine(day, time(9), tzinfo=FROZEN.tzinfo)
        words = [f"ordinary day {back}"]
        words += ["a kingfisher on the canal"] if back in KINGFISHER_DAYS else []
        words += ["the heron stood still"] if back in HERON_DAYS else []
        store.save(GratitudeEntry(day=day, items=words, id=f"g{back:09d}", created=moment, updated=moment))


def ids(backs) -> list[str]:
    return [f"g{back:09d}" for back in sorted(backs)]


async def open_browser(make_app, pilot) -> BrowseScreen:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, BrowseScreen)
    return screen


async def test_typing_editing_and_pasting_a_search_find_what_they_should(make_app, locations: Locations) -> None:
    seed(locations)
    app = make_app("browse")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_browser(make_app, pilot)
        field = screen.query_one("#browse-search", SearchField)
        await pilot.press("slash", *"kingf")
        assert field.value == "kingf" and [e.id for e in screen.window] == ids(KINGFISHER_DAYS)
        assert "kingfisher" in str(screen.query_one("#browse-text", ReadingPane).render())
        assert "3 entries" in str(screen.query_one("#browse-title").render())
        await pilot.press(*["backspace"] * 5, *"hron", "left", "left", "left", "e")  # a missed letter put back
        assert field.value == "heron" and field.cursor_position == 2
        assert [e.id for e in screen.window] == ids(HERON_DAYS)
        await pilot.press("end", "space", *"sto")  # every word must begin a word of the entry
        assert [e.id for e in screen.window] == ids(HERON_DAYS)
        await pilot.press("backspace", "backspace", "backspace", *"can")
        assert screen.window == []
        await pilot.press("shift+home", *"canal")  # the selection is replaced by what is typed
        assert field.value == "canal" and [e.id for e in screen.window] == ids(KINGFISHER_DAYS)
        await pilot.press("ctrl+u")  # everything before the cursor goes: the whole list again
        assert field.value == "" and screen.query_text == "" and len(screen.window) == MAX_ROWS
        field.post_message(events.Paste("kingfisher canal"))
        await pilot.pause()
        assert field.value == "kingfisher canal" and [e.id for e in screen.window] == ids(KINGFISHER_DAYS)
        await pilot.press("enter")  # back to the list, the search kept
        assert screen.focused is screen.query_one("#browse-list", EntryList) and screen.query_text == "kingfisher canal"
        await pilot.press("j")
        assert screen.current().id == ids(KINGFISHER_DAYS)[1]
        await pilot.press("slash", "escape")  # escape in the field clears the search
        assert field.value == "" and not field.display and len(screen.window) == MAX_ROWS


async def test_a_short_search_keeps_the_field_still_and_a_long_one_scrolls(make_app, locations: Locations) -> None:
    seed(locations)
    app = make_app("browse")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_browser(make_app, pilot)
        field = screen.query_one("#browse-search", SearchField)
        await pilot.press("slash", *"heron", "space")
        width = field.scrollable_content_region.width
        assert field.virtual_size.width == width and field.scroll_x == 0  # no new size, so no layout
        long_words = "heron " * 20
        field.post_message(events.Paste(long_words))
        await pilot.pause()
        assert field.value == "heron " + long_words  # every letter kept
        assert field.virtual_size.width > width and field.scroll_x > 0  # the cursor at the end stays in view
        await pilot.press("home")
        await pilot.pause()
        assert field.scroll_x == 0 and field.cursor_position == 0
        assert [e.id for e in screen.window] == ids(HERON_DAYS)


async def test_a_jump_and_a_calendar_enter_land_on_the_day_and_keep_the_rows(make_app, locations: Locations) -> None:
    seed(locations)
    app = make_app("browse")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_browser(make_app, pilot)
        rows = screen.query_one("#browse-list", EntryList)
        at_top = rows.row_count
        wanted = DAY - timedelta(days=70)
        await pilot.press("d", *wanted.isoformat(), "enter")
        await pilot.pause()
        assert screen.current().day == wanted
        assert rows.row_count == at_top and rows.rows[0].disabled  # "… newer" above, one entry fewer below it
        assert len(screen.window) == MAX_ROWS - 1
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CalendarScreen)
        await pilot.press("left", "left")  # two weeks back
        chosen = app.screen.query_one("YearHeatmap").selected
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen and screen.current().day == chosen == wanted - timedelta(days=14)
        assert rows.row_count == at_top


async def test_the_arrows_walk_through_every_entry_across_the_window_edges(make_app, locations: Locations) -> None:
    seed(locations)
    app = make_app("browse")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_browser(make_app, pilot)
        seen = [screen.current().day]
        for _ in range(DAYS - 1):
            await pilot.press("j")
            seen.append(screen.current().day)
        assert seen == [DAY - timedelta(days=back) for back in range(DAYS)]
        await pilot.press("j")  # the last entry stays
        assert screen.current().day == DAY - timedelta(days=DAYS - 1)
        for _ in range(DAYS - 1):
            await pilot.press("k")
        assert screen.current().day == DAY and not screen.query_one("#browse-list", EntryList).rows[0].disabled


async def test_the_reading_pane_scrolls_only_words_that_do_not_fit(make_app, locations: Locations) -> None:
    store = Store(locations.data_dir)
    store.save(GratitudeEntry(day=DAY, items=[f"line of thanks number {n}" for n in range(60)], id="long000001"))
    store.save(GratitudeEntry(day=DAY - timedelta(days=1), items=["one short thing"], id="short00001"))
    app = make_app("browse")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_browser(make_app, pilot)
        pane = screen.query_one("#browse-text", ReadingPane)
        assert pane.virtual_size.height == len(pane.lines) > pane.scrollable_content_region.height
        assert "number 59" in str(pane.render())
        await pilot.press("j")
        await pilot.pause()
        assert screen.current().id == "short00001" and "one short thing" in str(pane.render())
        assert pane.virtual_size.height == pane.scrollable_content_region.height and pane.max_scroll_y == 0


async def test_the_footer_keys_keep_textuals_look(make_app, locations: Locations) -> None:
    seed(locations)
    app = make_app("browse")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_browser(make_app, pilot)
        keys = list(screen.query("FooterKey"))
        assert {key.description for key in keys} >= {"Back", "Search", "Date", "Calendar"}
        for key in keys:
            palette = key.has_class("-command-palette")
            assert key.compact == palette and key.has_class("-compact") == palette


def test_pages_read_near_a_mark_agree_with_pages_read_from_the_top(locations: Locations) -> None:
    from ritual_tui.catalog import Catalog
    from ritual_tui.entry_pages import ListPages
    from ritual_tui.journal import Journal
    from ritual_tui.queries import RecentHistory

    seed(locations)
    store = Store(locations.data_dir)
    catalog = Catalog(locations.catalog_file, locations.entries_dir)
    journal = Journal(store)
    journal.apply_scan(catalog.scan(store, DAY, RecentHistory.around(DAY)))
    for query, kind in (("", None), ("", "gratitude"), ("day", None), ("ordinary d", "gratitude")):
        truth = ListPages(journal.search(query, kind))
        pages = journal.pages(query, kind)
        assert pages.count() == truth.count() == DAYS
        # Jumps, then pages above, across and below each jump's place, as the browser asks them.
        for back in (119, 70, 3, 200, 0, 118):
            wanted = DAY - timedelta(days=back)
            assert pages.index_of_day(wanted) == truth.index_of_day(wanted)
            place = truth.index_of_day(wanted) or 0
            for start, size in ((place - 13, 39), (place - 1, 5), (place + 20, 39), (place - 40, 3), (place + 5, 1), (place, 0)):
                got = [e.id for e in pages.window(start, size)]
                assert got == [e.id for e in truth.window(start, size)], (query, kind, back, start, size)
