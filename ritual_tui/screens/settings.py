"""The settings screen: the common settings of config.toml, checked before they are saved."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Select, SelectionList, Static

from ritual_tui.models import RITUAL_KINDS, describe_validation_error
from ritual_tui.render import KIND_LABELS
from ritual_tui.settings import WEEKDAYS, Settings, save_settings
from ritual_tui.widgets import Prompt, SafeInput, ScreenTitle


class SettingsScreen(Screen[None]):
    """Edit the settings most people change; `ritual config edit` opens the whole file."""

    CSS_PATH = "screens.tcss"

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="settings.save"),
        Binding("escape", "back", "Back", id="settings.back"),
    ]

    def compose(self) -> ComposeResult:
        settings: Settings = self.app.settings
        themes = sorted(name for name in self.app.available_themes if name.startswith("ritual-") or name == settings.theme)
        with VerticalScroll(classes="ritual-form"):
            yield ScreenTitle("Settings")
            yield Static(f"Saved to {self.app.settings_path}. Everything else: `ritual config edit`.", classes="form-hint")
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
                yield Select([(t, t) for t in themes], value=settings.theme if settings.theme in themes else themes[0], allow_blank=False, id="theme", compact=True)
            yield Prompt("Rest days (nothing is due; the rituals stay open)")
            yield SelectionList[str](*[(d.capitalize(), d, d in settings.rest_days) for d in WEEKDAYS], id="rest_days", compact=True)
        yield Footer()

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

    def action_save(self) -> None:
        """Check, save, and apply at once."""
        current = self.app.settings
        try:
            updated = Settings.model_validate({**current.model_dump(), **self.values()})
        except ValidationError as error:
            self.notify(f"Not saved: {describe_validation_error(error)}.", severity="warning", timeout=8)
            return
        try:
            if self.app.settings_path is not None:
                save_settings(self.app.settings_path, updated)
        except OSError as error:
            self.notify(f"Not saved: {error.strerror}.", severity="error", timeout=30)
            return
        self.app.journal.settings = updated
        self.app.theme = updated.theme
        self.notify("Settings saved.", timeout=3)
        self.dismiss()

    def action_back(self) -> None:
        """Back, saying so when changes were left unsaved."""
        current = self.app.settings.model_dump()
        if any(current.get(k) != v for k, v in self.values().items()):
            self.notify("Settings not changed (ctrl+s saves).", timeout=3)
        self.dismiss()
