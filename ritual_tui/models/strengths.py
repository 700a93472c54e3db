"""The morning strengths reflection."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from ritual_tui.models.common import EntryBase, ShortText, Text

VIA_STRENGTHS: tuple[str, ...] = (
    "Appreciation of beauty and excellence",
    "Bravery",
    "Creativity",
    "Curiosity",
    "Fairness",
    "Forgiveness",
    "Gratitude",
    "Honesty",
    "Hope",
    "Humility",
    "Humor",
    "Judgment",
    "Kindness",
    "Leadership",
    "Love",
    "Love of learning",
    "Perseverance",
    "Perspective",
    "Prudence",
    "Self-regulation",
    "Social intelligence",
    "Spirituality",
    "Teamwork",
    "Zest",
)
"""The 24 character strengths of the VIA classification, alphabetically."""


class StrengthsEntry(EntryBase):
    """A strength named in the morning, where it showed up, and how it will be used today."""

    kind: Literal["strengths"] = "strengths"
    strength: ShortText
    where_it_showed: Text = ""
    use_today: Text = ""
    yesterday_note: Text = Field(default="", description="Where yesterday's intention showed up.")

    @field_validator("strength")
    @classmethod
    def _strength_named(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("name a strength (from the list or in your own words)")
        return value.strip()

    @property
    def is_from_list(self) -> bool:
        """True when the strength is one of the 24 VIA strengths."""
        return self.strength.casefold() in {name.casefold() for name in VIA_STRENGTHS}
