"""The settings screen: the common settings of config.toml, checked before they are saved.

Saving changes only the keys that changed (`config_file.update_config`). A config.toml that fails
to load is the user's to fix: the screen then says what is wrong and opens read-only.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Select, SelectionList, Static

from ritual_tui.models import RITUAL_KINDS, describe_validation_error
from ritual_tui.render import KIND_LABELS
from ritual_tui.settings import WEEKDAYS, LoadedSettings, Settings, load_settings
from ritual_tui.text import visible
from ritual_tui.widgets import FormScroll, Prompt, SafeInput, ScreenTitle


class SettingsScreen(Screen[None]):
    """Edit the settings most people change; `ritual config edit` opens the whole file."""

    CSS_PATH = "screens.tcss"
    AUTO_FOCUS = ""  # none: on_mount focuses the first field without scrolling the title away
    DEFAULT_CSS = """
    SettingsScreen {
        .config-problem {
            color: $warning;
            text-style: bold;
        }
        .settings-row {
            height: auto;
            Prompt {
                width: 36;
            }
            SafeInput {
                width: 8;
            }
            Select {
                width: 24;
                margin-top: 1;
            }
        }
        SelectionList {
            height: auto;
            border: none;
            background: $background;
        }
    }
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="settings.save"),
        Binding("escape", "back", "Back", id="settings.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.loaded = LoadedSettings(Settings())
        self.initial: dict[str, Any] = {}

    @property
    def read_only(self) -> bool:
        """True when config.toml failed to load: nothing may be written until the user fixes it."""
        return not self.loaded.writable

    def compose(self) -> ComposeResult:
        path = self.app.settings_path
        # The file as it is now (it may have been edited, fixed or broken since the app started).
        self.loaded = load_settings(path) if path is not None else LoadedSettings(self.app.settings)
        settings = self.loaded.settings if self.loaded.writable else self.app.settings
        themes = sorted(self.app.available_themes)  # only themes ritual can load again (theming.install_themes)
        with FormScroll(classes="ritual-form"):
            yield ScreenTitle("Settings")
            if self.read_only:
                problem = f"{self.loaded.error} Nothing can be saved here until it is fixed: `ritual config edit`."
                yield Static(visible(problem), classes="config-problem", markup=False)
            else:
                hint = f"Saved to {path}. Everything else: `ritual config edit`."
                yield Static(visible(hint), classes="form-hint", markup=False)
            yield Prompt("Rituals that are on")
            yield SelectionList[str](
                *[(KIND_LABELS[k], k, settings.ritual_enabled(k)) for k in RITUAL_KINDS], id="rituals", compact=True
            )
            with Horizontal(classes="settings-row"):
                yield Prompt("New day starts at (hour, 0–23)")
                yield SafeInput(str(settings.day_start_hour), id="day_start_hour", restrict=r"\d{0,2}", compact=True)
            with Horizontal(classes="settings-row"):
                yield Prompt("Weekly letter on")
                yield Select([(d.capitalize(), d) for d in WEEKDAYS], value=settings.letter_weekday, allow_blank=False, id="letter_weekday", compact=True)
            with Horizontal(classes="settings-row"):
                yield Prompt("Gratitude items")
                yield SafeInput(str(settings.gratitude_items), id="gratitude_items", restrict=r"\d{0,2}", compact=True)
            with Horizontal(classes="settings-row"):
                yield Prompt("'Later' waits (hours)")
                yield SafeInput(str(settings.snooze_hours), id="snooze_hours", restrict=r"\d{0,2}", compact=True)
            with Horizontal(classes="settings-row"):
                yield Prompt("Theme")
                yield Select([(t, t) for t in themes], value=next((t for t in (settings.theme, self.app.theme) if t in themes), themes[0]), allow_blank=False, id="theme", compact=True)
            yield Prompt("Rest days (nothing is due; the rituals stay open)")
            yield SelectionList[str](*[(d.capitalize(), d, d in settings.rest_days) for d in WEEKDAYS], id="rest_days", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        """Remember the form as it opened (a save writes only what changed); read-only: fields disabled."""
        self.initial = self.values()
        if self.read_only:
            for field in self.query("SelectionList, SafeInput, Select"):
                field.disabled = True
        else:
            self.query_one("#rituals", SelectionList).focus(scroll_visible=False)

    def values(self) -> dict[str, Any]:
        """The form as settings values."""
        def number(name: str) -> int | str:
            text = self.query_one(f"#{name}", SafeInput).value.strip()
            return int(text) if text.isdigit() else text

        return {
            "rituals": list(self.query_one("#rituals", SelectionList).selected),
            "day_start_hour": number("day_start_hour"),
            "letter_weekday": self.query_one("#letter_weekday", Select).value,
            "gratitude_items": number("gratitude_items"),
            "snooze_hours": number("snooze_hours"),
            "theme": self.query_one("#theme", Select).value,
            "rest_days": list(self.query_one("#rest_days", SelectionList).selected),
        }

    def changes(self) -> dict[str, Any]:
        """The settings changed in the form since it opened, by name (a list's order is not a change)."""

        def same(before: Any, after: Any) -> bool:
            if isinstance(before, list) and isinstance(after, list):
                return sorted(before) == sorted(after)
            return before == after

        return {name: value for name, value in self.values().items() if not same(self.initial.get(name), value)}

    def action_save(self) -> None:
        """Check, save (only what changed), and apply at once; never over a config.toml that failed to load."""
        from ritual_tui.config_file import ConfigProblem, update_config

        if self.read_only:
            self.notify("Not saved: config.toml has a problem (see the top of this screen).", severity="warning", timeout=8)
            return
        changes = self.changes()
        try:
            updated = Settings.model_validate({**self.loaded.settings.model_dump(), **changes})
        except ValidationError as error:
            self.notify(f"Not saved: {describe_validation_error(error)}.", severity="warning", timeout=8, markup=False)
            return
        try:
            if self.app.settings_path is not None:
                updated = update_config(self.app.settings_path, changes)
        except ConfigProblem as problem:
            self.notify(f"Not saved: {problem}", severity="warning", timeout=30, markup=False)
            return
        except (OSError, UnicodeError) as error:
            reason = getattr(error, "strerror", None) or type(error).__name__
            self.notify(visible(f"Not saved: {reason}."), severity="error", timeout=30, markup=False)
            return
        self.app.journal.settings = updated
        if updated.theme in self.app.available_themes:
            self.app.theme = updated.theme
        self.notify("Settings saved.", timeout=3)
        self.dismiss()

    def action_back(self) -> None:
        """Back, saying so when changes were left unsaved."""
        if not self.read_only and self.changes():
            self.notify("Settings not changed (ctrl+s saves).", timeout=3)
        self.dismiss()
