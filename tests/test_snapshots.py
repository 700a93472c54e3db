"""SVG snapshots of Today and every ritual at 100x30 and 80x24, with a frozen clock."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import Input, TextArea

from ritual_tui.models import ExposureEntry, GratitudeEntry, LadderStep, StrengthsEntry
from ritual_tui.paths import Locations
from ritual_tui.store import Store
from tests.conftest import SNAPSHOT_MOMENT as FROZEN

TODAY = FROZEN.date()


@pytest.fixture(autouse=True)
def pinned(snapshot_clock) -> None:
    """Every snapshot here is drawn at SNAPSHOT_MOMENT."""
SIZES = [(100, 30), (80, 24)]


def seed_history(locations: Locations) -> None:
    """A few weeks of practice, so every screen has something to show."""
    store = Store(locations.data_dir)
    fixed = dict(created=FROZEN - timedelta(days=40), updated=FROZEN - timedelta(days=40))
    step = LadderStep(id="step000001", day=TODAY - timedelta(days=20), name="Say hello to a neighbour", difficulty=25, **fixed)
    hard = LadderStep(id="step000002", day=TODAY - timedelta(days=20), name="Ask a question at stand-up", difficulty=60, position=1, **fixed)
    store.save(step)
    store.save(hard)
    for back in (1, 2, 4, 30):
        store.save(GratitudeEntry(id=f"grat{back:06d}", day=TODAY - timedelta(days=back), items=[f"a kind word on day {back}", "warm tea"], **fixed))
    store.save(StrengthsEntry(id="strn000001", day=TODAY - timedelta(days=1), strength="Perseverance", use_today="finish the draft", **fixed))
    store.save(ExposureEntry(id="expo000001", day=TODAY - timedelta(days=2), step=step.name, step_id=step.id, small_step="say hi in the hallway", outcome="used-exit", adjust_next_time="stay for one more sentence", **fixed))
    store.save(ExposureEntry(id="expo000002", day=TODAY - timedelta(days=1), step=hard.name, step_id=hard.id, small_step="ask about the roadmap", **fixed))


async def still(pilot) -> None:
    """No blinking cursors in snapshots."""
    for widget in pilot.app.screen.query("Input, TextArea"):
        if isinstance(widget, (Input, TextArea)):
            widget.cursor_blink = False
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("start", ["today", "strengths", "gratitude", "exposure", "letter"])
def test_screen_layout(snap_compare, make_app, locations: Locations, start: str, size: tuple[int, int]) -> None:
    seed_history(locations)
    assert snap_compare(make_app(start), terminal_size=size, run_before=still)


def test_empty_today(snap_compare, make_app) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=still)


def test_reflection_with_brave_exit(snap_compare, make_app, locations: Locations) -> None:
    seed_history(locations)

    async def reflect(pilot) -> None:
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("down", "down", "enter")
        await still(pilot)

    assert snap_compare(make_app("exposure"), terminal_size=(100, 30), run_before=reflect)
