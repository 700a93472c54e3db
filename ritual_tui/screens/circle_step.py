"""A small step taken in a circle: the form, and the picker Today's `t` opens when there are several circles."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from ritual_tui.belonging import parse_step_day
from ritual_tui.models import EntryBase, EntryError, parse_entry
from ritual_tui.models.circles import STEP_TYPES, words
from ritual_tui.screens.base import RitualScreen
from ritual_tui.store.summary import validated
from ritual_tui.text import one_line, visible
from ritual_tui.widgets import Prompt, SafeInput, ScreenTitle


def step_label(step: str, chosen: bool) -> str:
    """A step type as a row of the form's list, marked when it is the chosen one."""
    return f"{'●' if chosen else '○'} {words(step).capitalize()}"


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
