"""Typing on a widget that holds no words (a menu, a list) goes on into the form's text field."""

from __future__ import annotations

from textual import events
from textual.widgets import Input, TextArea


class TypesThrough:
    """A mixin for a menu or a list: a printable key or a paste on it is typed into the field that
    `TYPE_THROUGH_TO` names (a selector on the screen), which takes the focus.

    Keys typed quickly arrive together, before the field has taken the focus: once a key went
    through, every key that follows it goes too (a space as well, which a list or a menu would take
    for itself), until the focus has moved. On its own, a space stays the widget's (it opens the
    menu, keeps a win).
    """

    TYPE_THROUGH_TO = ""
    _typing_through = False

    def holds_keys(self) -> bool:
        """True while the widget needs every key itself (an open menu)."""
        return False

    def on_key(self, event: events.Key) -> None:
        """A printable key (not a first space) is typed into the field; so are enter and backspace
        that follow typing (the same read's: enter opened the seal's menu, which took the words after it)."""
        if self.holds_keys():
            return
        if self._typing_through and event.key in ("enter", "backspace"):
            if self._edit_through(event.key):
                event.stop()
                event.prevent_default()
            return
        if not event.is_printable or event.character is None:
            return
        if event.character == " " and not self._typing_through:
            return
        self._type_through(event.character)
        event.stop()
        event.prevent_default()

    def on_paste(self, event: events.Paste) -> None:
        """A paste goes into the field: nothing here would keep its words."""
        if self.holds_keys() or not event.text:
            return
        self._type_through(event.text)
        event.stop()
        event.prevent_default()

    def on_blur(self) -> None:
        """The field has the focus now: a space is the widget's again when the focus comes back."""
        self._typing_through = False

    def _edit_through(self, key: str) -> bool:
        """Enter (a new line) or backspace done on the field; False when the field takes no such key."""
        field = self.screen.query_one(self.TYPE_THROUGH_TO)  # type: ignore[attr-defined]
        if isinstance(field, TextArea) and key == "enter":
            field.insert("\n")
        elif isinstance(field, TextArea):
            field.action_delete_left()
        elif isinstance(field, Input) and key == "backspace":
            field.action_delete_left()
        else:
            return False
        field.focus()
        return True

    def _type_through(self, text: str) -> None:
        self._typing_through = True
        field = self.screen.query_one(self.TYPE_THROUGH_TO)  # type: ignore[attr-defined]
        field.focus()
        if isinstance(field, TextArea):
            field.insert(text)
        elif isinstance(field, Input):
            field.insert_text_at_cursor(" ".join(text.splitlines()))
