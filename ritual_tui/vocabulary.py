"""The words ritual's rules are written in: kinds, weekdays, outcomes. Plain constants, no imports.

Kept apart from the pydantic models so Today's first frame and `ritual due` never load them.
"""

from __future__ import annotations

SCHEMA_VERSION = 1
"""The schema number this version of ritual writes. Files with a larger number are read-only."""

ENTRY_KINDS: tuple[str, ...] = ("strengths", "gratitude", "exposure", "letter", "step")
"""Every kind by the name used in files, folders and on the command line."""

RITUAL_KINDS: tuple[str, ...] = ("strengths", "gratitude", "exposure", "letter")
"""The kinds that are rituals (ladder steps, kind `step`, are the exposure ritual's furniture)."""

RITUAL_NAMES = {
    "strengths": "Morning strengths",
    "gratitude": "Gratitude",
    "exposure": "Exposure practice",
    "letter": "Weekly letter",
}
"""Each ritual's name for people."""

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
"""Weekday names as config.toml spells them; the index is `date.weekday()`."""

PLANNED = "planned"
"""The outcome of an exposure plan that waits for its reflection."""

ATTEMPT_OUTCOMES = frozenset({"done", "partly-done", "used-exit"})
"""Outcomes where the user went and tried: using the exit is a brave attempt, never a failure."""
