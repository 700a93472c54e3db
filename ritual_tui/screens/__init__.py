"""One module per screen; `screen_for` picks the screen a ritual opens."""

from __future__ import annotations

from textual.screen import Screen


def screen_for(kind: str, app) -> Screen | None:
    """The screen for a ritual: today's entry opens for editing when it already exists."""
    from ritual_tui.screens.exposure import ExposureScreen
    from ritual_tui.screens.gratitude import GratitudeScreen
    from ritual_tui.screens.letter import LetterScreen
    from ritual_tui.screens.strengths import StrengthsScreen

    journal = app.journal
    if kind == "strengths":
        return StrengthsScreen(editing=journal.todays("strengths"))
    if kind == "gratitude":
        return GratitudeScreen(editing=journal.todays("gratitude"))
    if kind == "letter":
        return LetterScreen(editing=journal.this_weeks_letter())
    if kind == "exposure":
        return ExposureScreen()
    return None


__all__ = ["screen_for"]
