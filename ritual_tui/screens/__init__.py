"""One module per screen; `screen_for` picks the screen a ritual opens."""

from __future__ import annotations

from datetime import date

from textual.screen import Screen


def screen_for(kind: str, app, day: date | None = None) -> Screen | None:
    """The screen for a ritual (as declared in rituals.py): today's or this week's entry opens
    for editing when it already exists; the browser opens at `day` when one is given."""
    from ritual_tui.rituals import BY_COMMAND, BY_KIND

    if kind == "browse":
        browser = _the_browser(app)
        if browser is not None:
            browser.show_day(day)
        return browser
    ritual = BY_KIND.get(kind) or BY_COMMAND.get(kind)  # `ritual circles` names kind `contact`
    if ritual is None or ritual.screen is None:
        return None
    screen_class = ritual.screen_class()
    journal = app.journal
    if ritual.opens == "fresh":
        return screen_class()
    if ritual.opens == "this week":
        return screen_class(editing=journal.this_weeks_letter())
    return screen_class(editing=journal.todays(kind))


def prepare_browser(app) -> None:
    """Mount the browser while the app waits for nothing (Today drawn, the history in), so the
    first `b` only shows it, as every later one does. Only over Today alone: no other screen is
    suspended and resumed for it. The browser is shown and hidden in one step, before any frame."""
    if len(app.screen_stack) != 1:
        return
    browser = _the_browser(app)
    if browser is None or browser.is_running:
        return
    app.push_screen(browser)
    app.pop_screen()


def _the_browser(app) -> Screen | None:
    """One browser for the whole session (installed, so leaving it keeps it): it keeps its place
    and reopens in a few milliseconds. None when it is already open."""
    from ritual_tui.screens.browse import BrowseScreen

    if not app.is_screen_installed("browse"):
        app.install_screen(BrowseScreen(), "browse")
    browser = app.get_screen("browse")
    return None if browser in app.screen_stack else browser


__all__ = ["prepare_browser", "screen_for"]
