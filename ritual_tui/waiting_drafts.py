"""Drafts waiting on disk, as `ritual doctor` lists them: the slot, when it was saved, and how to get
it back, or why no form can offer it back any more. Never the words."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ritual_tui.store.drafts import DraftStore

FORMS = {
    "gratitude": "`ritual gratitude`",
    "strengths": "`ritual strengths`",
    "letter": "`ritual letter`",
    "reframe": "`ritual reframe`",
    "mission": "`ritual mission`",
    "note": "`ritual note`",
    "reflect": "`ritual exposure`, then r on its plan",
    "plan": "`ritual exposure`, then p on its step",
    "ladder-step": "`ritual exposure`, then a (a new step) or c on its step",
    "circle": "`ritual circles`, then a (a new circle) or enter on its circle",
    "contact": "`ritual circles`, then t on its circle",
    "boundary": "`ritual boundaries`, then a (a new boundary) or enter on its boundary",
    "held": "`ritual boundaries`, then h on its boundary (s for a no tied to none)",
}
"""A slot's first part (the form that writes it) and where that form opens; the rest of a slot is ids."""

OWN_LIST = {"ladder-step", "circle", "boundary"}
"""Forms whose one id is the thing they change, opened from its own list (not from the browser)."""
BELONGS = {
    "plan": ("step", "`ritual exposure` (v lists the archived steps, x restores one)", "p"),
    "ladder-step": ("step", "`ritual exposure` (v lists the archived steps, x restores one)", "c"),
    "contact": ("circle", "`ritual circles` (u lists the archived circles, x restores one)", "t"),
    "held": ("boundary", "`ritual boundaries` (u lists the archived boundaries, x restores one)", "h"),
}
"""Forms whose first id names what they belong to (where to restore it, the key that opens the form
on it): archived, it must be restored before the form opens."""


NAMED = {
    "gratitude": "gratitude", "strengths": "strengths", "letter": "the week's letter", "reframe": "a reframe",
    "mission": "your mission", "note": "a note", "reflect": "a reflection", "plan": "a plan",
    "ladder-step": "a ladder step", "circle": "a circle", "contact": "a person in a circle",
    "boundary": "a boundary", "held": "a held moment",
}
"""A form's name in Today's words (see `FORMS` for where each opens)."""
EDITED = {"gratitude", "strengths", "letter", "reframe", "mission", "note"}
"""Forms whose slot with an id is an edit of that past entry (opened from the browser)."""


def forms_waiting(slots: list[str]) -> list[str]:
    """The forms whose unsaved words wait on disk, in Today's words and once each, from the draft
    slots (`DraftStore.slots`)."""
    named: list[str] = []
    for slot in slots:
        base, ids = _parts(slot)
        if base is None:
            continue  # a sync tool's copy, or a file no form reads: `ritual doctor` names it
        name = "an edit of a past entry" if ids and base in EDITED else NAMED[base]
        if name not in named:
            named.append(name)
    return named


def waiting_drafts(locations: Any, entries: dict[str, Any]) -> list[tuple[Path, str, bool]]:
    """(path, what it is and how to get it back, True when no form can offer it back) for every
    draft file; `entries` are the journal's entries by id."""
    store = DraftStore(locations.drafts_dir, locations.spare_drafts_dir)
    found = []
    for path in store.files():
        draft = store.read_file(path)
        if draft is None:
            found.append((path, "a draft file that cannot be read (left untouched)", True))
            continue
        saved = f"saved {draft.saved:%Y-%m-%d %H:%M}"
        slot = store.slot_of(path)
        base, ids = _parts(slot or "")
        if slot is None or base is None:
            origin = path.name.split(".", 1)[0].split(" ", 1)[0]
            found.append((path, f"a copy of the {origin} draft made by a sync tool, or a file no form reads ({saved}): "
                                "ritual never offers it back; its words are in this file, to copy by hand", True))
            continue
        found.append((path, *_how(base, ids, entries, saved)))
    return found


def _parts(slot: str) -> tuple[str | None, list[str]]:
    """A slot's form and its ids (`plan-s1t2-e3f4` is plan, [s1t2, e3f4])."""
    for base in sorted(FORMS, key=len, reverse=True):
        if slot == base or slot.startswith(base + "-"):
            return base, [part for part in slot[len(base) + 1:].split("-") if part]
    return None, []


def _how(base: str, ids: list[str], entries: dict[str, Any], saved: str) -> tuple[str, bool]:
    """How to get a draft back, and True when nothing can."""
    missing = [found for found in ids if found not in entries]
    if missing:
        return (f"a draft of {base} ({saved}) for entry {missing[0]}, which is no longer in the journal (deleted or "
                "moved): no form can offer it back; its words are in this file, to copy by hand"), True
    owner = entries[ids[0]] if ids and base in BELONGS and entries[ids[0]].kind == BELONGS[base][0] else None
    if owner is not None and getattr(owner, "archived", False):
        thing, where, key = BELONGS[base]
        return (f"a draft of {base} ({saved}) for an archived {thing}: restore the {thing} in {where}, "
                f"then {key} on it offers the draft back"), False
    edited = ids[1:] if owner is not None else ids  # `held-<id>` is a moment tied to no boundary, being changed
    if edited and base not in OWN_LIST:
        entry = entries[edited[-1]]
        return f"a draft of a change to the {entry.kind} entry of {entry.day} ({saved}): open that entry in `ritual browse` to get it back", False
    return f"a draft of {base} ({saved}): {FORMS[base]} offers it back", False
