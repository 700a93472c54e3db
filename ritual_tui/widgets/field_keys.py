"""Keys a text field takes before its screen sees them, so [keymap] never sends a command there.

A remapped form command on such a key would silently do the field's thing instead (ctrl+w deletes
a word, a letter is typed): the keymap drops that key and says so once, at start.
"""

from __future__ import annotations

from functools import cache

from textual.binding import Binding
from textual.keys import key_to_character

FORM_BINDING_GROUPS = ("ritual.", "settings.", "step.", "ask.")
"""Binding ids of screens where a text field may have the focus (the rituals, settings, dialogs)."""


def _keys_of(*classes: type) -> frozenset[str]:
    keys: set[str] = set()
    for cls in classes:
        for klass in cls.__mro__:
            for binding in vars(klass).get("BINDINGS", ()):
                key = binding.key if isinstance(binding, Binding) else binding[0]
                keys.update(part.strip() for part in key.split(","))
    return frozenset(keys)


@cache
def field_keys() -> frozenset[str]:
    """Every key an Input or a TextArea binds, enter, and tab / shift+tab (they move between fields).

    Read from the widgets themselves, so a Textual upgrade that binds a new key is followed; imported
    only when a keymap names a form command (the text area is slow to import, and Today needs none).
    """
    from textual.screen import Screen
    from textual.widgets import Input, TextArea

    return _keys_of(Input, TextArea, Screen) | {"enter"}


def field_takes(key: str) -> bool:
    """True when a focused text field would use `key` itself (a binding of its own, or a typed character)."""
    character = key_to_character(key)
    return (character is not None and character.isprintable()) or key in field_keys()


def keymap_for_fields(keymap: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """config.toml's keymap without the keys a text field takes from form commands, and one notice per key left out.

    A form command left with no key keeps its default one.
    """
    kept: dict[str, str] = {}
    notices: list[str] = []
    for binding_id, keys in keymap.items():
        if not binding_id.startswith(FORM_BINDING_GROUPS):
            kept[binding_id] = keys
            continue
        wanted = [key.strip() for key in keys.split(",") if key.strip()]
        usable = [key for key in wanted if not field_takes(key)]
        for key in wanted:
            if key not in usable:
                notices.append(f"[keymap] {binding_id}: {key} left out, text fields use it. Free: f2–f5, f8–f12, ctrl+b/g/l/n/o/r/t.")
        if usable:
            kept[binding_id] = ",".join(usable)
    return kept, notices
