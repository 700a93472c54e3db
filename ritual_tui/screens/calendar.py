"""The calendar: a year of practice at a glance; the selected day's entries below."""

from __future__ import annotations

from collections import defaultdict
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


def practice_levels(entries, kind: str | None = None) -> dict[date, int]:
    """How many different rituals (or entries of one ritual) each day holds."""
    kinds: dict[date, set[str]] = defaultdict(set)
    counts: dict[date, int] = defaultdict(int)
    for entry in entries:
        if entry.kind in RITUAL_KINDS and (kind is None or entry.kind == kind):
            kinds[entry.day].add(entry.kind)
            counts[entry.day] += 1
    if kind is None:
        return {day: len(found) for day, found in kinds.items()}
    return {day: min(4, count * 2) for day, count in counts.items()}


class CalendarScreen(Screen[date | None]):
    """A heatmap of the year; f picks a ritual; the day under the cursor is listed below.
    Enter returns the selected day to the screen that opened the calendar (escape returns None)."""

    CSS_PATH = "screens.tcss"

    BINDINGS = [
        Binding("f", "cycle_kind", "Ritual", id="calendar.kind"),
        Binding("enter", "open_day", "Open day", id="calendar.open"),
        Binding("escape", "dismiss", "Back", id="calendar.back"),
    ]

    def __init__(self, day: date | None = None) -> None:
        super().__init__()
        self.start_day = day
        self.kind: str | None = None

    def compose(self) -> ComposeResult:
        journal = self.app.journal
        yield Label("", id="calendar-title")
        yield YearHeatmap(practice_levels(journal.entries), self.start_day or journal.today(), id="heatmap")
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
        """List the entries of the day under the cursor."""
        self.show_day(event.day)

    def show_day(self, day: date) -> None:
        """Draw one day's entries."""
        journal = self.app.journal
        entries = [e for e in journal.on_day(day) if e.kind != "step"]
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
        heatmap = self.query_one(YearHeatmap)
        heatmap.levels = practice_levels(self.app.journal.entries, self.kind)
        heatmap.refresh()
        self._title()

    def action_open_day(self) -> None:
        """Hand the selected day back: the browser below shows it, Today opens the browser at it."""
        self.dismiss(self.query_one(YearHeatmap).selected)
