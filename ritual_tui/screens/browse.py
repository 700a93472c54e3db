"""The browser: every entry newest first, a read pane, filter by kind, search as you type, jump to a date."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Label

from ritual_tui.clock import day_from_words
from ritual_tui.entry_pages import ListPages, Pages
from ritual_tui.journal import once_per_id
from ritual_tui.models import EntryBase
from ritual_tui.render import KIND_LABELS, render_shown
from ritual_tui.rituals import ENTRY_KINDS, editor_for
from ritual_tui.sealing import sealed_until, shown_title, shown_words
from ritual_tui.store import StoredEntry
from ritual_tui.text import starts_words
from ritual_tui.widgets import EntryList, EntryRow, QuietFooter, ReadingPane, SafeInput
from ritual_tui.widgets.search_field import SearchField

T = TypeVar("T")
KIND_CYCLE = (None, *ENTRY_KINDS)
MAX_ROWS = 40
"""Rows drawn at once (two screens' worth): the window slides as the arrows reach its edge, and jumps with `d` or the calendar."""
DATE_QUESTION = "browse.date"
"""The name the browser's date question is installed under."""


class BrowseScreen(Screen[None]):
    """Read, search and filter every entry; open one to edit, or move it to the trash."""

    CSS_PATH = "screens.tcss"
    AUTO_FOCUS = "#browse-list"
    """The list has the focus from the start: the footer is built once, with the keys it keeps."""
    DEFAULT_CSS = """
    BrowseScreen {
        #browse-title {
            width: 1fr;
            height: 2;
            text-wrap: nowrap;
            text-overflow: ellipsis;
        }
        #browse-search {
            margin: 1 2 0 2;
            background: $surface;
        }
        #browse-panes {
            padding: 1 2 0 2;
        }
        #browse-list, #browse-text {
            width: 1fr;
            height: 1fr;
            border: round $panel;
        }
        #browse-list:focus {
            border: round $primary;
        }
        #browse-text {
            padding: 0 1;
        }
    }
    """

    BINDINGS = [
        # Back first: the footer keeps it at 80 columns, where the later keys may not fit.
        Binding("escape", "back", "Back", id="browse.back"),
        Binding("slash", "search", "Search", id="browse.search"),
        Binding("f", "cycle_kind", "Kind", id="browse.kind"),
        Binding("d", "jump_date", "Date", id="browse.date"),
        Binding("enter", "edit", "Open", show=False, id="browse.open"),
        Binding("x", "delete", "Delete", id="browse.delete"),
        Binding("u", "restore", "Restore", id="browse.restore"),
        Binding("t", "toggle_trash", "Trash", id="browse.trash"),
        Binding("c", "calendar", "Calendar", id="browse.calendar"),
        Binding("L", "letters", "Letters", id="browse.letters"),
        Binding("j", "move(1)", "Down", show=False, id="browse.down"),
        Binding("k", "move(-1)", "Up", show=False, id="browse.up"),
        Binding("question_mark,f1", "app.help", "Help", show=False, id="browse.help"),
    ]

    def __init__(self, day: date | None = None) -> None:
        super().__init__()
        self.start_day = day
        self.kind: str | None = None
        self.query_text = ""
        self.in_trash = False
        self.trash_copies = 0
        """Trashed files hidden because another trashed file has their id."""
        self.pages: Pages = ListPages([])
        """The list (filtered, searched), read a window at a time."""
        self.window: list[EntryBase] = []
        """The entries drawn: the list's places `start` to `start + MAX_ROWS` (one fewer when `start` is not 0)."""
        self.start = 0
        """The list's place of the first row drawn."""
        self.drawn_at = -1
        """The journal's version when the list was last drawn."""
        self.rows_drawn: tuple[tuple[object, ...], list[EntryRow], dict[str, int]] = ((), [], {})
        """The list's rows as last made, the row of each entry id, and what they were made for (place, total, day)."""
        self.row_texts: dict[int, tuple[EntryBase, tuple[date, int], Content]] = {}
        """The text of each row last made, by its entry object (held: the same object, the same
        words), for the day and the journal's version it was made at: a key that only changes the
        count makes no row again."""
        self.title_shown = ""
        """The title line as last written."""
        self.entry_shown: tuple[object, ...] = ()
        self.entry_words: Content | None = None
        """The shown entry's words, before the search's highlight."""
        """What the read pane shows: the search, the entry's id, the trash or not, the journal's version, the day."""

    def compose(self) -> ComposeResult:
        yield Label("", id="browse-title", classes="page-title")
        field = SearchField(placeholder="search every word you wrote (escape returns to the list)", id="browse-search", compact=True)
        field.display = False  # until `/`: hidden from the first layout
        yield field
        with Horizontal(id="browse-panes"):
            yield EntryList(id="browse-list")
            yield ReadingPane(id="browse-text")
        yield QuietFooter()

    def on_mount(self) -> None:
        # At once, not through a message: the new rows are drawn in the same frame as the typed key.
        self.watch(self.query_one("#browse-search", SearchField), "value", self._search_typed, init=False)
        self.refresh_list()
        if self.start_day is not None:
            self.jump_to(self.start_day)
        self.drawn_at = self.app.journal.version

    def history_loaded(self) -> None:
        """The whole journal is read: redraw."""
        self.redraw()

    def on_screen_resume(self) -> None:
        """Back from editing: show the saved words (the first resume follows the mount: nothing changed)."""
        if self.drawn_at != self.app.journal.version:
            self.redraw()

    def redraw(self) -> None:
        """Draw the list again, keeping the highlighted entry."""
        current = self.current()
        self.refresh_list(keep=current.id if current else None)
        self.drawn_at = self.app.journal.version

    def trashed(self) -> list[StoredEntry]:
        """The trash, one file per entry id (a copy of a trashed file is named once, then left there)."""
        found = self.app.journal.store.trashed()
        unique = once_per_id(found)
        self.trash_copies = len(found) - len(unique)
        return unique

    def _ask(self, question: Callable[[], T]) -> T:
        """A question of the list's pages; when the catalog fails, the list is read again from the files."""
        return self.app.journal.guarded(question, lambda: (self._new_pages(), question())[1])

    def _new_pages(self) -> None:
        journal = self.app.journal
        if self.in_trash:
            today = journal.today()
            self.pages = ListPages([
                s.entry for s in self.trashed()
                if (self.kind is None or s.entry.kind == self.kind)
                and starts_words(shown_words(s.entry, today, s.entry.searchable_text()), self.query_text)
            ])
        else:
            self.pages = journal.pages(self.query_text, self.kind)

    def refresh_list(self, keep: str | None = None) -> None:
        """Apply the kind filter and the search, and redraw the list."""
        self._new_pages()
        total = self._ask(lambda: self.pages.count())
        place = "Trash" if self.in_trash else "Browse"
        kind = KIND_LABELS.get(self.kind, "all kinds") if self.kind else "all kinds"
        found = f" · “{self.query_text}”" if self.query_text else ""
        count = f"{total} {'entry' if total == 1 else 'entries'}"
        self.show_title(f"{place} · {count} · {kind}{found}")
        index = self._ask(lambda: self.pages.index_of(keep)) if keep else None
        self.draw_window(index or 0)

    def draw_window(self, index: int, recentre: bool = False) -> None:
        """Draw up to MAX_ROWS rows of the list around the entry at `index` and highlight it: any
        entry, however old, can be highlighted, and the list never holds more rows than that."""
        total = self._ask(lambda: self.pages.count())
        index = max(0, min(index, total - 1))
        if recentre or not self._inside_window(index, total):
            self.start = 0 if total <= MAX_ROWS else max(0, min(index - MAX_ROWS // 3, total - MAX_ROWS + 1))
        # Below the "… newer" note, one entry fewer: the list keeps its number of rows, and a jump
        # costs no layout of the screen.
        size = MAX_ROWS - 1 if self.start else MAX_ROWS
        window = self._ask(lambda: self.pages.window(self.start, size))
        drawn = (self.start, total, self.app.journal.today())
        if drawn != self.rows_drawn[0] or len(window) != len(self.window) or any(a is not b for a, b in zip(window, self.window)):
            self.rows_drawn = (drawn, *self._rows(window, total))  # the same entries (a key of a search): the same rows
        self.window = window
        _, rows, row_of = self.rows_drawn
        wanted = window[index - self.start].id if 0 <= index - self.start < len(window) else None
        self.query_one("#browse-list", EntryList).set_rows(rows, row_of.get(wanted) if wanted else None)
        self.show_entry(self.current())

    def _rows(self, window: list[EntryBase], total: int) -> tuple[list[EntryRow], dict[str, int]]:
        """The list's rows for `window` (at `self.start` of `total`), and the row of each entry id."""
        rows: list[EntryRow] = []
        if self.start:
            rows.append(EntryRow(Content(f"… {self.start} newer: keep going up")))
        row_of: dict[str, int] = {}
        today = self.app.journal.today()
        made_for = (today, self.app.journal.version)
        before, self.row_texts = self.row_texts, {}
        for place, entry in enumerate(window):
            if entry.id not in row_of:  # an entry is listed once, whatever the list holds
                row_of[entry.id] = len(rows)
                made = before.get(id(entry))
                text = made[2] if made and made[0] is entry and made[1] == made_for else self._row(entry, today)
                self.row_texts[id(entry)] = (entry, made_for, text)
                rows.append(EntryRow(text, key=place))
        below = total - self.start - len(window)
        if below > 0:
            rows.append(EntryRow(Content(f"… {below} older: keep going down, or d for a date")))
        return rows, row_of

    def _inside_window(self, index: int, total: int) -> bool:
        """Whether the entry at `index` is drawn now, and not on a row the arrows slide from."""
        first = self.start + (1 if self.start else 0)
        end = self.start + len(self.window)
        last = end - 1 if end < total else end
        return first <= index < last and self.start < total

    def _slide(self, event: EntryList.Highlighted) -> bool:
        """At the first or last drawn row, draw the next rows so the arrows go on through everything."""
        rows = event.entry_list.rows
        at_top = event.index == 1 and rows[0].disabled
        at_bottom = event.index == len(rows) - 2 and rows[-1].disabled
        if (at_top or at_bottom) and event.row.key is not None:
            self.draw_window(self.start + event.row.key, recentre=True)
            return True
        return False

    def _row(self, entry: EntryBase, today: date) -> Content:
        """A list row: the day, the kind as one muted letter, then as much of the title as fits
        (plain words: a title never reaches Textual's markup)."""
        return Content.assemble(
            f"{entry.day} ",
            (KIND_LABELS.get(entry.kind, entry.kind)[:1], "dim"),
            f" {shown_title(entry, today, 80)}",
        )

    def _title(self, entry: EntryBase) -> str:
        return shown_title(entry, self.app.journal.today(), 80)

    def current(self) -> EntryBase | None:
        """The highlighted entry."""
        row = self.query_one("#browse-list", EntryList).highlighted_row
        if row is None or row.key is None or row.key >= len(self.window):
            return None
        return self.window[row.key]

    def show_title(self, title: str) -> None:
        """Write the title line, when it says something new (its size is fixed: no layout)."""
        if title != self.title_shown:
            self.title_shown = title
            self.query_one("#browse-title", Label).update(Content(title), layout=False)

    def show_entry(self, entry: EntryBase | None) -> None:
        """Draw an entry in the read pane, search words highlighted (unless it shows that already)."""
        journal = self.app.journal
        shown = (self.query_text, entry.id if entry else None, self.in_trash, journal.version, journal.today())
        if shown == self.entry_shown:
            return
        same_entry = self.entry_shown[1:] == shown[1:]  # only the search changed
        self.entry_shown = shown
        pane = self.query_one("#browse-text", ReadingPane)
        if entry is None:
            pane.show(Content("Nothing here yet." if not self.query_text else "No entry holds every word of that search."))
            return
        if not same_entry or self.entry_words is None:
            self.entry_words = Content(render_shown(entry, journal.today()))  # a sealed letter: only when it opens
        found = None
        if self.query_text:
            typed = sorted(self.query_text.split(), key=len, reverse=True)  # the longest word wins where two overlap
            found = re.compile("|".join(re.escape(word) for word in typed), re.IGNORECASE)
        pane.show(self.entry_words, from_top=not same_entry, highlight=found)  # the same entry keeps its place

    @on(EntryList.Highlighted, "#browse-list")
    def _highlighted(self, event: EntryList.Highlighted) -> None:
        if not self._slide(event):
            self.show_entry(self.current())

    @on(EntryList.Selected, "#browse-list")
    def _selected(self, event: EntryList.Selected) -> None:
        self.action_edit()

    def action_move(self, step: int) -> None:
        """j/k move like the arrows."""
        rows = self.query_one("#browse-list", EntryList)
        rows.action_cursor_down() if step > 0 else rows.action_cursor_up()

    def action_search(self) -> None:
        """Show the search field."""
        field = self.query_one("#browse-search", SafeInput)
        field.display = True
        field.focus()

    def _search_typed(self, value: str) -> None:
        if value.strip() != self.query_text:
            self.query_text = value.strip()
            self.refresh_list()

    @on(SafeInput.Submitted, "#browse-search")
    def _search_done(self, event: SafeInput.Submitted) -> None:
        self.query_one("#browse-list", EntryList).focus()

    def action_cycle_kind(self) -> None:
        """All kinds → each kind (as rituals.py declares them) → all."""
        self.kind = KIND_CYCLE[(KIND_CYCLE.index(self.kind) + 1) % len(KIND_CYCLE)]
        self.refresh_list()

    def action_jump_date(self) -> None:
        """Jump to the newest entry on or before a date."""

        def jump(answer: str | None) -> None:
            if not answer:
                return
            wanted = day_from_words(answer, self.app.journal.today())
            if wanted is None:
                self.notify("A date looks like 2026-11-25 (or say today, yesterday).", severity="warning")
                return
            self.jump_to(wanted)

        self.app.push_screen(self._date_question(), jump)

    def _date_question(self) -> Screen:
        """The date question, asked afresh each time; one per session, installed: closing it removes
        no widgets, so the browser is not laid out again after the jump (only drawn)."""
        from ritual_tui.screens.ask import AskScreen

        today = self.app.journal.today().isoformat()
        if not self.app.is_screen_installed(DATE_QUESTION):
            self.app.install_screen(AskScreen("Jump to a date (YYYY-MM-DD, today, yesterday)", today), DATE_QUESTION)
        question = self.app.get_screen(DATE_QUESTION)
        if question.is_mounted:
            field = question.query_one("#answer", SafeInput)
            field.value, field.placeholder = "", today
        return question

    def jump_to(self, wanted: date) -> None:
        """Highlight the newest entry on or before `wanted`."""
        index = self._ask(lambda: self.pages.index_of_day(wanted))
        if index is None:
            self.notify("No entry on or before that date.", severity="information")
            return
        self.draw_window(index, recentre=True)

    def action_calendar(self) -> None:
        """The year at a glance, at the highlighted entry's day."""
        from ritual_tui.screens.calendar import CalendarScreen

        current = self.current()
        self.app.push_screen(CalendarScreen(current.day if current else None), self.show_day)

    def show_day(self, day: date | None) -> None:
        """Highlight the newest entry on or before `day` (None: stay where the list is), now or,
        when the browser is not drawn yet, as soon as it is."""
        if day is None:
            return
        if self.is_mounted:
            if self.query_text or self.kind:  # the day's entries must all be there to be found
                self.query_text, self.kind = "", None
                field = self.query_one("#browse-search", SafeInput)
                with field.prevent(SafeInput.Changed):  # its message would redraw the list at the top, after the jump
                    field.value = ""
                field.display = False
                self.refresh_list()
            self.jump_to(day)
        else:
            self.start_day = day

    def action_edit(self) -> None:
        """Open the highlighted entry in its ritual's screen."""
        entry = self.current()
        if entry is None or self.in_trash:
            return
        if opens := sealed_until(entry, self.app.journal.today()):
            self.notify(f"This letter is sealed until {opens:%A %-d %B %Y}; it opens on that day.", severity="information")
            return
        stored = self.app.journal.stored_of(entry.id)
        if stored is not None and stored.read_only:
            self.notify("A newer ritual wrote this entry, so it is read-only here.", severity="warning")
            return
        screen = editor_for(entry)
        if screen is None:
            self.notify("Ladder steps are edited on the exposure screen (e).", severity="information")
            return
        self.app.push_screen(screen)

    def action_delete(self) -> None:
        """Move the highlighted entry to the trash, after asking."""
        from ritual_tui.screens.ask import ConfirmScreen

        entry = self.current()
        stored = self.app.journal.stored_of(entry.id) if entry and not self.in_trash else None
        if stored is None:
            return

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.app.journal.store.trash(stored)
            except OSError as error:
                self.notify(f"Not moved: {error.strerror}.", severity="error", timeout=30)
                return
            after = self._neighbour(entry)
            self.app.journal.load()
            self.notify("Moved to the trash (t shows it; u restores).", timeout=4)
            still_here = self.app.journal.stored_of(entry.id) is not None  # a second file of the id takes its place
            self.refresh_list(keep=entry.id if still_here else after)

        question = f"Move this {KIND_LABELS.get(entry.kind, entry.kind).lower()} entry of {entry.day:%-d %B %Y} to the trash?"
        detail = f"“{self._title(entry)}”" if self._title(entry) else ""
        if entry.kind == "step":
            detail += ("\n" if detail else "") + "Its plans and reflections stay in the journal; t then u restores the step."
        else:
            detail += ("\n" if detail else "") + "t shows the trash, and u there puts it back."
        self.app.push_screen(ConfirmScreen(question, detail), confirmed)

    def _neighbour(self, entry: EntryBase) -> str | None:
        """The id of the entry shown after `entry` (or before it, at the end): where the list stays."""
        index = self._ask(lambda: self.pages.index_of(entry.id))
        if index is None:
            return None
        other = index + 1 if index + 1 < self._ask(lambda: self.pages.count()) else index - 1
        found = self._ask(lambda: self.pages.window(other, 1)) if other >= 0 else []
        return found[0].id if found else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """In the trash, `u` restores and nothing is deleted or opened; elsewhere, no `u`."""
        if action == "restore":
            return self.in_trash
        if action in ("delete", "edit"):
            return not self.in_trash
        return True

    def action_toggle_trash(self) -> None:
        """Switch between entries and the trash."""
        self.in_trash = not self.in_trash
        self.refresh_bindings()
        self.refresh_list()
        if self.in_trash and self.trash_copies:
            self.notify(
                f"{self.trash_copies} file(s) in the trash share an id with another; each entry is shown once.",
                severity="warning",
                timeout=8,
            )

    def action_restore(self) -> None:
        """Put a trashed entry back."""
        entry = self.current()
        if not self.in_trash or entry is None:
            return
        trashed = next((s for s in once_per_id(self.app.journal.store.trashed()) if s.entry.id == entry.id), None)
        if trashed is None:
            return
        self.app.journal.store.restore(trashed)
        self.app.journal.load()
        self.notify("Restored.", timeout=3)
        self.refresh_list()

    def action_letters(self) -> None:
        """Read the weekly letters one after another."""
        from ritual_tui.screens.letters import LettersScreen

        self.app.push_screen(LettersScreen())

    def action_back(self) -> None:
        """Leave the search field, or go back to Today."""
        field = self.query_one("#browse-search", SafeInput)
        if self.focused is field:
            field.value = ""
            field.display = False
            self.query_one("#browse-list", EntryList).focus()
            return
        self.dismiss()
