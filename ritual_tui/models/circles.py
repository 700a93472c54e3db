"""Circles of belonging: where belonging comes from, the people to lean on, and the steps taken in each."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ritual_tui.models.common import ID_PATTERN, EntryBase, ShortText, Text

CIRCLE_KINDS: tuple[str, ...] = (
    "family",
    "close-friends",
    "work-or-study",
    "hobby-or-club",
    "volunteering-or-community",
    "faith-or-culture",
    "online",
    "other",
)
"""The kinds of circle, as files spell them; `words` gives the words for people."""

STEP_TYPES: tuple[str, ...] = (
    "showed-up",
    "reached-out",
    "beyond-small-talk",
    "listened-or-shared",
    "helped",
    "joined-something-new",
)
"""The small steps a `contact` entry records, as files spell them."""

CircleKind = Literal[
    "family", "close-friends", "work-or-study", "hobby-or-club",
    "volunteering-or-community", "faith-or-culture", "online", "other",
]
StepType = Literal["showed-up", "reached-out", "beyond-small-talk", "listened-or-shared", "helped", "joined-something-new"]


def words(value: str) -> str:
    """A kind or a step type as people say it: `close-friends` is "close friends"."""
    return value.replace("-", " ")


class Person(BaseModel):
    """Someone in a circle you can lean on; `knows_rejection`: they know how you handle rejection."""

    model_config = ConfigDict(extra="allow", allow_inf_nan=False, hide_input_in_errors=True)

    name: ShortText
    knows_rejection: bool = False

    @field_validator("name")
    @classmethod
    def _named(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a person needs a name")
        return value.strip()


class CircleEntry(EntryBase):
    """One circle of belonging: its name, its kind, what it gives you, and your people in it."""

    kind: Literal["circle"] = "circle"
    circle: ShortText
    circle_kind: CircleKind = "other"
    gives: Text = ""
    people: list[Person] = Field(default_factory=list)
    archived: bool = False

    @field_validator("circle")
    @classmethod
    def _named(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("give the circle a name")
        return value.strip()

    def support(self) -> list[Person]:
        """The people who know how you handle rejection."""
        return [person for person in self.people if person.knows_rejection]


class ContactEntry(EntryBase):
    """One small step taken in a circle (showed up, reached out, ...), with a note."""

    kind: Literal["contact"] = "contact"
    circle_id: str = Field(pattern=ID_PATTERN)
    circle: ShortText = ""
    """The circle's name when the step was written, so the file reads well on its own."""
    step_type: StepType = "showed-up"
    note: Text = ""
