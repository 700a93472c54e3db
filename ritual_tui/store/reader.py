"""Reading entry files without ever changing them."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ritual_tui.models import EntryError, parse_entry
from ritual_tui.store.codec import BOM, decode_document, line_of_key
from ritual_tui.store.errors import FileProblem
from ritual_tui.store.results import StoredEntry
from ritual_tui.vocabulary import SCHEMA_VERSION


def digest_of(data: bytes) -> str:
    """A fingerprint of a file's bytes, used to notice a file changed under us."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def read_entry_file(path: Path) -> StoredEntry | FileProblem:
    """Read one file into a StoredEntry, or say precisely why it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as error:
        return FileProblem(path, f"cannot be opened ({error.strerror or type(error).__name__})")
    return parse_entry_bytes(path, data)


def parse_entry_bytes(path: Path, data: bytes) -> StoredEntry | FileProblem:
    """Turn a file's bytes into a StoredEntry or a FileProblem (path, reason, line)."""
    document = decode_document(path, data)
    if isinstance(document, FileProblem):
        return document
    schema = document.get("schema", 1)
    notices = []
    if data.startswith(BOM):
        notices.append("starts with a byte-order mark (read fine; dropped on the next save)")
    read_only = isinstance(schema, int) and schema > SCHEMA_VERSION
    if read_only:
        notices.append(f"written by a newer ritual (schema {schema}); read-only here")
    try:
        entry = parse_entry(document)
    except EntryError as error:
        message = str(error)
        key = message.split(":", 1)[0].split(".", 1)[0]
        return FileProblem(path, f"is not a valid entry: {message}", line_of_key(data, key))
    return StoredEntry(entry, path, digest_of(data), read_only=read_only, notices=notices)
