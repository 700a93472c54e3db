"""The browser's list widget on its own: keys move the highlight past notes, a click chooses, words stay words."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.content import Content

from ritual_tui.widgets import EntryList, EntryRow, ReadingPane

MARKUP_LIKE = "[bold]x[/] and [@click=app.quit]GRAT[/]"


def rows(count: int, note_above: bool = True, note_below: bool = True) -> list[EntryRow]:
    """`count` entry rows (keys 0..count-1), between two notes."""
    made = [EntryRow(Content(f"row {n}"), key=n) for n in range(count)]
    return ([EntryRow(Content("… newer"))] if note_above else []) + made + ([EntryRow(Content("… older"))] if note_below else [])


class ListApp(App[None]):
    """One list, one reading pane, and every message the list sent."""

    def __init__(self, shown: list[EntryRow]) -> None:
        super().__init__()
        self.shown = shown
        self.heard: list[tuple[str, int | None]] = []

    def compose(self) -> ComposeResult:
        yield EntryList(id="rows")
        yield ReadingPane(id="pane")

    def on_mount(self) -> None:
        listing = self.query_one(EntryList)
        listing.set_rows(self.shown)
        listing.focus()

    def on_entry_list_highlighted(self, message: EntryList.Highlighted) -> None:
        self.heard.append(("highlighted", message.row.key))

    def on_entry_list_selected(self, message: EntryList.Selected) -> None:
        self.heard.append(("selected", message.row.key))


def screen_text(app: App) -> str:
    """What the screen shows, line by line (from its SVG screenshot)."""
    import html
    import re

    cells = re.findall(r">([^<]*)</text>", app.export_screenshot())
    return html.unescape("".join(cells)).replace("\xa0", " ")


async def test_keys_move_the_highlight_over_entries_and_never_onto_a_note() -> None:
    app = ListApp(rows(5))
    async with app.run_test(size=(40, 12)) as pilot:
        listing = app.query_one(EntryList)
        assert listing.highlighted == 1 and listing.highlighted_row.key == 0  # the first entry, not the note
        await pilot.press("down", "down", "down")
        assert listing.highlighted_row.key == 3
        await pilot.press("up")
        assert listing.highlighted_row.key == 2
        await pilot.press("end")
        assert listing.highlighted_row.key == 4
        await pilot.press("down")  # the note below is not an entry: the highlight stays
        assert listing.highlighted_row.key == 4
        await pilot.press("home", "up")
        assert listing.highlighted_row.key == 0
        assert app.heard == [("highlighted", 1), ("highlighted", 2), ("highlighted", 3), ("highlighted", 2),
                             ("highlighted", 4), ("highlighted", 0)]
        await pilot.press("enter")
        assert app.heard[-1] == ("selected", 0)


async def test_page_keys_and_scrolling_keep_the_highlight_in_view() -> None:
    app = ListApp(rows(60))
    async with app.run_test(size=(40, 12)) as pilot:
        listing = app.query_one(EntryList)
        await pilot.press("pagedown", "pagedown")
        await pilot.pause()
        height = listing.scrollable_content_region.height
        assert listing.highlighted == 1 + 2 * height  # a page is the rows in view
        top = round(listing.scroll_y)
        assert top <= listing.highlighted < top + listing.scrollable_content_region.height
        await pilot.press("pageup", "pageup", "pageup")
        assert listing.highlighted_row.key == 0


async def test_new_rows_send_no_message_and_keep_a_wanted_highlight() -> None:
    app = ListApp(rows(5))
    async with app.run_test(size=(40, 12)) as pilot:
        listing = app.query_one(EntryList)
        listing.set_rows(rows(8, note_above=False), highlighted=6)
        await pilot.pause()
        assert listing.highlighted_row.key == 6 and app.heard == []
        listing.set_rows([EntryRow(Content("… nothing"))])
        await pilot.pause()
        assert listing.highlighted is None and listing.highlighted_row is None
        await pilot.press("down", "enter")
        assert app.heard == []


async def test_a_click_highlights_and_chooses_an_entry_but_not_a_note() -> None:
    app = ListApp(rows(5))
    async with app.run_test(size=(40, 12)) as pilot:
        listing = app.query_one(EntryList)
        top = listing.content_region.y - listing.region.y
        await pilot.click(EntryList, offset=(3, top + 3))  # the fourth row: the entry with key 2
        await pilot.pause()
        assert listing.highlighted_row.key == 2
        assert app.heard[-2:] == [("highlighted", 2), ("selected", 2)]
        heard = len(app.heard)
        await pilot.click(EntryList, offset=(3, top))  # the note above
        await pilot.pause()
        assert len(app.heard) == heard and listing.highlighted_row.key == 2


async def test_markup_like_words_show_as_written() -> None:
    app = ListApp([EntryRow(Content(f"2026-11-25 G {MARKUP_LIKE}"), key=0)])
    async with app.run_test(size=(80, 12)) as pilot:
        app.query_one(ReadingPane).show(Content(f"Grateful for: {MARKUP_LIKE}"))
        await pilot.pause()
        shown = screen_text(app)
        assert shown.count(MARKUP_LIKE) == 2 and app.return_code is None


async def test_the_reading_pane_wraps_to_its_width_and_scrolls() -> None:
    app = ListApp(rows(1))
    async with app.run_test(size=(30, 12)) as pilot:
        pane = app.query_one(ReadingPane)
        pane.show(Content(" ".join(f"word{n}" for n in range(80))))
        await pilot.pause()
        width = pane.scrollable_content_region.width
        assert len(pane.lines) > pane.size.height  # more lines than fit: a scrollbar, and the text beside it
        assert all(line.cell_length <= width for line in pane.lines)
        assert "word0" in str(pane.render()) and "word79" in str(pane.render())


async def test_new_rows_are_shown_from_the_first_one_like_a_fresh_list() -> None:
    app = ListApp(rows(60))
    async with app.run_test(size=(40, 12)) as pilot:
        listing = app.query_one(EntryList)
        await pilot.press("pagedown", "pagedown", "pagedown")
        await pilot.pause()
        assert listing.scroll_y > 0
        listing.set_rows(rows(60), highlighted=3)  # a jump: the note above it is in view again
        await pilot.pause()
        assert listing.scroll_y == 0 and listing.highlighted == 3
