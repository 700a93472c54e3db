"""A list of wins to keep, each shown whole (wrapped) with its mark in words, picked with space."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ritual_tui.text import visible

KEPT, LEFT = "[x] ", "[ ] "
"""The mark before a win: plain characters, readable under NO_COLOR and by a screen reader."""


class Win(Option):
    """One win: its words (`value`) and whether it is kept."""

    def __init__(self, value: str, kept: bool = False) -> None:
        self.value = value
        self.kept = kept
        super().__init__(self.prompt_for(), id=None)

    def prompt_for(self) -> Content:
        """The mark and the words, as plain text (a win's words never hold markup)."""
        return Content.assemble((KEPT if self.kept else LEFT, "$text-success bold" if self.kept else "$text-muted"), visible(self.value))


class WinPicker(OptionList):
    """Wins wrapped to the list's width, one per option; space (or enter) keeps or leaves one."""

    BINDINGS = [Binding("space", "toggle", "Keep / leave", id="wins.toggle")]

    DEFAULT_CSS = "WinPicker { height: 1fr; }"

    @dataclass
    class Changed(Message):
        """The wins kept changed."""

        picker: WinPicker

        @property
        def control(self) -> WinPicker:
            """The picker that changed."""
            return self.picker

    def __init__(self, *wins: tuple[str, bool], id: str | None = None) -> None:
        super().__init__(*(Win(value, kept) for value, kept in wins), id=id, markup=False)

    @property
    def selected(self) -> list[str]:
        """The kept wins, in the list's order."""
        return [option.value for option in self.options if isinstance(option, Win) and option.kept]

    def select(self, value: str) -> None:
        """Keep the win `value`; LookupError when it is not on the list."""
        for index, option in enumerate(self.options):
            if isinstance(option, Win) and option.value == value:
                self._set_kept(index, True)
                return
        raise LookupError("that win is not on the list")

    def action_toggle(self) -> None:
        """Keep the highlighted win, or leave it."""
        index = self.highlighted
        if index is not None:
            option = self.get_option_at_index(index)
            if isinstance(option, Win):
                self._set_kept(index, not option.kept)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter (or a click) keeps or leaves a win, as space does."""
        if event.option_list is self:
            event.stop()
            option = event.option
            if isinstance(option, Win):
                self._set_kept(event.option_index, not option.kept)

    def _set_kept(self, index: int, kept: bool) -> None:
        option = self.get_option_at_index(index)
        assert isinstance(option, Win)
        if option.kept != kept:
            option.kept = kept
            self.replace_option_prompt_at_index(index, option.prompt_for())
            self.post_message(self.Changed(self))
