"""The only code that touches the disk: atomic TOML writes, safe reads, lock, drafts, conflicts, index.

Names are imported on first use, so `ritual_tui.catalog` and `.quick` can be used by fast
commands without loading pydantic.
"""

from __future__ import annotations

from ritual_tui import names_on_first_use

_HOMES = {
    "atomic_write": "atomic",
    "remove_stray_temp_files": "atomic",
    "encode_entry": "codec",
    "replace_lone_surrogates": "codec",
    "conflict_tool": "conflicts",
    "Draft": "drafts",
    "DraftStore": "drafts",
    "BlankEntryError": "errors",
    "FileProblem": "errors",
    "ReadOnlyEntryError": "errors",
    "StoreError": "errors",
    "UnsavableTextError": "errors",
    "AlreadyOpenError": "lock",
    "WriterLock": "lock",
    "StoredEntry": "results",
    "read_entry_file": "reader",
    "ConflictCopy": "results",
    "SaveResult": "results",
    "ScanResult": "results",
    "Store": "store",
}

__all__ = sorted(_HOMES)


__getattr__ = names_on_first_use(__name__, _HOMES)
