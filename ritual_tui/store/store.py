"""The journal's files on disk: listing, reading, saving, trashing. The only code that writes."""

from __future__ import annotations

import os
import threading
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ritual_tui.clock import stamp
from ritual_tui.paths import ensure_private_dir
from ritual_tui.store.conflicts import conflict_tool
from ritual_tui.store.errors import BlankEntryError, FileProblem, ReadOnlyEntryError
from ritual_tui.store.atomic import atomic_write, is_temp_name
from ritual_tui.store.walk import walk_entry_files
from ritual_tui.store.results import ConflictCopy, SaveResult, ScanResult, StoredEntry

if TYPE_CHECKING:
    from ritual_tui.models import EntryBase

class Store:
    """One data folder of entry files: `entries/<kind>/<YYYY>/<YYYY-MM-DD>-<id>.toml`."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.entries_dir = data_dir / "entries"
        self.trash_dir = data_dir / "trash"
        self._known: dict[str, tuple[Path, str]] = {}
        # A scan may run in a background thread while the user saves: saves win.
        self._lock = threading.Lock()
        self._saves = 0
        self._saved_at: dict[str, int] = {}

    def canonical_path(self, entry: EntryBase) -> Path:
        """Where an entry lives when nothing else claims its id."""
        day = entry.day
        return self.entries_dir / entry.kind / f"{day:%Y}" / f"{day.isoformat()}-{entry.id}.toml"

    def scan(self) -> ScanResult:
        """Read every file, the truth (doctor reads this way); report unreadable ones and conflicts.

        A folder that cannot be listed, or a link that is not followed, is reported among the
        problems too (see `store.walk.walk_entry_files`): nothing is left out silently. Never
        changes a byte of an entry file. The catalog gives the same answer from its rows.
        """
        from ritual_tui.store.reader import read_entry_file

        started = self.saves_started()
        walk = walk_entry_files(self.entries_dir)
        loaded: list[StoredEntry] = []
        problems = [FileProblem(self.entries_dir / relative, reason) for relative, reason in walk.unreadable]
        temp_files = []
        for relative, _ in walk.files:
            name = relative.rpartition("/")[2]
            if is_temp_name(name):
                temp_files.append(self.entries_dir / relative)
            elif name.endswith(".toml"):
                item = read_entry_file(self.entries_dir / relative)
                (problems if isinstance(item, FileProblem) else loaded).append(item)
        return self.assemble(loaded, problems, temp_files, started)

    def saves_started(self) -> int:
        """A mark taken before reading files: saves made after it win over what the read found."""
        return self._saves

    def assemble(self, loaded: list[StoredEntry], problems: list[FileProblem], temp_files: list[Path], started: int) -> ScanResult:
        """The result of a read: conflict copies and second files of an id set apart, one entry per id.

        Saves made since `started` (see `saves_started`) keep what they wrote as the known version.
        """
        result = ScanResult(problems=problems, temp_files=temp_files)
        by_id: dict[str, StoredEntry] = {}
        for item in loaded:
            self._take(item, item.path.name, by_id, result)
        result.entries = list(by_id.values())
        with self._lock:
            saved_since = {i for i, at in self._saved_at.items() if at >= started}
            known = {s.entry.id: (s.path, s.digest) for s in result.entries if s.entry.id not in saved_since}
            known.update({i: self._known[i] for i in saved_since if i in self._known})
            self._known = known
        return result

    def _take(self, loaded: StoredEntry, name: str, by_id: dict[str, StoredEntry], result: ScanResult) -> None:
        """A conflict copy goes to the conflicts; any other entry to its place (see `_place`)."""
        tool = conflict_tool(name)
        if tool is not None:
            result.conflicts.append(ConflictCopy(loaded.path, f"{tool} conflict copy of entry {loaded.entry.id}", loaded))
        else:
            self._place(loaded, by_id, result)

    def read_days(self, days: set[date], whole_kinds: tuple[str, ...] = ("step",)) -> list[StoredEntry]:
        """Only the entries of some ritual days (plus every entry of `whole_kinds`), from file names.

        Used to draw Today at once while the full scan runs in the background; conflict copies,
        links and unreadable files or folders are left to the full scan, which reports them.
        """
        from ritual_tui.store.reader import read_entry_file

        prefixes = {day.isoformat() for day in days}
        years = {f"{day:%Y}" for day in days}
        found: list[StoredEntry] = []
        for kind_dir in _subfolders(self.entries_dir):
            whole = kind_dir.name in whole_kinds
            for year_dir in _subfolders(kind_dir):
                if not whole and year_dir.name not in years:
                    continue
                try:
                    with os.scandir(year_dir) as listing:
                        names = [item.name for item in listing if item.name.endswith(".toml")
                                 and not item.name.startswith(".") and item.is_file(follow_symlinks=False)]
                except OSError:
                    continue  # the full scan reports it
                for name in names:
                    if (whole or name[:10] in prefixes) and conflict_tool(name) is None:
                        loaded = read_entry_file(year_dir / name)
                        if isinstance(loaded, StoredEntry):
                            found.append(loaded)
        with self._lock:
            for stored in found:
                self._known.setdefault(stored.entry.id, (stored.path, stored.digest))
        return found

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
        from ritual_tui.store.reader import digest_of, parse_entry_bytes

        known, target, data = self._encoded(entry)
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
        with self._lock:
            self._saves += 1
            self._saved_at[entry.id] = self._saves
            self._known[entry.id] = (target, digest_of(data))
        return SaveResult(target)

    def _encoded(self, entry: EntryBase) -> tuple[tuple[Path, str] | None, Path, bytes]:
        """What a save needs: the version known of the entry's file, where it goes, and its bytes
        (checked both ways); BlankEntryError for an entry with no words."""
        from ritual_tui.store.codec import encode_entry

        if entry.is_blank():
            raise BlankEntryError()
        known = self._known.get(entry.id)
        return known, known[0] if known else self.canonical_path(entry), encode_entry(entry)

    def save_conflict_copy(self, entry: EntryBase) -> SaveResult:
        """Write `entry` as a conflict copy beside its file, which stays as it is (both are kept).

        For words made from an older version of the file (a stale draft): never the file itself.
        """
        _, target, data = self._encoded(entry)
        copy = _conflict_copy_path(target)
        atomic_write(copy, data)
        return SaveResult(copy, conflict_with=target)

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
            target = target.with_name(f"{target.stem}.{stamp()}.toml")
        stored.path.replace(target)
        self.forget(stored.entry.id)
        return target

    def trashed(self) -> list[StoredEntry]:
        """Entries in the trash, newest first."""
        from ritual_tui.store.reader import read_entry_file

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


def _subfolders(folder: Path) -> list[Path]:
    try:
        with os.scandir(folder) as listing:
            return [folder / item.name for item in listing if item.is_dir(follow_symlinks=False)]
    except OSError:  # missing, not a folder, unreadable: the full scan reports what matters
        return []


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _conflict_copy_path(target: Path) -> Path:
    moment = stamp()
    candidate = target.with_name(f"{target.stem}.ritual-conflict-{moment}.toml")
    counter = 1
    while candidate.exists():
        candidate = target.with_name(f"{target.stem}.ritual-conflict-{moment}-{counter}.toml")
        counter += 1
    return candidate
