"""Reusable widgets with their own scoped styles."""

from ritual_tui.widgets.entry_list import EntryList, EntryRow
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
from ritual_tui.widgets.quiet_footer import QuietFooter
from ritual_tui.widgets.reading_pane import ReadingPane

__all__ = ["EntryList", "EntryRow", "FormNotice", "FormScroll", "LineArea", "Prompt", "QuietFooter", "RatingInput", "ReadingPane", "SafeInput", "SafeTextArea", "ScreenTitle", "long_text"]
