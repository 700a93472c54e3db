"""Reusable widgets with their own scoped styles."""

from ritual_tui.widgets.fields import (
    FormScroll,
    LineArea,
    Prompt,
    RatingInput,
    SafeInput,
    SafeTextArea,
    ScreenTitle,
    long_text,
)
from ritual_tui.widgets.notice import FormNotice

__all__ = ["FormNotice", "FormScroll", "LineArea", "Prompt", "RatingInput", "SafeInput", "SafeTextArea", "ScreenTitle", "long_text"]
