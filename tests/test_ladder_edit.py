"""Editing the ladder from the exposure screen, the offer of the next rung, the next three rungs."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from textual.widgets import Input, OptionList

from ritual_tui.insights import next_rung_offer, next_three
from ritual_tui.models import ExposureEntry, LadderStep
from ritual_tui.paths import Locations
from ritual_tui.store import Store
from tests.conftest import DAY, FROZEN, entry_files, read_toml

RUNGS = [LadderStep(id=f"stepr{n:05d}", day=DAY - timedelta(days=30), name=name, difficulty=10 + 20 * n, position=float(n))
         for n, name in enumerate(["Say hello", "Ask a shop assistant", "Join a club evening", "Give a short talk", "Host a dinner"])]


def tries(step: LadderStep, *peaks: int) -> list[ExposureEntry]:
    return [ExposureEntry(day=DAY - timedelta(days=20 - n), step=step.name, step_id=step.id, small_step=f"try {n}",
                          predicted_discomfort=50, discomfort_peak=peak, outcome="done",
                          created=datetime.combine(DAY - timedelta(days=20 - n), time(18), FROZEN.tzinfo),
                          updated=datetime.combine(DAY - timedelta(days=20 - n), time(18), FROZEN.tzinfo))
            for n, peak in enumerate(peaks)]


def attempts_of(entries):
    return lambda step_id: [e for e in entries if e.step_id == step_id]


def test_the_next_rung_is_offered_after_attempts_under_the_threshold() -> None:
    calm = tries(RUNGS[0], 50, 20, 25, 10)
    assert next_rung_offer(RUNGS, attempts_of(calm), 3, 30) == (RUNGS[0], RUNGS[1])
    assert next_rung_offer(RUNGS, attempts_of(calm), 4, 30) is None  # the 50 is among the last four
    assert next_rung_offer(RUNGS, attempts_of(calm), 3, 20) is None
    moved_on = calm + tries(RUNGS[1], 60)
    assert next_rung_offer(RUNGS, attempts_of(moved_on), 3, 30) is None  # already tried: nothing to offer
    assert [s.id for s in next_three(RUNGS, attempts_of(calm), 3, 30)] == [s.id for s in RUNGS[1:4]]
    assert [s.id for s in next_three(RUNGS, attempts_of([]), 3, 30)] == [s.id for s in RUNGS[:3]]


def save(locations: Locations, entries) -> None:
    store = Store(locations.data_dir)
    for entry in entries:
        store.save(entry)


def ladder_lines(app) -> list[str]:
    ladder = app.screen.query_one("#ladder", OptionList)
    return [str(ladder.get_option_at_index(i).prompt) for i in range(ladder.option_count)]


async def test_change_archive_and_restore_a_step(make_app, locations: Locations) -> None:
    save(locations, [*RUNGS[:2], *tries(RUNGS[0], 40)])
    app = make_app("exposure")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        app.screen.query_one("#step-name", Input).value = "Say hello first"
        app.screen.query_one("#step-difficulty", Input).value = "15"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Say hello first" in ladder_lines(app)[0] and ladder_lines(app)[0].lstrip().startswith("15")
        await pilot.press("x")
        await pilot.pause()
        assert not any("Say hello first" in line for line in ladder_lines(app))
        await pilot.press("v")
        await pilot.pause()
        assert len(ladder_lines(app)) == 1 and "Say hello first" in ladder_lines(app)[0]
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        assert len(ladder_lines(app)) == 2
    document = read_toml(next(p for p in entry_files(locations, "step") if RUNGS[0].id in p.name))
    assert (document["name"], document["difficulty"], document["archived"]) == ("Say hello first", 15, False)
    assert read_toml(entry_files(locations, "exposure")[0])["step_id"] == RUNGS[0].id  # its attempts stay its own


async def test_the_offer_and_the_next_three_on_the_screen(make_app, locations: Locations) -> None:
    save(locations, [*RUNGS, *tries(RUNGS[0], 20, 25, 10)])
    app = make_app("exposure")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        offer = str(app.screen.query_one("#next-rung").render())
        assert "Say hello" in offer and "the next rung is “Ask a shop assistant”" in offer
        await pilot.press("3")
        await pilot.pause()
        assert [line.split("  ", 1)[1].split(" ·")[0] for line in ladder_lines(app)] == [s.name for s in RUNGS[1:4]]
        await pilot.press("3")
        await pilot.pause()
        assert len(ladder_lines(app)) == 5


async def test_no_offer_when_the_setting_asks_for_more_attempts(make_app, locations: Locations) -> None:
    locations.config_file.parent.mkdir(parents=True, exist_ok=True)
    locations.config_file.write_text("[exposure]\nsuggest_after = 4\n", "utf-8")
    save(locations, [*RUNGS, *tries(RUNGS[0], 20, 25, 10)])
    app = make_app("exposure")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not app.screen.query_one("#next-rung").display


def test_a_new_step_goes_between_easier_and_harder_steps_rewriting_none() -> None:
    from ritual_tui.ladder import ladder_key, new_step_position

    ladder = [LadderStep(day=DAY, name=name, difficulty=difficulty, position=position)
              for name, difficulty, position in (("wave", 10, 0.0), ("chat", 40, 1.0), ("talk", 80, 5.0))]
    assert new_step_position([], 50) == 0.0
    assert new_step_position(ladder, 5) == -1.0       # easier than all: before the first
    assert new_step_position(ladder, 40) == 3.0       # as hard as "chat": after it, before "talk"
    assert new_step_position(ladder, 90) == 6.0       # harder than all: after the last
    for difficulty in range(0, 101, 5):
        step = LadderStep(day=DAY, name="new", difficulty=difficulty, position=new_step_position(ladder, difficulty))
        placed = sorted([*ladder, step], key=ladder_key)
        assert [s.difficulty for s in placed] == sorted(s.difficulty for s in placed)


async def test_typing_over_a_suggested_rating_replaces_it_while_words_are_never_selected() -> None:
    from textual.app import App

    from ritual_tui.widgets.fields import RatingInput, SafeInput

    class Form(App):
        def compose(self):
            yield SafeInput("a few words", id="words")
            yield RatingInput(40, id="rating")

    app = Form()
    async with app.run_test() as pilot:
        await pilot.press("tab")  # into the rating, from the words
        await pilot.press("7", "0")
        assert app.query_one("#rating", RatingInput).rating == 70
        await pilot.press("shift+tab", "x")
        assert app.query_one("#words", SafeInput).value == "a few wordsx"  # appended: no words lost
