"""Small building blocks of the ritual forms: titles, prompts, ratings, long text areas."""

from __future__ import annotations

from textual.validation import Integer
from textual.widgets import Input, Label, TextArea


class ScreenTitle(Label):
    """A ritual screen's title line."""

    DEFAULT_CSS = """
    ScreenTitle { text-style: bold; color: $primary; padding: 0 0 1 0; width: 1fr; }
    """


class Prompt(Label):
    """The question above a field."""

    DEFAULT_CSS = """
    Prompt { color: $text-muted; padding: 1 0 0 0; width: 1fr; }
    """


class RatingInput(Input):
    """A 0–100 rating typed as digits."""

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
            **kwargs,
        )

    @property
    def rating(self) -> int | None:
        """The rating, or None when empty."""
        return int(self.value) if self.value.strip() else None


def long_text(text: str = "", *, id: str, height: int = 3) -> TextArea:
    """A soft-wrapping text area for free writing; tab moves to the next field."""
    area = TextArea(text, id=id, soft_wrap=True, tab_behavior="focus", show_line_numbers=False, compact=True)
    area.styles.height = height
    return area
