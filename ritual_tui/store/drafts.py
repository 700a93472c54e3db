"""Unsaved work, kept outside the widget tree so no crash or closed terminal loses it."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import tomli_w

from ritual_tui.clock import now
from ritual_tui.store.atomic import atomic_write
from ritual_tui.store.codec import replace_lone_surrogates


@dataclass(frozen=True)
class Draft:
    """The fields of a ritual screen as the user left them."""

    slot: str
    fields: dict[str, Any]
    saved: datetime


class DraftStore:
    """One draft file per slot (a ritual, or an entry being edited) under `drafts/`."""

    def __init__(self, drafts_dir: Path) -> None:
        self.drafts_dir = drafts_dir

    def _path(self, slot: str) -> Path:
        safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in slot)
        return self.drafts_dir / f"{safe}.toml"

    def write(self, slot: str, fields: dict[str, Any]) -> None:
        """Save the draft crash-safely; broken characters become U+FFFD rather than fail."""
        clean = _clean(fields)
        document = {"slot": slot, "saved": now(), "fields": clean}
        atomic_write(self._path(slot), tomli_w.dumps(document, multiline_strings=True).encode("utf-8"))

    def read(self, slot: str) -> Draft | None:
        """The draft for `slot`, or None when there is none (or it cannot be read)."""
        try:
            document = tomllib.loads(self._path(slot).read_text("utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
            return None
        fields = document.get("fields")
        saved = document.get("saved")
        if not isinstance(fields, dict) or not isinstance(saved, datetime):
            return None
        return Draft(slot, fields, saved)

    def discard(self, slot: str) -> None:
        """Remove the draft once its text is safely saved (or the user chose to drop it)."""
        try:
            self._path(slot).unlink()
        except FileNotFoundError:
            pass

    def slots(self) -> list[str]:
        """Every slot that has a draft."""
        if not self.drafts_dir.is_dir():
            return []
        return sorted(p.stem for p in self.drafts_dir.glob("*.toml"))


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return replace_lone_surrogates(value)[0]
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value if v is not None]
    return value
