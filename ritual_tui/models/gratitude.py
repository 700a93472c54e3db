"""The gratitude practice: a few specific things."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from ritual_tui.models.common import EntryBase, ShortText


class GratitudeEntry(EntryBase):
    """A short list of specific things the user is grateful for today."""

    kind: Literal["gratitude"] = "gratitude"
    items: list[ShortText] = Field(min_length=1)

    @field_validator("items")
    @classmethod
    def _drop_blank_items(cls, items: list[str]) -> list[str]:
        kept = [item.strip() for item in items if item.strip()]
        if not kept:
            raise ValueError("write at least one thing you are grateful for")
        return kept
