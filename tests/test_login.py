"""The login ritual: autostart files, `ritual due --login`, snooze, rest days, day boundaries and time zones."""

from __future__ import annotations

import os
import plistlib
import shutil
import signal
import subprocess
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from ritual_tui import autostart
from ritual_tui.due import due_today, login_greeting_due, snooze
from ritual_tui.models import ExposureEntry, GratitudeEntry, LetterEntry, StrengthsEntry
from ritual_tui.paths import Locations
from ritual_tui.quick_settings import QuickSettings
from ritual_tui.store import Store
from tests.conftest import FROZEN, PATIENCE, run_cli
from tests.test_pty import Terminal


@pytest.fixture
def home(locations: Locations) -> Path:
    return Path(os.environ["HOME"])


@pytest.mark.parametrize("start", [None, "", "export A=1", "export A=1\n", "# mine\r\nalias x=y\n\n"])
def test_shell_block_installs_once_and_removes_byte_identically(home: Path, monkeypatch, start: str | None) -> None:
    monkeypatch.setenv("SHELL", "/bin/bash")
    profile = home / ".bash_profile"
    if start is not None:
        profile.write_bytes(start.encode())
    assert run_cli("autostart", "install", "--method", "shell").returncode == 0
    once = profile.read_text()
    assert run_cli("autostart", "install").stdout.startswith("already installed")
    assert profile.read_text() == once and once.count(autostart.BEGIN) == 1
    assert "shell    installed in" in run_cli("autostart", "status").stdout
    assert run_cli("autostart", "remove").returncode == 0
    if start is None:
        assert not profile.exists()
    else:
        assert profile.read_bytes() == start.encode()


@pytest.mark.parametrize(("shell", "path"), [("zsh", ".zprofile"), ("fish", ".config/fish/conf.d/ritual-tui.fish")])
def test_zsh_and_fish_blocks(home: Path, monkeypatch, shell: str, path: str) -> None:
    monkeypatch.setenv("SHELL", f"/usr/bin/{shell}")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    run_cli("autostart", "install")
    text = (home / path).read_text()
    assert "due --login -q" in text and ("status is-login" in text if shell == "fish" else "-o interactive" in text)
    run_cli("autostart", "remove")
    assert not (home / path).exists()


def test_xdg_entry_validates_and_others_are_well_formed(home: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    for method in ("xdg", "systemd", "launchd"):
        assert run_cli("autostart", "install", "--method", method, "--terminal", "xterm -e").returncode == 0
    desktop = home / ".config" / "autostart" / "ritual-tui.desktop"
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(desktop)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
    assert "Exec=sh -c" in desktop.read_text()
    unit = (home / ".config" / "systemd" / "user" / "ritual-tui.service").read_text()
    assert "WantedBy=graphical-session.target" in unit and "due --login -q" in unit
    plist = plistlib.loads((home / "Library" / "LaunchAgents" / "org.ritual-tui.login.plist").read_bytes())
    assert plist["RunAtLoad"] and plist["ProgramArguments"][:2] == ["/bin/sh", "-c"]
    for method in ("xdg", "systemd", "launchd"):
        assert run_cli("autostart", "remove", "--method", method).stdout.startswith("removed")
    assert not desktop.exists()


def test_a_file_ritual_did_not_write_is_left_alone(home: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    desktop = home / ".config" / "autostart" / "ritual-tui.desktop"
    desktop.parent.mkdir(parents=True)
    desktop.write_text("[Desktop Entry]\nName=mine\n")
    result = run_cli("autostart", "install", "--method", "xdg")
    assert result.returncode == 1 and "not written by ritual" in result.stderr
    assert desktop.read_text() == "[Desktop Entry]\nName=mine\n"


PROMPT = b"$ "
"""The prompt the tests' .bash_profile sets: drawn once the login start file has run."""


def login_shell(home: Path) -> bytes:
    """Start `bash -l -i` on a pty, wait until its start file has run (ritual drawn, or the
    prompt), close ritual if it opened, and return what was drawn."""
    terminal = Terminal(["-c", "import os; os.execvp('bash', ['bash', '-l', '-i'])"])
    end = time.monotonic() + PATIENCE
    while b"Morning strengths" not in terminal.output and PROMPT not in terminal.output and time.monotonic() < end:
        terminal.pump(0.1)
    if b"Morning strengths" in terminal.output:
        os.write(terminal.fd, b"q")
        end = time.monotonic() + PATIENCE
        while PROMPT not in terminal.output.rsplit(b"\x1b[?1049l", 1)[-1] and time.monotonic() < end:
            terminal.pump(0.1)
    assert PROMPT in terminal.output, "the shell never got past its start file"
    os.write(terminal.fd, b"exit\r")
    try:
        terminal.wait_exit(10)
    except AssertionError:
        os.kill(terminal.pid, signal.SIGKILL)
    terminal.close()
    return terminal.output


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_a_login_shell_opens_ritual_once_a_day_when_due(home: Path, locations: Locations, monkeypatch) -> None:
    monkeypatch.setenv("SHELL", "/bin/bash")
    (home / ".bash_profile").write_text("PS1='$ '\n")
    run_cli("autostart", "install")
    assert b"Morning strengths" in login_shell(home)
    assert b"Morning strengths" not in login_shell(home)  # once per ritual day


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_a_login_shell_stays_quiet_when_snoozed_or_nothing_is_due(home: Path, locations: Locations, monkeypatch) -> None:
    monkeypatch.setenv("SHELL", "/bin/bash")
    (home / ".bash_profile").write_text("PS1='$ '\n")
    run_cli("autostart", "install")
    snooze(locations.login_state_file, FROZEN, 3)
    assert b"\x1b[?1049h" not in login_shell(home)  # ritual never took the screen
    assert run_cli("due").returncode == 1
    locations.login_state_file.unlink()
    locations.config_dir.mkdir(parents=True, exist_ok=True)
    # Today a rest day: nothing is due. (A letter due "tomorrow" was no such day on a Sunday: the
    # week's letter, due since its weekday, was still open, and ritual rightly opened for it.)
    locations.config_file.write_text(f'rest_days = ["{FROZEN:%A}"]\n'.lower())
    assert run_cli("due").returncode == 1
    assert b"\x1b[?1049h" not in login_shell(home)


def test_due_follows_the_day_start_hour(tmp_path: Path) -> None:
    entries = tmp_path / "entries"
    Store(tmp_path).save(GratitudeEntry(day=date(2026, 11, 24), items=["x"]))
    settings = QuickSettings(rituals=("gratitude",))
    late = datetime(2026, 11, 25, 1, 30, tzinfo=timezone.utc)  # still the 24th's ritual day
    assert due_today(entries, settings, late) == []
    assert due_today(entries, settings, late.replace(hour=4)) == [("gratitude", "Gratitude")]
    assert due_today(entries, QuickSettings(rituals=("gratitude",), day_start_hour=0), late) != []


def test_rest_days_make_nothing_due(tmp_path: Path) -> None:
    moment = datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc)  # a Saturday
    assert due_today(tmp_path / "entries", QuickSettings(rest_days=(5,)), moment) == []
    assert due_today(tmp_path / "entries", QuickSettings(rest_dates=(date(2026, 11, 28),)), moment) == []
    assert due_today(tmp_path / "entries", QuickSettings(), moment) != []


@pytest.mark.parametrize(
    ("clock", "day"),
    [
        (datetime(2026, 3, 29, 3, 30, tzinfo=ZoneInfo("Europe/Berlin")), date(2026, 3, 28)),  # after spring forward
        (datetime(2026, 3, 29, 4, 30, tzinfo=ZoneInfo("Europe/Berlin")), date(2026, 3, 29)),
        (datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=ZoneInfo("Europe/Berlin")), date(2026, 10, 24)),  # the repeated hour
        (datetime(2026, 4, 5, 3, 59, tzinfo=ZoneInfo("Pacific/Chatham")), date(2026, 4, 4)),
    ],
)
def test_ritual_day_across_dst(clock: datetime, day: date, tmp_path: Path) -> None:
    from ritual_tui.clock import ritual_day

    assert ritual_day(clock) == day
    entries = tmp_path / "entries"
    Store(tmp_path).save(StrengthsEntry(day=day, strength="Hope", created=clock, updated=clock))
    assert ("strengths", "Morning strengths") not in due_today(entries, QuickSettings(), clock)


@pytest.mark.parametrize("zone", ["Asia/Kolkata", "Pacific/Chatham", "America/St_Johns", "UTC"])
def test_a_time_zone_change_never_moves_an_entry(locations: Locations, zone: str) -> None:
    written = datetime(2026, 11, 25, 23, 45, tzinfo=ZoneInfo("Asia/Kolkata"))
    entry = GratitudeEntry(day=date(2026, 11, 25), items=["chai"], created=written, updated=written)
    Store(locations.data_dir).save(entry)
    result = run_cli("list", env={"TZ": zone})
    assert result.stdout.startswith("2026-11-25") and result.returncode == 0


def test_login_greeting_once_per_day_and_not_when_snoozed(tmp_path: Path) -> None:
    state, entries = tmp_path / "state.toml", tmp_path / "entries"
    morning = datetime(2026, 11, 25, 8, 0, tzinfo=timezone.utc)
    assert login_greeting_due(state, entries, QuickSettings(), morning)
    assert not login_greeting_due(state, entries, QuickSettings(), morning + timedelta(hours=2))
    assert login_greeting_due(state, entries, QuickSettings(), morning + timedelta(days=1))
    snooze(state, morning + timedelta(days=2), 3)
    assert not login_greeting_due(state, entries, QuickSettings(), morning + timedelta(days=2, hours=1))
    assert login_greeting_due(state, entries, QuickSettings(), morning + timedelta(days=2, hours=4))


def test_plans_and_letters_in_due(tmp_path: Path) -> None:
    store, entries = Store(tmp_path), tmp_path / "entries"
    sunday = datetime(2026, 11, 29, 9, 0, tzinfo=timezone.utc)
    assert ("letter", "Weekly letter") in due_today(entries, QuickSettings(), sunday)
    store.save(LetterEntry(day=date(2026, 11, 27), week="2026-W48", body="hi"))
    assert ("letter", "Weekly letter") not in due_today(entries, QuickSettings(), sunday)
    store.save(ExposureEntry(day=date(2026, 11, 26), step="x", small_step="wave"))
    assert ("exposure", "Exposure reflection: 1 plan waiting") in due_today(entries, QuickSettings(), sunday)


async def test_later_key_snoozes_and_quits(make_app, locations: Locations) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("z")
        await pilot.pause()
    assert "snoozed_until" in locations.login_state_file.read_text()
    assert any("waits until" in line for line in app.exit_lines)


async def test_rest_day_and_a_kind_pause_line(make_app, locations: Locations) -> None:
    from tests.conftest import FROZEN

    store = Store(locations.data_dir)
    store.save(GratitudeEntry(day=FROZEN.date() - timedelta(days=3), items=["x"]))
    locations.config_dir.mkdir(parents=True, exist_ok=True)
    locations.config_file.write_text(f'rest_days = ["{FROZEN:%A}"]\n'.lower())
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert {s.state for s in app.journal.states()} == {"open"}
        line = app.journal.consistency_line()
        assert "pause" in line and "streak" not in line.lower()


async def test_settings_screen_saves_checked_values(make_app, locations: Locations) -> None:
    from textual.widgets import SelectionList

    from ritual_tui.screens.settings import SettingsScreen
    from ritual_tui.widgets import SafeInput

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("comma")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        app.screen.query_one("#day_start_hour", SafeInput).value = "30"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen) and not locations.config_file.exists()
        app.screen.query_one("#day_start_hour", SafeInput).value = "5"
        app.screen.query_one("#gratitude_items", SafeInput).value = "4"
        app.screen.query_one("#rest_days", SelectionList).select("saturday")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.settings.gratitude_items == 4 and app.settings.rest_days == ["saturday"]
    text = locations.config_file.read_text()
    assert "day_start_hour = 5" in text and "gratitude_items = 4" in text and 'rest_days = ["saturday"]' in text
