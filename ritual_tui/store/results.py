"""What reading and saving return: plain records, importable without pydantic.

Plain classes and named tuples rather than dataclasses: `ritual due` and `ritual list` import
this at every login, and the dataclasses module alone costs several milliseconds to import.
"""

from __future__ import annotations

from pathlib import Path

from ritual_tui.records import Record
from ritual_tui.store.errors import FileProblem

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any
    from ritual_tui.models import EntryBase


class StoredEntry:
    """An entry and the file it came from; `read_only` when a newer ritual wrote it."""

    __slots__ = ("entry", "path", "digest", "read_only", "notices")

    def __init__(self, entry: EntryBase | Any, path: Path, digest: str, read_only: bool = False,
                 notices: list[str] | None = None) -> None:
        self.entry = entry
        self.path = path
        self.digest = digest
        self.read_only = read_only
        self.notices: list[str] = notices if notices is not None else []

    def __repr__(self) -> str:
        return f"StoredEntry(path={self.path!r}, read_only={self.read_only!r})"


class ConflictCopy(Record):
    """A second file for one entry: a sync tool's conflict copy, or a duplicate id."""

    path: Path
    reason: str
    entry: StoredEntry | None = None


class ScanResult:
    """Everything found under the entries folder: good entries, problems and conflicts."""

    __slots__ = ("entries", "problems", "conflicts", "temp_files", "lookups", "catalog")

    def __init__(self, entries: list[StoredEntry] | None = None, problems: list[FileProblem] | None = None,
                 conflicts: list[ConflictCopy] | None = None, temp_files: list[Path] | None = None) -> None:
        self.entries: list[StoredEntry] = entries if entries is not None else []
        self.problems: list[FileProblem] = problems if problems is not None else []
        self.conflicts: list[ConflictCopy] = conflicts if conflicts is not None else []
        self.temp_files: list[Path] = temp_files if temp_files is not None else []
        self.lookups: tuple[dict, dict] | None = None
        """Entries by kind and by day, prepared by the journal in the loading thread (None until then)."""
        self.catalog: Any = None
        """The catalog the entries were read through, if any (the journal's search asks it)."""

    def newest_first(self) -> list[StoredEntry]:
        """The entries, newest ritual day first (then newest created)."""
        return sorted(self.entries, key=lambda s: (s.entry.day, s.entry.created), reverse=True)


class SaveResult(Record):
    """Where a save went; `conflict_with` is set when it became a conflict copy instead."""

    path: Path
    conflict_with: Path | None = None
