"""The weekly letter's wins are process wins built from evidence: courage, persistence, patience,
strengths that showed up, gratitude. Never an intention, never an outcome."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from ritual_tui.clock import iso_week
from ritual_tui.journal import Journal
from ritual_tui.models import (ContactEntry, CircleEntry, ExposureEntry, GratitudeEntry, HeldEntry, LadderStep,
                               ReframeEntry, StrengthsEntry)
from ritual_tui.paths import Locations
from ritual_tui.store import Store
from tests.conftest import DAY, FROZEN, entry_files, read_toml

MONDAY = DAY - timedelta(days=DAY.weekday())
OLD_STEP = LadderStep(id="stepold001", day=MONDAY - timedelta(days=60), name="Say hello first", difficulty=20)
NEW_STEP = LadderStep(id="stepnew001", day=MONDAY - timedelta(days=60), name="Join a club evening", difficulty=60)
CHOIR = CircleEntry(id="circchoir1", day=MONDAY - timedelta(days=60), circle="Choir", circle_kind="hobby-or-club")
FAMILY = CircleEntry(id="circfamil1", day=MONDAY - timedelta(days=60), circle="Family", circle_kind="family")


def at(day: date, hour: int = 12) -> dict:
    moment = datetime.combine(day, time(hour), FROZEN.tzinfo)
    return {"day": day, "created": moment, "updated": moment}


def tried(day: date, step: LadderStep, outcome: str = "done", small: str = "", hour: int = 12, **more) -> ExposureEntry:
    return ExposureEntry(step=step.name, step_id=step.id, small_step=small, outcome=outcome, **at(day, hour), **more)


def week_of_evidence(pause_before: int = 5) -> list:
    """A hand-made week (Monday to the frozen day, and more when the week is young) after a pause."""
    d = lambda n: MONDAY + timedelta(days=n)  # noqa: E731
    before = MONDAY - timedelta(days=pause_before + 1)
    return [
        OLD_STEP, NEW_STEP, CHOIR, FAMILY,
        tried(before, OLD_STEP, small="waved"),                               # before the pause
        ContactEntry(circle_id=FAMILY.id, circle="Family", step_type="reached-out", **at(before)),
        tried(d(0), OLD_STEP, "used-exit", "said hello to the baker", 10, reflected=datetime.combine(d(0), time(20), FROZEN.tzinfo)),
        tried(d(0), OLD_STEP, "done", "said hello to a neighbour", 11, what_happened="she smiled"),
        tried(d(0), NEW_STEP, "partly-done", "went to the door of the club"),
        tried(d(0), NEW_STEP, "planned", "stay for an hour"),                 # a plan: not a win yet
        tried(d(0), NEW_STEP, "postponed", "another evening"),                # postponed: not an attempt
        StrengthsEntry(strength="Kindness", where_it_showed="carried boxes for Ana", use_today="call my sister", **at(d(0), 8)),
        StrengthsEntry(strength="Humour", use_today="joke at lunch", **at(d(0), 9)),  # an intention only
        GratitudeEntry(items=["warm tea", "Ana's seat"], **at(d(0), 21)),
        ReframeEntry(what_happened="a curt email", traps=["mind-reading"], **at(d(0), 22)),
        ContactEntry(circle_id=CHOIR.id, circle="Choir", step_type="showed-up", note="sang the alto line", **at(d(0), 19)),
        ContactEntry(circle_id=FAMILY.id, circle="Family", step_type="reached-out", **at(d(0), 18)),
        HeldEntry(boundary="no work email after 8", moment="left the laptop closed", **at(d(0), 23)),
    ]


def wins_for(locations: Locations, entries: list) -> list[str]:
    store = Store(locations.data_dir)
    for entry in entries:
        store.save(entry)
    journal = Journal(store, clock=lambda: FROZEN)
    journal.load()
    return journal.week_wins(DAY)


def test_a_hand_made_week_gives_its_process_wins_in_order(locations: Locations) -> None:
    wins = wins_for(locations, week_of_evidence())
    assert wins == [
        "Courage to initiate: you tried “said hello to the baker” and used the exit, which counts",
        "Courage to initiate: you tried “said hello to a neighbour”",
        "Courage to initiate: you tried “went to the door of the club”",
        "Courage to initiate: a first attempt on a new rung, “Join a club evening”",
        "Courage to initiate: a first step in a new circle, Choir",
        "Courage to initiate: reached out in Family",
        "Courage to initiate: showed up in Choir: sang the alto line",
        "Persistence: 2 attempts on “Say hello first” this week",
        "Persistence: you came back after a pause of 5 days",
        "Patience: held a boundary: left the laptop closed",
        "Patience: 2 reflections written after an attempt",
        "Patience: 1 hard moment met with a reframe",
        "Kindness showed up: carried boxes for Ana",
        "Gratitude: warm tea; Ana's seat",
    ]
    assert not any("call my sister" in win or "Humour" in win or "stay for an hour" in win for win in wins)


def test_a_short_pause_is_no_return_and_many_attempts_are_one_win(locations: Locations) -> None:
    entries = week_of_evidence(pause_before=1)
    entries += [tried(MONDAY, OLD_STEP, "done", f"hello number {n}") for n in range(3)]
    wins = wins_for(locations, entries)
    assert not any("came back" in win for win in wins)
    courage = [win for win in wins if win.startswith("Courage to initiate: ") and "attempts" in win]
    assert courage == ["Courage to initiate: 6 exposure attempts (1 using the exit, which counts): Say hello first, Join a club evening"]


def test_last_weeks_entries_are_not_this_weeks_wins(locations: Locations) -> None:
    last_week = MONDAY - timedelta(days=3)
    wins = wins_for(locations, [OLD_STEP, tried(last_week, OLD_STEP, small="last week's hello"),
                                GratitudeEntry(items=["old tea"], **at(last_week))])
    assert wins == []


async def test_the_letter_quotes_the_chosen_process_wins(make_app, locations: Locations) -> None:
    store = Store(locations.data_dir)
    for entry in week_of_evidence():
        store.save(entry)
    app = make_app("letter")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        wins = app.screen.query_one("#wins")
        first = wins.get_option_at_index(0).value
        assert first.startswith("Courage to initiate: ")
        app.screen.query_one("#body").text = "Dear me, look at this week."
        wins.focus()
        await pilot.press("space")
        await pilot.pause()
        assert wins.selected == [first]
        lines = [wins.render_line(y).text for y in range(wins.size.height)]
        assert lines[0].startswith("[x] Courage to"), lines
        shown = " ".join(line.strip() for line in lines)
        assert "said hello to the baker” and used the exit, which counts" in shown  # whole, wrapped at 80 columns
        await pilot.press("ctrl+s")
        await pilot.pause()
    document = read_toml(entry_files(locations, "letter")[0])
    assert document["week"] == iso_week(DAY) and document["wins"] == [first]
    assert document["body"] == "Dear me, look at this week."


async def test_a_win_can_never_drive_the_terminal(make_app, locations: Locations) -> None:
    Store(locations.data_dir).save(GratitudeEntry(items=["tea \x1b[2J\x1b]0;owned\x07 with Ana"], **at(MONDAY, 21)))
    app = make_app("letter")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        wins = app.screen.query_one("#wins")
        shown = "".join(wins.render_line(y).text for y in range(wins.size.height))
        assert "\x1b" not in shown and "␛" in shown
        assert wins.get_option_at_index(0).value == "Gratitude: tea \x1b[2J\x1b]0;owned\x07 with Ana"
