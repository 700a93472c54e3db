"""The forms of the boundaries: a boundary in your own words, and a moment you held one or said no."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Footer, Input, Static, TextArea

from ritual_tui.models import EntryBase, parse_entry
from ritual_tui.screens.base import RitualScreen
from ritual_tui.store.summary import validated
from ritual_tui.text import one_line, visible
from ritual_tui.widgets import Prompt, SafeInput, ScreenTitle, long_text

_BOUNDARY_TEXTS = ("boundary", "why", "words")
_HELD_TEXTS = ("moment",)
_HELD_LINES = ("feeling_before", "feeling_after")


class BoundaryEditor(RitualScreen):
    """A boundary: a guideline for what is fine with you, why it matters, and the words to say it."""

    def __init__(self, editing: EntryBase | None = None) -> None:
        super().__init__(editing)
        self.slot = "boundary"

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="ritual-form"):
            yield ScreenTitle("A boundary, in your own words")
            yield Prompt("The boundary (a guideline, not a wall)")
            yield long_text(id="boundary", height=2)
            yield Prompt("Why it matters to you")
            yield long_text(id="why", height=2)
            yield Prompt("The words you will use to say it, kindly and plainly")
            yield long_text(id="words", height=2)
            yield Static("ctrl+s saves · escape goes back (a draft is kept)", classes="form-hint")
        yield Footer()

    def collect_fields(self) -> dict[str, Any]:
        return {name: self.query_one(f"#{name}", TextArea).text for name in _BOUNDARY_TEXTS}

    def apply_fields(self, fields: dict[str, Any]) -> None:
        for name in _BOUNDARY_TEXTS:
            self.query_one(f"#{name}", TextArea).text = str(fields.get(name, ""))

    def fields_of(self, entry: EntryBase) -> dict[str, Any]:
        return {name: getattr(entry, name) for name in _BOUNDARY_TEXTS}

    def build_entry(self, fields: dict[str, Any]) -> EntryBase:
        base = self.editing.to_document() if self.editing else {"kind": "boundary", "day": self.app.journal.today()}
        return parse_entry({**base, **fields})

    def after_save(self, entry: EntryBase) -> None:
        self.app.notify("Boundary saved.", timeout=2)
        self.dismiss()


class HeldScreen(RitualScreen):
    """A moment you held a boundary (or said no), and how it felt before and after. It counts as a win."""

    def __init__(self, editing: EntryBase | None = None, boundary: Any | None = None) -> None:
        super().__init__(editing)
        self.boundary = validated(boundary) if boundary is not None else None
        self.slot = f"held-{self.boundary.id}" if self.boundary is not None else "held"

    @property
    def boundary_words(self) -> str:
        """The boundary this moment held (as written then, when editing), or ""."""
        if self.editing is not None:
            return self.editing.boundary
        return self.boundary.boundary if self.boundary is not None else ""

    def compose(self) -> ComposeResult:
        title = "You held a boundary" if self.boundary_words else "You said no"
        if self.editing is not None:
            title += f" · {self.day_heading()}"
        with VerticalScroll(classes="ritual-form"):
            yield ScreenTitle(title)
            if self.boundary_words:
                yield Static(visible(one_line(self.boundary_words, 200)), classes="note", markup=False)
            yield Prompt("What happened? What did you say or do?")
            yield long_text(id="moment", height=2)
            yield Prompt("How did it feel before?")
            yield SafeInput(id="feeling_before", compact=True)
            yield Prompt("And after?")
            yield SafeInput(id="feeling_after", compact=True)
            yield Static("Holding a boundary counts as a win, however it went. ctrl+s saves", classes="form-hint")
        yield Footer()

    def collect_fields(self) -> dict[str, Any]:
        fields = {name: self.query_one(f"#{name}", TextArea).text for name in _HELD_TEXTS}
        return fields | {name: self.query_one(f"#{name}", Input).value for name in _HELD_LINES}

    def apply_fields(self, fields: dict[str, Any]) -> None:
        for name in _HELD_TEXTS:
            self.query_one(f"#{name}", TextArea).text = str(fields.get(name, ""))
        for name in _HELD_LINES:
            self.query_one(f"#{name}", Input).value = str(fields.get(name, ""))

    def fields_of(self, entry: EntryBase) -> dict[str, Any]:
        return {name: getattr(entry, name) for name in (*_HELD_TEXTS, *_HELD_LINES)}

    def build_entry(self, fields: dict[str, Any]) -> EntryBase:
        if self.editing is not None:
            return parse_entry({**self.editing.to_document(), **fields})
        linked = {"boundary_id": self.boundary.id, "boundary": self.boundary.boundary} if self.boundary else {}
        return parse_entry({"kind": "held", "day": self.app.journal.today(), **linked, **fields})

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """enter moves from before to after, and saves from after."""
        if event.input.id == "feeling_before":
            self.query_one("#feeling_after").focus()
        else:
            self.action_save()

    def after_save(self, entry: EntryBase) -> None:
        self.app.notify("Kept, and counted as a win: your needs matter.", timeout=3)
        self.dismiss()
