"""The weekly letter's wins: process wins built from evidence, as the practice names them.

Plain Python over the journal's entries (no Textual); the rules read attributes only.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ritual_tui.clock import add_days
from ritual_tui.vocabulary import ATTEMPT_OUTCOMES, RITUAL_KINDS

PAUSE_DAYS = 3
"""Coming back after this many days or more without practice is a win of its own."""

GROUPED_ATTEMPTS = 3
"""More attempts in a week than this are one win, not one each."""


def _quoted(text: str) -> str:
    return f"“{' '.join(text.split())}”"


def process_wins(journal: Any, day: date) -> list[str]:
    """The week's process wins (the ISO week of `day`), as the practice names them: the courage to
    initiate, persistence, patience, where a strength showed up, and gratitude. Evidence, never an
    intention or an outcome. `journal` answers `entries`, `attempts`, `practised_on` and `of_kind`."""
    from ritual_tui.belonging import belonging_wins
    from ritual_tui.clock import iso_week
    from ritual_tui.text import first_line

    week = iso_week(day)
    monday = add_days(day, -day.weekday())
    mine = sorted((e for e in journal.entries if monday <= e.day <= add_days(monday, 6) and iso_week(e.day) == week),
                  key=lambda e: (e.day, e.created))
    tried = [e for e in mine if e.kind == "exposure" and e.outcome in ATTEMPT_OUTCOMES]
    courage, persistence, patience, evidence = [], [], [], []
    if len(tried) > GROUPED_ATTEMPTS:
        exits = sum(e.outcome == "used-exit" for e in tried)
        courage.append(f"Courage to initiate: {len(tried)} exposure attempts"
                       + (f" ({exits} using the exit, which counts)" if exits else "")
                       + ": " + ", ".join(dict.fromkeys(e.step or e.title() for e in tried)))
    else:
        courage += [f"Courage to initiate: you tried {_quoted(e.title())}"
                    + (" and used the exit, which counts" if e.outcome == "used-exit" else "") for e in tried]
    by_step: dict[str, list[Any]] = {}
    for entry in tried:
        if entry.step_id:
            by_step.setdefault(entry.step_id, []).append(entry)
    for step_id, attempts in by_step.items():
        earlier = [a for a in journal.attempts(step_id) if a.outcome in ATTEMPT_OUTCOMES and a.day < monday]
        if not earlier:
            courage.append(f"Courage to initiate: a first attempt on a new rung, {_quoted(attempts[0].step)}")
        if len(attempts) > 1:
            persistence.append(f"Persistence: {len(attempts)} attempts on {_quoted(attempts[0].step)} this week")
    contacts = journal.of_kind("contact")
    for entry in (e for e in mine if e.kind == "contact"):
        if not any(c.circle_id == entry.circle_id and (c.day, c.created) < (entry.day, entry.created) for c in contacts):
            courage.append(f"Courage to initiate: a first step in a new circle, {entry.circle}")
    for line in belonging_wins(mine, week):
        if line.startswith("Held a boundary"):
            patience.append(f"Patience: h{line[1:]}")
        else:
            courage.append(f"Courage to initiate: {line[0].lower()}{line[1:]}")
    days = sorted({e.day for e in mine if e.kind in RITUAL_KINDS})
    pause = _longest_pause(journal, days)
    if pause >= PAUSE_DAYS:
        persistence.append(f"Persistence: you came back after a pause of {pause} days")
    if len(days) > 1:
        persistence.append(f"Persistence: you practised on {len(days)} days this week")
    reflections = sum(e.kind == "exposure" and e.outcome != "planned" and bool(e.reflected or e.what_happened.strip()) for e in mine)
    reframes = sum(e.kind == "reframe" for e in mine)
    if reflections:
        patience.append(f"Patience: {reflections} reflection{'s' if reflections > 1 else ''} written after an attempt")
    if reframes:
        patience.append(f"Patience: {reframes} hard moment{'s' if reframes > 1 else ''} met with a reframe")
    for entry in mine:
        if entry.kind == "strengths" and first_line(entry.where_it_showed):
            evidence.append(f"{entry.strength} showed up: {first_line(entry.where_it_showed)}")
        if entry.kind == "strengths" and first_line(entry.yesterday_note):
            evidence.append(f"Yesterday's intention showed up: {first_line(entry.yesterday_note)}")
        if entry.kind == "gratitude" and entry.items:
            evidence.append("Gratitude: " + "; ".join(item.strip() for item in entry.items if item.strip()))
    wins = [" ".join(win.split()) for win in (*courage, *persistence, *patience, *evidence)]
    return [win[:1990] for win in dict.fromkeys(wins)]


def _longest_pause(journal: Any, days: list[date]) -> int:
    """The most days without practice before one of `days` (practice days, oldest first), looking
    back at most a year; 0 when there was none."""
    longest = 0
    previous = None
    for day in days:
        if previous is None:
            gap, back = 0, add_days(day, -1)
            while gap < 366 and not journal.practised_on(back):
                gap, back = gap + 1, add_days(back, -1)
            gap = 0 if gap >= 366 else gap  # nothing for a year: a beginning, not a return
        else:
            gap = (day - previous).days - 1
        longest, previous = max(longest, gap), day
    return longest

