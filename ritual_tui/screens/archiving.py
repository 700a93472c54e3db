"""Archiving and restoring an entry that lists hide once archived (a circle, a boundary)."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from ritual_tui.store import StoreError
from ritual_tui.text import visible


def toggle_archived(screen: Screen, entry: Any, noun: str) -> bool:
    """Save `entry` archived (or restored, when it is archived); tell the user either way.

    A file written by a newer ritual is never rewritten. Returns True when the change was saved.
    """
    journal = screen.app.journal
    if entry.id in journal.read_only_ids(entry.kind):
        screen.notify(f"A newer ritual wrote this {noun}, so it is read-only here.", severity="warning")
        return False
    try:
        journal.save(entry.model_copy(update={"archived": not entry.archived}))
    except OSError as error:
        screen.notify(f"Not changed: {error.strerror}.", severity="error", timeout=3600)
        return False
    except StoreError as error:
        screen.notify(f"Not changed: {visible(str(error))}", severity="warning", timeout=12, markup=False)
        return False
    done = "restored" if entry.archived else "archived (u shows the archived ones)"
    screen.notify(f"The {noun} is {done}.", timeout=3)
    return True


class ArchiveList:
    """What a list of archivable entries shares: x archives or restores the highlighted one, u
    switches to the archived ones and back, escape leaves them before leaving the screen.

    The screen gives `noun`, `selected()` (the highlighted entry, validated, or None) and `redraw()`.
    """

    noun = "entry"
    archived = False
    """True while the archived entries are shown."""

    def selected(self) -> Any | None:
        """The highlighted entry, or None."""
        raise NotImplementedError

    def redraw(self) -> None:
        """Draw the list again from the journal."""
        raise NotImplementedError

    def action_archive(self) -> None:
        """Archive the highlighted entry (or restore it, among the archived); what belongs to it stays."""
        entry = self.selected()
        if entry is not None and toggle_archived(self, entry, self.noun):
            self.redraw()

    def action_show_archived(self) -> None:
        """Switch between the entries in use and the archived ones."""
        self.archived = not self.archived
        self.redraw()

    def action_back(self) -> None:
        """Back to Today (or back to the entries in use, from the archived ones)."""
        if self.archived:
            self.action_show_archived()
            return
        self.dismiss()
