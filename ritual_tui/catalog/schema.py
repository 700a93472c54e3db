"""The catalog's tables, and what wrote them: a catalog of another schema is rebuilt."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import date
from itertools import pairwise

from ritual_tui import __version__
from ritual_tui.vocabulary import SCHEMA_VERSION

CATALOG_SCHEMA = 18
"""Raised whenever the tables change: a catalog of another schema is rebuilt from the files."""

CATALOG_TAG = f"{CATALOG_SCHEMA}-{__version__}-{SCHEMA_VERSION}"
"""What wrote a catalog: the catalog schema, ritual's version and the entry schema."""

TABLES = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (
    n INTEGER PRIMARY KEY,              -- the list order: the day, the second it was written, the id (`order_key`)
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
    line_head TEXT, list_line TEXT      -- an entry's `ritual list` line: its head, and all of it while open (see `list_lines`)
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
CREATE INDEX files_list_lines ON files (n, day, ts, id, kind, sealed_until, line_head, list_line, listed) WHERE listed = 1;
-- `ritual insights`: every exposure attempt's columns, read from the index alone in the files' order
CREATE INDEX files_attempts ON files (day, ts, id, step, step_id, outcome, predicted, peak, feared)
    WHERE listed = 1 AND kind = 'exposure' AND predicted IS NOT NULL AND peak IS NOT NULL;
-- `ritual due`: the plans waiting for a reflection (a few rows, however long the history)
CREATE INDEX files_waiting ON files (day) WHERE listed = 1 AND kind = 'exposure' AND outcome = 'planned';
-- The days whose listed rows are not in list order by number (see `order_key` and `check_order`).
CREATE TABLE disorder (day TEXT PRIMARY KEY) WITHOUT ROWID;
-- The words of listed, open entries; rowid = files.n, so a search reads its pages in list order.
CREATE VIRTUAL TABLE words USING fts5 (kind, text, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3');
"""


def meta_value(db: sqlite3.Connection, key: str) -> str:
    """A value of the meta table ("" when unset)."""
    row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else ""


DAY_SHIFT = 41
"""A row number's bits above this are its day's ordinal (`order_key`)."""
_TIE_BITS = 19
_SECOND_LIMIT = 1 << (DAY_SHIFT - _TIE_BITS - 1)  # ±24 days of seconds around the day's UTC midnight
_EXACT = 1 << 20  # the seconds numbered one by one either side of the day's midnight (about 12 days)
_MANTISSA = 15  # beyond them, a time keeps its first 16 bits (a year away: to about nine minutes)
_TIE_TOP = (1 << _TIE_BITS) - 1
_EPOCH_ORDINAL = 719163  # date(1970, 1, 1).toordinal()
_BASE36 = {c: i for i, c in enumerate("0123456789abcdefghijklmnopqrstuvwxyz")}


def order_key(day: str, ts: float, entry_id: str) -> int:
    """A row's number, in list order: the day's ordinal, then the second the entry was written
    (from the day's UTC midnight), then the id's first letters read backwards.

    Lists are newest first (the day, the time, then the id from "0" up), so every page is a range
    of row numbers, in the table and in the search table alike (`ORDER BY rowid DESC`), with no
    sort. The number cannot always be exact: a time more than 12 days from its day (kept in order
    to a fraction of its distance: `_far_second`), fractions of a second, or two ids of one second
    alike in their first letters. Two rows with one number are told apart by the next free number
    (see `rows.insert_row`), and the days where that broke the order are kept in the table
    `disorder` (`check_order`): a list sorts while any is.
    """
    ordinal = date.fromisoformat(day).toordinal()
    second = int(ts // 1) - (ordinal - _EPOCH_ORDINAL) * 86400
    if not -_EXACT < second < _EXACT:
        second = _far_second(second)
    # The day's last second is never a row's own: the numbers there are the room a clash at the
    # day's top moves up into (`rows.insert_row`), so a row never takes a number of the next day.
    second = min(max(second, -_SECOND_LIMIT), _SECOND_LIMIT - 2)
    digits = [_BASE36.get(c, 35) for c in entry_id[:4].ljust(4, "0")]
    tie = ((digits[0] * 36 + digits[1]) * 36 + digits[2]) * 8 + digits[3] * 8 // 36  # 0 .. 373,247: in id order
    return (ordinal << DAY_SHIFT) | ((second + _SECOND_LIMIT) << _TIE_BITS) | (_TIE_TOP - tie)


def _far_second(second: int) -> int:
    """A time far from its day's midnight (an entry backdated, imported or planned ahead) as the
    number of a second still in order: the seconds past `_EXACT` as a float of `_MANTISSA` bits,
    so times years from the day (up to 0001 and 9999) keep their order to a fraction of it."""
    beyond = abs(second) - _EXACT
    size = beyond.bit_length()
    if size > _MANTISSA + 1:
        beyond = ((size - _MANTISSA) << _MANTISSA) + (beyond >> (size - _MANTISSA - 1)) - (1 << _MANTISSA)
    return _EXACT + beyond if second > 0 else -_EXACT - beyond


def day_key(day) -> int:
    """The first row number a day can hold (rows of `day` and later are at or above it)."""
    return day.toordinal() << DAY_SHIFT


def check_order(db: sqlite3.Connection, days: Iterable[str] | None = None) -> None:
    """Keep the table `disorder` true of `days` (None: of every day): a day is in it when its
    listed rows, by number, are not in list order (the time, then the id from the last) or when a
    row of another day has a number in its range (see `order_key`)."""
    if days is None:
        db.execute("DELETE FROM disorder")
        rows = db.execute("SELECT day, ts, id FROM files INDEXED BY files_list_lines WHERE listed = 1 ORDER BY n")
        broken = {later[0] for earlier, later in pairwise(rows) if not _in_order(earlier, later)}
        db.executemany("INSERT OR IGNORE INTO disorder VALUES (?)", ((day,) for day in broken))
        return
    for day in set(days):
        low = date.fromisoformat(day).toordinal() << DAY_SHIFT
        rows = db.execute("SELECT day, ts, id FROM files INDEXED BY files_list_lines WHERE listed = 1 "
                          "AND n >= ? AND n < ? ORDER BY n", (low, low + (1 << DAY_SHIFT))).fetchall()
        if all(row[0] == day for row in rows) and all(_in_order(a, b) for a, b in pairwise(rows)):
            db.execute("DELETE FROM disorder WHERE day = ?", (day,))
        else:
            db.execute("INSERT OR IGNORE INTO disorder VALUES (?)", (day,))


def _in_order(earlier: tuple, later: tuple) -> bool:
    """True when row `earlier` (day, ts, id) comes before `later` in a list read oldest first
    (`listing._order` read backwards: the day, the time, then the id from the last)."""
    if earlier[0] != later[0]:
        return earlier[0] < later[0]
    if earlier[1] != later[1]:
        return earlier[1] < later[1]
    return earlier[2] > later[2]
