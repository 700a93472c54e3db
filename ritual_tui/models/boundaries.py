"""Boundaries in your own words, and the moments you held one or said no (they count as wins)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from ritual_tui.models.common import ID_PATTERN, EntryBase, Text


class BoundaryEntry(EntryBase):
    """A boundary: a guideline, not a wall; why it matters, and the words to say it."""

    kind: Literal["boundary"] = "boundary"
    boundary: Text
    why: Text = ""
    words: Text = ""
    archived: bool = False

    @field_validator("boundary")
    @classmethod
    def _stated(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("write the boundary in a few words")
        return value


class HeldEntry(EntryBase):
    """A moment you held a boundary or said no, and how it felt before and after."""

    kind: Literal["held"] = "held"
    boundary_id: str | None = Field(default=None, pattern=ID_PATTERN)
    boundary: Text = ""
    """The boundary's words when the moment was written (empty for a no on its own)."""
    moment: Text = Field(default="", validate_default=True)  # a file without it is as blank as `moment = ""`
    feeling_before: Text = ""
    feeling_after: Text = ""

    @field_validator("moment")
    @classmethod
    def _told(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("say in a few words what happened")
        return value
