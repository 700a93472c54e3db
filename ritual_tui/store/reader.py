"""Reading entry files into validated entries, without ever changing them."""

from __future__ import annotations

from pathlib import Path

from ritual_tui.models import EntryError, parse_stored_entry
from ritual_tui.store.codec import DecodedFile, decode_entry_bytes, decode_entry_file, digest_of, line_of_key
from ritual_tui.store.errors import FileProblem
from ritual_tui.store.results import StoredEntry

__all__ = ["digest_of", "entry_from_decoded", "parse_entry_bytes", "read_entry_file"]


def read_entry_file(path: Path) -> StoredEntry | FileProblem:
    """Read one file into a StoredEntry, or say precisely why it cannot be read."""
    return entry_from_decoded(decode_entry_file(path))


def parse_entry_bytes(path: Path, data: bytes) -> StoredEntry | FileProblem:
    """Turn a file's bytes into a StoredEntry or a FileProblem (path, reason, line)."""
    return entry_from_decoded(decode_entry_bytes(path, data))


def entry_from_decoded(decoded: DecodedFile | FileProblem | StoredEntry) -> StoredEntry | FileProblem:
    """Validate a decoded file into a StoredEntry; a FileProblem names the field and its line."""
    if isinstance(decoded, (FileProblem, StoredEntry)):
        return decoded
    try:
        entry = parse_stored_entry(decoded.document)
    except EntryError as error:
        message = str(error)
        key = message.split(":", 1)[0].split(".", 1)[0]
        return FileProblem(decoded.path, f"is not a valid entry: {message}", _line_of(decoded.path, key))
    return StoredEntry(entry, decoded.path, decoded.digest, read_only=decoded.read_only, notices=decoded.notices)


def _line_of(path: Path, key: str) -> int | None:
    """The line of `key` in the file (read again: only files that fail validation need it)."""
    try:
        return line_of_key(path.read_bytes(), key)
    except OSError:
        return None
