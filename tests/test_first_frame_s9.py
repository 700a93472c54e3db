"""Today's first frame costs the same at ten years of history and at sixty: before it, nothing
walks the history, opens the catalog, starts a thread or starts a process (the catalog present)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from ritual_tui import quick
from ritual_tui.catalog import Catalog
from ritual_tui.models import GratitudeEntry
from ritual_tui.store import Store
from tests.conftest import DAY

LINUX = Path("/proc/self/task").is_dir()

_AT_FIRST_FRAME = """
import json, os, sys, threading
from textual.app import App
from ritual_tui.app import RitualApp
from ritual_tui.screens.today import TodayScreen

mounted = TodayScreen.on_mount
def on_mount(self):
    mounted(self)  # the app's own on_mount runs as usual: its history thread waits for the frame
    def first_frame():
        tasks = os.listdir("/proc/self/task")
        children = [pid for task in tasks for pid in open(f"/proc/self/task/{task}/children").read().split()]
        files = []
        for fd in os.listdir("/proc/self/fd"):
            try:
                files.append(os.readlink(f"/proc/self/fd/{fd}"))
            except OSError:
                pass
        print(json.dumps({"threads": len(tasks), "python_threads": threading.active_count(), "children": children,
                          "catalog_open": [f for f in files if "catalog" in f], "sqlite3": "sqlite3" in sys.modules,
                          "today": type(self).__name__}), flush=True)
        self.app.exit()
    self.call_after_refresh(first_frame)
TodayScreen.on_mount = on_mount
RitualApp.run = lambda self, **kw: App.run(self, headless=True, size=(100, 30))
from ritual_tui.cli import main
main([])
"""


def _history(locations, years: int) -> None:
    """A gratitude entry yesterday and one in each of `years` past years (never on a memory day)."""
    store = Store(locations.data_dir)
    store.save(GratitudeEntry(day=DAY - timedelta(days=1), items=["a warm cup"]))
    for back in range(1, years + 1):
        store.save(GratitudeEntry(day=DAY - timedelta(days=365 * back + 40), items=["a warm cup"]))


@pytest.mark.skipif(not LINUX, reason="reads /proc")
def test_before_the_first_frame_nothing_but_the_main_thread_runs_and_the_catalog_is_left_closed(locations) -> None:
    _history(locations, 30)
    Catalog(locations.catalog_file, locations.entries_dir).reconcile(DAY)  # the usual start: a catalog in step
    assert locations.catalog_file.exists()
    done = subprocess.run([sys.executable, "-c", _AT_FIRST_FRAME], capture_output=True, text=True, timeout=60)
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["today"] == "TodayScreen"
    assert out["threads"] == 1 and out["python_threads"] == 1  # the history thread starts after the frame
    assert out["children"] == []  # no build helper, no `find`: the catalog is there
    assert out["catalog_open"] == [] and out["sqlite3"] is False


def _folders_listed(locations, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    listed: list[str] = []
    listdir = os.listdir

    def counting(path="."):
        listed.append(str(Path(path).relative_to(locations.entries_dir)))
        return listdir(path)

    monkeypatch.setattr(quick.os, "listdir", counting)
    try:
        found = quick.recent_entries(locations.entries_dir, DAY)
    finally:
        monkeypatch.setattr(quick.os, "listdir", listdir)
    assert {entry.day for entry in found} == {DAY - timedelta(days=1)}  # yesterday's: the older ones are on no memory day
    return sorted(listed)


def test_the_quick_look_lists_the_same_folders_at_two_years_and_at_forty(locations, monkeypatch) -> None:
    _history(locations, 2)
    short = _folders_listed(locations, monkeypatch)
    _history(locations, 40)
    assert _folders_listed(locations, monkeypatch) == short
    assert {Path(folder).name for folder in short} <= {str(DAY.year), str((DAY - timedelta(days=365)).year)}


_COLLECTIONS = """
import gc, json, sys
from textual.app import App
from ritual_tui.app import RitualApp
from ritual_tui.screens.today import TodayScreen

counted = {"collections": 0}
gc.callbacks.append(lambda phase, info: phase == "stop" and counted.update(collections=counted["collections"] + 1))
made = RitualApp.__init__
def __init__(self, *args, **kwargs):
    counted["collections"] = 0  # from here (in `launch.run_app`) to the first frame
    made(self, *args, **kwargs)
mounted = TodayScreen.on_mount
def on_mount(self):
    mounted(self)
    at_frame = {}
    def after():
        print(json.dumps({"before_frame": at_frame["collections"], "enabled": gc.isenabled(),
                          "frozen": gc.get_freeze_count()}), flush=True)
        self.app.exit()
    self.call_after_refresh(lambda: at_frame.update(collections=counted["collections"]))
    self.call_after_refresh(self.call_after_refresh, after)
RitualApp.__init__ = __init__
TodayScreen.on_mount = on_mount
RitualApp.run = lambda self, **kw: App.run(self, headless=True, size=(100, 30))
from ritual_tui.cli import main
main([])
"""


def test_start_up_runs_no_collection_and_the_collector_is_back_after_the_first_frame(locations) -> None:
    _history(locations, 3)
    done = subprocess.run([sys.executable, "-c", _COLLECTIONS], capture_output=True, text=True, timeout=60)
    assert done.stdout, done.stderr[-2000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["before_frame"] == 0  # from `run_app` to Today's first frame: what start-up builds lives on
    assert out["enabled"] is True and out["frozen"] > 0  # then collected again, without what start-up built
