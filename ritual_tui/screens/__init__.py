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
    if kind == "browse":
        from ritual_tui.screens.browse import BrowseScreen

        # One browser for the whole session (installed, so leaving it keeps it): it keeps its
        # place and reopens in a few milliseconds.
        if not app.is_screen_installed("browse"):
            app.install_screen(BrowseScreen(), "browse")
        browser = app.get_screen("browse")
        return None if browser in app.screen_stack else browser
    return None


def editor_for(entry) -> Screen | None:
    """The screen that edits a past entry (ladder steps are edited on the exposure screen)."""
    from ritual_tui.screens.gratitude import GratitudeScreen
    from ritual_tui.screens.letter import LetterScreen
    from ritual_tui.screens.reflect import ReflectScreen
    from ritual_tui.screens.strengths import StrengthsScreen

    editors = {"strengths": StrengthsScreen, "gratitude": GratitudeScreen, "letter": LetterScreen}
    if entry.kind in editors:
        return editors[entry.kind](editing=entry)
    if entry.kind == "exposure":
        return ReflectScreen(entry)
    return None


__all__ = ["editor_for", "screen_for"]
