"""The catalog itself: one derived SQLite file that answers lists, searches and exports quickly.

`catalog.sqlite3` lives in the cache folder (0600). It holds one row per entry file: the stat key
it was read at, the fields lists and Today's rules read, a display title, and the entry's JSON
document; an FTS5 table holds the searchable words. The TOML files stay the truth:

- a row is trusted only while its file's key (mtime, ctime, size, inode, device) is unchanged,
  and ctime cannot be put back, so an editor that writes in place is always seen;
- reconciling is one walk of `entries/` and a parse of only the files whose key changed, in one
  transaction;
- any SQLite error, another schema, or a failed `PRAGMA quick_check` means the file is deleted and
  built again from the files;
- a sealed letter's words reach neither the title nor the search table until its day;
- a catalog built from nothing takes its rows in bulk, parsed on two cores (`catalog.build`).

No pydantic at import and no Textual: `ritual list` loads neither.
"""

from __future__ import annotations

import os
import sqlite3
from _thread import allocate_lock  # threading's lock, without importing threading (a command needs no threads)
from sys import intern
from collections.abc import Iterator
from datetime import date
from functools import partial
from pathlib import Path

from ritual_tui.catalog import new_rows
from ritual_tui.catalog import rows as catalog_rows
from ritual_tui.catalog.changes import Changes, Stamp, walk_changes
from ritual_tui.catalog.schema import CATALOG_TAG, check_order, meta_value
from ritual_tui.catalog.transactions import make_tables, table_names, while_committing
from ritual_tui.store.atomic import is_temp_name
from ritual_tui.store.errors import FileProblem
from ritual_tui.store.results import ScanResult, StoredEntry
from ritual_tui.store.walk import walk_entry_files
from ritual_tui.vocabulary import PLANNED

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from ritual_tui.catalog.pages import CatalogPages
    from ritual_tui.queries import RecentHistory
    from ritual_tui.store.summary import EntrySummary
    from ritual_tui.store.store import Store

_SCAN_COLUMNS = "n, path, kind, day, id, created, updated, outcome, week, sealed_until, step_id, title, digest, read_only, notices, extras"
"""What an app's scan keeps of each row (the document is fetched when a field needs it)."""

HELPED_FROM = 2000
"""A build from nothing of this many files or more is shared with a helper process (starting one
costs about 0.3 s of the other core: Python and pydantic; see `catalog.build`)."""


class Reconciled:
    """What one reconcile found besides the rows: files and folders not read, and debris."""

    __slots__ = ("problems", "temp_files", "parsed", "built")

    def __init__(self, problems: list[FileProblem]) -> None:
        self.problems = problems
        self.temp_files: list[Path] = []
        self.parsed = 0
        """How many files were parsed (changed since the last reconcile)."""
        self.built: Any = None
        """What `keep` made of a build from nothing's rows (see `Catalog.reconcile`)."""


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
        self._lock = allocate_lock()  # a document may be fetched from the UI thread and the loading worker
        self._folders: dict[str, Path] = {}

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
            tables = table_names(db) or make_tables(db)  # none: made here, nothing to check
            if tables and ("meta" not in tables or meta_value(db, "tag") != CATALOG_TAG):
                raise ValueError("a catalog of another version")
            if tables and self.check and db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise ValueError("a damaged catalog")
        except BaseException:
            db.close()
            raise
        return db

    def _delete(self) -> None:
        if self.path is None:
            return
        for suffix in ("", "-journal", "-wal", "-shm", ".stamp"):
            try:
                os.unlink(f"{self.path}{suffix}")
            except OSError:  # gone already, or something that is not ours to remove: the next open says so
                pass

    def close(self) -> None:
        """Close the database (it is opened again on next use)."""
        if self._db is not None:
            self._db.close()
            self._db = None

    def reconcile(self, today: date, *, full: bool = False, keep: Callable[[list[dict]], Any] | None = None) -> Reconciled:
        """Bring the rows in step with the files: one walk, and a parse of each changed file.

        The walk covers only what `find` names as changed since the last reconcile when that can
        be trusted (see `catalog.changes`); `full` walks every file whatever (the app's load does).
        A SQLite error part-way means the catalog is rebuilt from the files once; CatalogError if
        that fails too. Letters whose seal has ended on `today` get their title and words.
        `keep`: after a build from nothing, called with its rows as the catalog holds them while
        the commit writes them (on another thread), its result kept in `Reconciled.built` once
        the commit is done (see `scan`).
        """
        try:
            return self._reconcile(today, full, keep)
        except (sqlite3.Error, OSError):
            self.close()
            self._delete()
        try:
            return self._reconcile(today, full, keep)
        except (sqlite3.Error, OSError) as error:
            self.close()
            raise CatalogError(f"the catalog cannot be used ({type(error).__name__})") from None

    def _reconcile(self, today: date, full: bool, keep: Callable[[list[dict]], Any] | None) -> Reconciled:
        db = self.connection()
        if self.path is None:
            return self._reconcile_with(db, today, None, None, keep)
        stamp = Stamp.taken(self.path, self.entries_dir)  # begun by a command's `look_ahead`, if it was
        try:
            changes = None if not stamp.begin() or full else stamp.changes(meta_value(db, "stamp"))
            return self._reconcile_with(db, today, stamp, changes, keep)
        finally:
            stamp.finish(move=False)  # only tidies up if the stamp was not moved already

    def _reconcile_with(self, db: sqlite3.Connection, today: date, stamp: Stamp | None, changes: Changes | None,
                        keep: Callable[[list[dict]], Any] | None = None) -> Reconciled:
        walk = None if changes is None else walk_changes(self.entries_dir, changes)
        if walk is None:
            walk, changes = walk_entry_files(self.entries_dir), None
        found = Reconciled(problems=[FileProblem(self.entries_dir / rel, reason) for rel, reason in walk.unreadable])
        trusted = stamp is not None and bool(stamp.value) and not walk.unreadable and not walk.links
        fingerprint = "" if changes is not None else _fingerprint(walk.files)
        unchanged = not changes if changes is not None else fingerprint == meta_value(db, "walk")
        if unchanged and not catalog_rows.letters_opening(db, today):
            # Not one file's stat key changed since the last reconcile: every row is current.
            found.temp_files = [self.entries_dir / rel for rel in walk.hidden if _is_temp(rel)]
            found.problems += self._problems(db)
            if changes is None and stamp is not None:
                self._record_stamp(db, stamp, trusted)
            return found
        known = self._known(db, changes)
        before: dict[str, tuple | None] = {}  # each path this reconcile rewrites: its row's key as read
        changed: list[tuple[str, tuple]] = []
        for relative, key in walk.files:
            name = relative.rpartition("/")[2]
            if _is_temp(relative):
                found.temp_files.append(self.entries_dir / relative)
            elif name.endswith(".toml") and (was := known.pop(relative, None)) != key:
                changed.append((relative, key))
                before[relative] = was
        before.update(known)  # files gone: their rows go
        bulk = not known and changes is None  # built from nothing (if no other process writes first)
        began = False
        if bulk and len(changed) >= HELPED_FROM and _spare_core():
            from ritual_tui.catalog.ahead import taken
            from ritual_tui.catalog.build import build_helped

            rows, began = build_helped(db, self.entries_dir, changed, today, taken(self.entries_dir, changed, today))
        else:
            rows = [catalog_rows.row_of_file(self.entries_dir, relative, key, today) for relative, key in changed]
        found.parsed = len(rows)
        if not began:
            db.execute("BEGIN IMMEDIATE")
        try:
            clashes: set[str] = set()
            inserted = began  # every row is in
            if not began and bulk and catalog_rows.is_empty(db):
                from ritual_tui.catalog.build import insert_all

                insert_all(db, rows)
                inserted = True
            elif not began:
                # Another process may have written some of these rows since they were read: its
                # view may be newer or older than this one, so neither is written over, and the
                # next reconcile walks every file (`trusted` off) and settles them.
                now = self._keys(db, list(before))
                clashes = {relative for relative, was in before.items() if now.get(relative) != was}
                days = set()  # of the rows written and forgotten: a row gone may have been out of order
                for relative, was in before.items():
                    if was is not None and relative not in clashes:  # files gone, and files changed since their row
                        days.add(catalog_rows.forget_row(db, relative))
                for row in rows:
                    if row["path"] not in clashes:
                        catalog_rows.insert_row(db, row)
                        days.add(row.get("day"))
                check_order(db, days - {None})
            if inserted:
                check_order(db)
            catalog_rows.open_letters(db, today)
            trusted = trusted and not clashes
            # The walk's fingerprint describes the rows only after a full walk that wrote them all.
            db.execute("INSERT OR REPLACE INTO meta VALUES ('walk', ?)", (fingerprint if not clashes else "",))
            db.execute("INSERT OR REPLACE INTO meta VALUES ('stamp', ?)", (stamp.value if trusted else "",))
            written = None if len(rows) > 1000 else [row["id"] for row in rows if row.get("id")]  # many: one index scan
            db.execute("INSERT OR REPLACE INTO meta VALUES ('copies', ?)", (str(catalog_rows.mark_listed(db, written)),))
            if keep is not None and inserted:  # the app's history is made of them, not read back
                built = new_rows.as_committed(db, rows)  # inside the transaction: exactly what it commits
                found.built = while_committing(db, partial(keep, built))
            else:
                db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:  # a failed COMMIT may have rolled back already
                db.execute("ROLLBACK")
            raise
        if stamp is not None:
            stamp.finish(move=trusted)
        found.problems += self._problems(db)
        return found

    def _keys(self, db: sqlite3.Connection, paths: list[str]) -> dict[str, tuple]:
        """The stat keys the rows of `paths` hold now."""
        import json  # here: only needed when something changed

        select = "SELECT path, mtime, ctime, size, inode, device FROM files INDEXED BY files_by_path"
        return {path: (m, c, s, i, d) for path, m, c, s, i, d in db.execute(
            f"{select} WHERE path IN (SELECT value FROM json_each(?))", (json.dumps(paths),))}

    def _known(self, db: sqlite3.Connection, changes: Changes | None) -> dict[str, tuple]:
        """The stat keys of the rows a walk answers for: every row, or those `changes` covers."""
        select = "SELECT path, mtime, ctime, size, inode, device FROM files INDEXED BY files_by_path"
        if changes is None:
            return {path: (m, c, s, i, d) for path, m, c, s, i, d in db.execute(select)}
        known = {}
        for folder in changes.folders:  # "/" sorts just before "0": the range is every path under the folder
            known.update((path, (m, c, s, i, d)) for path, m, c, s, i, d in db.execute(
                f"{select} WHERE path >= ? AND path < ?", (folder + "/", folder + "0")))
        known.update(self._keys(db, changes.files))
        return known

    def _record_stamp(self, db: sqlite3.Connection, stamp: Stamp, trusted: bool) -> None:
        """After a full walk that found nothing changed: later commands may look only at changes."""
        db.execute("INSERT OR REPLACE INTO meta VALUES ('stamp', ?)", (stamp.value if trusted else "",))
        stamp.finish(move=trusted)

    def discard(self) -> None:
        """Delete the catalog (it was found to hold something wrong): the next use rebuilds it."""
        self.close()
        self._delete()

    def copies(self) -> int:
        """How many entry files are sync conflict copies or second files of an id (as of the last reconcile)."""
        return int(meta_value(self.connection(), "copies") or 0)

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

    def pages(self, kind: str | None = None, query: str = "") -> CatalogPages:
        """The listed entries, newest first (of one kind, holding every word of `query`), a page at a time."""
        from ritual_tui.catalog.pages import CatalogPages

        return CatalogPages(self, kind, query)

    def scan(self, store: Store, today: date, recent: RecentHistory | None = None, *, full: bool = False) -> ScanResult:
        """What `Store.scan` gives, from the rows after a reconcile: entries decoded on first use.

        With `recent`, only the history Today's rules read: every entry of the kinds not in
        `recent.kinds`, and of those kinds the days from `recent.since` and `recent.days`, and
        the plans waiting for a reflection.
        The rest stays in the catalog, for the browser's pages and `stored_by_id`. `full`: as for
        `reconcile`.
        """
        started = store.saves_started()
        found = self.reconcile(today, full=full, keep=lambda rows: [self._stored(row) for row in _recent_rows(rows, recent)])
        if found.built is not None:  # built from nothing: made of the rows at hand, as the catalog holds them
            loaded, found.built = found.built, None
        else:
            where, parameters = "", ()
            if recent is not None:
                kinds, days = tuple(recent.kinds), tuple(day.isoformat() for day in recent.days)
                where = (f"(kind NOT IN ({', '.join('?' * len(kinds))}) OR day >= ? OR day IN ({', '.join('?' * len(days))})"
                         " OR outcome = ? OR listed = 0 OR id IN (SELECT id FROM files WHERE listed = 0 AND problem IS NULL))")
                parameters = (*kinds, recent.since.isoformat(), *days, PLANNED)
            loaded = [self._stored(row) for row in self.rows(where, parameters, order="path", columns=_SCAN_COLUMNS)]
        result = store.assemble(loaded, found.problems, found.temp_files, started)
        result.catalog = self
        return result

    def summaries(self, numbers: list[int]) -> list[EntrySummary]:
        """The entries of rows `numbers`, in that order."""
        marks = ", ".join("?" * len(numbers))
        by_number = {row["n"]: self._stored(row).entry for row in self.rows(f"n IN ({marks})", tuple(numbers), "n", columns=_SCAN_COLUMNS)}
        return [by_number[n] for n in numbers if n in by_number]

    def of_step(self, step_id: str) -> list[EntrySummary]:
        """Every listed exposure record on a ladder step, oldest first (by time: a row's number may
        not be, see `schema.order_key`)."""
        rows = self.rows("listed = 1 AND kind = 'exposure' AND step_id = ?", (step_id,), "day, ts, id DESC", columns=_SCAN_COLUMNS)
        return [self._stored(row).entry for row in rows]

    def stored_by_id(self, entry_id: str) -> StoredEntry | None:
        """The listed entry `entry_id` and its file (None: no such entry)."""
        row = next(iter(self.rows("id = ? AND listed = 1", (entry_id,), "n", columns=_SCAN_COLUMNS)), None)
        return self._stored(row) if row is not None else None

    def _stored(self, row: sqlite3.Row) -> StoredEntry:
        from ritual_tui.store.summary import EntrySummary

        relative = row["path"]
        if row["extras"]:  # read from its file: a date in an unknown field stays a date
            from ritual_tui.store.reader import read_entry_file

            item = read_entry_file(self.entries_dir / relative)
            if isinstance(item, StoredEntry):
                return item
        # Kinds, outcomes, weeks and seals repeat across thousands of entries: one string each.
        head = [intern(row["kind"]), row["day"], row["id"], row["created"], row["updated"], intern(row["outcome"]),
                intern(row["week"]), intern(row["sealed_until"]), intern(row["step_id"])]
        entry = EntrySummary.of_row(head, row["title"], partial(self.document, row["n"], relative))
        notices = []
        if row["notices"]:
            import json  # here: few rows have notices

            notices = json.loads(row["notices"])
        group, _, name = relative.rpartition("/")
        folder = self._folders.get(group) or self._folders.setdefault(group, self.entries_dir / group)
        # A child of one shared folder Path shares that folder's parts: much less memory per entry.
        return StoredEntry(entry, folder / name, row["digest"], bool(row["read_only"]), notices)

    def note_saved(self, path: Path, today: date) -> None:
        """Take in one file this process just wrote (a save), so lists show it before the next walk."""
        from ritual_tui.store.walk import stat_key

        relative = path.relative_to(self.entries_dir).as_posix()
        try:
            key = stat_key(path.stat())
        except OSError:
            return
        row = catalog_rows.row_of_file(self.entries_dir, relative, key, today)
        with self._lock:
            db = self._begin()
            try:
                forgotten = catalog_rows.forget_row(db, relative)
                catalog_rows.insert_row(db, row)
                check_order(db, {forgotten, row.get("day")} - {None})
                if row.get("id") is not None:
                    copies = catalog_rows.mark_listed(db, [row["id"]])
                    db.execute("INSERT OR REPLACE INTO meta VALUES ('copies', ?)", (str(copies),))
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def open_letters(self, today: date) -> None:
        """Give the letters whose day has come by `today` their title and words, as a reconcile
        would: a day that began while the app stayed open must find an opened letter by its words."""
        with self._lock:
            if not catalog_rows.letters_opening(self.connection(), today):
                return
            db = self._begin()
            try:
                catalog_rows.open_letters(db, today)
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def _begin(self) -> sqlite3.Connection:
        """The connection, in a transaction that writes (one writer at a time, across processes)."""
        db = self.connection()
        db.execute("BEGIN IMMEDIATE")
        return db

    def levels(self, since: date, until: date, kinds: tuple[str, ...]) -> list[tuple[str, str, int]]:
        """(day, kind, entries) of the listed entries of `kinds` between two days, both included."""
        marks = ", ".join("?" * len(kinds))
        return self.connection().execute(
            f"SELECT day, kind, count(*) FROM files WHERE listed = 1 AND day BETWEEN ? AND ? AND kind IN ({marks}) "
            "GROUP BY day, kind", (since.isoformat(), until.isoformat(), *kinds)).fetchall()

    def document(self, n: int, relative: str) -> str:
        """The JSON document of row `n`, the file at `relative` (read again, if the row went meanwhile)."""
        with self._lock:
            try:
                row = self.connection().execute("SELECT doc, path FROM files WHERE n = ?", (n,)).fetchone()
            except (CatalogError, sqlite3.Error):
                row = None
        if row is not None and row[1] == relative:
            return row[0]
        from ritual_tui.store.reader import read_entry_file

        import json

        path = self.entries_dir / relative
        loaded = read_entry_file(path)
        if isinstance(loaded, FileProblem):
            raise CatalogError(f"{path} can no longer be read")
        return json.dumps(loaded.entry.model_dump(by_alias=True, exclude_none=True, mode="json"))


def _recent_rows(rows: list[dict], recent: RecentHistory | None) -> list[dict]:
    """What `Catalog.scan`'s query selects, from rows in hand: entries (not problem files), in
    path order, and with `recent` only the rows that query's condition keeps (the same rule)."""
    entries = [row for row in rows if row.get("problem") is None]
    if recent is not None:
        kinds, since, days = set(recent.kinds), recent.since.isoformat(), {day.isoformat() for day in recent.days}
        set_apart = {row["id"] for row in entries if not row["listed"]}
        entries = [row for row in entries if row["kind"] not in kinds or row["day"] >= since or row["day"] in days
                   or row["outcome"] == PLANNED or not row["listed"] or row["id"] in set_apart]
    entries.sort(key=lambda row: row["path"])
    return entries


def _fingerprint(files: list) -> str:
    """One short digest of every file's path and stat key (imported here: a command looking only at
    changes never needs hashlib). Marshal's version 2 writes values only, never references to
    objects met before, so equal walks give equal bytes; about 10 ms at ten years, pickle 16."""
    import hashlib
    import marshal

    return hashlib.blake2b(marshal.dumps(files, 2), digest_size=16).hexdigest()


def _spare_core() -> bool:
    from ritual_tui.catalog.build import spare_core

    return spare_core()


def _is_temp(relative: str) -> bool:
    return is_temp_name(relative.rpartition("/")[2])
