"""`ritual list` and `ritual export --format json` straight from the catalog: SQL and FTS5, no pydantic.

The catalog is first brought in step with the files (one walk; changed files parsed), so an
answer is never older than the files. When the catalog cannot be used at all, the callers read
every file instead (`commands._scan`): slower, the same answer.
"""

from __future__ import annotations

import sqlite3
from datetime import date

from ritual_tui.catalog import WORDS_MATCH, Catalog, CatalogError, match_text
from ritual_tui.list_lines import LIST_LINE_SQL
from ritual_tui.paths import Locations
from ritual_tui.sealing import SEALED_NOTE_SQL

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import TypeVar

    from ritual_tui.catalog.catalog import Reconciled

    Answer = TypeVar("Answer")


class Listed:
    """The rows (or lines) a listing chose, and how many files need a look (problems, copies)."""

    __slots__ = ("rows", "need_a_look", "unreadable")

    def __init__(self, rows: list, need_a_look: int = 0, unreadable: int = 0) -> None:
        self.rows = rows
        self.need_a_look = need_a_look
        self.unreadable = unreadable


def catalog_for(locations: Locations) -> Catalog:
    """The catalog of this data folder (opened on first use)."""
    return Catalog(locations.catalog_file, locations.entries_dir)


def listed(locations: Locations, today: date, *, kind: str | None = None, since: date | None = None,
           until: date | None = None, search: str | None = None, newest_first: bool = True,
           columns: str = "path, id, kind, day, title, sealed_until") -> Listed:
    """Entries matching the filters, one per id; every word of `search` must begin a word of the
    entry (a letter sealed on `today` is never found). Raises CatalogError."""
    catalog = catalog_for(locations)
    found = catalog.reconcile(today)
    where, parameters = _filters(today, kind, since, until, search)
    rows = catalog.rows(where, parameters, _order(newest_first), columns=columns).fetchall()
    result = Listed(rows=rows, unreadable=len(found.problems), need_a_look=len(found.problems) + catalog.copies())
    catalog.close()
    return result


def list_lines(locations: Locations, today: date, *, kind: str | None = None, since: date | None = None,
               until: date | None = None, search: str | None = None) -> Listed:
    """`listed`, as the lines `ritual list` prints (newest first, UTF-8 bytes: SQLite's own, with no
    round trip through str), read from one covering index. Raises CatalogError, also when the
    query fails (the catalog is then rebuilt next time)."""
    catalog = catalog_for(locations)
    where, parameters, match = _conditions(today, kind, since, until, search)
    # A search reads its matches newest first and finds each row by its number: at sixty years
    # about a tenth less work for SQLite than `n IN (the matches)` (`WORDS_MATCH`).
    if match is None:
        rows, number, arguments = "files INDEXED BY files_list_lines", "n", (today.isoformat(), *parameters)
    else:
        rows = "(SELECT rowid AS m FROM words WHERE words MATCH ?) JOIN files INDEXED BY files_list_lines ON n = m"
        number, arguments = "m", (today.isoformat(), match, *parameters)

    def read(db: sqlite3.Connection) -> list[bytes]:
        order = f"{number} DESC" if in_row_order(db) else _order(newest_first=True)
        sql = f"SELECT CAST({LIST_LINE_SQL} AS BLOB) FROM {rows} WHERE {where} ORDER BY {order}"
        return [line for (line,) in db.execute(sql, arguments)]

    try:
        lines, found = read_beside_reconcile(catalog, today, read)
        copies = catalog.copies()
    except sqlite3.Error:
        catalog.discard()
        raise CatalogError("the catalog cannot be used (its list lines)") from None
    finally:
        catalog.close()
    return Listed(rows=lines, unreadable=len(found.problems), need_a_look=len(found.problems) + copies)


def read_beside_reconcile(catalog: Catalog, today: date,
                          read: Callable[[sqlite3.Connection], Answer]) -> tuple[Answer, Reconciled]:
    """`read(connection)`'s answer as of after `catalog.reconcile(today)`, and the reconcile's outcome.

    The read is done first, while a command's `find` looks for changed files on another core (see
    `changes.look_ahead`), and kept only if the catalog is unchanged once the reconcile is done:
    no row written by this connection (`total_changes`) and no commit by another (`PRAGMA
    data_version`). Otherwise it is read again. Raises CatalogError, and sqlite3.Error from the
    read after the reconcile."""
    db = catalog.connection()
    try:
        before = _state(db)
        early = read(db)
    except sqlite3.Error:  # a damaged catalog: the reconcile rebuilds it
        before = early = None
    found = catalog.reconcile(today)
    now = catalog.connection()
    if before is not None and now is db and _state(now) == before:
        return early, found
    return read(now), found


def _state(db: sqlite3.Connection) -> tuple[int, int]:
    """What moves whenever the catalog changes: `data_version` at another connection's commit,
    `total_changes` at each row this one writes."""
    return db.execute("PRAGMA data_version").fetchone()[0], db.total_changes


def _filters(today: date, kind: str | None, since: date | None, until: date | None, search: str | None) -> tuple[str, tuple]:
    """The SQL condition and its parameters that choose the listed entries matching the filters."""
    where, parameters, match = _conditions(today, kind, since, until, search)
    if match is None:
        return where, parameters
    return f"{where} AND {WORDS_MATCH}", (*parameters, match)


def _conditions(today: date, kind: str | None, since: date | None, until: date | None,
                search: str | None) -> tuple[str, tuple, str | None]:
    """`_filters` but the search's own match: the condition on the files' columns, its parameters,
    and the FTS5 query the words must match (None: no search)."""
    conditions, parameters = ["listed = 1"], []  # no problem files, conflict copies or second files of an id
    if kind:
        conditions.append("kind = ?")
        parameters.append(kind)
    if since:
        conditions.append("day >= ?")
        parameters.append(since.isoformat())
    if until:
        conditions.append("day <= ?")
        parameters.append(until.isoformat())
    match = None
    if search and search.split():
        # A letter opened once keeps its words in the search table: sealed again on an earlier
        # day (a clock set back), a search must not find it.
        conditions.append(f"{SEALED_NOTE_SQL} IS NULL")
        parameters.append(today.isoformat())
        match = match_text(search)
    return " AND ".join(conditions), tuple(parameters), match


def in_row_order(db: sqlite3.Connection) -> bool:
    """True when the listed rows' numbers are in list order (`schema.order_key`), so a list newest
    first reads them backwards, with no sort."""
    return db.execute("SELECT NOT EXISTS (SELECT 1 FROM disorder)").fetchone()[0] == 1


def _order(newest_first: bool) -> str:
    return "day DESC, ts DESC, id" if newest_first else "day, ts, id"  # as the files are sorted, to the id
