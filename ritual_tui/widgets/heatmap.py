"""A year at a glance: one cell per day, darker where more rituals were practised."""

from __future__ import annotations

from datetime import MAXYEAR, MINYEAR, date

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from ritual_tui.clock import add_days

LEVEL_CHARS = "·░▒▓█"
"""Cells by level (0: nothing practised ... 4: four rituals), readable without colour too."""
WEEKDAY_LABELS = ("Mon", "", "Wed", "", "Fri", "", "Sun")
_LAST_ORDINAL = date.max.toordinal()


def year_grid_start(year: int) -> date:
    """The Monday on or before 1 January: the first column of the grid."""
    first = date(year, 1, 1)
    return add_days(first, -first.weekday())


class YearHeatmap(Widget, can_focus=True):
    """A keyboard-navigable year: arrows move by day and week, [ and ] change the year."""

    DEFAULT_CSS = """
    YearHeatmap { height: 9; width: auto; min-width: 60; }
    YearHeatmap > .heatmap--level-0 { color: $text-muted; }
    YearHeatmap > .heatmap--level-1 { color: $primary 50%; }
    YearHeatmap > .heatmap--level-2 { color: $primary 70%; }
    YearHeatmap > .heatmap--level-3 { color: $primary 85%; }
    YearHeatmap > .heatmap--level-4 { color: $primary; }
    YearHeatmap > .heatmap--cursor { background: $accent; color: $background; text-style: bold; }
    YearHeatmap > .heatmap--label { color: $text-muted; }
    """
    COMPONENT_CLASSES = {f"heatmap--level-{n}" for n in range(5)} | {"heatmap--cursor", "heatmap--label"}
    BINDINGS = [
        Binding("up,k", "move(-1)", "Day before", show=False),
        Binding("down,j", "move(1)", "Day after", show=False),
        Binding("left,h", "move(-7)", "Week before", show=False),
        Binding("right,l", "move(7)", "Week after", show=False),
        Binding("left_square_bracket", "year(-1)", "Year before"),
        Binding("right_square_bracket", "year(1)", "Year after"),
    ]

    selected: reactive[date] = reactive(date(2000, 1, 1))

    class DayChanged(Message):
        """The cursor moved to another day."""

        def __init__(self, day: date) -> None:
            super().__init__()
            self.day = day

    def __init__(self, levels: dict[date, int], selected: date, **kwargs) -> None:
        super().__init__(**kwargs)
        self.levels = levels
        self.set_reactive(YearHeatmap.selected, selected)

    def watch_selected(self, day: date) -> None:
        self.post_message(self.DayChanged(day))

    def action_move(self, days: int) -> None:
        """Move the cursor by a number of days."""
        self.selected = add_days(self.selected, days)  # held at 0001-01-01 and 9999-12-31

    def action_year(self, step: int) -> None:
        """Jump a year back or forward (29 February lands on the 28th); years 1 and 9999 are the ends."""
        if not MINYEAR <= self.selected.year + step <= MAXYEAR:
            return
        try:
            self.selected = self.selected.replace(year=self.selected.year + step)
        except ValueError:
            self.selected = self.selected.replace(year=self.selected.year + step, day=28)

    def render(self) -> Text:
        year = self.selected.year
        start = year_grid_start(year)
        weeks = (date(year, 12, 31) - start).days // 7 + 1
        label = self.get_component_rich_style("heatmap--label")
        styles = [self.get_component_rich_style(f"heatmap--level-{n}") for n in range(5)]
        cursor = self.get_component_rich_style("heatmap--cursor")
        text = Text(f"{year:<4} ", style=label)
        months = [" "] * weeks
        for month in range(1, 13):
            column = (date(year, month, 1) - start).days // 7
            for offset, char in enumerate(date(year, month, 1).strftime("%b")):
                if column + offset < weeks and months[column + offset] == " ":
                    months[column + offset] = char
        text.append("".join(months) + "\n", style=label)
        for weekday in range(7):
            text.append(f"{WEEKDAY_LABELS[weekday]:<4} ", style=label)
            for week in range(weeks):
                ordinal = start.toordinal() + week * 7 + weekday
                day = date.fromordinal(ordinal) if ordinal <= _LAST_ORDINAL else None  # 9999's last week
                if day is None or day.year != year:
                    text.append(" ")
                    continue
                level = min(self.levels.get(day, 0), 4)
                text.append(LEVEL_CHARS[level], style=cursor if day == self.selected else styles[level])
            text.append("\n")
        return text
