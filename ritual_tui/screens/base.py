"""What every ritual screen shares: drafts, ctrl+s, escape, and honest save messages."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from typing import Any

from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input, TextArea

from ritual_tui.drafting import NOWHERE, SPARE, tell_draft_news
from ritual_tui.models import EntryBase, EntryError
from ritual_tui.store import BlankEntryError, StoreError
from ritual_tui.store.drafts import ASKED_FIELDS, NEW, UNKNOWN, Draft, file_version, same_words
from ritual_tui.store.summary import validated
from ritual_tui.text import visible
from ritual_tui.widgets import FormNotice


class RitualScreen(Screen[None]):
    """A form that builds one entry. Subclasses say how fields map to an entry and back."""

    CSS_PATH = "screens.tcss"

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="ritual.save"),
        Binding("escape", "back", "Back", id="ritual.back"),
        Binding("f1", "app.help", "Help", id="ritual.help"),
    ]

    AUTO_FOCUS = ""
    """No automatic focus (it would scroll the form to centre a field): on_mount focuses FIRST_FIELD in place."""
    FIRST_FIELD = "Input, TextArea"
    """The selector of the field focused when the form opens (the first match in the form)."""

    slot: str = ""
    """The draft slot of this form."""

    def __init__(self, editing: EntryBase | None = None) -> None:
        super().__init__()
        self.editing = validated(editing) if editing is not None else None
        self._baseline: dict[str, Any] = {}
        self._restoring = False
        self._filled: dict[str, Any] = {}
        """The fields as the form was filled in (from the file, or a draft offered back)."""
        self.made_from = NEW
        """The version of the file this form was opened from (its digest), or NEW."""
        self._has_draft = False
        self._said_staying = False
        self._keep_beside = False
        """True when the form holds a draft made from an older version of the file: ctrl+s keeps both."""
        self.notice = FormNotice(id="form-notice")
        """Messages about this form's words, shown below it (a toast would cover a field)."""
        self._leaving = False
        """True for a second form of a slot already open below (it leaves at once, keeping nothing)."""
        self._filled_in = False
        """True once on_mount has filled the form in (it runs once, however often it is called)."""

    # -- subclasses fill these in -------------------------------------------------------------
    def collect_fields(self) -> dict[str, Any]:
        """The form's current values as plain data."""
        raise NotImplementedError

    def apply_fields(self, fields: dict[str, Any]) -> None:
        """Put plain data back into the form."""
        raise NotImplementedError

    def build_entry(self, fields: dict[str, Any]) -> EntryBase:
        """An entry from the form's values (raises EntryError with a clear message)."""
        raise NotImplementedError

    def fields_of(self, entry: EntryBase) -> dict[str, Any]:
        """The form's values for an existing entry."""
        return entry.to_document()

    def after_save(self, entry: EntryBase) -> None:
        """What to do once saved: by default, confirm and go back to Today."""
        self.app.notify("Saved.", timeout=2)
        self.dismiss()

    # -- shared behaviour ---------------------------------------------------------------------
    @property
    def draft_slot(self) -> str:
        """The slot, with the entry id when editing a past entry."""
        return f"{self.slot}-{self.editing.id}" if self.editing is not None else self.slot

    def on_mount(self) -> None:
        """Show the entry being edited, and offer back an unsaved draft (never over a newer file)."""
        # Once: Textual calls on_mount for each class that defines it, so a subclass's super().on_mount()
        # made it twice, and the second took a restored draft's words for the file's and deleted the draft.
        if self._filled_in:
            return
        self._filled_in = True
        if self._open_below():
            return
        self.mount(self.notice)  # after the form: between it and the footer
        self.made_from = self._version_opened()
        self._restoring = True
        if self.editing is not None:
            self.apply_fields(self.fields_of(self.editing))
        self._baseline = self.collect_fields()
        self._offer_draft()
        for area in self.query(TextArea).results(TextArea):  # the next key adds to the words, never before them
            area.move_cursor(area.document.end)
        fields = self.query(self.FIRST_FIELD)
        if fields:
            fields.first().focus(scroll_visible=False)
        self._filled = self.collect_fields()
        self.call_after_refresh(self._done_restoring)

    def _open_below(self) -> bool:
        """True, and this form leaves, when a form of the same draft slot is open below it (opened
        again from the palette or the browser): each kept its own words in one draft, and the
        last to leave wrote over what was typed in the other."""
        if not self._leaving and any(
            screen is not self and isinstance(screen, RitualScreen) and screen.draft_slot == self.draft_slot
            for screen in self.app.screen_stack
        ):
            self._leaving = True
            self.app.notify("This is already open: here it is.", timeout=4)
            self.dismiss()
        return self._leaving

    @property
    def form_day(self) -> date:
        """The ritual day this form writes: the edited entry's own day, else today."""
        return self.editing.day if self.editing is not None else self.app.journal.today()

    def day_heading(self) -> str:
        """The form's day for its title: the weekday and date, with the year for a past entry."""
        day = self.form_day
        return f"{day:%A %-d %B}" + (f" {day.year}" if day != self.app.journal.today() else "")

    def _version_opened(self) -> str:
        """The digest of the file the edited entry was read from (NEW for a new form)."""
        if self.editing is None:
            return NEW
        stored = self.app.journal.stored_of(self.editing.id)
        if stored is None:
            return UNKNOWN
        return stored.digest or file_version(stored.path)

    def _offer_draft(self) -> None:
        """Words held in memory first (they may be on no disk), then a draft from disk."""
        offer = self.app.keeper.on_offer(self.draft_slot)
        if offer is None:
            return
        if offer.draft is None:
            self.apply_fields(offer.fields)
            self.made_from, self._has_draft = offer.made_from, True
            return
        draft = replace(offer.draft, fields=self._in_form_shape(offer.fields))
        if same_words(draft.fields, self._baseline):
            self.app.keeper.discard(self.draft_slot)  # the same words as the file: nothing to offer
            return
        if self.editing is not None and (draft.made_from != self.made_from or draft.made_from == UNKNOWN):
            self._keep_both(draft)
            return
        self.apply_fields(draft.fields)
        self._has_draft = True
        self.notice.tell(f"Your unsaved words{offer.since(self.app.clock().date())} are back. ctrl+s saves them.", title="Draft restored", seconds=8)

    def _in_form_shape(self, fields: dict[str, Any]) -> dict[str, Any]:
        """A draft's fields with a lone value made a list where this form keeps a list (a draft
        edited by hand or written by another version, `values = "kind"`, closed the app)."""
        return {key: [value] if isinstance(self._baseline.get(key), list) and not isinstance(value, list) else value
                for key, value in fields.items()}

    def _keep_both(self, draft: Draft) -> None:
        """A draft made from another version of the file: the file stays, the draft goes beside it."""
        when = f"{draft.saved:%a %H:%M}"
        try:
            entry = self.build_entry(dict(draft.fields))
            result = self.app.journal.store.save_conflict_copy(entry.model_copy(update={"updated": self.app.clock()}))
        except (EntryError, StoreError, OSError) as error:
            reason = error.strerror if isinstance(error, OSError) else str(error)
            # Show the draft, still marked as made from the older file: ctrl+s keeps both then.
            self.apply_fields(draft.fields)
            self.made_from, self._has_draft, self._keep_beside = draft.made_from, True, True
            self.notice.tell(
                f"This entry changed on disk after your draft of {when} (the draft could not be saved beside it: "
                f"{reason}); ctrl+s keeps both: the file as it is, these words beside it.",
                title="Entry changed since the draft",
                severity="warning",
            )
            return
        self.app.keeper.discard(self.draft_slot)
        self.notice.tell(
            f"This entry changed on disk after your draft of {when}: the file is kept as it is, and the draft "
            f"is saved beside it as {result.path.name}.",
            title="Draft kept as a conflict copy",
            severity="warning",
        )

    def _done_restoring(self) -> None:
        self._restoring = False
        if self.collect_fields() != self._filled:  # keys typed ahead arrived while the form was filled in
            self._hand_over()

    def is_dirty(self) -> bool:
        """True when the form's words differ from what was loaded or saved (the questions kept
        beside them, `ASKED_FIELDS`, are no words of the user's)."""
        return _without_asked(self.collect_fields()) != _without_asked(self._baseline)

    def _hand_over(self) -> None:
        """Give the keeper this form's words; a form back to what is on disk has no draft."""
        if self._leaving:
            return
        if self.is_dirty():
            self._has_draft = True
            self.app.keeper.update(self.draft_slot, self.collect_fields(), self.made_from)
        elif self._has_draft:
            self._has_draft = False
            self.app.keeper.update(self.draft_slot, None)

    def remember_change(self) -> None:
        """Hand the current fields to the draft keeper (debounced write)."""
        if not self._restoring and self.is_mounted:
            self._hand_over()

    def on_input_changed(self, event: Input.Changed) -> None:
        """Every keystroke reaches the draft keeper."""
        self.remember_change()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        """Every keystroke reaches the draft keeper."""
        self.remember_change()

    def keep_draft(self) -> None:
        """Write this form's draft now, if it holds unsaved words."""
        if self.is_dirty():
            self._hand_over()

    def action_save(self) -> None:
        """Build the entry and save it; on any failure keep the text and say truly where it is."""
        fields = self.collect_fields()
        journal = self.app.journal
        try:
            entry = self.build_entry(fields)
            if self._keep_beside:
                result = journal.store.save_conflict_copy(entry.model_copy(update={"updated": self.app.clock()}))
            else:
                result = journal.save(entry)
        except EntryError as error:
            self.notice.tell(f"Not saved yet: {error.in_a_form}.", severity="warning", seconds=12)
            return
        except BlankEntryError as error:
            self.notice.tell(str(error), severity="warning", seconds=8)
            return
        except (StoreError, OSError) as error:
            self._save_failed(error.strerror if isinstance(error, OSError) else str(error))
            return
        self.app.keeper.discard(self.draft_slot)
        self._has_draft = self._keep_beside = False
        tell_draft_news(self.app)  # a "NOT saved" notice is out of date now
        self._baseline = self.collect_fields()
        self.notice.clear()
        if result.conflict_with is not None:
            self.app.notify(
                f"The file changed on disk while you wrote, so your version was saved beside it: {visible(result.path.name)}. "
                "Both are kept; `ritual doctor` lists them.",
                title="Saved as a conflict copy",
                severity="warning",
                timeout=20,  # long enough to read; doctor and Today keep saying it
                markup=False,
            )
        self.after_save(entry)

    def _save_failed(self, reason: str) -> None:
        """One sticky message that says where the words are now: a draft, or only on screen."""
        keeper = self.app.keeper
        if not self.is_dirty():
            kept = "nothing is lost: the entry on disk already holds these words"
        else:
            self._hand_over()
            keeper.flush()
            place = keeper.where(self.draft_slot)
            if place == NOWHERE:
                keeper.take_news()
                self.app.clear_notifications()  # this message is the one "NOT saved" notice
                kept = (
                    f"your text is still here, ON SCREEN ONLY: no draft could be written either "
                    f"({keeper.stranded_reason}). Try ctrl+s again once there is room; ritual asks before quitting"
                )
            else:
                tell_draft_news(self.app)
                folder = " in the state folder (the data folder cannot take it)" if place == SPARE else ""
                kept = f"your text is still here and kept as a draft{folder}; try ctrl+s again"
        self.notice.tell(f"NOT saved: {reason}. {kept[0].upper()}{kept[1:]}.", title="Save failed", severity="error")

    def action_back(self) -> None:
        """Back to the screen below; unsaved words stay as a draft, and the screen says so (or stays, if it cannot)."""
        if self.is_dirty():
            self._hand_over()
            self.app.keeper.flush()
            place = self.app.keeper.where(self.draft_slot)
            if place == NOWHERE:
                tell_draft_news(self.app)
                if not self._said_staying:
                    self._said_staying = True
                    self.notice.tell(
                        "Staying here: these words are on no disk, and leaving would hide them. ctrl+s tries to save.",
                        severity="warning",
                    )
                return
            folder = " (in the state folder)" if place == SPARE else ""
            self.app.notify(f"Kept as a draft{folder}.", timeout=2.5)  # short: it must not linger over the next form
        self.dismiss()


def _without_asked(fields: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in fields.items() if key not in ASKED_FIELDS}
