"""Loading the journal: the quick first look, then the whole history in a worker, for RitualApp.

Today is drawn from `quick.QuickJournal` before anything else; once it is on screen a worker
thread catches the catalog up with the files (see `catalog`), builds the full `Journal` and posts
it to the app as a message, then loads pydantic, the settings and the other screens' code.
"""

from __future__ import annotations

import gc
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

from ritual_tui.queries import DaySettings, JournalQueries
from ritual_tui.quick import QuickJournal

if TYPE_CHECKING:
    from ritual_tui.journal import Journal
    from ritual_tui.settings import Settings
    from ritual_tui.store.results import ScanResult
    from ritual_tui.store.store import Store


class HistoryRead(Message):
    """Posted by the loading worker: the whole history, read and ready."""

    def __init__(self, journal: Journal, scan: ScanResult) -> None:
        super().__init__()
        self.journal = journal
        self.scan = scan
        self.taken_in = threading.Event()
        """Set once the app has taken the history in and redrawn (the worker waits for it)."""


class SettingsRead(Message):
    """Posted by the loading worker once config.toml was read and validated."""


class JournalLoading:
    """RitualApp's journal, store and settings, and how the history gets loaded (a mixin)."""

    @property
    def store(self) -> Store:
        """The data folder's files (one Store, shared by the loading thread and every save)."""
        if self._store is None:
            from ritual_tui.store.store import Store

            self._store = Store(self.locations.data_dir)
        return self._store

    def _new_journal(self) -> Journal:
        from ritual_tui.journal import Journal

        config = self.locations.config_file
        return Journal(self.store, clock=self.clock, config_file=config, day_settings=self.quick_settings)

    @property
    def journal(self) -> Journal:
        """The full journal; if the loading thread has not handed it over yet, one with recent entries now."""
        if self._journal is None:
            journal = self._new_journal()
            journal.load_recent()
            self._adopt(journal)
        assert self._journal is not None
        return self._journal

    @property
    def today_source(self) -> JournalQueries:
        """What Today is drawn from: the full journal once there is one, else the quick first look."""
        if self._journal is not None:
            return self._journal
        if self._quick is None:
            self._quick = QuickJournal(self.locations.entries_dir, self.quick_settings, self.clock)
        return self._quick

    @property
    def settings(self) -> Settings:
        """The user's settings (validated)."""
        return self.journal.settings

    @property
    def day_settings(self) -> DaySettings:
        """The settings the day's rules read, without waiting for the full journal."""
        return self._journal.day_settings if self._journal is not None else self.quick_settings

    def _adopt(self, journal: Journal, redraw: bool = True) -> Journal:
        """Take the first full journal built (by the loading thread or on demand) and redraw."""
        if self._journal is None:
            self._journal = journal
            if redraw and self.is_running:
                self._redraw_screens()
        return self._journal

    def _settings_read(self) -> None:
        """The validated settings are in (read by the loading thread): report a broken config.toml, redraw."""
        error = self.journal.settings_error
        if error and not self._config_error_shown:
            self._config_error_shown = True
            self.notify(error, severity="warning", timeout=12, markup=False)  # it may quote config.toml
        self._redraw_screens()
        other_screens_css = Path(__file__).parent / "screens" / "screens.tcss"
        if not self.stylesheet.has_source(str(other_screens_css), ""):
            self.stylesheet.read(other_screens_css)
            self.stylesheet.reparse()
            self.stylesheet.update(self)
        gc.freeze()  # pydantic, the other screens' code and styles: as long-lived as the history (below)
        from ritual_tui.screens import prepare_browser

        prepare_browser(self)  # last: nothing else waits on it

    def _redraw_screens(self) -> None:
        for screen in self.screen_stack:
            refresh = getattr(screen, "history_loaded", None)
            if refresh is not None:
                refresh()

    def _start_history(self) -> None:
        self.run_worker(self._read_history, thread=True, exit_on_error=False, name="history")

    def build_catalog_ahead(self) -> None:
        """With no catalog at all, start its build's helper process now, before Today is drawn: it
        walks and parses on the core the first frame leaves idle (see `catalog.ahead`)."""
        catalog_file = self.locations.catalog_file
        if catalog_file.exists():
            return  # the usual start: nothing more is imported or started
        from ritual_tui.catalog.ahead import start_early
        from ritual_tui.catalog.catalog import HELPED_FROM
        from ritual_tui.clock import ritual_day

        today = ritual_day(self.clock(), self.day_settings.day_start_hour)
        start_early(catalog_file, self.locations.entries_dir, today, HELPED_FROM)

    def history_scan(self) -> ScanResult:
        """The recent history, from the catalog after it caught up with the files (or every entry,
        from the files alone, when the catalog cannot be used: the files are the truth either way)."""
        from ritual_tui.catalog import Catalog, CatalogError
        from ritual_tui.clock import ritual_day
        from ritual_tui.queries import RecentHistory

        today = ritual_day(self.clock(), self.day_settings.day_start_hour)
        try:
            catalog = Catalog(self.locations.catalog_file, self.locations.entries_dir, check=True)
            return catalog.scan(self.store, today, RecentHistory.around(today), full=True)  # the safety net: every file
        except CatalogError:
            return self.store.scan()
        finally:
            from ritual_tui.catalog.ahead import drop_early

            drop_early(self.locations.entries_dir)  # started ahead, but no build took it

    def _read_history(self) -> None:
        """In a worker thread: catch the catalog up, build the journal, post it to the app."""
        from textual.worker import get_current_worker

        from ritual_tui.store.atomic import remove_abandoned

        worker = get_current_worker()
        scan = self.history_scan()
        remove_abandoned(scan.temp_files)  # we hold the writer lock: no save of ours is half-done
        journal = self._journal or self._new_journal()
        journal.prepare(scan)
        if worker.is_cancelled:
            return
        read = HistoryRead(journal, scan)
        if not self.post_message(read):
            return
        # Off the critical path: pydantic, the settings and the other screens' code, so the first
        # ritual, edit or browse opens without a wait. Once the app has redrawn with the history:
        # these imports would take the interpreter from that redraw.
        while not read.taken_in.wait(0.05):
            if worker.is_cancelled or not self.is_running:
                return
        import ritual_tui.models  # noqa: F401
        import ritual_tui.screens.browse  # noqa: F401

        journal.settings
        if not worker.is_cancelled:
            self.post_message(SettingsRead())

    def on_history_read(self, message: HistoryRead) -> None:
        """The loading worker's journal is in: take it and redraw."""
        try:
            self._history_read(message.journal, message.scan)
        finally:
            message.taken_in.set()

    def on_settings_read(self, message: SettingsRead) -> None:
        """The validated settings are in."""
        self._settings_read()

    def _history_read(self, journal: Journal, scan) -> None:
        self._adopt(journal, redraw=False).apply_scan(scan)
        self._report_scan()
        self._redraw_screens()
        # What start-up built lives as long as the app: the collector's full passes need not walk
        # it again (at 60 years each walk took 40-80 ms, felt as a stutter while typing a search).
        gc.freeze()

    def _report_scan(self) -> None:
        scan = self.journal.last_scan
        problems = len(scan.problems) + len(scan.conflicts)
        if problems:
            self.notify(f"{problems} file(s) need a look; run `ritual doctor` for details.", severity="warning", timeout=12)

    def on_worker_state_changed(self, event) -> None:
        """A history read that failed is reported without text; the app goes on with what it has."""
        from textual.worker import WorkerState

        if event.worker.name == "history" and event.state == WorkerState.ERROR:
            error = event.worker.error
            self.notify(f"Older entries could not be read ({type(error).__name__}); run `ritual doctor`.", severity="error", timeout=30)
