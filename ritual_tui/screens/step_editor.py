"""A small dialog to add a rung to the exposure ladder, or to rename and re-rate one.

Its words are a draft like a form's (the app's draft keeper): ctrl+q, a signal or a crash keeps
them, and the dialog offers them back when it opens again."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from ritual_tui.drafting import has_words
from ritual_tui.store.drafts import same_words
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
        self._baseline: dict[str, str] = {}
        """The words as the dialog opened (the step's, or none)."""
        self._has_draft = False

    @staticmethod
    def slot_for(step: Any = None) -> str:
        """The draft slot of the dialog for a new step (None), or for changing `step`."""
        return "ladder-step" if step is None else f"ladder-step-{step.id}"

    @property
    def draft_slot(self) -> str:
        """The draft slot: one for a new step, one per step being changed."""
        return self.slot_for(self.step)

    def typed(self) -> dict[str, str]:
        """The name and the difficulty as typed."""
        return {"name": self.query_one("#step-name", Input).value, "difficulty": self.query_one("#step-difficulty", Input).value}

    def on_mount(self) -> None:
        """Offer back unsaved words of this dialog (held in memory, or a draft on disk)."""
        self._baseline = self.typed()
        offer = self.app.keeper.on_offer(self.draft_slot)
        if offer is None or not has_words(offer.fields):
            return
        fields = offer.fields
        if same_words(fields, self._baseline):
            self.app.keeper.discard(self.draft_slot)  # the same words as the step: nothing to offer
            return
        self.query_one("#step-name", Input).value = str(fields.get("name", ""))
        difficulty = str(fields.get("difficulty", ""))
        if difficulty.isdigit() and len(difficulty) <= 3:
            self.query_one("#step-difficulty", Input).value = difficulty
        self._has_draft = True
        self.notify(f"Your unsaved words{offer.since(self.app.clock().date())} are back.", title="Draft restored", timeout=6)

    def is_dirty(self) -> bool:
        """True when a name was typed that differs from what the dialog opened with."""
        typed = self.typed()
        return typed != self._baseline and bool(typed["name"].strip())

    def keep_draft(self) -> None:
        """Hand the typed words to the draft keeper (a name, or none: then no draft)."""
        if self.is_dirty():
            self._has_draft = True
            self.app.keeper.update(self.draft_slot, self.typed())
        elif self._has_draft:
            self._has_draft = False
            self.app.keeper.update(self.draft_slot, None)

    def on_input_changed(self, event: Input.Changed) -> None:
        """Every keystroke reaches the draft keeper."""
        if self._baseline:  # not while the dialog is being filled in
            self.keep_draft()

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
        self.dismiss((name, rating.rating))  # the draft stays until the ladder saved the step (`forget_step_draft`)

    def action_cancel(self) -> None:
        """Close without adding (and without a draft: cancel means these words are not wanted)."""
        self.app.keeper.discard(self.draft_slot)
        self.dismiss(None)


def forget_step_draft(app: Any, step: Any = None) -> None:
    """The step dialog's words are saved (or were the step's already): its draft goes. Called by
    whoever saves the step, so a failed save keeps them, offered back when the dialog opens again."""
    app.keeper.discard(StepEditor.slot_for(step))
