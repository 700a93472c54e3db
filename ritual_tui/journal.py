"""Domain questions over the store: what is due today, consistency, ladders, the week's wins.

No Textual here: screens ask the journal, the journal asks the store.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING

from ritual_tui.clock import iso_week, now
from ritual_tui.ladder import ladder_key
from ritual_tui.queries import DaySettings, JournalQueries, group_entries
from ritual_tui.sealing import shown_words
from ritual_tui.store.results import ScanResult, StoredEntry
from ritual_tui.text import contains_words
from ritual_tui.vocabulary import ATTEMPT_OUTCOMES

if TYPE_CHECKING:
    from ritual_tui.models import EntryBase, ExposureEntry, LadderStep
    from ritual_tui.settings import Settings
    from ritual_tui.store import SaveResult, Store


class Journal(JournalQueries):
    """Every entry of one data folder (validated models), with the questions the screens ask of them."""

    def __init__(
        self,
        store: Store,
        settings: Settings | None = None,
        clock: Callable[[], datetime] = now,
        *,
        config_file: Path | None = None,
        day_settings: DaySettings | None = None,
    ) -> None:
        """`settings`, or else read from `config_file` on first use (the rules use `day_settings` till then)."""
        self.store = store
        self._settings = settings
        self._config_file = config_file
        self._day_settings = day_settings
        self.settings_error: str | None = None
        """Why config.toml could not be used, once the settings were read (None when fine)."""
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

    @property
    def settings(self) -> Settings:
        """The validated settings (read from config.toml on first use; importing pydantic takes ~0.1 s)."""
        if self._settings is None:
            from ritual_tui.settings import Settings, load_settings

            if self._config_file is None:
                self._settings = Settings()
            else:
                loaded = load_settings(self._config_file)
                self._settings, self.settings_error = loaded.settings, loaded.error
        return self._settings

    @settings.setter
    def settings(self, settings: Settings) -> None:
        self._settings = settings

    @property
    def day_settings(self) -> DaySettings:
        """What the day's rules read: the full settings once read, else the quick ones."""
        if self._settings is None and self._day_settings is not None:
            return self._day_settings
        return self.settings

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
        found = once_per_id(self.store.read_days(wanted), self.store.canonical_path)
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
        scan.entries.sort(key=attrgetter("entry.day", "entry.created"), reverse=True)
        texts, today = scan.texts, self.today()
        scan.rows = [
            (e, e.kind, shown_words(e, today, texts.get(e.id, "")))
            for e in (s.entry for s in scan.entries)
        ]
        scan.lookups = group_entries(scan.entries)

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
        if self.stored is scan.entries and scan.lookups is not None:
            self._lookup_cache = ((self.version, len(self.stored)), *scan.lookups)
        return scan

    def stored_of(self, entry_id: str) -> StoredEntry | None:
        """The stored form (path, read-only flag) of an entry."""
        return next((s for s in self.stored if s.entry.id == entry_id), None)

    def ladder(self) -> list[LadderStep]:
        """The exposure ladder, easy to hard (by position, then difficulty)."""
        steps = [e for e in self.of_kind("step") if not e.archived]
        return sorted(steps, key=ladder_key)

    def read_only_ids(self, kind: str) -> set[str]:
        """Ids of the entries of `kind` that a newer ritual wrote: they are never rewritten here."""
        return {s.entry.id for s in self.stored if s.read_only and s.entry.kind == kind}

    def attempts(self, step_id: str) -> list[ExposureEntry]:
        """Every exposure record on a ladder step, oldest first."""
        found = [e for e in self.of_kind("exposure") if e.step_id == step_id]
        return sorted(found, key=lambda e: (e.day, e.created))

    def last_adjustment(self, step_id: str) -> str:
        """Last time's "what to adjust" on this step, to open the next plan with."""
        for entry in reversed(self.attempts(step_id)):
            if entry.adjust_next_time.strip():
                return entry.adjust_next_time
        return ""

    def week_wins(self, day: date | None = None) -> list[str]:
        """The week's wins: strengths used, gratitude, and exposure attempts (attempts, not outcomes)."""
        week = iso_week(day or self.today())
        wins: list[str] = []
        for entry in sorted(self.entries, key=lambda e: (e.day, e.created)):
            if iso_week(entry.day) != week:
                continue
            if entry.kind == "strengths":
                wins.append(f"Used {entry.strength.lower()}" + (f": {entry.use_today.strip()}" if entry.use_today.strip() else ""))
            elif entry.kind == "gratitude":
                wins.extend(f"Grateful for {item}" for item in entry.items)
            elif entry.kind == "exposure" and entry.outcome in ATTEMPT_OUTCOMES:
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


def once_per_id(stored: list[StoredEntry], canonical_path: Callable[[EntryBase], Path] | None = None) -> list[StoredEntry]:
    """`stored` with one file per entry id, in order: a file manager's copy ("X copy.toml") shares its id.

    The file at the entry's own place (`canonical_path`) wins, else the first; the full scan
    reports the others as duplicates (RELIABILITY.md rule 17).
    """
    chosen: dict[str, StoredEntry] = {}
    for item in stored:
        other = chosen.get(item.entry.id)
        if other is None:
            chosen[item.entry.id] = item
        elif canonical_path is not None and item.path == canonical_path(item.entry) != other.path:
            chosen[item.entry.id] = item
    return list(chosen.values())
