"""Today's first frame does only what the frame needs: no focus to restyle, the keys still work."""

from __future__ import annotations

from textual.containers import VerticalScroll

from ritual_tui.screens.today import TodayScreen
from tests.conftest import at_first_frame


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



def test_the_first_frame_leaves_the_draft_keeper_for_later() -> None:
    out = at_first_frame('{"modules": sorted(m for m in sys.modules if m.startswith("ritual_tui.")), '
                         '"focused": repr(self.focused), "drafts": self.app.flush_drafts()}')
    assert "ritual_tui.drafting" not in out["modules"] and "ritual_tui.store.drafts" not in out["modules"]
    assert out["focused"] == "None"
    assert out["drafts"] is False  # nothing held, nothing stranded: flushing before any form is a no-op


async def test_a_form_still_gets_its_keeper_and_every_exit_flushes_it(make_app, locations) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.flush_drafts() is False  # no form yet
        await pilot.press("g")
        await pilot.pause()
        await pilot.press(*"warm soup")
        app.keeper.update("gratitude", {"items": ["warm soup"]})
        assert app.flush_drafts() is False  # written, so not stranded
        assert (locations.drafts_dir / "gratitude.toml").exists()


async def test_a_theme_chosen_at_start_styles_today_as_one_chosen_later(make_app) -> None:
    def looks(app) -> tuple:
        styled = [app.screen.query_one(f"#{name}").rich_style for name in ("today-header", "greeting", "consistency")]
        return dict(app.theme_variables), sorted(app.classes), [str(style) for style in styled]

    for name in ("ritual-forest", "ritual-dawn", "ritual-terminal", "ritual-dusk"):  # dark, light, ANSI, the default
        started = make_app(theme=name)
        async with started.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            at_start = looks(started)
        switched = make_app(theme="ritual-contrast")
        async with switched.run_test(size=(100, 30)) as pilot:
            switched.theme = name
            await pilot.pause()
            assert looks(switched) == at_start, name
