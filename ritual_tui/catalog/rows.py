"""What the catalog keeps of one entry file, and the rules its rows follow (copies, seals)."""

from __future__ import annotations

import os
import sqlite3
import zlib
from collections.abc import Iterable
from functools import cache
from datetime import date
from pathlib import Path

from ritual_tui.catalog.schema import check_order, meta_value, order_key
from ritual_tui.list_lines import line_head, line_title
from ritual_tui.sealing import opens_on
from ritual_tui.store.conflicts import conflict_tool
from ritual_tui.store.errors import FileProblem
from ritual_tui.text import entry_title, json_safe, text_fields_of

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def row_of_file(entries_dir: Path, relative: str, key: tuple[int, ...], today: date) -> dict[str, Any]:
    """The catalog row of one file: its entry's fields and document, or why it is not an entry."""
    import json  # here, not above: a command that finds nothing changed reads no file and writes no JSON

    from ritual_tui.store.reader import parse_entry_bytes, read_entry_file

    path = entries_dir / relative
    data = _read_bytes(f"{entries_dir}/{relative}", key[2])  # a Path's own string is built only for a problem
    loaded = parse_entry_bytes(path, data) if data is not None else read_entry_file(path)  # it says why it cannot be read
    stat = dict(zip(("mtime", "ctime", "size", "inode", "device"), key))
    if isinstance(loaded, FileProblem):
        return {"path": relative, **stat, "problem": loaded.reason, "line": loaded.line}
    entry = loaded.entry
    document = entry.model_dump(by_alias=True, exclude_none=True, mode="json")
    sealed_until = document.get("sealed_until", "") if entry.kind == "letter" else ""
    is_open = opens_on(entry.kind, sealed_until, today) is None
    title, words = title_and_words(entry.kind, document) if is_open else ("", "")
    head = line_head(document["day"], entry.kind, entry.id)
    return {
        "path": relative, **stat, "id": entry.id, "kind": entry.kind, "day": document["day"],
        "created": document["created"], "updated": document["updated"], "ts": entry.created.timestamp(),
        "title": title, "outcome": document.get("outcome", "") if entry.kind == "exposure" else "",
        "week": document.get("week", "") if entry.kind == "letter" else "", "sealed_until": sealed_until,
        "step_id": document.get("step_id", "") if entry.kind == "exposure" else "", "open": int(is_open),
        **(_exposure_numbers(document) if entry.kind == "exposure" else {}),
        "doc": (doc := json_safe(_json_encoder().encode(document))),  # no raw C1/bidi: an export writes it as is
        "doc_crc": zlib.crc32(doc.encode("utf-8")),  # a backup is checked against it before it is written
        "digest": loaded.digest, "read_only": int(loaded.read_only),
        "notices": json.dumps(loaded.notices) if loaded.notices else None, "words": words,
        "extras": int(bool(entry.model_extra)),
        "line_head": head, "list_line": head + line_title(title),
    }


@cache
def _json_encoder():
    """`json.dumps(document, ensure_ascii=False)`, without building an encoder for each file."""
    import json

    return json.JSONEncoder(ensure_ascii=False)


def _read_bytes(path: str, size: int) -> bytes | None:
    """A file's bytes (None when it cannot be read): a plain read of the size its stat gave, about
    four times cheaper than `Path.read_bytes` over thousands of small files."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        chunks = [os.read(fd, size + 1)]
        while chunks[-1]:  # it may have grown since its stat, or a file system may read short
            chunks.append(os.read(fd, 1 << 16))
    except OSError:
        return None
    finally:
        os.close(fd)
    return b"".join(chunks)


def _exposure_numbers(document: dict[str, Any]) -> dict[str, Any]:
    """What `ritual insights` reads of an exposure record, as columns: no JSON to parse per row."""
    return {"step": document.get("step"), "predicted": document.get("predicted_discomfort"),
            "peak": document.get("discomfort_peak"), "feared": document.get("feared_happened")}


def title_and_words(kind: str, document: dict[str, Any]) -> tuple[str, str]:
    """An entry's one-line title and its searchable words (the same rule as the models')."""
    return entry_title(kind, document), "\n".join(text_fields_of(document).values())


def mark_listed(db: sqlite3.Connection, ids: Iterable[str] | None = None) -> int:
    """Set sync conflict copies and second files of an id apart from lists and search (as
    `Store.assemble` does), and bring back a row whose twin went; how many rows are set apart.

    Only ids that may have changed are looked at: those of unlisted rows (copies, and rows whose
    twin may have gone) and `ids` (the rows just written; None: every id, after a rebuild).
    """
    if ids is None:
        doubled = db.execute("SELECT id FROM files INDEXED BY files_by_id WHERE id IS NOT NULL GROUP BY id HAVING COUNT(*) > 1")
        wanted = {entry_id for (entry_id,) in doubled}
    else:
        wanted = {i for i in set(ids) if db.execute("SELECT COUNT(*) FROM files WHERE id = ?", (i,)).fetchone()[0] > 1}
    wanted |= {i for (i,) in db.execute("SELECT id FROM files INDEXED BY files_unlisted WHERE listed = 0 AND problem IS NULL")}
    cursor = db.cursor()
    cursor.row_factory = sqlite3.Row
    suspects = [row for entry_id in wanted for row in cursor.execute(
        "SELECT n, path, id, kind, day, listed FROM files WHERE id = ? AND problem IS NULL", (entry_id,))]
    chosen, _ = one_per_id(suspects)
    listed = {row["n"] for row in chosen}
    flipped = [row for row in suspects if (row["n"] in listed) != bool(row["listed"])]
    for row in flipped:
        db.execute("UPDATE files SET listed = ? WHERE n = ?", (int(row["n"] in listed), row["n"]))
        db.execute("DELETE FROM words WHERE rowid = ?", (row["n"],))
        if row["n"] in listed:
            _insert_words(db, row["n"])
    check_order(db, (row["day"] for row in flipped))
    return db.execute("SELECT COUNT(*) FROM files INDEXED BY files_unlisted WHERE listed = 0 AND problem IS NULL").fetchone()[0]


def one_per_id(rows: Iterable[sqlite3.Row]) -> tuple[list[sqlite3.Row], int]:
    """Rows without sync conflict copies and with one file per id (the one at its expected place,
    as `Store` decides); also how many were set apart. Rows need path, id, kind and day."""
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


def letters_opening(db: sqlite3.Connection, today: date) -> bool:
    """True when a letter sealed at its last read has reached its day (its words must go in), or
    when a letter opened on a later day is sealed again on `today` (a clock set back: its words
    must go out)."""
    if meta_value(db, OPENED_SEAL) > today.isoformat():
        return True
    waiting = db.execute("SELECT kind, sealed_until FROM files INDEXED BY files_sealed WHERE open = 0 AND problem IS NULL")
    return any(opens_on(kind, sealed_until, today) is None for kind, sealed_until in waiting)


def forget_row(db: sqlite3.Connection, relative: str) -> str | None:
    """Delete the row of a file (and its words); the day it was of (None: no row, or not an entry)."""
    row = db.execute("SELECT n, day FROM files WHERE path = ?", (relative,)).fetchone()
    if row is None:
        return None
    db.execute("DELETE FROM words WHERE rowid = ?", (row[0],))
    db.execute("DELETE FROM files WHERE n = ?", (row[0],))
    return row[1]


def insert_row(db: sqlite3.Connection, row: dict) -> None:
    """Add a row (and its words, when it is an open entry) at the number its day and time give it
    (the next free one, when another entry was written in the same second)."""
    words = row.pop("words", "")
    key = None
    if row.get("id") is not None:
        row["listed"] = listed_at_first(row["path"])
        key = row["n"] = order_key(row["day"], row["ts"], row["id"])
    sql = f"INSERT INTO files ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})"
    while True:
        try:
            cursor = db.execute(sql, tuple(row.values()))
            break
        except sqlite3.IntegrityError:
            if key is None or db.execute("SELECT 1 FROM files WHERE path = ?", (row["path"],)).fetchone():
                raise  # not a clash of numbers (a row for this file is there already): never loop
            key = row["n"] = key + 1
    if row.get("open") and row.get("listed") and words:
        db.execute("INSERT INTO words (rowid, kind, text) VALUES (?, ?, ?)", (cursor.lastrowid, row["kind"], words))
    if row.get("open"):
        note_opened(db, row.get("sealed_until", ""))


def listed_at_first(path: str) -> int:
    """1 when a new entry row is listed until `mark_listed` looks at its id: any file but a sync
    conflict copy."""
    return int(conflict_tool(path.rpartition("/")[2]) is None)


def is_empty(db: sqlite3.Connection) -> bool:
    """True when the catalog holds no row (read inside the writing transaction: no other process
    can add one before it ends)."""
    return db.execute("SELECT NOT EXISTS (SELECT 1 FROM files)").fetchone()[0] == 1


def _insert_words(db: sqlite3.Connection, n: int) -> None:
    import json

    kind, is_open, doc = db.execute("SELECT kind, open, doc FROM files WHERE n = ?", (n,)).fetchone()
    words = title_and_words(kind, json.loads(doc))[1] if is_open else ""
    if words:
        db.execute("INSERT INTO words (rowid, kind, text) VALUES (?, ?, ?)", (n, kind, words))


def open_letters(db: sqlite3.Connection, today: date) -> None:
    """Letters sealed at their last read whose day has come: their title and words go in now.
    Letters opened on a later day and sealed on `today` (a clock set back) are sealed again: their
    title and words go out, as if they had been read today."""
    import json

    if meta_value(db, OPENED_SEAL) > today.isoformat():
        _seal_again(db, today)
    waiting = db.execute(
        "SELECT n, kind, sealed_until, doc, listed FROM files INDEXED BY files_sealed WHERE open = 0 AND problem IS NULL"
    ).fetchall()
    for n, kind, sealed_until, doc, listed in waiting:
        if opens_on(kind, sealed_until, today) is None:
            title, words = title_and_words(kind, json.loads(doc))
            db.execute("UPDATE files SET title = ?, list_line = line_head || ?, open = 1 WHERE n = ?", (title, line_title(title), n))
            note_opened(db, sealed_until)
            if words and listed:
                db.execute("INSERT INTO words (rowid, kind, text) VALUES (?, ?, ?)", (n, kind, words))


OPENED_SEAL = "opened_seal"
"""The meta key of the latest seal among the open letters (ISO; "" for none known): a `today`
before it means a clock set back, and letters to seal again. Kept by every write of an open letter."""


def note_opened(db: sqlite3.Connection, seal: str) -> None:
    """Keep `OPENED_SEAL` at least `seal` (the seal of a letter now open; "" for none)."""
    if seal:
        db.execute("INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = max(value, excluded.value)",
                   (OPENED_SEAL, seal))


def _seal_again(db: sqlite3.Connection, today: date) -> None:
    """Take the title and words out of the open letters still sealed on `today` (a scan of the
    table: only after a clock was set back), and set `OPENED_SEAL` to the latest seal still open."""
    resealed = [n for (n,) in db.execute(
        "SELECT n FROM files WHERE kind = 'letter' AND open = 1 AND sealed_until > ? AND problem IS NULL", (today.isoformat(),))]
    for n in resealed:
        db.execute("DELETE FROM words WHERE rowid = ?", (n,))
        db.execute("UPDATE files SET title = '', list_line = line_head, open = 0 WHERE n = ?", (n,))
    latest = db.execute("SELECT max(sealed_until) FROM files WHERE kind = 'letter' AND open = 1 AND problem IS NULL").fetchone()[0]
    db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (OPENED_SEAL, latest or ""))
