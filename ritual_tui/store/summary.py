"""One shape of an entry for every list, rule and search: `EntrySummary`.

Today's rules, `ritual due`, the browser's pages, the calendar and search all read entries through
this one class; the pydantic model is built only for the entry being opened, edited or rendered
(`validated`). A summary comes from one of two places:

- **a catalog row** (`of_row`): the few fields lists and Today's rules read (kind, day, id, times,
  outcome, week, seal, step) and the display title are columns; every other field comes from the
  entry's JSON document, fetched and decoded on first use. That document is what the validated
  model dumped, so its values are already the model's (dates and times are parsed by name);
- **a file found by name** (`of_file`), for the first frame before any catalog is open: only the
  kind and day are known; the TOML file is parsed on first use and each value read is checked,
  so an odd or broken file answers harmless defaults (the full scan reports it).

Nothing here imports pydantic or Textual.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timezone
from pathlib import Path

from ritual_tui.vocabulary import PLANNED

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any
    from ritual_tui.models import EntryBase

_DATES = frozenset({"day", "sealed_until", "planned_for"})
_TIMES = frozenset({"created", "updated", "reflected"})
_OPTIONAL = frozenset({"step_id", "planned_for", "discomfort_before", "discomfort_peak", "discomfort_after", "reflected", "sealed_until"})
"""Fields that default to None: a dump leaves them out, so absent means None."""

_UNREADABLE_TIME = datetime(1970, 1, 1, tzinfo=timezone.utc)
_FILE_FIELDS: dict[str, tuple[type | tuple[type, ...], Any]] = {
    # What Today's rules read of a file found by name: the type a good file holds, and what an
    # unreadable or odd file answers instead.
    "id": (str, ""),
    "created": (datetime, _UNREADABLE_TIME),
    "updated": (datetime, _UNREADABLE_TIME),
    "items": (list, []),
    "strength": (str, ""),
    "use_today": (str, ""),
    "outcome": (str, "unreadable"),
    "sealed_until": ((date, type(None)), date.max),  # a seal that cannot be read keeps the letter closed
    "week": (str, ""),
    "step_id": ((str, type(None)), None),
    "planned_for": ((date, type(None)), None),
}
_FILE_DEFAULTS = {"outcome": PLANNED, "use_today": "", "sealed_until": None, "step_id": None, "planned_for": None}

_HEAD = ("id", "created", "updated", "outcome", "week", "sealed_until", "step_id")
"""The catalog's columns a summary keeps, after kind and day (see `of_row`)."""


class EntrySummary:
    """An entry as lists, Today's rules and search see it: kind, day and the head fields at hand,
    the rest of its document read on first use, the pydantic model built only when asked."""

    __slots__ = ("kind", "day", "path", "_head", "_title", "_fetch", "_from_file", "_decoded", "_model")

    def __init__(self, kind: str, day: date, fetch: Callable[[], Any], *, head: dict[str, str] | None = None,
                 title: str = "", path: Path | None = None, from_file: bool = False) -> None:
        """Use `of_row` or `of_file`."""
        self.kind, self.day, self.path = kind, day, path
        self._head, self._title, self._fetch, self._from_file = head, title, fetch, from_file
        self._decoded: dict[str, Any] | None = None
        self._model: EntryBase | None = None

    @classmethod
    def of_row(cls, values: list[str], title: str, fetch_json: Callable[[], str | bytes]) -> EntrySummary:
        """From a catalog row: `values` are kind, day, then the `_HEAD` columns ("" where a kind has
        none); `fetch_json()` gives the entry's JSON document."""
        kind, day, *rest = values
        return cls(kind, date.fromisoformat(day), fetch_json, head=dict(zip(_HEAD, rest)), title=title)

    @classmethod
    def of_file(cls, path: Path, kind: str, day: date) -> EntrySummary:
        """From a file known by its kind and day (its name); the file is read on first use."""
        return cls(kind, day, lambda: _read_toml(path, kind), path=path, from_file=True)

    @property
    def document(self) -> dict[str, Any]:
        """The entry's document (for a file that cannot be read or is not this kind's entry: {})."""
        if self._decoded is None:
            fetched = self._fetch()
            if not isinstance(fetched, dict):
                import json  # here: `ritual due` and Today's first frame read files, never a row's JSON

                fetched = json.loads(fetched)
            self._decoded = fetched
        return self._decoded

    def validated(self) -> EntryBase:
        """The real model (built once)."""
        if self._model is None:
            from ritual_tui.models import KINDS

            self._model = KINDS[self.kind].model_validate(self.document)
            self._decoded = None
        return self._model

    def title(self) -> str:
        """The one-line summary lists show (the catalog's, or worked out from the document: a file
        found by name, or a letter whose seal ended since its row was written)."""
        if self._title or (self._head is not None and self.kind != "letter"):
            return self._title
        from ritual_tui.text import entry_title

        return entry_title(self.kind, self.document)

    @property
    def id(self) -> str:
        """The entry's id."""
        return self._head["id"] if self._head is not None else self._field("id")

    @property
    def created(self) -> datetime:
        """When the entry was first saved."""
        return datetime.fromisoformat(self._head["created"]) if self._head is not None else self._field("created")

    @property
    def updated(self) -> datetime:
        """When the entry was last saved."""
        return datetime.fromisoformat(self._head["updated"]) if self._head is not None else self._field("updated")

    @property
    def outcome(self) -> str:
        """An exposure record's outcome."""
        return self._head["outcome"] if self._head is not None and self.kind == "exposure" else self._field("outcome")

    @property
    def week(self) -> str:
        """A letter's ISO week."""
        return self._head["week"] if self._head is not None and self.kind == "letter" else self._field("week")

    @property
    def sealed_until(self) -> date | None:
        """Until when a letter stays sealed."""
        if self._head is not None and self.kind == "letter":
            return date.fromisoformat(self._head["sealed_until"]) if self._head["sealed_until"] else None
        return self._field("sealed_until")

    @property
    def step_id(self) -> str | None:
        """The ladder step an exposure record belongs to."""
        if self._head is not None and self.kind == "exposure":
            return self._head["step_id"] or None
        return self._field("step_id")

    @property
    def awaiting_reflection(self) -> bool:
        """True while an exposure plan has no outcome yet."""
        return self.outcome == PLANNED

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return self._field(name)

    def _field(self, name: str) -> Any:
        if self._model is not None:
            return getattr(self._model, name)
        if self._from_file:
            return _checked(self.document, name)
        document = self.document
        if name in document:
            value = document[name]
            if value is not None and name in _DATES:
                return date.fromisoformat(value)
            if value is not None and name in _TIMES:
                return datetime.fromisoformat(value)
            return value
        if name in _OPTIONAL:
            return None
        return getattr(self.validated(), name)

    def __repr__(self) -> str:
        return f"EntrySummary(kind={self.kind!r}, day={self.day!r})"


def validated(entry: Any) -> EntryBase:
    """The real model of an entry that may be a summary."""
    return entry.validated() if isinstance(entry, EntrySummary) else entry


def _read_toml(path: Path, kind: str) -> dict[str, Any]:
    import tomli

    try:
        document = tomli.loads(path.read_text("utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomli.TOMLDecodeError, RecursionError):
        return {}
    return document if document.get("kind") == kind else {}


def _checked(document: dict[str, Any], name: str) -> Any:
    """A field of a file found by name, or its harmless default when the file holds anything odd."""
    if name not in _FILE_FIELDS:
        raise AttributeError(name)
    expected, unreadable = _FILE_FIELDS[name]
    value = document.get(name, _FILE_DEFAULTS.get(name, unreadable)) if document else unreadable
    if name in _DATES and isinstance(value, datetime | str):
        value = _day_of(value)
    if not isinstance(value, expected) or (name in _DATES and isinstance(value, datetime)):
        return unreadable
    if isinstance(value, datetime):
        from ritual_tui.clock import round_offset

        try:
            return round_offset(value)
        except OverflowError:  # a moment at the calendar's edge (year 1 or 9999)
            return unreadable
    if name == "items" and not all(isinstance(item, str) for item in value):
        return unreadable
    return value


def _day_of(value: datetime | str) -> Any:
    """A date field's datetime at midnight or ISO date text as the model reads it (its day); any
    other value as it is. A datetime is also a date: compared with a day, it raised TypeError."""
    if isinstance(value, str):
        try:
            return date.fromisoformat(value) if len(value) == 10 else value
        except ValueError:
            return value
    return value.date() if (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0) else value
