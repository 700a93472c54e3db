"""A small dialog to add a rung to the exposure ladder, or to rename and re-rate one."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from ritual_tui.widgets import Prompt, RatingInput, SafeInput


class StepEditor(ModalScreen[tuple[str, int] | None]):
    """Ask for a step's name and difficulty; returns (name, difficulty) or None."""

    CSS_PATH = "screens.tcss"
    DEFAULT_CSS = "StepEditor { align: center middle; }"

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="step.cancel"), Binding("ctrl+s", "add", "Add", id="step.add")]

    def __init__(self, step: Any = None) -> None:
        """A new step, or (with `step`) the step to rename and re-rate."""
        super().__init__()
        self.step = step

    def compose(self) -> ComposeResult:
        step = self.step
        with Vertical(id="step-dialog", classes="dialog"):
            yield Label("A new step on your ladder" if step is None else "Change this step", classes="dialog-title")
            yield Prompt("A social situation, in a few words (e.g. say hello to a neighbour)")
            yield SafeInput(value="" if step is None else step.name, id="step-name")
            yield Prompt("How hard does it feel? 0 is easy, 100 the hardest you can imagine")
            yield RatingInput(40 if step is None else step.difficulty, id="step-difficulty")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Add step" if step is None else "Save", variant="primary", id="add")
                yield Button("Cancel", id="cancel")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """enter in the name moves on; enter in the rating adds."""
        if event.input.id == "step-name":
            self.query_one("#step-difficulty").focus()
        else:
            self.action_add()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """The buttons share the key handlers."""
        self.action_add() if event.button.id == "add" else self.action_cancel()

    def action_add(self) -> None:
        """Return the step, or say what is missing."""
        name = self.query_one("#step-name", Input).value.strip()
        rating = self.query_one("#step-difficulty", RatingInput)
        if not name:
            self.notify("Describe the step in a few words.", severity="warning")
            return
        if not rating.is_valid or rating.rating is None:
            self.notify("Difficulty is a number from 0 to 100.", severity="warning")
            return
        self.dismiss((name, rating.rating))

    def action_cancel(self) -> None:
        """Close without adding."""
        self.dismiss(None)
