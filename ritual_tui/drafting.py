"""Keeping unsaved words safe: the latest fields of every open form, written on a short debounce.

This lives outside the widget tree on purpose: a crash, a closed terminal or SIGTERM can still
flush it (RELIABILITY.md rule 4). It also knows the truth about where the words are: in the data
folder, in the spare folder, or on no disk at all (rule 12), and says so once, not on every try.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ritual_tui.store.drafts import ASKED_FIELDS, NEW, Draft, DraftStore
from ritual_tui.text import visible

QUIET_SECONDS = 0.8
"""Write a draft once typing pauses this long..."""
MAX_DELAY_SECONDS = 1.8
"""...and at the latest this long after the first unsaved change, even while typing goes on."""
RETRY_SECONDS = 1.0
"""How often a draft that could not be written anywhere is tried again."""

HOME, SPARE, NOWHERE = "home", "spare", "nowhere"


def has_words(fields: dict[str, Any]) -> bool:
    """True when any field holds non-blank text (the questions a form keeps beside its words aside)."""
    for key, value in fields.items():
        if key in ASKED_FIELDS:
            continue
        if isinstance(value, str) and value.strip():
            return True
        if isinstance(value, list) and any(isinstance(v, str) and v.strip() for v in value):
            return True
    return False


@dataclass(frozen=True)
class DraftNews:
    """What the user should be told about where drafts go, once, when it changes."""

    message: str
    title: str
    severity: str
    timeout: float
    clears: bool = False
    """True when an earlier sticky notice is no longer true and should go."""


@dataclass(frozen=True)
class Offer:
    """Unsaved words a form finds for its slot as it opens (`DraftKeeper.on_offer`)."""

    fields: dict[str, Any]
    made_from: str
    """The version of the file the words were made from (NEW for a new entry)."""
    draft: Draft | None
    """The draft on disk they were read from; None for words held in memory."""

    def since(self, today: date) -> str:
        """When the draft on disk was saved, as " from Fri 09:12" in the last week, else with its
        date (" from Fri 9 Oct 09:12", and the year if another); empty for words held in memory."""
        if self.draft is None:
            return ""
        saved = self.draft.saved
        if 0 <= (today - saved.date()).days < 7:
            return f" from {saved:%a %H:%M}"
        return f" from {saved:%a %-d %b}{'' if saved.year == today.year else f' {saved.year}'} {saved:%H:%M}"


@dataclass
class _Change:
    fields: dict[str, Any] | None
    made_from: str
    first: float
    last: float


class DraftKeeper:
    """The latest fields per slot, flushed to a DraftStore on a debounce and on every exit path."""

    def __init__(self, store: DraftStore, clock=time.monotonic) -> None:
        self.store = store
        self.clock = clock
        self._pending: dict[str, _Change] = {}
        self._stranded: dict[str, str] = {}
        """Slots whose latest words are on no disk, with the reason."""
        self._retry_at = 0.0
        self._kept: dict[str, Path] = {}
        self._told = HOME

    def update(self, slot: str, fields: dict[str, Any] | None, made_from: str = NEW) -> None:
        """Remember the current fields of a form (cheap; called on every change).

        `made_from` is the version of the file the form was opened from; `fields=None` says the
        form is back to what is on disk, so its draft goes.
        """
        moment = self.clock()
        earlier = self._pending.get(slot)
        first = earlier.first if earlier is not None else moment
        self._pending[slot] = _Change(fields, made_from, first, moment)

    def latest(self, slot: str) -> tuple[dict[str, Any], str] | None:
        """A slot's words not yet written (they may be on no disk) and their version, or None."""
        change = self._pending.get(slot)
        return (change.fields, change.made_from) if change is not None and change.fields else None

    def on_offer(self, slot: str) -> Offer | None:
        """The words a form of `slot` offers back as it opens: those held in memory first (they may
        be on no disk), else the draft on disk; None when neither holds a word."""
        held = self.latest(slot)
        if held is not None:
            return Offer(held[0], held[1], None)
        draft = self.store.read(slot)
        return Offer(draft.fields, draft.made_from, draft) if draft is not None and has_words(draft.fields) else None

    def tick(self) -> None:
        """Write the drafts whose debounce has run out (call a few times a second)."""
        moment = self.clock()
        for slot, change in list(self._pending.items()):
            if slot in self._stranded and moment < self._retry_at:
                continue
            if moment - change.last >= QUIET_SECONDS or moment - change.first >= MAX_DELAY_SECONDS:
                self._write(slot)

    def flush(self) -> None:
        """Write every pending draft now (quit, signals, crash paths)."""
        for slot in list(self._pending):
            self._write(slot)

    def _write(self, slot: str) -> None:
        change = self._pending.pop(slot)
        try:
            if change.fields is None or not has_words(change.fields):
                self.store.discard(slot)
                self._kept.pop(slot, None)
            else:
                self._kept[slot] = self.store.write(slot, change.fields, change.made_from)
        except OSError as error:
            self._pending.setdefault(slot, change)  # keep it; try again soon
            self._stranded[slot] = error.strerror or type(error).__name__
            self._retry_at = self.clock() + RETRY_SECONDS
            return
        self._stranded.pop(slot, None)

    def discard(self, slot: str) -> None:
        """Forget a slot's draft (its words are saved as an entry)."""
        self._pending.pop(slot, None)
        self._stranded.pop(slot, None)
        self._kept.pop(slot, None)
        self.store.discard(slot)

    @property
    def pending(self) -> bool:
        """True while some change is not yet on disk."""
        return bool(self._pending)

    @property
    def stranded(self) -> bool:
        """True while some unsaved words could not be written to any disk."""
        return bool(self._stranded)

    @property
    def stranded_reason(self) -> str:
        """Why the words are on no disk (empty when they are on one)."""
        return next(iter(self._stranded.values()), "")

    def where(self, slot: str) -> str:
        """Where a slot's latest words are: HOME (the data folder), SPARE or NOWHERE."""
        if slot in self._stranded:
            return NOWHERE
        kept = self._kept.get(slot)
        return SPARE if kept is not None and self.store.is_spare(kept) else HOME

    def _place(self) -> str:
        if self._stranded:
            return NOWHERE
        return SPARE if any(self.store.is_spare(path) for path in self._kept.values()) else HOME

    def take_news(self) -> DraftNews | None:
        """What changed about where drafts go since the user was last told (None: nothing)."""
        place, told = self._place(), self._told
        if place == told:
            return None
        self._told = place
        if place == NOWHERE:
            return DraftNews(
                f"NOT saved: your unsaved words could not be written anywhere ({self.stranded_reason}). "
                "They are only on screen; ritual keeps trying and will not quit without asking.",
                "Draft NOT saved",
                "error",
                3600,
            )
        spare = visible(str(self.store.spare_dir))
        folder = f" (in {spare})" if place == SPARE else ""
        if told == NOWHERE:  # the sticky notice is out of date; say more only if a draft waits
            message = f"Your unsaved words are on disk again, as a draft{folder}." if self._kept else ""
            return DraftNews(message, "Draft saved", "information", 6, clears=True)
        if place == SPARE:
            reason = self.store.home_error or "it cannot be written"
            return DraftNews(
                f"The data folder cannot take drafts ({reason}); they are kept in {spare} "
                "and offered back from there.",
                "Draft kept elsewhere",
                "warning",
                12,
            )
        return None


def tell_draft_news(app) -> None:
    """Show the keeper's news, if any, as one notification (clearing a sticky one that is out of date)."""
    news = app.keeper.take_news()
    if news is None:
        return
    if news.clears:
        app.clear_notifications()
    if news.message:
        app.notify(news.message, title=news.title, severity=news.severity, timeout=news.timeout, markup=False)
