"""The browser's list, read from the catalog a page at a time: memory does not grow with history.

Row numbers are the list order (see `schema.order_key`), so a page is a range of numbers in the
table's partial index or in the search table, a count is one index walk in C, and the place of a
day is a count of the rows above its first number (or, for an old day, the count below it taken
from the whole). Nothing here holds more than one page.

Each answer leaves a mark: the place where the rows below some number begin. A page near a mark
is read from that number on, so a page after a jump, or the next page of the arrows, costs its own
rows and not a walk over every row above it.
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from typing import TYPE_CHECKING

from ritual_tui.catalog.schema import day_key
from ritual_tui.catalog.words import match_text

if TYPE_CHECKING:
    from ritual_tui.catalog.catalog import Catalog
    from ritual_tui.store.summary import EntrySummary


class CatalogPages:
    """The listed entries of a catalog, newest first, optionally of one kind and holding every word of a query."""

    def __init__(self, catalog: Catalog, kind: str | None = None, query: str = "") -> None:
        self.catalog = catalog
        words = query.split()
        if words:
            match = match_text(query)
            if kind:
                match = f'kind : "{kind}" AND {match}'
            self._numbers = "SELECT rowid AS n FROM words WHERE words MATCH ?"
            self._parameters: tuple = (match,)
            self._order = "rowid"
        elif kind:
            self._numbers = "SELECT n FROM files INDEXED BY files_listed_kind WHERE listed = 1 AND kind = ?"
            self._parameters = (kind,)
            self._order = "n"
        else:
            self._numbers = "SELECT n FROM files INDEXED BY files_listed WHERE listed = 1"
            self._parameters = ()
            self._order = "n"
        self._count: int | None = None
        self._mark: tuple[int, int] | None = None
        """(place, number): the rows numbered below `number` begin at `place` in the list."""
        self._span: tuple[int, int] | None = None
        """The lowest and highest row numbers of the whole table (where a day falls, roughly)."""

    def _db(self) -> sqlite3.Connection:
        return self.catalog.connection()

    def _numbers_where(self, condition: str, order: str, limit: int, offset: int, value: int) -> list[int]:
        """Row numbers of the list that meet `condition` (on the order column, against `value`), in `order`."""
        sql = f"{self._numbers} AND {self._order} {condition} ? ORDER BY {self._order} {order} LIMIT ? OFFSET ?"
        return [n for (n,) in self._db().execute(sql, (*self._parameters, value, limit, offset))]

    def count(self) -> int:
        """How many entries the list holds."""
        if self._count is None:
            sql = f"SELECT count(*) FROM ({self._numbers})"
            self._count = self._db().execute(sql, self._parameters).fetchone()[0]
        return self._count

    def window(self, start: int, size: int) -> list[EntrySummary]:
        """The entries at places `start` to `start + size` (0 is the newest)."""
        start = max(0, start)
        if size <= 0:
            return []
        if self._mark is not None and abs(start - self._mark[0]) < start:
            place, number = self._mark  # nearer the mark than the top: read from the mark's number
            if start >= place:
                numbers = self._numbers_where("<", "DESC", size, start - place, number)
            else:
                above = min(size, place - start)  # the rows just above the mark, nearest first
                numbers = self._numbers_where(">=", "ASC", above, place - start - above, number)[::-1]
                if len(numbers) == place - start:
                    numbers += self._numbers_where("<", "DESC", size - len(numbers), 0, number)
        else:
            sql = f"{self._numbers} ORDER BY {self._order} DESC LIMIT ? OFFSET ?"
            numbers = [n for (n,) in self._db().execute(sql, (*self._parameters, size, start))]
        if numbers:
            self._mark = (start + len(numbers), numbers[-1])
        return self.catalog.summaries(numbers)

    def index_of_day(self, day: date) -> int | None:
        """The place of the newest entry on or before `day` (None: every entry is later)."""
        if day == date.max:
            return 0 if self.count() else None
        key = day_key(day + timedelta(days=1))
        if self._span is None:
            # Two subqueries: each is one step at an end of the table (min and max together scan it).
            self._span = self._db().execute("SELECT (SELECT min(n) FROM files), (SELECT max(n) FROM files)").fetchone()
        low, high = self._span
        if low is not None and key - low < high - key:  # an old day: fewer rows below it than above
            sql = f"SELECT count(*) FROM ({self._numbers} AND {self._order} < ?)"
            above = self.count() - self._db().execute(sql, (*self._parameters, key)).fetchone()[0]
        else:
            sql = f"SELECT count(*) FROM ({self._numbers} AND {self._order} >= ?)"
            above = self._db().execute(sql, (*self._parameters, key)).fetchone()[0]
        self._mark = (above, key)
        return above if above < self.count() else None

    def index_of(self, entry_id: str) -> int | None:
        """The place of the entry `entry_id` (None: not in this list)."""
        row = self._db().execute("SELECT n FROM files WHERE id = ? AND listed = 1", (entry_id,)).fetchone()
        if row is None:
            return None
        sql = f"SELECT count(*), max(n = ?) FROM ({self._numbers} AND {self._order} >= ?)"
        above, found = self._db().execute(sql, (row[0], *self._parameters, row[0])).fetchone()
        return above - 1 if found else None
