"""The calendar: a year of practice at a glance; the selected day's entries below."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Label, Static

from ritual_tui.render import KIND_LABELS
from ritual_tui.rituals import RITUAL_KINDS
from ritual_tui.sealing import shown_title
from ritual_tui.widgets.heatmap import LEVEL_CHARS, YearHeatmap


class CalendarScreen(Screen[date | None]):
    """A heatmap of the year; f picks a ritual; the day under the cursor is listed below.
    Enter returns the selected day to the screen that opened the calendar (escape returns None)."""

    CSS_PATH = "screens.tcss"
    DEFAULT_CSS = """
    CalendarScreen {
        #heatmap {
            margin: 1 4 0 4;
        }
        #calendar-legend {
            margin: 0 4;
            color: $text-muted;
        }
        #calendar-day {
            margin: 1 4 0 4;
            border: round $panel;
            padding: 0 1;
        }
        #calendar-entries {
            text-wrap: nowrap;  /* one line an entry: a wrapped title ran on under its kind's name */
            text-overflow: ellipsis;
        }
    }
    """

    BINDINGS = [
        Binding("f", "cycle_kind", "Ritual", id="calendar.kind"),
        Binding("enter", "open_day", "Open day", id="calendar.open"),
        Binding("escape", "dismiss", "Back", id="calendar.back"),
    ]

    def __init__(self, day: date | None = None) -> None:
        super().__init__()
        self.start_day = day
        self.kind: str | None = None
        self.year: int | None = None
        """The year whose levels the heatmap holds."""

    def compose(self) -> ComposeResult:
        journal = self.app.journal
        yield Label("", id="calendar-title", classes="page-title")
        start = self.start_day or journal.today()
        self.year = start.year
        yield YearHeatmap(journal.practice_levels(start.year), start, id="heatmap")
        yield Static(Text(f"less {LEVEL_CHARS} more · arrows move · [ ] change the year"), id="calendar-legend")
        with VerticalScroll(id="calendar-day"):
            yield Static("", id="calendar-entries")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(YearHeatmap).focus()
        self._title()
        self.show_day(self.query_one(YearHeatmap).selected)

    def _title(self) -> None:
        which = KIND_LABELS[self.kind] if self.kind else "all rituals"
        self.query_one("#calendar-title", Label).update(f"Calendar · {which}")

    def on_year_heatmap_day_changed(self, event: YearHeatmap.DayChanged) -> None:
        """List the entries of the day under the cursor (and the levels of its year, when it is another)."""
        if event.day.year != self.year:
            self._levels(event.day.year)
        self.show_day(event.day)

    def show_day(self, day: date) -> None:
        """Draw one day's entries."""
        journal = self.app.journal
        entries = [e for e in journal.entries_on(day) if e.kind != "step"]
        text = Text(f"{day:%A %-d %B %Y}\n", style="bold")
        if not entries:
            text.append("Nothing written this day.")
        for entry in entries:
            text.append(f"  {KIND_LABELS[entry.kind]}: {shown_title(entry, journal.today(), 64)}\n")
        self.query_one("#calendar-entries", Static).update(text)

    def action_cycle_kind(self) -> None:
        """All rituals → each ritual → all."""
        cycle = (None, *RITUAL_KINDS)
        self.kind = cycle[(cycle.index(self.kind) + 1) % len(cycle)]
        self._levels(self.query_one(YearHeatmap).selected.year)
        self._title()

    def _levels(self, year: int) -> None:
        heatmap = self.query_one(YearHeatmap)
        self.year = year
        heatmap.levels = self.app.journal.practice_levels(year, self.kind)
        heatmap.refresh()

    def action_open_day(self) -> None:
        """Hand the selected day back: the browser below shows it, Today opens the browser at it."""
        self.dismiss(self.query_one(YearHeatmap).selected)
