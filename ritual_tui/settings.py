"""The user's `config.toml`: a pydantic model with a docstring per field, loaded safely (`config_file` writes it)."""

from __future__ import annotations

import copy
import tomli
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ritual_tui.belonging import DEFAULT_SMALL_STEPS
from ritual_tui.models import RITUAL_KINDS, VIA_STRENGTHS, describe_validation_error
from ritual_tui.models.circles import CIRCLE_KINDS
from ritual_tui.text import visible

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class Prompts(BaseModel):
    """Every question the rituals ask, in the app's own words; each can be rewritten."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    strength: str = "Which strength of yours do you want to notice today?"
    """The strengths ritual: choosing the strength."""
    where_it_showed: str = "Where did it show up lately? A moment, a place, a person."
    """The strengths ritual: recent evidence."""
    use_today: str = "How could you lean on it today, in one small concrete way?"
    """The strengths ritual: today's intention."""
    yesterday_note: str = "Yesterday you meant to: {intention}. Where did it actually show up?"
    """The strengths ritual: looking back at yesterday's intention ({intention} is replaced)."""
    gratitude: list[str] = [
        "Something small that went right, and who or what made it happen.",
        "A person who made today a little easier. What exactly did they do?",
        "Something you can see, hear or touch right now that you like.",
        "A skill or habit of yours that helped you this week.",
        "A moment of belonging: where did you feel you fit, even briefly?",
        "Something you usually take for granted. What would be missing without it?",
        "A place that steadies you. What about it, specifically?",
    ]
    """Gratitude prompts; they rotate day by day and ask for specifics."""
    exposure_intro: str = "Pick one small, manageable step. Leaving early still counts: that is what the exit is for."
    """Shown above the exposure plan."""
    brave_exit: str = "You went, and you used your exit. That is a brave attempt, and it counts."
    """Shown when an attempt is recorded as 'used the exit'."""
    letter_intro: str = "Write to yourself as a friend who saw your whole week. Pick the wins you want to keep."
    """Shown above the weekly letter."""
    small_steps: dict[str, list[str]] = Field(default_factory=lambda: copy.deepcopy(DEFAULT_SMALL_STEPS))
    """Small steps into a circle that Today suggests, per kind of circle ([prompts.small_steps], e.g.
    online = ["reply to one post with care"]); a kind left out keeps ritual's own list."""

    @field_validator("small_steps")
    @classmethod
    def _circle_kinds(cls, steps: dict[str, list[str]]) -> dict[str, list[str]]:
        wrong = [kind for kind in steps if kind not in CIRCLE_KINDS]
        if wrong:
            raise ValueError(f"small_steps takes kinds of circle ({', '.join(CIRCLE_KINDS)})")
        return {**copy.deepcopy(DEFAULT_SMALL_STEPS), **steps}


class Reframe(BaseModel):
    """A hard moment: the breathing guide, the line about urgent help, and the mission on Today."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    breathing: list[int] = Field(default_factory=lambda: [4, 4, 6, 2], min_length=1, max_length=4)
    """Seconds to breathe in, hold, breathe out and hold again (a 0 or a missing number leaves that part out)."""
    breathing_seconds: int = Field(default=60, ge=0, le=600)
    """How long the breathing guide lasts, about; 0 goes straight to the reframe."""
    reduce_motion: bool = False
    """True: the breathing guide shows words and a count, nothing that moves (NO_COLOR does the same)."""
    urgent_help: str = Field(
        default="If you or someone else is in danger right now, call your local emergency number "
        "(112 in Europe, 911 in North America) or a crisis line where you live.",
        max_length=500,
    )
    """The calm line saying where to find urgent help; write your own country's numbers here."""
    mission_on_today: bool = False
    """True: Today shows one quiet line with your newest mission statement."""

    @field_validator("breathing")
    @classmethod
    def _seconds(cls, pattern: list[int]) -> list[int]:
        if any(not 0 <= seconds <= 30 for seconds in pattern) or not any(pattern):
            raise ValueError("breathing takes up to four numbers of seconds from 0 to 30 (in, hold, out, hold), not all 0")
        return pattern


class Sync(BaseModel):
    """Syncing the data folder from the app (after `ritual sync setup REMOTE`); off by default."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    at_start: bool = False
    """True: sync in the background once Today is on screen (never before it)."""
    at_quit: bool = False
    """True: sync when you quit (the app waits for it, then closes)."""


class Exposure(BaseModel):
    """Exposure practice: when to offer the next rung, and how much of the ladder to show."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    suggest_after: int = Field(default=3, ge=1, le=20)
    """After this many attempts on a step in a row whose peak stayed under `suggest_below`, the next rung is offered."""
    suggest_below: int = Field(default=30, ge=1, le=100)
    """The peak discomfort (0–100) the attempts stay under before the next rung is offered."""
    next_three_only: bool = False
    """True: the ladder shows only the next three rungs (3 on the exposure screen switches)."""


class Settings(BaseModel):
    """Everything a user can set in `config.toml`. Unknown keys are reported, never ignored."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, validate_assignment=True)

    day_start_hour: int = Field(default=4, ge=0, le=23)
    """The hour a new ritual day begins: writing before it counts for the day before."""
    letter_weekday: str = Field(default="sunday", pattern="^(" + "|".join(WEEKDAYS) + ")$")
    """The weekday the weekly letter is due."""
    rituals: list[str] = Field(default_factory=lambda: list(RITUAL_KINDS))
    """Which rituals are on: any of strengths, gratitude, exposure, letter, contact (circles), held (boundaries)."""
    gratitude_items: int = Field(default=3, ge=1, le=10)
    """How many gratitude items the screen offers."""
    strengths: list[str] = Field(default_factory=lambda: list(VIA_STRENGTHS))
    """The list of strengths to choose from (you can always type your own)."""
    rest_days: list[str] = Field(default_factory=list)
    """Weekdays that are rest days: nothing is due (the rituals stay open), e.g. ["saturday"]."""
    rest_dates: list[date] = Field(default_factory=list)
    """One-off rest days, e.g. [2026-12-25]."""
    snooze_hours: int = Field(default=3, ge=1, le=24)
    """How long "later" (z on Today) keeps the login greeting away."""
    theme: str = "ritual-dusk"
    """The colour theme's name (see `ritual themes`)."""
    keymap: dict[str, str] = Field(default_factory=dict)
    """Key remaps by binding id, e.g. {"today.gratitude" = "G"} (Textual's keymap)."""
    prompts: Prompts = Field(default_factory=Prompts)
    """The questions each ritual asks."""
    reframe: Reframe = Field(default_factory=Reframe)
    """A hard moment: breathing, the urgent-help line, the mission on Today."""
    sync: Sync = Field(default_factory=Sync)
    """Sync with the git remote at start and on quit ([sync] at_start, at_quit; see `ritual sync`)."""
    exposure: Exposure = Field(default_factory=Exposure)
    """Exposure practice: when the next rung is offered ([exposure] suggest_after, suggest_below), next_three_only."""

    @field_validator("rest_days")
    @classmethod
    def _weekdays(cls, days: list[str]) -> list[str]:
        wrong = [d for d in days if d.lower() not in WEEKDAYS]
        if wrong:
            raise ValueError(f"rest_days takes weekday names ({', '.join(WEEKDAYS)})")
        return [d.lower() for d in days]

    def is_rest_day(self, day: date) -> bool:
        """True on a configured rest weekday or one-off rest date."""
        return WEEKDAYS[day.weekday()] in self.rest_days or day in self.rest_dates

    def ritual_enabled(self, kind: str) -> bool:
        """True when the ritual `kind` is switched on."""
        return kind in self.rituals

    @property
    def letter_weekday_number(self) -> int:
        """Monday is 0, as in `date.weekday()`."""
        return WEEKDAYS.index(self.letter_weekday)


@dataclass(frozen=True)
class LoadedSettings:
    """Settings read from config.toml, with the one line to tell the user when something was off.

    `writable` is False when the file could not be used at all (the defaults are in effect): such
    a file is the user's to fix and is never overwritten. Unknown keys alone keep it writable.
    """

    settings: Settings
    error: str | None = None
    writable: bool = True


def load_settings(path: Path) -> LoadedSettings:
    """Read `config.toml`; a missing file gives the defaults, a broken one the defaults plus a message."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return LoadedSettings(Settings())
    except OSError as error:
        return _unusable(path, f"could not be read ({error.strerror or type(error).__name__})")
    return settings_from_bytes(path, data)


def settings_from_bytes(path: Path, data: bytes) -> LoadedSettings:
    """The settings `data` (the bytes of config.toml at `path`) holds; see `load_settings`."""
    try:
        document = tomli.loads(data.decode("utf-8-sig"))  # a BOM, as Notepad saves it, is no error
    except UnicodeDecodeError:
        return _unusable(path, "is not UTF-8 text")
    except tomli.TOMLDecodeError as error:
        return _unusable(path, f"is not valid TOML ({error})")
    except RecursionError:
        return _unusable(path, "is nested too deeply to read")
    try:
        settings, unknown = validate_document(document)
    except ValidationError as error:
        detail = describe_validation_error(error).replace("Extra inputs are not permitted", "unknown setting")
        return _unusable(path, f"has a problem ({detail})")
    if unknown:
        names = ", ".join(unknown)
        return LoadedSettings(settings, visible(f"{path} has unknown setting(s), ignored and kept in the file: {names}."))
    return LoadedSettings(settings)


def validate_document(document: dict[str, Any]) -> tuple[Settings, list[str]]:
    """Validate a parsed config.toml, ignoring unknown keys (a newer version's, or typos: named, not lost).

    Returns the settings and the dotted names of the unknown keys; ValidationError for any other problem.
    """
    try:
        return Settings.model_validate(document), []
    except ValidationError as error:
        problems = error.errors(include_input=False, include_url=False)
        if any(problem["type"] != "extra_forbidden" for problem in problems):
            raise
    unknown = [tuple(problem["loc"]) for problem in problems]
    known = copy.deepcopy(document)
    for location in unknown:
        table = known
        for part in location[:-1]:
            table = table[part]
        table.pop(location[-1], None)
    return Settings.model_validate(known), [".".join(str(part) for part in location) for location in unknown]


def _unusable(path: Path, reason: str) -> LoadedSettings:
    return LoadedSettings(Settings(), visible(f"{path} {reason}; using the defaults."), writable=False)
