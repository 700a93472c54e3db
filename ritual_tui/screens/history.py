"""Looking back: a ladder step's attempts as a chart, and the entries from this day in past months and years."""

from __future__ import annotations

from datetime import date

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Label, Static

from ritual_tui.clock import add_days, add_months
from ritual_tui.models import LadderStep, Outcome
from ritual_tui.render import KIND_LABELS
from ritual_tui.sealing import shown_title
from ritual_tui.text import one_line, visible


HISTORY_CSS = """
#history-body {
    padding: 1 4;
}
#history-body Sparkline {
    height: 3;
    margin-bottom: 1;
}
#history-table {
    margin-top: 1;
}
.past-entry {
    text-wrap: nowrap;  /* one line an entry: a wrapped title ran on at the margin, under the kind names */
    text-overflow: ellipsis;
}
"""
"""What both looks back share: a padded body (a step's chart and table, or the past days)."""


class StepHistoryScreen(Screen[None]):
    """Every attempt on one ladder step: predicted against actual discomfort, and each outcome."""

    CSS_PATH = "screens.tcss"
    DEFAULT_CSS = HISTORY_CSS

    BINDINGS = [Binding("escape", "dismiss", "Back", id="history.back")]

    def __init__(self, step: LadderStep) -> None:
        super().__init__()
        self.step = step

    def compose(self) -> ComposeResult:
        attempts = self.app.journal.attempts(self.step.id)
        yield Label(Text(f"History · {visible(self.step.name)} · difficulty {self.step.difficulty}"), id="history-title", classes="page-title")
        with VerticalScroll(id="history-body"):
            if not attempts:
                yield Static("No attempts on this step yet. Plan one with enter on the ladder.")
            else:
                yield Label("Predicted ░ against actual peak █ discomfort, 0–100, oldest first", classes="section")
                yield Static(discomfort_chart(attempts), id="history-chart")
                yield Static(self._table(attempts), id="history-table")
        yield Footer()

    def _table(self, attempts) -> Table:
        table = Table(expand=True, box=None, pad_edge=False)
        for column in ("day", "small step", "predicted", "before", "peak", "after", "outcome"):
            # Words wrap, numbers never: at 80 columns an unwrapped outcome squeezed the small step out.
            words = column in ("small step", "outcome")
            table.add_column(column, no_wrap=not words, ratio=1 if words else None, min_width=10 if words else None)
        for attempt in attempts:
            cells = [attempt.discomfort_before, attempt.discomfort_peak, attempt.discomfort_after]
            table.add_row(
                f"{attempt.day:%-d %b %y}",
                one_line(attempt.title(), 40),
                str(attempt.predicted_discomfort),
                *("–" if value is None else str(value) for value in cells),
                Outcome(attempt.outcome).label,
            )
        return table


def bar(value: int | None, width: int = 30, fill: str = "█") -> str:
    """A 0–100 value as a bar of `width` cells."""
    if value is None:
        return "(not rated)"
    cells = round(value / 100 * width)
    return fill * cells + " " * (width - cells) + f" {value}"


def discomfort_chart(attempts) -> Text:
    """Two bars per attempt, predicted (light) and actual peak (solid), then its outcome on a line of
    its own (beside the bar, "used the exit (a brave attempt)" wrapped to the margin at 80 columns)."""
    chart = Text()
    for attempt in attempts:
        chart.append(f"{attempt.day:%-d %b %y}".ljust(11) + "predicted " + bar(attempt.predicted_discomfort, fill="░") + "\n")
        chart.append(" " * 11 + "peak      " + bar(attempt.discomfort_peak) + "\n")
        chart.append(" " * 11 + Outcome(attempt.outcome).label + "\n", style="italic")
    return chart


class OnThisDayScreen(Screen[None]):
    """Entries from this day a week, a month, a year and more years ago."""

    CSS_PATH = "screens.tcss"
    DEFAULT_CSS = HISTORY_CSS

    BINDINGS = [Binding("escape", "dismiss", "Back", id="onthisday.back")]

    def compose(self) -> ComposeResult:
        journal = self.app.journal
        today = journal.today()
        yield Label(f"On this day · {today:%-d %B}", id="history-title", classes="page-title")
        with VerticalScroll(id="history-body"):
            found = False
            for label, day in self.past_days(today):
                entries = [e for e in journal.on_day(day) if e.kind != "step"]
                if not entries:
                    continue
                found = True
                yield Label(f"{label} · {day:%A %-d %B %Y}", classes="section")
                for entry in entries:
                    yield Static(Text(f"  {KIND_LABELS[entry.kind]}: {shown_title(entry, today, 70)}"), classes="past-entry")
            if not found:
                yield Static("Nothing from this day in the past yet. Today's entries will be here next month.")
        yield Footer()

    @staticmethod
    def past_days(today: date) -> list[tuple[str, date]]:
        """A week, a month, then every year back (29 February falls back to the 28th)."""
        days = [("A week ago", add_days(today, -7)), ("A month ago", add_months(today, -1))]
        for years in range(1, 11):
            days.append(("A year ago" if years == 1 else f"{years} years ago", add_months(today, -12 * years)))
        return days
