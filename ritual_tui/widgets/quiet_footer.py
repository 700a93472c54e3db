"""A footer that rebuilds its keys only when the keys it would show change."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer


class QuietFooter(Footer):
    """Textual's Footer, minus the rebuilds that change nothing.

    Textual's Footer removes and mounts every key each time the screen's bindings may have changed:
    on every focus change and every return to the screen. In the browser that rebuild was most of
    the cost of closing the date question or the calendar. Here it happens only when the keys shown
    (their keys, names, actions, or enabled state) really differ.

    Each key is also made with the look it keeps: Textual's keys start compact, then follow the
    footer's (not compact), and each of those changes restyled the key.
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.keys_shown: tuple[object, ...] | None = None
        """What the footer was last built from (None: not built yet)."""

    def compose(self) -> ComposeResult:
        """Textual's keys, each already in the style it ends with (the palette's key stays compact, as there)."""
        for widget in super().compose():
            key_class = type(widget)
            if key_class.__name__ == "FooterKey":  # not exported by textual.widgets
                compact = self.compact or widget.has_class("-command-palette")
                widget.set_reactive(key_class.compact, compact)
                widget.set_class(compact, "-compact", update=False)
            yield widget

    def bindings_changed(self, screen: Screen) -> None:
        """Rebuild when the keys shown differ from those built (and Textual would rebuild at all)."""
        if not (screen.app.app_focus and self.is_attached and screen is self.screen):
            super().bindings_changed(screen)
            return
        palette = screen.app.COMMAND_PALETTE_BINDING
        keys = tuple(
            (binding.key, binding.key_display, binding.action, binding.description, enabled, tooltip)
            for key, (_node, binding, enabled, tooltip) in screen.active_bindings.items()
            if binding.show or key == palette
        )
        if keys != self.keys_shown:
            self.keys_shown = keys
            super().bindings_changed(screen)
