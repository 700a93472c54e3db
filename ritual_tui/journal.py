"""Domain questions over the store: what is due today, consistency, ladders, the week's wins.

No Textual here: screens ask the journal, the journal asks the store.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ritual_tui.due import REFLECTION_WINDOW_DAYS
from ritual_tui.models import (
    RITUAL_KINDS,
    EntryBase,
    ExposureEntry,
    GratitudeEntry,
    LadderStep,
    LetterEntry,
    Outcome,
    StrengthsEntry,
    iso_week,
    now,
    ritual_day,
)
from ritual_tui.settings import Settings
from ritual_tui.store import SaveResult, ScanResult, Store, StoredEntry
from ritual_tui.text import contains_words

RITUAL_NAMES = {
    "strengths": "Morning strengths",
    "gratitude": "Gratitude",
    "exposure": "Exposure practice",
    "letter": "Weekly letter",
}


@dataclass(frozen=True)
class RitualState:
    """One ritual on Today: its kind, its state (`due`, `done`, `open`, `not today`) and a hint."""

    kind: str
    state: str
    hint: str = ""

    @property
    def name(self) -> str:
        """The ritual's name for people."""
        return RITUAL_NAMES[self.kind]


class Journal:
    """Every entry of one data folder, with the questions the screens ask of them."""

    def __init__(self, store: Store, settings: Settings | None = None, clock: Callable[[], datetime] = now) -> None:
        self.store = store
        self.settings = settings or Settings()
        self.clock = clock
        self.stored: list[StoredEntry] = []
        self.last_scan = ScanResult()
        self.complete = False
        """True once every file was read (the full scan may run in the background)."""
        self.version = 0
        """Goes up whenever the entries change, so screens can tell whether to redraw."""
        self._saved_while_loading: dict[str, StoredEntry] = {}
        self._search_text: dict[str, str] = {}
        self._rows: list[tuple[EntryBase, str, str]] | None = None
        self._last_search: tuple[str, str | None, list[tuple[EntryBase, str, str]]] | None = None

    def load(self) -> ScanResult:
        """Read every file (never changing one) and keep the good entries, newest first."""
        return self.apply_scan(self.store.scan())

    def load_recent(self, days: int = 35) -> None:
        """Read only what Today needs (recent days, the memory days, the ladder), from file names.

        The full scan then runs in the background and `apply_scan` completes the journal.
        """
        today = self.today()
        wanted = {today - timedelta(days=back) for back in range(days + 1)}
        wanted |= {today - timedelta(days=back) for back in (365, 30, 7)}
        found = self.store.read_days(wanted)
        self.stored = sorted(found, key=lambda s: (s.entry.day, s.entry.created), reverse=True)
        self._rows = None
        self.complete = False
        self.version += 1

    def folded_text(self, entry: EntryBase) -> str:
        """An entry's words, case-folded, for search (a sealed letter has none until it opens)."""
        if self.is_hidden(entry):
            return ""
        text = self._search_text.get(entry.id)
        if text is None:
            text = self._search_text[entry.id] = entry.searchable_text().casefold()
        return text

    def search(self, query: str, kind: str | None = None) -> list[EntryBase]:
        """Entries (newest first) holding every word of `query`, optionally of one kind."""
        if self._rows is None:
            self._rows = [(s.entry, s.entry.kind, self.folded_text(s.entry)) for s in self.stored]
            self._last_search = None
        folded = query.casefold()
        words = folded.split()
        rows = self._rows if kind is None else [row for row in self._rows if row[1] == kind]
        last = self._last_search
        if last is not None and last[1] == kind and folded.startswith(last[0]):
            rows = last[2]  # typing on only narrows: search within the previous matches
        if not words:
            found = list(rows)
        elif len(words) == 1:  # the common case while typing, kept free of per-row calls
            word = words[0]
            found = [row for row in rows if word in row[2]]
        else:
            found = [row for row in rows if contains_words(row[2], words)]
        self._last_search = (folded, kind, found)
        return [row[0] for row in found]

    def prepare(self, scan: ScanResult) -> None:
        """The slow part of taking a scan, safe to run in the loading thread: newest first, search rows ready."""
        scan.entries.sort(key=lambda s: (s.entry.day, s.entry.created), reverse=True)
        texts, hidden = scan.texts, self.is_hidden
        scan.rows = [(s.entry, s.entry.kind, "" if hidden(s.entry) else texts.get(s.entry.id, "")) for s in scan.entries]

    def apply_scan(self, scan: ScanResult) -> ScanResult:
        """Take a full scan's entries (keeping anything saved while it ran) and mark the journal complete."""
        self._search_text.update(scan.texts)
        saved = self._saved_while_loading
        rows = getattr(scan, "rows", None)
        if saved or rows is None:
            entries = [s for s in scan.entries if s.entry.id not in saved] + list(saved.values())
            self.stored = sorted(entries, key=lambda s: (s.entry.day, s.entry.created), reverse=True)
            self._rows = None
        else:  # prepared in the loading thread: nothing left to do here but take it
            self.stored = scan.entries
            self._rows = rows
        self.last_scan = scan
        self._last_search = None
        self._saved_while_loading = {}
        self.complete = True
        self.version += 1
        return scan

    @property
    def entries(self) -> list[EntryBase]:
        """All entries, newest first."""
        return [s.entry for s in self.stored]

    def today(self) -> date:
        """The current ritual day (the day starts at the configured hour)."""
        return ritual_day(self.clock(), self.settings.day_start_hour)

    def _lookups(self) -> tuple[dict[str, list[EntryBase]], dict[date, list[EntryBase]]]:
        """Entries by kind and by day (newest first), built once per change of the entries."""
        cached = getattr(self, "_lookup_cache", None)
        if cached is not None and cached[0] == (self.version, len(self.stored)):
            return cached[1], cached[2]
        by_kind: dict[str, list[EntryBase]] = {}
        by_day: dict[date, list[EntryBase]] = {}
        for stored in self.stored:
            entry = stored.entry
            by_kind.setdefault(entry.kind, []).append(entry)
            by_day.setdefault(entry.day, []).append(entry)
        self._lookup_cache = ((self.version, len(self.stored)), by_kind, by_day)
        return by_kind, by_day

    def of_kind(self, kind: str) -> list[EntryBase]:
        """Entries of one kind, newest first."""
        return list(self._lookups()[0].get(kind, ()))

    def on_day(self, day: date, kind: str | None = None) -> list[EntryBase]:
        """Entries of a ritual day (optionally of one kind), newest first."""
        return [e for e in self._lookups()[1].get(day, ()) if kind is None or e.kind == kind]

    def stored_of(self, entry_id: str) -> StoredEntry | None:
        """The stored form (path, read-only flag) of an entry."""
        return next((s for s in self.stored if s.entry.id == entry_id), None)

    def todays(self, kind: str) -> EntryBase | None:
        """Today's entry of a once-a-day ritual, if written."""
        found = self.on_day(self.today(), kind)
        return found[0] if found else None

    def this_weeks_letter(self) -> LetterEntry | None:
        """The letter of the current ISO week, if written."""
        week = iso_week(self.today())
        return next((e for e in self.of_kind("letter") if isinstance(e, LetterEntry) and e.week == week), None)

    def states(self) -> list[RitualState]:
        """Each enabled ritual with its state today (on a rest day nothing is due)."""
        today = self.today()
        if self.settings.is_rest_day(today):
            return [
                s if s.state == "done" else RitualState(s.kind, "open", "rest day: only if you feel like it")
                for s in self._states(today)
            ]
        return self._states(today)

    def _states(self, today: date) -> list[RitualState]:
        result = []
        for kind in RITUAL_KINDS:
            if not self.settings.ritual_enabled(kind):
                continue
            if kind in ("strengths", "gratitude"):
                result.append(RitualState(kind, "done" if self.todays(kind) else "due"))
            elif kind == "exposure":
                waiting = self.awaiting_reflection()
                recent = [p for p in waiting if (today - p.day).days <= REFLECTION_WINDOW_DAYS]
                touched = any(e.day == today or e.updated.date() == today for e in self.of_kind("exposure"))
                if recent:
                    result.append(RitualState(kind, "due", f"{len(recent)} to reflect on"))
                elif touched:
                    result.append(RitualState(kind, "done"))
                elif waiting:
                    result.append(RitualState(kind, "open", f"{len(waiting)} older plan(s) waiting"))
                else:
                    result.append(RitualState(kind, "open", "any day you feel ready"))
            else:
                result.append(self._letter_state(today))
        return result

    def _letter_state(self, today: date) -> RitualState:
        if self.this_weeks_letter():
            return RitualState("letter", "done")
        weekday = self.settings.letter_weekday_number
        if today.weekday() >= weekday:
            return RitualState("letter", "due")
        return RitualState("letter", "not today", f"on {self.settings.letter_weekday.capitalize()}")

    def due(self) -> list[RitualState]:
        """Only the rituals that are due today."""
        return [s for s in self.states() if s.state == "due"]

    def days_practised(self, days: int) -> int:
        """On how many of the last `days` ritual days (today included) any ritual was written."""
        today = self.today()
        start = today - timedelta(days=days - 1)
        return len({e.day for e in self.entries if e.kind in RITUAL_KINDS and start <= e.day <= today})

    def consistency_line(self) -> str:
        """A gentle count of practice, never a broken streak."""
        week, month = self.days_practised(7), self.days_practised(30)
        if not week and not month:
            return "Every practice starts with one day. Today can be it."
        line = f"You practised on {week} of the last 7 days and {month} of the last 30."
        today = self.today()
        practised = {e.day for e in self.entries if e.kind in RITUAL_KINDS and e.day >= today - timedelta(days=1)}
        if today not in practised and today - timedelta(days=1) not in practised and not self.settings.is_rest_day(today - timedelta(days=1)):
            line += " Yesterday was a pause; a small practice today keeps the thread."
        return line

    def memory_line(self) -> str | None:
        """A short line from a past entry: a month, a year or a week ago."""
        today = self.today()
        for label, back in (("A year ago", 365), ("A month ago", 30), ("A week ago", 7)):
            for entry in self.on_day(today - timedelta(days=back)):
                if isinstance(entry, GratitudeEntry):
                    return f"{label} you were grateful for: {entry.items[0]}"
                if isinstance(entry, StrengthsEntry):
                    return f"{label} you noticed your {entry.strength.lower()}."
                if isinstance(entry, ExposureEntry) and Outcome(entry.outcome).is_attempt:
                    return f"{label} you tried: {entry.title()}"
        return None

    def letters_opening(self) -> list[LetterEntry]:
        """Sealed letters whose day has come (in the last week), oldest first: Today offers them first."""
        today = self.today()
        return sorted(
            (e for e in self.of_kind("letter") if isinstance(e, LetterEntry) and e.sealed_until is not None
             and today - timedelta(days=7) <= e.sealed_until <= today),
            key=lambda e: e.sealed_until,
        )

    def is_hidden(self, entry: EntryBase) -> bool:
        """True for a letter still sealed today: its words are not shown or searched."""
        return isinstance(entry, LetterEntry) and entry.is_sealed(self.today())

    def yesterday_intention(self) -> StrengthsEntry | None:
        """Yesterday's strengths entry, when it said how the strength would be used."""
        yesterday = self.today() - timedelta(days=1)
        for entry in self.on_day(yesterday, "strengths"):
            if isinstance(entry, StrengthsEntry) and entry.use_today.strip():
                return entry
        return None

    def ladder(self) -> list[LadderStep]:
        """The exposure ladder, easy to hard (by position, then difficulty)."""
        steps = [e for e in self.of_kind("step") if isinstance(e, LadderStep) and not e.archived]
        return sorted(steps, key=lambda s: (s.position, s.difficulty, s.name.casefold()))

    def attempts(self, step_id: str) -> list[ExposureEntry]:
        """Every exposure record on a ladder step, oldest first."""
        found = [e for e in self.of_kind("exposure") if isinstance(e, ExposureEntry) and e.step_id == step_id]
        return sorted(found, key=lambda e: (e.day, e.created))

    def last_adjustment(self, step_id: str) -> str:
        """Last time's "what to adjust" on this step, to open the next plan with."""
        for entry in reversed(self.attempts(step_id)):
            if entry.adjust_next_time.strip():
                return entry.adjust_next_time
        return ""

    def awaiting_reflection(self) -> list[ExposureEntry]:
        """Plans with no outcome yet, oldest first."""
        plans = [e for e in self.of_kind("exposure") if isinstance(e, ExposureEntry) and e.awaiting_reflection]
        return sorted(plans, key=lambda e: (e.day, e.created))

    def week_wins(self, day: date | None = None) -> list[str]:
        """The week's wins: strengths used, gratitude, and exposure attempts (attempts, not outcomes)."""
        week = iso_week(day or self.today())
        wins: list[str] = []
        for entry in sorted(self.entries, key=lambda e: (e.day, e.created)):
            if iso_week(entry.day) != week:
                continue
            if isinstance(entry, StrengthsEntry):
                wins.append(f"Used {entry.strength.lower()}" + (f": {entry.use_today.strip()}" if entry.use_today.strip() else ""))
            elif isinstance(entry, GratitudeEntry):
                wins.extend(f"Grateful for {item}" for item in entry.items)
            elif isinstance(entry, ExposureEntry) and Outcome(entry.outcome).is_attempt:
                wins.append(f"Tried: {entry.title()}")
        return [" ".join(w.split()) for w in wins]

    def save(self, entry: EntryBase) -> SaveResult:
        """Save (stamping `updated`) and keep the in-memory list current."""
        entry = entry.model_copy(update={"updated": self.clock()})
        result = self.store.save(entry)
        self.version += 1
        self._search_text.pop(entry.id, None)
        self._rows = None
        self.stored = [s for s in self.stored if s.entry.id != entry.id]
        if result.conflict_with is not None:
            self.load()  # show both the file on disk and the conflict copy
            return result
        stored = StoredEntry(entry, result.path, "")
        if not self.complete:
            self._saved_while_loading[entry.id] = stored
        self.stored.append(stored)
        self.stored.sort(key=lambda s: (s.entry.day, s.entry.created), reverse=True)
        return result
