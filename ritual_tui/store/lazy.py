"""Entries from the catalog, validated only when needed: the whole history loads without pydantic.

The catalog holds each entry's document exactly as the validated model dumped it, as JSON text,
beside the few fields lists and Today's rules need (kind, day, id, times, title, outcome, week,
seal, step). A `LazyEntry` keeps only those; its document is fetched and decoded on first use of
any other field (strings, numbers and lists are already what the model holds; dates and times are
parsed by name). Only a model method (`model_copy`, `to_document`, ...) builds the real model, once.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ritual_tui.vocabulary import PLANNED

if TYPE_CHECKING:
    from ritual_tui.models import EntryBase

_DATES = frozenset({"day", "sealed_until"})
_TIMES = frozenset({"created", "updated", "reflected"})
_OPTIONAL = frozenset({"step_id", "discomfort_before", "discomfort_peak", "discomfort_after", "reflected", "sealed_until"})
"""Fields that default to None: a dump leaves them out, so absent means None."""


class LazyEntry:
    """An indexed entry: fields read from its document, the pydantic model built on first method call."""

    __slots__ = ("kind", "day", "id", "created", "_updated", "_outcome", "_week", "_sealed_until", "_step_id",
                 "_title", "_fetch", "_decoded", "_model")

    def __init__(self, head: list[str], title: str, fetch: Callable[[], str | bytes]) -> None:
        """`head`: kind, day, id, created, updated, outcome, week, sealed_until, step_id ("" where a
        kind has none); `fetch()` gives the entry's JSON document when a field beyond them is read."""
        self.kind, day, self.id, created, self._updated, self._outcome, self._week, self._sealed_until, self._step_id = head
        self.day = date.fromisoformat(day)
        self.created = datetime.fromisoformat(created)
        self._title = title
        self._fetch = fetch
        self._decoded: dict[str, Any] | None = None
        self._model: EntryBase | None = None

    @property
    def _document(self) -> dict[str, Any]:
        if self._decoded is None:
            self._decoded = json.loads(self._fetch())
        return self._decoded

    def validated(self) -> EntryBase:
        """The real model (built once)."""
        if self._model is None:
            from ritual_tui.models import KINDS

            self._model = KINDS[self.kind].model_validate(self._document)
            self._decoded = None
        return self._model

    def title(self) -> str:
        """The one-line summary lists show (kept in the catalog; worked out here for a letter whose seal ended since)."""
        if not self._title and self.kind == "letter":
            from ritual_tui.text import entry_title

            return entry_title(self.kind, self._document)
        return self._title

    @property
    def step_id(self) -> str | None:
        """The ladder step an exposure record belongs to."""
        if self.kind != "exposure":
            return self.__getattr__("step_id")
        return self._step_id or None

    # The fields Today's rules read of every entry of a kind come from the head: no decoding.
    @property
    def updated(self) -> datetime:
        """When the entry was last saved."""
        return datetime.fromisoformat(self._updated)

    @property
    def outcome(self) -> str:
        """An exposure record's outcome."""
        return self._outcome if self.kind == "exposure" else self.__getattr__("outcome")

    @property
    def week(self) -> str:
        """A letter's ISO week."""
        return self._week if self.kind == "letter" else self.__getattr__("week")

    @property
    def sealed_until(self) -> date | None:
        """Until when a letter stays sealed."""
        if self.kind != "letter":
            return self.__getattr__("sealed_until")
        return date.fromisoformat(self._sealed_until) if self._sealed_until else None

    @property
    def awaiting_reflection(self) -> bool:
        """True while an exposure plan has no outcome yet."""
        return self._outcome == PLANNED

    def __getattr__(self, name: str) -> Any:
        if self._model is not None:
            return getattr(self._model, name)
        document = self._document
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
        return f"LazyEntry(kind={self.kind!r}, day={self.day!r}, id={self.id!r})"


def validated(entry: Any) -> EntryBase:
    """The real model of an entry that may be lazy."""
    return entry.validated() if isinstance(entry, LazyEntry) else entry
