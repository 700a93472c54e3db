"""The morning strengths reflection."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Footer, Input, OptionList, Static, TextArea

from ritual_tui.models import EntryBase, StrengthsEntry, parse_entry
from ritual_tui.screens.base import RitualScreen
from ritual_tui.text import visible
from ritual_tui.widgets import FormScroll, PickList, Prompt, SafeInput, ScreenTitle, TypesThrough, long_text


def yesterday_question(template: str, intention: str) -> str:
    """The question about yesterday's intention, without a double stop when the intention ends with one."""
    intention = visible(intention.strip())
    if intention.endswith((".", "!", "?", "…")):
        template = template.replace("{intention}.", "{intention}")
    return template.replace("{intention}", intention)


class StrengthList(TypesThrough, PickList):
    """The strengths to pick from. Typing here goes on in the field above it, which filters the list."""

    TYPE_THROUGH_TO = "#strength"


class StrengthsScreen(RitualScreen):
    """Name a strength, where it showed up, and how to use it today."""

    slot = "strengths"
    DEFAULT_CSS = """
    StrengthsScreen #strength-list {
        height: 5;
        border: none;
        background: $background;
    }
    """

    def compose(self) -> ComposeResult:
        journal = self.app.journal
        prompts = self.app.settings.prompts
        yesterday = journal.yesterday_intention(self.form_day)
        with FormScroll(classes="ritual-form"):
            yield ScreenTitle(f"Morning strengths · {self.day_heading()}")
            if yesterday is not None:
                yield Prompt(yesterday_question(prompts.yesterday_note, yesterday.use_today), markup=False)
                yield long_text(id="yesterday_note", height=2)
            yield Prompt(prompts.strength)
            yield SafeInput(placeholder="type to filter the list, or use your own words", id="strength", compact=True)
            yield StrengthList(*self.app.settings.strengths, id="strength-list")
            yield Prompt(prompts.where_it_showed)
            yield long_text(id="where_it_showed")
            yield Prompt(prompts.use_today)
            yield long_text(id="use_today", height=2)
            yield Static("ctrl+s saves · escape goes back (a draft is kept)", classes="form-hint")
        yield Footer()

    def on_input_changed(self, event: Input.Changed) -> None:
        """Filter the strengths list as the user types."""
        super().on_input_changed(event)
        if event.input.id == "strength":
            typed = event.value.strip().casefold()
            names = [n for n in self.app.settings.strengths if typed in n.casefold()]
            options = self.query_one("#strength-list", OptionList)
            options.clear_options()
            options.add_options(names)
            # An empty list is no place for tab to stop, nor one whose strength is already in the field
            # (typed whole, or picked): tab went there, and the next answer typed on it went on into
            # the strength ("Kindnessat work").
            options.can_focus = bool(names) and typed not in {name.casefold() for name in names}

    def on_key(self, event) -> None:
        """down from the strength field moves into the list."""
        if event.key == "down" and self.focused is self.query_one("#strength", Input):
            options = self.query_one("#strength-list", OptionList)
            options.focus()
            if options.highlighted is None and options.option_count:
                options.highlighted = 0
            event.stop()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Pick a strength from the list."""
        self.query_one("#strength", Input).value = str(event.option.prompt)
        self.query_one("#where_it_showed", TextArea).focus()

    def collect_fields(self) -> dict[str, Any]:
        fields = {
            "strength": self.query_one("#strength", Input).value,
            "where_it_showed": self.query_one("#where_it_showed", TextArea).text,
            "use_today": self.query_one("#use_today", TextArea).text,
        }
        notes = self.query("#yesterday_note")
        if notes:
            fields["yesterday_note"] = notes.first(TextArea).text
        return fields

    def apply_fields(self, fields: dict[str, Any]) -> None:
        self.query_one("#strength", Input).value = str(fields.get("strength", ""))
        self.query_one("#where_it_showed", TextArea).text = str(fields.get("where_it_showed", ""))
        self.query_one("#use_today", TextArea).text = str(fields.get("use_today", ""))
        notes = self.query("#yesterday_note")
        if notes:
            notes.first(TextArea).text = str(fields.get("yesterday_note", ""))

    def build_entry(self, fields: dict[str, Any]) -> EntryBase:
        base = self.editing.to_document() if self.editing else {"kind": "strengths", "day": self.app.journal.today()}
        return parse_entry({**base, **fields})

    def fields_of(self, entry: EntryBase) -> dict[str, Any]:
        assert isinstance(entry, StrengthsEntry)
        return {k: getattr(entry, k) for k in ("strength", "where_it_showed", "use_today", "yesterday_note")}
