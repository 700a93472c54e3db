"""What reading and saving return: plain records, importable without pydantic."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ritual_tui.store.errors import FileProblem

if TYPE_CHECKING:
    from ritual_tui.models import EntryBase


@dataclass
class StoredEntry:
    """An entry and the file it came from; `read_only` when a newer ritual wrote it."""

    entry: EntryBase | Any
    path: Path
    digest: str
    read_only: bool = False
    notices: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ConflictCopy:
    """A second file for one entry: a sync tool's conflict copy, or a duplicate id."""

    path: Path
    reason: str
    entry: StoredEntry | None = None


@dataclass
class ScanResult:
    """Everything found under the entries folder: good entries, problems and conflicts."""

    entries: list[StoredEntry] = field(default_factory=list)
    problems: list[FileProblem] = field(default_factory=list)
    conflicts: list[ConflictCopy] = field(default_factory=list)
    temp_files: list[Path] = field(default_factory=list)
    lookups: tuple[dict, dict] | None = None
    """Entries by kind and by day, prepared by the journal in the loading thread (None until then)."""
    catalog: Any = None
    """The catalog the entries were read through, if any (the journal's search asks it)."""

    def newest_first(self) -> list[StoredEntry]:
        """The entries, newest ritual day first (then newest created)."""
        return sorted(self.entries, key=lambda s: (s.entry.day, s.entry.created), reverse=True)


@dataclass(frozen=True)
class SaveResult:
    """Where a save went; `conflict_with` is set when it became a conflict copy instead."""

    path: Path
    conflict_with: Path | None = None
