"""A hard moment (issue 13): breathe, reframe, the anchor; the mission; patterns; the command line."""

from __future__ import annotations

import json
import os
import random
import signal
import sys
from collections import Counter
from datetime import date, timedelta

import pytest
from textual.widgets import ContentSwitcher, Input, SelectionList, TextArea

from ritual_tui.clock import add_months
from ritual_tui.models import GratitudeEntry, MissionEntry, ReframeEntry, StrengthsEntry, parse_entry, EntryError
from ritual_tui.paths import Locations
from ritual_tui.patterns import THINKING_TRAPS, patterns, recent_wins
from ritual_tui.screens.mission import AnchorScreen, MissionScreen
from ritual_tui.screens.reframe import ReframeScreen
from ritual_tui.screens.today import TodayScreen
from ritual_tui.store import Store
from ritual_tui.widgets.breathing import BreathingGuide, BreathPlan
from tests.conftest import DAY, FROZEN, entry_files, read_toml, run_cli

SIZE = (80, 24)
TRAPS = list(THINKING_TRAPS)


async def type_text(pilot, text: str) -> None:
    """Type like a user, one key at a time."""
    await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in text])


def write_config(locations: Locations, text: str) -> None:
    locations.config_file.parent.mkdir(parents=True, exist_ok=True)
    locations.config_file.write_text(text, "utf-8")


def reframe(day: date, traps: list[str], before: int | None = None, after: int | None = None, what: str = "it happened") -> ReframeEntry:
    return ReframeEntry(day=day, what_happened=what, traps=traps, intensity_before=before, intensity_after=after)


# -- the models ------------------------------------------------------------------------------------
def test_only_what_happened_is_required_and_traps_are_known_words() -> None:
    entry = parse_entry({"kind": "reframe", "day": DAY, "what_happened": "no reply to my message"})
    assert isinstance(entry, ReframeEntry) and entry.traps == [] and entry.intensity_before is None
    with pytest.raises(EntryError, match="what happened"):
        parse_entry({"kind": "reframe", "day": DAY, "what_happened": "  "})
    with pytest.raises(EntryError, match="unknown thinking trap"):
        parse_entry({"kind": "reframe", "day": DAY, "what_happened": "x", "traps": ["doom"]})
    with pytest.raises(EntryError, match="intensity_before"):
        parse_entry({"kind": "reframe", "day": DAY, "what_happened": "x", "intensity_before": 101})


def test_a_mission_holds_up_to_five_values() -> None:
    mission = MissionEntry(day=DAY, statement="Warmth first", values=["warmth", " ", "craft"])
    assert mission.values == ["warmth", "craft"] and mission.title() == "Warmth first"
    with pytest.raises(EntryError, match="5 values"):
        parse_entry({"kind": "mission", "day": DAY, "statement": "x", "values": list("abcdef")})


# -- patterns --------------------------------------------------------------------------------------
def month_name(month: date, first: date) -> str:
    """How the patterns name a month: with its year when the six months span two years."""
    return f"{month:%B}" if first.year == DAY.year else f"{month:%B %Y}"


def test_patterns_count_traps_by_month_and_the_average_drop() -> None:
    this_month = DAY.replace(day=1)
    two_ago = add_months(this_month, -2).replace(day=15)
    first = add_months(this_month, -5)
    entries = [
        reframe(DAY, ["catastrophising"], 80, 50),
        reframe(two_ago, ["catastrophising", "labelling"], 90, 40),
        reframe(two_ago, ["catastrophising"], 70),  # no "after": left out of the average
        reframe(first - timedelta(days=1), ["catastrophising"], 100, 0),  # seven months ago: not counted
        GratitudeEntry(day=DAY, items=["not a reframe"]),
    ]
    found = patterns(entries, DAY)
    assert found.reframes == 3
    assert found.traps == {"catastrophising": {two_ago.replace(day=1): 2, this_month: 1}, "labelling": {two_ago.replace(day=1): 1}}
    assert found.average_drop == pytest.approx(((80 - 50) + (90 - 40)) / 2)
    lines = found.lines()
    assert lines[0] == f"catastrophising: 2 in {month_name(two_ago, first)}, 1 in {month_name(this_month, first)}"
    assert lines[1] == f"labelling: 1 in {month_name(two_ago, first)}"
    assert lines[2].startswith("Intensity fell by 40 points on average, from 85 to 45")


def test_patterns_match_a_hand_count_over_a_generated_history() -> None:
    rng = random.Random(13)
    entries = []
    for _ in range(200):
        day = DAY - timedelta(days=rng.randrange(0, 300))
        picked = rng.sample(TRAPS, rng.randrange(0, 4))
        before = rng.choice([None, rng.randrange(0, 101)])
        after = rng.choice([None, rng.randrange(0, 101)])
        entries.append(reframe(day, picked, before, after))
    first = add_months(DAY.replace(day=1), -5)
    inside = [e for e in entries if first <= e.day <= DAY]
    expected = Counter((trap, e.day.year, e.day.month) for e in inside for trap in e.traps)
    found = patterns(entries, DAY)
    got = Counter({(trap, month.year, month.month): count for trap, months in found.traps.items() for month, count in months.items()})
    assert got == expected
    rated = [(e.intensity_before, e.intensity_after) for e in inside if e.intensity_before is not None and e.intensity_after is not None]
    assert found.average_drop == pytest.approx(sum(b - a for b, a in rated) / len(rated))
    assert found.reframes == len(inside)


def test_recent_wins_take_one_of_each_kind_newest_first() -> None:
    entries = [
        StrengthsEntry(day=DAY - timedelta(days=1), strength="Perseverance", where_it_showed="finished the draft"),
        GratitudeEntry(day=DAY - timedelta(days=2), items=["warm tea", "a call"]),
        GratitudeEntry(day=DAY - timedelta(days=3), items=["older"]),
    ]
    wins = recent_wins(entries)
    assert [w.line for w in wins] == ["Your perseverance showed: finished the draft", "Grateful for: warm tea", "Grateful for: older"]


def test_the_breath_plan_fills_holds_and_empties() -> None:
    plan = BreathPlan([4, 4, 6, 2], 60)
    assert plan.cycle == 16 and plan.rounds == 4 and plan.length == 64
    assert plan.at(0).words == "Breathe in" and plan.at(2).fullness == pytest.approx(0.5)
    assert plan.at(5).words == "Hold" and plan.at(5).fullness == 1.0 and plan.at(5).count == 2
    assert plan.at(11).words == "Breathe out" and plan.at(11).fullness == pytest.approx(0.5)
    assert plan.at(17).round == 2
    assert BreathPlan([4, 0, 4], 0).length == 0


# -- the app ---------------------------------------------------------------------------------------
async def test_r_breathes_then_enter_skips_and_ctrl_s_saves_and_shows_the_anchor(make_app, locations: Locations) -> None:
    store = Store(locations.data_dir)
    store.save(MissionEntry(day=DAY - timedelta(days=40), statement="An old mission", created=FROZEN - timedelta(days=40)))
    store.save(MissionEntry(day=DAY - timedelta(days=3), statement="Meet people with warmth", values=["warmth", "courage"], created=FROZEN - timedelta(days=3)))
    store.save(GratitudeEntry(day=DAY - timedelta(days=1), items=["a kind word from Ana"]))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReframeScreen)
        assert app.screen.query_one("#reframe-steps", ContentSwitcher).current == "breathe"
        assert isinstance(app.focused, BreathingGuide)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one("#reframe-steps", ContentSwitcher).current == "reframe-form"
        assert app.focused is app.screen.query_one("#what_happened", TextArea)
        await type_text(pilot, "no reply to my invitation")
        await pilot.press("tab")
        await type_text(pilot, "85")
        app.screen.query_one("#traps", SelectionList).select("mind-reading")
        app.screen.query_one("#intensity_after", Input).value = "40"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, AnchorScreen)
        anchor = str(app.screen.query_one("#anchor-mission").render())
        assert "Meet people with warmth" in anchor and "warmth · courage" in anchor and "old mission" not in anchor
        assert "a kind word from Ana" in str(app.screen.query_one("#anchor-wins").render())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
    [path] = entry_files(locations, "reframe")
    document = read_toml(path)
    assert document["what_happened"] == "no reply to my invitation" and document["day"] == DAY
    assert document["traps"] == ["mind-reading"]
    assert (document["intensity_before"], document["intensity_after"]) == (85, 40)
    assert "feedback" not in document


async def test_the_guide_runs_its_course_and_typing_is_never_lost(make_app, locations: Locations) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        guide = app.screen.query_one(BreathingGuide)
        guide.advance(guide.plan.length)  # the whole minute, as the timer would
        await pilot.pause()
        assert app.screen.query_one("#reframe-steps", ContentSwitcher).current == "reframe-form"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("r")  # again, and this time just start typing during the breath
        await pilot.pause()
        await type_text(pilot, "The meeting")
        await pilot.pause()
        assert app.screen.query_one("#what_happened", TextArea).text == "The meeting"


async def test_nothing_is_saved_without_what_happened_and_words_wait_as_a_draft(make_app, locations: Locations) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "enter")
        await pilot.pause()
        app.screen.query_one("#story", TextArea).focus()
        await type_text(pilot, "they think I am dull")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReframeScreen) and not entry_files(locations, "reframe")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("r", "enter")
        await pilot.pause()
        assert app.screen.query_one("#story", TextArea).text == "they think I am dull"


async def test_reduce_motion_draws_words_and_a_count_only(make_app, locations: Locations) -> None:
    write_config(locations, "[reframe]\nreduce_motion = true\nbreathing = [3, 0, 3]\nbreathing_seconds = 30\n")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        guide = app.screen.query_one(BreathingGuide)
        assert guide.text_only and guide.plan.rounds == 5
        drawn = str(guide.render())
        assert "Breathe in · 1" in drawn and "█" not in drawn and "▕" not in drawn


async def test_no_color_means_a_text_only_pace(make_app, monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert app.screen.query_one(BreathingGuide).text_only


async def test_under_no_color_ticked_choices_say_so_in_words(make_app, monkeypatch) -> None:
    from textual.widgets import RadioButton

    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "enter")
        await pilot.pause()
        traps = app.screen.query_one("#traps", SelectionList)
        traps.select("labelling")
        app.screen.query("#feedback RadioButton").results(RadioButton).__next__().value = True
        await pilot.pause()
        assert str(traps.get_option("labelling").prompt).startswith("✓ labelling")
        assert str(traps.get_option("catastrophising").prompt).startswith("  catastrophising")
        assert str(app.screen.query_one("#feedback RadioButton", RadioButton).label).startswith("✓ feedback meant for growth")


async def test_nothing_a_mission_or_the_config_holds_drives_the_terminal(make_app, locations: Locations) -> None:
    Store(locations.data_dir).save(MissionEntry(day=DAY, statement="calm\x1b]0;owned\x07 [b]not bold[/b]", values=["a\u202eb"]))
    write_config(locations, '[reframe]\nurgent_help = "call \\u001b[2J now"\nmission_on_today = true\n')
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "calm␛]0;owned␇ [b]not bold[/b]" in str(app.screen.query_one("#anchor-line").render())
        app.push_screen(AnchorScreen())
        await pilot.pause()
        mission = str(app.screen.query_one("#anchor-mission").render())
        assert "␛]0;owned␇" in mission and "[b]not bold[/b]" in mission and "a\ufffdb" in mission
        assert "call ␛[2J now" in str(app.screen.query_one(".urgent-help").render())


async def test_breathing_seconds_zero_goes_straight_to_writing(make_app, locations: Locations) -> None:
    write_config(locations, "[reframe]\nbreathing_seconds = 0\n")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert not app.screen.query(BreathingGuide)
        assert app.focused is app.screen.query_one("#what_happened", TextArea)


async def test_m_writes_revisions_and_the_newest_is_the_anchor(make_app, locations: Locations) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MissionScreen)
        await type_text(pilot, "Keep learning")
        await pilot.press("tab")
        await type_text(pilot, "curiosity")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("m")
        await pilot.pause()
        assert app.screen.query_one("#statement", TextArea).text == "Keep learning"
        await pilot.press("ctrl+s")  # nothing changed: no second revision
        await pilot.pause()
        assert len(entry_files(locations, "mission")) == 1
        await pilot.press("m")
        await pilot.pause()
        app.screen.query_one("#statement", TextArea).text = "Keep learning, with warmth"
        await pilot.press("ctrl+s")
        await pilot.pause()
    statements = sorted(read_toml(path)["statement"] for path in entry_files(locations, "mission"))
    assert statements == ["Keep learning", "Keep learning, with warmth"]
    assert read_toml(entry_files(locations, "mission")[0])["values"] in (["curiosity"],)


async def test_today_names_both_keys_and_can_show_the_mission(make_app, locations: Locations) -> None:
    Store(locations.data_dir).save(MissionEntry(day=DAY - timedelta(days=100), statement="Meet people with warmth"))
    write_config(locations, '[reframe]\nmission_on_today = true\n[keymap]\n"today.reframe" = "R"\n')
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        line = str(app.screen.query_one("#anchor-line").render())
        assert "Your anchor: Meet people with warmth" in line
        assert "R a hard moment" in line and "m your mission" in line
        assert all(state.kind not in {"reframe", "mission"} for state in app.journal.states())
        await pilot.press("R")
        await pilot.pause()
        assert isinstance(app.screen, ReframeScreen)


async def test_a_past_reframe_opens_from_the_browser_without_breathing(make_app, locations: Locations) -> None:
    from ritual_tui.rituals import editor_for

    entry = reframe(DAY - timedelta(days=2), ["labelling"], 60, 30, what="the call went quiet")
    Store(locations.data_dir).save(entry)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(editor_for(entry))
        await pilot.pause()
        assert app.screen.query_one("#reframe-steps", ContentSwitcher).current == "reframe-form"
        assert app.screen.query_one("#what_happened", TextArea).text == "the call went quiet"
        assert app.screen.query_one("#traps", SelectionList).selected == ["labelling"]
        assert "labelling: 1 in" in str(app.screen.query_one("#patterns").render())
        assert not app.screen.is_dirty()


# -- the command line ------------------------------------------------------------------------------
def seed(locations: Locations) -> tuple[ReframeEntry, MissionEntry]:
    store = Store(locations.data_dir)
    hard = reframe(DAY - timedelta(days=1), ["catastrophising", "mind-reading"], 80, 35, what="left out of lunch")
    hard = hard.model_copy(update={"feedback": "unclear", "to_a_friend": "one lunch is not a verdict"})
    store.save(hard)
    store.save(reframe(DAY, ["catastrophising"], 60, 50, what="a curt email"))
    mission = MissionEntry(day=DAY, statement="Meet people with warmth", values=["warmth", "courage"])
    store.save(mission)
    return hard, mission


def test_list_show_and_markdown_carry_the_patterns(locations: Locations) -> None:
    hard, mission = seed(locations)
    listed = run_cli("list", "--kind", "reframe")
    assert listed.returncode == 0
    assert f"reframe    {hard.id}  left out of lunch" in listed.stdout
    assert "Patterns over the last 6 months:" in listed.stdout
    assert f"  catastrophising: 2 in {DAY:%B}" in listed.stdout or f"catastrophising: 1 in {hard.day:%B}" in listed.stdout
    assert "Intensity fell by 28 points on average, from 70 to 42" in listed.stdout
    assert "Patterns" not in run_cli("list").stdout  # only with --kind reframe
    shown = run_cli("show", hard.id)
    assert shown.returncode == 0
    for words in ("What happened: left out of lunch", "- catastrophising", "- mind reading", "What it was: unclear",
                  "Intensity before: 80 / 100", "one lunch is not a verdict", "Patterns over the last 6 months"):
        assert words in shown.stdout
    assert "Values:" in run_cli("show", mission.id).stdout
    markdown = run_cli("export", "--format", "markdown").stdout
    assert "## Patterns over the last 6 months" in markdown and "**Thinking traps noticed:**" in markdown


def test_both_kinds_round_trip_through_export_and_import(locations: Locations, tmp_path) -> None:
    seed(locations)
    exported = run_cli("export", "--format", "json")
    assert exported.returncode == 0
    documents = {d["id"]: d for d in json.loads(exported.stdout)["entries"]}
    (tmp_path / "backup.json").write_text(exported.stdout, "utf-8")
    elsewhere = {"RITUAL_TUI_DATA_DIR": str(tmp_path / "elsewhere")}
    imported = run_cli("import", str(tmp_path / "backup.json"), env=elsewhere)
    assert imported.returncode == 0 and "Imported 3, skipped 0, failed 0." in imported.stdout
    again = json.loads(run_cli("export", "--format", "json", env=elsewhere).stdout)["entries"]
    assert {d["id"]: d for d in again} == documents
    assert {d["kind"] for d in again} == {"reframe", "mission"}
    assert run_cli("doctor", env=elsewhere).returncode == 0


def test_neither_kind_is_ever_due(locations: Locations) -> None:
    seed(locations)
    due = run_cli("due")
    assert "reframe" not in due.stdout.lower() and "mission" not in due.stdout.lower() and "hard moment" not in due.stdout.lower()


# -- a real terminal ----------------------------------------------------------------------------------
@pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")
def test_the_app_answers_keys_while_the_guide_breathes(locations: Locations) -> None:
    from tests.test_pty import Terminal

    terminal = Terminal(["-m", "ritual_tui", "reframe"], cols=80, rows=24)
    try:
        terminal.wait_for(b"enter to start writing")
        terminal.pump(1.0)  # the bar moves...
        terminal.type("Ana did not answer")  # ...and the first key goes straight into the form
        terminal.wait_for(b"Ana did not answer")  # within 15 s, long before the guide's 60 s end
        terminal.wait_for(b"What happened?")
        os.write(terminal.fd, b"\x13")  # ctrl+s
        terminal.wait_for(b"Your anchor")
        os.write(terminal.fd, b"\x11")  # ctrl+q
        assert terminal.wait_exit() == 0
    finally:
        if terminal.status is None:
            os.kill(terminal.pid, signal.SIGKILL)
            terminal.wait_exit()
        terminal.close()
    [path] = entry_files(locations, "reframe")
    assert read_toml(path)["what_happened"] == "Ana did not answer"


async def test_m_on_the_anchor_writes_the_first_mission_and_the_anchor_shows_it(make_app, locations: Locations) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        await type_text(pilot, "x")  # typing skips the breath
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, AnchorScreen)
        assert "not written a mission statement yet" in str(app.screen.query_one("#anchor-mission").render())
        await pilot.press("m")
        await pilot.pause()
        await type_text(pilot, "Stay curious")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, AnchorScreen)
        assert "Stay curious" in str(app.screen.query_one("#anchor-mission").render())
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
    assert [read_toml(p)["what_happened"] for p in entry_files(locations, "reframe")] == ["x"]


def test_list_counts_a_generated_history_as_a_hand_count_does(locations: Locations) -> None:
    import re

    from ritual_tui.patterns import trap_name

    rng = random.Random(2026)
    store = Store(locations.data_dir)
    written = []
    for _ in range(40):
        entry = reframe(DAY - timedelta(days=rng.randrange(0, 240)), rng.sample(TRAPS, rng.randrange(0, 3)))
        store.save(entry)
        written.append(entry)
    first = add_months(DAY.replace(day=1), -5)
    expected = Counter(
        (trap_name(trap), month_name(e.day.replace(day=1), first)) for e in written if first <= e.day <= DAY for trap in e.traps
    )
    listed = run_cli("list", "--kind", "reframe")
    assert listed.returncode == 0
    shown: Counter = Counter()
    for line in listed.stdout.split("Patterns over the last 6 months:\n")[1].splitlines():
        name, _, counts = line.strip().partition(": ")
        if name.startswith("Intensity") or name.startswith("No thinking traps"):
            continue
        for count, month in re.findall(r"(\d+) in ([A-Z][a-z]+(?: \d{4})?)", counts):
            shown[(name, month)] += int(count)
    assert shown == expected


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_the_reframe_forms_notice_is_seen(make_app, locations: Locations, size) -> None:
    """A refused save says why on a line the user can see (it once had no height under the form)."""
    from ritual_tui.widgets.notice import FormNotice

    app = make_app("reframe")
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter")  # past the breathing
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        notice = app.screen.query_one(FormNotice)
        assert notice.display and notice.region.height >= 1 and notice.region.y < size[1] - 1
        assert "Not saved yet" in str(notice.render())
