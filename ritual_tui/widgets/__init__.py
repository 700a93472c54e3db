"""Reusable widgets with their own scoped styles."""

from ritual_tui.widgets.fields import Prompt, RatingInput, SafeInput, SafeTextArea, ScreenTitle, long_text

__all__ = ["Prompt", "RatingInput", "SafeInput", "SafeTextArea", "ScreenTitle", "long_text"]
