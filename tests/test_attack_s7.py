"""Session 7's changes attacked on purpose (helper E7): the catalog must never answer otherwise than
the entry files, the browser's search must answer as a plain prefix search, `find` failing must
mean a full walk, and a build's helper process must never outlive the app.

Tests marked xfail(strict=True) show a problem found and not yet fixed; each says what breaks."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import sys
import time
from datetime import date, datetime, time as clock_time, timedelta, timezone
from pathlib import Path

import pytest

from ritual_tui.catalog import Catalog
from ritual_tui.catalog import changes as changes_module
from ritual_tui.catalog.pages import search_match, words_beginning
from ritual_tui.catalog.words import match_text
from ritual_tui.clock import add_months
from ritual_tui.models import ExposureEntry, GratitudeEntry, LadderStep, NoteEntry
from ritual_tui.paths import Locations
from ritual_tui.store import Store
from tests.conftest import DAY, run_cli


# --- insights: `ritual insights --json` from the catalog against the same command from the files ---


def exposure(day: date, hour: int, offset_hours: int, peak: int, step: LadderStep | None = None,
             name: str = "", predicted: int = 50) -> ExposureEntry:
    """An attempt written at `hour` local time in a zone `offset_hours` from UTC."""
    at = datetime.combine(day, clock_time(hour), timezone(timedelta(hours=offset_hours)))
    named = {"step": step.name, "step_id": step.id} if step else {"step": name, "step_id": "gone" + name[:6].lower()}
    return ExposureEntry(day=day, **named, predicted_discomfort=predicted, discomfort_peak=peak, outcome="done",
                         created=at, updated=at)


def insights_both_ways(locations: Locations, tmp_path: Path) -> tuple[dict, dict]:
    """`ritual insights --json` answered from the catalog, then with no catalog to be had (the
    files alone: the cache folder is a file)."""
    from_catalog = run_cli("insights", "--json")
    assert from_catalog.returncode == 0, from_catalog.stderr
    blocked = tmp_path / "cache-is-a-file"
    blocked.write_text("not a folder")
    from_files = run_cli("insights", "--json", env={"XDG_CACHE_HOME": str(blocked)})
    assert from_files.returncode == 0, from_files.stderr
    assert not list(tmp_path.glob("cache-is-a-file/*"))
    return json.loads(from_catalog.stdout), json.loads(from_files.stdout)


def test_insights_json_from_the_catalog_equals_the_files_on_a_plain_history(locations: Locations, tmp_path: Path) -> None:
    step = LadderStep(id="stepsay001", day=DAY - timedelta(days=90), name="Say hello", difficulty=20, position=0.0)
    store = Store(locations.data_dir)
    store.save(step)
    for back in range(0, 40, 2):  # ties: attempts at the same moment on one day, one zone
        for peak in (10, 20):
            store.save(exposure(DAY - timedelta(days=back), 18, 1, peak + back, step=step if back % 4 else None,
                                name="Ring the bell"))
    catalog, files = insights_both_ways(locations, tmp_path)
    assert catalog == files and catalog["exposure"]["overall"]["attempts"] == 40


def test_courage_on_this_day_is_the_same_from_the_catalog_and_from_the_files(locations: Locations, tmp_path: Path) -> None:
    step = LadderStep(id="stepsay001", day=DAY - timedelta(days=90), name="Say hello", difficulty=20, position=0.0)
    yesterday = DAY - timedelta(days=1)
    store = Store(locations.data_dir)
    for entry in (step, exposure(add_months(DAY, -1), 18, 1, 70, step=step),
                  exposure(yesterday, 10, 5, 11, step=step),   # 05:00 UTC: the earlier attempt
                  exposure(yesterday, 8, 0, 22, step=step)):   # 08:00 UTC: the later one, "this week's peak"
        store.save(entry)
    from_catalog = run_cli("insights")
    blocked = tmp_path / "cache-is-a-file"
    blocked.write_text("not a folder")
    from_files = run_cli("insights", env={"XDG_CACHE_HOME": str(blocked)})
    assert "this week the peak was 22" in from_catalog.stdout
    assert from_catalog.stdout == from_files.stdout


def test_steps_attempted_before_1970_are_listed_in_the_files_order(locations: Locations, tmp_path: Path) -> None:
    old = date(1960, 5, 1)
    store = Store(locations.data_dir)
    store.save(exposure(old, 10, 0, 40, name="Alpha"))
    store.save(exposure(old, 8, 0, 40, name="Beta"))  # the first attempt of that day
    catalog, files = insights_both_ways(locations, tmp_path)
    assert [s["name"] for s in files["exposure"]["steps"]] == ["Beta", "Alpha"]
    assert catalog == files


# --- the browser's search: whole words from FTS5's vocabulary against a plain prefix search ---

ODD_WORDS = ["walking", "walkabout", "Walker", "WALKS", "café", "Cafés", "cafe", "naïve", "don't", "o'clock",
             "l’amour", "well-being", "wellbeing", "2024", "20245", "2024a", "日本語", "日本", "🙂", "walk🙂",
             "straße", "Ärger", "İstanbul", "ﬁle", "ａｂｃｄ", "١٢٣٤", "grateful", "gratis", "notebook", "x_y"]
ODD_WORDS += [f"walk{letter}x" for letter in "abcdefghijklmnopqrst"]  # "walk" begins more than 16 words


def odd_catalog(tmp_path: Path) -> Catalog:
    store = Store(tmp_path / "data")
    for n, word in enumerate(ODD_WORDS):
        store.save(NoteEntry(day=DAY - timedelta(days=n), note_title=f"t{n}", body=f"{word} {ODD_WORDS[n * 7 % len(ODD_WORDS)]}",
                             tags=[word] if n % 3 == 0 else []))
        if n % 5 == 0:
            store.save(GratitudeEntry(day=DAY - timedelta(days=n), items=[word]))
    catalog = Catalog(tmp_path / "catalog.sqlite3", tmp_path / "data" / "entries")
    catalog.reconcile(DAY)
    return catalog


def answer(db: sqlite3.Connection, match: str | None) -> list[int] | str:
    if match is None:
        return []
    try:
        return sorted(n for (n,) in db.execute("SELECT rowid FROM words WHERE words MATCH ?", (match,)))
    except sqlite3.Error as error:
        return f"error: {error}"


def test_the_search_answers_as_a_prefix_search_for_odd_words(tmp_path: Path) -> None:
    catalog = odd_catalog(tmp_path)
    db = catalog.connection()
    queries = {word[:end] for word in ODD_WORDS for end in range(1, len(word) + 1)}
    queries |= {query.upper() for query in queries} | {"grat", "grati", "gratitude", "note", "notes", "walk cafe",
                                                         "WALK 2024", "walka don't", "gratitude walk", "walkqx"}
    wrong = [query for query in sorted(queries) if answer(db, search_match(catalog, db, query)) != answer(db, match_text(query))]
    assert wrong == []
    # a word of the kind column alone ("gratitude") finds nothing, as the prefix search says
    assert answer(db, search_match(catalog, db, "gratitude")) == [] and answer(db, search_match(catalog, db, "grat")) != []


def test_the_words_found_follow_every_write_of_this_and_another_process(tmp_path: Path) -> None:
    catalog = odd_catalog(tmp_path)
    db = catalog.connection()
    assert words_beginning(catalog, db, "zebr") == ()
    store = Store(tmp_path / "data")
    mine = NoteEntry(day=DAY, body="zebra crossing")
    catalog.note_saved(store.save(mine).path, DAY)  # this connection writes
    assert words_beginning(catalog, db, "zebr") == ("zebra",)
    assert answer(db, search_match(catalog, db, "zebras")) == answer(db, match_text("zebras")) == []
    store.save(NoteEntry(day=DAY, body="zebras everywhere"))
    other = Catalog(tmp_path / "catalog.sqlite3", tmp_path / "data" / "entries")
    other.reconcile(DAY)  # another connection writes (as another process would)
    other.close()
    assert words_beginning(catalog, db, "zebr") == ("zebra", "zebras")
    assert answer(db, search_match(catalog, db, "zebras")) == answer(db, match_text("zebras")) != []


def test_the_words_found_are_not_kept_across_a_reopened_connection(tmp_path: Path) -> None:
    """A catalog closed and opened again gets a new connection, often at the old one's address and
    with the same fresh counters: the words found through the old one must not be used with it."""
    data, path = tmp_path / "data", tmp_path / "catalog.sqlite3"
    store = Store(data)
    store.save(NoteEntry(day=DAY, body="walking home"))
    Catalog(path, data / "entries").reconcile(DAY)
    reader = Catalog(path, data / "entries")  # only reads, as a browser does
    assert words_beginning(reader, reader.connection(), "walk") == ("walking",)
    reader.close()
    store.save(NoteEntry(day=DAY - timedelta(days=1), body="walkabout"))
    writer = Catalog(path, data / "entries")
    writer.reconcile(DAY)
    writer.close()
    del writer
    db = reader.connection()
    assert answer(db, search_match(reader, db, "walka")) == answer(db, match_text("walka")) != []


# --- `find` failing in any way means a full walk, never a stale answer ---

FAKE_FINDS = {
    "killed": "#!/bin/sh\nkill -9 $$\n",
    "fails silently": "#!/bin/sh\nexit 1\n",
    "complains but exits 0": "#!/bin/sh\necho 'find: something odd' >&2\nexit 0\n",
    "not executable": None,
}


@pytest.mark.skipif(shutil.which("find") is None, reason="needs find")
@pytest.mark.parametrize("kind", list(FAKE_FINDS))
def test_a_find_that_fails_in_any_way_means_a_full_walk(tmp_path: Path, monkeypatch, kind: str) -> None:
    monkeypatch.setattr(changes_module, "MARGIN_NS", 0)
    data, path = tmp_path / "data", tmp_path / "cache" / "catalog.sqlite3"
    store = Store(data)
    kept = GratitudeEntry(day=DAY, items=["first words"])
    store.save(kept)
    catalog = Catalog(path, data / "entries")
    catalog.reconcile(DAY)
    time.sleep(0.03)
    catalog.reconcile(DAY)  # a trusted stamp: the next reconcile asks find
    time.sleep(0.03)
    added = GratitudeEntry(day=DAY, items=["added later"])
    store.save(added)
    fakes = tmp_path / "fake-bin"
    fakes.mkdir()
    script = fakes / "find"
    script.write_text(FAKE_FINDS[kind] or "#!/bin/sh\nexit 0\n")
    script.chmod(0o600 if FAKE_FINDS[kind] is None else 0o700)
    monkeypatch.setenv("PATH", f"{fakes}:{os.environ['PATH']}" if FAKE_FINDS[kind] else str(fakes))
    catalog.reconcile(DAY)
    assert {row["id"] for row in catalog.rows()} == {kept.id, added.id}


# --- exporting: one join gives the same document ---


def test_the_export_document_is_the_same_for_none_one_and_many_entries() -> None:
    from ritual_tui.exchange import export_json_bytes

    for entries in ([], [b'{"a": 1}'], [b'{"a": 1}', b'{"b": "\xc3\xa9"}', b'{"c": []}']):
        given = list(entries)
        document = json.loads(export_json_bytes(given))
        assert document["entries"] == [json.loads(e) for e in entries] and given == entries


# --- the build's helper started before the first frame never outlives the app ---

SLOW_HELPER_APP = """
import sys
from ritual_tui.catalog import ahead, build, catalog
# The helper is made slow to start (as at nice 10 on a busy machine), and started for any history.
build._START = "import time; time.sleep(30); " + build._START
build.spare_core = lambda: True
ahead._years_of_entries = lambda entries_dir, wanted: True
catalog.HELPED_FROM = 0
from ritual_tui.app import RitualApp


def crash(self):
    raise RuntimeError("a handler fails")


RitualApp.action_help = crash  # "?" crashes the app
RitualApp._start_history = lambda self: None  # no build takes the helper and stops it: it runs until the app ends
from ritual_tui.cli import main
sys.exit(main([]))
"""


def children_of(pid: int) -> list[int]:
    found = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                stat = Path(f"/proc/{name}/stat").read_text()
            except OSError:
                continue
            if int(stat.rpartition(")")[2].split()[1]) == pid:
                found.append(int(name))
    return found


def command_of(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""  # a short-lived child, gone already


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("ending", [
    "ctrl+q",
    "a crash",
    "SIGTERM",
    "SIGHUP",
    "SIGKILL",
])
def test_the_helper_started_ahead_never_outlives_the_app(locations: Locations, tmp_path: Path, ending: str) -> None:
    from tests.test_pty import Terminal

    store = Store(locations.data_dir)
    for back in (0, 400):
        store.save(GratitudeEntry(day=DAY - timedelta(days=back), items=["a private word"]))
    script = tmp_path / "slow_helper_app.py"
    script.write_text(SLOW_HELPER_APP)
    # As from a shell: the terminal's session leader is not the app, so the app's end hangs nothing up.
    shell = f"import subprocess, sys, time; subprocess.call([sys.executable, {str(script)!r}]); time.sleep(60)"  # killed at the end
    terminal = Terminal(["-c", shell])
    helpers: list[int] = []
    try:
        terminal.wait_for(b"Quit")
        (app,) = children_of(terminal.pid)
        deadline = time.monotonic() + 10
        while not helpers and time.monotonic() < deadline:
            helpers = [pid for pid in children_of(app) if b"catalog.build" in command_of(pid)]
            terminal.pump(0.05)
        assert len(helpers) == 1
        command_line = Path(f"/proc/{helpers[0]}/cmdline").read_bytes()
        assert str(locations.data_dir).encode() not in command_line and b"private" not in command_line
        terminal.pump(0.3)
        assert alive(helpers[0])  # still running when the app ends
        if ending == "ctrl+q":
            os.write(terminal.fd, b"\x11")
        elif ending == "a crash":
            os.write(terminal.fd, b"?")
        else:
            os.kill(app, getattr(signal, ending))
        end = time.monotonic() + 10
        while alive(app) and time.monotonic() < end:
            terminal.pump(0.05)
        assert not alive(app)
        end = time.monotonic() + 10
        while alive(helpers[0]) and time.monotonic() < end:
            terminal.pump(0.05)
        assert alive(terminal.pid)  # the "shell" still holds the terminal
        assert not alive(helpers[0]), "the helper still runs after the app is gone"
    finally:
        for pid in helpers:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            os.kill(terminal.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        terminal.wait_exit()
        terminal.close()


# --- the helper started ahead lets go of its rows once the build took them ---


def test_a_helper_started_ahead_keeps_no_rows_after_the_build(tmp_path: Path, monkeypatch) -> None:
    import gc
    import weakref

    from ritual_tui.catalog import ahead
    from ritual_tui.catalog import build as build_module
    from ritual_tui.catalog import catalog as catalog_module
    from tests.test_catalog_build import write_history

    monkeypatch.setattr(catalog_module, "HELPED_FROM", 0)
    monkeypatch.setattr(build_module, "spare_core", lambda: True)
    monkeypatch.setattr(ahead, "_years_of_entries", lambda entries_dir, wanted: True)
    write_history(tmp_path / "data")
    entries = tmp_path / "data" / "entries"
    ahead.start_early(tmp_path / "catalog.sqlite3", entries, DAY, 0)
    helper = weakref.ref(ahead._EARLY[str(entries)])
    deadline = time.monotonic() + 60
    while helper().running and time.monotonic() < deadline:
        time.sleep(0.02)
    Catalog(tmp_path / "catalog.sqlite3", entries).reconcile(DAY, full=True)
    gc.collect()
    assert not ahead._EARLY
    left = helper()
    assert left is None or not left._blocks, f"{sum(len(b) for b in left._blocks)} rows still held"


# --- files removed or renamed after the helper started ahead read them ---


@pytest.mark.parametrize("change", ["removed", "renamed", "moved to another year folder", "same size, mtime put back"])
def test_files_removed_or_renamed_after_the_helper_read_them_are_seen(tmp_path: Path, monkeypatch, change: str) -> None:
    from ritual_tui.catalog import ahead
    from ritual_tui.catalog import build as build_module
    from ritual_tui.catalog import catalog as catalog_module
    from tests.test_catalog_build import dump, write_history
    from tests.test_catalog_build_s7 import reference, started_ahead

    monkeypatch.setattr(catalog_module, "HELPED_FROM", 0)
    monkeypatch.setattr(build_module, "spare_core", lambda: True)
    monkeypatch.setattr(ahead, "_years_of_entries", lambda entries_dir, wanted: True)
    write_history(tmp_path / "data")
    started_ahead(tmp_path / "data")
    last = sorted((tmp_path / "data" / "entries" / "strengths").rglob("*.toml"))[-1]  # among the helper's first block
    if change == "removed":
        last.unlink()
    elif change == "renamed":
        last.rename(last.with_name("zz-" + last.name))
    elif change == "same size, mtime put back":  # an editor writing in place: only the ctime tells
        before = last.stat()
        last.write_bytes(last.read_bytes().replace(b"heron walk", b"otter swim"))
        os.utime(last, ns=(before.st_atime_ns, before.st_mtime_ns))
        assert last.stat().st_size == before.st_size
    else:
        other = last.parent.with_name("1999")
        other.mkdir()
        last.rename(other / last.name)
    Catalog(tmp_path / "catalog.sqlite3", tmp_path / "data" / "entries").reconcile(DAY, full=True)
    assert dump(tmp_path / "catalog.sqlite3") == reference(tmp_path)
    with sqlite3.connect(tmp_path / "catalog.sqlite3") as db:
        paths = {path for (path,) in db.execute("SELECT path FROM files")}
    if change == "same size, mtime put back":
        with sqlite3.connect(tmp_path / "catalog.sqlite3") as db:
            assert db.execute("SELECT COUNT(*) FROM words WHERE words MATCH 'otter'").fetchone() == (1,)
    else:
        assert last.relative_to(tmp_path / "data" / "entries").as_posix() not in paths
    assert not ahead._EARLY


# --- months of the first years of the calendar (rule 17: dates at the edges) ---


def test_months_of_early_years_are_named_alike_from_the_catalog_and_the_files(locations: Locations, tmp_path: Path) -> None:
    import re

    from ritual_tui.models import ReframeEntry

    store = Store(locations.data_dir)
    for day in (date(1, 1, 1), date(999, 3, 4), DAY):
        store.save(GratitudeEntry(day=day, items=["the first tea"]))
        store.save(ReframeEntry(day=day, what_happened="x", traps=["labelling"]))
    catalog, files = insights_both_ways(locations, tmp_path)
    for found in (catalog, files):
        months = [*found["practice_days_per_month"], *found["thinking_traps_per_month"]]
        assert all(re.fullmatch(r"\d{4}-\d{2}", month) for month in months), months
    assert catalog == files
