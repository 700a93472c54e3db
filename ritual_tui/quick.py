"""Today's first frame without pydantic: the settings and recent files read with tomli alone.

ritual opens at login, so Today is drawn before the models are even imported. Files are found by
name (`<YYYY-MM-DD>-<id>.toml` under `entries/<kind>/<YYYY>/`) and parsed only when a rule reads
more than their kind and day. The full journal replaces this view a moment later; its validated
answers are the truth, so a file this view cannot read is simply left out of the rule asking.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from pathlib import Path
from types import MappingProxyType

from ritual_tui.clock import DEFAULT_DAY_START_HOUR, now, ritual_day
from ritual_tui.queries import REFLECTION_WINDOW_DAYS, JournalQueries
from ritual_tui.records import Record
from ritual_tui.store.conflicts import conflict_tool
from ritual_tui.store.results import StoredEntry
from ritual_tui.store.summary import EntrySummary
from ritual_tui.vocabulary import RITUAL_KINDS, WEEKDAYS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

RECENT_DAYS = 30
"""Today counts practice over the last 30 days."""
MEMORY_DAYS = (365, 30, 7)
"""Today's look back: a year, a month and a week ago."""


class QuickSettings(Record):
    """The settings Today, the theme and `ritual due` need, read without pydantic."""

    day_start_hour: int = DEFAULT_DAY_START_HOUR
    letter_weekday: int = 6
    rituals: tuple[str, ...] = RITUAL_KINDS
    rest_days: tuple[int, ...] = ()
    rest_dates: tuple[date, ...] = ()
    snooze_hours: int = 3
    theme: str | None = None
    keymap: Mapping[str, str] = MappingProxyType({})

    @property
    def letter_weekday_number(self) -> int:
        """Monday is 0, as in `date.weekday()`."""
        return self.letter_weekday

    def is_rest_day(self, day: date) -> bool:
        """True on a rest weekday or a one-off rest date."""
        return day.weekday() in self.rest_days or day in self.rest_dates

    def ritual_enabled(self, kind: str) -> bool:
        """True when the ritual `kind` is switched on."""
        return kind in self.rituals


SETTING_NAMES = frozenset(
    {"day_start_hour", "letter_weekday", "rituals", "gratitude_items", "strengths", "rest_days", "rest_dates",
     "snooze_hours", "theme", "keymap", "prompts", "reframe", "exposure", "sync"}
)
"""Every top-level key of config.toml (`settings.Settings`' fields; a test keeps the two equal)."""


def read_quick_settings(config_file: Path) -> tuple[QuickSettings, str | None]:
    """The quick settings and, when config.toml is broken, the message explaining the defaults.

    Only the common, well-formed cases are read here; anything unusual goes through the full
    pydantic loader, so every problem is still reported in one clear sentence.
    """
    document: dict[str, Any] = {}
    try:
        text = config_file.read_text("utf-8")
    except FileNotFoundError:
        return QuickSettings(), None
    except (OSError, UnicodeDecodeError):
        readable = False
    else:
        import tomli  # only now: with no config.toml, `list` and `insights` never load a TOML parser

        try:
            document, readable = tomli.loads(text), True
        except (tomli.TOMLDecodeError, RecursionError):
            readable = False
    hour = document.get("day_start_hour", DEFAULT_DAY_START_HOUR)
    weekday = document.get("letter_weekday", "sunday")
    rituals = document.get("rituals", list(RITUAL_KINDS))
    rest_days = document.get("rest_days", [])
    rest_dates = document.get("rest_dates", [])
    snooze = document.get("snooze_hours", 3)
    theme = document.get("theme")
    keymap = document.get("keymap", {})
    simple = readable and SETTING_NAMES.issuperset(document) and (
        isinstance(hour, int) and 0 <= hour <= 23
        and weekday in WEEKDAYS
        and isinstance(rituals, list) and all(r in RITUAL_KINDS for r in rituals)
        and isinstance(rest_days, list) and all(d in WEEKDAYS for d in rest_days)
        and isinstance(rest_dates, list) and all(type(d) is date for d in rest_dates)
        and isinstance(snooze, int) and 1 <= snooze <= 24
        and (theme is None or isinstance(theme, str))
        and isinstance(keymap, dict) and all(isinstance(v, str) for v in keymap.values())
    )
    error = None
    if not simple:
        from ritual_tui.settings import load_settings  # the careful path: one clear (neutralised) message

        loaded = load_settings(config_file)
        settings, error = loaded.settings, loaded.error
        hour, weekday, rituals, keymap = settings.day_start_hour, settings.letter_weekday, settings.rituals, settings.keymap
        rest_days, rest_dates, snooze, theme = settings.rest_days, settings.rest_dates, settings.snooze_hours, settings.theme
    quick = QuickSettings(
        hour, WEEKDAYS.index(weekday), tuple(rituals), tuple(WEEKDAYS.index(d) for d in rest_days), tuple(rest_dates),
        snooze, theme, dict(keymap),
    )
    return quick, error


def recent_entries(entries_dir: Path, today: date) -> list[EntrySummary]:
    """Ritual entries of the last RECENT_DAYS ritual days and of the memory days, newest first, by file name.

    Conflict copies and stray files are left to the full scan, which reports them.
    """
    wanted = {day.isoformat(): day for day in (today - timedelta(days=back) for back in (*range(RECENT_DAYS), *MEMORY_DAYS))}
    found: list[EntrySummary] = []
    for kind in RITUAL_KINDS:
        for year in sorted({name[:4] for name in wanted}):
            folder = entries_dir / kind / year
            try:
                names = os.listdir(folder)
            except OSError:
                continue
            for name in names:
                day = wanted.get(name[:10])
                if day is not None and name.endswith(".toml") and not name.startswith(".") and conflict_tool(name) is None:
                    found.append(EntrySummary.of_file(folder / name, kind, day))
    found.sort(key=lambda e: (e.day, e.path.name), reverse=True)
    return found


class QuickJournal(JournalQueries):
    """Today's rules over the recent files, for the first frame; the full `Journal` follows.

    Exposure records are read only within the reflection window (and on the memory days), so
    plans waiting for longer are counted once the whole history is read.
    """

    def __init__(self, entries_dir: Path, settings: QuickSettings, clock: Callable[[], datetime] = now) -> None:
        self.settings = self.day_settings = settings
        self.clock = clock
        self.version = 0
        today = ritual_day(clock(), settings.day_start_hour)
        recent = recent_entries(entries_dir, today)
        self.practice_days = {entry.day for entry in recent}
        oldest_plan = today - timedelta(days=REFLECTION_WINDOW_DAYS)
        memory = {today - timedelta(days=back) for back in MEMORY_DAYS}
        self.stored = [
            StoredEntry(entry, entry.path, "") for entry in recent if entry.kind != "exposure" or entry.day >= oldest_plan or entry.day in memory
        ]

    def practised_on(self, day: date) -> bool:
        """True when any ritual file of `day` exists (by name: nothing is parsed to count practice)."""
        return day in self.practice_days
