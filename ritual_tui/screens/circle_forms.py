"""The forms of a circle: the circle with its people, and a person in it."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Footer, Input, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from ritual_tui.models import CircleEntry, EntryBase, parse_entry
from ritual_tui.models.circles import CIRCLE_KINDS, words
from ritual_tui.screens.base import RitualScreen
from ritual_tui.text import one_line, visible
from ritual_tui.widgets import PickList, Prompt, SafeInput, ScreenTitle, long_text

KNOWS = "★"
"""The mark of a person who knows how you handle rejection."""


def person_line(person: dict[str, Any]) -> str:
    """One person as a list row: the mark when they know how you handle rejection, then the name."""
    mark = KNOWS if person.get("knows_rejection") else " "
    return f"{mark} {one_line(str(person.get('name', '')), 60)}"


class PersonDialog(ModalScreen[dict[str, Any] | None]):
    """Ask for a person's name and whether they know how you handle rejection."""

    CSS_PATH = "screens.tcss"
    DEFAULT_CSS = "PersonDialog { align: center middle; }"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="person.cancel"), Binding("ctrl+s", "keep", "Keep", id="person.keep")]

    def __init__(self, person: dict[str, Any] | None = None, on_change=None) -> None:
        """`on_change(person)` hears every change as it is typed, so a draft keeps the words."""
        super().__init__(classes="person-dialog")
        self.person = dict(person or {})
        self.on_change = on_change

    def typed(self) -> dict[str, Any]:
        """The person as the dialog holds them now."""
        return {**self.person, "name": self.query_one("#person-name", Input).value,
                "knows_rejection": self.query_one("#person-knows", Checkbox).value}

    def on_input_changed(self, event: Input.Changed) -> None:
        """Every keystroke reaches the circle's draft."""
        event.stop()
        if self.on_change is not None:
            self.on_change(self.typed())

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        """So does the mark."""
        event.stop()
        if self.on_change is not None:
            self.on_change(self.typed())

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Someone you can lean on", classes="dialog-title")
            yield Prompt("Their name (or how you call them)")
            yield SafeInput(str(self.person.get("name", "")), id="person-name")
            yield Checkbox("They know how I handle rejection", bool(self.person.get("knows_rejection")), id="person-knows")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Keep", variant="primary", id="keep")
                yield Button("Cancel", id="cancel")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """enter in the name keeps the person."""
        self.action_keep()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """The buttons share the key handlers."""
        self.action_keep() if event.button.id == "keep" else self.action_cancel()

    def action_keep(self) -> None:
        """Return the person (other fields they had are kept), or say what is missing."""
        name = self.query_one("#person-name", Input).value.strip()
        if not name:
            self.notify("Write their name first.", severity="warning")
            return
        self.dismiss({**self.person, "name": name, "knows_rejection": self.query_one("#person-knows", Checkbox).value})

    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(None)


class PeopleList(PickList):
    """The people of a circle: a adds, enter edits, space marks who knows how you handle rejection, delete removes."""

    BINDINGS = [
        Binding("a", "add_person", "Add person", id="people.add"),
        Binding("space", "toggle_knows", "Knows me", id="people.knows"),
        Binding("delete,backspace", "remove_person", "Remove", id="people.remove"),
    ]

    def action_add_person(self) -> None:
        """Ask the form to add a person."""
        self.screen.add_person()

    def action_toggle_knows(self) -> None:
        """Flip the highlighted person's "knows how I handle rejection"."""
        self.screen.toggle_knows(self.highlighted)

    def action_remove_person(self) -> None:
        """Take the highlighted person off the list (saved with ctrl+s)."""
        self.screen.remove_person(self.highlighted)


class CircleEditor(RitualScreen):
    """A circle of belonging: its name, its kind, what it gives you, and the people you can lean on."""

    FIRST_FIELD = "#circle"
    DEFAULT_CSS = """
    CircleEditor #people { height: auto; max-height: 8; border: none; background: $surface; margin: 0; }
    CircleEditor #people:focus { background: $boost; }
    """

    def __init__(self, editing: EntryBase | None = None) -> None:
        super().__init__(editing)
        self.slot = "circle"
        self.people: list[dict[str, Any]] = []
        self.pending: tuple[int | None, dict[str, Any]] | None = None
        """(place or None for a new one, the person) while the person dialog is open."""

    def on_mount(self) -> None:
        self._show_people()
        super().on_mount()

    def compose(self) -> ComposeResult:
        title = "A circle of belonging" if self.editing is None else f"Circle · {visible(self.editing.circle)}"
        with VerticalScroll(classes="ritual-form"):
            yield ScreenTitle(title, markup=False)
            yield Prompt("Its name (a club, a group, a family, a few friends)")
            yield SafeInput(id="circle", compact=True)
            yield Prompt("What kind of circle is it?")
            yield Select([(words(kind), kind) for kind in CIRCLE_KINDS], value="other", allow_blank=False, id="circle_kind", compact=True)
            yield Prompt("What does it give you?")
            yield long_text(id="gives", height=2)
            yield Prompt(f"People you can lean on ({KNOWS} knows how you handle rejection)")
            yield PeopleList(id="people", markup=False)
            yield Static("on the people: a adds · enter edits · space marks ★ · delete removes", classes="form-hint")
            yield Static("ctrl+s saves · escape goes back (a draft is kept)", classes="form-hint")
        yield Footer()

    def collect_fields(self) -> dict[str, Any]:
        people = [dict(person) for person in self.people]
        if self.pending is not None and str(self.pending[1].get("name", "")).strip():
            at, person = self.pending  # a person being typed in the dialog: a draft keeps them too
            if at is None:
                people.append(dict(person))
            else:
                people[at] = dict(person)
        return {
            "circle": self.query_one("#circle", Input).value,
            "circle_kind": self.query_one("#circle_kind", Select).value,
            "gives": self.query_one("#gives", TextArea).text,
            "people": people,
        }

    def apply_fields(self, fields: dict[str, Any]) -> None:
        self.query_one("#circle", Input).value = str(fields.get("circle", ""))
        kind = fields.get("circle_kind")
        self.query_one("#circle_kind", Select).value = kind if kind in CIRCLE_KINDS else "other"
        self.query_one("#gives", TextArea).text = str(fields.get("gives", ""))
        self.people = [dict(p) for p in fields.get("people", []) if isinstance(p, dict)]
        self._show_people()

    def fields_of(self, entry: EntryBase) -> dict[str, Any]:
        assert isinstance(entry, CircleEntry)
        document = entry.to_document()
        return {key: document.get(key, "") for key in ("circle", "circle_kind", "gives")} | {"people": document.get("people", [])}

    def build_entry(self, fields: dict[str, Any]) -> EntryBase:
        base = self.editing.to_document() if self.editing else {"kind": "circle", "day": self.app.journal.today()}
        return parse_entry({**base, **fields})

    def after_save(self, entry: EntryBase) -> None:
        self.app.notify("Circle saved.", timeout=2)
        self.dismiss()

    def _show_people(self, highlight: int | None = None) -> None:
        listed = self.query_one("#people", PeopleList)
        listed.clear_options()
        listed.add_options([Option(person_line(p)) for p in self.people])
        if not self.people:
            listed.add_option(Option("No one yet: press a here to add someone.", disabled=True))
        elif highlight is not None:
            listed.highlighted = min(highlight, len(self.people) - 1)

    def _people_changed(self, highlight: int | None) -> None:
        self._show_people(highlight)
        self.remember_change()

    def add_person(self, at: int | None = None) -> None:
        """Ask for a person (a new one, or the one at `at`) and put them on the list."""

        def typing(person: dict[str, Any]) -> None:
            self.pending = (at, person)
            self.remember_change()

        def kept(person: dict[str, Any] | None) -> None:
            self.pending = None
            if person is None:
                self.remember_change()
                return
            if at is None:
                self.people.append(person)
            else:
                self.people[at] = person
            self._people_changed(len(self.people) - 1 if at is None else at)

        self.app.push_screen(PersonDialog(self.people[at] if at is not None else None, typing), kept)

    def toggle_knows(self, at: int | None) -> None:
        """Flip the flag of the person at `at`."""
        if at is not None and at < len(self.people):
            person = self.people[at]
            self.people[at] = {**person, "knows_rejection": not person.get("knows_rejection")}
            self._people_changed(at)

    def remove_person(self, at: int | None) -> None:
        """Take the person at `at` off the list."""
        if at is not None and at < len(self.people):
            del self.people[at]
            self._people_changed(at)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """enter on a person edits them."""
        if event.option_list.id == "people" and event.option_index < len(self.people):
            self.add_person(event.option_index)

    def on_select_changed(self, event: Select.Changed) -> None:
        """A new kind reaches the draft keeper like any keystroke."""
        self.remember_change()
