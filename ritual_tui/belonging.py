"""Where belonging comes from: the map of circles, the gentle one-circle nudge, and the wins.

No Textual here. The rules read entries by attribute (`kind`, `day`, `circle_id`, ...), so they
answer alike for validated models and for the catalog's lazily read entries.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from ritual_tui.clock import day_from_words, iso_week
from ritual_tui.models.circles import CIRCLE_KINDS, words
from ritual_tui.text import first_line

RECENT_DAYS = 30
"""The window the nudge looks at, and the map's first column."""
LONGER_DAYS = 90
"""The map's second column."""

DEFAULT_SMALL_STEPS: dict[str, list[str]] = {
    "family": ["send a photo or a two-line message", "ask about something they care about", "plan a short call"],
    "close-friends": ["suggest a walk or a coffee", "share one honest thing about your week", "answer the message you have been saving"],
    "work-or-study": ["ask a colleague something beyond the task", "join a lunch or a study session", "thank someone for their help"],
    "hobby-or-club": ["go to one session", "arrive five minutes early and say hello", "ask someone how they got into it"],
    "volunteering-or-community": ["offer one hour to a local project", "go to a neighbourhood event", "help a neighbour with one small thing"],
    "faith-or-culture": ["go to one gathering", "stay for the talk afterwards", "join a shared meal or a celebration"],
    "online": ["reply with care to someone's post", "join a call or a live session", "share something you made"],
    "other": ["send a short hello", "show up once, briefly", "ask one curious question"],
}
"""Small, sustainable steps per kind of circle (config.toml's [small_steps] may rewrite any list)."""


@dataclass(frozen=True)
class CircleBalance:
    """One circle on the map: its last step and how many steps in the last 30 and 90 days."""

    circle: Any
    last_step: date | None
    recent: int
    longer: int


def circles_of(entries: Iterable[Any], *, archived: bool = False) -> list[Any]:
    """The circles among `entries` (the archived ones instead, with `archived`), by name."""
    found = [e for e in entries if e.kind == "circle" and bool(e.archived) == archived]
    return sorted(found, key=lambda c: (c.circle.casefold(), c.id))


def belonging_map(circles: Iterable[Any], contacts: Iterable[Any], today: date) -> list[CircleBalance]:
    """Each circle with its last step and its steps in the last 30 and 90 days (today included)."""
    steps: dict[str, list[date]] = {}
    for contact in contacts:
        if contact.kind == "contact" and contact.day <= today:
            steps.setdefault(contact.circle_id, []).append(contact.day)
    rows = []
    for circle in circles:
        days = steps.get(circle.id, [])
        rows.append(
            CircleBalance(
                circle,
                max(days, default=None),
                sum(1 for day in days if (today - day).days < RECENT_DAYS),
                sum(1 for day in days if (today - day).days < LONGER_DAYS),
            )
        )
    return rows


def bar(count: int, most: int, width: int = 8) -> str:
    """A bar of `count` against the largest count `most`: the balance seen at a glance."""
    if count <= 0 or most <= 0:
        return ""
    return "█" * max(1, round(width * count / most))


def small_steps_for(kind: str, small_steps: Mapping[str, list[str]] | None = None) -> list[str]:
    """The small steps offered for a kind of circle: the user's list, else ritual's."""
    chosen = (small_steps or {}).get(kind)
    return list(chosen) if chosen else list(DEFAULT_SMALL_STEPS.get(kind, DEFAULT_SMALL_STEPS["other"]))


def nudge(
    circles: Iterable[Any], contacts: Iterable[Any], today: date, small_steps: Mapping[str, list[str]] | None = None
) -> str | None:
    """One gentle line when the last 30 days' steps all fell in one circle (or in none), else None.

    It suggests one small step in another circle (the one waiting longest), or, when there is
    only the one circle, in a kind of circle not yet on the map. No circles at all: no line.
    """
    active = [c for c in circles if not c.archived]
    if not active:
        return None
    balance = belonging_map(active, contacts, today)
    lately = [row for row in balance if row.recent]
    if len(lately) > 1:
        return None
    others = sorted(
        (row for row in balance if not row.recent),
        key=lambda row: (row.last_step or date.min, row.circle.circle.casefold()),
    )
    if others:
        where, kind = others[0].circle.circle, others[0].circle.circle_kind
    else:
        present = {c.circle_kind for c in active}
        missing = [k for k in CIRCLE_KINDS if k not in present and k != "other"] or ["other"]
        kind = missing[today.toordinal() % len(missing)]
        where = f"perhaps a {words(kind)} circle"
    choices = small_steps_for(kind, small_steps)
    step = choices[today.toordinal() % len(choices)] if choices else "a short hello"
    if lately:
        return f"Lately your steps have all been with {lately[0].circle.circle}. When you feel like it, one small step elsewhere: {step} ({where})."
    if not any(row.last_step for row in balance):
        return f"A first small step, when you feel like it: {step} ({where})."
    return f"A quiet month for your circles. When you feel like it, one small step: {step} ({where})."


def support_people(circles: Iterable[Any]) -> list[tuple[str, str]]:
    """(person, circle) for everyone flagged as knowing how you handle rejection, in active circles."""
    found = []
    for circle in circles:
        if circle.kind == "circle" and not circle.archived:
            for person in circle.people:
                name = person["name"] if isinstance(person, dict) else person.name
                flagged = person.get("knows_rejection") if isinstance(person, dict) else person.knows_rejection
                if flagged:
                    found.append((name, circle.circle))
    return found


def belonging_wins(entries: Iterable[Any], week: str) -> list[str]:
    """The wins of an ISO `week` ("2026-W48"), oldest first: steps taken in circles, boundaries
    held and noes said. For the weekly letter: every one counts, whatever came of it."""
    chosen = sorted(
        (e for e in entries if e.kind in ("contact", "held") and iso_week(e.day) == week),
        key=lambda e: (e.day, e.created),
    )
    wins = []
    for entry in chosen:
        if entry.kind == "contact":
            note = first_line(entry.note)
            wins.append(f"{words(entry.step_type).capitalize()} in {entry.circle}" + (f": {note}" if note else ""))
        else:
            what = first_line(entry.moment) or first_line(entry.boundary)
            wins.append(f"Held a boundary: {what}")
    return [" ".join(win.split()) for win in wins]



def parse_step_day(text: str, today: date) -> date | None:
    """The day a step was taken: blank or "today", "yesterday", or a date (YYYY-MM-DD) not after
    today; None for anything else."""
    day = day_from_words(text, today) if text.strip() else today
    return day if day is not None and day <= today else None


def today_line(journal: Any) -> str | None:
    """Today's gentle line about belonging, once the whole journal is read (a circle may be older
    than the recent days Today's first frame reads); None when the steps are spread or there are no circles."""
    if not getattr(journal, "complete", False):
        return None
    small_steps = journal.settings.prompts.small_steps
    return nudge(journal.of_kind("circle"), journal.of_kind("contact"), journal.today(), small_steps)
