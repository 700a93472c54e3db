"""Small building blocks of the ritual forms: titles, prompts, ratings, long text areas."""

from __future__ import annotations

from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.strip import Strip
from textual.validation import Integer
from textual.widgets import Input, Label, TextArea

from ritual_tui.text import needs_visible, visible


def _visible_strip(strip: Strip, width: int) -> Strip:
    """Show control characters as visible symbols so entry text never drives the terminal."""
    if not any(needs_visible(seg.text) for seg in strip if not seg.control):  # bidi overrides too
        return strip
    segments = [seg if seg.control else Segment(visible(seg.text), seg.style) for seg in strip]
    return Strip(segments).crop(0, width)


class SafeInput(Input):
    """An Input that draws control characters (ESC, NUL) as symbols; the value keeps them exactly.

    Focus never selects the text: Textual's default would let the next key replace a whole answer.
    """

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("select_on_focus", False)
        super().__init__(*args, **kwargs)

    def render_line(self, y: int) -> Strip:
        return _visible_strip(super().render_line(y), self.size.width)

    def on_paste(self, event: events.Paste) -> None:
        """A paste of several lines keeps every line, joined by spaces: Textual's Input keeps the
        first and drops the rest without a word (a paragraph pasted into a note's title)."""
        lines = event.text.rstrip("\r\n").splitlines()
        if len(lines) < 2:
            return  # Textual's own paste
        event.prevent_default()
        event.stop()
        text, selection = " ".join(lines), self.selection
        if selection.is_empty:
            self.insert_text_at_cursor(text)
        else:
            self.replace(text, *selection)


class SafeTextArea(TextArea):
    """A TextArea that draws control characters as symbols; the text keeps them exactly."""

    def render_line(self, y: int) -> Strip:
        return _visible_strip(super().render_line(y), self.size.width)


class LineArea(SafeTextArea):
    """One answer that wraps while it is typed and grows with it (up to `max_lines`); enter moves on.

    Like an Input, enter does not start a new line: it posts `LineArea.Submitted` (a pasted newline
    is kept). Unlike an Input, a long answer can be read whole while it is written.
    """

    BINDINGS = [Binding("enter", "submit", "Next", show=False, priority=True)]

    class Submitted(Message):
        """enter was pressed in a LineArea."""

        def __init__(self, area: LineArea) -> None:
            super().__init__()
            self.area = area

        @property
        def control(self) -> LineArea:
            """The LineArea that was submitted."""
            return self.area

    def __init__(self, text: str = "", *, max_lines: int = 6, **kwargs) -> None:
        kwargs.setdefault("soft_wrap", True)
        kwargs.setdefault("tab_behavior", "focus")
        kwargs.setdefault("show_line_numbers", False)
        kwargs.setdefault("compact", True)
        super().__init__(text, **kwargs)
        # Inline styles: a form's stylesheet gives text areas two lines at least; an answer starts at one.
        self.styles.height = "auto"
        self.styles.min_height = 1
        self.styles.max_height = max_lines

    def show_answer(self, text: str) -> None:
        """Put an answer in, with the cursor after its last word (the next key adds to it)."""
        self.text = text
        self.move_cursor(self.document.end)

    def action_submit(self) -> None:
        """enter: tell the form (which moves to the next answer)."""
        self.post_message(self.Submitted(self))


class FormScroll(VerticalScroll, can_focus=False):
    """A form's scrolling column that never takes the focus itself.

    A focusable scroll view is an invisible stop for tab (and for a form's first focus), where
    typing goes nowhere; the fields inside it scroll into view when they are focused.
    """


class ScreenTitle(Label):
    """A ritual screen's title line."""

    DEFAULT_CSS = """
    ScreenTitle { text-style: bold; color: $primary; padding: 0 0 1 0; width: 1fr; }
    """


class Prompt(Label):
    """The question above a field, as plain text: questions come from config.toml, so never markup."""

    DEFAULT_CSS = """
    Prompt { color: $text-muted; padding: 1 0 0 0; width: 1fr; }
    """

    def __init__(self, question: str = "", **kwargs) -> None:
        kwargs.setdefault("markup", False)
        super().__init__(visible(question), **kwargs)


class RatingInput(SafeInput):
    """A 0–100 rating typed as digits. Unlike words, focus selects it: typing 70 over the
    suggested 40 gives 70, not 407."""

    DEFAULT_CSS = """
    RatingInput { width: 10; }
    """

    def __init__(self, value: int | None = None, **kwargs) -> None:
        super().__init__(
            "" if value is None else str(value),
            placeholder="0–100",
            restrict=r"\d{0,3}",
            max_length=3,
            validators=[Integer(minimum=0, maximum=100, failure_description="a number from 0 to 100")],
            compact=True,
            select_on_focus=True,
            **kwargs,
        )

    @property
    def rating(self) -> int | None:
        """The rating, or None when empty."""
        return int(self.value) if self.value.strip() else None


def long_text(text: str = "", *, id: str, height: int = 3) -> SafeTextArea:
    """A soft-wrapping text area for free writing; tab moves to the next field."""
    area = SafeTextArea(text, id=id, soft_wrap=True, tab_behavior="focus", show_line_numbers=False, compact=True)
    area.styles.height = height
    return area
