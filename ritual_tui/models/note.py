"""A note: a free page for what does not fit a ritual (written in the app, or brought from jrnl or Day One)."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator

from ritual_tui.models.common import EntryBase, ShortText, Text

MAX_TAGS = 50
"""A note carries at most this many tags."""

_TAG_MARKS = re.compile(r"^[\s@#]+")
"""What a tag starts with that is not its word: jrnl's `@`, a `#`, and spaces around them."""


class NoteEntry(EntryBase):
    """A free page: an optional title, the body, and tags."""

    kind: Literal["note"] = "note"
    note_title: ShortText = Field(default="", alias="title")
    """A heading of a few words, `title` in files (may be empty: lists then show the body's first
    line). Named apart in Python because every entry has a `title()` method."""
    body: Text = ""
    """The page itself."""
    tags: list[ShortText] = Field(default_factory=list)
    """Words to find the note by, without a leading @ or #."""

    @field_validator("tags")
    @classmethod
    def _clean_tags(cls, tags: list[str]) -> list[str]:
        kept: list[str] = []
        for tag in tags:
            word = " ".join(_TAG_MARKS.sub("", tag).split())  # "# trip" and "@ #home" alike: once clean, clean again unchanged
            if word and word not in kept:
                kept.append(word)
        if len(kept) > MAX_TAGS:
            raise ValueError(f"keep to {MAX_TAGS} tags or fewer")
        return kept
