"""Drafts that can be trusted: they know the file they came from, and "kept" means on a disk.

RELIABILITY.md rules 11 and 12. Tests run as root, so a read-only folder is simulated by
injecting OSError(EROFS/ENOSPC) into the draft writer, or by making the data folder a file.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from textual.widgets import TextArea

from ritual_tui.clock import iso_week
from ritual_tui.models import GratitudeEntry, LetterEntry, StrengthsEntry
from ritual_tui.paths import Locations
from ritual_tui.screens.base import RitualScreen
from ritual_tui.screens.gratitude import GratitudeScreen
from ritual_tui.screens.today import TodayScreen
from ritual_tui.screens.unsaved import QuitUnsavedScreen
from ritual_tui.store import Store, drafts
from ritual_tui.widgets import FormNotice, LineArea
from tests.conftest import DAY, entry_files, read_toml, until

SIZE = (100, 30)
PAST_THE_DEBOUNCE = 2.5
"""Seconds: longer than the keeper's longest wait before writing (MAX_DELAY_SECONDS). Only where
nothing must be written; a test that expects a write waits for it (`until`), as a busy machine
may take longer."""


async def type_text(pilot, text: str) -> None:
    """Type like a user, one key at a time."""
    await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in text])


def draft_files(locations: Locations) -> list[Path]:
    """Every draft file, in the data folder and in the spare (state) folder."""
    found: list[Path] = []
    for folder in (locations.drafts_dir, locations.spare_drafts_dir):
        if folder.is_dir():
            found += sorted(folder.glob("*.toml"))
    return found


def messages(app) -> list[str]:
    """The notifications shown so far, and the form's notice line."""
    return [n.message for n in app._notifications] + [n.message for n in app.screen.query(FormNotice) if n.message]


def fail_with(code: int):
    """A writer that always fails like a full or read-only disk."""

    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    return fail


# -- rule 11: a draft knows where it came from -----------------------------------------------------


def existing_entries(store: Store) -> None:
    """Today's gratitude, strengths and this week's letter, written before the app starts."""
    store.save(GratitudeEntry(day=DAY, items=["the first light", "warm bread"]))
    store.save(StrengthsEntry(day=DAY, strength="Hope", use_today="plan the walk"))
    store.save(LetterEntry(day=DAY, week=iso_week(DAY), body="Dear me, a calm week."))


@pytest.mark.parametrize("kind", ["gratitude", "strengths", "letter"])
async def test_opening_an_entry_without_typing_writes_no_draft(make_app, locations: Locations, kind: str) -> None:
    existing_entries(Store(locations.data_dir))
    before = {p: p.read_bytes() for p in entry_files(locations, kind)}
    app = make_app(kind)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, RitualScreen) and app.screen.editing is not None
        await pilot.pause(PAST_THE_DEBOUNCE)
        assert draft_files(locations) == []
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert draft_files(locations) == []
    assert not any("draft" in line for line in app.exit_lines)
    assert {p: p.read_bytes() for p in entry_files(locations, kind)} == before


@pytest.mark.parametrize("outcome", ["done", "partly-done", "used-exit"])
async def test_opening_a_reflection_from_the_browser_without_typing_writes_no_draft(
    make_app, locations: Locations, outcome: str
) -> None:
    from ritual_tui.models import ExposureEntry
    from ritual_tui.screens.reflect import ReflectScreen

    Store(locations.data_dir).save(ExposureEntry(day=DAY, step="x", small_step="say hi", outcome=outcome, discomfort_peak=40))
    app = make_app("browse")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReflectScreen) and app.screen._outcome() == outcome
        await pilot.pause(PAST_THE_DEBOUNCE)
        await pilot.press("escape")
        await pilot.pause(PAST_THE_DEBOUNCE)
        assert draft_files(locations) == []


def test_the_keeper_writes_once_typing_pauses_and_at_the_latest_soon_after_the_first_change(tmp_path: Path) -> None:
    """The debounce on its own clock (the app's tests wait for the file instead: a busy machine
    may run the keeper's tick late)."""
    from ritual_tui.drafting import MAX_DELAY_SECONDS, QUIET_SECONDS, DraftKeeper

    now = [0.0]
    store = drafts.DraftStore(tmp_path / "drafts")
    keeper = DraftKeeper(store, clock=lambda: now[0])
    keeper.update("gratitude", {"items": ["a pause"]})
    now[0] = QUIET_SECONDS - 0.05
    keeper.tick()
    assert store.read("gratitude") is None
    now[0] = QUIET_SECONDS + 0.01
    keeper.tick()
    assert store.read("gratitude").fields == {"items": ["a pause"]}
    started, typed = now[0], ""
    for step in range(int(MAX_DELAY_SECONDS / (QUIET_SECONDS / 2))):  # typing that never pauses long enough
        now[0] = started + step * QUIET_SECONDS / 2
        typed += "w"
        keeper.update("gratitude", {"items": [typed]})
        keeper.tick()
    now[0] = started + MAX_DELAY_SECONDS - 0.05
    keeper.tick()
    assert store.read("gratitude").fields == {"items": ["a pause"]} and keeper.pending
    now[0] = started + MAX_DELAY_SECONDS + 0.01
    keeper.tick()
    assert store.read("gratitude").fields == {"items": [typed]} and not keeper.pending


async def test_typing_into_a_filled_field_adds_to_its_words(make_app, locations: Locations) -> None:
    Store(locations.data_dir).save(GratitudeEntry(day=DAY, items=["the first light", "warm bread"]))
    app = make_app("gratitude")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("Q")
        await pilot.press("tab", "W")
        await pilot.press("shift+tab", "V")
        await pilot.pause()
        values = [field.text for field in app.screen.query("LineArea")][:2]
    assert values == ["the first lightQV", "warm breadW"]  # focus never selects an answer for the next key to replace


async def test_typing_then_undoing_it_leaves_no_draft(make_app, locations: Locations) -> None:
    Store(locations.data_dir).save(GratitudeEntry(day=DAY, items=["the first light"]))
    app = make_app("gratitude")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("end", "x")
        await until(pilot, lambda: draft_files(locations))
        assert len(draft_files(locations)) == 1
        await pilot.press("backspace")
        await until(pilot, lambda: not draft_files(locations))
        assert draft_files(locations) == []


async def test_a_draft_records_the_version_of_its_file_and_comes_back_when_it_still_matches(
    make_app, locations: Locations
) -> None:
    saved = Store(locations.data_dir).save(GratitudeEntry(day=DAY, items=["the first light"]))
    app = make_app("gratitude")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("end")
        await type_text(pilot, " and tea")
        await pilot.press("ctrl+q")
        await pilot.pause()
    [draft] = draft_files(locations)
    assert read_toml(draft)["made_from"] == drafts.file_version(saved.path)
    app = make_app("gratitude")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#item-0", LineArea).text == "the first light and tea"
        assert any("are back" in m for m in messages(app))
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert read_toml(saved.path)["items"] == ["the first light and tea"]
    assert draft_files(locations) == []
    assert len(entry_files(locations, "gratitude")) == 1


async def test_a_stale_draft_never_overwrites_a_hand_edit(make_app, locations: Locations) -> None:
    saved = Store(locations.data_dir).save(GratitudeEntry(day=DAY, items=["the first light"]))
    app = make_app("gratitude")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("end")
        await type_text(pilot, " and the draft words")
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert len(draft_files(locations)) == 1
    # edited by hand (or by sync) in place, after the draft was made
    saved.path.write_bytes(saved.path.read_bytes().replace(b"the first light", b"a hand edit"))
    app = make_app("gratitude")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#item-0", LineArea).text == "a hand edit"
        [told] = [m for m in messages(app) if "changed on disk" in m]
        assert "\n" not in told and "kept as it is" in told
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert read_toml(saved.path)["items"] == ["a hand edit"]
    [copy] = [p for p in entry_files(locations, "gratitude") if ".ritual-conflict-" in p.name]
    assert copy.parent == saved.path.parent
    assert read_toml(copy)["items"] == ["the first light and the draft words"]
    assert read_toml(copy)["id"] == read_toml(saved.path)["id"]
    assert draft_files(locations) == []


async def test_an_old_draft_without_a_version_is_kept_beside_never_over(make_app, locations: Locations) -> None:
    saved = Store(locations.data_dir).save(GratitudeEntry(day=DAY, items=["the first light"]))
    entry_id = read_toml(saved.path)["id"]
    locations.drafts_dir.mkdir(parents=True)
    old_style = locations.drafts_dir / f"gratitude-{entry_id}.toml"
    old_style.write_text(
        f'slot = "gratitude-{entry_id}"\nsaved = 2026-01-01T08:00:00+01:00\n[fields]\nitems = ["words of unknown age"]\n'
    )
    app = make_app("gratitude")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#item-0", LineArea).text == "the first light"
    assert read_toml(saved.path)["items"] == ["the first light"]
    [copy] = [p for p in entry_files(locations, "gratitude") if ".ritual-conflict-" in p.name]
    assert read_toml(copy)["items"] == ["words of unknown age"]
    assert not old_style.exists()


async def test_a_draft_identical_to_the_entry_is_dropped_quietly(make_app, locations: Locations) -> None:
    saved = Store(locations.data_dir).save(GratitudeEntry(day=DAY, items=["the first light"]))
    entry_id = read_toml(saved.path)["id"]
    drafts.DraftStore(locations.drafts_dir).write(f"gratitude-{entry_id}", {"items": ["the first light"]}, "some other version")
    app = make_app("gratitude")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not any("draft" in m.lower() for m in messages(app))
    assert draft_files(locations) == []
    assert len(entry_files(locations, "gratitude")) == 1


async def test_a_stale_draft_that_cannot_be_copied_is_shown_and_saved_beside(make_app, locations: Locations, monkeypatch) -> None:
    saved = Store(locations.data_dir).save(GratitudeEntry(day=DAY, items=["the first light"]))
    app = make_app("gratitude")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("end")
        await type_text(pilot, " plus")
        await pilot.press("ctrl+q")
        await pilot.pause()
    saved.path.write_bytes(saved.path.read_bytes().replace(b"the first light", b"a hand edit"))
    from ritual_tui.store import store as store_module

    real_write = store_module.atomic_write
    monkeypatch.setattr(store_module, "atomic_write", fail_with(errno.ENOSPC))
    app = make_app("gratitude")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#item-0", LineArea).text == "the first light plus"
        assert any("ctrl+s keeps both" in m for m in messages(app))
        monkeypatch.setattr(store_module, "atomic_write", real_write)
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert read_toml(saved.path)["items"] == ["a hand edit"]
    [copy] = [p for p in entry_files(locations, "gratitude") if ".ritual-conflict-" in p.name]
    assert read_toml(copy)["items"] == ["the first light plus"]


# -- rule 12: "kept" means on disk ------------------------------------------------------------------


def refuse_the_data_folder(monkeypatch, locations: Locations, code: int = errno.EROFS) -> None:
    """Draft writes into the data folder fail like a read-only disk; the state folder works."""
    real = drafts.atomic_write

    def write(target: Path, data: bytes) -> None:
        if target.is_relative_to(locations.data_dir):
            raise OSError(code, os.strerror(code))
        real(target, data)

    monkeypatch.setattr(drafts, "atomic_write", write)


@pytest.mark.parametrize("broken", ["read-only", "not a folder"])
async def test_a_draft_the_data_folder_cannot_take_goes_to_the_state_folder(
    make_app, locations: Locations, monkeypatch, broken: str
) -> None:
    if broken == "read-only":
        refuse_the_data_folder(monkeypatch, locations)
    else:
        locations.data_dir.write_bytes(b"")  # the data folder path is a regular file
    app = make_app("gratitude")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_text(pilot, "kept somewhere real")
        await until(pilot, lambda: draft_files(locations) and any("cannot take drafts" in m for m in messages(app)))
        [draft] = draft_files(locations)
        assert draft.parent == locations.spare_drafts_dir
        assert locations.spare_drafts_dir.is_relative_to(locations.state_dir)
        elsewhere = [m for m in messages(app) if "cannot take drafts" in m]
        assert len(elsewhere) == 1 and not any("NOT saved" in m for m in messages(app))
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code in (None, 0)
    assert any("kept as a draft" in line for line in app.exit_lines)
    assert "kept somewhere real" in draft.read_text("utf-8")
    monkeypatch.undo()
    app = make_app("gratitude")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#item-0", LineArea).text == "kept somewhere real"
        assert any("are back" in m for m in messages(app))


async def test_the_newer_of_two_drafts_wins_and_a_home_write_removes_the_spare(make_app, locations: Locations, monkeypatch) -> None:
    refuse_the_data_folder(monkeypatch, locations, errno.ENOSPC)
    store = drafts.DraftStore(locations.drafts_dir, locations.spare_drafts_dir)
    locations.drafts_dir.mkdir(parents=True)
    (locations.drafts_dir / "gratitude.toml").write_text(
        'slot = "gratitude"\nsaved = 2020-01-01T08:00:00+01:00\nmade_from = "new"\n[fields]\nitems = ["older words"]\n'
    )
    assert store.write("gratitude", {"items": ["newer words"]}).parent == locations.spare_drafts_dir
    assert store.read("gratitude").fields == {"items": ["newer words"]}
    monkeypatch.undo()
    assert store.write("gratitude", {"items": ["newest words"]}).parent == locations.drafts_dir
    assert not (locations.spare_drafts_dir / "gratitude.toml").exists()
    assert store.read("gratitude").fields == {"items": ["newest words"]}
    assert store.discard("gratitude") and draft_files(locations) == []


async def test_nothing_writable_says_not_saved_once_and_quitting_needs_a_second_yes(
    make_app, locations: Locations, monkeypatch
) -> None:
    from ritual_tui.store import store as store_module

    monkeypatch.setattr(drafts, "atomic_write", fail_with(errno.ENOSPC))
    app = make_app("gratitude")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_text(pilot, "words with nowhere to go")
        await pilot.pause(PAST_THE_DEBOUNCE + 1.5)  # several failed tries
        await until(pilot, lambda: any("NOT saved" in n.message for n in app._notifications))
        not_saved = [n for n in app._notifications if "NOT saved" in n.message]
        assert len(not_saved) == 1 and not_saved[0].timeout >= 3600
        assert "kept" not in not_saved[0].message.replace("keeps trying", "")
        # ctrl+s fails too, and says the truth: the words are on screen only
        monkeypatch.setattr(store_module, "atomic_write", fail_with(errno.ENOSPC))
        await pilot.press("ctrl+s")
        await pilot.pause()
        [failed] = [n.message for n in app.screen.query(FormNotice) if n.title == "Save failed"]
        assert "ON SCREEN ONLY" in failed and "kept as a draft" not in failed
        # escape does not hide the words
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, GratitudeScreen)
        # ctrl+q asks; n, escape and enter all stay
        for answer in ("n", "escape", "enter"):
            await pilot.press("ctrl+q")
            await pilot.pause()
            assert isinstance(app.screen, QuitUnsavedScreen)
            await pilot.press("ctrl+q")  # asking again is not an answer
            await pilot.pause()
            assert isinstance(app.screen, QuitUnsavedScreen)
            await pilot.press(answer)
            await pilot.pause()
            assert isinstance(app.screen, GratitudeScreen) and app.is_running
            assert app.screen.query_one("#item-0", LineArea).text == "words with nowhere to go"
        # the palette's Quit asks too
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "Quit")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuitUnsavedScreen)
        await pilot.press("y")
        await pilot.pause()
    assert app.return_code == 1
    assert any("could NOT be saved" in line for line in app.exit_lines)
    assert not any("kept as a draft" in line for line in app.exit_lines)
    assert draft_files(locations) == [] and entry_files(locations, "gratitude") == []


async def test_q_on_today_asks_when_words_left_a_screen_unsaved(make_app, locations: Locations, monkeypatch) -> None:
    monkeypatch.setattr(drafts, "atomic_write", fail_with(errno.EROFS))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.keeper.update("gratitude", {"items": ["held in memory"]})
        app.keeper.flush()
        assert app.keeper.stranded
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, QuitUnsavedScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen) and app.is_running
        # reopening the ritual shows the words the keeper still holds
        await pilot.press("g")
        await pilot.pause()
        assert app.screen.query_one("#item-0", LineArea).text == "held in memory"


async def test_room_again_writes_the_draft_and_retires_the_notice(make_app, locations: Locations, monkeypatch) -> None:
    monkeypatch.setattr(drafts, "atomic_write", fail_with(errno.ENOSPC))
    app = make_app("letter")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.query_one("#body", TextArea).focus()
        await type_text(pilot, "Dear me")
        await until(pilot, lambda: any("NOT saved" in m for m in messages(app)))
        assert sum("NOT saved" in m for m in messages(app)) == 1
        monkeypatch.undo()
        await until(pilot, lambda: draft_files(locations) and any("on disk again" in m for m in messages(app)))
        assert not any("NOT saved" in m for m in messages(app))
        assert any("on disk again" in m for m in messages(app))
        assert not app.keeper.stranded
        [draft] = draft_files(locations)
        assert "Dear me" in draft.read_text("utf-8")
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code in (None, 0)
