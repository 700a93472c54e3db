"""Issue 16's snapshots: dialogs, settings, help, the letters reader, sealed letters, the trash,
and the screens a new user tripped over, at 80x24 (and 100x30 where the layout changes with size)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from ritual_tui.models import GratitudeEntry, LadderStep, LetterEntry, StrengthsEntry, iso_week
from ritual_tui.paths import Locations
from ritual_tui.screens.ask import AskScreen, ConfirmScreen
from ritual_tui.screens.unsaved import QuitUnsavedScreen
from ritual_tui.store import Store
from tests.conftest import SNAPSHOT_MOMENT as FROZEN

TODAY = FROZEN.date()
SMALL = (80, 24)
SIZES = [(100, 30), SMALL]


@pytest.fixture(autouse=True)
def pinned(snapshot_clock) -> None:
    """Every snapshot here is drawn at SNAPSHOT_MOMENT."""


def seed(locations: Locations) -> None:
    """A week of gratitude, a strength, a ladder step, an open letter and a sealed one."""
    store = Store(locations.data_dir)
    fixed = dict(created=FROZEN - timedelta(days=40), updated=FROZEN - timedelta(days=40))
    for back in (0, 1, 2):
        items = [f"my sister called on day {back} and we laughed about the old kitchen for an hour", "warm tea"]
        store.save(GratitudeEntry(id=f"grat{back:06d}", day=TODAY - timedelta(days=back), items=items, **fixed))
    store.save(StrengthsEntry(id="strn000001", day=TODAY - timedelta(days=1), strength="Kindness", use_today="volunteer.", **fixed))
    store.save(LadderStep(id="step000001", day=TODAY - timedelta(days=20), name="Say hello to a neighbour", difficulty=25, **fixed))
    opened = TODAY - timedelta(days=21)
    store.save(LetterEntry(id="lett000001", day=opened, week=iso_week(opened), body="Dear me,\nThis week was hard, and you showed up anyway.\n", wins=["warm tea"], **fixed))
    sealed = TODAY - timedelta(days=14)
    store.save(LetterEntry(id="lett000002", day=sealed, week=iso_week(sealed), body="Dear me, words for later", sealed_until=TODAY + timedelta(days=20), **fixed))


async def still(pilot) -> None:
    """No blinking cursors in snapshots."""
    for widget in pilot.app.screen.query("Input, TextArea"):
        if isinstance(widget, (Input, TextArea)):
            widget.cursor_blink = False
    await pilot.pause()


def pressing(*keys: str):
    """A run_before that presses `keys`, then holds still."""

    async def run(pilot) -> None:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await still(pilot)

    return run


def pushing(screen_factory):
    """A run_before that pushes a dialog over Today."""

    async def run(pilot) -> None:
        await pilot.pause()
        pilot.app.push_screen(screen_factory())
        await still(pilot)

    return run


@pytest.mark.parametrize(
    "dialog",
    [
        lambda: ConfirmScreen("Move this gratitude entry of 24 November 2026 to the trash?", detail="“a kind word · warm tea”"),
        lambda: AskScreen("Jump to a date (YYYY-MM-DD)", "2026-11-25"),
        lambda: QuitUnsavedScreen("No space left on device"),
    ],
    ids=["confirm", "ask", "quit-unsaved"],
)
def test_dialogs(snap_compare, make_app, locations: Locations, dialog) -> None:
    seed(locations)
    assert snap_compare(make_app(), terminal_size=SMALL, run_before=pushing(dialog))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_settings(snap_compare, make_app, size) -> None:
    app = make_app()
    app.settings_path = Path("~/.config/ritual-tui/config.toml")  # shown on the screen: the same path on every run
    assert snap_compare(app, terminal_size=size, run_before=pressing("comma"))


def test_help(snap_compare, make_app) -> None:
    assert snap_compare(make_app(), terminal_size=SMALL, run_before=pressing("question_mark"))


def test_letters_reader(snap_compare, make_app, locations: Locations) -> None:
    seed(locations)  # the newest letter is sealed: left is the older, open one
    assert snap_compare(make_app("browse"), terminal_size=SMALL, run_before=pressing("L", "left"))


def test_letters_reader_on_a_sealed_letter(snap_compare, make_app, locations: Locations) -> None:
    seed(locations)
    assert snap_compare(make_app("browse"), terminal_size=SMALL, run_before=pressing("L"))


def test_today_offers_a_letter_whose_day_has_come(snap_compare, make_app, locations: Locations) -> None:
    written = TODAY - timedelta(days=31)
    fixed = dict(created=FROZEN - timedelta(days=31), updated=FROZEN - timedelta(days=31))
    letter = LetterEntry(id="lett000003", day=written, week=iso_week(written), body="Dear me, open today", sealed_until=TODAY, **fixed)
    Store(locations.data_dir).save(letter)
    assert snap_compare(make_app(), terminal_size=SMALL, run_before=still)


def test_the_trash(snap_compare, make_app, locations: Locations) -> None:
    seed(locations)
    assert snap_compare(make_app("browse"), terminal_size=SMALL, run_before=pressing("x", "y", "t"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_letter_with_picked_and_unpicked_wins(snap_compare, make_app, locations: Locations, size) -> None:
    seed(locations)
    assert snap_compare(make_app("letter"), terminal_size=size, run_before=pressing("shift+tab", "space", "down"))


def test_a_long_gratitude_item_wraps(snap_compare, make_app) -> None:
    long_item = "my sister called and we laughed about the old kitchen for an hour until it was dark"
    keys = [character if character != " " else "space" for character in long_item]
    assert snap_compare(make_app("gratitude"), terminal_size=SMALL, run_before=pressing(*keys))


def test_a_restored_draft_below_the_form(snap_compare, make_app, locations: Locations) -> None:
    from ritual_tui.store.drafts import NEW, DraftStore

    DraftStore(locations.drafts_dir, locations.spare_drafts_dir).write("gratitude", {"items": ["half a thought", "", ""]}, NEW)
    assert snap_compare(make_app("gratitude"), terminal_size=SMALL, run_before=still)


def test_exposure_footer_at_80_columns(snap_compare, make_app, locations: Locations) -> None:
    seed(locations)
    assert snap_compare(make_app("exposure"), terminal_size=SMALL, run_before=still)


def test_a_rest_day_on_today(snap_compare, make_app, locations: Locations) -> None:
    locations.config_file.parent.mkdir(parents=True, exist_ok=True)
    locations.config_file.write_text(f'rest_days = ["{TODAY:%A}"]\n'.lower())
    assert snap_compare(make_app(), terminal_size=SMALL, run_before=still)
