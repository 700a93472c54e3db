"""The questions Today asks of the entries: what is due, consistency, memories, letters opening.

No pydantic and no Textual: the rules read only attributes every entry has (`kind`, `day`,
`created`, `updated`) and a few fields of some kinds, so they answer alike for the validated
models of the full journal and for the quick, lazily parsed files of Today's first frame.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from ritual_tui.clock import add_months, iso_week, ritual_day
from ritual_tui.records import Record
from ritual_tui.rituals import RITUALS
from ritual_tui.sealing import sealed_until
from ritual_tui.vocabulary import ATTEMPT_OUTCOMES, RITUAL_KINDS, RITUAL_NAMES, WEEKDAYS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Protocol
else:
    Protocol = object  # `DaySettings` is a Protocol for type checkers, a plain class at run time

REFLECTION_WINDOW_DAYS = 14
"""A plan waits gently: it makes exposure "due" for two weeks, then only shows as waiting."""

RECENT_HISTORY_DAYS = 400
"""How far back the app keeps every entry in memory: a year and a little (memories, patterns)."""

ON_THIS_DAY_YEARS = 10
"""How many years back "on this day" looks."""


class RecentHistory(Record):
    """What of the history Today's rules read: every entry, except that of the kinds written
    often (`kinds`) only the days from `since`, the `days` "on this day" looks at, and the plans
    still waiting for a reflection."""

    since: date
    days: tuple[date, ...]
    kinds: tuple[str, ...]

    @classmethod
    def around(cls, today: date) -> RecentHistory:
        """The recent history as of `today`."""
        from ritual_tui.clock import add_months

        days = tuple(add_months(today, -12 * years) for years in range(1, ON_THIS_DAY_YEARS + 1))
        kinds = tuple(declared.kind for declared in RITUALS if declared.recent_only)
        return cls(today - timedelta(days=RECENT_HISTORY_DAYS), days, kinds)

    def holds(self, day: date) -> bool:
        """True when every entry of `day` is in the recent history."""
        return day >= self.since or day in self.days


def practice_levels(entries: list[tuple[date, str, int]], kind: str | None = None) -> dict[date, int]:
    """The calendar's level of each day from (day, kind, entries) counts: how many different
    rituals the day holds, or, for one ritual, its entries (two levels each, at most four)."""
    kinds: dict[date, set[str]] = {}
    counts: dict[date, int] = {}
    for day, entry_kind, count in entries:
        if entry_kind in RITUAL_KINDS and (kind is None or entry_kind == kind):
            kinds.setdefault(day, set()).add(entry_kind)
            counts[day] = counts.get(day, 0) + count
    if kind is None:
        return {day: len(found) for day, found in kinds.items()}
    return {day: min(4, count * 2) for day, count in counts.items()}


def planned_day(plan: Any) -> date:
    """The day an exposure plan is for (a model or an `EntrySummary`): its `planned_for` when it
    holds a date, else its own day."""
    value = plan.planned_for
    if isinstance(value, datetime):
        value = value.date()
    return value if isinstance(value, date) else plan.day


def parse_planned_day(text: str, today: date) -> date | None:
    """The day a plan is for, as typed: blank or "today", "tomorrow", a weekday (the next one, today
    included) or a date (YYYY-MM-DD) not before today; None for anything else."""
    typed = text.strip().casefold()
    if typed in ("", "today"):
        return today
    if typed == "tomorrow":
        return today + timedelta(days=1)
    for number, name in enumerate(WEEKDAYS):
        if len(typed) >= 3 and name.startswith(typed):
            return today + timedelta(days=(number - today.weekday()) % 7)
    try:
        day = date.fromisoformat(typed)
    except ValueError:
        return None
    return day if day >= today else None


def planned_for_words(day: date, today: date) -> str:
    """"planned for tomorrow", "planned for Monday" (within the week) or "planned for 3 December"."""
    days = (day - today).days
    if days == 1:
        return "planned for tomorrow"
    if 1 < days < 7:
        return f"planned for {day:%A}"
    return f"planned for {day:%-d %B}" + (f" {day.year}" if day.year != today.year else "")


class DaySettings(Protocol):
    """The settings the rules read (both the full `Settings` and the quick `QuickSettings` have them)."""

    day_start_hour: int

    @property
    def letter_weekday_number(self) -> int: ...

    def is_rest_day(self, day: date) -> bool: ...

    def ritual_enabled(self, kind: str) -> bool: ...


def _ritual_day_of(moment: datetime, day_start_hour: int) -> date | None:
    """The ritual day of a moment an entry records (a reflection written at 01:30 counts for the
    day before, as the entry's own `day` would); None at the calendar's first hours."""
    try:
        return ritual_day(moment, day_start_hour)
    except OverflowError:
        return None


class RitualState(Record):
    """One ritual on Today: its kind, its state (`due`, `done`, `open`, `not today`) and a hint."""

    kind: str
    state: str
    hint: str = ""

    @property
    def name(self) -> str:
        """The ritual's name for people."""
        return RITUAL_NAMES[self.kind]


def group_entries(stored: list[Any]) -> tuple[dict[str, list[Any]], dict[date, list[Any]]]:
    """The entries of `stored` (in its order) by kind and by day."""
    by_kind: dict[str, list[Any]] = {}
    by_day: dict[date, list[Any]] = {}
    for item in stored:
        entry = item.entry
        by_kind.setdefault(entry.kind, []).append(entry)
        by_day.setdefault(entry.day, []).append(entry)
    return by_kind, by_day


def memory_days(today: date) -> tuple[tuple[str, date], ...]:
    """Today's look back: the same date a year ago (a year before 1 March 2028 is 1 March 2027, not
    the 2nd; a year before 29 February is 28 February), thirty days and seven days ago."""
    return ("A year ago", add_months(today, -12)), ("A month ago", today - timedelta(days=30)), ("A week ago", today - timedelta(days=7))


class JournalQueries:
    """Today's rules over `stored` (objects with an `.entry`), `day_settings` and `clock`.

    Subclasses fill `stored` and raise `version` whenever it changes.
    """

    stored: list[Any]
    day_settings: DaySettings
    clock: Callable[[], datetime]
    version: int = 0

    @property
    def entries(self) -> list[Any]:
        """All entries, newest first."""
        return [s.entry for s in self.stored]

    def today(self) -> date:
        """The current ritual day (the day starts at the configured hour)."""
        return ritual_day(self.clock(), self.day_settings.day_start_hour)

    def _lookups(self) -> tuple[dict[str, list[Any]], dict[date, list[Any]]]:
        """Entries by kind and by day (newest first), built once per change of the entries."""
        cached = getattr(self, "_lookup_cache", None)
        if cached is not None and cached[0] == (self.version, len(self.stored)):
            return cached[1], cached[2]
        by_kind, by_day = group_entries(self.stored)
        self._lookup_cache = ((self.version, len(self.stored)), by_kind, by_day)
        return by_kind, by_day

    def of_kind(self, kind: str) -> list[Any]:
        """Entries of one kind, newest first."""
        return list(self._lookups()[0].get(kind, ()))

    def on_day(self, day: date, kind: str | None = None) -> list[Any]:
        """Entries of a ritual day (optionally of one kind), newest first."""
        return [e for e in self._lookups()[1].get(day, ()) if kind is None or e.kind == kind]

    def todays(self, kind: str) -> Any | None:
        """Today's entry of a once-a-day ritual, if written."""
        found = self.on_day(self.today(), kind)
        return found[0] if found else None

    def this_weeks_letter(self) -> Any | None:
        """The letter of the current ISO week, if written."""
        week = iso_week(self.today())
        return next((e for e in self.of_kind("letter") if e.week == week), None)

    def states(self) -> list[RitualState]:
        """Each enabled ritual with its state today (on a rest day nothing is due)."""
        today = self.today()
        if self.day_settings.is_rest_day(today):
            return [
                s if s.state == "done" else RitualState(s.kind, "open", "rest day: only if you feel like it")
                for s in self._states(today)
            ]
        return self._states(today)

    def _states(self, today: date) -> list[RitualState]:
        result = []
        for declared in RITUALS:  # each ritual's due rule is declared in `rituals`
            if not self.day_settings.ritual_enabled(declared.kind):
                continue
            if declared.due == "daily":
                result.append(RitualState(declared.kind, "done" if self.todays(declared.kind) else "due"))
            elif declared.due == "plans":
                result.append(self._exposure_state(today))
            elif declared.due == "weekly":
                result.append(self._letter_state(today))
        return result

    def _exposure_state(self, today: date) -> RitualState:
        waiting = self.awaiting_reflection()
        recent = [p for p in waiting if (today - planned_day(p)).days <= REFLECTION_WINDOW_DAYS]
        if recent:
            return RitualState("exposure", "due", f"{len(recent)} to reflect on")
        ahead = self.planned_ahead()
        soon = planned_for_words(planned_day(ahead[0]), today) if ahead else ""
        hour = self.day_settings.day_start_hour
        if any(e.day == today or _ritual_day_of(e.updated, hour) == today for e in self.of_kind("exposure")):
            return RitualState("exposure", "done", soon)
        if waiting:
            return RitualState("exposure", "open", f"{len(waiting)} older plan(s) waiting")
        return RitualState("exposure", "open", soon or "any day you feel ready")

    def _letter_state(self, today: date) -> RitualState:
        if self.this_weeks_letter():
            return RitualState("letter", "done")
        weekday = self.day_settings.letter_weekday_number
        if today.weekday() >= weekday:
            return RitualState("letter", "due")
        return RitualState("letter", "not today", f"on {WEEKDAYS[weekday].capitalize()}")

    def due(self) -> list[RitualState]:
        """Only the rituals that are due today."""
        return [s for s in self.states() if s.state == "due"]

    def practised_on(self, day: date) -> bool:
        """True when any ritual was written on `day`."""
        return any(e.kind in RITUAL_KINDS for e in self._lookups()[1].get(day, ()))

    def days_practised(self, days: int) -> int:
        """On how many of the last `days` ritual days (today included) any ritual was written."""
        today = self.today()
        return sum(self.practised_on(today - timedelta(days=back)) for back in range(days))

    def consistency_line(self) -> str:
        """A gentle count of practice, never a broken streak."""
        week, month = self.days_practised(7), self.days_practised(30)
        if not week and not month:
            return "Every practice starts with one day. Today can be it."
        line = f"You practised on {week} of the last 7 days and {month} of the last 30."
        today = self.today()
        yesterday = today - timedelta(days=1)
        if not self.practised_on(today) and not self.practised_on(yesterday) and not self.day_settings.is_rest_day(yesterday):
            line += " Yesterday was a pause; a small practice today keeps the thread."
        return line

    def memory_line(self) -> str | None:
        """A short line from a past entry: courage on this day (an attempt a month or a year ago on
        a step tried again this week), else a year, a month or a week ago (gratitude first, then
        strengths, then attempts)."""
        today = self.today()
        if getattr(self, "complete", False):  # Today's first frame reads no ratings
            from ritual_tui.insights import courage_lines, exposure_insights

            courage = courage_lines(exposure_insights([*self.of_kind("step"), *self.of_kind("exposure")])[1], today)
            if courage:
                return courage[0]
        order = {"gratitude": 0, "strengths": 1, "exposure": 2}
        for label, day in memory_days(today):
            candidates = [e for e in self.on_day(day) if e.kind in order]
            for entry in sorted(candidates, key=lambda e: (order[e.kind], e.created, e.id)):
                if entry.kind == "gratitude" and entry.items:
                    return f"{label} you were grateful for: {entry.items[0]}"
                if entry.kind == "strengths" and entry.strength:
                    return f"{label} you noticed your {entry.strength.lower()}."
                if entry.kind == "exposure" and entry.outcome in ATTEMPT_OUTCOMES:
                    return f"{label} you tried: {entry.title()}"
        return None

    def letters_opening(self) -> list[Any]:
        """Sealed letters whose day has come (in the last week), oldest first: Today offers them first."""
        today = self.today()
        return sorted(
            (e for e in self.of_kind("letter") if e.sealed_until is not None and today - timedelta(days=7) <= e.sealed_until <= today),
            key=lambda e: e.sealed_until,
        )

    def is_hidden(self, entry: Any) -> bool:
        """True for a letter still sealed today: its words are not shown or searched (see `sealing`)."""
        return sealed_until(entry, self.today()) is not None

    def awaiting_reflection(self) -> list[Any]:
        """Plans with no outcome yet whose planned day has come, oldest first."""
        today = self.today()
        plans = [e for e in self.of_kind("exposure") if e.awaiting_reflection and planned_day(e) <= today]
        return sorted(plans, key=lambda e: (planned_day(e), e.day, e.created))

    def planned_ahead(self) -> list[Any]:
        """Plans for a day still to come (they wait for no reflection yet), soonest first."""
        today = self.today()
        plans = [e for e in self.of_kind("exposure") if e.awaiting_reflection and planned_day(e) > today]
        return sorted(plans, key=lambda e: (planned_day(e), e.created))

    def yesterday_intention(self, day: date | None = None) -> Any | None:
        """The strengths entry of the day before `day` (today by default), when it said how the
        strength would be used."""
        yesterday = (day or self.today()) - timedelta(days=1)
        for entry in self.on_day(yesterday, "strengths"):
            if entry.use_today.strip():
                return entry
        return None
