"""SVG snapshots of a hard moment: the breathing guide, the reframe form, the anchor and the mission."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import Input, TextArea

from ritual_tui.models import GratitudeEntry, MissionEntry, ReframeEntry, StrengthsEntry
from ritual_tui.paths import Locations
from ritual_tui.store import Store
from ritual_tui.widgets.breathing import BreathingGuide
from tests.conftest import SNAPSHOT_MOMENT as FROZEN

TODAY = FROZEN.date()
SIZES = [(80, 24), (100, 30)]


@pytest.fixture(autouse=True)
def pinned(snapshot_clock) -> None:
    """Every snapshot here is drawn at SNAPSHOT_MOMENT."""


def seed(locations: Locations) -> None:
    """A mission, a few wins and two earlier reframes, so every step has something to show."""
    store = Store(locations.data_dir)
    fixed = dict(created=FROZEN - timedelta(days=40), updated=FROZEN - timedelta(days=40))
    store.save(MissionEntry(id="miss000001", day=TODAY - timedelta(days=40), statement="Meet people with warmth, keep learning, and let one answer be one answer.", values=["warmth", "curiosity", "courage"], **fixed))
    store.save(StrengthsEntry(id="strn000001", day=TODAY - timedelta(days=1), strength="Perseverance", where_it_showed="finished the draft", **fixed))
    store.save(GratitudeEntry(id="grat000001", day=TODAY - timedelta(days=2), items=["Ana saved me a seat"], **fixed))
    store.save(ReframeEntry(id="refr000001", day=TODAY - timedelta(days=60), what_happened="no reply", traps=["catastrophising", "mind-reading"], intensity_before=80, intensity_after=40, **fixed))
    store.save(ReframeEntry(id="refr000002", day=TODAY - timedelta(days=5), what_happened="a curt email", traps=["catastrophising"], intensity_before=60, intensity_after=45, **fixed))


async def still(pilot) -> None:
    """No blinking cursors and a breath held still at 2.5 seconds in."""
    for guide in pilot.app.screen.query(BreathingGuide):
        guide.hold_at(2.5)
    for widget in pilot.app.screen.query("Input, TextArea"):
        if isinstance(widget, (Input, TextArea)):
            widget.cursor_blink = False
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_breathing(snap_compare, make_app, locations: Locations, size: tuple[int, int]) -> None:
    seed(locations)
    assert snap_compare(make_app("reframe"), terminal_size=size, run_before=still)


def test_breathing_text_only(snap_compare, make_app, locations: Locations) -> None:
    locations.config_file.parent.mkdir(parents=True, exist_ok=True)
    locations.config_file.write_text("[reframe]\nreduce_motion = true\n", "utf-8")
    assert snap_compare(make_app("reframe"), terminal_size=(80, 24), run_before=still)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_reframe_form(snap_compare, make_app, locations: Locations, size: tuple[int, int]) -> None:
    seed(locations)

    async def write(pilot) -> None:
        await pilot.press("enter")
        await pilot.press(*"Left out")
        await still(pilot)

    assert snap_compare(make_app("reframe"), terminal_size=size, run_before=write)


def test_reframe_patterns(snap_compare, make_app, locations: Locations) -> None:
    seed(locations)

    async def to_the_end(pilot) -> None:
        await pilot.press("enter")
        await still(pilot)
        pilot.app.screen.query_one("#patterns").scroll_visible(animate=False)
        await pilot.pause()

    assert snap_compare(make_app("reframe"), terminal_size=(80, 24), run_before=to_the_end)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_anchor(snap_compare, make_app, locations: Locations, size: tuple[int, int]) -> None:
    seed(locations)

    async def save(pilot) -> None:
        await pilot.press("enter")
        await pilot.press(*"Left out")
        await pilot.press("tab", "8", "0")
        await pilot.press("ctrl+s")
        await pilot.pause()
        pilot.app.clear_notifications()
        await still(pilot)

    assert snap_compare(make_app("reframe"), terminal_size=size, run_before=save)


def test_mission(snap_compare, make_app, locations: Locations) -> None:
    seed(locations)
    assert snap_compare(make_app("mission"), terminal_size=(80, 24), run_before=still)


def test_today_with_the_mission_line(snap_compare, make_app, locations: Locations) -> None:
    seed(locations)
    locations.config_file.parent.mkdir(parents=True, exist_ok=True)
    locations.config_file.write_text("[reframe]\nmission_on_today = true\n", "utf-8")
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=still)
