"""Fields every entry shares, the text rules, and the clock helpers."""

from __future__ import annotations

import re
import secrets
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from ritual_tui.clock import now, round_offset
from ritual_tui.text import NOT_WORDS, entry_title, first_line, text_fields_of  # noqa: F401 - re-exported
from ritual_tui.vocabulary import SCHEMA_VERSION

MAX_TEXT_CHARS = 100_000
"""The longest text one field accepts (about fifty pages); longer input gets a clear error."""

MAX_SHORT_CHARS = 2_000
"""The longest text of a short field (a strength's name, one gratitude item, a ladder step)."""


_ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
ID_PATTERN = r"^[0-9a-z]{6,32}$"


def normalize_newlines(text: str) -> str:
    """Turn CRLF and lone CR into LF, the only line ending ritual stores."""
    if "\r" in text:
        return text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _newlines_normalized(value: Any) -> Any:
    """`normalize_newlines` of every string in a value of any shape (lists and tables walked)."""
    if isinstance(value, str):
        return normalize_newlines(value)
    if isinstance(value, list):
        return [_newlines_normalized(item) for item in value]
    if isinstance(value, dict):
        return {key: _newlines_normalized(item) for key, item in value.items()}
    return value


EntryRef = Annotated[str, AfterValidator(normalize_newlines)]
"""The id of another entry an entry refers to, as a file holds it (no pattern: an old or hand-written
one stays readable), newlines normalised so it always reads back."""

Text = Annotated[str, AfterValidator(normalize_newlines), Field(max_length=MAX_TEXT_CHARS)]
"""Free text of any length up to MAX_TEXT_CHARS, newlines normalised."""

ShortText = Annotated[str, AfterValidator(normalize_newlines), Field(max_length=MAX_SHORT_CHARS)]
"""A short phrase: a strength, a gratitude item, a ladder step."""

Rating = Annotated[int, Field(ge=0, le=100)]
"""A discomfort or difficulty rating from 0 (none) to 100 (the most imaginable)."""


def new_id() -> str:
    """A random, stable entry id (10 characters, about 50 bits): never derived from the clock."""
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(10))




class EntryBase(BaseModel):
    """The fields every entry file carries, before the kind's own fields.

    Unknown fields (written by a newer ritual, or by hand) are kept and written back unchanged.
    Validation errors never include the text that failed (`hide_input_in_errors`).
    """

    model_config = ConfigDict(
        extra="allow",
        allow_inf_nan=False,
        hide_input_in_errors=True,
        populate_by_name=True,
        use_enum_values=True,
    )

    schema_version: int = Field(default=SCHEMA_VERSION, alias="schema", ge=1)
    id: str = Field(default_factory=new_id, pattern=ID_PATTERN)
    kind: str
    day: date
    created: datetime = Field(default_factory=now)
    updated: datetime = Field(default_factory=now)

    @model_validator(mode="after")
    def _unknown_fields_newlines(self) -> EntryBase:
        # CRLF and CR in a field ritual does not know become LF, as in every text (RELIABILITY rule
        # 10): the TOML writer cannot keep a CR in a multi-line string, so such an entry (an import,
        # a hand edit) could never be saved: "did not read back identically".
        extra = self.__pydantic_extra__
        if extra:
            for key, value in extra.items():
                extra[key] = _newlines_normalized(value)
        return self

    @field_validator("created", "updated")
    @classmethod
    def _aware_whole_minutes(cls, value: datetime) -> datetime:
        try:
            return round_offset(value)
        except (OverflowError, ValueError):  # a moment at 0001-01-01 or 9999-12-31 moved past the edge
            raise ValueError("is too close to year 1 or year 9999 to give it a time zone") from None

    def text_fields(self) -> dict[str, str]:
        """Every piece of user text in this entry, by field name (lists flattened with an index)."""
        return text_fields_of(self.model_dump(exclude_none=True))

    def searchable_text(self) -> str:
        """All of this entry's own text joined, for search."""
        return "\n".join(self.text_fields().values())

    def is_blank(self) -> bool:
        """True when the entry holds no words at all."""
        return not any(value.strip() for value in self.text_fields().values())

    def title(self) -> str:
        """A one-line summary for lists (each kind's rule is in `text.entry_title`)."""
        return entry_title(self.kind, self.__dict__)

    def to_document(self) -> dict[str, Any]:
        """The entry as a plain mapping in file order (common fields, own fields, then extras)."""
        return self.model_dump(by_alias=True, exclude_none=True, mode="python")


WEEK_PATTERN = re.compile(r"^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$")
