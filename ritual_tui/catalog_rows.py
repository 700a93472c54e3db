"""What the catalog keeps of one entry file: a row built from the validated entry."""

from __future__ import annotations

import json
import zlib
from datetime import date
from pathlib import Path
from typing import Any

from ritual_tui.sealing import opens_on
from ritual_tui.store.errors import FileProblem
from ritual_tui.text import entry_title, json_safe, text_fields_of


def row_of_file(entries_dir: Path, relative: str, key: tuple[int, ...], today: date) -> dict[str, Any]:
    """The catalog row of one file: its entry's fields and document, or why it is not an entry."""
    from ritual_tui.store.reader import read_entry_file

    loaded = read_entry_file(entries_dir / relative)
    stat = dict(zip(("mtime", "ctime", "size", "inode", "device"), key))
    if isinstance(loaded, FileProblem):
        return {"path": relative, **stat, "problem": loaded.reason, "line": loaded.line}
    entry = loaded.entry
    document = entry.model_dump(by_alias=True, exclude_none=True, mode="json")
    sealed_until = document.get("sealed_until", "") if entry.kind == "letter" else ""
    is_open = opens_on(entry.kind, sealed_until, today) is None
    title, words = title_and_words(entry.kind, document) if is_open else ("", "")
    return {
        "path": relative, **stat, "id": entry.id, "kind": entry.kind, "day": document["day"],
        "created": document["created"], "updated": document["updated"], "ts": entry.created.timestamp(),
        "title": title, "outcome": document.get("outcome", "") if entry.kind == "exposure" else "",
        "week": document.get("week", "") if entry.kind == "letter" else "", "sealed_until": sealed_until,
        "step_id": document.get("step_id", "") if entry.kind == "exposure" else "", "open": int(is_open),
        "doc": (doc := json_safe(json.dumps(document, ensure_ascii=False))),  # no raw C1/bidi: an export writes it as is
        "doc_crc": zlib.crc32(doc.encode("utf-8")),  # a backup is checked against it before it is written
        "digest": loaded.digest, "read_only": int(loaded.read_only),
        "notices": json.dumps(loaded.notices) if loaded.notices else None, "words": words,
        "extras": int(bool(entry.model_extra)),
    }


def title_and_words(kind: str, document: dict[str, Any]) -> tuple[str, str]:
    """An entry's one-line title and its searchable words (the same rule as the models')."""
    return entry_title(kind, document), "\n".join(text_fields_of(document).values())
