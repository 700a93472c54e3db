"""Two tiny dialogs: ask for one line of text, or a yes/no question."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from ritual_tui.text import visible
from ritual_tui.widgets import SafeInput


class AskScreen(ModalScreen[str | None]):
    """Ask for one line; enter answers, escape cancels."""

    CSS_PATH = "screens.tcss"
    DEFAULT_CSS = """
    AskScreen {
        align: center middle;
        .dialog-hint {
            color: $text-muted;
            margin-top: 1;
        }
    }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="ask.cancel")]

    def __init__(self, question: str, placeholder: str = "") -> None:
        super().__init__()
        self.question = question
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.question, classes="dialog-title", markup=False)
            yield SafeInput(placeholder=self.placeholder, id="answer")
            yield Label("enter answers · escape cancels", classes="dialog-hint")

    def on_input_submitted(self, event: SafeInput.Submitted) -> None:
        """enter answers."""
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        """escape cancels."""
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question: y or enter on Yes confirms, n or escape declines."""

    CSS_PATH = "screens.tcss"
    DEFAULT_CSS = """
    ConfirmScreen {
        align: center middle;
        .dialog-detail {
            margin-top: 1;
            width: 1fr;
        }
    }
    """

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__()
        self.question = question
        self.detail = detail
        """A line under the question, e.g. which entry, and what goes with it (plain text, never markup)."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.question, classes="dialog-title", markup=False)
            if self.detail:
                yield Label(visible(self.detail), classes="dialog-detail", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Yes (y)", variant="warning", id="yes")
                yield Button("No (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """The buttons answer like the keys."""
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        """Answer the question."""
        self.dismiss(yes)
