"""The settings Today, the theme, `ritual due` and the day of a command need, read without pydantic.

Kept apart from `quick` (Today's first frame), so a command that only needs the day (`list`,
`insights`, `export`) loads neither the rules nor the entry summaries.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from types import MappingProxyType

from ritual_tui.clock import DEFAULT_DAY_START_HOUR
from ritual_tui.records import Record
from ritual_tui.vocabulary import RITUAL_KINDS, WEEKDAYS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


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
        text = config_file.read_text("utf-8-sig")
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
