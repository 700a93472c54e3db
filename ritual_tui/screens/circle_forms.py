"""The forms of the circles: a circle with its people, a person, and a small step taken in a circle."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Footer, Input, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from ritual_tui.belonging import parse_step_day
from ritual_tui.models import CircleEntry, EntryBase, EntryError, parse_entry
from ritual_tui.models.circles import CIRCLE_KINDS, STEP_TYPES, words
from ritual_tui.screens.base import RitualScreen
from ritual_tui.store.lazy import validated
from ritual_tui.text import one_line, visible
from ritual_tui.widgets import Prompt, SafeInput, ScreenTitle, long_text

KNOWS = "★"
"""The mark of a person who knows how you handle rejection."""


def person_line(person: dict[str, Any]) -> str:
    """One person as a list row: the mark when they know how you handle rejection, then the name."""
    mark = KNOWS if person.get("knows_rejection") else " "
    return f"{mark} {one_line(str(person.get('name', '')), 60)}"


def step_label(step: str, chosen: bool) -> str:
    """A step type as a row of the form's list, marked when it is the chosen one."""
    return f"{'●' if chosen else '○'} {words(step).capitalize()}"


class PersonDialog(ModalScreen[dict[str, Any] | None]):
    """Ask for a person's name and whether they know how you handle rejection."""

    CSS_PATH = "screens.tcss"
    DEFAULT_CSS = "PersonDialog { align: center middle; }"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="person.cancel"), Binding("ctrl+s", "keep", "Keep", id="person.keep")]

    def __init__(self, person: dict[str, Any] | None = None) -> None:
        super().__init__(classes="person-dialog")
        self.person = dict(person or {})

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


class PeopleList(OptionList):
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
        return {
            "circle": self.query_one("#circle", Input).value,
            "circle_kind": self.query_one("#circle_kind", Select).value,
            "gives": self.query_one("#gives", TextArea).text,
            "people": [dict(person) for person in self.people],
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

        def kept(person: dict[str, Any] | None) -> None:
            if person is None:
                return
            if at is None:
                self.people.append(person)
            else:
                self.people[at] = person
            self._people_changed(len(self.people) - 1 if at is None else at)

        self.app.push_screen(PersonDialog(self.people[at] if at is not None else None), kept)

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


class ContactScreen(RitualScreen):
    """A small step taken in a circle: which step, the day, and a note."""

    FIRST_FIELD = "#step_type"
    DEFAULT_CSS = """
    ContactScreen #step_type { height: auto; border: none; background: $surface; }
    ContactScreen #step_type:focus { background: $boost; }
    """

    def __init__(self, editing: EntryBase | None = None, circle: Any | None = None) -> None:
        super().__init__(editing)
        self.circle = validated(circle) if circle is not None else None
        circle_id = self.editing.circle_id if self.editing is not None else (self.circle.id if self.circle else "")
        self.slot = f"contact-{circle_id}"

    def compose(self) -> ComposeResult:
        name = self.editing.circle if self.editing is not None else (self.circle.circle if self.circle else "")
        heading = "A step in a circle" + (f" · {visible(name)}" if name else "")
        with VerticalScroll(classes="ritual-form"):
            yield ScreenTitle(heading if self.editing is None else f"{heading} · {self.day_heading()}", markup=False)
            yield Prompt("Which small step did you take?")
            yield OptionList(*(Option(step_label(step, False), id=step) for step in STEP_TYPES), id="step_type")
            if self.editing is None:
                yield Prompt("When? (blank for today, or yesterday, or a date like 2026-11-20)")
                yield SafeInput(placeholder="today", id="step-day", compact=True)
            yield Prompt("A note, if you like (what happened, how it felt)")
            yield SafeInput(id="note", compact=True)
            yield Static("enter moves on · ctrl+s saves · escape goes back", classes="form-hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#step_type", OptionList).highlighted = 0
        super().on_mount()

    def collect_fields(self) -> dict[str, Any]:
        listed = self.query_one("#step_type", OptionList)
        option = listed.highlighted_option
        fields = {"step_type": option.id if option is not None else STEP_TYPES[0], "note": self.query_one("#note", Input).value}
        days = self.query("#step-day")
        if days:
            fields["when"] = days.first(Input).value
        return fields

    def apply_fields(self, fields: dict[str, Any]) -> None:
        step = fields.get("step_type")
        if step in STEP_TYPES:
            self.query_one("#step_type", OptionList).highlighted = STEP_TYPES.index(step)
        self.query_one("#note", Input).value = str(fields.get("note", ""))
        days = self.query("#step-day")
        if days and "when" in fields:
            days.first(Input).value = str(fields["when"])

    def fields_of(self, entry: EntryBase) -> dict[str, Any]:
        return {"step_type": entry.step_type, "note": entry.note}

    def build_entry(self, fields: dict[str, Any]) -> EntryBase:
        fields = dict(fields)
        when = fields.pop("when", None)
        if self.editing is not None:
            return parse_entry({**self.editing.to_document(), **fields})
        if self.circle is None:
            raise EntryError("choose a circle first")
        day = parse_step_day(str(when or ""), self.app.journal.today())
        if day is None:
            raise EntryError("the day is today, yesterday or a date like 2026-11-20, not in the future")
        return parse_entry({"kind": "contact", "day": day, "circle_id": self.circle.id, "circle": self.circle.circle, **fields})

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """enter on a step moves on to the day (or the note)."""
        self.query_one("#step-day" if self.editing is None else "#note").focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """The chosen step is marked (seen when the list has no focus) and reaches the draft keeper."""
        for index, step in enumerate(STEP_TYPES):
            event.option_list.replace_option_prompt_at_index(index, step_label(step, index == event.option_index))
        self.remember_change()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """enter in the day moves to the note; enter in the note saves."""
        if event.input.id == "step-day":
            self.query_one("#note").focus()
        else:
            self.action_save()

    def after_save(self, entry: EntryBase) -> None:
        self.app.notify("Step kept. Small steps are how belonging grows.", timeout=3)
        self.dismiss()


class CirclePicker(ModalScreen[Any | None]):
    """Which circle was the step in? The circles in use, the latest step first; returns one or None."""

    CSS_PATH = "screens.tcss"
    DEFAULT_CSS = "CirclePicker { align: center middle; } CirclePicker #picked { height: auto; max-height: 12; border: none; }"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="picker.cancel")]

    def __init__(self, circles: list[Any]) -> None:
        super().__init__()
        self.circles = circles

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("A small step in which circle?", classes="dialog-title")
            yield OptionList(*(Option(one_line(c.circle, 60), id=c.id) for c in self.circles), id="picked", markup=False)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """enter picks the circle."""
        self.dismiss(next(c for c in self.circles if c.id == event.option.id))

    def action_cancel(self) -> None:
        """Close without a step."""
        self.dismiss(None)


def log_a_step(app: Any) -> None:
    """Log a small step in a circle from anywhere: straight to the form with one circle, through a
    picker with several, to the circles screen (to add one) with none."""
    from ritual_tui.belonging import belonging_map, circles_of

    journal = app.journal
    rows = belonging_map(circles_of(journal.of_kind("circle")), journal.of_kind("contact"), journal.today())
    circles = [validated(row.circle) for row in sorted(rows, key=lambda row: row.last_step or date.min, reverse=True)]
    if not circles:
        app.open_ritual("circles")
        app.notify("Add a circle first (a), then log a step in it (t).")
        return

    def chosen(circle: Any | None) -> None:
        if circle is not None:
            app.push_screen(ContactScreen(circle=circle))

    if len(circles) == 1:
        chosen(circles[0])
    else:
        app.push_screen(CirclePicker(circles), chosen)
