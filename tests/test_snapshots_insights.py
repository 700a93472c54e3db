"""SVG snapshots of the insights screen and of the weekly letter's process wins."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from textual.widgets import Input, TextArea

from ritual_tui.clock import add_months
from ritual_tui.models import ContactEntry, CircleEntry, ExposureEntry, GratitudeEntry, LadderStep, ReframeEntry, StrengthsEntry
from ritual_tui.paths import Locations
from ritual_tui.store import Store
from tests.conftest import SNAPSHOT_MOMENT as FROZEN

TODAY = FROZEN.date()
SIZES = [(80, 24), (100, 30)]


@pytest.fixture(autouse=True)
def pinned(snapshot_clock) -> None:
    """Every snapshot here is drawn at SNAPSHOT_MOMENT."""


def at(day, hour: int = 12) -> dict:
    moment = datetime.combine(day, time(hour), FROZEN.tzinfo)
    return {"day": day, "created": moment, "updated": moment}


def seed(locations: Locations) -> None:
    """Two steps with a season of attempts, a few reframes, a circle, and this week's practice."""
    store = Store(locations.data_dir)
    start = TODAY - timedelta(days=120)
    easy = LadderStep(id="stepeasy01", name="Say hello to a neighbour", difficulty=25, position=0, **at(start))
    hard = LadderStep(id="stephard01", name="Ask a question at stand-up", difficulty=60, position=1, **at(start))
    choir = CircleEntry(id="circchoir1", circle="Choir", circle_kind="hobby-or-club", **at(start))
    for entry in (easy, hard, choir):
        store.save(entry)
    for n in range(12):
        day = start + timedelta(days=10 * n + 1)
        step = easy if n % 3 else hard
        predicted = (30 if step is easy else 75) - n
        store.save(ExposureEntry(id=f"expo{n:06d}", step=step.name, step_id=step.id, small_step=f"attempt {n}",
                                 predicted_discomfort=predicted, discomfort_peak=predicted - 5 - n,
                                 outcome=("done", "partly-done", "used-exit")[n % 3],
                                 feared_happened=("no", "partly", "no", "yes")[n % 4], **at(day, 18)))
    store.save(ExposureEntry(id="expomonth1", step=easy.name, step_id=easy.id, small_step="say good morning",
                             predicted_discomfort=40, discomfort_peak=30, outcome="done", **at(add_months(TODAY, -1), 18)))
    monday = TODAY - timedelta(days=TODAY.weekday())
    store.save(ExposureEntry(id="expoweek01", step=easy.name, step_id=easy.id, small_step="say hello to the baker at the corner shop",
                             predicted_discomfort=35, discomfort_peak=15, outcome="used-exit", feared_happened="no",
                             what_happened="he smiled and asked about my day", **at(monday, 18)))
    store.save(ReframeEntry(id="refr000001", what_happened="no reply", traps=["catastrophising", "mind-reading"], **at(TODAY - timedelta(days=40))))
    store.save(ReframeEntry(id="refr000002", what_happened="a curt email", traps=["catastrophising"], **at(monday)))
    store.save(ContactEntry(id="cont000001", circle_id=choir.id, circle="Choir", step_type="showed-up", note="sang the alto line", **at(monday, 19)))
    store.save(StrengthsEntry(id="strn000001", strength="Kindness", where_it_showed="carried the boxes up for Ana, who had a long day", **at(monday, 8)))
    store.save(GratitudeEntry(id="grat000001", items=["warm tea", "Ana's seat saved for me"], **at(monday, 21)))


async def still(pilot) -> None:
    """No blinking cursors."""
    for widget in pilot.app.screen.query("Input, TextArea"):
        if isinstance(widget, (Input, TextArea)):
            widget.cursor_blink = False
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_insights(snap_compare, make_app, locations: Locations, size: tuple[int, int]) -> None:
    seed(locations)

    async def open_insights(pilot) -> None:
        await pilot.pause()
        await pilot.press("i")
        await still(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=open_insights)


def test_insights_of_a_new_user(snap_compare, make_app) -> None:
    async def open_insights(pilot) -> None:
        await pilot.pause()
        await pilot.press("i")
        await still(pilot)

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=open_insights)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_letter_process_wins(snap_compare, make_app, locations: Locations, size: tuple[int, int]) -> None:
    seed(locations)

    async def pick(pilot) -> None:
        await pilot.pause()
        wins = pilot.app.screen.query_one("#wins")
        wins.focus()
        await pilot.press("space", "down", "down", "space")
        await still(pilot)

    assert snap_compare(make_app("letter"), terminal_size=size, run_before=pick)
