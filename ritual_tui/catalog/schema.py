"""The catalog's tables, and what wrote them: a catalog of another schema is rebuilt."""

from __future__ import annotations

import sqlite3

from ritual_tui import __version__
from ritual_tui.vocabulary import SCHEMA_VERSION

CATALOG_SCHEMA = 14
"""Raised whenever the tables change: a catalog of another schema is rebuilt from the files."""

CATALOG_TAG = f"{CATALOG_SCHEMA}-{__version__}-{SCHEMA_VERSION}"
"""What wrote a catalog: the catalog schema, ritual's version and the entry schema."""

TABLES = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (
    n INTEGER PRIMARY KEY,              -- the list order: the day, then the second it was written (`order_key`)
    path TEXT NOT NULL,                 -- relative to entries/
    mtime INTEGER, ctime INTEGER, size INTEGER, inode INTEGER, device INTEGER,  -- the stat key
    problem TEXT,                       -- why the file is not an entry (NULL for an entry)
    line INTEGER,
    id TEXT, kind TEXT, day TEXT, created TEXT, updated TEXT, ts REAL,
    title TEXT NOT NULL DEFAULT '',     -- '' while a letter is sealed
    outcome TEXT NOT NULL DEFAULT '', week TEXT NOT NULL DEFAULT '', step_id TEXT NOT NULL DEFAULT '',
    sealed_until TEXT NOT NULL DEFAULT '',
    step TEXT, predicted INTEGER, peak INTEGER, feared TEXT,  -- an exposure record's, for `ritual insights`
    open INTEGER NOT NULL DEFAULT 0,    -- 1 once the title and words are in
    doc TEXT, doc_crc INTEGER, digest TEXT, read_only INTEGER NOT NULL DEFAULT 0, notices TEXT,
    extras INTEGER NOT NULL DEFAULT 0,  -- 1: fields of a newer ritual, whose types JSON cannot keep
    listed INTEGER NOT NULL DEFAULT 0,  -- 1: the entry lists show (not a problem, a conflict copy or a second file of an id)
    line_head TEXT, line_title TEXT     -- an entry's `ritual list` line, in two parts (see `list_lines`)
);
CREATE UNIQUE INDEX files_by_path ON files (path, mtime, ctime, size, inode, device);  -- covers a reconcile's read
CREATE INDEX files_sealed ON files (n) WHERE open = 0;
CREATE INDEX files_problems ON files (path) WHERE problem IS NOT NULL;
CREATE INDEX files_by_day ON files (day, ts);
CREATE INDEX files_by_id ON files (id);
CREATE INDEX files_listed ON files (n) WHERE listed = 1;               -- a page of the browser, and its count
CREATE INDEX files_listed_kind ON files (kind, n) WHERE listed = 1;
CREATE INDEX files_unlisted ON files (id) WHERE listed = 0;           -- copies and second files, looked at each reconcile
CREATE INDEX files_listed_order ON files (day, ts, id) WHERE listed = 1; -- `list` and export in the files' order, unsorted
-- `ritual list`: every line from the index alone, found by row number (a search) or in the files' order
CREATE INDEX files_list_lines ON files (n, day, ts, id, kind, sealed_until, line_head, line_title, listed) WHERE listed = 1;
-- `ritual insights`: every exposure attempt's columns, read from the index alone in the files' order
CREATE INDEX files_attempts ON files (day, ts, id, step, step_id, outcome, predicted, peak, feared)
    WHERE listed = 1 AND kind = 'exposure' AND predicted IS NOT NULL AND peak IS NOT NULL;
-- The words of listed, open entries; rowid = files.n, so a search reads its pages in list order.
CREATE VIRTUAL TABLE words USING fts5 (kind, text, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3');
"""


def meta_value(db: sqlite3.Connection, key: str) -> str:
    """A value of the meta table ("" when unset)."""
    row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else ""


def order_key(day: str, ts: float) -> int:
    """A row's number, in list order: the day's ordinal, then the second the entry was written.

    Lists are newest first, so every page is a range of row numbers, in the table and in the
    search table alike (`ORDER BY rowid DESC`), with no sort. Rows of one second are told apart
    by the next free number (see `rows.insert_row`).
    """
    from datetime import date

    return (date.fromisoformat(day).toordinal() << 32) | (int(ts) & 0xFFFFFFFF)


def day_key(day) -> int:
    """The first row number a day can hold (rows of `day` and later are at or above it)."""
    return day.toordinal() << 32
