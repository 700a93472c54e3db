"""A list of rows to act on that always shows which row enter acts on."""

from __future__ import annotations

from collections.abc import Iterable

from textual.widgets import OptionList


class PickList(OptionList):
    """An OptionList that highlights its first row it can act on when it gets the focus with none
    highlighted: tab into a list of waiting plans or held moments showed no row, and enter did nothing.
    Words on its rows are plain text (never markup)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("markup", False)
        super().__init__(*args, **kwargs)

    def on_focus(self) -> None:
        """Highlight the first row enter can act on, if none is."""
        if self.highlighted is None:
            self.action_first()

    def add_options(self, new_options: Iterable) -> PickList:
        """Add rows; a list that has the focus (drawn again after a form closed) highlights one."""
        super().add_options(new_options)
        if self.has_focus and self.highlighted is None:
            self.action_first()
        return self
