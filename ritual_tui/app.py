"""RitualApp: the screens, global keys, command palette, theme, and the safety nets around them."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from ritual_tui.clock import now
from ritual_tui.drafting import DraftKeeper
from ritual_tui.paths import Locations
from ritual_tui.queries import DaySettings, JournalQueries
from ritual_tui.quick import QuickJournal, read_quick_settings
from ritual_tui.store.drafts import DraftStore
from ritual_tui.theming import DEFAULT_THEME, load_catalogue, variable_defaults

if TYPE_CHECKING:
    from ritual_tui.journal import Journal
    from ritual_tui.settings import Settings
    from ritual_tui.store.gather import Gatherer
    from ritual_tui.store.store import Store

RITUAL_SCREENS = ("strengths", "gratitude", "exposure", "letter", "browse")


class RitualApp(App[None]):
    """ritual's Textual app: Today first, one screen per ritual on top of it."""

    TITLE = "ritual"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.quit"),
        Binding("f1", "help", "Help", show=False, id="app.help"),
    ]

    def __init__(
        self,
        locations: Locations,
        *,
        start: str = "today",
        theme: str | None = None,
        clock: Callable[[], datetime] = now,
        background_load: bool = True,
        gatherer: Gatherer | None = None,
    ) -> None:
        super().__init__()
        self.locations = locations
        self.gatherer = gatherer
        self.clock = clock
        self.background_load = background_load
        self.start = start
        self.settings_path = locations.config_file
        self.login_state_file = locations.login_state_file
        self.quick_settings, config_error = read_quick_settings(locations.config_file)
        self.keeper = DraftKeeper(DraftStore(locations.drafts_dir))
        self._journal: Journal | None = None
        self._store: Store | None = None
        self._quick: QuickJournal | None = None
        self._config_error_shown = config_error is not None
        self.exit_lines: list[str] = []
        self.startup_notices = [config_error] if config_error else []
        catalogue = load_catalogue(locations.user_themes_dir)
        for registered in catalogue.themes.values():
            self.register_theme(registered)
        self.startup_notices += [f"Theme file {path} skipped: {reason}." for path, reason in catalogue.failures]
        wanted = theme or self.quick_settings.theme or DEFAULT_THEME
        self.theme = wanted if wanted in catalogue.themes else DEFAULT_THEME
        if wanted not in catalogue.themes:
            self.startup_notices.append(f"Theme {wanted!r} was not found; using {DEFAULT_THEME}.")
        self.set_keymap(self.quick_settings.keymap)

    @classmethod
    def for_locations(
        cls,
        locations: Locations,
        *,
        start: str = "today",
        theme: str | None = None,
        clock: Callable[[], datetime] = now,
        background_load: bool = True,
    ) -> RitualApp:
        """Build the app over a data folder and config folder."""
        return cls(locations, start=start, theme=theme, clock=clock, background_load=background_load)

    @property
    def store(self) -> Store:
        """The data folder's files (one Store, shared by the loading thread and every save)."""
        if self._store is None:
            from ritual_tui.store.store import Store

            self._store = Store(self.locations.data_dir, self.locations.index_file)
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
            self.notify(error, severity="warning", timeout=12)
        self._redraw_screens()
        other_screens_css = Path(__file__).parent / "screens" / "screens.tcss"
        if not self.stylesheet.has_source(str(other_screens_css), ""):
            self.stylesheet.read(other_screens_css)
            self.stylesheet.reparse()
            self.stylesheet.update(self)

    def _redraw_screens(self) -> None:
        for screen in self.screen_stack:
            refresh = getattr(screen, "history_loaded", None)
            if refresh is not None:
                refresh()

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """ritual's own variables, defaulting to the current theme's colours."""
        try:
            return variable_defaults(self.current_theme)
        except Exception:  # noqa: BLE001 - no theme chosen yet during start-up
            return {}

    def get_default_screen(self) -> Screen:
        """Today is the first screen, drawn from the entries Today needs (see `on_load`)."""
        from ritual_tui.screens.today import TodayScreen

        return TodayScreen()

    def on_load(self) -> None:
        """Before any screen: a quick look at recent files (or everything, when not loading in the background)."""
        if self.background_load:
            self.today_source
        else:
            scan = self.journal.store.scan()
            self.journal.prepare(scan)
            self.journal.apply_scan(scan)
            gc.freeze()
            self.journal.settings  # read now: a broken config.toml is reported with the other notices
            if self.journal.settings_error and not self._config_error_shown:
                self._config_error_shown = True
                self.startup_notices.append(self.journal.settings_error)

    def on_mount(self) -> None:
        """Start reading history once Today is on screen (it never delays the first frame)."""
        if self.background_load:
            # After the refresh that draws Today, and after anything else waiting on that refresh:
            # the thread competes for the interpreter, so it must not start while Today is drawn.
            self.call_after_refresh(self.call_after_refresh, self._start_history)
        else:
            self._report_scan()
        if self.start in RITUAL_SCREENS:
            self.open_ritual(self.start)
        self.set_interval(0.25, self._tick_drafts)
        for notice in self.startup_notices:
            self.notify(notice, severity="warning", timeout=12)

    def _start_history(self) -> None:
        self.run_worker(self._read_history, thread=True, exit_on_error=False, name="history")

    def _read_history(self) -> None:
        """In a thread: read every file (mostly from the index), then hand the result to the UI."""
        # Building ~15,000 entries would set off full garbage collections that stop the UI thread
        # too (tens of ms each). Nothing made here is cyclic garbage and it all lives as long as the
        # app, so it is frozen out of every later collection before the collector is back on.
        from ritual_tui.store.atomic import remove_abandoned

        gc.disable()
        try:
            gathered = self.gatherer.result() if self.gatherer is not None else None
            if gathered is None and (self._closing or self._closed):
                return
            scan = self.store.scan(gathered)
            remove_abandoned(scan.temp_files)  # we hold the writer lock: no save of ours is half-done
            journal = self._journal or self._new_journal()
            journal.prepare(scan)
            gc.freeze()
        finally:
            gc.enable()
        if not self._hand_over(self._history_read, journal, scan):
            return
        # Off the critical path: pydantic, the settings and the other screens' code, so the first
        # ritual, edit or browse opens without a wait.
        import ritual_tui.models  # noqa: F401
        import ritual_tui.screens.browse  # noqa: F401

        journal.settings
        self._hand_over(self._settings_read)

    def _hand_over(self, callback: Callable[..., object], *args: object) -> bool:
        """`call_from_thread` that gives up once the app is closing; False then.

        A thread blocked on a loop that no longer runs would keep the process alive after quit.
        """
        try:
            future = asyncio.run_coroutine_threadsafe(self._in_app(callback, *args), self._loop)
        except (AttributeError, RuntimeError, TypeError):
            return False
        while True:
            try:
                future.result(timeout=0.1)
                return True
            except TimeoutError:
                if self._closing or self._closed or not self._running:
                    future.cancel()
                    return False

    async def _in_app(self, callback: Callable[..., object], *args: object) -> None:
        with self._context():
            callback(*args)

    def _history_read(self, journal: Journal, scan) -> None:
        self._adopt(journal, redraw=False).apply_scan(scan)
        self._report_scan()
        self._redraw_screens()

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

    def _tick_drafts(self) -> None:
        self.keeper.tick()
        if self.keeper.last_error:
            self.notify(self.keeper.last_error + " Your text is still on screen.", severity="error", timeout=8)

    def open_ritual(self, kind: str) -> None:
        """Push a ritual's screen over the current one."""
        from ritual_tui.screens import screen_for

        screen = screen_for(kind, self)
        if screen is not None:
            self.push_screen(screen)

    def watch_theme(self, theme: str) -> None:
        """Remember a theme picked in the palette."""
        if self.settings_path is not None and self.is_running and theme != self.settings.theme:
            from ritual_tui.settings import save_settings

            self.settings.theme = theme
            try:
                save_settings(self.settings_path, self.settings)
            except OSError:
                self.notify("The theme could not be saved to config.toml.", severity="warning")

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette: the rituals, help, theme and quit; no Screenshot (it writes the screen to disk)."""
        for kind, label in (("strengths", "Morning strengths"), ("gratitude", "Gratitude"), ("exposure", "Exposure practice"), ("letter", "Weekly letter")):
            if self.day_settings.ritual_enabled(kind):
                yield SystemCommand(label, f"Open {label.lower()}", lambda kind=kind: self.open_ritual(kind))
        yield SystemCommand("Browse", "Read past entries and letters", lambda: self.open_ritual("browse"))
        yield SystemCommand("Settings", "Change rituals, the day's start, rest days, theme…", self.action_settings)
        yield SystemCommand("Help", "Show every key", self.action_help)
        yield SystemCommand("Theme", "Change the colour theme", self.action_change_theme)
        yield SystemCommand("Quit", "Quit ritual (unsaved words are kept as drafts)", self.action_quit)

    def action_settings(self) -> None:
        """Open the settings screen."""
        from ritual_tui.screens.settings import SettingsScreen

        if not isinstance(self.screen, SettingsScreen):
            self.push_screen(SettingsScreen())

    def action_help(self) -> None:
        """Show the keys."""
        from ritual_tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def snooze_and_quit(self) -> None:
        """"Later": the login greeting waits `snooze_hours`; unsaved words are kept as usual."""
        if self.login_state_file is not None:
            from ritual_tui.due import snooze

            until = snooze(self.login_state_file, self.clock(), self.quick_settings.snooze_hours)
            self.exit_lines.append(f"ritual: see you later; the login greeting waits until {until:%H:%M}.")
        self.run_worker(self.action_quit())

    async def action_quit(self) -> None:
        """Quit, keeping every unsaved word as a draft (and saying so)."""
        pending = self.keeper.pending or any(getattr(s, "is_dirty", lambda: False)() for s in self.screen_stack)
        for screen in self.screen_stack:
            keep = getattr(screen, "keep_draft", None)
            if keep is not None:
                keep()
        self.keeper.flush()
        if pending:
            self.exit_lines.append("ritual: your unsaved words are kept as a draft and will be offered next time.")
        self.exit()

    def _handle_exception(self, error: Exception) -> None:
        """Never print locals (they hold entry text): keep drafts, show a safe message, exit 1."""
        try:
            self.keeper.flush()
        except Exception:  # noqa: BLE001 - the crash path must not crash
            pass
        self._return_code = 1
        if self._exception is None:
            self._exception = error
            self._exception_event.set()
        from ritual_tui.cli import describe_crash

        self.exit_lines.append(f"ritual: {describe_crash(error)} Unsaved words were kept as a draft.")
        self._close_messages_no_wait()

