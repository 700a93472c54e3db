"""What the practice teaches: per ladder step, predicted against peak over time, and the months of practice."""

from __future__ import annotations

import sqlite3

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Label, Static

from ritual_tui.insights import Insights, StepInsight, entry_day_kinds, figures_line, insights
from ritual_tui.insights_catalog import insights_of_catalog
from ritual_tui.patterns import trap_name
from ritual_tui.screens.history import HISTORY_CSS, bar
from ritual_tui.text import one_line, visible

CHART_ROWS = 8
"""A step's chart has at most this many rows: more attempts are averaged in groups, oldest first."""

MONTHS_SHOWN = 12


def gather(journal) -> Insights:
    """The insights of the whole journal: from its catalog when it has one, else the entries in memory."""
    today = journal.today()
    catalog = journal.catalog if journal.complete else None
    if catalog is None:
        entries = journal.entries
        return insights(entries, entry_day_kinds(entries), today)
    try:
        return insights_of_catalog(catalog, today)
    except sqlite3.Error:
        entries = journal.entries
        return insights(entries, entry_day_kinds(entries), today)


def chart_rows(points: list[tuple], rows: int = CHART_ROWS) -> list[tuple[str, int, int]]:
    """(label, predicted, peak) per row: each attempt when they fit, else groups of attempts in
    time order, each labelled with its first day and showing its means (rounded)."""
    if len(points) <= rows:
        return [(f"{day:%-d %b %y}", predicted, peak) for day, predicted, peak in points]
    shown = []
    for index in range(rows):
        group = points[index * len(points) // rows:(index + 1) * len(points) // rows]
        shown.append((f"{group[0][0]:%-d %b %y}", round(sum(p[1] for p in group) / len(group)),
                      round(sum(p[2] for p in group) / len(group))))
    return shown


def step_chart(step: StepInsight, width: int = 30) -> Text:
    """Predicted (light) above the peak that came (solid) for each row of `chart_rows`."""
    chart = Text()
    for label, predicted, peak in chart_rows(step.points):
        chart.append(label.ljust(11) + "predicted " + bar(predicted, width, fill="░") + "\n", style="dim")
        chart.append(" " * 11 + "peak      " + bar(peak, width) + "\n")
    if len(step.points) > CHART_ROWS:
        chart.append(f"{len(step.points)} attempts in {CHART_ROWS} groups, oldest first; h on the ladder shows each one\n", style="italic")
    return chart


def months_text(found: Insights) -> str:
    """Practice days, thinking traps and circle steps of the last months, in words."""
    lines = [f"{month}  {days} day{'s' if days != 1 else ''}" for month, days in list(found.practice_days.items())[-MONTHS_SHOWN:]]
    traps = list(found.traps.items())[-MONTHS_SHOWN:]
    if traps:
        lines += ["", "Thinking traps per month"]
        lines += [f"{month}  " + ", ".join(f"{trap_name(t)} {n}" for t, n in counts.items()) for month, counts in traps]
    if found.circle_steps:
        lines += ["", "Steps per circle"] + [f"{name}: {count}" for name, count in found.circle_steps.items()]
    return visible("\n".join(lines))


class InsightsScreen(Screen[None]):
    """Per ladder step and overall: predicted against peak, and how often the feared thing happened."""

    CSS_PATH = "screens.tcss"

    DEFAULT_CSS = HISTORY_CSS + """
    InsightsScreen .insight-step { margin-top: 1; text-style: bold; }
    InsightsScreen .insight-figures { color: $text-muted; }
    InsightsScreen #insights-courage { color: $secondary; }
    """

    BINDINGS = [Binding("escape", "dismiss", "Back", id="insights.back")]

    def compose(self) -> ComposeResult:
        found = gather(self.app.journal)
        yield Label("Insights · what the practice teaches", id="history-title", classes="page-title")
        with VerticalScroll(id="history-body"):
            if not found.overall.attempts:
                yield Static("No reflected attempts yet. After each attempt, the reflection's numbers "
                             "gather here: what you predicted against the peak that came.")
            else:
                yield Static(Text(f"All steps: {figures_line(found.overall)}"), id="insights-overall")
                if found.courage:
                    yield Static(Text(visible("\n".join(found.courage))), id="insights-courage")
                yield Label("Predicted ░ against the peak that came █, 0–100", classes="section")
                for step in found.steps:
                    if not step.points:
                        continue
                    archived = " (archived)" if step.archived else ""
                    yield Label(Text(one_line(visible(step.name), 70) + archived), classes="insight-step")
                    yield Static(Text(figures_line(step.figures)), classes="insight-figures")
                    yield Static(step_chart(step), classes="insight-chart")
            if found.practice_days:
                yield Label("Practice days per month (a count, never a streak)", classes="section")
                yield Static(Text(months_text(found)), id="insights-months")
        yield Footer()
