"""Reflect on an exposure attempt: what happened, how it felt, what helped, what to adjust."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Footer, RadioButton, RadioSet, Static, TextArea

from ritual_tui.insights import FEARED_ANSWERS
from ritual_tui.models import EntryBase, EntryError, ExposureEntry, Outcome, now, parse_entry
from ritual_tui.screens.base import RitualScreen
from ritual_tui.text import visible
from ritual_tui.widgets import FormScroll, Prompt, RatingInput, ScreenTitle, long_text

_OUTCOMES = [o for o in Outcome if o != Outcome.PLANNED]
_RATINGS = ("discomfort_before", "discomfort_peak", "discomfort_after")
_TEXTS = ("what_happened", "what_helped", "adjust_next_time")


class ReflectScreen(RitualScreen):
    """The reflection half of an exposure record."""

    DEFAULT_CSS = """
    ReflectScreen {
        .brave {
            color: $ritual-done;
            text-style: bold;
            margin-top: 1;
        }
    }
    """

    BINDINGS = [Binding("escape", "back", "Back to the ladder", id="ritual.back")]

    FIRST_FIELD = "RadioSet"
    slot = "reflect"

    def __init__(self, plan: ExposureEntry) -> None:
        super().__init__(editing=plan)
        self.plan = plan

    def compose(self) -> ComposeResult:
        plan = self.plan
        with FormScroll(classes="ritual-form"):
            yield ScreenTitle(f"Reflect · {visible(plan.title())}", markup=False)
            yield Static(
                f"Planned {plan.day:%A %-d %B} on “{visible(plan.step)}”, expecting {plan.predicted_discomfort}/100."
                + (f" Exit: {visible(plan.exit_strategy.strip())}" if plan.exit_strategy.strip() else ""),
                classes="note",
                markup=False,
            )
            yield Prompt("How did it go?")
            with RadioSet(id="outcome"):
                for outcome in _OUTCOMES:
                    yield RadioButton(outcome.label, name=outcome.value)  # none chosen for the user
            yield Static(visible(self.app.settings.prompts.brave_exit), id="brave", classes="brave", markup=False)
            yield Prompt("Discomfort before, at the peak, and after (0–100)")
            with Horizontal(classes="ratings"):
                for name in _RATINGS:
                    yield RatingInput(id=name)
            yield Prompt("What actually happened?")
            yield long_text(id="what_happened")
            yield Prompt("What helped you stay grounded?")
            yield long_text(id="what_helped", height=2)
            yield Prompt("What would you adjust next time?")
            yield long_text(id="adjust_next_time", height=2)
            yield Prompt("Did what you feared happen?" + (f" (you feared: {visible(plan.fear.strip())})" if plan.fear.strip() else ""))
            with RadioSet(id="feared_happened"):
                for answer in FEARED_ANSWERS:
                    yield RadioButton(answer, name=answer)
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self._show_brave()

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        """Record the choice in the draft; say kindly what using the exit means."""
        self._show_brave()
        self.remember_change()

    def _show_brave(self) -> None:
        self.query_one("#brave").display = self._outcome() == Outcome.USED_EXIT.value

    def _outcome(self, field: str = "outcome") -> str:
        """The chosen answer of a set of buttons ("" while none is chosen)."""
        # The buttons' own values, not RadioSet.pressed_button: that follows a button only once
        # its change message is handled, so a form just filled would look changed (and drafted).
        buttons = self.query_one(f"#{field}", RadioSet).query(RadioButton).results(RadioButton)
        pressed = [button.name for button in buttons if button.value and button.name]
        return pressed[0] if pressed else ""

    def collect_fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = {name: self.query_one(f"#{name}", TextArea).text for name in _TEXTS}
        fields.update({name: self.query_one(f"#{name}", RatingInput).value for name in _RATINGS})
        fields["outcome"] = self._outcome()
        fields["feared_happened"] = self._outcome("feared_happened")
        return fields

    def apply_fields(self, fields: dict[str, Any]) -> None:
        for name in _TEXTS:
            self.query_one(f"#{name}", TextArea).text = str(fields.get(name, ""))
        for name in _RATINGS:
            value = fields.get(name)
            self.query_one(f"#{name}", RatingInput).value = "" if value is None else str(value)
        for field in ("outcome", "feared_happened"):
            chosen = fields.get(field)
            buttons = list(self.query_one(f"#{field}", RadioSet).query(RadioButton).results(RadioButton))
            if any(button.name == chosen for button in buttons):
                for button in buttons:
                    button.value = button.name == chosen

    def fields_of(self, entry: EntryBase) -> dict[str, Any]:
        document = entry.to_document()
        if document.get("outcome") == Outcome.PLANNED.value:
            document["outcome"] = ""  # a plan: how it went is the user's to say
        return document

    def build_entry(self, fields: dict[str, Any]) -> EntryBase:
        document = self.plan.to_document()
        document.update({name: fields[name] for name in _TEXTS})
        for name in _RATINGS:
            raw = str(fields.get(name, "")).strip()
            document[name] = int(raw) if raw.isdigit() else (raw or None)
            if document[name] is None:
                document.pop(name)
        if not fields.get("outcome"):
            raise EntryError("choose how it went: done, partly done, used the exit, or postponed")
        document["outcome"] = fields["outcome"]
        if fields.get("feared_happened") in FEARED_ANSWERS:
            document["feared_happened"] = fields["feared_happened"]
        document["reflected"] = now()
        return parse_entry(document)

    def after_save(self, entry: EntryBase) -> None:
        if isinstance(entry, ExposureEntry) and entry.outcome == Outcome.USED_EXIT.value:
            self.app.notify(visible(self.app.settings.prompts.brave_exit), title="Saved", timeout=6, markup=False)
        else:
            self.app.notify("Reflection saved. Every attempt teaches the next one.", timeout=4)
        self.dismiss()
