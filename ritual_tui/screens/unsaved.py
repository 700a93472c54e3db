"""The second, explicit question before quitting while unsaved words are on no disk."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label

from ritual_tui.screens.ask import ConfirmScreen
from ritual_tui.text import visible


class QuitUnsavedScreen(ConfirmScreen):
    """Quit and lose words that could not be written anywhere? Only y (or the Quit button) says yes.

    "Stay" has the focus, so enter, n and escape all keep the app open.
    """

    DEFAULT_CSS = """
    QuitUnsavedScreen .dialog-title {
        width: 1fr;
        color: $error;
    }
    """

    def __init__(self, reason: str) -> None:
        super().__init__(
            f"Your unsaved words are NOT saved: they could not be written anywhere ({visible(reason)}). "
            "Quit anyway and lose them?"
        )

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.question, classes="dialog-title", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Quit and lose them (y)", variant="error", id="yes")
                yield Button("Stay (n)", id="no")
