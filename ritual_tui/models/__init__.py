"""Pydantic models of every entry kind. No Textual, no file access."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from pydantic import ValidationError

from ritual_tui.clock import DEFAULT_DAY_START_HOUR, iso_week, now, ritual_day, round_offset
from ritual_tui.models.common import (
    ID_PATTERN,
    MAX_TEXT_CHARS,
    SCHEMA_VERSION,
    EntryBase,
    first_line,
    new_id,
    normalize_newlines,
)
from ritual_tui.models.boundaries import BoundaryEntry, HeldEntry
from ritual_tui.models.circles import CircleEntry, ContactEntry
from ritual_tui.models.exposure import ExposureEntry, LadderStep, Outcome
from ritual_tui.models.gratitude import GratitudeEntry
from ritual_tui.models.letter import LetterEntry
from ritual_tui.models.mission import MissionEntry
from ritual_tui.models.note import NoteEntry
from ritual_tui.models.reframe import ReframeEntry
from ritual_tui.models.strengths import VIA_STRENGTHS, StrengthsEntry
from ritual_tui.vocabulary import RITUAL_KINDS

Entry = (
    StrengthsEntry | GratitudeEntry | ExposureEntry | LetterEntry | LadderStep
    | CircleEntry | ContactEntry | BoundaryEntry | HeldEntry | ReframeEntry | MissionEntry | NoteEntry
)
"""Any entry ritual stores."""

KINDS: dict[str, type[EntryBase]] = {
    "strengths": StrengthsEntry,
    "gratitude": GratitudeEntry,
    "exposure": ExposureEntry,
    "letter": LetterEntry,
    "step": LadderStep,
    "reframe": ReframeEntry,
    "mission": MissionEntry,
    "circle": CircleEntry,
    "contact": ContactEntry,
    "boundary": BoundaryEntry,
    "held": HeldEntry,
    "note": NoteEntry,
}
"""Every kind by the name used in files, folders and on the command line."""



class EntryError(ValueError):
    """A document that is not a valid entry. The message names fields, never their text."""

    def __init__(self, message: str, in_a_form: str | None = None) -> None:
        """`in_a_form`: the same problems as a person filling in the form reads them (see
        `describe_validation_error`); the message itself when not given."""
        super().__init__(message)
        self.in_a_form = in_a_form or message


def describe_validation_error(error: ValidationError, *, in_a_form: bool = False) -> str:
    """One readable sentence per problem, naming the field and never echoing its content.

    pydantic's own wording ("Value should have at most 2000 items after validation") is replaced
    by plain words for every kind of problem a person can cause; a validator's own message
    (written for people) is kept as it is, and `in_a_form` (the form shows the field it is
    about) without the field's name in the file (`what_happened`).
    """
    parts = []
    for problem in error.errors(include_input=False, include_url=False):
        where = _place(problem["loc"])
        if problem["type"] == "value_error":
            message = str(problem["msg"]).removeprefix("Value error, ")
            parts.append(f"{where}: {message}" if where and not in_a_form else message)
        else:
            parts.append(f"{where or 'entry'}: {_plain_words(problem['type'], problem.get('ctx') or {}, problem['msg'])}")
    return "; ".join(parts)


def _place(loc: tuple[Any, ...]) -> str:
    """A field's place in words: `items #2` for the second item (counted from 1, as people count)."""
    words = [f"#{part + 1}" if isinstance(part, int) else str(part) for part in loc]
    return " ".join(words)


_ONE_OF = re.compile(r"\^\(([\w|-]+)\)\$")


def _plain_words(kind: str, ctx: dict[str, Any], fallback: str) -> str:
    """What is wrong, in words a person uses ("too long (at most 2,000 characters)")."""
    limit = ctx.get("max_length", ctx.get("min_length"))
    if kind in {"string_too_long", "too_long"}:
        # A text field's limit is checked after its newlines are normalised, so pydantic calls it a "Value".
        unit = "items" if ctx.get("field_type") == "List" else "characters"
        return f"too long (at most {limit:,} {unit})"
    if kind in {"string_too_short", "too_short"}:
        return "empty" if not limit or kind == "string_too_short" else f"needs at least {limit:,}"
    if kind in {"less_than_equal", "less_than"}:
        return f"must be at most {ctx.get('le', ctx.get('lt'))}"
    if kind in {"greater_than_equal", "greater_than"}:
        return f"must be at least {ctx.get('ge', ctx.get('gt'))}"
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        if pattern == ID_PATTERN:
            return "not a valid id (6 to 32 lowercase letters and digits)"
        if choices := _ONE_OF.fullmatch(pattern):
            return "must be one of " + ", ".join(choices.group(1).split("|"))
        return "not in the expected form"
    plain = {
        "missing": "missing",
        "extra_forbidden": "unknown setting",
        "literal_error": f"must be one of {ctx.get('expected', '')}".rstrip(),
        "enum": f"must be one of {ctx.get('expected', '')}".rstrip(),
        "string_type": "must be text",
        "list_type": "must be a list",
        "dict_type": "must be a table",
        "model_type": "must be a table",
        "bool_type": "must be true or false",
        "bool_parsing": "must be true or false",
        "finite_number": "must be a finite number (not nan or inf)",
    }
    if kind in plain:
        return plain[kind]
    if kind.startswith(("int_", "float_")):
        return "must be a whole number" if kind.startswith("int_") else "must be a number"
    if kind.startswith("datetime_") or kind == "timezone_aware":
        return "must be a date and time with its UTC offset (2026-03-01T08:30:00+01:00)"
    if kind.startswith("date_"):
        return "must be a date (YYYY-MM-DD)"
    return "not valid (" + fallback[:1].lower() + fallback[1:] + ")"


def parse_entry(document: dict[str, Any]) -> EntryBase:
    """Validate a mapping (from a TOML file or an import) into the model of its kind. The error of
    a document of a newer schema says so: a newer ritual may write what this one cannot read."""
    try:
        return _parse_entry(document)
    except EntryError as error:
        schema = document.get("schema")
        if isinstance(schema, int) and not isinstance(schema, bool) and schema > SCHEMA_VERSION:
            raise EntryError(f"{error} (written by a newer ritual, schema {schema}: update ritual to read it)",
                             error.in_a_form) from None
        raise


def parse_stored_entry(document: dict[str, Any]) -> EntryBase:
    """`parse_entry` for a document read from an entry file, which must name its id: without one
    the model would give it a new random id at each read, another in every list, export and save.
    A file without `created` (or `updated`) was written at its day's start (then), not at each
    read: "now" moved it in lists and made an exposure record "updated today" every day."""
    if "id" not in document:
        raise EntryError("id: missing (every entry file names its id: 6 to 32 lowercase letters and digits)")
    day = document.get("day")
    if isinstance(day, str) and len(day) == 10:
        try:
            day = date.fromisoformat(day)
        except ValueError:
            pass  # the model says what is wrong with it
    if isinstance(day, date) and not isinstance(day, datetime) and ("created" not in document or "updated" not in document):
        start = datetime.combine(day, time())
        created = document.get("created", start)
        document = {**document, "created": created, "updated": document.get("updated", created)}
    return parse_entry(document)


def _parse_entry(document: dict[str, Any]) -> EntryBase:
    kind = document.get("kind")
    if not isinstance(kind, str):
        raise EntryError("kind: missing (expected one of " + ", ".join(KINDS) + ")")
    model = KINDS.get(kind)
    if model is None:
        raise EntryError(f"kind: unknown kind {kind!r} (expected one of {', '.join(KINDS)})")
    try:
        return model.model_validate(document)
    except ValidationError as error:
        raise EntryError(describe_validation_error(error), describe_validation_error(error, in_a_form=True)) from None


__all__ = [
    "DEFAULT_DAY_START_HOUR",
    "KINDS",
    "MAX_TEXT_CHARS",
    "RITUAL_KINDS",
    "SCHEMA_VERSION",
    "VIA_STRENGTHS",
    "BoundaryEntry",
    "CircleEntry",
    "ContactEntry",
    "Entry",
    "EntryBase",
    "EntryError",
    "ExposureEntry",
    "GratitudeEntry",
    "HeldEntry",
    "LadderStep",
    "LetterEntry",
    "MissionEntry",
    "NoteEntry",
    "Outcome",
    "ReframeEntry",
    "StrengthsEntry",
    "describe_validation_error",
    "first_line",
    "iso_week",
    "new_id",
    "normalize_newlines",
    "now",
    "parse_entry",
    "parse_stored_entry",
    "ritual_day",
    "round_offset",
]
