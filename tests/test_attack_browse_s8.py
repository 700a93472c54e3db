"""An attack on this session's faster search-as-you-type (helper B8): the scrollbar's column always
kept and drawn blank when nothing scrolls, counts kept until the catalog changes, rows kept per entry
object, day and journal version. Each test is something a person would meet. What broke: the wheel
and the keys scrolled from where the view had been before there was less to scroll (after a search
that left few rows, or a resize that gave the view more room): a jump, or a first key that did nothing."""

from __future__ import annotations

from datetime import timedelta

from textual import events
from textual.geometry import Region

from ritual_tui.catalog import Catalog
from ritual_tui.clock import FROZEN_NOW_ENV, iso_week
from ritual_tui.models import GratitudeEntry, LetterEntry
from ritual_tui.paths import Locations
from ritual_tui.store import Store
from ritual_tui.widgets import EntryList, ReadingPane
from tests.conftest import DAY, FROZEN

WIDE = "木漏れ日の下で静かに歩いた。🌿🦩 " * 6 + "שלום עולם, הליכה שקטה ליד הנהר. " * 4 + "x" * 130


def seed(locations: Locations) -> None:
    """A long entry, a short one, one of wide and right-to-left words, and thirty ordinary days."""
    store = Store(locations.data_dir)
    store.save(GratitudeEntry(day=DAY, items=[f"heron line {n}" for n in range(60)], id="long000001"))
    store.save(GratitudeEntry(day=DAY - timedelta(days=1), items=["a short kingfisher"], id="short00001"))
    store.save(GratitudeEntry(day=DAY - timedelta(days=2), items=["flamingo " + WIDE], id="wide000001"))
    for back in range(3, 33):
        store.save(GratitudeEntry(day=DAY - timedelta(days=back), items=[f"ordinary day {back}"]))


def thumb(widget: ReadingPane | EntryList) -> int:
    """The thumb's length as the scrollbar draws it now (0: its column is blank)."""
    return widget.vertical_scrollbar.render().window_size


def title(app) -> str:
    return str(app.screen.query_one("#browse-title").render())


async def test_the_bar_follows_the_words_through_searches_and_resizes(make_app, locations: Locations) -> None:
    seed(locations)
    app = make_app("browse")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        pane = app.screen.query_one("#browse-text", ReadingPane)
        listing = app.screen.query_one("#browse-list", EntryList)
        await pilot.press("slash")
        typed = ""
        for word, size in [("heron", (120, 40)), ("kingf", (40, 15)), ("flamingo", (100, 30)), ("heron", (40, 15)), ("", (80, 24))]:
            await pilot.press(*["backspace"] * len(typed), *word)
            typed = word
            await pilot.resize_terminal(*size)
            await pilot.pause()
            await pilot.pause()
            view = pane.scrollable_content_region.height
            assert pane.vertical_scrollbar.window_virtual_size == max(len(pane.lines), view), (word, size)
            assert thumb(pane) == (view if len(pane.lines) > view else 0), (word, size)
            assert thumb(listing) == (listing.scrollable_content_region.height if listing.max_scroll_y else 0)
            width = pane.scrollable_content_region.width
            assert all(line.cell_length <= width for line in pane.lines), (word, size)
            pane.scroll_end(animate=False, immediate=True)
            await pilot.pause()
            assert pane.scroll_y == pane.max_scroll_y == max(0, len(pane.lines) - view)
            shown = [pane.render_line(y).text.rstrip() for y in range(view)]
            assert shown[view - 1 - max(0, view - len(pane.lines))] == pane.lines[-1].plain.rstrip()


async def test_the_blank_column_is_the_panes_own_colour_in_every_bundled_theme(make_app, locations: Locations) -> None:
    from ritual_tui.theming import bundled_themes_dir, use_theme

    seed(locations)
    app = make_app("browse")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("slash", *"kingf")
        await pilot.pause()
        for theme in sorted(path.stem for path in bundled_themes_dir().glob("*.toml")):
            use_theme(app, theme)
            await pilot.pause()
            for widget in (app.screen.query_one("#browse-text", ReadingPane), app.screen.query_one("#browse-list", EntryList)):
                bar = widget.vertical_scrollbar
                cells = [s for strip in bar.render_lines(Region(0, 0, bar.size.width, bar.size.height)) for s in strip]
                body = {s.style.bgcolor for s in widget.render_line(widget.scrollable_content_region.height - 1) if s.style}
                assert cells and {c.text.strip() for c in cells} == {""}, theme
                assert {c.style.bgcolor for c in cells} == body, (theme, type(widget).__name__)


async def test_an_empty_history_shows_no_bar(make_app, locations: Locations) -> None:
    app = make_app("browse")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("slash", *"heron")
        await pilot.pause()
        pane = app.screen.query_one("#browse-text", ReadingPane)
        assert "No entry" in pane.render().plain and thumb(pane) == 0
        assert thumb(app.screen.query_one("#browse-list", EntryList)) == 0


async def test_counts_and_rows_follow_another_process_and_a_letter_that_opens(make_app, locations: Locations, monkeypatch) -> None:
    store = Store(locations.data_dir)
    for back in range(5):
        store.save(GratitudeEntry(day=DAY - timedelta(days=back), items=[f"heron day {back}" if back % 2 else f"wren {back}"], id=f"g{back:09d}"))
    opens = DAY + timedelta(days=1)
    store.save(LetterEntry(id="sealed0001", day=DAY - timedelta(days=90), week=iso_week(DAY - timedelta(days=90)), body="Dear me, heronry hope", sealed_until=opens))
    app = make_app("browse")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        listing = app.screen.query_one("#browse-list", EntryList)
        await pilot.press("slash", *"hero")
        await pilot.pause()
        assert "2 entries" in title(app)
        # Another process saves an entry and brings the shared catalog up to date.
        store.save(GratitudeEntry(day=DAY - timedelta(days=7), items=["heron again"]))
        Catalog(locations.catalog_file, locations.entries_dir).reconcile(DAY)
        await pilot.press("n")
        await pilot.pause()
        assert "3 entries" in title(app) and "heron again" in listing.rows[-1].content.plain
        await pilot.press("backspace")  # "hero" again: its count was kept before the change
        await pilot.pause()
        assert "3 entries" in title(app)
        # An editor changes a listed entry's file in place; another process catalogs it.
        store.save(GratitudeEntry(day=DAY - timedelta(days=1), items=["heron day 1, and a kite"], id="g000000001"))
        Catalog(locations.catalog_file, locations.entries_dir).reconcile(DAY)
        await pilot.press("n")
        await pilot.pause()
        assert "3 entries" in title(app) and "heron day 1, and a kite" in listing.rows[0].content.plain
        await pilot.press(*["backspace"] * 5)
        await pilot.pause()
        assert "(sealed until" in listing.rows[-1].content.plain
        before_dawn = FROZEN.replace(hour=3, minute=30) + timedelta(days=1)  # still today's ritual day (it starts at 04:00)
        monkeypatch.setenv(FROZEN_NOW_ENV, before_dawn.isoformat())
        await pilot.press("w", "backspace")
        await pilot.pause()
        assert app.journal.today() == DAY and "(sealed until" in listing.rows[-1].content.plain
        monkeypatch.setenv(FROZEN_NOW_ENV, (before_dawn + timedelta(hours=1)).isoformat())  # the next ritual day
        await pilot.press("w", "backspace")
        await pilot.pause()
        assert "Dear me, heronry hope" in listing.rows[-1].content.plain


async def wheel(pilot, widget: ReadingPane | EntryList, down: bool = True) -> None:
    """One notch of the mouse wheel over `widget`."""
    x, y = widget.region.x + 3, widget.region.y + 3
    notch = events.MouseScrollDown if down else events.MouseScrollUp
    widget.post_message(notch(widget, 3, 3, 0, 1 if down else -1, 0, False, False, False, x, y))
    await pilot.pause()


async def test_the_wheel_scrolls_the_list_a_little_after_a_search_that_left_few_rows(make_app, locations: Locations) -> None:
    seed(locations)
    app = make_app("browse")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        listing = app.screen.query_one("#browse-list", EntryList)
        await pilot.press("end", "slash", *"kingf")  # the list was at its end, then held one row
        await pilot.pause()
        await pilot.press(*["backspace"] * 5)  # every entry again, from the top
        await pilot.pause()
        assert listing.scroll_y == 0 < listing.max_scroll_y
        await wheel(pilot, listing)
        assert 0 < listing.scroll_y <= 3  # a notch, not a jump to where the list had been
        await pilot.press("escape", "end")
        await pilot.resize_terminal(80, 30)  # taller: the same rows, less to scroll
        await pilot.pause()
        bottom = listing.max_scroll_y
        assert 0 < listing.scroll_y == bottom
        await wheel(pilot, listing, down=False)
        assert bottom - 3 <= listing.scroll_y < bottom


async def test_the_keys_scroll_the_reading_pane_from_where_it_is_after_a_resize(make_app, locations: Locations) -> None:
    seed(locations)
    app = make_app("browse")
    async with app.run_test(size=(40, 15)) as pilot:
        await app.workers.wait_for_complete()
        pane = app.screen.query_one("#browse-text", ReadingPane)
        await pilot.press("slash", *"heron")
        pane.focus()
        for size in [(120, 30), (120, 40)]:  # wider: fewer lines; then taller, the same lines: less to scroll
            await pilot.press("end")
            await pilot.pause()
            await pilot.resize_terminal(*size)
            await pilot.pause()
            bottom = pane.max_scroll_y
            assert 0 < pane.scroll_y == bottom, size
            await pilot.press("up")
            await pilot.pause()
            assert pane.scroll_y == bottom - 1, size
