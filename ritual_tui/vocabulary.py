"""The words ritual's rules are written in: kinds, weekdays, outcomes. Plain constants.

Kept apart from the pydantic models so Today's first frame and `ritual due` never load them.
"""

from __future__ import annotations

# The kinds are declared once, in rituals.py; these names stay for the modules that read them here.
from ritual_tui.rituals import ENTRY_KINDS, RITUAL_KINDS, RITUAL_NAMES

SCHEMA_VERSION = 1
"""The schema number this version of ritual writes. Files with a larger number are read-only."""

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
"""Weekday names as config.toml spells them; the index is `date.weekday()`."""

PLANNED = "planned"
"""The outcome of an exposure plan that waits for its reflection."""

ATTEMPT_OUTCOMES = frozenset({"done", "partly-done", "used-exit"})
"""Outcomes where the user went and tried: using the exit is a brave attempt, never a failure."""

__all__ = ["ATTEMPT_OUTCOMES", "ENTRY_KINDS", "PLANNED", "RITUAL_KINDS", "RITUAL_NAMES", "SCHEMA_VERSION", "WEEKDAYS"]
