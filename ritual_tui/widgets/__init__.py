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

__all__ = ["FormScroll", "LineArea", "Prompt", "RatingInput", "SafeInput", "SafeTextArea", "ScreenTitle", "long_text"]
