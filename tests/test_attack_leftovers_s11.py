"""What session 11's attack found and left: each test failed before its fix."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
from textual.widgets import Input

from ritual_tui.paths import Locations
from tests.conftest import read_toml, run_cli
from tests.test_pty import draft_text, start


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")
@pytest.mark.parametrize("signum", [signal.SIGQUIT, signal.SIGUSR1, signal.SIGUSR2, signal.SIGALRM, signal.SIGVTALRM, signal.SIGPROF,
                                    signal.SIGXCPU, signal.SIGIO], ids=lambda s: s.name)
def test_every_signal_that_ends_the_app_keeps_the_words_and_gives_the_terminal_back(locations: Locations, signum: int) -> None:
    # Before: each ended the app at once (its default action), no draft written, the terminal left raw.
    terminal = start(locations, "gratitude")
    terminal.type("the kettle singing")
    terminal.wait_for(b"the kettle singing")  # the app has read them; the draft keeper has not (its debounce is 2 s)
    os.kill(terminal.pid, signum)
    assert terminal.wait_exit() == 128 + signum
    terminal.pump(0.2)
    terminal.close()
    tail = terminal.output.rsplit(b"\x1b[?1049h", 1)[-1]
    assert b"\x1b[?1049l" in tail and b"\x1b[?25h" in tail and b"\x1b[?1000l" in tail
    assert f"stopped by {signal.Signals(signum).name}; unsaved words were kept as a draft.".encode() in terminal.output
    assert "the kettle singing" in draft_text(locations)


async def test_the_ladder_step_dialog_keeps_a_typed_name_on_quit(locations: Locations, make_app) -> None:
    # Before: ctrl+q in the step dialog quit at once and the name typed there was gone without a word.
    from ritual_tui.screens.step_editor import StepEditor

    app = make_app("exposure")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, StepEditor)
        await pilot.press(*"say hello to a neighbour")
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert read_toml(locations.drafts_dir / "ladder-step.toml")["fields"]["name"] == "say hello to a neighbour"
    assert any("kept as a draft" in line for line in app.exit_lines)
    app = make_app("exposure")
    async with app.run_test(size=(80, 24)) as pilot:  # offered back when the dialog opens again
        await pilot.press("a")
        await pilot.pause()
        assert app.screen.query_one("#step-name", Input).value == "say hello to a neighbour"
        await pilot.press("ctrl+s")  # added: the draft has done its work
        await pilot.pause()
        assert [step.name for step in app.journal.ladder()] == ["say hello to a neighbour"]
        assert not (locations.drafts_dir / "ladder-step.toml").exists()
        await pilot.press("c")  # a rename typed, then cancelled: the words were not wanted, no draft
        await pilot.pause()
        await pilot.press("end", *" twice")
        await pilot.press("escape")
        await pilot.pause()
        assert app.keeper.latest(f"ladder-step-{app.journal.ladder()[0].id}") is None
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert list(locations.drafts_dir.glob("*.toml")) == []


def test_import_reads_at_most_its_limit_and_says_so(locations: Locations) -> None:
    # Before: `ritual import /dev/zero` (or an endless pipe) read for ever, filling memory.
    done = run_cli("import", "/dev/zero")
    assert done.returncode == 1
    assert done.stderr == "ritual: /dev/zero cannot be imported: it is larger than 512 MiB, the most import reads.\n"
    endless = subprocess.Popen([sys.executable, "-c", "import os\nwhile True: os.write(1, b'[' * 65536)"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        piped = subprocess.run([sys.executable, "-m", "ritual_tui", "import", "-"], stdin=endless.stdout,
                               capture_output=True, text=True, timeout=60)
    finally:
        endless.kill()
        endless.wait()
        endless.stdout.close()
    assert piped.returncode == 1
    assert piped.stderr == "ritual: - cannot be imported: it is larger than 512 MiB, the most import reads.\n"
    assert not locations.data_dir.exists() or not any((locations.data_dir / "entries").glob("**/*.toml"))
    assert "at most 512 MiB (a Day One export 2 GiB)" in " ".join(run_cli("import", "--help").stdout.split())


@pytest.mark.parametrize("where", ["--data-dir", "RITUAL_TUI_DATA_DIR", "RITUAL_TUI_CONFIG_DIR", "--output"])
def test_a_home_of_no_user_is_one_clear_line(locations: Locations, where: str) -> None:
    # Before: "ritual: an unexpected error (RuntimeError at pathlib.py:1385)" (pathlib cannot expand ~nosuchuser).
    path = "~nosuchuser-b11/x"
    if where == "--data-dir":
        done = run_cli("--data-dir", path, "list")
    elif where == "--output":
        done = run_cli("export", "--output", path)
    else:
        done = run_cli("list", env={where: path})
    assert done.returncode == 2
    assert done.stderr == f"ritual: {where} {path}: ~nosuchuser-b11 cannot be expanded: there is no user named nosuchuser-b11 here.\n"


def test_doctor_lists_waiting_drafts_and_says_how_to_get_each_back(locations: Locations) -> None:
    # Before: drafts no form could offer back (their entry gone, their step archived, a sync tool's copy) sat
    # on disk and nothing said so.
    import shutil

    from ritual_tui.models.exposure import LadderStep
    from ritual_tui.paths import ensure_private_dir
    from ritual_tui.store import Store
    from ritual_tui.store.drafts import DraftStore
    from tests.conftest import DAY

    ensure_private_dir(locations.data_dir)
    kept = LadderStep(day=DAY, name="say hello", difficulty=30, position=0)
    archived = LadderStep(day=DAY, name="ask the time", difficulty=40, position=1, archived=True)
    for step in (kept, archived):
        Store(locations.data_dir).save(step)
    drafts = DraftStore(locations.drafts_dir, locations.spare_drafts_dir)
    drafts.write("gratitude", {"items": ["private words"]})
    drafts.write(f"plan-{kept.id}", {"situation": "private words"})
    drafts.write(f"plan-{archived.id}", {"situation": "private words"})
    drafts.write("note-nosuchid01", {"title": "private words"})
    mission = drafts.write("mission", {"values": ["private words"]})
    shutil.copy(mission, mission.with_name("mission.sync-conflict-20261120-101010-ABCDEFG.toml"))
    done = run_cli("doctor")
    assert "private words" not in done.stdout + done.stderr
    lines = {line.split(": ", 2)[1].rsplit("/", 1)[-1]: line for line in done.stdout.splitlines() if "/drafts/" in line}
    assert lines["gratitude.toml"].startswith("note: ") and lines["gratitude.toml"].endswith(": `ritual gratitude` offers it back")
    assert "(saved " in lines["gratitude.toml"]
    assert lines[f"plan-{kept.id}.toml"].endswith("`ritual exposure`, then p on its step offers it back")
    assert lines[f"plan-{archived.id}.toml"].startswith("note: ")
    assert "for an archived step: restore the step in `ritual exposure`" in lines[f"plan-{archived.id}.toml"]
    assert lines["note-nosuchid01.toml"].startswith("problem: ") and "no form can offer it back" in lines["note-nosuchid01.toml"]
    conflict = lines["mission.sync-conflict-20261120-101010-ABCDEFG.toml"]
    assert conflict.startswith("problem: ") and "a copy of the mission draft made by a sync tool" in conflict
    assert lines["mission.toml"].startswith("note: ")
    assert done.returncode == 1  # the two no form can offer back


def test_doctor_says_a_draft_of_a_change_is_got_back_from_the_browser(locations: Locations) -> None:
    from ritual_tui.models import parse_entry
    from ritual_tui.paths import ensure_private_dir
    from ritual_tui.store import Store
    from ritual_tui.store.drafts import DraftStore
    from tests.conftest import DAY

    ensure_private_dir(locations.data_dir)
    note = parse_entry({"kind": "note", "day": DAY, "title": "heron", "body": "by the river"})
    Store(locations.data_dir).save(note)
    DraftStore(locations.drafts_dir).write(f"note-{note.id}", {"title": "heron", "body": "private words"})
    done = run_cli("doctor")
    assert done.returncode == 0, done.stdout
    line = next(line for line in done.stdout.splitlines() if "/drafts/" in line)
    assert line.startswith("note: ") and "private words" not in done.stdout
    assert f": a draft of a change to the note entry of {DAY} (saved " in line
    assert line.endswith("): open that entry in `ritual browse` to get it back")


async def test_a_step_that_could_not_be_saved_keeps_its_name_as_a_draft(locations: Locations, make_app,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # Before: the dialog dropped its words as it closed, so a failed save ("The step was not saved: ...") lost them.
    import errno

    app = make_app("exposure")
    async with app.run_test(size=(80, 24)) as pilot:
        saving = app.journal.save

        def disk_full(entry, *args, **kwargs):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(app.journal, "save", disk_full)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"wave at the bus driver")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert any("The step was not saved: No space left on device." in n.message for n in app._notifications)
        monkeypatch.setattr(app.journal, "save", saving)
        await pilot.press("a")  # the disk has room again: the dialog opens with the words
        await pilot.pause()
        assert app.screen.query_one("#step-name", Input).value == "wave at the bus driver"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [step.name for step in app.journal.ladder()] == ["wave at the bus driver"]
        app.flush_drafts()
    assert not (locations.drafts_dir / "ladder-step.toml").exists()
