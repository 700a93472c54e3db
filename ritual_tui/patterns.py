"""What the journal shows back in a hard moment: thinking traps by month, how much a reframe
eased the intensity, and a few recent wins for the anchor.

Plain Python over anything entry-like (a validated model, an `EntrySummary`, a JSON
document): no pydantic and no Textual, so `ritual list` and `show` can use it as they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from types import MappingProxyType

from ritual_tui.clock import add_months
from ritual_tui.records import Record
from ritual_tui.text import first_line, one_line
from ritual_tui.vocabulary import ATTEMPT_OUTCOMES

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

THINKING_TRAPS: dict[str, tuple[str, str]] = {
    "all-or-nothing": ("all-or-nothing", "it was either a total success or a total failure"),
    "overgeneralising": ("overgeneralising", "one moment became 'always' or 'never'"),
    "catastrophising": ("catastrophising", "I jumped to the worst thing that could follow"),
    "mind-reading": ("mind reading", "I decided what they think without asking"),
    "personalising": ("personalising", "I took the blame for what was not mine to carry"),
    "labelling": ("labelling", "one moment became a label for who I am"),
    "discounting-the-positive": ("discounting the positive", "what went well somehow did not count"),
}
"""Each thinking trap a reframe can name: the word stored in files, its name and one plain line."""

FEEDBACK_KINDS: dict[str, str] = {
    "growth": "feedback meant for growth",
    "attack": "an attack, not feedback",
    "unclear": "unclear",
}
"""What a hard moment's criticism was, as stored and as said."""

PATTERN_MONTHS = 6
"""Patterns look back this many calendar months, the current one included."""


def _field(entry: Any, name: str, default: Any = None) -> Any:
    """A field of a model, an `EntrySummary` or a plain document."""
    if isinstance(entry, Mapping):
        return entry.get(name, default)
    return getattr(entry, name, default)


def _day(entry: Any) -> date:
    value = _field(entry, "day")
    return date.fromisoformat(value) if isinstance(value, str) else value


def _rating(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 100 else None


class Patterns(Record):
    """Reframes of the last months: each trap's count by month, and the intensity before and after."""

    months: tuple[date, ...]
    """The first day of each month looked at, oldest first."""
    traps: Mapping[str, dict[date, int]] = MappingProxyType({})
    """Trap word -> {first day of a month: how many reframes named it}, only months with a count."""
    reframes: int = 0
    """How many reframes fall in those months."""
    rated: tuple[tuple[int, int], ...] = ()
    """(before, after) of every reframe with both intensities."""

    @property
    def average_drop(self) -> float | None:
        """The average fall in intensity from before to after (None without a rated reframe)."""
        if not self.rated:
            return None
        return sum(before - after for before, after in self.rated) / len(self.rated)

    def lines(self) -> list[str]:
        """The patterns in words read at a glance, most frequent trap first."""
        if not self.reframes:
            return []
        found = []
        ordered = sorted(self.traps.items(), key=lambda item: (-sum(item[1].values()), list(THINKING_TRAPS).index(item[0])))
        for trap, by_month in ordered:
            counts = ", ".join(f"{count} in {_month_name(month, self.months)}" for month, count in sorted(by_month.items()))
            found.append(f"{trap_name(trap)}: {counts}")
        if not found:
            found.append(f"No thinking traps ticked in {_plural(self.reframes, 'reframe')} since {self.months[0]:%B}.")
        drop = self.average_drop
        if drop is not None:
            before = sum(b for b, _ in self.rated) / len(self.rated)
            after = sum(a for _, a in self.rated) / len(self.rated)
            moved = "fell" if drop >= 0 else "rose"
            found.append(
                f"Intensity {moved} by {abs(drop):.0f} points on average, from {before:.0f} to {after:.0f} "
                f"({_plural(len(self.rated), 'reframe')} rated before and after)."
            )
        return found


def trap_name(trap: str) -> str:
    """A trap's name for people (an unknown word as it was written)."""
    return THINKING_TRAPS[trap][0] if trap in THINKING_TRAPS else trap


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _month_name(month: date, shown: tuple[date, ...]) -> str:
    """`September`, with the year when the months shown span two years."""
    return f"{month:%B}" if shown[0].year == shown[-1].year else f"{month:%B %Y}"


def patterns(entries: Iterable[Any], today: date, months: int = PATTERN_MONTHS) -> Patterns:
    """The patterns of the reframes among `entries` in the `months` calendar months up to `today`."""
    this_month = today.replace(day=1)
    shown = tuple(add_months(this_month, back - months + 1) for back in range(months))
    traps: dict[str, dict[date, int]] = {}
    rated: list[tuple[int, int]] = []
    count = 0
    for entry in entries:
        if _field(entry, "kind") != "reframe":
            continue
        day = _day(entry)
        if not shown[0] <= day <= today:
            continue
        count += 1
        month = day.replace(day=1)
        for trap in dict.fromkeys(_field(entry, "traps") or ()):
            if isinstance(trap, str):
                by_month = traps.setdefault(trap, {})
                by_month[month] = by_month.get(month, 0) + 1
        before, after = _rating(_field(entry, "intensity_before")), _rating(_field(entry, "intensity_after"))
        if before is not None and after is not None:
            rated.append((before, after))
    return Patterns(shown, traps, count, tuple(rated))


def newest_mission(missions: Iterable[Any]) -> Any | None:
    """The mission statement in force among `missions`: the newest revision (by day, then time written)."""
    return max(missions, key=lambda mission: (_day(mission), _field(mission, "created")), default=None)


class Win(Record):
    """One recent win for the anchor: its day and the line that says it."""

    day: date
    line: str


def recent_wins(entries: Iterable[Any], count: int = 3) -> list[Win]:
    """The newest win of each kind (a strength that showed, a brave attempt, a gratitude item),
    then the next newest, until `count`; newest first. `entries` are newest first."""
    found: dict[str, list[Win]] = {"strengths": [], "exposure": [], "gratitude": []}
    for entry in entries:
        kind = _field(entry, "kind")
        if kind not in found or len(found[kind]) >= count:
            continue
        win = _win(kind, entry)
        if win is not None:
            found[kind].append(win)
            if all(len(wins) >= count for wins in found.values()):
                break
    chosen: list[Win] = []
    for rank in range(count):
        chosen += [wins[rank] for wins in found.values() if rank < len(wins)]
    return sorted(chosen[:count], key=lambda win: win.day, reverse=True)


def _win(kind: str, entry: Any) -> Win | None:
    day = _day(entry)
    if kind == "strengths":
        strength = str(_field(entry, "strength", "") or "").strip()
        where = first_line(str(_field(entry, "where_it_showed", "") or ""))
        if not strength:
            return None
        return Win(day, f"Your {strength.lower()} showed" + (f": {where}" if where else "."))
    if kind == "exposure":
        if _field(entry, "outcome") not in ATTEMPT_OUTCOMES:
            return None
        what = first_line(str(_field(entry, "small_step", "") or "")) or first_line(str(_field(entry, "step", "") or ""))
        exit_used = " (you used your exit: still brave)" if _field(entry, "outcome") == "used-exit" else ""
        return Win(day, f"You tried: {what or 'a step on your ladder'}{exit_used}")
    items = [item for item in (_field(entry, "items") or ()) if isinstance(item, str) and item.strip()]
    return Win(day, f"Grateful for: {items[0].strip()}") if items else None


def win_line(win: Win, width: int = 70) -> str:
    """`Mon 23 Nov  Grateful for: warm tea`, on one visible line."""
    return f"{win.day:%a %-d %b}  {one_line(win.line, width)}"


__all__ = [
    "FEEDBACK_KINDS",
    "PATTERN_MONTHS",
    "THINKING_TRAPS",
    "Patterns",
    "Win",
    "newest_mission",
    "patterns",
    "recent_wins",
    "trap_name",
    "win_line",
]
