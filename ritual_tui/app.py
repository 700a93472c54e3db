"""RitualApp: the screens, global keys, command palette, theme, and the safety nets around them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from ritual_tui.clock import now
from ritual_tui.loading import JournalLoading
from ritual_tui.paths import Locations
from ritual_tui.quick import QuickJournal
from ritual_tui.quick_settings import read_quick_settings
from ritual_tui.rituals import CLI_SCREENS, RITUALS
from ritual_tui.theming import DEFAULT_THEME, describe_failure, install_themes, load_catalogue, use_theme, variable_defaults

if TYPE_CHECKING:
    from ritual_tui.drafting import DraftKeeper
    from ritual_tui.journal import Journal
    from ritual_tui.store.store import Store

RITUAL_SCREENS = (*CLI_SCREENS, "browse")


def _start_up_done() -> None:
    """After the first frame: the collector, off since `launch.run_app`, runs again, and what start-up
    built (it lives as long as the app) is left out of its passes."""
    import gc

    if not gc.isenabled():
        gc.freeze()
        gc.enable()


class RitualApp(JournalLoading, App[None]):
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
    ) -> None:
        super().__init__()
        self.locations = locations
        self.clock = clock
        self.background_load = background_load
        self.start = start
        self.held_keys: list[tuple[str, str | None]] | None = [] if start in RITUAL_SCREENS else None
        """Keys typed before the start screen is ready (None once it is): they are its words, not Today's keys."""
        self.settings_path = locations.config_file
        self.login_state_file = locations.login_state_file
        self.quick_settings, config_error = read_quick_settings(locations.config_file)
        self._keeper: DraftKeeper | None = None  # made when a form first needs it: not before the first frame
        self._journal: Journal | None = None
        self._store: Store | None = None
        self._quick: QuickJournal | None = None
        self._config_error_shown = config_error is not None
        self.exit_lines: list[str] = []
        self.crashed = False
        self.crash_line = ""
        """The one safe line about an unhandled error; `launch` prints it once the terminal is back."""
        # Textual prints an unhandled error's traceback, with local variables (entry text), to
        # its public `error_console` when it closes. Nothing ritual needs goes there, so it goes
        # nowhere: even if an upgrade stopped calling the hook below, no entry text could leak.
        from io import StringIO

        from rich.console import Console

        self.error_console = Console(file=StringIO(), markup=False, highlight=False)
        self.startup_notices = [config_error] if config_error else []
        catalogue = load_catalogue(locations.user_themes_dir)
        install_themes(self, catalogue)  # only themes that can be loaded again at the next start
        self.startup_notices += [describe_failure(path, reason) for path, reason in catalogue.failures]
        wanted = theme or self.quick_settings.theme or DEFAULT_THEME
        use_theme(self, wanted if wanted in catalogue.themes else DEFAULT_THEME)
        if wanted not in catalogue.themes:
            self.startup_notices.append(f"Theme {wanted!r} was not found; using {DEFAULT_THEME}.")
        if self.quick_settings.keymap:
            from ritual_tui.widgets.field_keys import keymap_for_fields  # (imports the form widgets: only when needed)

            keymap, clashes = keymap_for_fields(self.quick_settings.keymap)  # never a key a text field takes first
            self.quick_settings = self.quick_settings._replace(keymap=keymap)
            self.startup_notices += clashes
        self.set_keymap(self.quick_settings.keymap)

    @property
    def keeper(self) -> DraftKeeper:
        """The draft keeper: every open form's latest words, written on a debounce and on every exit path."""
        if self._keeper is None:
            from ritual_tui.drafting import DraftKeeper
            from ritual_tui.store.drafts import DraftStore

            self._keeper = DraftKeeper(DraftStore(self.locations.drafts_dir, self.locations.spare_drafts_dir))
        return self._keeper

    def flush_drafts(self) -> bool:
        """Write every held draft now (safe from a signal handler); True when some words are on no disk.
        Before any form asked for the keeper there is nothing to write, and nothing is imported."""
        keeper = self._keeper
        if keeper is None:
            return False
        keeper.flush()
        return keeper.stranded

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """ritual's own variables, defaulting to the current theme's colours."""
        try:
            return variable_defaults(self.current_theme)
        except Exception:  # noqa: BLE001 - no theme chosen yet during start-up
            return {}

    def get_driver_class(self):
        """Textual's driver for this terminal, reading on after input that is not UTF-8 (see `terminal_input`)."""
        from ritual_tui.terminal_input import tolerant

        return tolerant(super().get_driver_class())

    def on_input_not_utf8(self) -> None:
        """The terminal sent bytes that are not UTF-8: say that a few keystrokes were left out."""
        self.notify("Your terminal sent characters that are not UTF-8, so a few keystrokes were left out. "
                    "Check that its encoding is UTF-8.", severity="warning", timeout=12)

    def on_input_is_no_terminal(self) -> None:
        """Nothing can be typed here (see `terminal_input`): close at once, saying why."""
        self.exit_lines.append("ritual: the app needs a terminal to type in, and its input is not one; "
                               "`ritual list`, `ritual due` and the other commands work anywhere.")
        self.exit(return_code=2)

    def get_default_screen(self) -> Screen:
        """Today is the first screen, drawn from the entries Today needs (see `on_load`)."""
        from ritual_tui.screens.today import TodayScreen

        return TodayScreen()

    def on_load(self) -> None:
        """Before any screen: a quick look at recent files (or everything, when not loading in the background)."""
        if self.background_load:
            self.build_catalog_ahead()  # only when there is no catalog: its helper starts on the idle core
            self.today_source
        else:
            scan = self.history_scan()
            self.journal.prepare(scan)
            self.journal.apply_scan(scan)
            self.journal.settings  # read now: a broken config.toml is reported with the other notices
            if self.journal.settings_error and not self._config_error_shown:
                self._config_error_shown = True
                self.startup_notices.append(self.journal.settings_error)

    def on_mount(self) -> None:
        """Start reading history once Today is on screen (it never delays the first frame)."""
        self.call_after_refresh(_start_up_done)
        if self.background_load:
            # After the refresh that draws Today, and after anything else waiting on that refresh:
            # the thread competes for the interpreter, so it must not start while Today is drawn.
            self.call_after_refresh(self.call_after_refresh, self._start_history)
            from ritual_tui.sync_app import sync_at_start

            self.call_after_refresh(self.call_after_refresh, sync_at_start, self)  # config.toml's [sync] at_start
        else:
            self._report_scan()
        if self.start in RITUAL_SCREENS:
            self.open_ritual(self.start)
            self.call_after_refresh(self.call_after_refresh, self.release_keys)  # once its first field has the focus
            self.set_timer(2, self.release_keys)  # whatever happens, never longer
        self.set_interval(0.25, self._tick_drafts)
        for notice in self.startup_notices:
            self.notify(notice, severity="warning", timeout=12, markup=False)  # may quote config.toml

    async def on_event(self, event: events.Event) -> None:
        """Hold the keys typed while `ritual <ritual>` opens its screen (typing ahead at login is common)."""
        if self.held_keys is not None and isinstance(event, events.Key):
            self.held_keys.append((event.key, event.character))
            return
        await super().on_event(event)

    def release_keys(self) -> None:
        """Deliver the held keys, in order, to the screen now in front."""
        held, self.held_keys = self.held_keys, None
        for key, character in held or ():
            self.post_message(events.Key(key, character))

    def _tick_drafts(self) -> None:
        if self._keeper is None:
            return  # no form has held words yet
        from ritual_tui.drafting import tell_draft_news

        self._keeper.tick()
        tell_draft_news(self)

    def open_ritual(self, kind: str, day: date | None = None) -> None:
        """Push a ritual's screen over the current one (the browser at `day`, when given)."""
        from ritual_tui.screens import screen_for

        screen = screen_for(kind, self, day)
        if screen is not None:
            self.push_screen(screen)

    def watch_theme(self, theme: str) -> None:
        """Remember a theme picked in the palette: only `theme` changes in config.toml (never one that failed to load)."""
        if self.settings_path is not None and self.is_running and theme != self.settings.theme:
            from ritual_tui.config_file import ConfigProblem, update_config

            try:
                self.journal.settings = update_config(self.settings_path, {"theme": theme})
            except ConfigProblem as problem:
                self.settings.theme = theme  # for this session only
                self.notify(f"The theme is not remembered: {problem}", severity="warning", timeout=12, markup=False)
            except (OSError, UnicodeError):
                self.settings.theme = theme
                self.notify("The theme could not be saved to config.toml.", severity="warning")

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette: the rituals, help, theme and quit; no Screenshot (it writes the screen to disk)."""
        for ritual in RITUALS:
            if self.day_settings.ritual_enabled(ritual.kind):
                yield SystemCommand(ritual.name, f"Open {ritual.name.lower()}", lambda kind=ritual.kind: self.open_ritual(kind))
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
        """Quit, keeping every unsaved word as a draft (and saying so); words on no disk need a second yes."""
        from ritual_tui.screens.unsaved import QuitUnsavedScreen

        if any(isinstance(screen, QuitUnsavedScreen) for screen in self.screen_stack):
            return  # already asking: only an explicit yes quits
        pending = bool(self._keeper and self._keeper.pending) or any(getattr(s, "is_dirty", lambda: False)() for s in self.screen_stack)
        for screen in self.screen_stack:
            keep = getattr(screen, "keep_draft", None)
            if keep is not None:
                keep()
        if self.flush_drafts():
            self.keeper.take_news()
            self.clear_notifications()  # the question says it all, and toasts would cover it
            self.push_screen(QuitUnsavedScreen(self.keeper.stranded_reason), self._quit_losing_words)
            return
        if pending:
            self.exit_lines.append("ritual: your unsaved words are kept as a draft and will be offered next time.")
        from ritual_tui.sync_app import sync_then_quit

        if not sync_then_quit(self):  # config.toml's [sync] at_quit: the worker exits when done
            self.exit()

    def _quit_losing_words(self, quit_anyway: bool | None) -> None:
        """The answer to "quit anyway?": only an explicit yes quits, and the exit line says what was lost."""
        if not quit_anyway:
            self.notify(
                f"NOT saved: your unsaved words are still only here ({self.keeper.stranded_reason}); "
                "ctrl+s tries to save them again.",
                title="Staying",
                severity="error",
                timeout=3600,
            )
            return
        self.keeper.flush()  # one last try: the disk may have room now
        if self.keeper.stranded:
            self.exit_lines.append(f"ritual: your unsaved words could NOT be saved ({self.keeper.stranded_reason}); they are lost.")
            self.exit(return_code=1)
        else:
            self.exit_lines.append("ritual: your unsaved words are kept as a draft and will be offered next time.")
            self.exit()

    def _handle_exception(self, error: Exception) -> None:
        """Never print locals (they hold entry text): keep drafts, tell one safe line, exit 1.
        (Textual's only hook for an unhandled error, so the one private name ritual uses; it sets
        no private state, and `error_console` above keeps tracebacks away even without it.)"""
        try:
            self.flush_drafts()
        except Exception:  # noqa: BLE001 - the crash path must not crash
            pass
        if self.crashed:
            return  # already closing with one safe line; a second would only add Textual's note
        self.crashed = True
        from ritual_tui.errors import CrashReport, describe_crash
        from ritual_tui.text import visible_line

        kept = "could NOT be saved" if self._keeper is not None and self._keeper.stranded else "were kept as a draft"
        line = self.crash_line = visible_line(f"ritual: {describe_crash(error)} Unsaved words {kept}.")
        # Textual's own crash path (exit code 1, stop at once, print the report when closed),
        # given a report that renders as that one line instead of a traceback with locals.
        super()._handle_exception(CrashReport(line, error))

