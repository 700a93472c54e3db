"""The mission statement and values (each revision an entry), and the anchor a hard moment ends on."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, Static, TextArea

from ritual_tui.models import EntryBase, MissionEntry, ReframeEntry, parse_entry
from ritual_tui.models.mission import MAX_VALUES
from ritual_tui.patterns import newest_mission, recent_wins, win_line
from ritual_tui.screens.base import RitualScreen
from ritual_tui.text import visible
from ritual_tui.widgets import Prompt, SafeInput, ScreenTitle, long_text


class MissionScreen(RitualScreen):
    """Write or revise the mission statement and up to five values; each save is a new revision."""

    slot = "mission"
    FIRST_FIELD = "#statement"

    def __init__(self, editing: EntryBase | None = None) -> None:
        super().__init__(editing)
        self.previous: Any | None = None
        """The newest revision, which a new one starts from (None when editing a past one)."""

    def compose(self) -> ComposeResult:
        journal = self.app.journal
        if self.editing is None:
            self.previous = newest_mission(journal.of_kind("mission"))
        start = self.editing or self.previous
        values = list(start.values) if start is not None else []
        revisions = len(journal.of_kind("mission"))
        with VerticalScroll(classes="ritual-form"):
            title = "Mission and values" + (f" · the revision of {self.day_heading()}" if self.editing else "")
            yield ScreenTitle(title)
            yield Static(
                "A few lines on what you want to stand for, to come back to in moments of doubt. "
                "Each save keeps a new revision; the newest is your anchor.",
                classes="form-hint",
            )
            yield Prompt("My mission, in my own words")
            yield long_text(start.statement if start is not None else "", id="statement", height=4)
            yield Prompt(f"Up to {MAX_VALUES} values, a word or a short phrase each")
            for index in range(MAX_VALUES):
                value = values[index] if index < len(values) else ""
                yield SafeInput(value, id=f"value-{index}", classes="mission-value", compact=True)
            if revisions and self.editing is None:
                assert self.previous is not None
                yield Static(
                    f"{revisions} revision{'s' if revisions > 1 else ''} so far, the newest of {self.previous.day:%-d %B %Y}; "
                    "the browser (b, then f) shows how it changed.",
                    classes="form-hint",
                )
            yield Static("ctrl+s saves a revision · escape goes back (a draft is kept)", classes="form-hint")
        yield Footer()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """enter moves to the next value; on the last one it saves."""
        fields = list(self.query(".mission-value").results(Input))
        index = fields.index(event.input)
        if index + 1 < len(fields):
            fields[index + 1].focus()
        else:
            self.action_save()

    def collect_fields(self) -> dict[str, Any]:
        return {
            "statement": self.query_one("#statement", TextArea).text,
            "values": [field.value for field in self.query(".mission-value").results(Input)],
        }

    def apply_fields(self, fields: dict[str, Any]) -> None:
        self.query_one("#statement", TextArea).text = str(fields.get("statement", "") or "")
        values = [str(v) for v in fields.get("values") or []]
        inputs = list(self.query(".mission-value").results(Input))
        for index, field in enumerate(inputs):
            field.value = values[index] if index < len(values) else ""
        if len(values) > len(inputs):  # a draft with more values than fit: keep every word
            inputs[-1].value = " · ".join(values[len(inputs) - 1 :])

    def fields_of(self, entry: EntryBase) -> dict[str, Any]:
        assert isinstance(entry, MissionEntry)
        return {"statement": entry.statement, "values": list(entry.values)}

    def build_entry(self, fields: dict[str, Any]) -> EntryBase:
        if self.editing is not None:
            document = self.editing.to_document()
        else:  # a new revision: a new entry, the earlier ones stay as they were
            document = {"kind": "mission", "day": self.app.journal.today()}
        return parse_entry({**document, **fields})

    def action_save(self) -> None:
        """Save a revision; the same words as the newest one save nothing twice."""
        if self.editing is None and self.previous is not None and not self.is_dirty():
            self.app.notify("Nothing changed: your mission stays as it is.", timeout=3)
            self.dismiss()
            return
        super().action_save()

    def after_save(self, entry: EntryBase) -> None:
        self.app.notify("Saved. The newest revision is your anchor." if self.editing is None else "Saved.", timeout=3)
        self.dismiss()


class AnchorScreen(Screen[None]):
    """After a reframe: the mission and values in force, three recent wins, and where urgent help is."""

    CSS_PATH = "screens.tcss"
    AUTO_FOCUS = None
    DEFAULT_CSS = """
    AnchorScreen #anchor-mission { border-left: thick $accent; padding-left: 1; margin: 1 0; }
    AnchorScreen #anchor-wins { color: $ritual-done; margin-bottom: 1; }
    AnchorScreen .urgent-help { color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape,enter", "back", "Back to Today", id="anchor.back"),
        Binding("m", "mission", "Revise mission", id="anchor.mission"),
    ]

    def __init__(self, saved: ReframeEntry | None = None) -> None:
        super().__init__()
        self.saved = saved

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="anchor", classes="ritual-form"):
            yield ScreenTitle("Your anchor")
            if self.saved is not None:
                yield Static(self._saved_line(self.saved), classes="form-hint", markup=False)
            yield Static("", id="anchor-mission", markup=False)
            yield Static("Recent wins", classes="section")  # up to three: "Three" over one or two was wrong
            yield Static("", id="anchor-wins", markup=False)
            yield Static(visible(self.app.settings.reframe.urgent_help), classes="urgent-help", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.show_anchor()

    def on_screen_resume(self) -> None:
        """Back from revising the mission: show the new one."""
        self.show_anchor()

    def show_anchor(self) -> None:
        """The newest mission and values, and the wins, from the journal as it is now."""
        journal = self.app.journal
        mission = newest_mission(journal.of_kind("mission"))
        if mission is None:
            text = (
                "You have not written a mission statement yet. Press m to write a few lines on what you want "
                "to stand for, and up to five values: they will be here the next time a moment is hard."
            )
        else:
            values = [value for value in mission.values if value.strip()]
            text = visible(mission.statement.strip()) + ("\n\nValues: " + " · ".join(visible(v) for v in values) if values else "")
        self.query_one("#anchor-mission", Static).update(text)
        wins = recent_wins(journal.entries)
        lines = [f"✓ {win_line(win, 64)}" for win in wins] or [
            "No wins written yet. Strengths noticed, brave attempts and gratitude gather here as you practise."
        ]
        self.query_one("#anchor-wins", Static).update("\n".join(lines))

    @staticmethod
    def _saved_line(entry: ReframeEntry) -> str:
        before, after = entry.intensity_before, entry.intensity_after
        if before is not None and after is not None and after < before:
            return f"Saved. It eased from {before} to {after}. Whatever you feel now, you looked at it with care."
        return "Saved. You looked at a hard moment with care; that counts, however it feels now."

    def action_back(self) -> None:
        """Back to where the reframe was opened from."""
        self.dismiss()

    def action_mission(self) -> None:
        """Revise the mission statement (the anchor shows the new one on return)."""
        self.app.push_screen(MissionScreen())
