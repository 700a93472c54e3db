"""Plan a small exposure step, with an exit and a way to stay grounded."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Input, Static, TextArea

from ritual_tui.models import EntryBase, LadderStep, parse_entry
from ritual_tui.screens.base import RitualScreen
from ritual_tui.text import visible
from ritual_tui.widgets import FormScroll, Prompt, RatingInput, SafeInput, ScreenTitle, long_text

_TEXTS = ("situation", "fear", "exit_strategy")


class PlanScreen(RitualScreen):
    """The plan half of an exposure record, on one ladder step."""

    BINDINGS = [Binding("escape", "back", "Back to the ladder", id="ritual.back")]

    def __init__(self, step: LadderStep) -> None:
        super().__init__()
        self.step = step
        self.slot = f"plan-{step.id}"

    def compose(self) -> ComposeResult:
        adjust = self.app.journal.last_adjustment(self.step.id)
        with FormScroll(classes="ritual-form"):
            yield ScreenTitle(f"Plan a step · {visible(self.step.name)}", markup=False)
            if adjust:
                yield Static(f"Last time you wanted to adjust: {visible(adjust.strip())}", classes="note", markup=False)
            yield Prompt("Where and with whom? (the situation)")
            yield long_text(id="situation", height=2)
            yield Prompt("The small, manageable step you will take")
            yield SafeInput(id="small_step", compact=True)
            yield Prompt("How uncomfortable do you expect it to be? (0–100)")
            yield RatingInput(self.step.difficulty, id="predicted_discomfort")
            yield Prompt("What do you fear will happen?")
            yield long_text(id="fear", height=2)
            yield Prompt("Your exit: how you can step back or leave if you need to")
            yield long_text(id="exit_strategy", height=2)
            yield Prompt("A grounding tactic for the moment (a breath, a phrase, your feet on the floor)")
            yield SafeInput(id="grounding", compact=True)
            yield Prompt("When? (today, tomorrow, a weekday, or a date like 2026-12-01)")
            yield SafeInput(placeholder="today", id="planned_for", compact=True)
            yield Static("ctrl+s saves the plan · reflect on it afterwards with r on the ladder", classes="form-hint")
        yield Footer()

    def collect_fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = {name: self.query_one(f"#{name}", TextArea).text for name in _TEXTS}
        fields["small_step"] = self.query_one("#small_step", Input).value
        fields["grounding"] = self.query_one("#grounding", Input).value
        fields["planned_for"] = self.query_one("#planned_for", Input).value
        fields["predicted_discomfort"] = self.query_one("#predicted_discomfort", RatingInput).value
        return fields

    def apply_fields(self, fields: dict[str, Any]) -> None:
        for name in _TEXTS:
            self.query_one(f"#{name}", TextArea).text = str(fields.get(name, ""))
        for name in ("small_step", "grounding", "predicted_discomfort", "planned_for"):
            if name in fields:
                self.query_one(f"#{name}", Input).value = str(fields[name])

    def build_entry(self, fields: dict[str, Any]) -> EntryBase:
        rating = fields.get("predicted_discomfort", "")
        document = {
            **fields,
            "kind": "exposure",
            "day": self.app.journal.today(),
            "step": self.step.name,
            "step_id": self.step.id,
            "predicted_discomfort": int(rating) if str(rating).strip().isdigit() else rating or 50,
        }
        from ritual_tui.models import EntryError
        from ritual_tui.queries import parse_planned_day

        if not str(fields.get("small_step", "")).strip():
            raise EntryError("write the small step you will take")
        when = parse_planned_day(str(fields.get("planned_for", "")), document["day"])
        if when is None:
            raise EntryError("say when: today, tomorrow, a weekday, or a date like 2026-12-01 (not in the past)")
        document["planned_for"] = when if when != document["day"] else None
        return parse_entry(document)

    def after_save(self, entry: EntryBase) -> None:
        when = getattr(entry, "planned_for", None)
        later = f" Today shows it from {when:%A %-d %B}." if when else ""
        self.app.notify(f"Plan saved.{later} Come back afterwards to reflect (r on the ladder).", timeout=4)
        self.dismiss()
