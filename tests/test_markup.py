"""Words that look like Textual markup are words: shown as written on every screen, never parsed."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from ritual_tui.clock import add_months, iso_week
from ritual_tui.models import ExposureEntry, GratitudeEntry, LadderStep, LetterEntry, StrengthsEntry
from ritual_tui.paths import Locations
from ritual_tui.store import Store
from tests.conftest import DAY, FROZEN
from tests.test_leaks import screen_text

SARCASM = "great idea [/sarcasm] but helped anyway"
LINK = "[@click=app.quit]GRAT[/]"
LAUGH = "the kids [laughing] at dinner"


def at(day) -> dict:
    moment = datetime.combine(day, time(9), tzinfo=FROZEN.tzinfo)
    return {"created": moment, "updated": moment}


def seed(locations: Locations) -> None:
    """Markup-like words a week, a month and a year ago, on every kind Today and the looks back show."""
    store = Store(locations.data_dir)
    for back, words in ((7, SARCASM), (30, LINK), (365, LAUGH)):
        day = add_months(DAY, -12) if back == 365 else DAY - timedelta(days=back)
        store.save(GratitudeEntry(day=day, items=[words], **at(day)))
        store.save(StrengthsEntry(day=day, strength=f"Hope {words}", where_it_showed=words, **at(day)))
    step = LadderStep(day=DAY - timedelta(days=40), name=f"say hello {SARCASM}", difficulty=30)
    store.save(step)
    store.save(ExposureEntry(day=DAY - timedelta(days=7), step_id=step.id, step=step.name, small_step=LINK, outcome="done",
                             discomfort_before=40, discomfort_peak=30, reflected=FROZEN, **at(DAY - timedelta(days=7))))
    letter_day = DAY - timedelta(days=14)
    store.save(LetterEntry(day=letter_day, week=iso_week(letter_day), body=f"Dear me,\n{LAUGH}\n{LINK}", wins=[SARCASM], **at(letter_day)))


@pytest.mark.parametrize("keys", [(), ("o",), ("b",), ("b", "slash", *"great"), ("c",), ("b", "L"), ("i",)])
async def test_markup_like_words_never_crash_a_screen_and_show_as_written(make_app, locations: Locations, keys) -> None:
    seed(locations)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
        await pilot.pause()
        assert app.return_code is None and not app.crashed
        shown = screen_text(app)
        assert "[@click" not in shown or "[@click=app.quit]" in shown  # shown whole, or not shown at all
        if keys == ():
            assert "[laughing]" in shown  # Today's "a year ago" line, word for word
        await pilot.press("escape")
        await pilot.pause()
        assert app.return_code is None
