"""The derived index: what every entry file held when last read, keyed by path and stat.

It lives in the cache folder, is disposable, and is only trusted for a file whose size, mtime
and inode are unchanged; the TOML files stay the truth. This module imports neither pydantic
nor Textual, so `ritual list` and `ritual due` can answer from it quickly.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ritual_tui import __version__
from ritual_tui.vocabulary import SCHEMA_VERSION

INDEX_VERSION = 6
"""Raised whenever what a record holds changes: older chunks are then ignored and rebuilt."""

INDEX_TAG = f"{__version__}-{SCHEMA_VERSION}"
"""The ritual and entry schema an index was written by: chunks of another are ignored."""


def walk_entry_files(entries_dir: Path) -> list[tuple[str, list[int]]]:
    """Every file under `entries/<kind>/<year>/` as (relative path, stat key), sorted by path.

    The key (mtime in ns, size, inode) is what must match for an index record to be trusted.
    One scandir per folder and no Path objects: this runs at every start-up, over every file.
    """
    found: list[tuple[str, list[int]]] = []
    stack: list[tuple[str, str]] = [(str(entries_dir), "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            listing = os.scandir(folder)
        except (FileNotFoundError, NotADirectoryError, PermissionError):
            continue
        with listing:
            for item in listing:
                if item.is_dir(follow_symlinks=False):
                    stack.append((item.path, prefix + item.name + "/"))
                elif item.is_file(follow_symlinks=False):
                    info = item.stat(follow_symlinks=False)
                    found.append((prefix + item.name, [info.st_mtime_ns, info.st_size, info.st_ino]))
    found.sort()
    return found


def group_of(relative: str) -> str:
    """The chunk a file's record lives in: its `<kind>/<year>` folder."""
    return relative.rpartition("/")[0] or "_"


class EntryIndex:
    """The index as one small JSON file per `<kind>/<year>` folder (0600, written atomically).

    Small chunks keep each parse short, so a background load never holds the interpreter for
    long, and a save rewrites only the chunks whose folder changed.
    """

    def __init__(self, path: Path | None, version_tag: str) -> None:
        self.path = path  # a folder
        self.version_tag = version_tag

    def _chunks(self) -> list[Path]:
        try:
            return sorted(self.path.glob("*.json")) if self.path is not None else []
        except OSError:
            return []

    def load(self, pause: Callable[[], None] | None = None) -> dict[str, dict[str, Any]]:
        """The records by relative path; chunks that are missing, stale or unreadable are skipped.

        Each record's document and search words stay undecoded in its chunk's `.docs` file:
        `record["blob"]` holds those bytes and `record["at"]` where they are (see
        `document_bytes` and `record_words`).
        """
        records: dict[str, dict[str, Any]] = {}
        for chunk in self._chunks():
            if pause is not None:
                pause()
            try:
                document = json.loads(chunk.read_bytes())
                if not isinstance(document, dict) or document.get("version") != [INDEX_VERSION, self.version_tag]:
                    continue
                blob = chunk.with_suffix(".docs").read_bytes()
            except (OSError, ValueError):
                continue
            files = document.get("files")
            # The two files of a chunk are written one after the other: a crash between them
            # leaves tokens that differ, and the chunk is ignored (its files are read again).
            if not isinstance(files, dict) or not blob.startswith(f"{document.get('token')}\n".encode()):
                continue
            for record in files.values():
                record["blob"] = blob
            records.update(files)
        return records

    def save(self, records: dict[str, dict[str, Any]], groups: set[str] | None = None) -> None:
        """Write the chunks of `groups` (all when None); a failure only costs speed next time."""
        if self.path is None:
            return
        from ritual_tui.store.atomic import atomic_write

        grouped: dict[str, dict[str, dict[str, Any]]] = {}
        for relative, record in records.items():
            grouped.setdefault(group_of(relative), {})[relative] = record
        wanted = set(grouped) if groups is None else groups
        try:
            for group in wanted:
                target = self.path / (group.replace("/", "-") + ".json")
                files = grouped.get(group)
                if not files:
                    target.unlink(missing_ok=True)
                    target.with_suffix(".docs").unlink(missing_ok=True)
                    continue
                token = secrets.token_hex(8)
                parts, offset = [f"{token}\n".encode()], len(token) + 1
                for record in files.values():  # records are rewritten in place: callers are done with them
                    data, words = document_bytes(record), record_words(record).encode("utf-8")
                    parts += (data, b"\n", words, b"\n")
                    for key in ("blob", "doc", "text"):
                        record.pop(key, None)
                    record["at"] = [offset, offset + len(data), offset + len(data) + 1 + len(words)]
                    offset = record["at"][2] + 1
                atomic_write(target.with_suffix(".docs"), b"".join(parts))
                document = {"version": [INDEX_VERSION, self.version_tag], "token": token, "files": files}
                atomic_write(target, json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        except (OSError, ValueError):
            pass


def document_bytes(record: dict[str, Any]) -> bytes:
    """A record's entry document as JSON bytes (from its chunk's `.docs`, or as just indexed)."""
    if "blob" in record:
        start, end, _ = record["at"]
        return record["blob"][start:end]
    return record["doc"].encode("utf-8")


def record_words(record: dict[str, Any]) -> str:
    """A record's search words, case-folded (kept after its document in the chunk's `.docs`)."""
    if "blob" in record:
        _, end, words_end = record["at"]
        return record["blob"][end + 1 : words_end].decode("utf-8")
    return record["text"]


def fresh(record: dict[str, Any] | None, key: list[int]) -> bool:
    """True when a cached record still describes the file whose stat key is `key`."""
    return record is not None and record.get("key") == key


def indexed_rows(entries_dir: Path, index_file: Path | None, version_tag: str) -> list[dict[str, Any]] | None:
    """Every entry straight from the index, when the index covers every file exactly.

    None when any file is new, changed, unreadable, a conflict copy, or shares an id: the
    caller then does a full scan, which also brings the index up to date.
    """
    from ritual_tui.store.conflicts import conflict_tool

    records = EntryIndex(index_file, version_tag).load()
    if not records:
        return None
    rows: list[dict[str, Any]] = []
    for relative, key in walk_entry_files(entries_dir):
        if not relative.endswith(".toml"):
            continue  # stray files; temp files end in .tmp
        record = records.get(relative)
        if record is None or record["key"] != key or "onflict" in relative.lower():
            if record is None or record["key"] != key or conflict_tool(relative.rpartition("/")[2]) is not None:
                return None
        rows.append(record)
    return rows if len({record["head"][2] for record in rows}) == len(rows) else None
