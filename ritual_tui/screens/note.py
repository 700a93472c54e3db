"""A note: a free page with a title, the body and tags, for what does not fit a ritual."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Footer, Input, Static, TextArea

from ritual_tui.models import EntryBase, NoteEntry, parse_entry
from ritual_tui.screens.base import RitualScreen
from ritual_tui.widgets import Prompt, SafeInput, ScreenTitle, long_text


def split_tags(text: str) -> list[str]:
    """Tags typed as "work, family health": split at commas and spaces."""
    return [word for word in text.replace(",", " ").split() if word.strip("@#")]


class NoteScreen(RitualScreen):
    """Write a new note, or edit one (from the browser); each new note is its own entry."""

    slot = "note"
    FIRST_FIELD = "#note-title"

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="ritual-form"):
            yield ScreenTitle("A note" + (f" · {self.day_heading()}" if self.editing else ""))
            yield Prompt("Title (optional)")
            yield SafeInput("", id="note-title", compact=True)
            yield Prompt("The page")
            yield long_text("", id="note-body", height=8)
            yield Prompt("Tags, separated by spaces or commas (optional)")
            yield SafeInput("", id="note-tags", compact=True)
            yield Static("ctrl+s saves · escape goes back (a draft is kept)", classes="form-hint")
        yield Footer()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """enter in the title moves to the page; in the tags it saves."""
        if event.input.id == "note-title":
            self.query_one("#note-body", TextArea).focus()
        else:
            self.action_save()

    def collect_fields(self) -> dict[str, Any]:
        return {
            "title": self.query_one("#note-title", Input).value,
            "body": self.query_one("#note-body", TextArea).text,
            "tags": self.query_one("#note-tags", Input).value,
        }

    def apply_fields(self, fields: dict[str, Any]) -> None:
        self.query_one("#note-title", Input).value = str(fields.get("title", "") or "")
        self.query_one("#note-body", TextArea).text = str(fields.get("body", "") or "")
        tags = fields.get("tags") or ""
        self.query_one("#note-tags", Input).value = ", ".join(map(str, tags)) if isinstance(tags, list) else str(tags)

    def fields_of(self, entry: EntryBase) -> dict[str, Any]:
        assert isinstance(entry, NoteEntry)
        return {"title": entry.note_title, "body": entry.body, "tags": ", ".join(entry.tags)}

    def build_entry(self, fields: dict[str, Any]) -> EntryBase:
        document = self.editing.to_document() if self.editing is not None else {"kind": "note", "day": self.form_day}
        own = {"title": fields["title"].strip(), "body": fields["body"], "tags": split_tags(str(fields["tags"]))}
        return parse_entry({**document, **own})

    def after_save(self, entry: EntryBase) -> None:
        self.app.notify("Note saved.", timeout=2)
        self.dismiss()
