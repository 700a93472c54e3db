"""A form's notice line: messages about the words being written, shown below the form, never over it."""

from __future__ import annotations

from textual.content import Content
from textual.timer import Timer
from textual.widgets import Static

from ritual_tui.text import visible


class FormNotice(Static):
    """One message at a time, between the form and the footer (a toast would cover a field at 80x24).

    A message with `seconds` goes away by itself; one without stays until replaced or cleared
    (a failed save, a conflict copy: things the writer must not miss).
    """

    DEFAULT_CSS = """
    FormNotice {
        display: none;
        height: auto;
        max-height: 6;
        padding: 0 2;
        margin: 0 2;
        background: $panel;
        border-left: thick $primary;
    }
    FormNotice.-shown { display: block; }
    FormNotice.-warning { border-left: thick $warning; }
    FormNotice.-error { border-left: thick $error; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__("", markup=False, **kwargs)
        self.message = ""
        self.title = ""
        self.severity = "information"
        self.sticky = False
        """True while the message stays until replaced or cleared."""
        self._timer: Timer | None = None

    def tell(self, message: str, *, title: str = "", severity: str = "information", seconds: float | None = None) -> None:
        """Show `message` (plain text, neutralised here) under an optional bold title."""
        self.message, self.title, self.severity, self.sticky = message, title, severity, seconds is None
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        heading = (visible(title), "bold") if title else ("", "")
        self.update(Content.assemble(heading, (" · " if title else "", ""), visible(message)))
        self.set_class(severity == "warning", "-warning")
        self.set_class(severity == "error", "-error")
        self.add_class("-shown")
        if seconds is not None:
            self._timer = self.set_timer(seconds, self.clear)

    def clear(self) -> None:
        """Hide the notice."""
        self.message = self.title = ""
        self.sticky = False
        self.remove_class("-shown")
