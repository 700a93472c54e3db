"""Circles of belonging and boundaries: the rules, the screens driven by keys, and the command line."""

from __future__ import annotations

import json
import random
from datetime import timedelta

import pytest
from textual.widgets import Input, OptionList, Select, TextArea

from ritual_tui.belonging import (
    DEFAULT_SMALL_STEPS,
    belonging_map,
    belonging_wins,
    nudge,
    parse_step_day,
    support_people,
)
from ritual_tui.clock import iso_week
from ritual_tui.models import BoundaryEntry, CircleEntry, ContactEntry, ExposureEntry, HeldEntry, parse_entry
from ritual_tui.models.circles import CIRCLE_KINDS, STEP_TYPES
from ritual_tui.paths import Locations
from ritual_tui.settings import Settings
from ritual_tui.store import Store
from tests.conftest import DAY, FROZEN, entry_files, read_toml, run_cli, until
from tests.test_app import type_text

SIZE = (80, 24)
OLD = dict(created=FROZEN - timedelta(days=200), updated=FROZEN - timedelta(days=200))

SHAMING = ("should", "only", "fail", "neglect", "lonely", "alone", "isolat", "behind", "must", "wrong", "lazy",
           "not enough", "too few", "!", "forgot", "ignor", "haven't", "didn't", "still no")
"""Words a gentle nudge never uses."""


def circle(name: str, kind: str = "other", days_ago: int = 120, **fields) -> CircleEntry:
    """A circle written `days_ago`."""
    return CircleEntry(day=DAY - timedelta(days=days_ago), circle=name, circle_kind=kind, **OLD, **fields)


def step_in(where: CircleEntry, days_ago: int, step_type: str = "showed-up", note: str = "") -> ContactEntry:
    """A step taken in `where`, `days_ago` days before today."""
    return ContactEntry(day=DAY - timedelta(days=days_ago), circle_id=where.id, circle=where.circle, step_type=step_type, note=note, **OLD)


# ------------------------------------------------------------------------------------- the rules


def test_the_map_counts_each_circles_steps_in_the_last_30_and_90_days() -> None:
    club, family, quiet = circle("Club", "hobby-or-club"), circle("Family", "family"), circle("Choir")
    steps = [step_in(club, 0), step_in(club, 29), step_in(club, 30), step_in(club, 89), step_in(club, 90), step_in(family, 45)]
    rows = {row.circle.circle: row for row in belonging_map([club, family, quiet], steps, DAY)}
    assert (rows["Club"].recent, rows["Club"].longer, rows["Club"].last_step) == (2, 4, DAY)
    assert (rows["Family"].recent, rows["Family"].longer, rows["Family"].last_step) == (0, 1, DAY - timedelta(days=45))
    assert (rows["Choir"].recent, rows["Choir"].longer, rows["Choir"].last_step) == (0, 0, None)


def test_no_circles_means_no_nudge_and_spread_steps_mean_none_either() -> None:
    assert nudge([], [], DAY) is None
    club, family = circle("Club", "hobby-or-club"), circle("Family", "family")
    assert nudge([club, family], [step_in(club, 3), step_in(family, 10)], DAY) is None


def test_one_circle_carrying_the_month_gets_a_gentle_step_elsewhere() -> None:
    club, family = circle("Club", "hobby-or-club"), circle("Family", "family")
    line = nudge([club, family], [step_in(club, 1), step_in(club, 2), step_in(family, 40)], DAY)
    assert line is not None and "Club" in line and "(Family)" in line
    assert any(step in line for step in DEFAULT_SMALL_STEPS["family"])


def test_a_quiet_month_and_a_first_step_are_said_kindly() -> None:
    club = circle("Club", "hobby-or-club")
    first = nudge([club], [], DAY)
    assert first is not None and first.startswith("A first small step")
    quiet = nudge([club], [step_in(club, 50)], DAY)
    assert quiet is not None and quiet.startswith("A quiet month")


def test_with_a_single_circle_the_nudge_suggests_a_new_kind_of_circle() -> None:
    club = circle("Club", "hobby-or-club")
    line = nudge([club], [step_in(club, 1)], DAY)
    assert line is not None and "perhaps a" in line and "hobby or club circle" not in line


def test_archived_circles_are_not_suggested() -> None:
    club, old = circle("Club", "hobby-or-club"), circle("Old team", "work-or-study", archived=True)
    line = nudge([club, old], [step_in(club, 1)], DAY)
    assert line is not None and "Old team" not in line


@pytest.mark.parametrize("seed", range(60))
def test_the_nudge_over_generated_histories_appears_exactly_when_due_and_never_shames(seed: int) -> None:
    rng = random.Random(seed)
    circles = [circle(f"Circle {n}", rng.choice(CIRCLE_KINDS), archived=rng.random() < 0.15) for n in range(rng.randint(0, 5))]
    steps = [
        step_in(rng.choice(circles), rng.randint(0, 120), rng.choice(STEP_TYPES))
        for _ in range(rng.randint(0, 12) if circles else 0)
    ]
    active = [c for c in circles if not c.archived]
    recent = {s.circle_id for s in steps if (DAY - s.day).days < 30 and s.circle_id in {c.id for c in active}}
    line = nudge(circles, steps, DAY)
    assert (line is not None) == (bool(active) and len(recent) <= 1)
    if line is not None:
        folded = line.casefold()
        assert not [word for word in SHAMING if word in folded], line
        assert "when you feel like it" in folded


def test_the_users_own_small_steps_are_offered(locations: Locations) -> None:
    locations.config_dir.mkdir(parents=True, exist_ok=True)
    locations.config_file.write_text('[prompts.small_steps]\nfamily = ["call grandma on Sunday"]\n')
    from ritual_tui.settings import load_settings

    settings = load_settings(locations.config_file).settings
    assert settings.prompts.small_steps["family"] == ["call grandma on Sunday"]
    assert settings.prompts.small_steps["online"] == DEFAULT_SMALL_STEPS["online"]
    club, family = circle("Club", "hobby-or-club"), circle("Family", "family")
    line = nudge([club, family], [step_in(club, 1)], DAY, settings.prompts.small_steps)
    assert line is not None and "call grandma on Sunday (Family)" in line


def test_small_steps_for_an_unknown_kind_of_circle_are_a_clear_error() -> None:
    with pytest.raises(Exception, match="small_steps takes kinds of circle"):
        Settings.model_validate({"prompts": {"small_steps": {"pets": ["walk"]}}})


def test_steps_and_boundaries_held_are_the_weeks_wins() -> None:
    club = circle("Club", "hobby-or-club")
    week = iso_week(DAY)
    entries = [
        step_in(club, 0, "reached-out", "asked about Sunday"),
        HeldEntry(day=DAY, boundary="No work calls after 7", moment="Said I would answer tomorrow", **OLD),
        step_in(club, 14, "helped"),
    ]
    wins = belonging_wins(entries, week)
    assert "Reached out in Club: asked about Sunday" in wins
    assert "Held a boundary: Said I would answer tomorrow" in wins
    assert not any("Helped" in win for win in wins)


def test_the_people_who_know_how_you_handle_rejection_are_offered_for_perspective() -> None:
    people = [{"name": "Ana", "knows_rejection": True}, {"name": "Marc"}]
    found = support_people([circle("Club", people=people), circle("Gone", people=[{"name": "Zoe", "knows_rejection": True}], archived=True)])
    assert found == [("Ana", "Club")]


def test_a_step_day_is_today_yesterday_or_a_past_date() -> None:
    assert parse_step_day("", DAY) == DAY
    assert parse_step_day(" Yesterday ", DAY) == DAY - timedelta(days=1)
    assert parse_step_day((DAY - timedelta(days=9)).isoformat(), DAY) == DAY - timedelta(days=9)
    assert parse_step_day((DAY + timedelta(days=1)).isoformat(), DAY) is None
    assert parse_step_day("someday", DAY) is None


def test_models_keep_unknown_fields_of_people_and_refuse_blank_names() -> None:
    entry = parse_entry({"kind": "circle", "day": DAY, "circle": "Club", "people": [{"name": "Ana", "nickname": "A"}]})
    assert entry.to_document()["people"] == [{"name": "Ana", "knows_rejection": False, "nickname": "A"}]
    with pytest.raises(Exception, match="give the circle a name"):
        parse_entry({"kind": "circle", "day": DAY, "circle": "  "})
    with pytest.raises(Exception, match="say in a few words what happened"):
        parse_entry({"kind": "held", "day": DAY, "moment": ""})
    assert ExposureEntry(day=DAY, circle_id="abcdef1234").circle_id == "abcdef1234"


# ------------------------------------------------------------------------------------- the screens


async def test_add_a_circle_with_people_by_keyboard(make_app, locations: Locations) -> None:
    from ritual_tui.screens.circle_forms import CircleEditor
    from ritual_tui.screens.circles import CirclesScreen

    app = make_app("circles")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CirclesScreen)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, CircleEditor)
        await type_text(pilot, "Climbing club")
        await pilot.press("tab")
        app.screen.query_one("#circle_kind", Select).value = "hobby-or-club"
        await pilot.press("tab")
        await type_text(pilot, "a place to be bad at something")
        await pilot.press("tab")
        assert app.screen.focused.id == "people"
        await pilot.press("a")
        await pilot.pause()
        await type_text(pilot, "Ana")
        await pilot.press("tab", "space", "ctrl+s")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await type_text(pilot, "Marc")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CirclesScreen)
        row = str(app.screen.query_one("#circles", OptionList).get_option_at_index(0).prompt)
        assert row.startswith("Climbing club") and "hobby or club" in row
    [path] = entry_files(locations, "circle")
    saved = read_toml(path)
    assert saved["circle"] == "Climbing club" and saved["circle_kind"] == "hobby-or-club"
    assert saved["gives"] == "a place to be bad at something"
    assert saved["people"] == [{"name": "Ana", "knows_rejection": True}, {"name": "Marc", "knows_rejection": False}]


async def test_edit_a_circle_and_its_people(make_app, locations: Locations) -> None:
    Store(locations.data_dir).save(circle("Choir", "faith-or-culture", people=[{"name": "Ana"}, {"name": "Bo", "knows_rejection": True}]))
    app = make_app("circles")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        name = app.screen.query_one("#circle", Input)
        name.value = "Choir on Thursdays"
        app.screen.query_one("#people", OptionList).focus()
        await pilot.press("space")  # Ana knows now
        await pilot.press("down", "delete")  # Bo is taken off
        await pilot.press("enter")  # edit Ana's name
        await pilot.pause()
        field = app.screen.query_one("#person-name", Input)
        field.value = "Ana M."
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
    [path] = entry_files(locations, "circle")
    saved = read_toml(path)
    assert saved["circle"] == "Choir on Thursdays" and saved["circle_kind"] == "faith-or-culture"
    assert saved["people"] == [{"name": "Ana M.", "knows_rejection": True}]


async def test_archive_and_restore_a_circle(make_app, locations: Locations) -> None:
    Store(locations.data_dir).save(circle("Old team", "work-or-study"))
    app = make_app("circles")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        listed = app.screen.query_one("#circles", OptionList)
        assert "No circles yet" in str(listed.get_option_at_index(0).prompt)
        assert read_toml(entry_files(locations, "circle")[0])["archived"] is True
        await pilot.press("u")
        await pilot.pause()
        assert str(listed.get_option_at_index(0).prompt).startswith("Old team")
        await pilot.press("x")
        await pilot.pause()
        assert read_toml(entry_files(locations, "circle")[0])["archived"] is False
        await pilot.press("escape")  # back from the archived ones
        await pilot.pause()
        assert str(listed.get_option_at_index(0).prompt).startswith("Old team")


async def test_log_a_step_from_the_circles_screen(make_app, locations: Locations) -> None:
    club = circle("Club", "hobby-or-club")
    Store(locations.data_dir).save(club)
    app = make_app("circles")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("down", "enter")  # reached out
        await type_text(pilot, "yesterday")
        await pilot.press("enter")
        await type_text(pilot, "asked about Sunday")
        await pilot.press("enter")
        await pilot.pause()
        row = str(app.screen.query_one("#circles", OptionList).get_option_at_index(0).prompt)
        assert "yesterday" in row and "█" in row
    [path] = entry_files(locations, "contact")
    saved = read_toml(path)
    assert saved["day"] == DAY - timedelta(days=1)
    assert (saved["circle_id"], saved["circle"], saved["step_type"], saved["note"]) == (club.id, "Club", "reached-out", "asked about Sunday")


async def test_a_step_in_the_future_is_not_saved_and_the_words_stay(make_app, locations: Locations) -> None:
    Store(locations.data_dir).save(circle("Club"))
    app = make_app("circles")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("enter")
        await type_text(pilot, (DAY + timedelta(days=3)).isoformat())
        await pilot.press("enter")
        await type_text(pilot, "kept words")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one("#note", Input).value == "kept words"
    assert entry_files(locations, "contact") == []


async def test_boundaries_add_edit_hold_and_say_no(make_app, locations: Locations) -> None:
    from ritual_tui.screens.boundaries import BoundariesScreen

    app = make_app("boundaries")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, BoundariesScreen)
        await pilot.press("a")
        await pilot.pause()
        await type_text(pilot, "No work calls after 7")
        await pilot.press("tab")
        await type_text(pilot, "evenings are for rest")
        await pilot.press("tab")
        await type_text(pilot, "I will answer tomorrow morning")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, BoundariesScreen)
        await pilot.press("enter")  # edit it
        await pilot.pause()
        app.screen.query_one("#why", TextArea).text = "evenings are for rest and for me"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        await type_text(pilot, "My manager called at 8")
        await pilot.press("tab")
        await type_text(pilot, "tense")
        await pilot.press("enter")
        await type_text(pilot, "lighter")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        await type_text(pilot, "Said no to a fourth project")
        await pilot.press("ctrl+s")
        await pilot.pause()
        held = app.screen.query_one("#held", OptionList)
        assert held.option_count == 2
    [boundary] = [read_toml(p) for p in entry_files(locations, "boundary")]
    assert boundary["boundary"] == "No work calls after 7" and boundary["why"] == "evenings are for rest and for me"
    assert boundary["words"] == "I will answer tomorrow morning"
    moments = sorted((read_toml(p) for p in entry_files(locations, "held")), key=lambda d: d["moment"])
    assert moments[0]["moment"] == "My manager called at 8" and moments[0]["boundary_id"] == boundary["id"]
    assert (moments[0]["feeling_before"], moments[0]["feeling_after"]) == ("tense", "lighter")
    assert moments[1]["moment"] == "Said no to a fourth project" and "boundary_id" not in moments[1]


async def test_archive_a_boundary(make_app, locations: Locations) -> None:
    Store(locations.data_dir).save(BoundaryEntry(day=DAY - timedelta(days=3), boundary="One evening a week for me", **OLD))
    app = make_app("boundaries")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert read_toml(entry_files(locations, "boundary")[0])["archived"] is True
        await pilot.press("u", "x")
        await pilot.pause()
        assert read_toml(entry_files(locations, "boundary")[0])["archived"] is False


async def test_today_shows_the_nudge_and_its_keys_open_circles_and_boundaries(make_app, locations: Locations) -> None:
    from ritual_tui.screens.boundaries import BoundariesScreen
    from ritual_tui.screens.circles import CirclesScreen

    store = Store(locations.data_dir)
    club, family = circle("Club", "hobby-or-club"), circle("Family", "family")
    for entry in (club, family, step_in(club, 2), step_in(club, 5)):
        store.save(entry)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        line = str(app.screen.query_one("#belonging-line").render())
        assert "Lately your steps have all been with Club" in line and "(Family)" in line and line.rstrip().endswith("(t logs a step)")
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, CirclesScreen)
        assert "Club" in str(app.screen.query_one("#circles-nudge").render())
        await pilot.press("escape", "n")
        await pilot.pause()
        assert isinstance(app.screen, BoundariesScreen)


async def test_today_without_circles_shows_only_the_keys(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert str(app.screen.query_one("#belonging-line").render()).strip() == "p your circles · t a step in one · n your boundaries"


async def test_people_are_found_by_search(make_app, locations: Locations) -> None:
    Store(locations.data_dir).save(circle("Club", people=[{"name": "Anneliese"}]))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert [e.kind for e in app.journal.search("annel")] == ["circle"]


# ------------------------------------------------------------------------------------- the command line


def seed_every_new_kind(locations: Locations) -> list:
    """One entry of each new kind, with words that need care (a newline, an emoji)."""
    club = circle("Club 🧗", "hobby-or-club", gives="company\nand cheer", people=[{"name": "Ana", "knows_rejection": True}])
    boundary = BoundaryEntry(day=DAY - timedelta(days=5), boundary="No calls after 7", why="rest", words="Tomorrow, please.", **OLD)
    entries = [
        club,
        step_in(club, 1, "beyond-small-talk", "we talked about fear of heights"),
        boundary,
        HeldEntry(day=DAY - timedelta(days=2), boundary_id=boundary.id, boundary=boundary.boundary, moment="Declined the call", feeling_before="tight", feeling_after="proud", **OLD),
        ExposureEntry(day=DAY - timedelta(days=3), small_step="say hi at the wall", circle_id=club.id, **OLD),
    ]
    store = Store(locations.data_dir)
    for entry in entries:
        store.save(entry)
    return entries


def test_every_new_kind_round_trips_through_export_and_import(locations: Locations, tmp_path) -> None:
    entries = seed_every_new_kind(locations)
    exported = run_cli("export")
    assert exported.returncode == 0, exported.stderr
    documents = {d["id"]: d for d in json.loads(exported.stdout)["entries"]}
    other = tmp_path / "elsewhere"
    imported = run_cli("--data-dir", str(other), "import", "-", stdin=exported.stdout)
    assert imported.returncode == 0 and "Imported 5" in imported.stdout, imported.stderr
    again = run_cli("--data-dir", str(other), "export")
    assert {d["id"]: d for d in json.loads(again.stdout)["entries"]} == documents
    assert {e.kind for e in entries} <= {d["kind"] for d in documents.values()}
    doctor = run_cli("doctor")
    assert doctor.returncode == 0 and "5 entries read fine" in doctor.stdout


def test_the_new_kinds_are_listed_shown_and_written_as_markdown(locations: Locations) -> None:
    entries = seed_every_new_kind(locations)
    for kind in ("circle", "contact", "boundary", "held"):
        listed = run_cli("list", "--kind", kind)
        assert listed.returncode == 0 and listed.stdout.count("\n") == 1, (kind, listed.stdout, listed.stderr)
    shown = run_cli("show", entries[0].id)
    assert "People I can lean on:" in shown.stdout and "Ana (knows how I handle rejection)" in shown.stdout
    assert "Kind of circle: hobby or club" in shown.stdout
    step = run_cli("show", entries[1].id)
    assert "Step taken: beyond small talk" in step.stdout and "circle_id" not in step.stdout
    markdown = run_cli("export", "--format", "markdown").stdout
    for words in ("Step in a circle", "Held boundary", "How it felt after:** proud", "The words I will use:** Tomorrow, please."):
        assert words in markdown
    found = run_cli("list", "--search", "heights")
    assert entries[1].id in found.stdout


def test_ritual_circles_and_boundaries_are_commands() -> None:
    shown = run_cli("--help")
    assert "circles" in shown.stdout and "boundaries" in shown.stdout
    wrong = run_cli("list", "--kind", "nope")
    assert all(kind in wrong.stderr for kind in ("circle", "contact", "boundary", "held"))


# ------------------------------------------------------------------------------------- the rest of the app


async def test_every_new_kind_opens_for_editing_as_the_browser_opens_it(make_app, locations: Locations) -> None:
    from ritual_tui.rituals import editor_for

    entries = seed_every_new_kind(locations)[:4]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for entry, field, words in zip(entries, ("#circle", "#note", "#boundary", "#moment"),
                                       ("Club 🧗", "we talked about fear of heights", "No calls after 7", "Declined the call")):
            editor = editor_for(app.journal.stored_of(entry.id).entry)
            app.push_screen(editor)
            await pilot.pause()
            shown = app.screen.query_one(field)
            assert (shown.text if isinstance(shown, TextArea) else shown.value) == words
            await pilot.press("escape")
            await pilot.pause()
        app.push_screen(editor_for(app.journal.stored_of(entries[1].id).entry))
        await pilot.pause()
        app.screen.query_one("#note", Input).value = "we talked about heights, and about fear"
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = read_toml(entry_files(locations, "contact")[0])
    assert saved["note"] == "we talked about heights, and about fear" and saved["id"] == entries[1].id
    assert saved["day"] == entries[1].day and saved["circle_id"] == entries[0].id


async def test_steps_and_held_moments_show_on_this_day_and_in_the_calendar(make_app, locations: Locations) -> None:
    from ritual_tui.screens.calendar import CalendarScreen
    from ritual_tui.screens.history import OnThisDayScreen

    club = circle("Club")
    store = Store(locations.data_dir)
    store.save(club)
    store.save(step_in(club, 7, "helped", "carried the ropes"))
    store.save(HeldEntry(day=DAY - timedelta(days=7), moment="Said no to overtime", **OLD))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, OnThisDayScreen)
        text = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "Step in a circle: Helped · Club: carried the ropes" in text and "Held boundary: Said no to overtime" in text
        await pilot.press("escape")
        await pilot.pause()
        app.push_screen(CalendarScreen(DAY - timedelta(days=7)))
        await pilot.pause()
        await until(pilot, lambda: "Step in a circle" in " ".join(str(w.render()) for w in app.screen.query("Static")))
        text = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "Step in a circle" in text and "Held boundary" in text


async def test_odd_text_in_a_circle_never_drives_the_terminal_and_is_kept_exactly(make_app, locations: Locations) -> None:
    name = "Club \x1b]0;title\x07 [bold]x[/] \u202e"
    Store(locations.data_dir).save(circle(name, people=[{"name": "A\x1b[2J", "knows_rejection": True}], gives="[red]warm[/red]"))
    app = make_app("circles")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        row = str(app.screen.query_one("#circles", OptionList).get_option_at_index(0).prompt)
        assert "\x1b" not in row and row.startswith("Club ␛]0;title␇ [bo…")
        about = str(app.screen.query_one("#circle-about").render())
        assert "\x1b" not in about and "[red]warm[/red]" in about and "A␛[2J ★" in about
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = read_toml(entry_files(locations, "circle")[0])
    assert saved["circle"] == name.strip() and saved["people"][0]["name"] == "A\x1b[2J"


async def test_a_circle_left_unsaved_is_kept_as_a_draft_and_offered_back(make_app, locations: Locations) -> None:
    from ritual_tui.screens.circle_forms import CircleEditor

    app = make_app("circles")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await type_text(pilot, "Book group")
        await pilot.press("escape")
        await pilot.pause()
        assert entry_files(locations, "circle") == []
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, CircleEditor)
        assert app.screen.query_one("#circle", Input).value == "Book group"


async def test_t_on_today_logs_a_step_through_a_picker_or_straight_away(make_app, locations: Locations) -> None:
    from ritual_tui.screens.circle_step import CirclePicker, ContactScreen
    from ritual_tui.screens.circles import CirclesScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("t")  # no circle yet: the circles screen, to add one
        await pilot.pause()
        assert isinstance(app.screen, CirclesScreen)
    club, family = circle("Club"), circle("Family")
    store = Store(locations.data_dir)
    store.save(club)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("t")  # one circle: straight to the form
        await pilot.pause()
        assert isinstance(app.screen, ContactScreen) and app.screen.circle.id == club.id
    store.save(family)
    store.save(step_in(family, 3))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, CirclePicker)
        assert [str(o.prompt) for o in app.screen.query_one(OptionList).options] == ["Family", "Club"]
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ContactScreen) and app.screen.circle.id == club.id
        await pilot.press("enter", "enter")  # showed up, today
        await type_text(pilot, "said hi")
        await pilot.press("enter")
        await pilot.pause()
    saved = [read_toml(p) for p in entry_files(locations, "contact")]
    assert any(d["circle_id"] == club.id and d["note"] == "said hi" and d["day"] == DAY for d in saved)


async def test_a_person_being_typed_in_the_dialog_is_in_the_draft(make_app, locations: Locations) -> None:
    """Quitting while the person dialog is open keeps the name typed there (it was lost)."""
    from ritual_tui.screens.circle_forms import CircleEditor, PersonDialog

    app = make_app("circles")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await type_text(pilot, "Book group")
        app.screen.query_one("#people").focus()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, PersonDialog)
        await type_text(pilot, "Anna thetaword")
        await pilot.pause()
        app.keeper.flush()
        drafts = [path.read_text("utf-8") for path in locations.drafts_dir.rglob("*.toml")]
        assert any("Anna thetaword" in text and "Book group" in text for text in drafts)
        await pilot.press("escape")  # the dialog cancelled: the person is no longer in the draft
        await pilot.pause()
        assert isinstance(app.screen, CircleEditor)
        app.keeper.flush()
        drafts = [path.read_text("utf-8") for path in locations.drafts_dir.rglob("*.toml")]
        assert not any("Anna thetaword" in text for text in drafts) and any("Book group" in text for text in drafts)
