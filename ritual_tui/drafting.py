"""Keeping unsaved words safe: the latest fields of every open form, written on a short debounce.

This lives outside the widget tree on purpose: a crash, a closed terminal or SIGTERM can still
flush it (RELIABILITY.md rule 4).
"""

from __future__ import annotations

import time
from typing import Any

from ritual_tui.store import DraftStore

QUIET_SECONDS = 0.8
"""Write a draft once typing pauses this long..."""
MAX_DELAY_SECONDS = 1.8
"""...and at the latest this long after the first unsaved change, even while typing goes on."""


def has_words(fields: dict[str, Any]) -> bool:
    """True when any field holds non-blank text."""
    for value in fields.values():
        if isinstance(value, str) and value.strip():
            return True
        if isinstance(value, list) and any(isinstance(v, str) and v.strip() for v in value):
            return True
    return False


class DraftKeeper:
    """The latest fields per slot, flushed to a DraftStore on a debounce and on every exit path."""

    def __init__(self, store: DraftStore, clock=time.monotonic) -> None:
        self.store = store
        self.clock = clock
        self._pending: dict[str, dict[str, Any]] = {}
        self._first_change: dict[str, float] = {}
        self._last_change: dict[str, float] = {}
        self.last_error: str | None = None

    def update(self, slot: str, fields: dict[str, Any]) -> None:
        """Remember the current fields of a form (cheap; called on every change)."""
        moment = self.clock()
        self._pending[slot] = fields
        self._first_change.setdefault(slot, moment)
        self._last_change[slot] = moment

    def tick(self) -> None:
        """Write the drafts whose debounce has run out (call a few times a second)."""
        moment = self.clock()
        for slot in list(self._pending):
            quiet = moment - self._last_change[slot] >= QUIET_SECONDS
            overdue = moment - self._first_change[slot] >= MAX_DELAY_SECONDS
            if quiet or overdue:
                self._write(slot)

    def flush(self) -> None:
        """Write every pending draft now (quit, signals, crash paths)."""
        for slot in list(self._pending):
            self._write(slot)

    def _write(self, slot: str) -> None:
        fields = self._pending.pop(slot)
        self._first_change.pop(slot, None)
        self._last_change.pop(slot, None)
        try:
            if has_words(fields):
                self.store.write(slot, fields)
            else:
                self.store.discard(slot)
            self.last_error = None
        except OSError as error:
            self._pending.setdefault(slot, fields)  # keep it; try again on the next tick
            self._first_change.setdefault(slot, self.clock())
            self._last_change.setdefault(slot, self.clock())
            self.last_error = f"Draft not saved ({error.strerror or type(error).__name__})."

    def discard(self, slot: str) -> None:
        """Forget a slot's draft (its words are saved as an entry)."""
        self._pending.pop(slot, None)
        self._first_change.pop(slot, None)
        self._last_change.pop(slot, None)
        self.store.discard(slot)

    @property
    def pending(self) -> bool:
        """True while some change is not yet on disk."""
        return bool(self._pending)
