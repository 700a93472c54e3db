"""What the browser lists, a page at a time: the catalog's pages, or a list already in memory.

The browser never holds more than a page. With the catalog, pages are read with SQL
(`catalog.pages.CatalogPages`); without it (the catalog cannot be used, or the trash) the same
questions are answered over a list of entries newest first (`ListPages`).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol


class Pages(Protocol):
    """A list of entries, newest first, read a window at a time."""

    def count(self) -> int:
        """How many entries the list holds."""
        ...

    def window(self, start: int, size: int) -> list[Any]:
        """The entries at places `start` to `start + size` (0 is the newest)."""
        ...

    def index_of_day(self, day: date) -> int | None:
        """The place of the newest entry on or before `day` (None: every entry is later)."""
        ...

    def index_of(self, entry_id: str) -> int | None:
        """The place of the entry `entry_id` (None: not in this list)."""
        ...


class ListPages:
    """`Pages` over a list of entries already in memory, newest first."""

    def __init__(self, entries: list[Any]) -> None:
        self.entries = entries

    def count(self) -> int:
        """How many entries the list holds."""
        return len(self.entries)

    def window(self, start: int, size: int) -> list[Any]:
        """The entries at places `start` to `start + size`."""
        return self.entries[max(0, start) : max(0, start) + size]

    def index_of_day(self, day: date) -> int | None:
        """The place of the newest entry on or before `day`."""
        return next((at for at, entry in enumerate(self.entries) if entry.day <= day), None)

    def index_of(self, entry_id: str) -> int | None:
        """The place of the entry `entry_id`."""
        return next((at for at, entry in enumerate(self.entries) if entry.id == entry_id), None)
