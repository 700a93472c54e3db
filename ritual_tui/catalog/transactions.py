"""The catalog's transactions that need care: making the tables of a new file, and a commit that
runs while other work goes on."""

from __future__ import annotations

import sqlite3

from ritual_tui.catalog.schema import CATALOG_TAG, TABLES

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any


def table_names(db: sqlite3.Connection) -> set[str]:
    """The names of the tables the file holds (none: a new, empty file)."""
    return {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def make_tables(db: sqlite3.Connection) -> set[str]:
    """Make an empty file's tables, in one transaction (one sync, not one for each table and
    index); an empty set, or the tables another process made since this one found none (it may be
    building: its catalog is checked as any, never deleted for a clash of two CREATE TABLEs)."""
    tag = CATALOG_TAG.replace("'", "''")
    try:
        db.executescript(f"BEGIN IMMEDIATE; {TABLES}; INSERT INTO meta VALUES ('tag', '{tag}'); COMMIT;")
    except sqlite3.OperationalError:
        if db.in_transaction:
            db.execute("ROLLBACK")
        tables = table_names(db)
        if not tables:
            raise
        return tables
    return set()


def while_committing(db: sqlite3.Connection, work: Callable[[], Any]) -> Any:
    """`work()`, run here while the open transaction commits on a thread of its own (SQLite lets go
    of the interpreter while it writes and syncs the file); its result once the commit is done,
    or the commit's error. Only a build from nothing needs a thread: threading is imported here.

    Nothing leaves before the commit is done, Ctrl-C included (raised then, as when the commit ran
    here): the commit uses the connection, and a thread left running made the interpreter's exit
    wait for it, where a second Ctrl-C printed a traceback. Never an interrupted `join`, which in
    Python 3.11 marks a running thread as ended."""
    import threading

    failed: list[BaseException] = []
    done = threading.Event()

    def commit() -> None:
        try:
            db.execute("COMMIT")
        except BaseException as error:  # noqa: BLE001 - raised again on the calling thread
            failed.append(error)
        finally:
            done.set()

    committing = threading.Thread(target=commit, name="catalog-commit")
    committing.start()
    interrupted: BaseException | None = None
    result = None
    try:
        result = work()
    except BaseException as error:  # noqa: BLE001 - raised once the commit is done
        interrupted = error
    while not done.is_set():
        try:
            done.wait(0.1)
        except BaseException as error:  # noqa: BLE001 - Ctrl-C while it commits: raised once it is done
            interrupted = interrupted or error
    committing.join()  # it has only to end now
    if interrupted is not None:
        raise interrupted
    if failed:
        raise failed[0]
    return result
