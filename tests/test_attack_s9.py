"""Attacks on session 9's speed work (helper E9): `ritual list` lines from the catalog's covering
index, the JSON export read before the reconcile and written with writev, and the browser's
search counted from the vocabulary.

What broke, and was fixed (each with its test here):
- a letter sealed again on an earlier day (a clock set back after the catalog opened it) was
  found by `list --search` and by the browser's search (and counted), by words kept in the search
  table: `listing._filters` adds the seal rule to a search, and the catalog seals such a letter
  again (`rows.open_letters`), so it equals a catalog built on that day;
- entries of one second were listed in another order from the files than from the catalog;
- a search of marks and no word ("-", "*") found nothing from the catalog and everything from
  the files;
- a full non-blocking pipe or terminal cut `list`, `list --json` and the Markdown export short at
  64 KiB with exit 0 (and the JSON export with exit 1): `output.write_pieces` waits now;
- a catalog row without its line (edited by hand) made `list` fail instead of reading the files;
- the JSON export from the catalog said nothing of the conflict copies it leaves out (the files'
  export says "N file(s) need a look").
Everything else tried held; each held attack has its test too.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest

from ritual_tui.models import GratitudeEntry, LetterEntry, NoteEntry, StrengthsEntry
from ritual_tui.paths import Locations
from ritual_tui.store import Store
from tests.conftest import DAY, FROZEN, run_cli


def _files_path(locations: Locations) -> None:
    """Make the catalog unusable (a folder where its file goes): every command reads the files."""
    for suffix in ("", "-journal"):
        path = locations.catalog_file.with_name(locations.catalog_file.name + suffix)
        if path.exists():
            path.unlink()
    locations.catalog_file.mkdir()


def test_a_letter_opened_by_the_catalog_is_not_found_by_a_search_on_an_earlier_day(locations: Locations) -> None:
    """The catalog put the letter's words in on its day; a clock set back must not let a search
    find it (the files path finds nothing: a sealed letter has no search words)."""
    Store(locations.data_dir).save(LetterEntry(day=DAY, week="2026-W48", body="Dear me,\nthe lighthouse keeper",
                                               wins=["asked"], sealed_until=DAY + timedelta(days=2)))
    Store(locations.data_dir).save(NoteEntry(day=DAY, title="a lighthouse", body="plain"))
    later = (FROZEN + timedelta(days=2)).isoformat()
    assert "lighthouse keeper" in run_cli("list", "--search", "keeper", env={"RITUAL_TUI_FROZEN_NOW": later}).stdout
    from_catalog = run_cli("list", "--search", "lighthouse")
    one_word = run_cli("list", "--search", "keeper")
    _files_path(locations)
    from_files = run_cli("list", "--search", "lighthouse")
    assert from_catalog.stdout == from_files.stdout
    assert len(from_files.stdout.splitlines()) == 1 and "sealed" not in from_files.stdout
    assert one_word.stdout == "" and "No entries match." in one_word.stderr


def test_entries_of_one_second_are_listed_in_one_order_with_or_without_the_catalog(locations: Locations) -> None:
    """The frozen clock gives every entry the same second: the catalog orders them by id, and the
    files' listing used the files' own order (gratitude/ before note/), so the lines differed."""
    store = Store(locations.data_dir)
    for title in ("first", "second", "third"):
        store.save(NoteEntry(day=DAY, title=title, body="x"))
    store.save(GratitudeEntry(day=DAY, items=["tea"]))
    store.save(StrengthsEntry(day=DAY - timedelta(days=1), strength="Hope", use_today="call"))
    from_catalog = run_cli("list")
    _files_path(locations)
    from_files = run_cli("list")
    assert from_catalog.returncode == from_files.returncode == 0
    assert from_files.stdout == from_catalog.stdout and len(from_files.stdout.splitlines()) == 5
    ids = [line.split()[2] for line in from_files.stdout.splitlines()[:4]]
    assert ids == sorted(ids)


# --- `export --format json`: the catalog read before the reconcile ------------------------------

def _export_from_files(locations: Locations) -> str:
    """The export as the files give it (the catalog made unusable first, then given back)."""
    import shutil

    saved = locations.catalog_file.with_name("kept-aside")
    shutil.move(locations.catalog_file, saved)
    locations.catalog_file.mkdir()
    done = run_cli("export", "--format", "json")
    locations.catalog_file.rmdir()
    shutil.move(saved, locations.catalog_file)
    assert done.returncode == 0
    return done.stdout


def _exported_in_process(locations: Locations) -> str:
    from ritual_tui import commands
    from ritual_tui.exchange import export_json_bytes

    documents, complete = commands._catalog_documents(locations)
    assert complete
    return export_json_bytes(documents).decode("utf-8")


def _some_entries(locations: Locations) -> Path:
    store = Store(locations.data_dir)
    for back in range(3):
        store.save(NoteEntry(day=DAY - timedelta(days=back), title=f"note {back}", body="tea with Ana"))
    store.save(LetterEntry(day=DAY - timedelta(days=7), week="2026-W47", body="Dear me,\nopening today",
                           wins=["one"], sealed_until=DAY))
    return sorted((locations.entries_dir / "note").rglob("*.toml"))[0]


def _edit_before_the_reconcile(monkeypatch: pytest.MonkeyPatch, edit) -> list[int]:
    """Run `edit` after the early read, just before the reconcile; count the reads."""
    from ritual_tui import commands
    from ritual_tui.catalog import Catalog

    reads: list[int] = []
    real_read, real_reconcile = commands._checked_documents, Catalog.reconcile

    def counting(db):
        reads.append(1)
        return real_read(db)

    def reconcile(self, today, **options):
        edit()
        return real_reconcile(self, today, **options)

    monkeypatch.setattr(commands, "_checked_documents", counting)
    monkeypatch.setattr(Catalog, "reconcile", reconcile)
    return reads


def test_a_file_edited_in_place_with_its_mtime_put_back_after_the_early_read(locations: Locations, monkeypatch) -> None:
    note = _some_entries(locations)
    assert run_cli("export", "--format", "json").returncode == 0  # the catalog is built, the letter open
    before = note.stat()

    def edit() -> None:
        data = note.read_bytes()
        assert b"tea with Ana" in data
        with open(note, "r+b") as handle:  # same size, same inode: only its ctime tells
            handle.write(data.replace(b"tea with Ana", b"sea with Ana"))
        os.utime(note, ns=(before.st_atime_ns, before.st_mtime_ns))

    reads = _edit_before_the_reconcile(monkeypatch, edit)
    exported = _exported_in_process(locations)
    assert "sea with Ana" in exported and len(reads) == 2
    assert exported == _export_from_files(locations)


def test_another_process_writes_the_catalog_between_the_read_and_the_reconcile(locations: Locations, monkeypatch) -> None:
    _some_entries(locations)
    assert run_cli("export", "--format", "json").returncode == 0
    Store(locations.data_dir).save(NoteEntry(day=DAY, title="lantern", body="a new word"))
    reads = _edit_before_the_reconcile(monkeypatch, lambda: run_cli("list"))  # it brings the catalog in step
    exported = _exported_in_process(locations)
    assert "lantern" in exported and len(reads) == 2
    assert exported == _export_from_files(locations)


@pytest.mark.parametrize("harm", ["deleted", "garbage", "old schema"])
def test_a_catalog_deleted_or_spoiled_between_the_read_and_the_reconcile(locations: Locations, monkeypatch, harm: str) -> None:
    _some_entries(locations)
    assert run_cli("export", "--format", "json").returncode == 0
    expected = _export_from_files(locations)
    Store(locations.data_dir).save(NoteEntry(day=DAY, title="lantern", body="a new word"))

    def spoil() -> None:
        if harm == "deleted":
            locations.catalog_file.unlink()
        elif harm == "garbage":
            with open(locations.catalog_file, "r+b") as handle:
                handle.seek(4096)
                handle.write(os.urandom(8192))
        else:
            with sqlite3.connect(locations.catalog_file) as other:
                other.execute("UPDATE meta SET value = '13-0.0-1' WHERE key = 'tag'")

    _edit_before_the_reconcile(monkeypatch, spoil)
    from ritual_tui import commands

    found = commands._catalog_documents(locations)
    done = run_cli("export", "--format", "json")
    assert done.returncode == 0 and "lantern" in done.stdout
    if found is not None:
        from ritual_tui.exchange import export_json_bytes

        assert export_json_bytes(found[0]).decode() == done.stdout
    assert expected != done.stdout and done.stdout == _export_from_files(locations)


def test_a_letter_opening_today_in_a_catalog_built_yesterday(locations: Locations) -> None:
    _some_entries(locations)
    yesterday = (FROZEN - timedelta(days=1)).isoformat()
    assert run_cli("list", env={"RITUAL_TUI_FROZEN_NOW": yesterday}).returncode == 0  # the letter still sealed
    with sqlite3.connect(locations.catalog_file) as db:
        assert db.execute("SELECT count(*) FROM files WHERE open = 0").fetchone()[0] == 1
    exported = run_cli("export", "--format", "json")
    assert exported.returncode == 0 and "opening today" in exported.stdout
    assert exported.stdout == _export_from_files(locations)
    with sqlite3.connect(locations.catalog_file) as db:
        assert db.execute("SELECT count(*) FROM files WHERE open = 0").fetchone()[0] == 0


def test_an_export_cut_short_by_its_reader_ends_quietly(locations: Locations) -> None:
    """`| head -c 10`: the pipe closes mid-write (EPIPE, SIGPIPE ignored by Python): exit 0, no
    traceback and no "Exception ignored" at shutdown."""
    import subprocess
    import sys

    store = Store(locations.data_dir)
    for back in range(8):
        store.save(NoteEntry(day=DAY - timedelta(days=back), title="long", body="word " * 19_000))
    for _ in range(2):  # the catalog built, then read before the reconcile
        done = subprocess.run(f"'{sys.executable}' -m ritual_tui export --format json | head -c 10; exit ${{PIPESTATUS[0]}}",
                              shell=True, executable="/bin/bash", capture_output=True, timeout=60)
        assert (done.returncode, done.stdout, done.stderr) == (0, b'{"format":', b"")


def _through_a_full_non_blocking_pipe(*args: str) -> tuple[int, bytes, bytes]:
    """Run the CLI with its output a small non-blocking pipe (as a parent or a terminal another
    program set O_NONBLOCK leaves it), read only once the pipe has long been full."""
    import fcntl
    import subprocess
    import sys

    read_end, write_end = os.pipe()
    fcntl.fcntl(write_end, 1031, 4096)  # F_SETPIPE_SZ: one page
    os.set_blocking(write_end, False)
    child = subprocess.Popen([sys.executable, "-m", "ritual_tui", *args], stdout=write_end, stderr=subprocess.PIPE)
    os.close(write_end)
    time.sleep(0.4)  # the child starts and fills the pipe meanwhile
    with os.fdopen(read_end, "rb") as reader:
        out = reader.read()
    return child.wait(timeout=60), out, child.stderr.read()


@pytest.mark.skipif(sys.platform != "linux", reason="F_SETPIPE_SZ is Linux's")
def test_a_full_non_blocking_pipe_gets_every_byte(locations: Locations) -> None:
    """`BufferedWriter.write` on a non-blocking pipe that fills reports a part written and no
    error: `list` and the Markdown export ended with exit 0 and only the first 64 KiB (the JSON
    export's writev raised EAGAIN: exit 1, cut short)."""
    store = Store(locations.data_dir)
    for back in range(60):
        store.save(NoteEntry(day=DAY - timedelta(days=back), title=f"day {back} " + "words " * 10, body="body " * 30))
    assert run_cli("list").returncode == 0  # the catalog is built: the export reads it early
    for args in (["list"], ["export", "--format", "json"], ["list", "--json"], ["export", "--format", "markdown"]):
        expected = run_cli(*args)
        code, out, err = _through_a_full_non_blocking_pipe(*args)
        assert len(expected.stdout) > 4096
        assert (code, out.decode(), err) == (0, expected.stdout, b""), args
    _files_path(locations)
    code, out, err = _through_a_full_non_blocking_pipe("list")
    assert (code, out.decode(), err) == (0, expected_list := run_cli("list").stdout, b"") and len(expected_list) > 4096


def test_write_pieces_waits_while_a_non_blocking_pipe_is_full() -> None:
    import threading

    from ritual_tui.output import write_pieces

    pieces = [bytes([65 + n % 26]) * 997 for n in range(300)]
    read_end, write_end = os.pipe()
    os.set_blocking(write_end, False)
    got: list[bytes] = []

    def slow_reader() -> None:
        time.sleep(0.2)  # the pipe fills first: writev and write meet EAGAIN
        with os.fdopen(read_end, "rb") as reader:
            got.append(reader.read())

    reader = threading.Thread(target=slow_reader)
    reader.start()
    with open(write_end, "wb") as stream:
        write_pieces(stream, pieces)
    reader.join(timeout=10)
    assert got == [b"".join(pieces)]


def test_a_command_run_in_process_writes_to_a_plain_text_stream(locations: Locations) -> None:
    """`write_out` on a stream with no bytes below it (io.StringIO) writes the text as it is."""
    import argparse
    import contextlib
    import io

    from ritual_tui import commands

    Store(locations.data_dir).save(NoteEntry(day=DAY, title="in process", body="x"))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        args = argparse.Namespace(kind=None, since=None, until=None, search=None, json=False)
        assert commands.cmd_list(locations, args) == 0
    assert out.getvalue().endswith("  in process\n")


# --- `ritual list` lines against the files ---------------------------------------------------

def _same_with_and_without_the_catalog(locations: Locations, *args: str, env: dict | None = None) -> str:
    from_catalog = run_cli("list", *args, env=env)
    _files_path(locations)
    from_files = run_cli("list", *args, env=env)
    locations.catalog_file.rmdir()
    assert from_catalog.returncode == from_files.returncode == 0
    assert (from_catalog.stdout, from_catalog.stderr) == (from_files.stdout, from_files.stderr)
    return from_catalog.stdout


def test_second_files_of_an_id_and_conflict_copies_list_as_the_files_do(locations: Locations) -> None:
    store = Store(locations.data_dir)
    note = store.save(NoteEntry(day=DAY - timedelta(days=1), title="at home", body="x")).path
    text = note.read_text(encoding="utf-8")
    (note.parent / "elsewhere.toml").write_text(text.replace("at home", "\\u001b]0;away\\u0007 elsewhere"), encoding="utf-8")
    (note.parent / (note.stem + ".sync-conflict-20261101-101010-ABCDEFG.toml")).write_text(
        text.replace("at home", "the copy \\u202e"), encoding="utf-8")
    lines = _same_with_and_without_the_catalog(locations)
    assert lines.endswith("  at home\n") and len(lines.splitlines()) == 1
    _same_with_and_without_the_catalog(locations, "--search", "away")  # the second file is no one's search


def test_a_seal_on_another_kind_seals_nothing(locations: Locations) -> None:
    note = Store(locations.data_dir).save(NoteEntry(day=DAY, title="not a letter", body="open words")).path
    with open(note, "a", encoding="utf-8") as handle:
        handle.write(f"sealed_until = {(DAY + timedelta(days=5)).isoformat()}\n")
    lines = _same_with_and_without_the_catalog(locations, "--search", "open")
    assert lines.endswith("  not a letter\n")


def test_letters_on_the_day_before_their_seal_and_on_it_from_a_catalog_made_earlier(locations: Locations) -> None:
    store = Store(locations.data_dir)
    store.save(LetterEntry(day=DAY - timedelta(days=6), week="2026-W47", body="Dear me,\nopens today", wins=["a"],
                           sealed_until=DAY))
    store.save(LetterEntry(day=DAY - timedelta(days=1), week="2026-W48", body="Dear me,\nopens tomorrow", wins=["b"],
                           sealed_until=DAY + timedelta(days=1)))
    assert run_cli("list", env={"RITUAL_TUI_FROZEN_NOW": (FROZEN - timedelta(days=1)).isoformat()}).returncode == 0
    lines = _same_with_and_without_the_catalog(locations)  # the catalog opens one letter on the way
    assert "Dear me, opens today" in lines and "opens tomorrow" not in lines
    assert f"(sealed until {(DAY + timedelta(days=1)).isoformat()})" in lines
    assert _same_with_and_without_the_catalog(locations, "--search", "opens").count("\n") == 1


def test_a_catalog_of_the_last_schema_is_rebuilt_with_its_list_lines(locations: Locations) -> None:
    Store(locations.data_dir).save(NoteEntry(day=DAY, title="schema thirteen", body="x"))
    assert run_cli("list").returncode == 0
    with sqlite3.connect(locations.catalog_file) as db:
        tag = db.execute("SELECT value FROM meta WHERE key = 'tag'").fetchone()[0]
        db.execute("UPDATE meta SET value = ? WHERE key = 'tag'", ("13" + tag[tag.index("-"):],))
        db.execute("UPDATE files SET line_head = NULL, list_line = NULL")  # as a schema 13 row has none
    assert run_cli("list").stdout.endswith("  schema thirteen\n")
    with sqlite3.connect(locations.catalog_file) as db:
        assert db.execute("SELECT value FROM meta WHERE key = 'tag'").fetchone()[0] == tag
        assert db.execute("SELECT count(*) FROM files WHERE list_line IS NULL").fetchone()[0] == 0
    assert _same_with_and_without_the_catalog(locations).endswith("  schema thirteen\n")


def test_a_search_of_marks_and_no_word_finds_nothing_with_or_without_the_catalog(locations: Locations) -> None:
    """`--search -` (or `*`, `"`): the catalog's FTS5 phrase has no token and matches nothing; the
    files' rule found no word to look for and listed every entry."""
    Store(locations.data_dir).save(NoteEntry(day=DAY, title="tea - time * \"quoted\"", body="x"))
    for marks in ("-", "*", '"', "( )", "- *"):
        assert _same_with_and_without_the_catalog(locations, "--search", marks) == ""
    assert _same_with_and_without_the_catalog(locations, "--search", "- tea").endswith("time * \"quoted\"\n")
    assert _same_with_and_without_the_catalog(locations, "--search", "   ").count("\n") == 1  # blank: no search


def test_an_export_with_a_broken_file_says_the_same_from_the_catalog_read_early(locations: Locations) -> None:
    _some_entries(locations)
    (locations.entries_dir / "note" / "broken.toml").write_text("id = \"unterminated\n\x1b[31m", encoding="utf-8")
    first = run_cli("export", "--format", "json")
    early = run_cli("export", "--format", "json")
    _files_path(locations)
    from_files = run_cli("export", "--format", "json")
    assert first.returncode == early.returncode == from_files.returncode == 1
    assert (first.stdout, first.stderr) == (early.stdout, early.stderr) == (from_files.stdout, from_files.stderr)
    assert "leaves out 1 file" in early.stderr and "\x1b" not in early.stderr


def test_a_lone_surrogate_or_invalid_bytes_in_a_title_leave_no_trace_on_a_terminal(locations: Locations) -> None:
    note = Store(locations.data_dir).save(NoteEntry(day=DAY, title="TITLE", body="x")).path
    text = note.read_text(encoding="utf-8")
    (note.parent / "surrogate.toml").write_text(text.replace("TITLE", "\\ud800 lone").replace(note.stem[-10:], "aaaaaaaaaa"),
                                                encoding="utf-8")
    (note.parent / "bytes.toml").write_bytes(text.replace("TITLE", "bad").replace(note.stem[-10:], "bbbbbbbbbb")
                                             .encode().replace(b"bad", b"b\xff\xfe\x9b31m"))
    lines = _same_with_and_without_the_catalog(locations)
    assert lines.count("\n") == 1 and "TITLE" in lines
    done = run_cli("list")
    assert "2 file(s) need a look" in done.stderr and "\x9b" not in done.stderr + done.stdout


def test_a_row_left_without_its_line_sends_the_list_to_the_files(locations: Locations) -> None:
    """A catalog edited by hand (a NULL part of a line) made `list` fail ("ritual: TypeError ...",
    exit 1); it now lists from the files and the catalog is built again. A line edited to hold ESC
    is written as stored: like the export's documents, the cache (0600 in a 0700 folder) is
    trusted, and looking at every line again costs about 8 ms per MB of list."""
    store = Store(locations.data_dir)
    for title in ("one", "two"):
        store.save(NoteEntry(day=DAY, title=title, body="x"))
    expected = run_cli("list").stdout
    with sqlite3.connect(locations.catalog_file) as db:
        db.execute("UPDATE files SET list_line = NULL WHERE n = (SELECT max(n) FROM files)")
    done = run_cli("list")
    assert (done.returncode, done.stdout, done.stderr) == (0, expected, "")
    assert run_cli("list").stdout == expected
    with sqlite3.connect(locations.catalog_file) as db:
        assert db.execute("SELECT count(*) FROM files WHERE list_line IS NULL").fetchone()[0] == 0


def test_the_reframe_patterns_follow_the_lines_through_a_pipe(locations: Locations) -> None:
    """The lines go straight to the file (write_out) and the patterns through sys.stdout after
    them: the order holds with and without the catalog."""
    from ritual_tui.models import ReframeEntry

    store = Store(locations.data_dir)
    for back in range(4):
        store.save(ReframeEntry(day=DAY - timedelta(days=back), what_happened=f"event {back}", traps=["labelling"]))
    out = _same_with_and_without_the_catalog(locations, "--kind", "reframe")
    lines = out.splitlines()
    assert [line.endswith(f"event {back}") for back, line in enumerate(lines[:4])] == [True] * 4
    assert "labelling" in "\n".join(lines[4:]).lower()


# --- a clock set back after the catalog opened a letter ------------------------------------------

def _catalog_state(path: Path) -> tuple[list, list]:
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT n, path, title, list_line, open, listed FROM files ORDER BY n").fetchall()
        words = db.execute("SELECT rowid, kind, text FROM words ORDER BY rowid").fetchall()
    return rows, words


def test_a_letter_sealed_again_leaves_the_catalog_as_a_build_on_that_day(locations: Locations, tmp_path: Path) -> None:
    """The catalog opened the letter on its day; a clock set back before it now takes its title and
    words out again (the browser's search found it by its words and counted it), and puts them
    back when the day comes again."""
    from ritual_tui.catalog import Catalog

    store = Store(locations.data_dir)
    store.save(LetterEntry(day=DAY, week="2026-W48", body="Dear me,\nthe lighthouse keeper", wins=["asked"],
                           sealed_until=DAY + timedelta(days=2)))
    store.save(LetterEntry(day=DAY - timedelta(days=8), week="2026-W47", body="Dear me,\nan old lighthouse", wins=["b"],
                           sealed_until=DAY - timedelta(days=1)))
    store.save(NoteEntry(day=DAY, title="a lighthouse", body="plain"))
    Catalog(locations.catalog_file, locations.entries_dir).reconcile(DAY + timedelta(days=2))  # the letter opens
    opened = _catalog_state(locations.catalog_file)
    catalog = Catalog(locations.catalog_file, locations.entries_dir)
    catalog.reconcile(DAY)  # the clock set back two days
    fresh = Catalog(tmp_path / "fresh.sqlite3", locations.entries_dir)
    fresh.reconcile(DAY)
    fresh.close()
    assert _catalog_state(locations.catalog_file) == _catalog_state(tmp_path / "fresh.sqlite3") != opened
    for query in ("lighthouse", "keeper", "keep", "lighthouse keeper"):
        pages = catalog.pages(None, query)
        listed = [(entry.kind, entry.day) for entry in pages.window(0, 50)]
        assert ("letter", DAY) not in listed and pages.count() == len(listed), query
    catalog.close()
    Catalog(locations.catalog_file, locations.entries_dir).reconcile(DAY + timedelta(days=2))
    assert _catalog_state(locations.catalog_file) == opened


def test_the_app_seals_a_letter_again_when_its_day_goes_back(locations: Locations) -> None:
    """`Catalog.open_letters` (the app's day change) takes the same rule."""
    from ritual_tui.catalog import Catalog

    Store(locations.data_dir).save(LetterEntry(day=DAY, week="2026-W48", body="Dear me,\nsecret words", wins=["a"],
                                               sealed_until=DAY + timedelta(days=1)))
    catalog = Catalog(locations.catalog_file, locations.entries_dir)
    catalog.reconcile(DAY + timedelta(days=1))
    assert catalog.pages(None, "secret").count() == 1
    catalog.open_letters(DAY)
    assert catalog.pages(None, "secret").count() == 0 and catalog.pages(None, "secret").window(0, 5) == []
    catalog.open_letters(DAY + timedelta(days=1))
    assert catalog.pages(None, "secret").count() == 1


def test_an_export_beside_conflict_copies_says_so_as_the_files_do(locations: Locations) -> None:
    """A conflict copy or a second file of an id is not in the export (its words may differ from
    the entry's): the files' export said "3 file(s) need a look", the catalog's said nothing."""
    note = Store(locations.data_dir).save(NoteEntry(day=DAY - timedelta(days=1), title="at home", body="x")).path
    text = note.read_text(encoding="utf-8")
    (note.parent / "elsewhere.toml").write_text(text.replace("at home", "elsewhere"), encoding="utf-8")
    (note.parent / (note.stem + ".sync-conflict-20261101-101010-ABCDEFG.toml")).write_text(
        text.replace("at home", "words from the phone"), encoding="utf-8")
    built, early = run_cli("export", "--format", "json"), run_cli("export", "--format", "json")
    _files_path(locations)
    from_files = run_cli("export", "--format", "json")
    assert built.returncode == early.returncode == from_files.returncode == 0
    assert (built.stdout, built.stderr) == (early.stdout, early.stderr) == (from_files.stdout, from_files.stderr)
    assert "2 file(s) need a look" in early.stderr and "at home" in early.stdout and "phone" not in early.stdout
