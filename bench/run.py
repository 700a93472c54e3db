"""Measure issue 12's goals at ten and sixty years of entries, each against a yardstick of the same run.

    python bench/run.py                 # 10 and 60 years (generated once under /tmp/ritual-bench)
    python bench/run.py --quick         # a fast check: 10 years only, fewer repeats
    python bench/run.py --write-docs    # also rewrites the results in docs/performance.md

Every figure is a median over fresh processes, with the min–max beside it; every goal is a ratio
or a difference against something measured in the same run (a bare Textual app, Python's own
start-up, `grep -ril`, jrnl 4.6), except the few that are absolute (a frame's 16 ms, memory).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import children  # noqa: E402
from generate import COMMON_WORD, RARE_WORD, cached  # noqa: E402
from jrnl_data import write_jrnl_journal  # noqa: E402

MS = 1000.0
YARDSTICK = "yardstick"
REFERENCE = "(for reference)"


def p95(values: list[float]) -> float:
    """The 95th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def fmt(values: list[float], scale: float = MS, unit: str = "ms") -> str:
    """`123 ms (110–140)`: the median and the range."""
    scaled = [v * scale for v in values]
    digits = 1 if statistics.median(scaled) < 20 else 0
    return f"{statistics.median(scaled):.{digits}f} {unit} ({min(scaled):.{digits}f}–{max(scaled):.{digits}f})"


@dataclass
class Size:
    """One generated history: its data folder and what was measured on it."""

    label: str
    years: int
    data: Path
    files: int = 0
    figures: dict[str, list[float]] = field(default_factory=dict)


class Bench:
    """The folders, environments, helpers and result rows of one run."""

    def __init__(self, work: Path, repeat: int) -> None:
        self.work = work
        self.repeat = repeat
        self.rows: list[tuple[str, str, str, bool | None]] = []
        self.python = sys.executable
        script = Path(sys.executable).with_name("ritual")
        self.ritual = [str(script)] if script.exists() else [sys.executable, "-m", "ritual_tui"]

    def env(self, data: Path) -> dict[str, str]:
        """A private environment for one data folder: its own config, cache and runtime folders.
        Bytecode is written (and then read) as in a real install."""
        base = self.work / "env" / data.name
        for sub in ("config", "cache", "run", "state"):
            (base / sub).mkdir(parents=True, exist_ok=True, mode=0o700)
        env = {k: v for k, v in os.environ.items() if k not in {"PYTHONDONTWRITEBYTECODE", "RITUAL_TUI_FROZEN_NOW"}}
        return {
            **env,
            "RITUAL_TUI_DATA_DIR": str(data),
            "RITUAL_TUI_CONFIG_DIR": str(base / "config"),
            "XDG_CACHE_HOME": str(base / "cache"),
            "XDG_STATE_HOME": str(base / "state"),
            "XDG_RUNTIME_DIR": str(base / "run"),
            "TERM": "xterm-256color",
            "PYTHONPATH": str(ROOT),  # this tree's ritual_tui, also for the console script (a snapshot measures itself)
        }

    def catalog_of(self, data: Path) -> Path:
        """Where the app keeps the catalog of `data` (in its private cache folder)."""
        found = list((self.work / "env" / data.name / "cache" / "ritual-tui").glob("data-*/catalog.sqlite3"))
        return found[0] if found else Path("/nonexistent")

    def child(self, code: str, env: dict[str, str], *args: str) -> tuple[float, dict]:
        """Run a child program; return the moment it was launched and its JSON line."""
        start = time.time()
        done = subprocess.run([self.python, "-c", code, *args], env=env, capture_output=True, text=True, timeout=900)
        if done.returncode != 0:
            raise SystemExit(f"a benchmark child failed:\n{done.stderr[-3000:]}")
        return start, json.loads(done.stdout.strip().splitlines()[-1])

    def command(self, argv: list[str], env: dict[str, str]) -> float:
        """Wall time of one command, its output read through a pipe (as `| less` or `> file` would).

        Never to /dev/null: GNU grep stops at the first match when its output is /dev/null.
        """
        # No timeout on the wait: with one, Popen polls in sleeps of up to 50 ms. A timer kills a hung command.
        start = time.perf_counter()
        process = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        watchdog = threading.Timer(600, process.kill)
        watchdog.start()
        process.communicate()
        elapsed = time.perf_counter() - start
        watchdog.cancel()
        return elapsed

    def commands(self, argv: list[str], env: dict[str, str], times: int | None = None) -> list[float]:
        """`command` repeated."""
        return [self.command(argv, env) for _ in range(times or self.repeat)]

    def beside_python(self, argv: list[str], env: dict[str, str]) -> tuple[list[float], list[float]]:
        """`command` repeated, taking turns with Python's own start-up (`python -c pass`): the times
        of each, so a goal of "Python start-up + N ms" compares two figures of the same moments."""
        ours, python = [], []
        for _ in range(self.repeat):
            python.append(self.command([self.python, "-c", "pass"], env))
            ours.append(self.command(argv, env))
        return ours, python

    def row(self, what: str, goal: str, measured: str, met: bool | None = None) -> None:
        """Record and print one row: what, its goal (or `yardstick`), the figure, and whether the goal is met."""
        self.rows.append((what, goal, measured, met))
        mark = "" if met is None else ("MET" if met else "MISS")
        print(f"{mark:4}  {what:<62} {measured:<28} {goal}", flush=True)


def first_frames(bench: Bench, sizes: list[Size]) -> list[float]:
    """First Today frame with the catalog in place at each size, and (10 years) with none: the
    history then loads in the background while the loop's lag is sampled. The configurations
    take turns with the bare Textual app (its first frames are returned), so a machine that slows
    down during the run does so for all of them alike. The sizes swap places every round, so
    neither always follows the same child; the build from nothing comes last in a round (its
    helper process has ended before the next child starts). Each child also reports its own CPU
    time until the frame and its wait for a core (`children.FIRST_FRAME`), printed here with each
    round's sixty-year frame minus its ten-year one: a busy host, not work, when only they differ."""
    env10 = bench.env(sizes[0].data)
    bench.child(children.BARE, env10)  # writes Textual's .pyc
    for size in sizes:
        bench.child(children.RITUAL, bench.env(size.data))  # writes .pyc, builds the catalog, warms the page cache
    bare, bare_cpu, bare_waited = [], [], []
    for turn in range(bench.repeat):
        start, out = bench.child(children.BARE, env10)
        bare.append(out["first_frame"] - start)
        bare_cpu.append(out["first_frame_cpu"])
        bare_waited.append(out.get("first_frame_waited", 0.0))
        kept = sizes if turn % 2 == 0 else sizes[::-1]
        for size, keep in [(size, True) for size in kept] + [(sizes[0], False)]:
            if not keep:
                bench.catalog_of(size.data).unlink(missing_ok=True)
            start, out = bench.child(children.RITUAL, bench.env(size.data))
            tag = "" if keep else " nocatalog"
            size.figures.setdefault("frame" + tag, []).append(out["first_frame"] - start)
            size.figures.setdefault("frame cpu" + tag, []).append(out["first_frame_cpu"])
            size.figures.setdefault("frame waited" + tag, []).append(out.get("first_frame_waited", 0.0))
            size.figures.setdefault("loaded" + tag, []).append(out["loaded"] - start)
            size.figures.setdefault("lags" + tag, []).extend(out["lags"])
            size.figures.setdefault("rss" + tag, []).append(out["max_rss_kib"] * 1024)
    parts = [f"bare {median(bare_cpu) * MS:.0f} / {median(bare_waited) * MS:.0f}"]
    for size, tag in [(size, "") for size in sizes] + [(sizes[0], " nocatalog")]:
        f = size.figures
        parts.append(f"{size.label}{tag} {median(f['frame cpu' + tag]) * MS:.0f} / {median(f['frame waited' + tag]) * MS:.0f}")
    if len(sizes) > 1:
        gaps = [late - early for early, late in zip(sizes[0].figures["frame"], sizes[1].figures["frame"])]
        parts.append(f"{sizes[1].label} minus {sizes[0].label}, round by round: {fmt(gaps)}")
    print("first frames, own CPU / wait for a core until the frame (medians, ms): " + "; ".join(parts), flush=True)
    return bare


def browser(bench: Bench, size: Size, repeat: int) -> None:
    """The browser at one size: open it, search as you type, jump to dates, the calendar's enter, memory."""
    meta = json.loads((size.data / "bench-meta.json").read_text("utf-8"))
    end = date.fromisoformat(meta["end"])
    span = timedelta(days=int(365.25 * size.years))
    dates = ",".join(d.isoformat() for d in (end - timedelta(days=30), end - span / 2, end - span + timedelta(days=10)))
    figures = size.figures
    words = (RARE_WORD, COMMON_WORD, "walk quiet", "zzz")  # the words BROWSE types
    for _ in range(repeat):
        _, bare = bench.child(children.BARE_BROWSER, bench.env(size.data), *words)
        figures.setdefault("bare keys", []).extend(bare["keys"])
        figures.setdefault("bare open", []).append(bare["open"])
        _, out = bench.child(children.BROWSE, bench.env(size.data), RARE_WORD, COMMON_WORD, dates, str(size.years // 2))
        for name in ("open", "reopen", "calendar_open", "calendar_enter", "idle_key", "loaded"):
            figures.setdefault(name, []).append(out[name])
        figures.setdefault("keys", []).extend(out["keys"])
        figures.setdefault("keys p95", []).append(p95(out["keys"]))
        figures.setdefault("jump", []).append(max(out["jumps"]))
        figures.setdefault("browser rss", []).append(out["max_rss_kib"] * 1024)
        figures["screens"] = out["screens"]


def jrnl_python() -> Path | None:
    """A private virtual environment with jrnl 4.6 (made once, in bench/.jrnl-venv)."""
    venv = HERE / ".jrnl-venv"
    python = venv / "bin" / "python"
    if not python.exists():
        print("installing jrnl 4.6 into bench/.jrnl-venv (once) ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        done = subprocess.run([str(python), "-m", "pip", "install", "-q", "jrnl==4.6"], capture_output=True)
        if done.returncode != 0:
            print("jrnl could not be installed; its comparisons are left out", flush=True)
            return None
    return python


def measure_commands(bench: Bench, size: Size, jrnl: Path | None, jrnl_repeat: int) -> None:
    """`ritual due`, `list --search` (a rare and a common word) and `export --format json`, against
    `grep -ril` over the data folder and jrnl 4.6 on a journal of the same words."""
    env, figures = bench.env(size.data), size.figures
    bench.command([*bench.ritual, "list", "--search", "warm"], env)  # catalog in step with the files
    figures["due"], figures["due python"] = bench.beside_python([*bench.ritual, "due", "-q"], env)
    for word in (RARE_WORD, COMMON_WORD):
        figures[f"search {word}"], figures[f"search {word} python"] = bench.beside_python([*bench.ritual, "list", "--search", word], env)
        figures[f"grep {word}"] = bench.commands(["grep", "-ril", word, str(size.data)], env)
        lines = subprocess.run([*bench.ritual, "list", "--search", word], env=env, capture_output=True, text=True).stdout
        figures[f"matches {word}"] = [float(len(lines.splitlines()))]
    figures["export"] = bench.commands([*bench.ritual, "export", "--format", "json"], env)
    figures["insights"], figures["insights python"] = bench.beside_python([*bench.ritual, "insights"], env)
    if jrnl is None:
        return
    export = subprocess.run([*bench.ritual, "export", "--format", "json"], env=env, capture_output=True, text=True).stdout
    config_home = write_jrnl_journal(export, bench.work / f"jrnl-{size.data.name}")
    jenv = {**env, "XDG_CONFIG_HOME": str(config_home), "XDG_DATA_HOME": str(config_home.parent)}
    jrnl_argv = [str(jrnl), "-m", "jrnl"]
    bench.command([*jrnl_argv, "-n", "1"], jenv)  # writes jrnl's .pyc
    for word in (RARE_WORD, COMMON_WORD):
        figures[f"jrnl {word}"] = bench.commands([*jrnl_argv, "-contains", word], jenv, jrnl_repeat)
    figures["jrnl export"] = bench.commands([*jrnl_argv, "--export", "json"], jenv, jrnl_repeat)


def median(values: list[float]) -> float:
    """The median."""
    return statistics.median(values)


def paired(ours: list[float], theirs: list[float]) -> float:
    """The median of the differences of runs taken in the same round (`ours[i] - theirs[i]`)."""
    return median([a - b for a, b in zip(ours, theirs, strict=True)])


def over_python(figures: dict[str, list[float]], name: str) -> float:
    """How much longer a command took than Python's start-up in the runs it took turns with (the
    median of each turn's difference)."""
    return paired(figures[name], figures[f"{name} python"])


def beside(figures: dict[str, list[float]], name: str) -> str:
    """A command's figure, with Python's start-up of the same moments and the difference."""
    return (f"{fmt(figures[name])}; Python beside it {median(figures[f'{name} python']) * MS:.1f} ms, "
            f"so +{over_python(figures, name) * MS:.0f} ms")


def report(bench: Bench, sizes: list[Size], yard: dict[str, list[float]], skip_jrnl: bool) -> None:
    """The table: yardsticks, then each goal with its measured figure and whether it is met."""
    pythons = [t for size in sizes for name, times in size.figures.items() if name.endswith(" python") for t in times]
    bench.row("bare Textual app: first frame (headless, 100×30)", YARDSTICK, fmt(yard["bare"]))
    bench.row("Python start-up (`python -c pass`), all its runs", YARDSTICK, fmt(pythons))
    # The frame goals are judged round by round: each round's frames were taken a few seconds apart,
    # so their difference holds where the host's speed swings by a third within a minute.
    for size in sizes:
        f = size.figures
        over = paired(f["frame"], yard["bare"])
        bench.row(f"first Today frame, {size.label}", "≤ bare + 60 ms",
                  f"{fmt(f['frame'])}; over the bare app in the same round: {over * MS:+.0f} ms (median)", over <= 0.060)
    if len(sizes) > 1:
        gap = paired(sizes[1].figures["frame"], sizes[0].figures["frame"])
        bench.row("first Today frame: 60 years minus 10 years", "within 20 ms",
                  f"{gap * MS:+.0f} ms (median of each round's difference; medians apart: "
                  f"{(median(sizes[1].figures['frame']) - median(sizes[0].figures['frame'])) * MS:+.0f} ms)", abs(gap) <= 0.020)
    for size in sizes:
        f = size.figures
        bench.row(f"history loaded after launch (catalog present), {size.label}", REFERENCE, fmt(f["loaded"]))
        bench.row(f"app memory with history loaded, {size.label}", REFERENCE, fmt(f["rss"], 1 / 2**20, "MiB"))
    for size in sizes:
        f = size.figures
        bench.row(f"ritual due, {size.label}", "≤ Python start-up + 50 ms", beside(f, "due"), over_python(f, "due") <= 0.050)
    for size in sizes:
        f, limit = size.figures, (0.060 if size.years <= 10 else 0.150)
        for word, how in ((RARE_WORD, "rare"), (COMMON_WORD, "common")):
            ours = median(f[f"search {word}"])
            label = f"ritual list --search {word} ({how}: {f[f'matches {word}'][0]:.0f} entries), {size.label}"
            bench.row(label, f"≤ Python start-up + {limit * MS:.0f} ms", beside(f, f"search {word}"), over_python(f, f"search {word}") <= limit)
            bench.row(f"  grep -ril {word} over the data folder", YARDSTICK, fmt(f[f"grep {word}"]))
            bench.row(f"  … faster than grep -ril, {size.label}", "< grep", f"{median(f[f'grep {word}']) / ours:.1f}× grep's speed",
                      ours < median(f[f"grep {word}"]))
            if f"jrnl {word}" in f:
                bench.row(f"  jrnl 4.6 -contains {word}", YARDSTICK, fmt(f[f"jrnl {word}"]))
                ratio = median(f[f"jrnl {word}"]) / ours
                bench.row(f"  … against jrnl -contains, {size.label}", "≥ 10× faster", f"{ratio:.1f}× faster", ratio >= 10)
    for size in sizes:
        f = size.figures
        bench.row(f"ritual insights, {size.label}", "≤ Python start-up + 100 ms" if size.years <= 10 else REFERENCE,
                  beside(f, "insights"), over_python(f, "insights") <= 0.100 if size.years <= 10 else None)
    for size in sizes:
        f = size.figures
        bench.row(f"ritual export --format json, {size.label}", REFERENCE, fmt(f["export"]))
        if "jrnl export" in f:
            bench.row("  jrnl 4.6 --export json", YARDSTICK, fmt(f["jrnl export"]))
            ratio = median(f["jrnl export"]) / median(f["export"])
            bench.row(f"  … against jrnl --export json, {size.label}", "≥ 10× faster", f"{ratio:.1f}× faster", ratio >= 10)
    if skip_jrnl:
        bench.row("jrnl comparisons", "", "left out (--skip-jrnl, or jrnl could not be installed)")
    browse_size = sizes[-1]
    for size in sizes:
        f = size.figures
        goals = size is browse_size
        keys = f["keys"]
        bench.row(f"search as you type in the browser, {size.label} ({len(keys)} keystrokes)",
                  "p95 ≤ 16 ms" if goals else REFERENCE, f"p95 {p95(keys) * MS:.1f} ms, max {max(keys) * MS:.1f} ms",
                  p95(keys) <= 0.016 if goals else None)
        bare = f["bare keys"]
        bench.row("  bare Textual app of the browser's shape, in turns with it: a key that redraws both panes",
                  YARDSTICK, f"p95 {p95(bare) * MS:.1f} ms, max {max(bare) * MS:.1f} ms")
        for name, what in (("open", "open the browser (first time)"), ("jump", "jump to a date (the slowest of three)"),
                           ("calendar_enter", "calendar enter (back in the browser at the day)")):
            bench.row(f"{what}, {size.label}", "≤ 50 ms" if goals else REFERENCE, fmt(f[name]), median(f[name]) <= 0.050 if goals else None)
            if name == "open":
                bench.row("  bare Textual app, in turns with it: push a screen of the browser's shape (first time)",
                          YARDSTICK, fmt(f["bare open"]))
        bench.row(f"open the browser again, {size.label}", REFERENCE, fmt(f["reopen"]))
        bench.row(f"open the calendar, {size.label}", REFERENCE, fmt(f["calendar_open"]))
        bench.row(f"a key nothing is bound to (Pilot's own cost), {size.label}", REFERENCE, fmt(f["idle_key"]))
    for size in sizes:
        f, limit = size.figures, (80 if size.years <= 10 else 120)
        bench.row(f"app peak memory, browser opened and searched, {size.label}", f"≤ {limit} MiB",
                  fmt(f["browser rss"], 1 / 2**20, "MiB"), max(f["browser rss"]) <= limit * 2**20)
    ten = sizes[0].figures
    bench.row("catalog built from nothing, 10 years (history loaded after launch)", "≤ 2.5 s", fmt(ten["loaded nocatalog"]),
              median(ten["loaded nocatalog"]) <= 2.5)
    lags = ten["lags nocatalog"]
    bench.row("  event-loop lag meanwhile", "p95 ≤ 16 ms", f"p95 {p95(lags) * MS:.1f} ms, max {max(lags) * MS:.0f} ms", p95(lags) <= 0.016)
    bench.row("  first Today frame meanwhile", REFERENCE, fmt(ten["frame nocatalog"]))
    bench.row("reconcile after one edited file, 10 years (as a command)", "≤ 100 ms", fmt(ten["reconcile edited"]),
              median(ten["reconcile edited"]) <= 0.100)
    bench.row("  … with PRAGMA quick_check and every file walked (as the app's load does)", REFERENCE, fmt(ten["reconcile checked"]))
    bench.row("  … nothing changed (as a command)", REFERENCE, fmt(ten["reconcile unchanged"]))
    saves = ten["saves"]
    bench.row("one save, fsync included (ext4)", "p95 ≤ 5 ms", f"p95 {p95(saves) * MS:.2f} ms, max {max(saves) * MS:.1f} ms",
              p95(saves) <= 0.005)


def main() -> None:
    """Generate (once), measure, print the table, and optionally write docs/performance.md."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/ritual-bench"))
    parser.add_argument("--repeat", type=int, default=7, help="fresh processes per figure (default 7; 3 with --quick)")
    parser.add_argument("--quick", action="store_true", help="10 years only, fewer repeats")
    parser.add_argument("--skip-jrnl", action="store_true")
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("--commit", help="the commit measured, for the docs (default: this tree's HEAD)")
    parser.add_argument("--docs", type=Path, default=ROOT / "docs" / "performance.md", help="the file --write-docs rewrites")
    args = parser.parse_args()
    repeat = 3 if args.quick and args.repeat == 7 else args.repeat
    bench = Bench(args.work, repeat)
    sizes = [Size("10 years", 10, args.work / "10y")] + ([] if args.quick else [Size("60 years", 60, args.work / "60y")])
    for size in sizes:
        size.files = cached(size.data, size.years)
    load_before = os.getloadavg()
    began = time.perf_counter()
    print(f"{', '.join(f'{s.files} files ({s.label})' for s in sizes)}; {repeat} runs of each; "
          f"load average {load_before[0]:.2f}\n", flush=True)
    ten = sizes[0]
    env10 = bench.env(ten.data)

    _, saves = bench.child(children.SAVE, env10)  # first: it changes the folder (then puts it back)
    ten.figures["saves"] = saves["saves"] + bench.child(children.SAVE, env10)[1]["saves"] + bench.child(children.SAVE, env10)[1]["saves"]
    yard = {"bare": first_frames(bench, sizes)}
    print("first frames measured", flush=True)

    edited = sorted((ten.data / "entries" / "gratitude").rglob("*.toml"))[-40]
    for _ in range(repeat):
        _, out = bench.child(children.RECONCILE, env10, str(edited))
        for name, key in (("reconcile edited", "one_edited"), ("reconcile checked", "one_edited_checked"),
                          ("reconcile unchanged", "unchanged")):
            ten.figures.setdefault(name, []).append(out[key])
    print("reconcile measured", flush=True)

    for size in sizes:
        browser(bench, size, max(3, (repeat + 3) // 2))
        print(f"browser measured, {size.label}", flush=True)

    jrnl = None if args.skip_jrnl else jrnl_python()
    for size in sizes:
        measure_commands(bench, size, jrnl, 1 if args.quick else 3)
        print(f"commands measured, {size.label}", flush=True)

    print()
    report(bench, sizes, yard, jrnl is None)
    minutes = (time.perf_counter() - began) / 60
    load_after = os.getloadavg()
    met = sum(1 for r in bench.rows if r[3])
    missed = sum(1 for r in bench.rows if r[3] is False)
    print(f"\n{met} goals met, {missed} missed; {minutes:.0f} min; load average {load_before[0]:.2f} before, {load_after[0]:.2f} after")
    if args.write_docs:
        write_docs(bench, sizes, args, repeat, (load_before[0], load_after[0]), minutes)
    sys.exit(1 if missed else 0)


def write_docs(bench: Bench, sizes: list[Size], args: argparse.Namespace, repeat: int,
               load: tuple[float, float], minutes: float) -> None:
    """Rewrite the results below `<!-- results -->` in docs/performance.md."""
    from ritual_tui.clock import now

    commit = args.commit or subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                                           capture_output=True, text=True).stdout.strip()
    doc = args.docs
    text = doc.read_text("utf-8") if doc.exists() else ""
    head = text.split("<!-- results -->")[0].rstrip() + "\n\n<!-- results -->\n"
    command = "python bench/run.py" + (" --quick" if args.quick else "") + ("" if repeat == 7 or args.quick else f" --repeat {repeat}") + " --write-docs"
    lines = [
        f"Measured {now():%Y-%m-%d}{f' at {commit}' if commit else ''} with `{command}` ({minutes:.0f} min) on {os.cpu_count()} shared cores "
        f"(load average {load[0]:.2f} before, {load[1]:.2f} after), Python {sys.version.split()[0]}; "
        + ", ".join(f"{s.files} entry files ({s.label})" for s in sizes)
        + f". Median (min–max) of {repeat} fresh processes each (the browser: {max(3, (repeat + 3) // 2)}; jrnl: "
        + ("1" if args.quick else "3") + ").",
        "",
        "| | goal | measured | met |",
        "|---|---|---|---|",
    ]
    for what, goal, measured, met in bench.rows:
        mark = "" if met is None else ("yes" if met else "**no**")
        lines.append(f"| {what} | {goal} | {measured} | {mark} |")
    doc.write_text(head + "\n".join(lines) + "\n", "utf-8")


if __name__ == "__main__":
    main()
