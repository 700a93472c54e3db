"""What the practice teaches: per ladder step, what was predicted against the peak that came, and
how often the feared thing happened; practice days, thinking traps and circle steps by month.

Plain Python over anything with the entries' attributes (a validated model, an `EntrySummary`,
or a `SimpleNamespace` of the catalog's columns): no pydantic and no Textual, so `ritual insights`
answers straight from the catalog (`insights_catalog`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from ritual_tui.clock import add_days, add_months
from ritual_tui.patterns import _rating, trap_name
from ritual_tui.records import Record
from ritual_tui.vocabulary import ATTEMPT_OUTCOMES, RITUAL_KINDS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

FEARED_ANSWERS = ("yes", "partly", "no")
"""The answers to "did what you feared happen?", as stored."""

INSIGHT_KINDS = ("exposure", "step", "reframe", "contact", "circle")
"""The kinds whose fields insights read (practice days count every ritual)."""


def _field(entry: Any, name: str, default: Any = None) -> Any:
    return getattr(entry, name, default)


def _day(entry: Any) -> date:
    value = entry.day
    return date.fromisoformat(value) if isinstance(value, str) else value


class Figures:
    """Attempts (reflections with both a prediction and a peak) and what they add up to."""

    __slots__ = ("attempts", "predicted_total", "peak_total", "feared")

    def __init__(self) -> None:
        self.attempts = 0
        self.predicted_total = 0
        self.peak_total = 0
        self.feared: dict[str, int] = dict.fromkeys(FEARED_ANSWERS, 0)

    def add(self, predicted: int, peak: int, feared: Any) -> None:
        """Count one attempt."""
        self.attempts += 1
        self.predicted_total += predicted
        self.peak_total += peak
        if feared in self.feared:
            self.feared[feared] += 1

    def add_tally(self, tally: Tally) -> None:
        """Count the attempts a `Tally` adds up."""
        self.attempts += tally.attempts
        self.predicted_total += tally.predicted_total
        self.peak_total += tally.peak_total
        for answer, count in zip(FEARED_ANSWERS, tally.feared):
            self.feared[answer] += count

    @property
    def mean_predicted(self) -> float | None:
        """The mean predicted discomfort, to one decimal (None without an attempt)."""
        return round(self.predicted_total / self.attempts, 1) if self.attempts else None

    @property
    def mean_peak(self) -> float | None:
        """The mean peak discomfort, to one decimal (None without an attempt)."""
        return round(self.peak_total / self.attempts, 1) if self.attempts else None

    @property
    def mean_gap(self) -> float | None:
        """Mean predicted minus mean peak (positive: it was milder than feared)."""
        if not self.attempts:
            return None
        return round(self.mean_predicted - self.mean_peak, 1)

    def to_json(self) -> dict[str, Any]:
        """The contract's fields (see docs/data-format.md, "ritual insights --json")."""
        return {"attempts": self.attempts, "mean_predicted": self.mean_predicted, "mean_peak": self.mean_peak,
                "mean_gap": self.mean_gap, "feared_happened": dict(self.feared)}


class StepInsight:
    """One ladder step: its figures, and (day, predicted, peak) of each attempt, oldest first."""

    __slots__ = ("step_id", "name", "figures", "points", "archived")

    def __init__(self, step_id: str | None, name: str, archived: bool = False) -> None:
        self.step_id = step_id
        self.name = name
        self.figures = Figures()
        self.points: list[tuple[date, int, int]] = []
        self.archived = archived


class Insights(Record):
    """Everything `ritual insights` and the insights screen show."""

    overall: Figures
    steps: list[StepInsight]
    practice_days: dict[str, int]
    """"YYYY-MM" -> days with any ritual written, oldest month first (a count, never a streak)."""
    traps: dict[str, dict[str, int]]
    """"YYYY-MM" -> {trap word: reframes naming it}."""
    circle_steps: dict[str, int]
    """Circle name -> steps taken in it, most first."""
    courage: list[str]

    def to_json(self) -> dict[str, Any]:
        """The JSON of `ritual insights --json`: the `exposure` object is a contract."""
        steps = [{"step_id": s.step_id, "name": s.name, **s.figures.to_json()} for s in self.steps]
        return {"exposure": {"overall": self.overall.to_json(), "steps": steps},
                "practice_days_per_month": self.practice_days, "thinking_traps_per_month": self.traps,
                "steps_per_circle": self.circle_steps}


class Attempt(Record):
    """One exposure attempt, as the figures count it."""

    day: date
    step_id: str | None
    step: str | None
    predicted: int
    peak: int
    feared: str | None


class Tally(Record):
    """The attempts of one step (by id and name, as the records name it), added up."""

    step_id: str | None
    step: str | None
    attempts: int
    predicted_total: int
    peak_total: int
    feared: tuple[int, ...]
    """How many answered each of `FEARED_ANSWERS`."""


def is_attempt(entry: Any) -> bool:
    """True for a reflection (done, partly done, used the exit) with both a prediction and a peak."""
    return (_field(entry, "outcome") in ATTEMPT_OUTCOMES and _rating(_field(entry, "predicted_discomfort")) is not None
            and _rating(_field(entry, "discomfort_peak")) is not None)


def _moment(entry: Any) -> float:
    """When an entry was written, as the catalog's `ts` holds it (seconds, whatever the offset)."""
    created = getattr(entry, "created", None)
    return created.timestamp() if isinstance(created, datetime) else 0.0


def _step_order(step: Any) -> tuple[float, int, str, str]:
    """The ladder's order (`ladder.ladder_key`), then the id: steps alike in all three come in one
    order whether read from the catalog or from the files."""
    position = _field(step, "position", 0.0)
    difficulty = _field(step, "difficulty", 50)
    return (float(position) if isinstance(position, int | float) else 0.0,
            difficulty if isinstance(difficulty, int) else 50, str(_field(step, "name", "")).casefold(), str(_field(step, "id", "")))


def exposure_insights(entries: Iterable[Any], attempts: Iterable[Attempt] | None = None,
                      tallies: Iterable[Tally] | None = None) -> tuple[Figures, list[StepInsight]]:
    """Overall figures and one `StepInsight` per ladder step (easy to hard), from the steps and
    exposure records among `entries`, or from `attempts` already checked and in the files' order
    (the catalog's). Given `tallies` too (every attempt added up, in order of each step's first),
    the figures come from those, and `attempts` only give the steps' points: they may be fewer.
    Attempts on a step no longer on file are grouped by name."""
    steps: dict[str, StepInsight] = {}
    loose: dict[str, StepInsight] = {}
    found: list[Any] = []
    ladder = []
    for entry in entries:
        kind = _field(entry, "kind")
        if kind == "step":
            ladder.append(entry)
        elif kind == "exposure" and attempts is None and is_attempt(entry):
            found.append(entry)
    for step in sorted(ladder, key=_step_order):
        steps[_field(step, "id")] = StepInsight(_field(step, "id"), str(_field(step, "name", "")),
                                                archived=bool(_field(step, "archived", False)))

    def step_of(step_id: str | None, step_name: str | None) -> StepInsight:
        step = steps.get(step_id)
        if step is None:
            name = str(step_name or "").strip() or "(no step)"
            step = loose.get(name) or loose.setdefault(name, StepInsight(None, name))
        return step

    if attempts is None:
        found.sort(key=lambda e: (_day(e), _moment(e), str(getattr(e, "id", ""))))  # as the catalog's index: day, ts, id
        attempts = (Attempt(_day(e), getattr(e, "step_id", None), getattr(e, "step", ""), e.predicted_discomfort,
                            e.discomfort_peak, getattr(e, "feared_happened", None)) for e in found)
    overall = Figures()
    for tally in tallies or ():
        overall.add_tally(tally)
        step_of(tally.step_id, tally.step).figures.add_tally(tally)
    for day, step_id, step_name, predicted, peak, feared in attempts:  # thousands at ten years
        step = step_of(step_id, step_name)
        if tallies is None:
            overall.add(predicted, peak, feared)
            step.figures.add(predicted, peak, feared)
        step.points.append((day, predicted, peak))
    return overall, [*steps.values(), *loose.values()]


def practice_days(counts: Iterable[tuple[date, str]]) -> dict[str, int]:
    """"YYYY-MM" -> how many days held any ritual, from (day, kind) pairs, oldest month first."""
    days = {day for day, kind in counts if kind in RITUAL_KINDS}
    months: dict[str, int] = {}
    for day in sorted(days):
        month = day.isoformat()[:7]  # "0999-01": strftime writes no leading zeros before year 1000
        months[month] = months.get(month, 0) + 1
    return months


def traps_per_month(entries: Iterable[Any]) -> dict[str, dict[str, int]]:
    """"YYYY-MM" -> {trap: how many reframes named it} over every reframe, oldest month first."""
    months: dict[str, dict[str, int]] = {}
    for entry in sorted((e for e in entries if _field(e, "kind") == "reframe"), key=_day):
        traps = _field(entry, "traps") or ()
        month = months.setdefault(_day(entry).isoformat()[:7], {})
        for trap in dict.fromkeys(t for t in traps if isinstance(t, str)):
            month[trap] = month.get(trap, 0) + 1
    return {month: counts for month, counts in months.items() if counts}


def steps_per_circle(entries: Iterable[Any]) -> dict[str, int]:
    """Circle name -> steps taken in it (a circle's current name, else the name the step kept), most first."""
    entries = list(entries)
    names = {_field(e, "id"): str(_field(e, "circle", "")) for e in entries if _field(e, "kind") == "circle"}
    counts: dict[str, int] = {}
    for entry in entries:
        if _field(entry, "kind") == "contact":
            name = names.get(_field(entry, "circle_id")) or str(_field(entry, "circle", "") or "") or "(a circle)"
            counts[name] = counts.get(name, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold())))


def courage_days(today: date) -> tuple[date, date, date]:
    """The days "courage on this day" looks at: this week's first, a month ago and a year ago."""
    return add_days(today, -6), add_months(today, -1), add_months(today, -12)


def courage_lines(steps: list[StepInsight], today: date) -> list[str]:
    """"Courage on this day": an attempt a month or a year ago on a step attempted again this week."""
    lines = []
    week, month_ago, year_ago = courage_days(today)
    for label, back in (("A month ago", month_ago), ("A year ago", year_ago)):
        for step in steps:
            then = [p for p in step.points if p[0] == back]
            now = [p for p in step.points if week <= p[0] <= today]
            if then and now:
                lines.append(f"{label} you expected {then[0][1]} on {step.name}; this week the peak was {now[-1][2]}.")
    return lines


def insights(entries: Iterable[Any], day_kinds: Iterable[tuple[date, str]], today: date) -> Insights:
    """Every insight from `entries` (at least the `INSIGHT_KINDS`) and (day, kind) of every entry."""
    return insights_with_practice(entries, practice_days(day_kinds), today)


def insights_with_practice(entries: Iterable[Any], practice: dict[str, int], today: date,
                           attempts: Iterable[Attempt] | None = None, tallies: Iterable[Tally] | None = None) -> Insights:
    """Every insight from `entries` (at least the `INSIGHT_KINDS`), given the practice days per
    month (and the exposure attempts and their tallies, when they come apart: see `exposure_insights`)."""
    entries = list(entries)
    overall, steps = exposure_insights(entries, attempts, tallies)
    return Insights(overall, steps, practice, traps_per_month(entries), steps_per_circle(entries), courage_lines(steps, today))


def entry_day_kinds(entries: Iterable[Any]) -> list[tuple[date, str]]:
    """(day, kind) of each entry, for `practice_days` when there is no catalog."""
    return [(_day(e), _field(e, "kind")) for e in entries]


def figures_line(figures: Figures) -> str:
    """One attempt count and its means in words: "3 attempts · predicted 70 · peak 45 (25 milder)"."""
    if not figures.attempts:
        return "no reflected attempts yet"
    gap = figures.mean_gap
    how = f"{_number(gap)} milder than predicted" if gap > 0 else f"{_number(-gap)} harder than predicted" if gap < 0 else "as predicted"
    line = (f"{figures.attempts} attempt{'s' if figures.attempts != 1 else ''} · predicted {_number(figures.mean_predicted)}"
            f" · peak {_number(figures.mean_peak)} ({how})")
    if any(figures.feared.values()):
        line += " · feared thing happened: " + ", ".join(f"{answer} {count}" for answer, count in figures.feared.items())
    return line


def _number(value: float) -> str:
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}"


def insight_lines(found: Insights, months: int = 12) -> list[str]:
    """`ritual insights` in words: exposure per step, then the last `months` of practice, traps and circles."""
    lines = ["Exposure: the discomfort you predicted against the peak that came (0–100)",
             f"  All steps: {figures_line(found.overall)}"]
    for step in found.steps:
        if step.figures.attempts or not step.archived:
            lines.append(f"  {step.name}{' (archived)' if step.archived else ''}: {figures_line(step.figures)}")
    lines += [f"  {line}" for line in found.courage]
    recent = list(found.practice_days.items())[-months:]
    if recent:
        lines += ["", "Practice days per month (a count, never a streak)"]
        lines += [f"  {month}  {days} day{'s' if days != 1 else ''}" for month, days in recent]
    traps = list(found.traps.items())[-months:]
    if traps:
        lines += ["", "Thinking traps per month"]
        lines += [f"  {month}  " + ", ".join(f"{trap_name(trap)} {count}" for trap, count in counts.items()) for month, counts in traps]
    if found.circle_steps:
        lines += ["", "Steps per circle"]
        lines += [f"  {name}: {count}" for name, count in found.circle_steps.items()]
    return lines


def settled(attempts: list[Any], after: int, below: int) -> bool:
    """True when the last `after` attempts (oldest first) all peaked under `below`."""
    rated = [a for a in attempts if is_attempt(a)][-after:] if after > 0 else []
    return len(rated) == after > 0 and all(a.discomfort_peak < below for a in rated)


def next_rung_offer(ladder: list[Any], attempts_of: Any, after: int, below: int) -> tuple[Any, Any] | None:
    """(a step, the rung after it) when the last `after` attempts on the step peaked under `below`
    and the next rung was never tried: an offer to make, never a push. The hardest such step."""
    offer = None
    for step, harder in zip(ladder, ladder[1:]):
        if settled(attempts_of(step.id), after, below) and not any(is_attempt(a) for a in attempts_of(harder.id)):
            offer = (step, harder)
    return offer


def next_three(ladder: list[Any], attempts_of: Any, after: int, below: int) -> list[Any]:
    """The three rungs from the first one not yet settled (see `settled`), easy to hard."""
    for index, step in enumerate(ladder):
        if not settled(attempts_of(step.id), after, below):
            return ladder[index:index + 3]
    return ladder[-3:]
