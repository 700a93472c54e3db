"""Programs the benchmark runs in fresh processes; each prints one JSON line of timings.

Wall-clock moments are epoch seconds (the parent compares them with the moment it launched the
child). Inside the app, the cost of a key (a keystroke in the browser's search, opening the
browser, a jump) is the CPU time the process spends from sending the key until the app is idle
again: the handler, the layout and the render of the new screen, on the one core the event loop
runs on. Nothing else runs in the process by then (the history is loaded), so it is the latency a
person feels, without Pilot's idle-detection sleeps (20 ms steps) in it.
"""

FIRST_FRAME = """
import os, time

def first_frame_seen(out):
    # The first frame's moment, then the process's own CPU time until it and the time its threads
    # waited for a core (Linux's run queue): a slow frame then tells a busy host from work done.
    out.setdefault("first_frame", time.time())
    out.setdefault("first_frame_cpu", time.process_time())
    try:
        tasks = os.listdir("/proc/self/task")
        waited = sum(int(open(f"/proc/self/task/{task}/schedstat").read().split()[1]) for task in tasks)
        out.setdefault("first_frame_waited", waited / 1e9)
    except (OSError, IndexError, ValueError):  # not Linux, or no scheduler statistics
        pass
"""

BARE = FIRST_FRAME + """
import json, sys, time
from textual.app import App
from textual.widgets import Label

class Bare(App):
    def compose(self):
        yield Label("ready")
    def on_mount(self):
        self.call_after_refresh(self.done)
    def done(self):
        out = {}
        first_frame_seen(out)
        print(json.dumps(out), flush=True)
        self.exit()

Bare().run(headless=True, size=(100, 30))
"""

RITUAL = FIRST_FRAME + """
import asyncio, importlib.abc, importlib.util, json, resource, sys, time

out = {}
lags = []

def instrument():
    from textual.app import App
    from ritual_tui.app import RitualApp
    from ritual_tui.screens.today import TodayScreen

    today_mount = TodayScreen.on_mount
    history_read = RitualApp._history_read

    def on_mount(self):
        today_mount(self)
        self.call_after_refresh(first_frame_seen, out)
        asyncio.get_running_loop().create_task(sample_lag())

    def loaded(self, *args):
        history_read(self, *args)
        out["loaded"] = time.time()
        out["entries"] = len(self.journal.entries)
        out["max_rss_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        self.call_after_refresh(self.exit)

    TodayScreen.on_mount = on_mount
    RitualApp._history_read = loaded
    RitualApp.run = lambda self, **kw: App.run(self, headless=True, size=(100, 30))

class WhenTheAppIsImported(importlib.abc.MetaPathFinder):
    # Instruments the app where `ritual` itself imports it (in `launch.run_app`), so Textual and the
    # app load as they do for a user (after the app's start-up settings, such as the collector's).
    def find_spec(self, name, path, target=None):
        if name != "ritual_tui.app":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        execute = spec.loader.exec_module

        def exec_module(module):
            execute(module)
            instrument()

        spec.loader.exec_module = exec_module
        return spec

async def sample_lag():
    while "loaded" not in out:
        start = time.perf_counter()
        await asyncio.sleep(0.005)
        lags.append(time.perf_counter() - start - 0.005)

sys.meta_path.insert(0, WhenTheAppIsImported())
from ritual_tui.cli import main
main([])
out["lags"] = lags
print(json.dumps(out), flush=True)
"""

BROWSE = """
import asyncio, json, resource, sys, time
from ritual_tui.app import RitualApp
from ritual_tui.paths import resolve_locations

rare, common, jump_dates, years_back = sys.argv[1], sys.argv[2], sys.argv[3].split(","), int(sys.argv[4])
out = {"keys": [], "jumps": [], "screens": []}

async def history_loaded(app, pilot, started):
    while True:  # the app's own journal, complete once the loading worker's history is in
        journal = getattr(app, "_journal", None)
        if journal is not None and journal.complete:
            break
        await asyncio.sleep(0.01)
    out["loaded"] = time.perf_counter() - started
    for worker in list(app.workers):  # the same worker then reads settings and imports the other screens
        if worker.name == "history":
            await worker.wait()
    await pilot.pause()

async def run():
    started = time.perf_counter()
    app = RitualApp(resolve_locations())
    async with app.run_test(size=(100, 30)) as pilot:
        async def timed(*keys):
            await pilot.pause()
            start = time.process_time()
            await pilot.press(*keys)
            spent = time.process_time() - start
            out["screens"].append(type(app.screen).__name__)
            return spent

        await history_loaded(app, pilot, started)
        out["idle_key"] = await timed("f19")  # a key nothing is bound to: what Pilot itself costs
        out["open"] = await timed("b")
        await pilot.press("slash")
        for word in (rare, common, "walk quiet", "zzz"):
            for char in word:
                out["keys"].append(await timed("space" if char == " " else char))
            await pilot.press("escape")  # clears the search (the whole list again)
            await pilot.press("slash")
        await pilot.press("escape")
        for day in jump_dates:
            await pilot.press("d")
            await pilot.press(*day)
            out["jumps"].append(await timed("enter"))
        out["calendar_open"] = await timed("c")
        await pilot.press(*["left_square_bracket"] * years_back)
        out["calendar_enter"] = await timed("enter")
        await pilot.press("escape")
        out["reopen"] = await timed("b")
        out["max_rss_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        out["entries"] = len(app.journal.entries)
        await pilot.press("escape")
    print(json.dumps(out), flush=True)

asyncio.run(run())
"""

BARE_BROWSER = """
# The least Textual itself does for a browser: a screen of the browser's shape (a title, a search
# field, a list and a reading pane side by side, a footer), pushed, then a key typed in its search
# that gives both panes new lines. The panes draw ready-made lines (Textual's line API, as ritual's
# list does): no query, no text to lay out. Timed as BROWSE times ritual's keys.
import asyncio, json, random, sys, time
from rich.segment import Segment
from textual.app import App
from textual.containers import Horizontal
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Footer, Input, Label

WORDS = "heron walk quiet morning friend circle courage step gratitude letter".split()


class Lines(Widget):
    DEFAULT_CSS = "Lines { width: 1fr; height: 1fr; }"

    def __init__(self, count, words, **kwargs):
        super().__init__(**kwargs)
        self.count, self.words, self.strips = count, words, []

    def show(self, seed):
        pick = random.Random(seed + self.id)
        self.strips = [Strip([Segment(" ".join(pick.choices(WORDS, k=self.words)))]) for _ in range(self.count)]
        self.refresh()

    def render_line(self, y):
        return self.strips[y] if y < len(self.strips) else Strip.blank(self.size.width)


class Browser(Screen):
    BINDINGS = [("slash", "search", "search")]

    def compose(self):
        yield Label("", id="title")
        yield Input(id="search", compact=True)
        with Horizontal():
            yield Lines(28, 6, id="list")
            yield Lines(28, 8, id="pane")
        yield Footer()

    def on_mount(self):
        self.show("")

    def show(self, seed):
        self.query_one("#title", Label).update(f"{len(seed) * 1000} entries", layout=False)
        for lines in self.query(Lines):
            lines.show(seed)

    def on_input_changed(self, event):
        self.show(event.value)


class Bare(App):
    BINDINGS = [("b", "browse", "browse")]

    def compose(self):
        yield Label("today")

    def action_browse(self):
        self.push_screen(Browser())


async def run():
    app, out = Bare(), {"keys": []}
    async with app.run_test(size=(100, 30)) as pilot:
        async def timed(*keys):
            await pilot.pause()
            start = time.process_time()
            await pilot.press(*keys)
            return time.process_time() - start

        await pilot.pause()
        out["idle_key"] = await timed("f19")
        out["open"] = await timed("b")
        app.screen.query_one("#search", Input).focus()
        for word in sys.argv[1:]:
            for char in word:
                out["keys"].append(await timed("space" if char == " " else char))
            app.screen.query_one("#search", Input).value = ""
    print(json.dumps(out), flush=True)

asyncio.run(run())
"""

SAVE = """
import json, time
from datetime import timedelta
from ritual_tui.clock import now
from ritual_tui.models import GratitudeEntry
from ritual_tui.paths import resolve_locations
from ritual_tui.store import Store

store = Store(resolve_locations().data_dir)
day = now().date() - timedelta(days=400)  # into a year folder that holds a year of entries
timings, paths = [], []
for n in range(60):
    entry = GratitudeEntry(day=day, items=[f"bench save {n}", "a second thing", "a third"])
    start = time.perf_counter()
    paths.append(store.save(entry).path)
    timings.append(time.perf_counter() - start)
for path in paths:
    path.unlink()
print(json.dumps({"saves": timings}), flush=True)
"""

RECONCILE = """
import json, sys, time
from pathlib import Path
from ritual_tui.catalog import Catalog
from ritual_tui.clock import now
from ritual_tui.paths import resolve_locations

locations = resolve_locations()
today = now().date()
edited = Path(sys.argv[1])
original = edited.read_bytes()
Catalog(locations.catalog_file, locations.entries_dir).reconcile(today)  # in step with the files first

def timed(check):
    start = time.perf_counter()
    catalog = Catalog(locations.catalog_file, locations.entries_dir, check=check)
    found = catalog.reconcile(today, full=check)  # the app's load checks and walks every file
    catalog.close()
    return time.perf_counter() - start, found.parsed

out = {}
try:
    out["unchanged"], _ = timed(False)
    edited.write_bytes(original + b"# edited by hand\\n")
    out["one_edited"], out["parsed"] = timed(False)  # as a command does
    edited.write_bytes(original + b"# edited by hand again\\n")
    out["one_edited_checked"], _ = timed(True)  # as the app does: PRAGMA quick_check first, every file walked
finally:
    edited.write_bytes(original)
print(json.dumps(out), flush=True)
"""
