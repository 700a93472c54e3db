"""A pane of words to read, drawn with Textual's Line API: new words never cost a layout of the
screen (the scrollbar's column is always kept, the bar drawn only when the words do not fit), and
only the lines in view are drawn.

The browser shows the same words again on each key of a search with other words highlighted: the
words are wrapped once per width, and the highlights are laid on the wrapped lines (unless one would
cross a line's end, where a long word was folded: then the highlighted words are wrapped again).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any

from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from textual import events
from textual.content import Content
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBarRender
from textual.strip import Strip


def line_strip(line: Content, width: int, style: Any, *, ellipsis: bool = False) -> Strip:
    """One line of `Content` drawn `width` cells wide in `style` (cut, with "…" when `ellipsis`)."""
    line = line.truncate(width, ellipsis=ellipsis)
    return Strip(line.render_segments(style), line.cell_length).extend_cell_length(width, style.rich_style)


def highlight_lines(lines: list[Content], text: str, pattern: re.Pattern[str], style: str) -> list[Content] | None:
    """`lines`, the wrap of `text`, with each match of `pattern` in `text` styled as
    `Content.highlight_regex` would before the wrap; None when a match does not lie inside one line."""
    starts, at = [], 0
    for line in lines:  # where each line's text begins in `text` (a wrap drops only whitespace between lines)
        found = text.find(line.plain, at)
        if found < 0:
            return None  # the wrap changed the text (a tab): not a cut of it
        starts.append(found)
        at = found + len(line.plain)
    shown = list(lines)
    for match in pattern.finditer(text):
        start, end = match.span()
        if end > start:
            index = bisect_right(starts, start) - 1
            if index < 0 or end > starts[index] + len(lines[index].plain):
                return None
            shown[index] = shown[index].stylize(style, start - starts[index], end - starts[index])
    return shown


class QuietScrollBarRender(ScrollBarRender):
    """A scrollbar drawn only when there is something to scroll: otherwise its column is left blank.

    With `overflow-y: scroll` the scrollbar is always in the layout, so words that come to need
    one (or no longer do) change no widget's size or place: no layout of the screen, only a redraw.
    """

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self.window_size:  # Textual's ScrollBar gives 0 when the whole view fits
            yield from super().__rich_console__(console, options)
            return
        blank = Segment(" " * options.max_width)  # the bar's thickness, or a horizontal bar's length
        for _ in range((options.height or console.height) if self.vertical else 1):
            yield blank
            yield Segment.line()


def set_scroll_height(view: ScrollView, width: int, height: int) -> None:
    """Give `view` (a `ScrollView` whose scrollbar is always in the layout: `overflow-y: scroll`)
    a new scrollable size, with a redraw of its scrollbar and no layout of the screen (Textual lays
    the screen out again for any new `virtual_size`, though nothing moves)."""
    size = Size(width, height)
    if not view.size:  # not laid out yet: the first layout takes it
        view.virtual_size = size
        return
    if size != view.virtual_size:
        view.set_reactive(ScrollView.virtual_size, size)
        view.vertical_scrollbar.window_virtual_size = height
        view.scroll_y = min(view.scroll_y, view.max_scroll_y)
        view.refresh()
    # The keys and the wheel scroll from this target, which Textual leaves where it was when there
    # is less to scroll (fewer lines, or a taller view): one past the new end would make a jump.
    view.scroll_target_y = min(view.scroll_target_y, view.max_scroll_y)


def refresh_spans(view: ScrollView, indexes: list[int]) -> None:
    """Refresh the lines `indexes` (ascending) of `view`: one region for each run of neighbours."""
    first = previous = indexes[0]
    for index in indexes[1:]:
        if index != previous + 1:
            view.refresh_lines(first, previous - first + 1)
            first = index
        previous = index
    view.refresh_lines(first, previous - first + 1)


class ReadingPane(ScrollView):
    """Words wrapped to the pane's width, scrolled with the keys and the mouse like any scrolling pane."""

    DEFAULT_CSS = """
    ReadingPane {
        overflow-x: hidden;
        overflow-y: scroll;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.words = Content("")
        """What the pane shows (plain `Content`: words never reach Textual's markup), highlights included."""
        self.unmarked = Content("")
        """The words before the highlights."""
        self.highlight: re.Pattern[str] | None = None
        """What is shown in reverse."""
        self.wraps: dict[int, list[Content]] = {}
        """The unmarked words wrapped, by width."""
        self.lines: list[Content] = []
        """The words wrapped to the pane's width."""
        self.wrapped_at = 0
        """The width the lines were wrapped at (0: not yet)."""
        self.drawn: dict[tuple[int, int], Strip] = {}
        """Lines already drawn, by place and width; emptied when the words, the size or the styles change."""

    def show(self, words: Content, *, from_top: bool = True, highlight: re.Pattern[str] | None = None) -> None:
        """Show `words` with what `highlight` matches in reverse, from their first line (or, with
        `from_top=False`, where the pane is scrolled). Only the lines that differ from those shown
        are drawn again."""
        before, width_before = self.lines, self.wrapped_at
        if words is not self.unmarked:
            self.unmarked, self.wraps = words, {}
        self.highlight = highlight
        self.words = words.highlight_regex(highlight, style="reverse") if highlight else words
        self._wrap(redraw=False)
        if self.wrapped_at != width_before:
            self.drawn.clear()
            self.refresh()
        else:
            # Past the end of both texts the lines stay blank: a short entry after another
            # draws only its own lines again, not the whole pane.
            changed = [index for index in range(max(len(before), len(self.lines)))
                       if index >= len(before) or index >= len(self.lines) or not before[index].is_same(self.lines[index])]
            if changed:
                gone = set(changed)
                self.drawn = {key: strip for key, strip in self.drawn.items() if key[0] not in gone}
                refresh_spans(self, changed)
        if from_top:
            self.scroll_to(y=0, animate=False, force=True)

    def on_mount(self) -> None:
        """The scrollbar's column stays blank while the words fit."""
        self.vertical_scrollbar.renderer = QuietScrollBarRender

    def render(self) -> Content:
        """The whole text shown (what the pane's lines are cut from)."""
        return self.words

    def _wrap(self, redraw: bool = True) -> None:
        """Wrap the words inside the border, the padding and the scrollbar's column."""
        full, height = self.size  # inside the border and padding
        width = full - self.styles.scrollbar_size_vertical  # its column is always kept (overflow-y: scroll)
        self.lines, self.wrapped_at = self._wrapped(width), max(width, 0)
        set_scroll_height(self, self.wrapped_at, max(len(self.lines), height))
        if redraw:
            self.drawn.clear()
            self.refresh()

    def _wrapped(self, width: int) -> list[Content]:
        """The words wrapped at `width`, highlighted."""
        if width <= 0:
            return []
        lines = self.wraps.get(width)
        if lines is None:
            lines = self.wraps[width] = self.unmarked.wrap(width)
        if self.highlight is None:
            return lines
        shown = highlight_lines(lines, self.unmarked.plain, self.highlight, "reverse")
        return shown if shown is not None else self.words.wrap(width)

    def on_resize(self, event: events.Resize) -> None:
        """Wrap again at the new size."""
        self._wrap()

    def notify_style_update(self) -> None:
        """Lines drawn with other styles (theme) are drawn again."""
        self.drawn.clear()
        super().notify_style_update()

    def render_line(self, y: int) -> Strip:
        """The line `y` rows below the top of the view, drawn once and kept."""
        index = round(self.scroll_y) + y
        width = self.scrollable_content_region.width
        strip = self.drawn.get((index, width))
        if strip is None:
            style = self.visual_style
            if 0 <= index < len(self.lines):
                strip = line_strip(self.lines[index], width, style)
            else:
                strip = Strip.blank(width, style.rich_style)
            self.drawn[(index, width)] = strip
        return strip
