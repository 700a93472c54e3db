"""Boundaries: yours in your own words, and the moments you held one or said no."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Label, OptionList, Static
from textual.widgets.option_list import Option

from ritual_tui.screens.archiving import ArchiveList
from ritual_tui.screens.boundary_forms import BoundaryEditor, HeldScreen
from ritual_tui.store.summary import validated
from ritual_tui.text import one_line, visible
from ritual_tui.widgets import PickList, ScreenTitle

HELD_SHOWN = 30
"""How many of the latest held moments the screen lists (the browser has them all)."""


class BoundariesScreen(ArchiveList, Screen[None]):
    """Your boundaries above, the times you held one or said no below."""

    CSS_PATH = "screens.tcss"
    DEFAULT_CSS = """
    BoundariesScreen #boundaries, BoundariesScreen #held { height: auto; max-height: 8; border: none; margin: 0 2; background: $background; }
    BoundariesScreen #boundaries:focus, BoundariesScreen #held:focus { background: $boost; }
    BoundariesScreen .section { padding: 1 0 0 3; }
    BoundariesScreen #boundary-about { color: $text-muted; padding: 0 4; height: auto; }
    """

    BINDINGS = [
        Binding("a", "add", "Add boundary", id="boundaries.add"),
        Binding("h", "held", "I held it", id="boundaries.held"),
        Binding("s", "said_no", "I said no", id="boundaries.no"),
        Binding("x", "archive", "Archive/restore", show=False, id="boundaries.archive"),
        Binding("u", "show_archived", "Archived", show=False, id="boundaries.archived"),
        Binding("escape", "back", "Back", id="boundaries.back"),
        Binding("f1,question_mark", "app.help", "Help", show=False, id="boundaries.help"),
    ]

    noun = "boundary"

    def redraw(self) -> None:
        """Draw the boundaries again (after archiving or switching to the archived ones)."""
        self.refresh_lists()

    def compose(self) -> ComposeResult:
        yield ScreenTitle("Boundaries")
        yield Label("Your boundaries  (a adds · enter edits · x archives · u archived)", classes="section", id="boundaries-title")
        yield OptionList(id="boundaries", markup=False)
        yield Static("", id="boundary-about", markup=False)
        yield Label("Times you held one or said no  (h · s)", classes="section")
        yield PickList(id="held")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_lists()
        self.query_one("#boundaries", OptionList).focus()

    def history_loaded(self) -> None:
        """The whole journal is read: redraw."""
        self.refresh_lists()

    def on_screen_resume(self) -> None:
        """Back from a form: show what changed."""
        self.refresh_lists()

    def boundaries(self) -> list[Any]:
        """The boundaries shown now (the archived ones after u), oldest first."""
        found = [b for b in self.app.journal.of_kind("boundary") if bool(b.archived) == self.archived]
        return sorted(found, key=lambda b: (b.day, b.created, b.id))

    def refresh_lists(self) -> None:
        """Redraw both lists from the journal, keeping the highlighted boundary."""
        listed = self.query_one("#boundaries", OptionList)
        current = listed.highlighted_option.id if listed.highlighted_option else None
        boundaries = self.boundaries()
        listed.clear_options()
        listed.add_options([Option(one_line(b.title(), 70), id=b.id) for b in boundaries])
        if not boundaries:
            empty = "No archived boundaries." if self.archived else "None yet: press a to write one in your own words."
            listed.add_option(Option(empty, id="_empty", disabled=True))
        ids = [b.id for b in boundaries]
        listed.highlighted = ids.index(current) if current in ids else (0 if ids else None)
        self.query_one("#boundaries-title", Label).update(
            "Archived boundaries  (x restores · u or escape goes back)" if self.archived
            else "Your boundaries  (a adds · enter edits · x archives · u archived)"
        )
        held = self.query_one("#held", OptionList)
        held.clear_options()
        for moment in self.app.journal.of_kind("held")[:HELD_SHOWN]:
            held.add_option(Option(f"{moment.day:%a %-d %b %Y}  {one_line(moment.title(), 52)}", id=moment.id))
        if held.option_count == 0:
            held.add_option(Option("None yet. Each time counts as a win.", id="_none", disabled=True))
        self.show_about()

    def selected(self) -> Any | None:
        """The highlighted boundary (validated), or None."""
        option = self.query_one("#boundaries", OptionList).highlighted_option
        if option is None or option.id is None or option.id.startswith("_"):
            return None
        found = next((b for b in self.app.journal.of_kind("boundary") if b.id == option.id), None)
        return validated(found) if found is not None else None

    def show_about(self) -> None:
        """Why the highlighted boundary matters and the words to say it."""
        boundary = self.selected()
        lines = []
        if boundary is not None:
            if boundary.why.strip():
                lines.append(f"Why: {one_line(boundary.why, 200)}")
            if boundary.words.strip():
                lines.append(f"Words: {one_line(boundary.words, 200)}")
        about = self.query_one("#boundary-about", Static)
        about.display = bool(lines)
        about.update(visible("\n".join(lines)))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Show the highlighted boundary's why and words."""
        if event.option_list.id == "boundaries":
            self.show_about()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """enter edits a boundary, or a moment."""
        if event.option_list.id == "boundaries":
            boundary = self.selected()
            if boundary is not None:
                self.app.push_screen(BoundaryEditor(boundary))
            return
        moment = next((m for m in self.app.journal.of_kind("held") if m.id == event.option.id), None)
        if moment is not None:
            self.app.push_screen(HeldScreen(validated(moment)))

    def action_add(self) -> None:
        """A new boundary."""
        self.app.push_screen(BoundaryEditor())

    def action_held(self) -> None:
        """A moment you held the highlighted boundary (a plain no when there is none)."""
        self.app.push_screen(HeldScreen(boundary=self.selected()))

    def action_said_no(self) -> None:
        """A moment you said no, tied to no written boundary."""
        self.app.push_screen(HeldScreen())
