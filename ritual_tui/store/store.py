"""The journal's files on disk: listing, reading, saving, trashing. The only code that writes."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ritual_tui.clock import stamp
from ritual_tui.paths import ensure_private_dir
from ritual_tui.store.atomic import atomic_write
from ritual_tui.store.conflicts import conflict_tool
from ritual_tui.store.errors import BlankEntryError, FileProblem, ReadOnlyEntryError
from ritual_tui.store.index import INDEX_TAG, EntryIndex, group_of, record_words
from ritual_tui.store.lazy import LazyEntry
from ritual_tui.store.results import ConflictCopy, SaveResult, ScanResult, StoredEntry
from ritual_tui.text import json_safe, text_fields_of

if TYPE_CHECKING:
    from ritual_tui.models import EntryBase
    from ritual_tui.store.gather import Gathered

_COMMON_FIELDS = {"schema_version", "id", "kind", "day", "created", "updated"}


class Store:
    """One data folder of entry files: `entries/<kind>/<YYYY>/<YYYY-MM-DD>-<id>.toml`."""

    def __init__(self, data_dir: Path, index_file: Path | None = None) -> None:
        self.data_dir = data_dir
        self.entries_dir = data_dir / "entries"
        self.trash_dir = data_dir / "trash"
        self.index = EntryIndex(index_file, INDEX_TAG)
        self._known: dict[str, tuple[Path, str]] = {}
        # A scan may run in a background thread while the user saves: saves win.
        self._lock = threading.Lock()
        self._saves = 0
        self._saved_at: dict[str, int] = {}

    def canonical_path(self, entry: EntryBase) -> Path:
        """Where an entry lives when nothing else claims its id."""
        day = entry.day
        return self.entries_dir / entry.kind / f"{day:%Y}" / f"{day.isoformat()}-{entry.id}.toml"

    def scan(self, gathered: Gathered | None = None) -> ScanResult:
        """Read every file (from the index where unchanged); report unreadable ones and conflicts.

        A folder that cannot be listed, or a link that is not followed, is reported among the
        problems too (see `store.index.walk_entry_files`): nothing is left out silently.

        `gathered` comes from a helper process (see `store.gather`); without it this gathers here.
        Never changes a byte of an entry file; refreshes the derived index when anything changed.
        """
        from ritual_tui.store.gather import decode_dirty, gather

        if gathered is None:
            gathered = gather(self.entries_dir, self.index.path, self.index.version_tag)
        result = ScanResult()
        result.problems += [FileProblem(self.entries_dir / relative, reason) for relative, reason in gathered.unreadable]
        by_id: dict[str, StoredEntry] = {}
        started = self._saves
        folders: dict[str, Callable[[str], Path]] = {}
        kept: dict[str, dict] = {}
        for relative, record in gathered.records.items():
            group, _, name = relative.rpartition("/")
            child = folders.get(group)
            if child is None:  # pathlib's own quick child constructor, where it has one
                folder = self.entries_dir / group
                child = folders[group] = getattr(folder, "_make_child_relpath", folder.joinpath)
            loaded = _from_record(child(name), record)
            kept[relative] = record
            result.texts[loaded.entry.id] = record_words(record)
            self._take(loaded, name, by_id, result)
        if gathered.dirty:
            from ritual_tui.store.reader import entry_from_decoded

            decode_dirty(self.entries_dir, gathered)
            for relative, key in gathered.dirty:
                loaded = entry_from_decoded(gathered.decoded.pop(relative))  # each document freed once taken
                if isinstance(loaded, FileProblem):
                    result.problems.append(loaded)
                    continue
                if loaded.entry.model_extra:  # fields from a newer ritual: always read from the file
                    result.texts[loaded.entry.id] = loaded.entry.searchable_text().casefold()
                else:
                    record = kept[relative] = index_record(loaded, key)
                    result.texts[loaded.entry.id] = record_words(record)
                self._take(loaded, relative.rpartition("/")[2], by_id, result)
        result.temp_files = [self.entries_dir / relative for relative in gathered.temp]
        dirty_groups = gathered.stale_groups | {group_of(relative) for relative, _ in gathered.dirty}
        if dirty_groups:
            self.index.save(kept, dirty_groups)
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
        from ritual_tui.store.codec import encode_entry
        from ritual_tui.store.reader import digest_of, parse_entry_bytes

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
        with self._lock:
            self._saves += 1
            self._saved_at[entry.id] = self._saves
            self._known[entry.id] = (target, digest_of(data))
        return SaveResult(target)

    def save_conflict_copy(self, entry: EntryBase) -> SaveResult:
        """Write `entry` as a conflict copy beside its file, which stays as it is (both are kept).

        For words made from an older version of the file (a stale draft): never the file itself.
        """
        from ritual_tui.store.codec import encode_entry

        if entry.is_blank():
            raise BlankEntryError()
        known = self._known.get(entry.id)
        target = known[0] if known else self.canonical_path(entry)
        data = encode_entry(entry)
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


def index_record(stored: StoredEntry, key: list[int]) -> dict:
    """What the index keeps of one file: its whole document as JSON text, and what lists need at hand."""
    entry = stored.entry
    document = entry.model_dump(by_alias=True, exclude_none=True, mode="json")
    record = {
        "key": key,
        "head": [entry.kind, document["day"], entry.id, document["created"], document["updated"],
                 document.get("outcome", ""), document.get("week", ""), document.get("sealed_until", "")],
        "ts": entry.created.timestamp(),
        "title": entry.title(),
        "text": "\n".join(text_fields_of(document).values()).casefold(),  # = entry.searchable_text(), one dump
        "doc": json_safe(json.dumps(document, ensure_ascii=False)),  # an export writes it as it is: no raw C1/bidi
        "digest": stored.digest,
    }
    if stored.read_only or stored.notices:
        record.update(read_only=stored.read_only, notices=stored.notices)
    return record


def _from_record(path: Path, record: dict) -> StoredEntry:
    """An entry from its index record; fields are decoded and validated on first use (see `store.lazy`)."""
    entry = LazyEntry(record["head"], record["title"], record["blob"], record["at"])
    if "notices" not in record:
        return StoredEntry(entry, path, record["digest"])
    return StoredEntry(entry, path, record["digest"], read_only=record["read_only"], notices=list(record["notices"]))


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
