"""Keys as the user has them: a binding's key after config.toml's [keymap], ready to show."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import App
from textual.binding import Binding, BindingType
from textual.keys import format_key


def default_keys(*groups: Iterable[BindingType]) -> dict[str, str]:
    """Each binding id's key as declared in code (bindings without an id cannot be remapped)."""
    return {binding.id: binding.key for group in groups for binding in group if isinstance(binding, Binding) and binding.id}


def bound_key(app: App, binding_id: str, default: str) -> str:
    """The key that runs `binding_id` now: config.toml's [keymap] wins over `default`; of several
    keys ("a,b"), the first."""
    keymap = getattr(app, "quick_settings", None)
    chosen = keymap.keymap.get(binding_id, default) if keymap is not None else default
    return chosen.split(",")[0].strip() or default


def footer_key(app: App, binding_id: str, default: str) -> str:
    """The bound key as the footer shows keys (`^q`, `?`, `G`)."""
    return app.get_key_display(Binding(bound_key(app, binding_id, default), ""))


def spelled_key(app: App, binding_id: str, default: str) -> str:
    """The bound key spelled out for the help (`ctrl+q`, `F1`, `?`, `G`)."""
    modifiers, key = Binding(bound_key(app, binding_id, default), "").parse_key()
    shown = format_key(key)
    if len(shown) > 1 and shown[0] == "f" and shown[1:].isdigit():
        shown = shown.upper()
    return "+".join([*modifiers, shown])
