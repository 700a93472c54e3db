"""SVG snapshots of the circles and boundaries screens, and Today's gentle line, at 80x24 and 100x30."""

from __future__ import annotations

from datetime import timedelta

import pytest
from ritual_tui.models import BoundaryEntry, CircleEntry, ContactEntry, HeldEntry
from ritual_tui.paths import Locations
from ritual_tui.store import Store
from tests.conftest import SNAPSHOT_MOMENT as FROZEN
from tests.test_snapshots import still

TODAY = FROZEN.date()
SIZES = [(80, 24), (100, 30)]
FIXED = dict(created=FROZEN - timedelta(days=100), updated=FROZEN - timedelta(days=100))


@pytest.fixture(autouse=True)
def pinned(snapshot_clock) -> None:
    """Every snapshot here is drawn at SNAPSHOT_MOMENT."""


def seed(locations: Locations, *, spread: bool = True) -> None:
    """Three circles with people, steps over three months, a boundary and two moments held."""
    store = Store(locations.data_dir)
    club = CircleEntry(id="circle0001", day=TODAY - timedelta(days=95), circle="Climbing club", circle_kind="hobby-or-club",
                       gives="A place to be bad at something, with people who cheer.",
                       people=[{"name": "Ana", "knows_rejection": True}, {"name": "Marc"}], **FIXED)
    family = CircleEntry(id="circle0002", day=TODAY - timedelta(days=95), circle="Family", circle_kind="family",
                         people=[{"name": "Mum", "knows_rejection": True}], **FIXED)
    online = CircleEntry(id="circle0003", day=TODAY - timedelta(days=95), circle="Sketching forum", circle_kind="online", **FIXED)
    for entry in (club, family, online):
        store.save(entry)
    days = [(club, (1, 3, 8, 12, 20, 40, 70)), (family, (5, 33, 60) if spread else (33, 60)), (online, (85,))]
    for where, backs in days:
        for n, back in enumerate(backs):
            store.save(ContactEntry(id=f"{where.id[-4:]}step{n:02d}", day=TODAY - timedelta(days=back), circle_id=where.id,
                                    circle=where.circle, step_type="showed-up", **FIXED))
    boundary = BoundaryEntry(id="bound00001", day=TODAY - timedelta(days=20), boundary="No work calls after seven.",
                             why="Evenings are for rest.", words="I will answer first thing tomorrow.", **FIXED)
    store.save(boundary)
    store.save(BoundaryEntry(id="bound00002", day=TODAY - timedelta(days=10), boundary="One evening a week is mine.", **FIXED))
    store.save(HeldEntry(id="held000001", day=TODAY - timedelta(days=2), boundary_id=boundary.id, boundary=boundary.boundary,
                         moment="Let the 8 pm call ring; wrote back in the morning.", feeling_before="tight",
                         feeling_after="lighter", **FIXED))
    store.save(HeldEntry(id="held000002", day=TODAY - timedelta(days=6), moment="Said no to a fourth project.", **FIXED))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("start", ["circles", "boundaries"])
def test_screen_layout(snap_compare, make_app, locations: Locations, start: str, size: tuple[int, int]) -> None:
    seed(locations)
    assert snap_compare(make_app(start), terminal_size=size, run_before=still)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_today_with_the_one_circle_line(snap_compare, make_app, locations: Locations, size: tuple[int, int]) -> None:
    seed(locations, spread=False)
    assert snap_compare(make_app(), terminal_size=size, run_before=still)


@pytest.mark.parametrize(("start", "key"), [("circles", "enter"), ("circles", "t"), ("boundaries", "h")],
                         ids=["circle-editor", "step-form", "held-form"])
def test_form(snap_compare, make_app, locations: Locations, start: str, key: str) -> None:
    seed(locations)

    async def open_form(pilot) -> None:
        await pilot.press(key)
        await still(pilot)

    assert snap_compare(make_app(start), terminal_size=(80, 24), run_before=open_form)
