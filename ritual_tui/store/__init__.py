"""The only code that touches the disk: atomic TOML writes, safe reads, lock, drafts, conflicts."""

from ritual_tui.store.atomic import atomic_write, remove_stray_temp_files
from ritual_tui.store.codec import encode_entry, replace_lone_surrogates
from ritual_tui.store.conflicts import conflict_tool
from ritual_tui.store.drafts import Draft, DraftStore
from ritual_tui.store.errors import (
    BlankEntryError,
    FileProblem,
    ReadOnlyEntryError,
    StoreError,
    UnsavableTextError,
)
from ritual_tui.store.lock import AlreadyOpenError, WriterLock
from ritual_tui.store.reader import StoredEntry, read_entry_file
from ritual_tui.store.store import ConflictCopy, SaveResult, ScanResult, Store

__all__ = [
    "AlreadyOpenError",
    "BlankEntryError",
    "ConflictCopy",
    "Draft",
    "DraftStore",
    "FileProblem",
    "ReadOnlyEntryError",
    "SaveResult",
    "ScanResult",
    "Store",
    "StoreError",
    "StoredEntry",
    "UnsavableTextError",
    "WriterLock",
    "atomic_write",
    "conflict_tool",
    "encode_entry",
    "read_entry_file",
    "remove_stray_temp_files",
    "replace_lone_surrogates",
]
