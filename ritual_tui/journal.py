"""Domain questions over the store: what is due today, consistency, ladders, the week's wins.

No Textual here: screens ask the journal, the journal asks the store.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date, datetime, timedelta
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from ritual_tui.clock import now
from ritual_tui.ladder import ladder_key
from ritual_tui.entry_pages import ListPages, Pages
from ritual_tui.queries import DaySettings, JournalQueries, RecentHistory, group_entries, memory_days, practice_levels
from ritual_tui.sealing import sealed_until
from ritual_tui.store.results import ScanResult, StoredEntry
from ritual_tui.text import starts_words
from ritual_tui.vocabulary import RITUAL_KINDS

T = TypeVar("T")

if TYPE_CHECKING:
    from ritual_tui.catalog import Catalog
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
        self.catalog: Catalog | None = None
        """The catalog the history was read through: lists and search ask it (None: they read the entries in memory)."""

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
        """Read the entries again (never changing a file) and keep the good ones, newest first:
        through the catalog the history was read with (only changed files are parsed, and only
        the recent history is kept in memory), else every file."""
        if self.catalog is not None:
            from ritual_tui.catalog import CatalogError

            today = self.today()
            try:
                return self.apply_scan(self.catalog.scan(self.store, today, RecentHistory.around(today)))
            except (CatalogError, sqlite3.Error):
                self.catalog = None
        return self.apply_scan(self.store.scan())

    def load_recent(self, days: int = 35) -> None:
        """Read only what Today needs (recent days, the memory days, the ladder), from file names.

        The full scan then runs in the background and `apply_scan` completes the journal.
        """
        today = self.today()
        wanted = {today - timedelta(days=back) for back in range(days + 1)}
        wanted |= {day for _, day in memory_days(today)}
        found = once_per_id(self.store.read_days(wanted), self.store.canonical_path)
        self.stored = sorted(found, key=lambda s: (s.entry.day, s.entry.created), reverse=True)
        self.complete = False
        self.version += 1

    def pages(self, query: str = "", kind: str | None = None) -> Pages:
        """Every entry (optionally of one kind) in which every word of `query` begins a word
        (case and accents ignored), newest first, read a page at a time; a sealed letter is never
        found by its words. From the catalog when there is one, else from the entries in memory."""
        today = self.today()
        if self.catalog is not None and self.complete:
            catalog = self.catalog

            def from_catalog() -> Pages:
                catalog.open_letters(today)  # a day that began while the app stayed open may open one
                return catalog.pages(kind, query)

            return self.guarded(from_catalog, lambda: self.pages(query, kind))
        entries = self.entries if kind is None else self.of_kind(kind)
        if query.split():
            entries = [e for e in entries
                       if not (e.kind == "letter" and sealed_until(e, today)) and starts_words(e.searchable_text(), query)]
        return ListPages(entries)

    def search(self, query: str, kind: str | None = None) -> list[EntryBase]:
        """Every entry `pages` finds, newest first."""
        pages = self.pages(query, kind)
        return self.guarded(lambda: pages.window(0, pages.count()), lambda: self.search(query, kind))

    def guarded(self, ask: Callable[[], T], again: Callable[[], T]) -> T:
        """`ask()` of the catalog; when the catalog fails, every file is read into memory instead
        (the files are the truth) and `again()` answers from there."""
        from ritual_tui.catalog import CatalogError

        try:
            return ask()
        except (CatalogError, sqlite3.Error):
            if self.catalog is None:
                raise
            self.catalog.close()
            self.apply_scan(self.store.scan())
            return again()

    def entries_on(self, day: date) -> list[EntryBase]:
        """Every entry of a ritual day, newest first, however long ago."""
        if self.catalog is None or RecentHistory.around(self.today()).holds(day):
            return self.on_day(day)
        catalog = self.catalog
        return self.guarded(lambda: catalog.pages().window(*_day_range(catalog.pages(), day)), lambda: self.on_day(day))

    def practice_levels(self, year: int, kind: str | None = None) -> dict[date, int]:
        """The calendar's level of each day of `year` (see `queries.practice_levels`)."""
        first, last = date(year, 1, 1), date(year, 12, 31)
        catalog = self.catalog
        if catalog is not None:
            return self.guarded(lambda: practice_levels(
                [(date.fromisoformat(d), k, n) for d, k, n in catalog.levels(first, last, RITUAL_KINDS)], kind),
                lambda: self.practice_levels(year, kind))
        counts = [(e.day, e.kind, 1) for e in self.entries if first <= e.day <= last]
        return practice_levels(counts, kind)

    def prepare(self, scan: ScanResult) -> None:
        """The slow part of taking a scan, safe to run in the loading thread: newest first, lookups ready."""
        scan.entries.sort(key=attrgetter("entry.day", "entry.created"), reverse=True)
        scan.lookups = group_entries(scan.entries)

    def apply_scan(self, scan: ScanResult) -> ScanResult:
        """Take a full scan's entries (keeping anything saved while it ran) and mark the journal complete."""
        saved = self._saved_while_loading
        if saved or scan.lookups is None:
            entries = [s for s in scan.entries if s.entry.id not in saved] + list(saved.values())
            self.stored = sorted(entries, key=lambda s: (s.entry.day, s.entry.created), reverse=True)
        else:  # prepared in the loading thread: nothing left to do here but take it
            self.stored = scan.entries
        self.last_scan = scan
        self.catalog = scan.catalog
        for stored in saved.values():  # saved while the catalog was being read: it may not have them
            self._note_saved(stored.path)
        self._saved_while_loading = {}
        self.complete = True
        self.version += 1
        if self.stored is scan.entries and scan.lookups is not None:
            self._lookup_cache = ((self.version, len(self.stored)), *scan.lookups)
        return scan

    def stored_of(self, entry_id: str) -> StoredEntry | None:
        """The stored form (path, read-only flag) of an entry, however old."""
        found = next((s for s in self.stored if s.entry.id == entry_id), None)
        if found is None and self.catalog is not None:
            catalog = self.catalog
            found = self.guarded(lambda: catalog.stored_by_id(entry_id), lambda: self.stored_of(entry_id))
            if found is not None:  # the version a save checks the file against (a changed file gets a conflict copy)
                self.store.remember(found)
        return found

    def ladder(self) -> list[LadderStep]:
        """The exposure ladder, easy to hard (by position, then difficulty)."""
        steps = [e for e in self.of_kind("step") if not e.archived]
        return sorted(steps, key=ladder_key)

    def read_only_ids(self, kind: str) -> set[str]:
        """Ids of the entries of `kind` that a newer ritual wrote: they are never rewritten here."""
        return {s.entry.id for s in self.stored if s.read_only and s.entry.kind == kind}

    def attempts(self, step_id: str) -> list[ExposureEntry]:
        """Every exposure record on a ladder step, oldest first, however old."""
        if self.catalog is not None and self.complete:
            catalog = self.catalog
            return self.guarded(lambda: catalog.of_step(step_id), lambda: self.attempts(step_id))
        found = [e for e in self.of_kind("exposure") if e.step_id == step_id]
        return sorted(found, key=lambda e: (e.day, e.created))

    def last_adjustment(self, step_id: str) -> str:
        """Last time's "what to adjust" on this step, to open the next plan with."""
        for entry in reversed(self.attempts(step_id)):
            if entry.adjust_next_time.strip():
                return entry.adjust_next_time
        return ""

    def week_wins(self, day: date | None = None) -> list[str]:
        """The week's process wins (courage to initiate, persistence, patience, strengths that
        showed up, gratitude): evidence, never intentions or outcomes (see `wins.process_wins`)."""
        from ritual_tui.wins import process_wins

        return process_wins(self, day or self.today())

    def save(self, entry: EntryBase) -> SaveResult:
        """Save (stamping `updated`) and keep the in-memory list current."""
        entry = entry.model_copy(update={"updated": self.clock()})
        result = self.store.save(entry)
        self.version += 1
        self.stored = [s for s in self.stored if s.entry.id != entry.id]
        if result.conflict_with is not None:
            self.load()  # show both the file on disk and the conflict copy
            return result
        stored = StoredEntry(entry, result.path, "")
        if not self.complete:
            self._saved_while_loading[entry.id] = stored
        else:
            self._note_saved(result.path)
        self.stored.append(stored)
        self.stored.sort(key=lambda s: (s.entry.day, s.entry.created), reverse=True)
        return result


    def _note_saved(self, path: Path) -> None:
        """Tell the catalog of a file just written, so lists and search show it at once."""
        if self.catalog is not None:
            catalog = self.catalog
            self.guarded(lambda: catalog.note_saved(path, self.today()), lambda: None)


def _day_range(pages: Pages, day: date) -> tuple[int, int]:
    """The window of `pages` (newest first, every entry) that holds the entries of `day`."""
    start = pages.index_of_day(day)
    if start is None:
        return 0, 0
    following = pages.index_of_day(day - timedelta(days=1)) if day > date.min else None
    return start, (pages.count() if following is None else following) - start


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
