"""The derived index: what every entry file held when last read, keyed by path and stat.

It lives in the cache folder, is disposable, and is only trusted for a file whose size, mtime
and inode are unchanged; the TOML files stay the truth. This module imports neither pydantic
nor Textual, so `ritual list` and `ritual due` can answer from it quickly.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

INDEX_VERSION = 4
"""Raised whenever what a record holds changes: older chunks are then ignored and rebuilt."""


@dataclass(slots=True)
class FileStat:
    """An entry file and the stat fields that tell whether it changed."""

    path: Path
    relative: str
    mtime_ns: int
    size: int
    inode: int

    @property
    def key(self) -> list[int]:
        """What must match for a cached record to be trusted."""
        return [self.mtime_ns, self.size, self.inode]


def walk_entry_files(entries_dir: Path) -> list[FileStat]:
    """Every file under `entries/<kind>/<year>/`, with its stat, sorted by relative path.

    One scandir per folder and no per-file path arithmetic: this runs at every start-up.
    """
    found: list[FileStat] = []
    stack: list[tuple[Path, str]] = [(entries_dir, "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            listing = os.scandir(folder)
        except (FileNotFoundError, NotADirectoryError, PermissionError):
            continue
        # pathlib's own fast child constructor where it has one (no re-parsing of the whole path).
        child = getattr(folder, "_make_child_relpath", folder.joinpath)
        with listing:
            for item in listing:
                if item.is_dir(follow_symlinks=False):
                    stack.append((child(item.name), prefix + item.name + "/"))
                elif item.is_file(follow_symlinks=False):
                    info = item.stat(follow_symlinks=False)
                    found.append(FileStat(child(item.name), prefix + item.name, info.st_mtime_ns, info.st_size, info.st_ino))
    found.sort(key=lambda f: f.relative)
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
        """The records by relative path; chunks that are missing, stale or unreadable are skipped."""
        records: dict[str, dict[str, Any]] = {}
        for chunk in self._chunks():
            if pause is not None:
                pause()
            try:
                document = json.loads(chunk.read_bytes())
            except (OSError, ValueError):
                continue
            if not isinstance(document, dict) or document.get("version") != [INDEX_VERSION, self.version_tag]:
                continue
            files = document.get("files")
            if isinstance(files, dict):
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
                    continue
                document = {"version": [INDEX_VERSION, self.version_tag], "files": files}
                atomic_write(target, json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        except (OSError, ValueError):
            pass


def fresh(record: dict[str, Any] | None, stat: FileStat) -> bool:
    """True when a cached record still describes the file."""
    return record is not None and record.get("key") == stat.key


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
    seen: set[str] = set()
    for stat in walk_entry_files(entries_dir):
        name = stat.relative.rpartition("/")[2]
        if not name.endswith(".toml") or (name.startswith(".") and name.endswith(".tmp")):
            continue
        record = records.get(stat.relative)
        if not fresh(record, stat) or conflict_tool(name) is not None:
            return None
        entry_id = record["head"][2]
        if entry_id in seen:
            return None
        seen.add(entry_id)
        rows.append({**record, "path": stat.path})
    return rows
