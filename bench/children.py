"""Programs the benchmark runs in fresh processes; each prints one JSON line of timings (epoch seconds)."""

BARE = """
import json, sys, time
from textual.app import App
from textual.widgets import Label

class Bare(App):
    def compose(self):
        yield Label("ready")
    def on_mount(self):
        self.call_after_refresh(self.done)
    def done(self):
        print(json.dumps({"first_frame": time.time()}), flush=True)
        self.exit()

Bare().run(headless=True, size=(100, 30))
"""

RITUAL = """
import asyncio, json, resource, sys, time
from textual.app import App
from ritual_tui.app import RitualApp
from ritual_tui.screens.today import TodayScreen

out = {}
lags = []
today_mount = TodayScreen.on_mount

def on_mount(self):
    today_mount(self)
    self.call_after_refresh(lambda: out.setdefault("first_frame", time.time()))
    asyncio.get_running_loop().create_task(sample_lag())

async def sample_lag():
    while "loaded" not in out:
        start = time.perf_counter()
        await asyncio.sleep(0.005)
        lags.append(time.perf_counter() - start - 0.005)

history_read = RitualApp._history_read

def loaded(self, *args):
    history_read(self, *args)
    out["loaded"] = time.time()
    out["entries"] = len(self.journal.entries)
    out["max_rss_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    self.call_after_refresh(self.exit)

TodayScreen.on_mount = on_mount
RitualApp._history_read = loaded
RitualApp.run = lambda self, **kw: App.run(self, headless=True, size=(100, 30))
from ritual_tui.cli import main
main([])
out["lags"] = lags
print(json.dumps(out), flush=True)
"""

SEARCH = """
import asyncio, json, statistics, time
from ritual_tui.app import RitualApp
from ritual_tui.paths import resolve_locations

async def run():
    app = RitualApp(resolve_locations(), start="browse", background_load=False)
    from ritual_tui.screens.browse import BrowseScreen
    timings = []
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        for word in ("river", "heron", "walk quiet", "zzz"):
            for end in range(1, len(word) + 1):
                screen.query_text = word[:end]
                start = time.perf_counter()
                screen.refresh_list()
                timings.append(time.perf_counter() - start)
                screen.query_text = ""
        screen.refresh_list()
        app.pop_screen()
        await pilot.pause()
        app.uninstall_screen("browse")
        opens = []
        for _ in range(6):  # the first open builds the browser; later ones reuse it
            shown = asyncio.Event()
            start = time.perf_counter()
            app.open_ritual("browse")
            app.screen.call_after_refresh(shown.set)  # the first frame of the browser
            await shown.wait()
            opens.append(time.perf_counter() - start)
            app.pop_screen()
            await pilot.pause()
    print(json.dumps({"keystrokes": timings, "opens": opens, "entries": len(app.journal.entries)}), flush=True)

asyncio.run(run())
"""

SAVE = """
import json, time
from datetime import date
from ritual_tui.models import GratitudeEntry
from ritual_tui.paths import resolve_locations
from ritual_tui.store import Store

locations = resolve_locations()
store = Store(locations.data_dir)
store.scan()
timings, paths = [], []
for n in range(60):
    entry = GratitudeEntry(day=date(2001, 1, 1), items=[f"bench save {n}", "a second thing", "a third"])
    start = time.perf_counter()
    paths.append(store.save(entry).path)
    timings.append(time.perf_counter() - start)
for path in paths:
    path.unlink()
print(json.dumps({"saves": timings}), flush=True)
"""
