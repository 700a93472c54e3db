"""The weekly letter to oneself."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, field_validator

from ritual_tui.models.common import WEEK_PATTERN, EntryBase, ShortText, Text


class LetterEntry(EntryBase):
    """A letter to oneself about the week's wins, with the wins it chose to quote."""

    kind: Literal["letter"] = "letter"
    week: str
    body: Text
    wins: list[ShortText] = Field(default_factory=list)
    sealed_until: date | None = None
    """Until this day the letter's words are shown nowhere (the rule is `ritual_tui.sealing`)."""

    @field_validator("week")
    @classmethod
    def _iso_week(cls, value: str) -> str:
        if not WEEK_PATTERN.match(value):
            raise ValueError("week must look like 2026-W48")
        return value

    @field_validator("body")
    @classmethod
    def _has_words(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the letter is empty")
        return value
