"""Session 12's snapshots: what a new user saw cut off or wrapped wrongly, at 80x24 and 100x30."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ritual_tui.models import ExposureEntry, GratitudeEntry, LadderStep, StrengthsEntry
from ritual_tui.paths import Locations
from ritual_tui.store import Store
from tests.conftest import SNAPSHOT_MOMENT as FROZEN

TODAY = FROZEN.date()
SIZES = [(80, 24), (100, 30)]


@pytest.fixture(autouse=True)
def pinned(snapshot_clock) -> None:
    """Every snapshot here is drawn at SNAPSHOT_MOMENT."""


def pressing(*keys: str):
    """A run_before that presses `keys`, one at a time, then lets the screen settle."""

    async def run(pilot) -> None:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await pilot.pause()

    return run


def seed_attempts(locations: Locations) -> None:
    """One step with three attempts: done, the exit used, postponed."""
    store = Store(locations.data_dir)
    fixed = dict(created=FROZEN - timedelta(days=30), updated=FROZEN - timedelta(days=30))
    step = LadderStep(id="step000001", day=TODAY - timedelta(days=30), name="Say hello to a neighbour", difficulty=30, **fixed)
    store.save(step)
    attempts = [("Say hi to Mrs K in the hallway and ask about her day", 40, (50, 35, 10), "done"),
                ("Say hi", 30, (50, 70, 20), "used-exit"),
                ("Wave at the couple upstairs", 25, (None, None, None), "postponed")]
    for back, (small, predicted, (before, peak, after), outcome) in enumerate(attempts):
        store.save(ExposureEntry(id=f"expo{back:06d}", day=TODAY - timedelta(days=9 - 3 * back), step=step.name, step_id=step.id,
                                 small_step=small, predicted_discomfort=predicted, discomfort_before=before,
                                 discomfort_peak=peak, discomfort_after=after, outcome=outcome, **fixed))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_steps_history(snap_compare, make_app, locations: Locations, size) -> None:
    seed_attempts(locations)
    assert snap_compare(make_app("exposure"), terminal_size=size, run_before=pressing("h"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_calendars_day(snap_compare, make_app, locations: Locations, size) -> None:
    fixed = dict(created=FROZEN, updated=FROZEN)
    store = Store(locations.data_dir)
    store.save(GratitudeEntry(id="grat000001", day=TODAY, items=["the bench by the canal where the heron waits every single evening", "soup"], **fixed))
    store.save(StrengthsEntry(id="strn000001", day=TODAY, strength="Kindness", **fixed))
    assert snap_compare(make_app(), terminal_size=size, run_before=pressing("c"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_on_this_day(snap_compare, make_app, locations: Locations, size) -> None:
    store = Store(locations.data_dir)
    for back in (7, 365):
        day = TODAY - timedelta(days=back)
        fixed = dict(created=FROZEN - timedelta(days=back), updated=FROZEN - timedelta(days=back))
        store.save(GratitudeEntry(id=f"grat{back:06d}", day=day, items=["the bench by the canal where the heron waits every single evening", "soup"], **fixed))
        store.save(StrengthsEntry(id=f"strn{back:06d}", day=day, strength="Kindness", **fixed))
    assert snap_compare(make_app(), terminal_size=size, run_before=pressing("o"))
