"""What is due today, answered from file names and a few small files: fast enough for a login script.

No pydantic, no Textual. The rules match the journal's (Today shows the same states).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from ritual_tui.clock import DEFAULT_DAY_START_HOUR, ritual_day
from ritual_tui.store.conflicts import conflict_tool

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
ALL_RITUALS = ("strengths", "gratitude", "exposure", "letter")
REFLECTION_WINDOW_DAYS = 14
"""A plan waits gently: it makes exposure "due" for two weeks, then only shows as waiting."""
NAMES = {"strengths": "Morning strengths", "gratitude": "Gratitude", "exposure": "Exposure reflection", "letter": "Weekly letter"}


@dataclass(frozen=True)
class DueSettings:
    """The few settings the due rules need."""

    day_start_hour: int = DEFAULT_DAY_START_HOUR
    letter_weekday: int = 6
    rituals: tuple[str, ...] = ALL_RITUALS
    rest_days: tuple[int, ...] = ()
    rest_dates: tuple[date, ...] = ()
    snooze_hours: int = 3

    def is_rest_day(self, day: date) -> bool:
        """True on a rest weekday or a one-off rest date."""
        return day.weekday() in self.rest_days or day in self.rest_dates


def read_due_settings(config_file: Path) -> DueSettings:
    """The due settings, read with tomllib; anything unusual is left to the full settings loader."""
    try:
        document: dict[str, Any] = tomllib.loads(config_file.read_text("utf-8"))
    except FileNotFoundError:
        return DueSettings()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        document = {"broken": True}
    hour = document.get("day_start_hour", DEFAULT_DAY_START_HOUR)
    weekday = document.get("letter_weekday", "sunday")
    rituals = document.get("rituals", list(ALL_RITUALS))
    rest_days = document.get("rest_days", [])
    rest_dates = document.get("rest_dates", [])
    snooze = document.get("snooze_hours", 3)
    simple = (
        isinstance(hour, int) and 0 <= hour <= 23
        and weekday in WEEKDAYS
        and isinstance(rituals, list) and all(r in ALL_RITUALS for r in rituals)
        and isinstance(rest_days, list) and all(d in WEEKDAYS for d in rest_days)
        and isinstance(rest_dates, list) and all(type(d) is date for d in rest_dates)
        and isinstance(snooze, int) and 1 <= snooze <= 24
    )
    if not simple:
        from ritual_tui.settings import load_settings  # the careful path: one clear message, defaults

        settings = load_settings(config_file).settings
        hour, weekday, rituals = settings.day_start_hour, settings.letter_weekday, settings.rituals
        rest_days, rest_dates, snooze = settings.rest_days, settings.rest_dates, settings.snooze_hours
    return DueSettings(
        hour, WEEKDAYS.index(weekday), tuple(rituals), tuple(WEEKDAYS.index(d) for d in rest_days), tuple(rest_dates), snooze
    )


def _names_on(entries_dir: Path, kind: str, days: set[date]) -> list[Path]:
    """Files of `kind` whose name says they belong to one of `days` (conflict copies left out)."""
    prefixes = {day.isoformat() for day in days}
    found = []
    for year in {f"{day:%Y}" for day in days}:
        folder = entries_dir / kind / year
        if folder.is_dir():
            found += [p for p in folder.glob("*.toml") if p.name[:10] in prefixes and conflict_tool(p.name) is None]
    return found


def plans_waiting(entries_dir: Path, today: date, window: int = REFLECTION_WINDOW_DAYS) -> int:
    """How many exposure plans from the last `window` days wait for a reflection."""
    days = {today - timedelta(days=back) for back in range(window + 1)}
    waiting = 0
    for path in _names_on(entries_dir, "exposure", days):
        try:
            outcome = tomllib.loads(path.read_text("utf-8")).get("outcome", "planned")
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue
        waiting += outcome == "planned"
    return waiting


def due_today(entries_dir: Path, settings: DueSettings, moment: datetime) -> list[tuple[str, str]]:
    """(kind, line) for every ritual due on the ritual day of `moment`."""
    today = ritual_day(moment, settings.day_start_hour)
    due: list[tuple[str, str]] = []
    if settings.is_rest_day(today):
        return due
    for kind in settings.rituals:
        if kind in ("strengths", "gratitude"):
            if not _names_on(entries_dir, kind, {today}):
                due.append((kind, NAMES[kind]))
        elif kind == "exposure":
            waiting = plans_waiting(entries_dir, today)
            if waiting:
                due.append((kind, f"{NAMES[kind]}: {waiting} plan{'s' if waiting > 1 else ''} waiting"))
        elif kind == "letter" and today.weekday() >= settings.letter_weekday:
            week = {today - timedelta(days=back) for back in range(today.weekday() + 1)}
            if not _names_on(entries_dir, "letter", week):
                due.append((kind, NAMES[kind]))
    return due


def read_login_state(path: Path) -> dict[str, Any]:
    """The login greeting's memory: `greeted` (a ritual day) and `snoozed_until` (a time)."""
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}


def write_login_state(path: Path, state: dict[str, Any]) -> None:
    """Remember the greeting state (a failure only means ritual may greet once more)."""
    import tomli_w

    from ritual_tui.store.atomic import atomic_write

    try:
        atomic_write(path, tomli_w.dumps(state).encode("utf-8"))
    except OSError:
        pass


def snoozed_until(state_file: Path, moment: datetime) -> datetime | None:
    """The end of a snooze still running at `moment`, if any."""
    until = read_login_state(state_file).get("snoozed_until")
    return until if isinstance(until, datetime) and until > moment else None


def snooze(state_file: Path, moment: datetime, hours: int) -> datetime:
    """Keep the login greeting away for `hours`; returns until when."""
    state = read_login_state(state_file)
    state["snoozed_until"] = moment + timedelta(hours=hours)
    write_login_state(state_file, state)
    return state["snoozed_until"]


def login_greeting_due(state_file: Path, entries_dir: Path, settings: DueSettings, moment: datetime) -> bool:
    """For login scripts: True at most once per ritual day, only when something is due and not snoozed."""
    state = read_login_state(state_file)
    today = ritual_day(moment, settings.day_start_hour)
    snoozed = state.get("snoozed_until")
    if isinstance(snoozed, datetime) and snoozed > moment:
        return False
    if state.get("greeted") == today or not due_today(entries_dir, settings, moment):
        return False
    state["greeted"] = today
    write_login_state(state_file, state)
    return True
