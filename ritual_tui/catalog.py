"""The catalog: one derived SQLite file that answers lists, searches and exports quickly.

`catalog.sqlite3` lives in the cache folder (0600). It holds one row per entry file: the stat key
it was read at, the fields lists and Today's rules read, a display title, and the entry's JSON
document; an FTS5 table holds the searchable words. The TOML files stay the truth:

- a row is trusted only while its file's key (mtime, ctime, size, inode, device) is unchanged,
  and ctime cannot be put back, so an editor that writes in place is always seen;
- reconciling is one walk of `entries/` and a parse of only the files whose key changed, in one
  transaction;
- any SQLite error, another schema, or a failed `PRAGMA quick_check` means the file is deleted and
  built again from the files;
- a sealed letter's words reach neither the title nor the search table until its day.

No pydantic at import and no Textual: `ritual list` loads neither.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ritual_tui import __version__
from ritual_tui.sealing import opens_on
from ritual_tui.store.atomic import TEMP_SUFFIX
from ritual_tui.store.errors import FileProblem
from ritual_tui.store.results import ScanResult, StoredEntry
from ritual_tui.store.walk import walk_entry_files
from ritual_tui.vocabulary import SCHEMA_VERSION

if TYPE_CHECKING:
    from ritual_tui.store.store import Store

CATALOG_SCHEMA = 7
"""Raised whenever the tables change: a catalog of another schema is rebuilt from the files."""

CATALOG_TAG = f"{CATALOG_SCHEMA}-{__version__}-{SCHEMA_VERSION}"
"""What wrote a catalog: the catalog schema, ritual's version and the entry schema."""

_TABLES = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (
    n INTEGER PRIMARY KEY,
    path TEXT NOT NULL,                 -- relative to entries/
    mtime INTEGER, ctime INTEGER, size INTEGER, inode INTEGER, device INTEGER,  -- the stat key
    problem TEXT,                       -- why the file is not an entry (NULL for an entry)
    line INTEGER,
    id TEXT, kind TEXT, day TEXT, created TEXT, updated TEXT, ts REAL,
    title TEXT NOT NULL DEFAULT '',     -- '' while a letter is sealed
    outcome TEXT NOT NULL DEFAULT '', week TEXT NOT NULL DEFAULT '', step_id TEXT NOT NULL DEFAULT '',
    sealed_until TEXT NOT NULL DEFAULT '',
    open INTEGER NOT NULL DEFAULT 0,    -- 1 once the title and words are in
    doc TEXT, doc_crc INTEGER, digest TEXT, read_only INTEGER NOT NULL DEFAULT 0, notices TEXT,
    extras INTEGER NOT NULL DEFAULT 0   -- 1: fields of a newer ritual, whose types JSON cannot keep
);
CREATE UNIQUE INDEX files_by_path ON files (path, mtime, ctime, size, inode, device);  -- covers a reconcile's read
CREATE INDEX files_sealed ON files (n) WHERE open = 0;
CREATE INDEX files_problems ON files (path) WHERE problem IS NOT NULL;
CREATE INDEX files_by_day ON files (day, ts);
CREATE INDEX files_by_id ON files (id);
CREATE VIRTUAL TABLE words USING fts5 (text, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3');
"""


@dataclass
class Reconciled:
    """What one reconcile found besides the rows: files and folders not read, and debris."""

    problems: list[FileProblem] = field(default_factory=list)
    temp_files: list[Path] = field(default_factory=list)
    parsed: int = 0
    """How many files were parsed (changed since the last reconcile)."""


class CatalogError(Exception):
    """The catalog could not be opened or built; callers read the files instead."""


class Catalog:
    """The catalog of one data folder's entries, kept in step with the files."""

    def __init__(self, path: Path | None, entries_dir: Path, *, check: bool = False) -> None:
        """`check`: run `PRAGMA quick_check` on opening (the app does, in its background load;
        a command relies on SQLite's own errors, which also mean a rebuild)."""
        self.path = path
        self.entries_dir = entries_dir
        self.check = check
        self._db: sqlite3.Connection | None = None
        self._lock = threading.Lock()  # a document may be fetched from the UI thread and the loading worker

    def connection(self) -> sqlite3.Connection:
        """The open database, created or rebuilt as needed; CatalogError when none can be had."""
        if self._db is not None:
            return self._db
        for attempt in (1, 2):
            try:
                self._db = self._open()
                return self._db
            except (sqlite3.Error, OSError, ValueError) as error:
                self.close()
                if attempt == 2 or self.path is None:
                    raise CatalogError(f"the catalog cannot be used ({type(error).__name__})") from None
                self._delete()
        raise AssertionError("unreachable")

    def _open(self) -> sqlite3.Connection:
        target = ":memory:" if self.path is None else str(self.path)
        if self.path is not None:
            from ritual_tui.paths import ensure_private_dir

            ensure_private_dir(self.path.parent)
            if not self.path.exists():
                os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
        db = sqlite3.connect(target, timeout=10, isolation_level=None, check_same_thread=False)
        try:
            db.execute("PRAGMA journal_mode = TRUNCATE")  # no -wal or -shm files beside it
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not tables:
                db.executescript(_TABLES)
                db.execute("INSERT INTO meta VALUES ('tag', ?)", (CATALOG_TAG,))
            elif "meta" not in tables or _meta(db, "tag") != CATALOG_TAG:
                raise ValueError("a catalog of another version")
            elif self.check and db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise ValueError("a damaged catalog")
        except BaseException:
            db.close()
            raise
        return db

    def _delete(self) -> None:
        if self.path is None:
            return
        for suffix in ("", "-journal", "-wal", "-shm"):
            try:
                os.unlink(f"{self.path}{suffix}")
            except OSError:  # gone already, or something that is not ours to remove: the next open says so
                pass

    def close(self) -> None:
        """Close the database (it is opened again on next use)."""
        if self._db is not None:
            self._db.close()
            self._db = None

    def reconcile(self, today: date) -> Reconciled:
        """Bring the rows in step with the files: one walk, and a parse of each changed file.

        A SQLite error part-way means the catalog is rebuilt from the files once; CatalogError if
        that fails too. Letters whose seal has ended on `today` get their title and words.
        """
        try:
            return self._reconcile(today)
        except (sqlite3.Error, OSError):
            self.close()
            self._delete()
        try:
            return self._reconcile(today)
        except (sqlite3.Error, OSError) as error:
            self.close()
            raise CatalogError(f"the catalog cannot be used ({type(error).__name__})") from None

    def _reconcile(self, today: date) -> Reconciled:
        from ritual_tui.catalog_rows import row_of_file

        db = self.connection()
        walk = walk_entry_files(self.entries_dir)
        found = Reconciled(problems=[FileProblem(self.entries_dir / rel, reason) for rel, reason in walk.unreadable])
        fingerprint = hashlib.blake2b(pickle.dumps(walk.files, 5), digest_size=16).hexdigest()
        if fingerprint == _meta(db, "walk") and not _letters_opening(db, today):
            # Not one file's stat key changed since the last reconcile: every row is current.
            found.temp_files = [self.entries_dir / rel for rel, _ in walk.files if _is_temp(rel)]
            found.problems += self._problems(db)
            return found
        known = {path: (m, c, s, i, d) for path, m, c, s, i, d in db.execute(
            "SELECT path, mtime, ctime, size, inode, device FROM files INDEXED BY files_by_path")}
        changed: list[tuple[str, tuple]] = []
        for relative, key in walk.files:
            name = relative.rpartition("/")[2]
            if _is_temp(relative):
                found.temp_files.append(self.entries_dir / relative)
            elif name.endswith(".toml") and known.pop(relative, None) != key:
                changed.append((relative, key))
        rows = [row_of_file(self.entries_dir, relative, key, today) for relative, key in changed]
        found.parsed = len(rows)
        db.execute("BEGIN IMMEDIATE")
        try:
            for relative in list(known) + [row["path"] for row in rows]:
                _forget(db, relative)
            for row in rows:
                _insert(db, row)
            _open_letters(db, today)
            db.execute("INSERT OR REPLACE INTO meta VALUES ('walk', ?)", (fingerprint,))
            db.execute("INSERT OR REPLACE INTO meta VALUES ('copies', ?)", (str(_count_copies(db)),))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        found.problems += self._problems(db)
        return found

    def discard(self) -> None:
        """Delete the catalog (it was found to hold something wrong): the next use rebuilds it."""
        self.close()
        self._delete()

    def copies(self) -> int:
        """How many entry files are sync conflict copies or second files of an id (as of the last reconcile)."""
        return int(_meta(self.connection(), "copies") or 0)

    def _problems(self, db: sqlite3.Connection) -> list[FileProblem]:
        return [
            FileProblem(self.entries_dir / path, problem, line)
            for path, problem, line in db.execute(
                "SELECT path, problem, line FROM files INDEXED BY files_problems WHERE problem IS NOT NULL ORDER BY path")
        ]

    def rows(self, where: str = "", parameters: tuple = (), order: str = "day DESC, ts DESC", *,
             columns: str = "*", limit: int | None = None) -> Iterator[sqlite3.Row]:
        """Entry rows (never problem files) matching an SQL condition, in `order`."""
        cursor = self.connection().cursor()
        cursor.row_factory = sqlite3.Row
        sql = f"SELECT {columns} FROM files WHERE problem IS NULL{' AND ' + where if where else ''} ORDER BY {order}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return cursor.execute(sql, parameters)

    def scan(self, store: Store, today: date) -> ScanResult:
        """What `Store.scan` gives, from the rows after a reconcile: entries decoded on first use."""
        from ritual_tui.store.lazy import LazyEntry

        started = store.saves_started()
        found = self.reconcile(today)
        loaded = []
        for row in self.rows(order="path", columns=_SCAN_COLUMNS):
            if row["extras"]:  # read from its file: a date in an unknown field stays a date
                from ritual_tui.store.reader import read_entry_file

                item = read_entry_file(self.entries_dir / row["path"])
                if isinstance(item, StoredEntry):
                    loaded.append(item)
                    continue
            head = [row["kind"], row["day"], row["id"], row["created"], row["updated"], row["outcome"], row["week"],
                    row["sealed_until"], row["step_id"]]
            entry = LazyEntry(head, row["title"], partial(self.document, row["n"], self.entries_dir / row["path"]))
            notices = json.loads(row["notices"]) if row["notices"] else []
            loaded.append(StoredEntry(entry, self.entries_dir / row["path"], row["digest"], bool(row["read_only"]), notices))
        result = store.assemble(loaded, found.problems, found.temp_files, started)
        result.catalog = self
        return result

    def document(self, n: int, path: Path) -> str:
        """The JSON document of row `n` (the file at `path`, read again, if the row went meanwhile)."""
        with self._lock:
            try:
                row = self.connection().execute("SELECT doc, path FROM files WHERE n = ?", (n,)).fetchone()
            except (CatalogError, sqlite3.Error):
                row = None
        if row is not None and self.entries_dir / row[1] == path:
            return row[0]
        from ritual_tui.store.reader import read_entry_file

        loaded = read_entry_file(path)
        if isinstance(loaded, FileProblem):
            raise CatalogError(f"{path} can no longer be read")
        return json.dumps(loaded.entry.model_dump(by_alias=True, exclude_none=True, mode="json"))


_SCAN_COLUMNS = "n, path, kind, day, id, created, updated, outcome, week, sealed_until, step_id, title, digest, read_only, notices, extras"
"""What an app's scan keeps of each row (the document is fetched when a field needs it)."""

WORDS_MATCH = "n IN (SELECT rowid FROM words WHERE words MATCH ?)"
"""An SQL condition for `Catalog.rows`: the row holds every word of `match_text(query)`."""


def match_text(query: str) -> str:
    """FTS5 query text: every word of `query` must begin a word of the entry (quotes escaped)."""
    return " ".join('"' + word.replace('"', '""') + '"*' for word in query.split())


def _meta(db: sqlite3.Connection, key: str) -> str:
    row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else ""


def _is_temp(relative: str) -> bool:
    return relative.endswith(TEMP_SUFFIX) and relative.rpartition("/")[2].startswith(".")


def _count_copies(db: sqlite3.Connection) -> int:
    """Sync conflict copies (by name) and second files of an id, as `Store.assemble` sets them apart."""
    cursor = db.cursor()
    cursor.row_factory = sqlite3.Row
    suspects = cursor.execute(
        "SELECT path, id, kind, day FROM files WHERE problem IS NULL AND (path LIKE '%onflict%' OR id IN "
        "(SELECT id FROM files WHERE problem IS NULL GROUP BY id HAVING COUNT(*) > 1))")
    return one_per_id(suspects)[1]


def one_per_id(rows: Iterable[sqlite3.Row]) -> tuple[list[sqlite3.Row], int]:
    """Rows without sync conflict copies and with one file per id (the one at its expected place,
    as `Store` decides); also how many were set apart. Rows need path, id, kind and day."""
    from ritual_tui.store.conflicts import conflict_tool

    chosen: dict[str, sqlite3.Row] = {}
    set_apart = 0
    for row in rows:
        if conflict_tool(row["path"].rpartition("/")[2]) is not None:
            set_apart += 1
            continue
        other = chosen.get(row["id"])
        if other is None:
            chosen[row["id"]] = row
            continue
        set_apart += 1
        if _at_home(row) and not _at_home(other):
            chosen[row["id"]] = row
    return list(chosen.values()), set_apart


def _at_home(row: sqlite3.Row) -> bool:
    day = row["day"]
    return row["path"] == f"{row['kind']}/{day[:4]}/{day}-{row['id']}.toml"


def _letters_opening(db: sqlite3.Connection, today: date) -> bool:
    """True when a letter sealed at its last read has reached its day (its words must go in)."""
    waiting = db.execute("SELECT kind, sealed_until FROM files INDEXED BY files_sealed WHERE open = 0 AND problem IS NULL")
    return any(opens_on(kind, sealed_until, today) is None for kind, sealed_until in waiting)


def _forget(db: sqlite3.Connection, relative: str) -> None:
    row = db.execute("SELECT n FROM files WHERE path = ?", (relative,)).fetchone()
    if row is not None:
        db.execute("DELETE FROM words WHERE rowid = ?", (row[0],))
        db.execute("DELETE FROM files WHERE n = ?", (row[0],))


def _insert(db: sqlite3.Connection, row: dict) -> None:
    words = row.pop("words", "")
    columns = ", ".join(row)
    cursor = db.execute(f"INSERT INTO files ({columns}) VALUES ({', '.join('?' * len(row))})", tuple(row.values()))
    if row.get("open") and words:
        db.execute("INSERT INTO words (rowid, text) VALUES (?, ?)", (cursor.lastrowid, words))


def _open_letters(db: sqlite3.Connection, today: date) -> None:
    """Letters sealed at their last read whose day has come: their title and words go in now."""
    from ritual_tui.catalog_rows import title_and_words

    waiting = db.execute(
        "SELECT n, kind, sealed_until, doc FROM files INDEXED BY files_sealed WHERE open = 0 AND problem IS NULL"
    ).fetchall()
    for n, kind, sealed_until, doc in waiting:
        if opens_on(kind, sealed_until, today) is None:
            title, words = title_and_words(kind, json.loads(doc))
            db.execute("UPDATE files SET title = ?, open = 1 WHERE n = ?", (title, n))
            if words:
                db.execute("INSERT INTO words (rowid, text) VALUES (?, ?)", (n, words))
