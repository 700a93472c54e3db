"""The journal's files on disk: listing, reading, saving, trashing. The only code that writes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ritual_tui.models import EntryBase
from ritual_tui.paths import ensure_private_dir
from ritual_tui.store.atomic import atomic_write, is_temp_file
from ritual_tui.store.codec import encode_entry
from ritual_tui.store.conflicts import conflict_tool
from ritual_tui.store.errors import BlankEntryError, FileProblem, ReadOnlyEntryError
from ritual_tui.store.reader import StoredEntry, digest_of, parse_entry_bytes, read_entry_file


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

    def newest_first(self) -> list[StoredEntry]:
        """The entries, newest ritual day first (then newest created)."""
        return sorted(self.entries, key=lambda s: (s.entry.day, s.entry.created), reverse=True)


@dataclass(frozen=True)
class SaveResult:
    """Where a save went; `conflict_with` is set when it became a conflict copy instead."""

    path: Path
    conflict_with: Path | None = None


class Store:
    """One data folder of entry files: `entries/<kind>/<YYYY>/<YYYY-MM-DD>-<id>.toml`."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.entries_dir = data_dir / "entries"
        self.trash_dir = data_dir / "trash"
        self._known: dict[str, tuple[Path, str]] = {}

    def canonical_path(self, entry: EntryBase) -> Path:
        """Where an entry lives when nothing else claims its id."""
        day = entry.day
        return self.entries_dir / entry.kind / f"{day:%Y}" / f"{day.isoformat()}-{entry.id}.toml"

    def entry_files(self) -> list[Path]:
        """Every `.toml` file and stray temp file under the entries folder."""
        if not self.entries_dir.is_dir():
            return []
        return sorted(p for p in self.entries_dir.rglob("*") if p.is_file())

    def scan(self) -> ScanResult:
        """Read every file; report unreadable ones and conflicts; never change a byte."""
        result = ScanResult()
        by_id: dict[str, StoredEntry] = {}
        for path in self.entry_files():
            if is_temp_file(path):
                result.temp_files.append(path)
                continue
            if path.suffix != ".toml":
                continue
            loaded = read_entry_file(path)
            if isinstance(loaded, FileProblem):
                result.problems.append(loaded)
                continue
            tool = conflict_tool(path.name)
            if tool is not None:
                reason = f"{tool} conflict copy of entry {loaded.entry.id}"
                result.conflicts.append(ConflictCopy(path, reason, loaded))
                continue
            self._place(loaded, by_id, result)
        result.entries = list(by_id.values())
        self._known = {s.entry.id: (s.path, s.digest) for s in result.entries}
        return result

    def _place(self, loaded: StoredEntry, by_id: dict[str, StoredEntry], result: ScanResult) -> None:
        """Add an entry, sending a second file with the same id to the conflicts."""
        entry_id = loaded.entry.id
        other = by_id.get(entry_id)
        if other is None:
            by_id[entry_id] = loaded
            return
        # Prefer the file at the expected place; the other one is the duplicate.
        if loaded.path == self.canonical_path(loaded.entry) and other.path != self.canonical_path(other.entry):
            by_id[entry_id], loaded, other = loaded, other, loaded
        result.conflicts.append(ConflictCopy(loaded.path, f"same id as {other.path}", loaded))

    def save(self, entry: EntryBase) -> SaveResult:
        """Write an entry crash-safely; a file changed on disk since it was read gets a conflict copy.

        Raises BlankEntryError for an entry with no words, UnsavableTextError for text that
        cannot be encoded, ReadOnlyEntryError for a file written by a newer ritual, and OSError
        (disk full, read-only folder) with the original file untouched.
        """
        if entry.is_blank():
            raise BlankEntryError()
        known = self._known.get(entry.id)
        target = known[0] if known else self.canonical_path(entry)
        data = encode_entry(entry)
        existing = _read_bytes(target)
        if existing is not None:
            current = parse_entry_bytes(target, existing)
            if isinstance(current, StoredEntry) and current.read_only:
                raise ReadOnlyEntryError(f"{target} was written by a newer ritual; it stays read-only.")
            changed = known is None or digest_of(existing) != known[1]
            if changed or isinstance(current, FileProblem):
                copy = _conflict_copy_path(target)
                atomic_write(copy, data)
                return SaveResult(copy, conflict_with=target)
        ensure_private_dir(self.data_dir)
        ensure_private_dir(self.entries_dir)
        atomic_write(target, data)
        self._known[entry.id] = (target, digest_of(data))
        return SaveResult(target)

    def forget(self, entry_id: str) -> None:
        """Stop tracking an id (after it was trashed)."""
        self._known.pop(entry_id, None)

    def remember(self, stored: StoredEntry) -> None:
        """Track a file read outside `scan`, so a later save can notice it changed."""
        self._known[stored.entry.id] = (stored.path, stored.digest)

    def trash(self, stored: StoredEntry) -> Path:
        """Move an entry's file into the trash folder (never unlinked); return where it went."""
        relative = stored.path.relative_to(self.entries_dir)
        target = self.trash_dir / relative
        ensure_private_dir(self.trash_dir)
        ensure_private_dir(target.parent)
        if target.exists():
            target = target.with_name(f"{target.stem}.{datetime.now():%Y%m%d-%H%M%S}.toml")
        stored.path.replace(target)
        self.forget(stored.entry.id)
        return target

    def trashed(self) -> list[StoredEntry]:
        """Entries in the trash, newest first."""
        if not self.trash_dir.is_dir():
            return []
        found = [read_entry_file(p) for p in sorted(self.trash_dir.rglob("*.toml"))]
        good = [s for s in found if isinstance(s, StoredEntry)]
        return sorted(good, key=lambda s: (s.entry.day, s.entry.created), reverse=True)

    def restore(self, trashed: StoredEntry) -> Path:
        """Move a trashed entry back to its place; a conflict copy name if the place is taken."""
        target = self.canonical_path(trashed.entry)
        if target.exists():
            target = _conflict_copy_path(target)
        ensure_private_dir(target.parent)
        trashed.path.replace(target)
        self.remember(StoredEntry(trashed.entry, target, trashed.digest))
        return target


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _conflict_copy_path(target: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    candidate = target.with_name(f"{target.stem}.ritual-conflict-{stamp}.toml")
    counter = 1
    while candidate.exists():
        candidate = target.with_name(f"{target.stem}.ritual-conflict-{stamp}-{counter}.toml")
        counter += 1
    return candidate
