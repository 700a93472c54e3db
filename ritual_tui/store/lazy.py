"""Entries from the index, validated only when needed: the whole history loads without pydantic.

The index holds each entry's document exactly as the validated model dumped it, as JSON text,
beside the few fields lists need (kind, day, id, creation time, title). A `LazyEntry` decodes
that text on first use of any other field and reads fields straight from it: strings, numbers
and lists are already what the model holds, and dates and times are parsed by name. Only a
model method (`model_copy`, `to_document`, ...) builds the real model, once.
"""

from __future__ import annotations

import json
from datetime import date, datetime
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

    __slots__ = ("kind", "day", "id", "created", "_updated", "_outcome", "_week", "_sealed_until", "_title", "_blob",
                 "_at", "_decoded", "_model")

    def __init__(self, head: list[str], title: str, blob: bytes, at: list[int]) -> None:
        """`head`: kind, day, id, created, updated, outcome, week, sealed_until ("" where a kind has none);
        the document is `blob[at[0]:at[1]]` (JSON), shared with the other entries of its index chunk."""
        self.kind, day, self.id, created, self._updated, self._outcome, self._week, self._sealed_until = head
        self.day = date.fromisoformat(day)
        self.created = datetime.fromisoformat(created)
        self._title = title
        self._blob, self._at = blob, at
        self._decoded: dict[str, Any] | None = None
        self._model: EntryBase | None = None

    @property
    def _document(self) -> dict[str, Any]:
        if self._decoded is None:
            start, end, _ = self._at
            self._decoded = json.loads(self._blob[start:end])
        return self._decoded

    def validated(self) -> EntryBase:
        """The real model (built once)."""
        if self._model is None:
            from ritual_tui.models import KINDS

            self._model = KINDS[self.kind].model_validate(self._document)
            self._decoded = None
        return self._model

    def title(self) -> str:
        """The one-line summary lists show (kept in the index)."""
        return self._title

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
