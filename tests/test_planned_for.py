"""A plan has a day it is for: it waits for a reflection only from that day (across the day start
and a week), Today and `ritual due` say "planned for ...", and the login greeting keeps quiet."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from textual.widgets import Input

from ritual_tui.journal import Journal
from ritual_tui.models import ExposureEntry, LadderStep, parse_entry
from ritual_tui.paths import Locations
from ritual_tui.queries import parse_planned_day, planned_day, planned_for_words
from ritual_tui.store import Store
from tests.conftest import DAY, FROZEN, entry_files, read_toml, run_cli

ONLY_EXPOSURE = 'rituals = ["exposure"]\n'


def plan(for_day: date | None, made: date = DAY) -> ExposureEntry:
    return ExposureEntry(day=made, step="Say hello first", small_step="say hello to the baker", planned_for=for_day)


def journal_at(locations: Locations, moment: datetime) -> Journal:
    journal = Journal(Store(locations.data_dir), clock=lambda: moment)
    journal.load()
    return journal


def exposure_state(journal: Journal):
    return next(s for s in journal.states() if s.kind == "exposure")


def test_a_plan_for_tomorrow_waits_until_the_day_starts(locations: Locations) -> None:
    Store(locations.data_dir).save(plan(DAY + timedelta(days=1)))
    today = journal_at(locations, FROZEN)
    assert today.awaiting_reflection() == [] and len(today.planned_ahead()) == 1
    assert exposure_state(today).state == "done" and exposure_state(today).hint == "planned for tomorrow"  # planning is practice
    night = datetime.combine(DAY + timedelta(days=1), time(3, 30), FROZEN.tzinfo)  # still DAY: the day starts at 04:00
    assert journal_at(locations, night).awaiting_reflection() == []
    morning = datetime.combine(DAY + timedelta(days=1), time(4, 30), FROZEN.tzinfo)
    then = journal_at(locations, morning)
    assert len(then.awaiting_reflection()) == 1 and exposure_state(then).state == "due"


def test_a_plan_within_a_week_names_its_weekday_and_the_window_counts_from_its_day(locations: Locations) -> None:
    ahead = DAY + timedelta(days=3)
    Store(locations.data_dir).save(plan(ahead))
    assert exposure_state(journal_at(locations, FROZEN)).hint == f"planned for {ahead:%A}"
    fifteen_later = datetime.combine(ahead + timedelta(days=13), time(9), FROZEN.tzinfo)
    assert exposure_state(journal_at(locations, fifteen_later)).state == "due"  # 16 days after it was made, 13 after its day


def test_words_and_typed_days() -> None:
    assert planned_for_words(DAY + timedelta(days=9), DAY).startswith("planned for ")
    assert parse_planned_day("", DAY) == DAY and parse_planned_day("Tomorrow", DAY) == DAY + timedelta(days=1)
    monday = parse_planned_day("mon", DAY)
    assert monday.weekday() == 0 and DAY <= monday < DAY + timedelta(days=7)
    assert parse_planned_day((DAY - timedelta(days=1)).isoformat(), DAY) is None
    assert parse_planned_day("someday", DAY) is None


def test_old_files_without_planned_for_read_and_write_as_before(locations: Locations) -> None:
    old = parse_entry({"kind": "exposure", "day": DAY.isoformat(), "step": "x", "small_step": "y"})
    assert old.planned_for is None and planned_day(old) == DAY
    assert "planned_for" not in old.to_document()
    Store(locations.data_dir).save(old)
    assert len(journal_at(locations, FROZEN).awaiting_reflection()) == 1


def test_ritual_due_says_planned_for_and_the_login_greeting_keeps_quiet(locations: Locations) -> None:
    locations.config_file.parent.mkdir(parents=True, exist_ok=True)
    locations.config_file.write_text(ONLY_EXPOSURE, "utf-8")
    ahead = DAY + timedelta(days=2)
    Store(locations.data_dir).save(plan(ahead))
    due = run_cli("due")
    assert due.returncode == 1 and due.stdout == f"Exposure practice: planned for {ahead:%A}\n"
    assert run_cli("due", "--login").returncode == 1
    on_the_day = datetime.combine(ahead, time(9), FROZEN.tzinfo).isoformat()
    then = run_cli("due", env={"RITUAL_TUI_FROZEN_NOW": on_the_day})
    assert then.returncode == 0 and then.stdout == "Exposure reflection: 1 plan waiting\n"


@pytest.mark.parametrize("typed, shift", [("tomorrow", 1), ("", 0)])
async def test_the_plan_screen_asks_when(make_app, locations: Locations, typed: str, shift: int) -> None:
    Store(locations.data_dir).save(LadderStep(id="stephello1", day=DAY - timedelta(days=5), name="Say hello first", difficulty=20))
    app = make_app("exposure")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one("#small_step", Input).value = "say hello to the baker"
        app.screen.query_one("#planned_for", Input).value = typed
        await pilot.press("ctrl+s")
        await pilot.pause()
    document = read_toml(entry_files(locations, "exposure")[0])
    assert document.get("planned_for") == (DAY + timedelta(days=shift) if shift else None)
