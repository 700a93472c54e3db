"""Today's first frame does only what the frame needs: no focus to restyle, the keys still work."""

from __future__ import annotations

from textual.containers import VerticalScroll

from ritual_tui.screens.today import TodayScreen


async def test_today_takes_no_focus_and_its_keys_scroll_it(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(60, 12)) as pilot:  # small enough that Today scrolls
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert app.screen.focused is None  # a focus would restyle the scroll view before the first frame
        today = app.screen.query_one("#today", VerticalScroll)
        assert today.max_scroll_y > 0
        await pilot.press("down")
        assert today.scroll_y == 1
        await pilot.press("pagedown")
        assert today.scroll_y > 1
        await pilot.press("pageup", "up")
        assert today.scroll_y == 0
        await pilot.press("question_mark")  # and the screen's own keys are Today's, not a focused widget's
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
