"""A pane of words to read, drawn with Textual's Line API: new words cost a layout only when their
number of lines changes, and only the lines in view are drawn."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.content import Content
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip


def line_strip(line: Content, width: int, style: Any, *, ellipsis: bool = False) -> Strip:
    """One line of `Content` drawn `width` cells wide in `style` (cut, with "…" when `ellipsis`)."""
    line = line.truncate(width, ellipsis=ellipsis)
    return Strip(line.render_segments(style), line.cell_length).extend_cell_length(width, style.rich_style)


class ReadingPane(ScrollView):
    """Words wrapped to the pane's width, scrolled with the keys and the mouse like any scrolling pane."""

    DEFAULT_CSS = """
    ReadingPane {
        overflow-x: hidden;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.words = Content("")
        """What the pane shows (plain `Content`: words never reach Textual's markup)."""
        self.lines: list[Content] = []
        """The words wrapped to the pane's width."""
        self.wrapped_at = 0
        """The width the lines were wrapped at (0: not yet)."""
        self.drawn: dict[tuple[int, int], Strip] = {}
        """Lines already drawn, by place and width; emptied when the words, the size or the styles change."""

    def show(self, words: Content, *, from_top: bool = True) -> None:
        """Show `words`, from their first line (or, with `from_top=False`, where the pane is scrolled).
        Only the lines that differ from those shown are drawn again."""
        before, width_before = self.lines, self.wrapped_at
        self.words = words
        self._wrap(redraw=False)
        if self.wrapped_at != width_before or len(self.lines) != len(before):
            self.drawn.clear()
            self.refresh()
        else:
            changed = {index for index, (old, new) in enumerate(zip(before, self.lines)) if not old.is_same(new)}
            if changed:
                self.drawn = {key: strip for key, strip in self.drawn.items() if key[0] not in changed}
                for index in changed:
                    self.refresh_line(index)
        if from_top:
            self.scroll_to(y=0, animate=False, force=True)

    def render(self) -> Content:
        """The whole text shown (what the pane's lines are cut from)."""
        return self.words

    def _wrap(self, redraw: bool = True) -> None:
        """Wrap the words inside the border and padding, beside the scrollbar when they need one."""
        full, height = self.size  # inside the border and padding
        narrow = full - (self.styles.scrollbar_size_vertical if self.styles.overflow_y != "hidden" else 0)
        # Try the width the last words needed first: a search redraws the same words many times.
        width = narrow if 0 < self.wrapped_at == narrow < full else full
        lines = self.words.wrap(width) if width > 0 else []
        if width == narrow < full and len(lines) <= height:
            width, lines = full, self.words.wrap(full)  # they fit without a scrollbar
        elif width == full > narrow and len(lines) > height:
            width, lines = narrow, self.words.wrap(narrow) if narrow > 0 else []  # beside the scrollbar
        self.lines, self.wrapped_at = lines, max(width, 0)
        # Both in one layout (Textual would show the scrollbar a layout later, with one more layout).
        # A layout only when that changes: never between words that fit without scrolling.
        self.virtual_size = Size(self.wrapped_at, max(len(lines), height))
        self.show_vertical_scrollbar = width < full
        if redraw:
            self.drawn.clear()
            self.refresh()

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
