"""What every ritual screen shares: drafts, ctrl+s, escape, and honest save messages."""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input, TextArea

from ritual_tui.drafting import has_words
from ritual_tui.models import EntryBase, EntryError
from ritual_tui.store import BlankEntryError, StoreError
from ritual_tui.store.lazy import validated


class RitualScreen(Screen[None]):
    """A form that builds one entry. Subclasses say how fields map to an entry and back."""

    CSS_PATH = "screens.tcss"

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="ritual.save"),
        Binding("escape", "back", "Back to Today", id="ritual.back"),
        Binding("f1", "app.help", "Help", id="ritual.help"),
    ]

    AUTO_FOCUS = None
    FIRST_FIELD = "Input, TextArea"
    """The selector of the field focused when the form opens (the first match in the form)."""

    slot: str = ""
    """The draft slot of this form."""

    def __init__(self, editing: EntryBase | None = None) -> None:
        super().__init__()
        self.editing = validated(editing) if editing is not None else None
        self._baseline: dict[str, Any] = {}
        self._restoring = False

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
        """Offer back an unsaved draft, or show the entry being edited."""
        draft = self.app.keeper.store.read(self.draft_slot)
        self._restoring = True
        if self.editing is not None:
            self.apply_fields(self.fields_of(self.editing))
        self._baseline = self.collect_fields()
        if draft is not None and has_words(draft.fields):
            self.apply_fields(draft.fields)
            self.app.notify(
                f"Your unsaved words from {draft.saved:%a %H:%M} are back. ctrl+s saves them.",
                title="Draft restored",
                timeout=8,
            )
        fields = self.query(self.FIRST_FIELD)
        if fields:
            fields.first().focus(scroll_visible=False)
        self.call_after_refresh(self._done_restoring)

    def _done_restoring(self) -> None:
        self._restoring = False

    def is_dirty(self) -> bool:
        """True when the form differs from what was loaded or saved."""
        return self.collect_fields() != self._baseline

    def remember_change(self) -> None:
        """Hand the current fields to the draft keeper (debounced write)."""
        if not self._restoring and self.is_mounted:
            self.app.keeper.update(self.draft_slot, self.collect_fields())

    def on_input_changed(self, event: Input.Changed) -> None:
        """Every keystroke reaches the draft keeper."""
        self.remember_change()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        """Every keystroke reaches the draft keeper."""
        self.remember_change()

    def keep_draft(self) -> None:
        """Write this form's draft now, if it holds unsaved words."""
        if self.is_dirty():
            self.app.keeper.update(self.draft_slot, self.collect_fields())

    def action_save(self) -> None:
        """Build the entry and save it; on any failure keep the text and say why."""
        fields = self.collect_fields()
        try:
            entry = self.build_entry(fields)
            result = self.app.journal.save(entry)
        except EntryError as error:
            self.app.notify(f"Not saved yet: {error}.", severity="warning", timeout=8)
            return
        except BlankEntryError as error:
            self.app.notify(str(error), severity="warning", timeout=5)
            return
        except (StoreError, OSError) as error:
            reason = error.strerror if isinstance(error, OSError) else str(error)
            self.app.keeper.update(self.draft_slot, fields)
            self.app.keeper.flush()
            self.app.notify(
                f"NOT saved: {reason}. Your text is still here and kept as a draft; try ctrl+s again.",
                title="Save failed",
                severity="error",
                timeout=3600,
            )
            return
        self.app.keeper.discard(self.draft_slot)
        self._baseline = self.collect_fields()
        if result.conflict_with is not None:
            self.app.notify(
                f"The file changed on disk while you wrote, so your version was saved beside it: {result.path.name}. "
                "Both are kept; `ritual doctor` lists them.",
                title="Saved as a conflict copy",
                severity="warning",
                timeout=3600,
            )
        self.after_save(entry)

    def action_back(self) -> None:
        """Back to Today; unsaved words stay as a draft, and the screen says so."""
        if self.is_dirty():
            self.app.keeper.update(self.draft_slot, self.collect_fields())
            self.app.keeper.flush()
            self.app.notify("Not saved yet: kept as a draft for next time.", timeout=4)
        self.dismiss()
