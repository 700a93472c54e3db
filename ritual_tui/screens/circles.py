"""Circles of belonging: the map of where belonging comes from, and a small step in any circle."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Label, OptionList, Static
from textual.widgets.option_list import Option

from ritual_tui.belonging import LONGER_DAYS, RECENT_DAYS, CircleBalance, bar, belonging_map, circles_of, nudge
from ritual_tui.models.circles import words
from ritual_tui.screens.archiving import ArchiveList
from ritual_tui.screens.circle_forms import KNOWS, CircleEditor
from ritual_tui.screens.circle_step import ContactScreen
from ritual_tui.store.summary import validated
from ritual_tui.text import one_line, visible
from ritual_tui.widgets import ScreenTitle

HEADER = f"{'circle':<20} {'kind':<13} {'last step':<10} {f'{RECENT_DAYS} days':<11} {f'{LONGER_DAYS} days':>7}"


def last_step_text(day: date | None, today: date) -> str:
    """When the last step was: "today", "yesterday", "3 Nov", "3 Nov 2025", or "—" for none yet."""
    if day is None:
        return "—"
    if day == today:
        return "today"
    if (today - day).days == 1:
        return "yesterday"
    return f"{day:%-d %b}" + (f" {day.year}" if day.year != today.year else "")


def map_line(row: CircleBalance, most: int, today: date) -> str:
    """One circle as a row of the map, about 64 cells wide (readable at 80 columns)."""
    circle = row.circle
    return (
        f"{one_line(circle.circle, 20):<20} {one_line(words(circle.circle_kind), 13):<13} "
        f"{last_step_text(row.last_step, today):<10} {bar(row.recent, most):<8}{row.recent:>3} {row.longer:>7}"
    )


class CirclesScreen(ArchiveList, Screen[None]):
    """Every circle with its last step and its steps in the last 30 and 90 days, and what each gives."""

    CSS_PATH = "screens.tcss"
    DEFAULT_CSS = """
    CirclesScreen #circles-header { padding: 1 0 0 3; }
    CirclesScreen #circles { height: auto; max-height: 12; border: none; margin: 0 2; background: $background; }
    CirclesScreen #circle-detail { height: 1fr; padding: 1 4 0 4; }
    CirclesScreen #circle-about { color: $text-muted; }
    CirclesScreen #circles-nudge { margin-top: 1; }
    """

    BINDINGS = [
        Binding("a", "add", "Add circle", id="circles.add"),
        Binding("t", "step", "Log a step", id="circles.step"),
        Binding("enter", "edit", "Edit", show=False, id="circles.edit"),
        Binding("x", "archive", "Archive/restore", id="circles.archive"),
        Binding("u", "show_archived", "Archived", id="circles.archived"),
        Binding("escape", "back", "Back", id="circles.back"),
        Binding("f1,question_mark", "app.help", "Help", show=False, id="circles.help"),
    ]

    noun = "circle"

    def redraw(self) -> None:
        """Draw the circles again (after archiving or switching to the archived ones)."""
        self.refresh_map()

    def compose(self) -> ComposeResult:
        yield ScreenTitle("Circles of belonging")
        yield Label(HEADER, id="circles-header", classes="section", markup=False)
        yield OptionList(id="circles", markup=False)
        with VerticalScroll(id="circle-detail"):
            yield Static("", id="circle-about", markup=False)
            yield Static("", id="circles-nudge", classes="note", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_map()
        self.query_one("#circles", OptionList).focus()

    def history_loaded(self) -> None:
        """The whole journal is read: redraw."""
        self.refresh_map()

    def on_screen_resume(self) -> None:
        """Back from a form: show what changed."""
        self.refresh_map()

    def circles(self) -> list[Any]:
        """The circles shown now (the archived ones after u)."""
        return circles_of(self.app.journal.of_kind("circle"), archived=self.archived)

    def refresh_map(self, select: str | None = None) -> None:
        """Redraw the map from the journal, keeping the highlighted circle."""
        journal = self.app.journal
        today = journal.today()
        listed = self.query_one("#circles", OptionList)
        current = select or (listed.highlighted_option.id if listed.highlighted_option else None)
        rows = belonging_map(self.circles(), journal.of_kind("contact"), today)
        most = max((row.recent for row in rows), default=0)
        listed.clear_options()
        listed.add_options([Option(map_line(row, most, today), id=row.circle.id) for row in rows])
        if not rows:
            empty = "No archived circles." if self.archived else "No circles yet: press a to add the first one."
            listed.add_option(Option(empty, id="_empty", disabled=True))
        ids = [row.circle.id for row in rows]
        listed.highlighted = ids.index(current) if current in ids else (0 if ids else None)
        line = None if self.archived else nudge(journal.of_kind("circle"), journal.of_kind("contact"), today, self.app.settings.prompts.small_steps)
        shown = self.query_one("#circles-nudge", Static)
        shown.display = bool(line)
        shown.update(visible(line or ""))
        self.show_about()

    def selected(self) -> Any | None:
        """The highlighted circle (validated), or None."""
        option = self.query_one("#circles", OptionList).highlighted_option
        if option is None or option.id is None or option.id.startswith("_"):
            return None
        found = next((c for c in self.app.journal.of_kind("circle") if c.id == option.id), None)
        return validated(found) if found is not None else None

    def show_about(self) -> None:
        """What the highlighted circle gives, and its people (★ knows how you handle rejection)."""
        circle = self.selected()
        about = self.query_one("#circle-about", Static)
        if circle is None:
            about.update("Belonging grows from many places: a club, a class, a few friends, a cause.\n"
                         "a adds a circle · t logs a small step in the highlighted one.")
            return
        lines = []
        if circle.gives.strip():
            lines.append(f"Gives you: {one_line(circle.gives, 200)}")
        if circle.people:
            people = ", ".join(f"{one_line(p.name, 30)}{' ' + KNOWS if p.knows_rejection else ''}" for p in circle.people)
            lines.append(f"People: {people}")
        lines.append("enter edits · t logs a step" + (" · x restores" if self.archived else " · x archives"))
        about.update("\n".join(lines))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Show the highlighted circle's details."""
        self.show_about()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """enter edits the circle."""
        self.action_edit()

    def action_add(self) -> None:
        """A new circle."""
        self.app.push_screen(CircleEditor())

    def action_edit(self) -> None:
        """Edit the highlighted circle (its name, kind, what it gives, its people)."""
        circle = self.selected()
        if circle is not None:
            self.app.push_screen(CircleEditor(circle))

    def action_step(self) -> None:
        """Log a small step in the highlighted circle."""
        circle = self.selected()
        if circle is None:
            self.notify("Add a circle first (a), then log a step in it.", severity="warning")
            return
        self.app.push_screen(ContactScreen(circle=circle))
