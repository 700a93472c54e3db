"""Reading the weekly letters one after another (left/right)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Label, Static

from ritual_tui.models import LetterEntry
from ritual_tui.render import render_sealed
from ritual_tui.sealing import sealed_until
from ritual_tui.text import visible


class LettersScreen(Screen[None]):
    """One letter at a time, newest first; left is older, right is newer."""

    CSS_PATH = "screens.tcss"
    DEFAULT_CSS = """
    LettersScreen #letter-read { padding: 1 4; }
    """

    BINDINGS = [
        Binding("left,h", "older", "Older", id="letters.older"),
        Binding("right,l", "newer", "Newer", id="letters.newer"),
        Binding("escape", "back", "Back", id="letters.back"),
    ]

    def __init__(self, letter_id: str | None = None) -> None:
        super().__init__()
        self.index = 0
        self.letter_id = letter_id

    def letters(self) -> list[LetterEntry]:
        """Every letter, newest first."""
        return self.app.journal.of_kind("letter")

    def compose(self) -> ComposeResult:
        yield Label("", id="letter-heading", classes="page-title")
        with VerticalScroll(id="letter-read"):
            yield Static("", id="letter-text")
        yield Footer()

    def on_mount(self) -> None:
        if self.letter_id is not None:
            ids = [letter.id for letter in self.letters()]
            self.index = ids.index(self.letter_id) if self.letter_id in ids else 0
        self.show()

    def show(self) -> None:
        """Draw the current letter and the wins it quoted."""
        letters = self.letters()
        heading = self.query_one("#letter-heading", Label)
        body = self.query_one("#letter-text", Static)
        if not letters:
            heading.update("Letters")
            body.update("No letters yet. The first one is written on the letter day (l on Today).")
            return
        self.index = max(0, min(self.index, len(letters) - 1))
        letter = letters[self.index]
        year, week = letter.week.split("-W")
        heading.update(f"Letter {self.index + 1} of {len(letters)} · week {int(week)}, {year} · written {letter.day:%A %-d %B}")
        if opens := sealed_until(letter, self.app.journal.today()):
            body.update(Text(render_sealed(letter, opens)))
            return
        text = Text(visible(letter.body.strip()) + "\n")
        if letter.wins:
            text.append("\nWins this letter kept:\n", style="bold")
            for win in letter.wins:
                text.append(f"  • {visible(win)}\n")
        body.update(text)
        self.query_one("#letter-read").scroll_home(animate=False)

    def action_older(self) -> None:
        """The letter before this one."""
        if self.index + 1 < len(self.letters()):
            self.index += 1
            self.show()

    def action_newer(self) -> None:
        """The letter after this one."""
        if self.index > 0:
            self.index -= 1
            self.show()

    def action_back(self) -> None:
        """Back to where the letters were opened from."""
        self.dismiss()
