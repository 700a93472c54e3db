"""Exposure practice: the ladder of steps and one record per attempt, plan to reflection."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Literal

from pydantic import Field, field_validator

from ritual_tui.models.common import EntryBase, EntryRef, Rating, ShortText, Text
from ritual_tui.vocabulary import ATTEMPT_OUTCOMES


class Outcome(StrEnum):
    """How an attempt went. Using the exit is a brave attempt, never a failure."""

    PLANNED = "planned"
    DONE = "done"
    PARTLY = "partly-done"
    USED_EXIT = "used-exit"
    POSTPONED = "postponed"

    @property
    def label(self) -> str:
        """Words for people."""
        return _LABELS[self]

    @property
    def is_attempt(self) -> bool:
        """True for every outcome where the user went and tried, the exit included."""
        return self.value in ATTEMPT_OUTCOMES


_LABELS = {
    Outcome.PLANNED: "planned",
    Outcome.DONE: "done",
    Outcome.PARTLY: "partly done",
    Outcome.USED_EXIT: "used the exit (a brave attempt)",
    Outcome.POSTPONED: "postponed",
}


class LadderStep(EntryBase):
    """One rung of the exposure ladder: a social situation and how hard it feels (0–100)."""

    kind: Literal["step"] = "step"
    name: ShortText
    difficulty: Rating = 50
    position: float = 0.0
    archived: bool = False

    @field_validator("name")
    @classmethod
    def _named(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("describe the step in a few words")
        return value.strip()


class ExposureEntry(EntryBase):
    """One exposure attempt, from the plan to the reflection afterwards."""

    kind: Literal["exposure"] = "exposure"
    step: ShortText = ""
    step_id: EntryRef | None = None
    circle_id: EntryRef | None = Field(default=None, description="The circle of belonging the attempt happens in (optional).")
    situation: Text = ""
    small_step: Text = ""
    planned_for: date | None = Field(default=None, description="The day the attempt is planned for (None: the plan's own day).")
    predicted_discomfort: Rating = 50
    fear: Text = ""
    exit_strategy: Text = ""
    grounding: Text = ""
    outcome: Outcome = Outcome.PLANNED
    discomfort_before: Rating | None = None
    discomfort_peak: Rating | None = None
    discomfort_after: Rating | None = None
    feared_happened: Literal["yes", "partly", "no"] | None = Field(default=None, description="Did what you feared happen?")
    what_happened: Text = ""
    what_helped: Text = ""
    adjust_next_time: Text = ""
    reflected: datetime | None = Field(default=None, description="When the reflection was written.")

    @property
    def planned_day(self) -> date:
        """The day the attempt is planned for: `planned_for`, else the plan's own day."""
        return self.planned_for or self.day

    @property
    def awaiting_reflection(self) -> bool:
        """True while the plan has no outcome yet."""
        return self.outcome == Outcome.PLANNED
