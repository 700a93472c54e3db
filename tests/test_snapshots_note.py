"""SVG snapshots of a note: the empty form and one being written, at 80x24 and 100x30."""

from __future__ import annotations

import pytest
from textual.widgets import Input, TextArea

from ritual_tui.paths import Locations

SIZES = [(80, 24), (100, 30)]


@pytest.fixture(autouse=True)
def pinned(snapshot_clock) -> None:
    """Every snapshot here is drawn at SNAPSHOT_MOMENT."""


async def still(pilot) -> None:
    """No blinking cursors."""
    for widget in pilot.app.screen.query("Input, TextArea"):
        if isinstance(widget, (Input, TextArea)):
            widget.cursor_blink = False
    await pilot.pause()


async def written(pilot) -> None:
    """A note with a title, two lines and tags, typed as a person would."""
    await pilot.press(*"Kitchen thoughts")
    await pilot.press("enter")
    await pilot.press(*"The kettle sang and I let it.")
    await pilot.press("enter")
    await pilot.press(*"Nothing else needed doing.")
    await pilot.press("tab")
    await pilot.press(*"home, calm")
    await still(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_empty_note(snap_compare, make_app, locations: Locations, size: tuple[int, int]) -> None:
    assert snap_compare(make_app("note"), terminal_size=size, run_before=still)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_note_being_written(snap_compare, make_app, locations: Locations, size: tuple[int, int]) -> None:
    assert snap_compare(make_app("note"), terminal_size=size, run_before=written)
