"""Rows going into an empty catalog in bulk (a build from nothing), numbered as one at a time would be.

See `catalog.build`: the app's rows and a helper's blocks go in as they come, and `NewRows.finish`
gives every row the number `rows.insert_row` would with every row inserted alone in the walk's
order.
"""

from __future__ import annotations

import sqlite3

from ritual_tui.catalog.rows import listed_at_first, note_opened
from ritual_tui.catalog.schema import order_key


def insert_new_rows(db: sqlite3.Connection, rows: list[dict]) -> None:
    """`rows.insert_row` of every row in turn, into an empty table, in a few statements (see `NewRows`)."""
    numbers = NewRows()
    numbers.add(db, rows)
    numbers.finish(db, rows)


class NewRows:
    """Rows going into an empty table, a batch at a time and in any order (a helper's blocks come
    from the last file back), then `finish`ed once every row is in.

    A row goes in at once, at the number `rows.insert_row` would find for it now (the next free one
    from its `order_key`). `finish` then numbers every row as `insert_row` would with every row
    inserted alone in the walk's order, moves the few whose number differs (two rows of one
    number that went in out of that order, or a file that is not an entry, which takes one past
    the highest), and puts the words in, in row order (FTS5 writes out its pending terms whenever
    a row number is lower than the last).
    """

    def __init__(self) -> None:
        self.used: set[int] = set()
        self.top = 0
        self._keys: dict[int, int | None] = {}
        """Each row's `order_key` (None: not an entry), by the row's id()."""
        self._words: list[tuple[dict, str]] = []
        self._seal = ""

    def add(self, db: sqlite3.Connection, rows: list[dict]) -> None:
        """Insert `rows` (their words wait for `finish`)."""
        for row in rows:
            text = row.pop("words", "")
            if row.get("id") is not None:
                if "listed" not in row:
                    number_ahead(row)
                n = key = row["n"]
                while n in self.used:
                    n += 1
                if row.get("open") and row["listed"] and text:
                    self._words.append((row, text))
            else:
                key = None
                n = self.top + 1  # the number SQLite gives a row without one: one past the highest
            self._keys[id(row)] = key
            row["n"] = n
            self.used.add(n)
            if n > self.top:
                self.top = n
            if row.get("open") and row.get("sealed_until", "") > self._seal:
                self._seal = row["sealed_until"]
        _insert_files(db, rows)

    def finish(self, db: sqlite3.Connection, rows: list[dict]) -> None:
        """Number `rows`, every row added, in the walk's order (as `insert_row` one at a time), then
        insert the words."""
        used: set[int] = set()
        top = 0
        moved: list[tuple[dict, int]] = []
        for row in rows:
            n = self._keys[id(row)]
            if n is None:
                n = top + 1
            else:
                while n in used:
                    n += 1
            used.add(n)
            if n > top:
                top = n
            if n != row["n"]:
                moved.append((row, n))
        if moved:  # all out first: each row that stays holds its own number, never one of theirs
            db.executemany("DELETE FROM files WHERE n = ?", [(row["n"],) for row, _ in moved])
            for row, n in moved:
                row["n"] = n
            _insert_files(db, [row for row, _ in moved])
        db.executemany("INSERT INTO words (rowid, kind, text) VALUES (?, ?, ?)",
                       sorted((row["n"], row["kind"], text) for row, text in self._words))
        note_opened(db, self._seal)


def number_ahead(row: dict) -> None:
    """What `NewRows.add` works out of an entry's row before it numbers it: whether it is listed at
    first, and its `order_key` (in "n" until it is numbered). A build's helper process works it
    out for the rows it sends, so this process need not."""
    if row.get("id") is not None:
        row["listed"] = listed_at_first(row["path"])
        row["n"] = order_key(row["day"], row["ts"], row["id"])


def _insert_files(db: sqlite3.Connection, rows: list[dict]) -> None:
    """`rows` (numbered) into the files table: one statement for each set of columns, in row order."""
    by_columns: dict[tuple[str, ...], list[dict]] = {}
    for row in rows:
        by_columns.setdefault(tuple(row), []).append(row)
    for columns, alike in by_columns.items():
        alike.sort(key=lambda row: row["n"])  # appended at the end of the table's tree, where they can be
        db.executemany(f"INSERT INTO files ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                       [tuple(row.values()) for row in alike])


def as_committed(db: sqlite3.Connection, rows: list[dict]) -> list[dict]:
    """The rows a build from nothing inserted (`NewRows`), made what the catalog holds at the end of
    the build's transaction (call it just before the commit): `mark_listed` and `open_letters`
    change only the listing, the titles and `open` of a few rows after they went in, and those
    few are read back here."""
    later = {n: rest for n, *rest in db.execute(
        "SELECT n, listed, open, title, list_line FROM files WHERE n IN "
        "(SELECT n FROM files WHERE listed = 0 UNION SELECT n FROM files WHERE open = 0)")}
    for row in rows:
        found = later.get(row["n"])
        if found is None:
            row["listed"] = row["open"] = 1
        else:
            row["listed"], row["open"], row["title"], row["list_line"] = found
    return rows
