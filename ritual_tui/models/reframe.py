"""A hard moment, reframed: the facts, the story, the traps noticed, and a kinder way to see it."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from ritual_tui.models.common import EntryBase, Rating, Text
from ritual_tui.patterns import THINKING_TRAPS

Feedback = Literal["growth", "attack", "unclear"]
"""Was it criticism meant for growth, an attack, or unclear (see `patterns.FEEDBACK_KINDS`)."""


class ReframeEntry(EntryBase):
    """One hard moment looked at again. Only what happened is required; never due, never missed."""

    kind: Literal["reframe"] = "reframe"
    what_happened: Text
    """Just the facts."""
    story: Text = ""
    """The story I told myself about it."""
    traps: list[str] = Field(default_factory=list)
    """Thinking traps noticed, by their stored word (`patterns.THINKING_TRAPS`)."""
    other_explanations: Text = ""
    """What else could explain it: context, timing, fit, the other person's day."""
    outside_control: Text = ""
    """What was outside my control."""
    feedback: Feedback | None = None
    """Criticism meant for growth, an attack, or unclear."""
    to_a_friend: Text = ""
    """What I would say to a friend in the same place."""
    perspective_from: Text = ""
    """Who could give me perspective (not validation)."""
    next_step: Text = ""
    """One small next step."""
    intensity_before: Rating | None = None
    """How intense it felt before reframing, 0-100."""
    intensity_after: Rating | None = None
    """How intense it feels after, 0-100."""

    @field_validator("what_happened")
    @classmethod
    def _has_facts(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("write what happened, just the facts, in a few words")
        return value

    @field_validator("traps")
    @classmethod
    def _known_traps(cls, traps: list[str]) -> list[str]:
        unknown = [trap for trap in traps if trap not in THINKING_TRAPS]
        if unknown:
            raise ValueError(f"unknown thinking trap (expected any of {', '.join(THINKING_TRAPS)})")
        return list(dict.fromkeys(traps))
