"""A personal mission statement and its values: each revision is an entry, the newest is the anchor."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from ritual_tui.models.common import EntryBase, ShortText, Text

MAX_VALUES = 5
"""A mission holds up to five values: few enough to remember in a hard moment."""


class MissionEntry(EntryBase):
    """One revision of the mission statement, with up to five values."""

    kind: Literal["mission"] = "mission"
    statement: Text
    """What I want my life and work to stand for, in my own words."""
    values: list[ShortText] = Field(default_factory=list)
    """Up to five values, a word or a short phrase each."""

    @field_validator("statement")
    @classmethod
    def _has_words(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("write the mission statement in a sentence or two")
        return value

    @field_validator("values")
    @classmethod
    def _few_values(cls, values: list[str]) -> list[str]:
        kept = [value.strip() for value in values if value.strip()]
        if len(kept) > MAX_VALUES:
            raise ValueError(f"keep to {MAX_VALUES} values or fewer")
        return kept
