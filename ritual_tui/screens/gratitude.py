"""Gratitude: a few specific things, quick to type."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Footer, Input, Static

from ritual_tui.models import EntryBase, GratitudeEntry, parse_entry
from ritual_tui.screens.base import RitualScreen
from ritual_tui.widgets import Prompt, SafeInput, ScreenTitle


class GratitudeScreen(RitualScreen):
    """A few specific things to be grateful for; prompts rotate day by day."""

    slot = "gratitude"

    def item_count(self) -> int:
        """How many item fields to show (more when an edited entry already has more)."""
        existing = len(self.editing.items) if isinstance(self.editing, GratitudeEntry) else 0
        return max(self.app.settings.gratitude_items, existing)

    def compose(self) -> ComposeResult:
        prompts = self.app.settings.prompts.gratitude or ["Something you are grateful for."]
        offset = self.form_day.toordinal()  # the prompts of the entry's own day
        with VerticalScroll(classes="ritual-form"):
            yield ScreenTitle(f"Gratitude · {self.day_heading()}")
            yield Static("Specific beats general: who, what, where. enter moves to the next line.", classes="form-hint")
            for index in range(self.item_count()):
                yield Prompt(f"{index + 1}. {prompts[(offset + index) % len(prompts)]}")
                yield SafeInput(id=f"item-{index}", classes="gratitude-item", compact=True)
            yield Static("ctrl+s saves · escape goes back (a draft is kept)", classes="form-hint")
        yield Footer()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """enter moves to the next item; on the last one it saves."""
        items = list(self.query(".gratitude-item").results(Input))
        index = items.index(event.input)
        if index + 1 < len(items):
            items[index + 1].focus()
        else:
            self.action_save()

    def collect_fields(self) -> dict[str, Any]:
        return {"items": [i.value for i in self.query(".gratitude-item").results(Input)]}

    def apply_fields(self, fields: dict[str, Any]) -> None:
        values = [str(v) for v in fields.get("items", [])]
        inputs = list(self.query(".gratitude-item").results(Input))
        for field, value in zip(inputs, values):
            field.value = value
        if len(values) > len(inputs):  # a draft with more items than configured: keep every word
            inputs[-1].value = " · ".join(values[len(inputs) - 1 :])

    def build_entry(self, fields: dict[str, Any]) -> EntryBase:
        base = self.editing.to_document() if self.editing else {"kind": "gratitude", "day": self.app.journal.today()}
        return parse_entry({**base, **fields})

    def fields_of(self, entry: EntryBase) -> dict[str, Any]:
        assert isinstance(entry, GratitudeEntry)
        return {"items": list(entry.items)}
