"""Insights: the numbers against a hand computation, the CLI's JSON contract, the screen from Today."""

from __future__ import annotations

import json
import random
import sys
from datetime import date, datetime, time, timedelta

from ritual_tui.clock import add_months
from ritual_tui.insights import exposure_insights, insights, entry_day_kinds
from ritual_tui.models import ExposureEntry, GratitudeEntry, LadderStep, ReframeEntry, StrengthsEntry
from ritual_tui.paths import Locations
from ritual_tui.store import Store
from tests.conftest import DAY, FROZEN, entry_files, read_toml, run_cli

EASY = LadderStep(id="stepeasy01", day=DAY - timedelta(days=90), name="Say hello first", difficulty=20, position=0.0)
HARD = LadderStep(id="stephard01", day=DAY - timedelta(days=90), name="Give a short talk", difficulty=80, position=1.0)


def attempt(day: date, step: LadderStep | None, predicted: int, peak: int | None, outcome: str = "done",
            feared: str | None = None, **more) -> ExposureEntry:
    """One exposure record on `step` (or on no step on file)."""
    at = datetime.combine(day, time(18), FROZEN.tzinfo)
    named = {"step": step.name, "step_id": step.id} if step else {"step": "A step since deleted", "step_id": "gone000001"}
    return ExposureEntry(day=day, **named, predicted_discomfort=predicted, discomfort_peak=peak, outcome=outcome,
                         feared_happened=feared, created=at, updated=at, **more)


def hand_made() -> list:
    """Two steps; attempts of every kind of outcome, one plan, one without a peak, one on a lost step."""
    back = lambda days: DAY - timedelta(days=days)  # noqa: E731
    return [
        EASY, HARD,
        attempt(back(40), EASY, 60, 30, "done", "no"),
        attempt(back(30), EASY, 50, 45, "used-exit", "partly"),
        attempt(back(20), EASY, 40, 10, "partly-done", "no"),
        attempt(back(10), HARD, 90, 70, "done", "yes"),
        attempt(back(5), HARD, 80, None, "done"),          # no peak: not counted
        attempt(back(3), HARD, 85, None, "planned"),       # a plan: not counted
        attempt(back(2), HARD, 70, 20, "postponed"),       # postponed: not an attempt
        attempt(back(1), None, 30, 35, "done"),            # its step is gone: grouped by name
    ]


def test_the_numbers_match_a_hand_computation() -> None:
    overall, steps = exposure_insights(hand_made())
    # Counted: easy 60/30, 50/45, 40/10; hard 90/70; lost 30/35.
    assert overall.to_json() == {"attempts": 5, "mean_predicted": 54.0, "mean_peak": 38.0, "mean_gap": 16.0,
                                 "feared_happened": {"yes": 1, "partly": 1, "no": 2}}
    assert [(s.step_id, s.name) for s in steps] == [(EASY.id, EASY.name), (HARD.id, HARD.name), (None, "A step since deleted")]
    easy, hard, lost = (s.figures.to_json() for s in steps)
    assert easy == {"attempts": 3, "mean_predicted": 50.0, "mean_peak": 28.3, "mean_gap": 21.7,
                    "feared_happened": {"yes": 0, "partly": 1, "no": 2}}
    assert hard["attempts"] == 1 and hard["mean_gap"] == 20.0
    assert lost["mean_gap"] == -5.0
    assert [p[1:] for p in steps[0].points] == [(60, 30), (50, 45), (40, 10)]


def test_a_generated_history_matches_a_plain_count() -> None:
    rng = random.Random(15)
    entries = [EASY, HARD]
    for back in range(400):
        day = DAY - timedelta(days=back)
        if rng.random() < 0.6:
            entries.append(StrengthsEntry(day=day, strength="Kindness"))
        if rng.random() < 0.5:
            entries.append(attempt(day, rng.choice([EASY, HARD]), rng.randint(0, 100), rng.choice([None, *range(0, 101, 7)]),
                                   rng.choice(["done", "partly-done", "used-exit", "planned", "postponed"]),
                                   rng.choice([None, "yes", "partly", "no"])))
    found = insights(entries, entry_day_kinds(entries), DAY)
    counted = [e for e in entries if e.kind == "exposure" and e.outcome in ("done", "partly-done", "used-exit")
               and e.discomfort_peak is not None]
    for step in found.steps:
        mine = [e for e in counted if e.step_id == step.step_id]
        assert step.figures.attempts == len(mine)
        assert step.figures.mean_predicted == round(sum(e.predicted_discomfort for e in mine) / len(mine), 1)
        assert step.figures.mean_peak == round(sum(e.discomfort_peak for e in mine) / len(mine), 1)
        assert step.figures.feared["yes"] == sum(e.feared_happened == "yes" for e in mine)
    assert found.overall.attempts == len(counted)
    days = {e.day for e in entries if e.kind in ("strengths", "exposure")}
    this_month = f"{DAY:%Y-%m}"
    assert found.practice_days[this_month] == len({d for d in days if f"{d:%Y-%m}" == this_month})
    assert sum(found.practice_days.values()) == len(days)


def test_the_catalog_answers_as_the_entries_do(locations: Locations) -> None:
    from ritual_tui.insights_catalog import insights_of_catalog

    rng = random.Random(7)
    entries = [*hand_made(), ReframeEntry(day=DAY, what_happened="x", traps=["labelling"])]
    for back in range(0, 120, 3):
        entries.append(GratitudeEntry(day=DAY - timedelta(days=back), items=["tea"]))
        entries.append(attempt(DAY - timedelta(days=back + 1), rng.choice([EASY, HARD, None]), rng.randint(0, 100),
                               rng.randint(0, 100), rng.choice(["done", "used-exit", "planned"]),
                               rng.choice([None, "no", "yes", "partly"])))
    for back in (add_months(DAY, -1), add_months(DAY, -12)):  # courage on this day: a month and a year ago
        entries += [attempt(back, EASY, 80, 60), attempt(back, HARD, 90, 75, feared="no")]
    entries += [attempt(DAY - timedelta(days=1), step, 70, 40) for step in (EASY, HARD)]
    catalog, _ = cataloged(locations, entries)
    expected = insights(entries, entry_day_kinds(entries), DAY)
    assert len(expected.courage) >= 4
    every = insights_of_catalog(catalog, DAY)
    assert every.to_json() == expected.to_json()
    assert [(s.step_id, s.name, s.points) for s in every.steps] == [(s.step_id, s.name, s.points) for s in expected.steps]
    assert every.courage == expected.courage
    brief = insights_of_catalog(catalog, DAY, every_point=False)  # the command line's: no charts
    assert brief.to_json() == expected.to_json()
    assert brief.courage == expected.courage


def test_traps_by_month_and_courage_on_this_day() -> None:
    month_ago = add_months(DAY, -1)
    entries = [
        EASY,
        ReframeEntry(day=DAY, what_happened="x", traps=["catastrophising", "mind-reading"]),
        ReframeEntry(day=DAY, what_happened="y", traps=["catastrophising"]),
        ReframeEntry(day=month_ago, what_happened="z", traps=["labelling"]),
        attempt(month_ago, EASY, 80, 60),
        attempt(DAY - timedelta(days=2), EASY, 70, 45),
    ]
    found = insights(entries, entry_day_kinds(entries), DAY)
    assert found.traps[f"{DAY:%Y-%m}"] == {"catastrophising": 2, "mind-reading": 1}
    assert found.traps[f"{month_ago:%Y-%m}"] == {"labelling": 1}
    assert found.courage == [f"A month ago you expected 80 on {EASY.name}; this week the peak was 45."]


def save_all(locations: Locations, entries: list) -> None:
    store = Store(locations.data_dir)
    for entry in entries:
        store.save(entry)


def cataloged(locations: Locations, entries: list):
    """`entries` saved, and the catalog brought in step with them: the catalog and what its reconcile found."""
    from ritual_tui.catalog import Catalog

    save_all(locations, entries)
    catalog = Catalog(locations.catalog_file, locations.entries_dir)
    return catalog, catalog.reconcile(DAY)


def test_cli_json_is_the_contract_and_text_says_it_in_words(locations: Locations) -> None:
    save_all(locations, [*hand_made(), GratitudeEntry(day=DAY, items=["tea"])])
    done = run_cli("insights", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    exposure = data["exposure"]
    assert set(exposure) == {"overall", "steps"}
    fields = {"attempts", "mean_predicted", "mean_peak", "mean_gap", "feared_happened"}
    assert set(exposure["overall"]) == fields
    assert exposure["overall"]["attempts"] == 5 and exposure["overall"]["mean_gap"] == 16.0
    assert exposure["overall"]["feared_happened"] == {"yes": 1, "partly": 1, "no": 2}
    assert [set(step) for step in exposure["steps"]] == [{"step_id", "name", *fields}] * 3
    assert [step["step_id"] for step in exposure["steps"]] == [EASY.id, HARD.id, None]
    assert exposure["steps"][0]["mean_peak"] == 28.3
    assert data["practice_days_per_month"][f"{DAY:%Y-%m}"] >= 1
    text = run_cli("insights")
    assert text.returncode == 0 and "All steps: 5 attempts · predicted 54 · peak 38 (16 milder than predicted)" in text.stdout


def test_cli_on_an_empty_journal_and_with_a_damaged_catalog(locations: Locations) -> None:
    empty = json.loads(run_cli("insights", "--json").stdout)
    assert empty["exposure"] == {"overall": {"attempts": 0, "mean_predicted": None, "mean_peak": None, "mean_gap": None,
                                             "feared_happened": {"yes": 0, "partly": 0, "no": 0}}, "steps": []}
    save_all(locations, hand_made())
    first = json.loads(run_cli("insights", "--json").stdout)
    for catalog in locations.cache_dir.rglob("catalog.sqlite3"):
        catalog.write_bytes(b"not a database at all" * 100)
    again = run_cli("insights", "--json")
    assert again.returncode == 0 and "Traceback" not in again.stderr
    assert json.loads(again.stdout)["exposure"] == first["exposure"]


def test_the_insights_command_loads_neither_pydantic_nor_textual(locations: Locations) -> None:
    save_all(locations, hand_made())
    run_cli("insights")  # the catalog is built (which may parse files with pydantic)
    code = ("import sys; from ritual_tui.cli import main; main(['insights', '--json']);"
            "print('LOADED', sorted(m for m in ('pydantic', 'textual') if m in sys.modules), file=sys.stderr)")
    import subprocess

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "LOADED []" in done.stderr, done.stderr


async def test_i_on_today_opens_insights_with_a_chart_per_step(make_app, locations: Locations) -> None:
    save_all(locations, hand_made())
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        from ritual_tui.screens.insights import InsightsScreen

        assert isinstance(app.screen, InsightsScreen)
        overall = str(app.screen.query_one("#insights-overall").render())
        assert "5 attempts" in overall
        charts = list(app.screen.query(".insight-chart"))
        assert len(charts) == 3
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, InsightsScreen)


async def test_the_reflection_chooses_no_outcome_and_asks_whether_the_feared_thing_happened(make_app, locations: Locations) -> None:
    from textual.widgets import RadioButton

    from ritual_tui.screens.reflect import ReflectScreen

    Store(locations.data_dir).save(ExposureEntry(id="expoplan01", day=DAY, step="x", small_step="say hi", fear="they ignore me"))
    app = make_app("exposure")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReflectScreen)
        assert not any(button.value for button in app.screen.query(RadioButton))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReflectScreen)  # nothing saved: how it went is the user's to say
        assert read_toml(entry_files(locations, "exposure")[0])["outcome"] == "planned"
        app.screen.query_one("#outcome").query(RadioButton)[1].value = True  # partly done
        app.screen.query_one("#feared_happened").query(RadioButton)[2].value = True  # no
        app.screen.query_one("#discomfort_peak").value = "30"
        await pilot.press("ctrl+s")
        await pilot.pause()
    document = json.loads(run_cli("insights", "--json").stdout)["exposure"]["overall"]
    assert document["attempts"] == 1 and document["feared_happened"] == {"yes": 0, "partly": 0, "no": 1}


def test_todays_memory_line_is_courage_on_this_day(locations: Locations) -> None:
    from ritual_tui.journal import Journal

    month_ago = add_months(DAY, -1)
    save_all(locations, [EASY, attempt(month_ago, EASY, 80, 60), attempt(DAY - timedelta(days=1), EASY, 70, 45)])
    journal = Journal(Store(locations.data_dir), clock=lambda: FROZEN)
    journal.load()
    assert journal.memory_line() == f"A month ago you expected 80 on {EASY.name}; this week the peak was 45."
