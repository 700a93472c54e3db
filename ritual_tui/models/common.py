"""Fields every entry shares, the text rules, and the clock helpers."""

from __future__ import annotations

import re
import secrets
from datetime import date, datetime, timedelta, timezone
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

SCHEMA_VERSION = 1
"""The schema number this version of ritual writes. Files with a larger number are read-only."""

MAX_TEXT_CHARS = 100_000
"""The longest text one field accepts (about fifty pages); longer input gets a clear error."""

MAX_SHORT_CHARS = 2_000
"""The longest text of a short field (a strength's name, one gratitude item, a ladder step)."""

DEFAULT_DAY_START_HOUR = 4
"""The hour a new ritual day starts: writing at 01:30 counts for the day before."""

_ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
ID_PATTERN = r"^[0-9a-z]{6,32}$"


def normalize_newlines(text: str) -> str:
    """Turn CRLF and lone CR into LF, the only line ending ritual stores."""
    if "\r" in text:
        return text.replace("\r\n", "\n").replace("\r", "\n")
    return text


Text = Annotated[str, AfterValidator(normalize_newlines), Field(max_length=MAX_TEXT_CHARS)]
"""Free text of any length up to MAX_TEXT_CHARS, newlines normalised."""

ShortText = Annotated[str, AfterValidator(normalize_newlines), Field(max_length=MAX_SHORT_CHARS)]
"""A short phrase: a strength, a gratitude item, a ladder step."""

Rating = Annotated[int, Field(ge=0, le=100)]
"""A discomfort or difficulty rating from 0 (none) to 100 (the most imaginable)."""


def new_id() -> str:
    """A random, stable entry id (10 characters, about 50 bits): never derived from the clock."""
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(10))


def round_offset(moment: datetime) -> datetime:
    """Make `moment` aware with its UTC offset rounded to whole minutes (TOML cannot hold seconds)."""
    if moment.tzinfo is None:
        moment = moment.astimezone()
    offset = moment.utcoffset() or timedelta(0)
    if not moment.microsecond and not offset.seconds % 60 and not offset.microseconds:
        return moment  # the common case: already whole minutes
    minutes = round(offset.total_seconds() / 60)
    if offset.total_seconds() == minutes * 60 and offset.microseconds == 0:
        return moment.replace(microsecond=0) if moment.microsecond else moment
    fixed = timezone(timedelta(minutes=minutes))
    return moment.astimezone(fixed).replace(microsecond=0)


def now() -> datetime:
    """The current local time, aware, to the second, with a whole-minute offset."""
    return round_offset(datetime.now().astimezone().replace(microsecond=0))


def ritual_day(moment: datetime, day_start_hour: int = DEFAULT_DAY_START_HOUR) -> date:
    """The ritual day `moment` belongs to: before `day_start_hour` it still counts as yesterday."""
    return (moment.replace(tzinfo=None) - timedelta(hours=day_start_hour)).date()


def iso_week(day: date) -> str:
    """The ISO week of `day` written as `YYYY-Www`."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


class EntryBase(BaseModel):
    """The fields every entry file carries, before the kind's own fields.

    Unknown fields (written by a newer ritual, or by hand) are kept and written back unchanged.
    Validation errors never include the text that failed (`hide_input_in_errors`).
    """

    model_config = ConfigDict(
        extra="allow",
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

    @field_validator("created", "updated")
    @classmethod
    def _aware_whole_minutes(cls, value: datetime) -> datetime:
        return round_offset(value)

    def text_fields(self) -> dict[str, str]:
        """Every piece of user text in this entry, by field name (lists flattened with an index)."""
        found: dict[str, str] = {}
        for name, value in self.model_dump(exclude_none=True).items():
            if isinstance(value, str) and name not in {"id", "kind"}:
                found[name] = value
            elif isinstance(value, list):
                for index, item in enumerate(value):
                    if isinstance(item, str):
                        found[f"{name}[{index}]"] = item
        return found

    def searchable_text(self) -> str:
        """All of this entry's own text joined, for search."""
        return "\n".join(self.text_fields().values())

    def is_blank(self) -> bool:
        """True when the entry holds no words at all."""
        return not any(value.strip() for value in self.text_fields().values())

    def title(self) -> str:
        """A one-line summary for lists: the first non-empty line of the entry's main text."""
        for value in self.text_fields().values():
            if line := first_line(value):
                return line
        return ""

    def to_document(self) -> dict[str, Any]:
        """The entry as a plain mapping in file order (common fields, own fields, then extras)."""
        return self.model_dump(by_alias=True, exclude_none=True, mode="python")


def first_line(text: str) -> str:
    """The first non-blank line of `text`, stripped."""
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


WEEK_PATTERN = re.compile(r"^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$")
