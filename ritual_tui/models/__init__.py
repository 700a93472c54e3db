"""Pydantic models of every entry kind. No Textual, no file access."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from ritual_tui.clock import DEFAULT_DAY_START_HOUR, iso_week, now, ritual_day, round_offset
from ritual_tui.models.common import (
    MAX_TEXT_CHARS,
    SCHEMA_VERSION,
    EntryBase,
    first_line,
    new_id,
    normalize_newlines,
)
from ritual_tui.models.exposure import ExposureEntry, LadderStep, Outcome
from ritual_tui.models.gratitude import GratitudeEntry
from ritual_tui.models.letter import LetterEntry
from ritual_tui.models.strengths import VIA_STRENGTHS, StrengthsEntry
from ritual_tui.vocabulary import RITUAL_KINDS

Entry = StrengthsEntry | GratitudeEntry | ExposureEntry | LetterEntry | LadderStep
"""Any entry ritual stores."""

KINDS: dict[str, type[EntryBase]] = {
    "strengths": StrengthsEntry,
    "gratitude": GratitudeEntry,
    "exposure": ExposureEntry,
    "letter": LetterEntry,
    "step": LadderStep,
}
"""Every kind by the name used in files, folders and on the command line."""



class EntryError(ValueError):
    """A document that is not a valid entry. The message names fields, never their text."""


def describe_validation_error(error: ValidationError) -> str:
    """One readable sentence per problem, naming the field and never echoing its content."""
    parts = []
    for problem in error.errors(include_input=False, include_url=False):
        where = ".".join(str(part) for part in problem["loc"]) or "entry"
        message = problem["msg"]
        if message.startswith("Value error, "):
            message = message[len("Value error, ") :]
        parts.append(f"{where}: {message}")
    return "; ".join(parts)


def parse_entry(document: dict[str, Any]) -> EntryBase:
    """Validate a mapping (from a TOML file or an import) into the model of its kind."""
    kind = document.get("kind")
    if not isinstance(kind, str):
        raise EntryError("kind: missing (expected one of " + ", ".join(KINDS) + ")")
    model = KINDS.get(kind)
    if model is None:
        raise EntryError(f"kind: unknown kind {kind!r} (expected one of {', '.join(KINDS)})")
    try:
        return model.model_validate(document)
    except ValidationError as error:
        raise EntryError(describe_validation_error(error)) from None


__all__ = [
    "DEFAULT_DAY_START_HOUR",
    "KINDS",
    "MAX_TEXT_CHARS",
    "RITUAL_KINDS",
    "SCHEMA_VERSION",
    "VIA_STRENGTHS",
    "Entry",
    "EntryBase",
    "EntryError",
    "ExposureEntry",
    "GratitudeEntry",
    "LadderStep",
    "LetterEntry",
    "Outcome",
    "StrengthsEntry",
    "describe_validation_error",
    "first_line",
    "iso_week",
    "new_id",
    "normalize_newlines",
    "now",
    "parse_entry",
    "ritual_day",
    "round_offset",
]
