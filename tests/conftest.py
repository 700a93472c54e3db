"""Keep every test away from the real user's data and config folders."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from ritual_tui.clock import FROZEN_NOW_ENV, frozen_moment
from ritual_tui.paths import Locations


# No property test fails on time alone: a busy CI machine stalls an example now and then, and
# Hypothesis's default 200 ms deadline then says "Flaky: unreliable test timings". A test that lists
# its own suppress_health_check lists too_slow too.
settings.register_profile("ritual", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ritual")


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto`: two workers a core (at most eight, never fewer than the cores). Most tests wait
    more than they compute (Pilot's pauses, the CLI as a subprocess, ptys): on two cores the suite
    took 5 min with two workers and 3.5 with four."""
    cores = os.cpu_count() or 1
    return max(cores, min(2 * cores, 8))


@pytest.fixture
def fresh_git(monkeypatch: pytest.MonkeyPatch) -> None:
    """A machine where git was never configured: no identity, no system file (the sync tests use it
    for every test: `pytestmark = pytest.mark.usefixtures("fresh_git")`)."""
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    """An empty bare repository: the remote the machines sync with."""
    path = tmp_path / "remote.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(path)], check=True)
    return path


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Locations:
    """Point HOME, XDG folders and ritual's overrides at a temporary folder for every test."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for var, sub in (
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_STATE_HOME", ".local/state"),
        ("XDG_RUNTIME_DIR", "run"),
    ):
        (home / sub).mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.setenv("RITUAL_TUI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("RITUAL_TUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv(FROZEN_NOW_ENV, FROZEN.isoformat())
    monkeypatch.delenv("TEXTUAL_LOG", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    from ritual_tui.paths import resolve_locations

    return resolve_locations()


@pytest.fixture
def locations(isolated_dirs: Locations) -> Locations:
    """The temporary locations of this test."""
    return isolated_dirs


PATIENCE = 15.0
"""Seconds a test waits for something the app does by itself (a draft written, a worker's result):
far longer than it takes here, as CI's busy machine may be several times slower."""


async def until(pilot, condition: Callable[[], object], timeout: float = PATIENCE) -> None:
    """Let the app run until `condition()` is true, or `timeout` seconds passed (the test's own
    assert then says what is missing): a fixed pause is too short on a busy machine."""
    end = time.monotonic() + timeout
    while not condition() and time.monotonic() < end:
        await pilot.pause(0.05)


def run_cli(*args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m ritual_tui ARGS` in a subprocess with this test's environment."""
    return subprocess.run(
        [sys.executable, "-m", "ritual_tui", *args],
        capture_output=True,
        text=True,
        input=stdin,
        env={**os.environ, **(env or {})},
        timeout=60,
    )


FROZEN = frozen_moment(os.environ.get("RITUAL_TEST_NOW", "2026-11-25T08:30:00+01:00"))
"""The clock every test runs at: by default a Wednesday morning; `RITUAL_TEST_NOW` picks another
moment (a Sunday, a DST change, 29 February, 2030) so the suite is shown to pass on any date."""

DAY = FROZEN.date()
"""The ritual day of FROZEN (the tests' moments are always after the day starts at 04:00)."""


SNAPSHOT_MOMENT = datetime(2026, 11, 25, 8, 30, tzinfo=timezone(timedelta(hours=1)))
"""Snapshots are pictures of one fixed Wednesday morning, whatever `RITUAL_TEST_NOW` says."""


@pytest.fixture
def snapshot_clock(monkeypatch: pytest.MonkeyPatch) -> datetime:
    """Pin the clock (in-process and in subprocesses) to SNAPSHOT_MOMENT for a snapshot test."""
    monkeypatch.setenv(FROZEN_NOW_ENV, SNAPSHOT_MOMENT.isoformat())
    return SNAPSHOT_MOMENT


@pytest.fixture
def make_app(locations: Locations):
    """Build the app over this test's folders; it reads the frozen clock through clock.now()."""
    from ritual_tui.app import RitualApp

    def build(start: str = "today", theme: str | None = None, background_load: bool = False) -> RitualApp:
        return RitualApp(
            locations, start=start, theme=theme, background_load=background_load
        )

    return build


def entry_files(locations: Locations, kind: str) -> list[Path]:
    """The TOML files of one kind."""
    return sorted((locations.data_dir / "entries" / kind).rglob("*.toml"))


def read_toml(path: Path) -> dict:
    """A TOML file as a mapping."""
    import tomllib

    return tomllib.loads(path.read_text("utf-8"))


_FIRST_FRAME = """
import json, sys
from textual.app import App
from ritual_tui.app import RitualApp
from ritual_tui.screens.today import TodayScreen

mounted = TodayScreen.on_mount
def on_mount(self):
    mounted(self)
    def first_frame():
        print(json.dumps(PAYLOAD))
        self.app.exit()
    self.call_after_refresh(first_frame)
TodayScreen.on_mount = on_mount
RitualApp.on_mount = lambda self: None  # no history thread: only what the first frame needed
RitualApp.run = lambda self, **kw: App.run(self, headless=True, size=(100, 30))
from ritual_tui.cli import main
main([])
"""


def at_first_frame(payload: str) -> dict:
    """Run plain `ritual` in a fresh process (headless, 100x30, this test's folders) and return
    the JSON of `payload`, a Python expression evaluated inside Today's screen (`self`) at its
    first frame."""
    program = _FIRST_FRAME.replace("PAYLOAD", payload)
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60)
    return json.loads(done.stdout.strip().splitlines()[-1])
