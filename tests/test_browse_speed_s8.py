"""Search as you type lays nothing out again: the reading pane and the list keep their scrollbar's
column whether or not the words or rows fit (the bar is drawn only when they do not), so a key that
brings a long entry, a short one or no rows at all only redraws."""

from __future__ import annotations

from datetime import timedelta

from rich.console import Console
from rich.segment import Segment
from textual.scrollbar import ScrollBarRender

from ritual_tui.models import GratitudeEntry
from ritual_tui.paths import Locations
from ritual_tui.screens.browse import BrowseScreen
from ritual_tui.store import Store
from ritual_tui.widgets import EntryList, ReadingPane
from ritual_tui.widgets.reading_pane import QuietScrollBarRender
from tests.conftest import DAY

SIZE = (100, 30)


def seed(locations: Locations) -> None:
    """Two long entries (of other lengths), a short one, and thirty ordinary days."""
    store = Store(locations.data_dir)
    store.save(GratitudeEntry(day=DAY, items=[f"heron line {n}" for n in range(60)], id="long000001"))
    store.save(GratitudeEntry(day=DAY - timedelta(days=1), items=["a short kingfisher"], id="short00001"))
    store.save(GratitudeEntry(day=DAY - timedelta(days=2), items=[f"wren note {n}" for n in range(45)], id="long000002"))
    for back in range(3, 33):
        store.save(GratitudeEntry(day=DAY - timedelta(days=back), items=[f"ordinary day {back}"]))


def bar_cells(render: ScrollBarRender, height: int) -> list[list[Segment]]:
    console = Console(width=2, height=height, legacy_windows=False)
    return console.render_lines(render, console.options.update(width=2, height=height), pad=False)


def test_the_quiet_scrollbar_is_blank_when_nothing_scrolls_and_textuals_otherwise() -> None:
    style = "red on blue"
    blank = bar_cells(QuietScrollBarRender(virtual_size=10, window_size=0, thickness=2, style=style), 10)
    assert [[(s.text, s.style) for s in line] for line in blank] == [[("  ", None)]] * 10
    scrolling = dict(virtual_size=40, window_size=10, position=5, thickness=2, style=style)
    assert bar_cells(QuietScrollBarRender(**scrolling), 10) == bar_cells(ScrollBarRender(**scrolling), 10)


async def test_keys_that_change_the_entry_or_the_rows_lay_nothing_out(make_app, locations: Locations) -> None:
    seed(locations)
    app = make_app("browse")
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        pane = screen.query_one("#browse-text", ReadingPane)
        listing = screen.query_one("#browse-list", EntryList)
        await pilot.press("slash")
        await pilot.pause()
        layouts: list[object] = []
        screen.screen_layout_refresh_signal.subscribe(screen, layouts.append)

        async def typed(*keys: str) -> None:
            await pilot.press(*keys)
            await pilot.pause()

        await typed(*"heron")  # the long entry alone: the pane scrolls, the list does not
        assert screen.current().id == "long000001" and pane.max_scroll_y > 0
        assert pane.vertical_scrollbar.window_virtual_size == len(pane.lines) > pane.scrollable_content_region.height
        assert listing.max_scroll_y == 0
        pane.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        assert pane.scroll_y == pane.max_scroll_y and "heron line 59" in str(pane.render())
        await typed(*["backspace"] * 5, *"kingf")  # a short entry: nothing to scroll
        assert screen.current().id == "short00001" and pane.max_scroll_y == 0 and pane.scroll_y == 0
        await typed(*["backspace"] * 5, *"wren")  # another long one, of another length
        assert screen.current().id == "long000002" and pane.max_scroll_y > 0 and pane.scroll_y == 0
        await typed("z")  # no entry at all: no rows, a line of words
        assert listing.row_count == 0 and pane.max_scroll_y == 0
        await typed(*["backspace"] * 5)  # every entry again: the list scrolls
        assert listing.row_count == 33 and listing.max_scroll_y > 0
        assert layouts == []
        # Every line fits inside the scrollbar's column, which is always kept.
        assert all(line.cell_length <= pane.scrollable_content_region.width for line in pane.lines)
        assert pane.scrollable_content_region.width == pane.size.width - pane.styles.scrollbar_size_vertical


def test_a_list_asked_again_is_counted_once_until_the_catalog_changes(tmp_path) -> None:
    from ritual_tui.catalog import Catalog
    from ritual_tui.paths import resolve_locations

    locations = resolve_locations(tmp_path / "data")
    store = Store(locations.data_dir)
    for back, text in enumerate(["a heron by the canal", "two herons", "a wren"]):
        store.save(GratitudeEntry(day=DAY - timedelta(days=back), items=[text]))
    catalog = Catalog(locations.catalog_file, locations.entries_dir)
    catalog.reconcile(DAY)
    counted: list[str] = []
    catalog.connection().set_trace_callback(lambda sql: counted.append(sql) if "count(*)" in sql else None)
    assert catalog.pages(None, "hero").count() == 2
    assert catalog.pages(None, "heron").count() == 2  # the same words: the same list, not counted again
    assert len(counted) == 1
    store.save(GratitudeEntry(day=DAY - timedelta(days=5), items=["the heron again"]))
    catalog.reconcile(DAY)
    assert catalog.pages(None, "heron").count() == 3 and len(counted) == 2
    assert catalog.pages("gratitude", "heron").count() == 3 and catalog.pages(None, "wren").count() == 1


async def test_a_key_that_only_changes_the_count_makes_no_row_again(make_app, locations: Locations) -> None:
    store = Store(locations.data_dir)
    for back in range(60):  # the newest 46 say "ordinary", the 14 oldest "other"
        words = f"ordinary day {back}" if back < 46 else f"other day {back}"
        store.save(GratitudeEntry(day=DAY - timedelta(days=back), items=[words], id=f"g{back:09d}"))
    app = make_app("browse")
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        listing = screen.query_one("#browse-list", EntryList)
        await pilot.press("slash", "o")
        await pilot.pause()
        before = listing.rows
        assert "60 entries" in str(screen.query_one("#browse-title").render()) and "… 20 older" in before[-1].content.plain
        await pilot.press("r")
        await pilot.pause()
        assert "46 entries" in str(screen.query_one("#browse-title").render()) and "… 6 older" in listing.rows[-1].content.plain
        assert all(new.content is old.content for new, old in zip(listing.rows[:-1], before[:-1]))
        # A saved change is a new journal version: its row is made again, with the new words.
        store.save(GratitudeEntry(day=DAY, items=["ordinary words, changed"], id="g000000000"))
        app.journal.load()
        screen.redraw()
        await pilot.pause()
        assert "ordinary words, changed" in listing.rows[0].content.plain


async def test_the_search_field_is_marked_valid_before_its_first_key(make_app, locations: Locations) -> None:
    from ritual_tui.widgets.search_field import SearchField

    seed(locations)
    app = make_app("browse")
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        field = app.screen.query_one("#browse-search", SearchField)
        assert field.has_class("-valid") and not field.has_class("-invalid")
        await pilot.press("slash", *"wren")
        await pilot.pause()
        assert field.value == "wren" and field.has_class("-valid") and not field.has_class("-invalid")
        assert app.screen.current().id == "long000002"
