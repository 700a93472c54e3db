"""The weekly letter: the week's wins beside a large page to write on."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.app import ComposeResult
from textual.events import Mount
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Label, Select, Static, TextArea

from ritual_tui.clock import add_months
from ritual_tui.models import EntryBase, LetterEntry, iso_week, parse_entry
from ritual_tui.screens.base import RitualScreen
from ritual_tui.sealing import sealed_text, sealed_until
from ritual_tui.text import visible
from ritual_tui.widgets import SafeTextArea, ScreenTitle, TypesThrough
from ritual_tui.widgets.win_picker import WinPicker

SEAL_CHOICES = [("not sealed", 0), ("1 month", 1), ("3 months", 3), ("6 months", 6), ("1 year", 12)]


class SealSelect(TypesThrough, Select[int]):
    """The seal menu. Closed, it never eats typing: what is typed (or pasted) here goes on the page."""

    TYPE_THROUGH_TO = "#body"

    def holds_keys(self) -> bool:
        """The open menu takes every key."""
        return self.expanded


class LetterWins(TypesThrough, WinPicker):
    """The week's wins. Typing here goes on the page (space keeps or leaves a win)."""

    TYPE_THROUGH_TO = "#body"


class LetterScreen(RitualScreen):
    """Write to yourself about the week; choose the wins the letter keeps."""

    slot = "letter"
    DEFAULT_CSS = """
    LetterScreen {
        #letter-intro {
            padding: 0 4 1 4;
            color: $text-muted;
        }
        #letter-panes {
            height: 1fr;
            padding: 0 2;
        }
        #wins-pane {
            width: 2fr;
            padding-right: 1;
        }
        #body-pane {
            width: 3fr;
        }
        #wins, #body {
            height: 1fr;
        }
        .pane-hint {
            color: $text-muted;
        }
        #seal-row {
            height: 1;
            margin-top: 1;
            Select {
                width: 24;
            }
        }
        .seal-label {
            color: $text-muted;
        }
        #seal:focus > SelectCurrent {
            background: $boost;
            text-style: bold;
        }
    }
    """

    def opens_on(self) -> date | None:
        """The day the letter being opened unseals, while it is sealed (then none of it is shown)."""
        return sealed_until(self.editing, self.app.journal.today()) if self.editing is not None else None

    def compose(self) -> ComposeResult:
        journal = self.app.journal
        if opens := self.opens_on():  # never the words, nor the wins it kept; on_mount leaves at once
            yield ScreenTitle("Weekly letter")
            yield Static(sealed_text(opens), id="letter-intro")
            yield Footer()
            return
        day = self.letter_day = self.editing.day if self.editing is not None else journal.today()
        week = iso_week(day)
        wins = journal.week_wins(day)
        chosen = set(self.editing.wins) if isinstance(self.editing, LetterEntry) else set()
        for kept in chosen - set(wins):
            wins.append(kept)
        yield ScreenTitle(f"Weekly letter · week {week.split('-W')[1]}, {week[:4]}")
        yield Static(visible(self.app.settings.prompts.letter_intro), id="letter-intro", markup=False)
        with Horizontal(id="letter-panes"):
            with Vertical(id="wins-pane"):
                yield Label("This week's wins", classes="section")
                yield Label("↑↓ and space keep one", classes="pane-hint")
                yield LetterWins(*[(w, w in chosen) for w in wins], id="wins")  # each win whole, wrapped
                if not wins:
                    yield Static("No entries this week yet. Small things count too: write them in the letter.", classes="note")
            with Vertical(id="body-pane"):
                yield Label("Dear me,", classes="section")
                yield SafeTextArea(id="body", soft_wrap=True, tab_behavior="focus")
                with Horizontal(id="seal-row"):
                    yield Label("Seal it until: ", classes="seal-label")
                    yield SealSelect(SEAL_CHOICES, value=0, allow_blank=False, id="seal", compact=True)
        yield Footer()

    def on_mount(self, event: Mount) -> None:
        """Leave at once when the letter is sealed; otherwise the form fills in (RitualScreen.on_mount, next)."""
        if opens := self.opens_on():
            event.prevent_default()  # RitualScreen.on_mount would put the letter's words in the form
            self.app.notify(f"This letter is sealed until {opens:%A %-d %B %Y}. Today will offer it then.")
            self.dismiss()

    def is_dirty(self) -> bool:
        """A sealed letter's screen holds no words: nothing to keep."""
        return self.opens_on() is None and super().is_dirty()

    def action_save(self) -> None:
        """Save, unless this is a sealed letter (which this screen never opens)."""
        if self.opens_on() is None:
            super().action_save()

    def on_win_picker_changed(self, event: WinPicker.Changed) -> None:
        """Picked wins are part of the draft."""
        self.remember_change()

    def on_select_changed(self, event: Select.Changed) -> None:
        """The seal is part of the draft."""
        self.remember_change()

    def collect_fields(self) -> dict[str, Any]:
        return {
            "body": self.query_one("#body", TextArea).text,
            "wins": list(self.query_one("#wins", WinPicker).selected),
            "seal_months": self.query_one("#seal", Select).value,
        }

    def apply_fields(self, fields: dict[str, Any]) -> None:
        self.query_one("#body", TextArea).text = str(fields.get("body", ""))
        if fields.get("seal_months") in {months for _, months in SEAL_CHOICES}:
            self.query_one("#seal", Select).value = fields["seal_months"]
        wins = self.query_one("#wins", WinPicker)
        for value in fields.get("wins", []):
            try:
                wins.select(value)
            except Exception:  # noqa: BLE001 - a win no longer on the list
                continue

    def fields_of(self, entry: EntryBase) -> dict[str, Any]:
        assert isinstance(entry, LetterEntry)
        return {"body": entry.body, "wins": list(entry.wins)}

    def build_entry(self, fields: dict[str, Any]) -> EntryBase:
        # The week the screen showed (its title, its wins), even when a new day began while it was open.
        base = self.editing.to_document() if self.editing else {"kind": "letter", "day": self.letter_day, "week": iso_week(self.letter_day)}
        months = fields.pop("seal_months", 0)
        if months:
            base["sealed_until"] = add_months(base["day"], months)
        return parse_entry({**base, **fields})

    def after_save(self, entry: EntryBase) -> None:
        sealed = getattr(entry, "sealed_until", None)
        message = f"Saved and sealed until {sealed:%-d %B %Y}: Today will offer it then." if sealed else "Saved."
        self.app.notify(message, timeout=4)
        self.dismiss()
