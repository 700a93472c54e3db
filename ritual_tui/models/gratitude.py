"""The gratitude practice: a few specific things, each with the prompt it answered."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from ritual_tui.models.common import EntryBase, ShortText


class GratitudeEntry(EntryBase):
    """A short list of specific things the user is grateful for today.

    `prompts[i]` is the question `items[i]` answered (prompts rotate day by day and can be changed
    in config.toml, so the entry keeps its own). Files written before prompts were stored have none:
    they still load, and the screen falls back to the prompts of the entry's day.
    """

    kind: Literal["gratitude"] = "gratitude"
    items: list[ShortText] = Field(min_length=1)
    prompts: list[ShortText] | None = Field(default=None, description="The question each item answered, in order.")

    @field_validator("items")
    @classmethod
    def _one_item_written(cls, items: list[str]) -> list[str]:
        if not any(item.strip() for item in items):
            raise ValueError("write at least one thing you are grateful for")
        return items

    @model_validator(mode="after")
    def _drop_blank_items(self) -> GratitudeEntry:
        """Blank items go, and their prompts with them."""
        prompts = self.prompts
        kept = [index for index, item in enumerate(self.items) if item.strip()]
        self.items = [self.items[index].strip() for index in kept]
        if prompts is not None:
            self.prompts = [prompts[index] if index < len(prompts) else "" for index in kept]
        return self

    def prompt_for(self, index: int) -> str | None:
        """The prompt item `index` answered, or None when the file did not keep it."""
        if self.prompts is None or index >= len(self.prompts) or not self.prompts[index].strip():
            return None
        return self.prompts[index]
