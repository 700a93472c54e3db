"""The browser's search field: an Input whose typing never asks the screen for a layout.

Textual's `Input` sets its scrollable width to the width of its text on every change, and a new
scrollable size is a layout of the whole screen: at sixty years that was about half the cost of a
key of a search. While the words fit in the field, its scrollable width is simply the field's, so
the field stays the same size and only its line is drawn again; once they do not fit, it is the
text's, exactly as in an `Input` (the field then scrolls with the cursor).
"""

from __future__ import annotations

from textual import events
from textual.geometry import Size

from ritual_tui.widgets.fields import SafeInput


class SearchField(SafeInput):
    """A one-line search field: every key, paste and selection of an `Input`, without a layout per key."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Without validators an Input is always valid, and marks itself so on its first change: a
        # new class, the field's styles worked out again on the first key of a search (4 ms).
        self.add_class("-valid")

    @property
    def content_width(self) -> int:
        """The text's width (with a cell for the cursor), or the field's when the text fits in it."""
        return max(super().content_width, self.scrollable_content_region.width)

    def on_resize(self, event: events.Resize) -> None:
        """A new width: the scrollable width follows it (while the text fits)."""
        self.virtual_size = Size(self.content_width, 1)
