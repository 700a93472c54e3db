"""A list of prepared rows drawn with Textual's Line API: a keystroke redraws only the visible rows.

The browser refills its list on every key of a search. `OptionList` builds an `Option` per row and
measures every one of them on each refill; this list takes rows already made, draws a row only
when it becomes visible, and keeps each drawn row while it is shown (wherever it moves).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ritual_tui.widgets.reading_pane import QuietScrollBarRender, line_strip, refresh_spans, set_scroll_height


class EntryRow(NamedTuple):
    """One row: its text (plain `Content`, never markup) and the key it stands for; a row without
    a key is a note (such as "… 40 older") that the highlight passes over."""

    content: Content
    key: int | None = None

    @property
    def disabled(self) -> bool:
        """A note, not an entry: never highlighted or selected."""
        return self.key is None


class EntryList(ScrollView, can_focus=True):
    """A scrolling list of one-line rows with a highlight that skips notes; it looks like an `OptionList`."""

    DEFAULT_CSS = """
    EntryList {
        overflow-x: hidden;
        overflow-y: scroll;
        color: $foreground;
        background: $surface;
        border: tall $border-blurred;
        padding: 0 1;
        & > .entry-list--highlighted {
            color: $foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus {
            border: tall $border;
            background-tint: $foreground 5%;
            & > .entry-list--highlighted {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
                text-style: $block-cursor-text-style;
            }
        }
        & > .entry-list--disabled {
            color: $text-disabled;
        }
        & > .entry-list--hover {
            background: $block-hover-background;
        }
    }
    """
    COMPONENT_CLASSES = {"entry-list--row", "entry-list--highlighted", "entry-list--disabled", "entry-list--hover"}
    BINDINGS = [
        # j and k are the screen's to bind (a person may remap them there).
        Binding("down", "cursor_down", "Down", show=False),
        Binding("up", "cursor_up", "Up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("enter", "select", "Select", show=False),
    ]

    class RowMessage(Message):
        """About one row of the list."""

        def __init__(self, entry_list: EntryList, index: int, row: EntryRow) -> None:
            super().__init__()
            self.entry_list = entry_list
            self.index = index
            """The row's place in the list."""
            self.row = row

        @property
        def control(self) -> EntryList:
            """The list that sent it (so `@on(EntryList.Highlighted, "#id")` can match)."""
            return self.entry_list

    class Highlighted(RowMessage):
        """The person moved the highlight to another row (not sent when the rows are replaced)."""

    class Selected(RowMessage):
        """The highlighted row was chosen: enter, or a click."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.rows: tuple[EntryRow, ...] = ()
        self.highlighted: int | None = None
        """The highlighted row's place, or None when no row can be highlighted."""
        self.hovered: int | None = None
        """The row under the mouse."""
        self.drawn: dict[tuple[int, str, int], tuple[Content, Strip]] = {}
        """Rows already drawn, by their text (its `id`, the text held beside the strip), look and
        width: a row that moves to another place, or comes back with the next rows, is not drawn
        again. Only the rows shown are kept; emptied when the size or the styles change."""

    @property
    def row_count(self) -> int:
        """How many rows the list holds, notes included."""
        return len(self.rows)

    @property
    def highlighted_row(self) -> EntryRow | None:
        """The highlighted row."""
        return None if self.highlighted is None else self.rows[self.highlighted]

    def set_rows(self, rows: Sequence[EntryRow], highlighted: int | None = None) -> None:
        """Show these rows with `highlighted` (or the first entry row) highlighted, scrolled into view.
        Sends no `Highlighted`: whoever sets the rows already knows what they hold."""
        before, highlighted_before = self.rows, self.highlighted
        self.rows = tuple(rows)
        if highlighted is None or not 0 <= highlighted < len(self.rows) or self.rows[highlighted].disabled:
            highlighted = self._next_enabled(-1, 1)
        self.highlighted = highlighted
        self._size_to_rows()
        shown = {id(row.content) for row in self.rows}
        self.drawn = {key: drawn for key, drawn in self.drawn.items() if key[0] in shown}
        self._redraw_changed(before)
        if highlighted != highlighted_before:
            self._refresh_row(highlighted_before)
            self._refresh_row(highlighted)
        self._scroll_to_highlight(from_top=True)

    def on_mount(self) -> None:
        """The scrollbar's column stays blank while the rows fit."""
        self.vertical_scrollbar.renderer = QuietScrollBarRender

    def _size_to_rows(self) -> None:
        # Never a layout: the scrollbar is always in it, drawn only when the rows do not fit.
        set_scroll_height(self, 0, max(len(self.rows), self.scrollable_content_region.height))

    def _redraw_changed(self, before: Sequence[EntryRow]) -> None:
        """Draw again only the places whose row differs from the one shown there (typing a search
        often keeps them all); past the end of both, the places stay blank."""
        rows = self.rows
        changed = [
            index for index in range(max(len(before), len(rows)))
            if index >= len(before) or index >= len(rows) or _differs(before[index], rows[index])
        ]
        if changed:
            refresh_spans(self, changed)

    def _next_enabled(self, start: int, step: int) -> int | None:
        """The first entry row after `start`, going by `step`, or None."""
        index = start + step
        while 0 <= index < len(self.rows):
            if not self.rows[index].disabled:
                return index
            index += step
        return None

    def _scroll_to_highlight(self, from_top: bool = False) -> None:
        """Scroll as little as needed for the highlighted row to be seen (from the first row, for new rows)."""
        height = self.scrollable_content_region.height
        top = 0 if from_top else round(self.scroll_y)
        if self.highlighted is not None and height:
            if self.highlighted < top:
                top = self.highlighted
            elif self.highlighted >= top + height:
                top = self.highlighted - height + 1
        if top != round(self.scroll_y):
            self.scroll_to(y=top, animate=False, force=True)

    def _refresh_row(self, index: int | None) -> None:
        if index is not None:
            self.refresh_line(index)

    def move_to(self, index: int | None) -> None:
        """Highlight the row at `index` (an entry row) and tell the screen."""
        if index is None or index == self.highlighted or not 0 <= index < len(self.rows) or self.rows[index].disabled:
            return
        self._refresh_row(self.highlighted)
        self.highlighted = index
        self._refresh_row(index)
        self._scroll_to_highlight()
        self.post_message(self.Highlighted(self, index, self.rows[index]))

    def action_cursor_down(self) -> None:
        """Highlight the next entry row (the last one stays)."""
        self.move_to(self._next_enabled(-1 if self.highlighted is None else self.highlighted, 1))

    def action_cursor_up(self) -> None:
        """Highlight the previous entry row (the first one stays)."""
        self.move_to(self._next_enabled(len(self.rows) if self.highlighted is None else self.highlighted, -1))

    def action_first(self) -> None:
        """Highlight the first entry row."""
        self.move_to(self._next_enabled(-1, 1))

    def action_last(self) -> None:
        """Highlight the last entry row."""
        self.move_to(self._next_enabled(len(self.rows), -1))

    def _move_page(self, step: int) -> None:
        if not self.rows:
            return
        height = max(1, self.scrollable_content_region.height)
        start = min(max((self.highlighted or 0) + step * height, 0), len(self.rows) - 1)
        found = self._next_enabled(start - step, step)
        self.move_to(found if found is not None else self._next_enabled(start, -step))

    def action_page_down(self) -> None:
        """Highlight the row a page further down."""
        self._move_page(1)

    def action_page_up(self) -> None:
        """Highlight the row a page further up."""
        self._move_page(-1)

    def action_select(self) -> None:
        """Choose the highlighted row."""
        if self.highlighted is not None:
            self.post_message(self.Selected(self, self.highlighted, self.rows[self.highlighted]))

    def _row_at(self, event: events.MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        if offset is None:
            return None
        index = round(self.scroll_y) + offset.y
        return index if 0 <= index < len(self.rows) else None

    def on_click(self, event: events.Click) -> None:
        """A click on an entry row highlights and chooses it."""
        index = self._row_at(event)
        if index is not None and not self.rows[index].disabled:
            self.move_to(index)
            self.action_select()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """Shade the row under the mouse."""
        self._hover(self._row_at(event))

    def on_leave(self, event: events.Leave) -> None:
        """No row is under the mouse."""
        self._hover(None)

    def _hover(self, index: int | None) -> None:
        if index != self.hovered:
            self._refresh_row(self.hovered)
            self.hovered = index
            self._refresh_row(index)

    def on_resize(self, event: events.Resize) -> None:
        """Rows drawn at another width are drawn again."""
        self.drawn.clear()
        self._size_to_rows()
        self._scroll_to_highlight()

    def notify_style_update(self) -> None:
        """Rows drawn with other styles (focus, theme) are drawn again."""
        self.drawn.clear()
        super().notify_style_update()

    def render_line(self, y: int) -> Strip:
        """The row at `y` lines below the top of the view, drawn once and kept."""
        index = round(self.scroll_y) + y
        width = self.scrollable_content_region.width
        if not 0 <= index < len(self.rows):
            return Strip.blank(width, self.get_visual_style("entry-list--row").rich_style)
        row = self.rows[index]
        if row.disabled:
            look = "entry-list--disabled"
        elif index == self.highlighted:
            look = "entry-list--highlighted"
        elif index == self.hovered:
            look = "entry-list--hover"
        else:
            look = "entry-list--row"
        key = (id(row.content), look, width)
        drawn = self.drawn.get(key)
        if drawn is None or drawn[0] is not row.content:
            drawn = self.drawn[key] = (row.content, line_strip(row.content, width, self.get_visual_style("entry-list--row", look), ellipsis=True))
        return drawn[1]


def _differs(old: EntryRow, new: EntryRow) -> bool:
    """Whether a place showing `old` must be drawn again for `new`."""
    return old.disabled != new.disabled or (old.content is not new.content and not old.content.is_same(new.content))
