"""Gratitude: a few specific things, quick to type, each kept with the prompt it answered."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Footer, Static

from ritual_tui.models import EntryBase, GratitudeEntry, parse_entry
from ritual_tui.screens.base import RitualScreen
from ritual_tui.text import visible
from ritual_tui.widgets import FormScroll, LineArea, Prompt, ScreenTitle

FALLBACK_PROMPT = "Something you are grateful for."


class GratitudeScreen(RitualScreen):
    """A few specific things to be grateful for; prompts rotate day by day."""

    slot = "gratitude"
    FIRST_FIELD = "LineArea"

    def item_count(self) -> int:
        """How many item fields to show (more when an edited entry already has more)."""
        existing = len(self.editing.items) if isinstance(self.editing, GratitudeEntry) else 0
        return max(self.app.settings.gratitude_items, existing)

    def prompts_shown(self) -> list[str]:
        """The question above each item: an edited entry's own, else the rotation of the form's day."""
        rotation = self.app.settings.prompts.gratitude or [FALLBACK_PROMPT]
        offset = self.form_day.toordinal()
        kept = self.editing if isinstance(self.editing, GratitudeEntry) else None
        return [
            (kept.prompt_for(index) if kept is not None else None) or rotation[(offset + index) % len(rotation)]
            for index in range(self.item_count())
        ]

    def compose(self) -> ComposeResult:
        self._asked = self.prompts_shown()
        with FormScroll(classes="ritual-form"):
            yield ScreenTitle(f"Gratitude · {self.day_heading()}")
            yield Static("Specific beats general: who, what, where. enter moves to the next line.", classes="form-hint")
            for index, prompt in enumerate(self._asked):
                yield Prompt(f"{index + 1}. {prompt}", classes="gratitude-prompt")
                yield LineArea(id=f"item-{index}", classes="gratitude-item")
            yield Static("ctrl+s saves · escape goes back (a draft is kept)", classes="form-hint")
        yield Footer()

    def items(self) -> list[LineArea]:
        """The item fields, in order."""
        return list(self.query(".gratitude-item").results(LineArea))

    def on_line_area_submitted(self, event: LineArea.Submitted) -> None:
        """enter moves to the next item; on the last one it saves."""
        items = self.items()
        index = items.index(event.area)
        if index + 1 < len(items):
            items[index + 1].focus()
        else:
            self.action_save()

    def collect_fields(self) -> dict[str, Any]:
        # The questions go with the words: a draft offered back on another day keeps each answer
        # under the question it answered, not under that day's rotation.
        return {"items": [item.text for item in self.items()], "prompts": list(self._asked)}

    def apply_fields(self, fields: dict[str, Any]) -> None:
        values = [str(v) for v in fields.get("items", [])]
        areas = self.items()
        asked = fields.get("prompts")
        if isinstance(asked, list):
            labels = list(self.query(".gratitude-prompt").results(Prompt))
            for index, question in enumerate(asked[: len(areas)]):
                if isinstance(question, str) and question.strip():
                    self._asked[index] = question
                    labels[index].update(visible(f"{index + 1}. {question}"))
        if len(values) > len(areas):  # a draft with more items than configured: keep every word
            values[len(areas) - 1 :] = [" · ".join(values[len(areas) - 1 :])]
        for area, value in zip(areas, values):
            area.show_answer(value)

    def build_entry(self, fields: dict[str, Any]) -> EntryBase:
        base = self.editing.to_document() if self.editing else {"kind": "gratitude", "day": self.app.journal.today()}
        prompts = list(self._asked)
        items = list(fields.get("items", []))
        prompts += [""] * (len(items) - len(prompts))
        return parse_entry({**base, **fields, "prompts": prompts[: len(items)]})

    def fields_of(self, entry: EntryBase) -> dict[str, Any]:
        assert isinstance(entry, GratitudeEntry)
        return {"items": list(entry.items)}
