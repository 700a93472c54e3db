"""Odd but real files never crash anything (RELIABILITY.md rule 17; issue 11 §5).

Each case writes a fixture file into the data folder, then runs the command line as a user would
(doctor names the file and exits 1; list, show, export and import work for the rest) and the app
through the Pilot (browser, trash view, calendar, ladder reorder). No traceback anywhere.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from ritual_tui.journal import Journal
from ritual_tui.ladder import ladder_positions
from ritual_tui.models import ExposureEntry, GratitudeEntry, LadderStep
from ritual_tui.paths import Locations
from ritual_tui.screens.browse import BrowseScreen
from ritual_tui.screens.calendar import CalendarScreen
from ritual_tui.screens.exposure import READ_ONLY_STEP_NOTICE, ExposureScreen
from ritual_tui.store import Store
from ritual_tui.store.codec import shape_problem
from ritual_tui.vocabulary import SCHEMA_VERSION
from ritual_tui.widgets.heatmap import YearHeatmap
from tests.conftest import DAY, FROZEN, run_cli

SIZE = (100, 30)
AT = dict(created=FROZEN, updated=FROZEN)
DEEP = 100_000


def good_entries(store: Store) -> list[GratitudeEntry]:
    """Two ordinary entries that must keep working beside the odd file."""
    entries = [
        GratitudeEntry(day=DAY, items=["warm soup"], id="good000001", **AT),
        GratitudeEntry(day=DAY - timedelta(days=2), items=["a kind word"], id="good000002", **AT),
    ]
    for entry in entries:
        store.save(entry)
    return entries


def entry_file(locations: Locations, kind: str, name: str, text: str) -> Path:
    """Write a hand-made entry file where ritual would look for it."""
    folder = locations.entries_dir / kind / f"{DAY:%Y}"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, "utf-8")
    return path


def header(entry_id: str, kind: str, day: date = DAY) -> str:
    """The common fields of a hand-made file."""
    return (
        f'schema = 1\nid = "{entry_id}"\nkind = "{kind}"\nday = {day.isoformat()}\n'
        f"created = {FROZEN.isoformat()}\nupdated = {FROZEN.isoformat()}\n"
    )


def clean(*results) -> None:
    """No output of any run holds a traceback."""
    for result in results:
        assert "Traceback" not in result.stdout + result.stderr


def assert_rest_works(expected_ids: set[str]) -> None:
    """list (twice: by scan, then from the index), list --json, show, export json and markdown."""
    for _ in range(2):
        listed = run_cli("list")
        clean(listed)
        assert listed.returncode == 0
        assert {line.split()[2] for line in listed.stdout.splitlines()} == expected_ids
    as_json = run_cli("list", "--json")
    shown = run_cli("show", "good000001")
    exported = run_cli("export", "--format", "json")
    markdown = run_cli("export", "--format", "markdown")
    clean(as_json, shown, exported, markdown)
    assert {row["id"] for row in json.loads(as_json.stdout)} == expected_ids
    assert shown.returncode == 0 and "warm soup" in shown.stdout
    # The export holds every readable entry; its exit code may say that some file was left out.
    assert exported.returncode in (0, 1) and markdown.returncode in (0, 1)
    assert {entry["id"] for entry in json.loads(exported.stdout)["entries"]} == expected_ids
    assert "warm soup" in markdown.stdout


def doctor_names(*paths: Path) -> str:
    """Run doctor: it exits 1 and names every path given; returns its output."""
    result = run_cli("doctor")
    clean(result)
    assert result.returncode == 1
    for path in paths:
        assert str(path) in result.stdout
    return result.stdout


# ---------------------------------------------------------------- deep nesting


def test_deep_nesting_in_an_entry_file_is_reported_and_the_rest_works(locations: Locations) -> None:
    good_entries(Store(locations.data_dir))
    deepest = entry_file(locations, "gratitude", f"{DAY}-deep000001.toml",
                         header("deep000001", "gratitude") + 'items = ["x"]\na = ' + "[" * DEEP + "]" * DEEP + "\n")
    parsable = entry_file(locations, "gratitude", f"{DAY}-deep000002.toml",
                          header("deep000002", "gratitude") + 'items = ["x"]\nb = ' + "[" * 40 + "]" * 40 + "\n")
    before = deepest.read_bytes(), parsable.read_bytes()
    out = doctor_names(deepest, parsable)
    assert out.count("nested too deeply") == 2
    assert f"{parsable}:8:" in out  # the line of the nested key
    assert_rest_works({"good000001", "good000002"})
    assert (deepest.read_bytes(), parsable.read_bytes()) == before


async def test_deep_nesting_never_crashes_the_app(make_app, locations: Locations) -> None:
    good_entries(Store(locations.data_dir))
    entry_file(locations, "gratitude", f"{DAY}-deep000001.toml",
               header("deep000001", "gratitude") + 'items = ["x"]\na = ' + "[" * DEEP + "]" * DEEP + "\n")
    for background in (False, True):
        app = make_app("today", background_load=background)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("b")
            await pilot.pause()
            assert isinstance(app.screen, BrowseScreen)
            assert {e.id for e in app.screen.window} == {"good000001", "good000002"}


def test_an_import_nested_too_deeply_is_refused_in_one_line(locations: Locations, tmp_path: Path) -> None:
    whole = tmp_path / "deep.json"
    whole.write_text('{"format": "ritual-tui", "version": 1, "entries": ' + "[" * DEEP + "]" * DEEP + "}")
    result = run_cli("import", str(whole))
    clean(result)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [f"ritual: {whole} cannot be imported: it is nested too deeply "
                                                  "(more than 32 levels of lists or tables)."]


def test_an_import_with_one_deep_and_one_nan_entry_imports_the_rest(locations: Locations, tmp_path: Path) -> None:
    good = {"schema": 1, "id": "impt000001", "kind": "gratitude", "day": DAY.isoformat(), "items": ["tea"],
            "created": FROZEN.isoformat(), "updated": FROZEN.isoformat()}
    deep = dict(good, id="impt000002", extra="@")
    nan = dict(good, id="impt000003", kind="exposure", step="say hi", outcome="done", discomfort_peak="@NaN")
    del nan["items"]
    text = json.dumps({"format": "ritual-tui", "version": 1, "entries": [good, deep, nan]})
    text = text.replace('"@"', "[" * 500 + "]" * 500).replace('"@NaN"', "NaN")
    path = tmp_path / "odd.json"
    path.write_text(text)
    result = run_cli("import", str(path))
    clean(result)
    assert result.returncode == 1
    assert "Imported 1, skipped 0, failed 2." in result.stdout
    assert "entry 2: nested too deeply" in result.stderr
    assert "entry 3: 'discomfort_peak' is not a finite number (nan)" in result.stderr
    assert [line.split()[2] for line in run_cli("list").stdout.splitlines()] == ["impt000001"]


def test_shape_problem_finds_depth_and_non_finite_numbers_without_recursion() -> None:
    deep: list = []
    inner = deep
    for _ in range(DEEP):
        inner.append([])
        inner = inner[0]
    assert shape_problem({"a": deep})[1].startswith("nested too deeply")
    assert shape_problem({"a": {"b": [1.0, float("inf")]}}) == ("a.b[1]", "'a.b[1]' is not a finite number (inf)")
    assert shape_problem({"items": ["a", "b"], "wins": [], "n": 3.5}) is None


# ---------------------------------------------------------------- a file manager's copy


def copy_beside(store: Store, entry: GratitudeEntry) -> tuple[Path, Path]:
    """A file manager's "X copy.toml" of an entry, in the same folder (same id, same bytes)."""
    original = store.canonical_path(entry)
    copy = original.with_name(f"{original.stem} copy.toml")
    copy.write_bytes(original.read_bytes())
    return original, copy


def test_a_copy_is_reported_as_a_duplicate_and_listed_once(locations: Locations) -> None:
    store = Store(locations.data_dir)
    entries = good_entries(store)
    original, copy = copy_beside(store, entries[0])
    out = doctor_names(original, copy)
    assert f"{copy}: same id as {original}" in out
    assert_rest_works({"good000001", "good000002"})
    assert copy.exists() and original.exists()


async def test_a_copy_is_shown_once_in_the_browser_and_the_trash_and_restore_works(make_app, locations: Locations) -> None:
    store = Store(locations.data_dir)
    entries = good_entries(store)
    original, copy = copy_beside(store, entries[0])
    app = make_app("browse")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert [e.id for e in screen.window] == ["good000001", "good000002"]
        await pilot.press("x", "y")  # the original goes to the trash; the copy takes its place
        await pilot.pause()
        assert [e.id for e in screen.window] == ["good000001", "good000002"]
        await pilot.press("x", "y")  # then the copy: two trashed files with one id
        await pilot.pause()
        assert [e.id for e in screen.window] == ["good000002"]
        await pilot.press("t")
        await pilot.pause()
        assert screen.in_trash and [e.id for e in screen.window] == ["good000001"]
        assert any("share an id" in n.message for n in app._notifications)
        await pilot.press("u")
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        assert not screen.in_trash and [e.id for e in screen.window] == ["good000001", "good000002"]
    files = sorted(p.name for p in locations.data_dir.rglob("*.toml"))
    assert len(files) == 3  # one restored, one still in the trash, the other entry: nothing lost


async def test_a_copy_is_shown_once_before_the_history_is_read(make_app, locations: Locations) -> None:
    store = Store(locations.data_dir)
    entries = good_entries(store)
    copy_beside(store, entries[0])
    ladder_step = LadderStep(day=DAY, name="Say hello", id="step000001", **AT)
    store.save(ladder_step)
    step_file = store.canonical_path(ladder_step)
    step_file.with_name(f"{step_file.stem} copy.toml").write_bytes(step_file.read_bytes())
    journal = Journal(Store(locations.data_dir), clock=lambda: FROZEN)
    journal.load_recent()
    ids = [s.entry.id for s in journal.stored]
    assert sorted(ids) == ["good000001", "good000002", "step000001"]
    assert {s.path.name for s in journal.stored} == {f"{DAY}-good000001.toml", f"{DAY - timedelta(days=2)}-good000002.toml",
                                                      f"{DAY}-step000001.toml"}
    app = make_app("exposure", background_load=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ExposureScreen)
        await pilot.press("escape", "b")
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)


# ---------------------------------------------------------------- dates at the edges


def edge_entries(store: Store) -> None:
    store.save(GratitudeEntry(day=date.max, items=["the far future"], id="late000001", **AT))
    store.save(GratitudeEntry(day=date.min, items=["the far past"], id="early00001", **AT))


def test_entries_at_year_1_and_9999_are_listed_and_exported(locations: Locations) -> None:
    store = Store(locations.data_dir)
    good_entries(store)
    edge_entries(store)
    assert_rest_works({"good000001", "good000002", "late000001", "early00001"})
    first = run_cli("list").stdout.splitlines()
    assert first[0].startswith("9999-12-31") and first[-1].startswith("0001-01-01")
    markdown = run_cli("export", "--format", "markdown").stdout
    assert "## Week 52, 9999 (27 Dec – 31 Dec)" in markdown and "## Week 1, 1 (1 Jan – 7 Jan)" in markdown
    assert run_cli("doctor").returncode == 0


def test_moments_past_the_calendars_edge_are_reported_per_file(locations: Locations) -> None:
    good_entries(Store(locations.data_dir))
    edge = entry_file(locations, "gratitude", f"{DAY}-edge000001.toml",
                      f'schema = 1\nid = "edge000001"\nkind = "gratitude"\nday = {DAY}\nitems = ["x"]\n'
                      f"created = 0001-01-01T00:00:00\nupdated = {FROZEN.isoformat()}\n")  # giving it a zone goes before year 1
    out = doctor_names(edge)
    assert "is too close to year 1 or year 9999" in out
    assert_rest_works({"good000001", "good000002"})


async def test_the_calendar_and_today_at_the_edges(make_app, locations: Locations) -> None:
    store = Store(locations.data_dir)
    good_entries(store)
    edge_entries(store)
    app = make_app("browse")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.window[0].day == date.max
        await pilot.press("c")  # the calendar at the highlighted entry: 31 December 9999
        await pilot.pause()
        assert isinstance(app.screen, CalendarScreen)
        heatmap = app.screen.query_one(YearHeatmap)
        await pilot.press("down", "right", "right_square_bracket")
        await pilot.pause()
        assert heatmap.selected == date.max
        await pilot.press("escape", "end")  # the last entry: 1 January of year 1
        await pilot.pause()
        assert app.screen.current().day == date.min
        await pilot.press("c")
        await pilot.pause()
        heatmap = app.screen.query_one(YearHeatmap)
        await pilot.press("up", "left", "left_square_bracket")
        await pilot.pause()
        assert heatmap.selected == date.min
        await pilot.press("escape", "escape", "o")  # on this day, from Today
        await pilot.pause()
        await pilot.press("escape", "c")
        await pilot.pause()
        assert isinstance(app.screen, CalendarScreen)


# ---------------------------------------------------------------- a step from a newer ritual


def ladder_with_a_newer_step(store: Store) -> tuple[list[LadderStep], Path]:
    steps = [
        LadderStep(day=DAY, name="Say hello", difficulty=20, position=0.0, id="step000001", **AT),
        LadderStep(day=DAY, name="Ask a question", difficulty=40, position=1.0, id="step000002", **AT),
        LadderStep(day=DAY, name="From the future", difficulty=60, position=2.0, id="step000003", **AT),
        LadderStep(day=DAY, name="Give a talk", difficulty=90, position=3.0, id="step000004", **AT),
    ]
    for step in steps:
        store.save(step)
    newer = store.canonical_path(steps[2])
    newer.write_text(newer.read_text("utf-8").replace("schema = 1", f"schema = {SCHEMA_VERSION + 1}"), "utf-8")
    return steps, newer


async def test_reordering_around_a_newer_step_never_rewrites_it(make_app, locations: Locations) -> None:
    _, newer = ladder_with_a_newer_step(Store(locations.data_dir))
    before = newer.read_bytes()
    app = make_app("exposure")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        order = lambda: [s.id for s in app.journal.ladder()]  # noqa: E731
        await pilot.press("down", "down")  # the newer step
        assert screen.selected_step().id == "step000003"
        await pilot.press("shift+up", "shift+down")
        await pilot.pause()
        assert sum(n.message == READ_ONLY_STEP_NOTICE for n in app._notifications) == 2
        assert order() == ["step000001", "step000002", "step000003", "step000004"]
        await pilot.press("up", "shift+down")  # "Ask a question" moves past it
        await pilot.pause()
        assert order() == ["step000001", "step000003", "step000002", "step000004"]
        await pilot.press("shift+down", "shift+up", "shift+up", "shift+up")  # to the top, around it again
        await pilot.pause()
        assert order() == ["step000002", "step000001", "step000003", "step000004"]
        assert "read-only" in str(screen.query_one("#ladder").get_option("step000003").prompt)
    assert newer.read_bytes() == before
    doctor = run_cli("doctor")
    clean(doctor)
    assert doctor.returncode == 0 and "read-only here" in doctor.stdout


def test_ladder_positions_keep_fixed_steps_in_place() -> None:
    steps = [LadderStep(day=DAY, name=f"s{i}", position=float(i), id=f"step00000{i}", **AT) for i in range(4)]
    a, b, c, d = steps
    assert ladder_positions([b, a, c, d], set()) == {"step000001": 0.0, "step000000": 1.0}
    assert ladder_positions([a, c, b, d], {"step000002"}) == {"step000001": 3.0, "step000003": 4.0}  # a stays at 0
    assert ladder_positions([a, b, d, c], {"step000003"}) == {"step000002": 4.0}
    assert ladder_positions([a, c, b, d], {"step000002", "step000001"}) is None  # two fixed steps cannot swap


# ---------------------------------------------------------------- nan and inf


def test_nan_and_inf_are_reported_per_file(locations: Locations) -> None:
    good_entries(Store(locations.data_dir))
    nan = entry_file(locations, "exposure", f"{DAY}-nan0000001.toml",
                     header("nan0000001", "exposure") + 'step = "x"\noutcome = "done"\ndiscomfort_peak = nan\n')
    inf = entry_file(locations, "step", f"{DAY}-inf0000001.toml", header("inf0000001", "step") + 'name = "x"\nposition = -inf\n')
    extra = entry_file(locations, "gratitude", f"{DAY}-nan0000002.toml",
                       header("nan0000002", "gratitude") + 'items = ["x"]\n[future]\nweights = [1.0, nan]\n')
    out = doctor_names(nan, inf, extra)
    assert f"{nan}:9: is not readable: 'discomfort_peak' is not a finite number (nan)" in out
    assert f"{inf}:8: is not readable: 'position' is not a finite number (-inf)" in out
    assert "'future.weights[1]' is not a finite number (nan)" in out
    assert_rest_works({"good000001", "good000002"})


def test_the_models_refuse_non_finite_numbers() -> None:
    from ritual_tui.models import EntryError, parse_entry

    for document in ({"kind": "step", "day": DAY, "name": "x", "position": float("nan")},
                     {"kind": "exposure", "day": DAY, "discomfort_peak": float("inf")}):
        try:
            parse_entry(document)
        except EntryError as error:
            assert "finite" in str(error)
        else:
            raise AssertionError("a non-finite number was accepted")
    assert ExposureEntry(day=DAY, discomfort_peak=50).discomfort_peak == 50


async def test_nan_files_never_crash_the_ladder_or_the_browser(make_app, locations: Locations) -> None:
    good_entries(Store(locations.data_dir))
    entry_file(locations, "step", f"{DAY}-inf0000001.toml", header("inf0000001", "step") + 'name = "x"\nposition = inf\n')
    app = make_app("exposure")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.journal.ladder() == []
        await pilot.press("escape", "b")
        await pilot.pause()
        assert {e.id for e in app.screen.window} == {"good000001", "good000002"}
