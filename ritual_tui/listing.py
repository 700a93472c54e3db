"""`ritual list` and `ritual export --format json` straight from the catalog: SQL and FTS5, no pydantic.

The catalog is first brought in step with the files (one walk; changed files parsed), so an
answer is never older than the files. When the catalog cannot be used at all, the callers read
every file instead (`commands._scan`): slower, the same answer.
"""

from __future__ import annotations

import sqlite3
from datetime import date

from ritual_tui.catalog import WORDS_MATCH, Catalog, match_text
from ritual_tui.paths import Locations
from ritual_tui.sealing import opens_on, sealed_note
from ritual_tui.text import one_line


class Listed:
    """The rows a listing chose, newest first, and how many files need a look (problems, copies)."""

    __slots__ = ("rows", "need_a_look", "unreadable")

    def __init__(self, rows: list[sqlite3.Row], need_a_look: int = 0, unreadable: int = 0) -> None:
        self.rows = rows
        self.need_a_look = need_a_look
        self.unreadable = unreadable


def catalog_for(locations: Locations) -> Catalog:
    """The catalog of this data folder (opened on first use)."""
    return Catalog(locations.catalog_file, locations.entries_dir)


LIST_COLUMNS = "path, id, kind, day, title, sealed_until"
"""What a line of `ritual list` needs of a row."""


def listed(locations: Locations, today: date, *, kind: str | None = None, since: date | None = None,
           until: date | None = None, search: str | None = None, newest_first: bool = True,
           columns: str = LIST_COLUMNS) -> Listed:
    """Entries matching the filters, one per id; every word of `search` must begin a word of the
    entry (a sealed letter's words are never in the search table). Raises CatalogError."""
    catalog = catalog_for(locations)
    found = catalog.reconcile(today)
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
    if search and search.split():
        conditions.append(WORDS_MATCH)
        parameters.append(match_text(search))
    order = "day DESC, ts DESC, id" if newest_first else "day, ts, id"  # as the files are sorted, to the id
    rows = catalog.rows(" AND ".join(conditions), tuple(parameters), order, columns=columns).fetchall()
    result = Listed(rows=rows, unreadable=len(found.problems), need_a_look=len(found.problems) + catalog.copies())
    catalog.close()
    return result


def list_line(row: sqlite3.Row, today: date) -> str:
    """One line of `ritual list`: day, kind, id and title (or the sealed note)."""
    opens = opens_on(row["kind"], row["sealed_until"], today)
    title = sealed_note(opens) if opens else one_line(row["title"], 60)
    return f"{row['day']}  {row['kind']:<9}  {row['id']}  {title}"
