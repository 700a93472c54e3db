"""Attacks on ritual as an adversary and as a careless new user (helper A11, session 11): words that
could fail to reach a disk, words that could leak, odd files, and a terminal driven by an entry.

What broke, and was fixed (each with its test here):
- a weekly letter whose `sealed_until` a person or another tool wrote as a TOML date-time
  (`2027-05-01T00:00:00`, a valid seal: the model reads its day) closed the app at every start
  (TypeError at queries.py: Today's first frame compared the date-time with a day), so nothing
  could be written until the file was fixed by hand. The first frame reads a date field as the
  model does (a midnight date-time or ISO date text gives its day), and a seal it cannot read
  keeps the letter closed, as `sealing.opens_on` does;
- a draft whose list field holds a lone value (edited by hand, or written by another version of
  ritual in a synced data folder: `values = "kind"`, `traps = 5`) closed the app whenever its
  ritual was opened (TypeError in `apply_fields`; a trap held in a list too), and a gratitude
  draft's `items = "one thing"` came back as its letters, "o · n · e ...". A draft is put in its form's shape first
  (`RitualScreen._in_form_shape`): a lone value where the form keeps a list is a list of it;
- `ritual import --from dayone` cut a text's first line at 2,000 characters to make its title and
  dropped the rest of it without a word (a long first paragraph: hundreds of words gone, "Imported
  1, failed 0"). A first line too long for a title stays whole in the body, as jrnl's long first
  sentence already did;
- a weekly letter written across the start of a new ritual day (begun on Sunday night, saved after
  04:00 on Monday) was filed under the next ISO week: the screen's title and its wins said one
  week, the file another, and the next Sunday Today called the new week's letter done. The
  letter is the week its screen showed;
- `ritual --data-dir /tmp` (a new user trying ritual out, as root in a container) made /tmp 0700:
  its sticky bit and everyone's right to write there gone, and every other user's program that
  writes to /tmp failed. A folder shared by every user (the sticky bit) keeps its mode; the
  folders ritual makes inside it are 0700 (`paths.ensure_private_dir`);
- a form opened again over itself (the palette's "A note" from inside a note, or the browser
  reached from the palette and an entry opened again) made two forms of one draft slot: each kept
  its own words in the one draft, and the last to leave wrote over what was typed in the other
  (escape, escape: the words typed in the second form were gone). A second form of a slot open
  below leaves at once and says so; the first keeps every word;
- `ritual export --output` replaced whatever was at the path by a new file: a named pipe, and
  (as root, in a container) a device such as /dev/null or /dev/full, which became a regular file
  holding the journal; `--output /dev/stdout` could not work for anyone else. A device or a named
  pipe is written into (`output.write_file`); `--output /` said "an unexpected error (ValueError
  at pathlib.py)" and now says the path is a folder;
- `ritual` started without a terminal for its input (`ritual < /dev/null`, a desktop launcher or
  a job with no terminal, `echo | ritual`) spun a core for ever: Textual's input loop reads its
  end of file again and again, and nothing could ever be typed. The driver says so at once and
  the app closes with one line and exit 2 (`terminal_input`);
- `ritual list --search café` typed in a terminal set to Latin-1 (the byte 0xE9 reaches argv as a
  lone surrogate) said "an unexpected error (UnicodeEncodeError at listing.py)": it says what is
  wrong in one line, exit 2, as rule 10 asks of argv;
- `ritual import --from dayone` of an export holding one entry dated at the calendar's edge in
  a time zone that pushes it past year 9999 (or before year 1) imported nothing at all: "an
  unexpected error (OverflowError at importers.py)". Such a moment keeps its UTC time, and every
  entry comes in;
- a paste of several lines into a one-line field (a paragraph pasted into a new note, whose
  title has the focus; the reframe's next step; a plan's small step) kept the first line and
  dropped the rest without a word: Textual's Input keeps only `splitlines()[0]`. `SafeInput`
  keeps every line, joined by spaces;
- a new circle's draft came back on screen and was deleted from disk at once: Textual calls
  on_mount for each class that defines it, so CircleEditor's (and CircleStep's) super().on_mount()
  filled the form in twice, and the second time took the restored words for the file's ("the
  same words: nothing to offer") and discarded the draft. Leaving again without typing, or
  quitting, or a crash, lost the words. The form is filled in once;
- `ritual sync` on a machine whose global git ignore list holds `*.toml` (or `entries/`) said
  "Synced." and its status "0 changed file(s) not yet committed" while not one entry had ever
  been committed or pushed: the user believed their journal copied to the remote. Sync reads
  ritual's own ignore list only (`core.excludesFile`, written at every sync);
- `ritual config edit` with a quote left open in $EDITOR said "an unexpected error (ValueError at
  shlex.py)"; it says the editor could not be started and why, as for a missing editor.

Held (tried by hand, no test): every quit path with words in a form (ctrl+q, q, the palette's
Quit, escape, SIGTERM, SIGHUP, SIGINT, kill -9 after the debounce); sealed letters in the
browser, its search, `L`, enter on one, conflict copies and second files of one, `list`,
`list --json` (unknown fields left out), `show`, the Markdown export, doctor; ESC, OSC, BEL and
U+202E in config values, prompts, theme names and file names, a data folder's name and every
command's arguments (no raw byte on any output, the app's title untouched); odd entry files
(BOM, CRLF, NUL, bad UTF-8, wrong types, a folder named *.toml, FIFO, links out and in loops,
216 MB); key mashing at 80x24 and smaller (18 runs of 600-900 random keys, with and without a
history: nothing lost, every file parses).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import stat
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest

from textual.widgets import Input, SelectionList

from ritual_tui.paths import Locations
from ritual_tui.quick import QuickJournal
from ritual_tui.quick_settings import read_quick_settings
from ritual_tui.store.summary import EntrySummary
from tests.conftest import DAY, FROZEN, at_first_frame, entry_files, read_toml, run_cli


def write_entry(locations: Locations, kind: str, day, entry_id: str, fields: str) -> Path:
    """A hand-written entry file (as a person or another tool would write it)."""
    folder = locations.data_dir / "entries" / kind / f"{day:%Y}"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / f"{day.isoformat()}-{entry_id}.toml"
    when = FROZEN.isoformat()
    path.write_text(f'schema = 1\nid = "{entry_id}"\nkind = "{kind}"\nday = {day.isoformat()}\n'
                    f"created = {when}\nupdated = {when}\n{fields}\n", "utf-8")
    path.chmod(0o600)
    return path


def letter_sealed_as(locations: Locations, seal: str, entry_id: str = "sealed0001") -> Path:
    iso_year, iso_week, _ = DAY.isocalendar()
    return write_entry(locations, "letter", DAY, entry_id,
                       f'week = "{iso_year}-W{iso_week:02d}"\nbody = "SECRET words"\nsealed_until = {seal}')


def test_a_seal_written_as_a_date_time_neither_closes_the_app_nor_opens_the_letter(locations: Locations) -> None:
    opens = DAY + timedelta(days=150)
    path = letter_sealed_as(locations, f"{opens.isoformat()}T00:00:00")
    assert path.name not in run_cli("doctor").stdout  # a valid entry: the model reads the seal's day
    seen = at_first_frame("[self.app.today_source.is_hidden(self.app.today_source.this_weeks_letter()), "
                          "str(self.app.today_source.letters_opening())]")
    assert seen == [True, "[]"]
    shown = run_cli("list")
    assert "SECRET" not in shown.stdout and f"(sealed until {opens.isoformat()})" in shown.stdout


def test_the_first_frame_reads_a_date_field_as_the_model_does(locations: Locations) -> None:
    opens = DAY + timedelta(days=150)
    seals = {"sealdt0001": f"{opens.isoformat()}T00:00:00", "sealtx0001": f'"{opens.isoformat()}"',
             "sealdt0002": f"{opens.isoformat()}T09:30:00", "sealnm0001": "20270501", "sealok0001": opens.isoformat()}
    for entry_id, seal in seals.items():
        letter_sealed_as(locations, seal, entry_id)
    settings, _ = read_quick_settings(locations.config_file)
    quick = {e.id: e for e in QuickJournal(locations.entries_dir, settings, lambda: FROZEN).of_kind("letter")}
    assert {entry_id: quick[entry_id].sealed_until for entry_id in seals} == {
        "sealdt0001": opens, "sealtx0001": opens, "sealok0001": opens,
        "sealdt0002": DAY.max, "sealnm0001": DAY.max,  # not a seal the model reads: closed, never open
    }
    assert all(QuickJournal(locations.entries_dir, settings, lambda: FROZEN).is_hidden(e) for e in quick.values())
    plan = write_entry(locations, "exposure", DAY, "plandt0001",
                       f'step = "ask"\nstep_id = "s1t2e3p4q5"\nsituation = "s"\nsmall_step = "x"\n'
                       f'predicted_discomfort = 40\noutcome = "planned"\nplanned_for = {(DAY + timedelta(days=3)).isoformat()}T00:00:00')
    assert EntrySummary.of_file(plan, "exposure", DAY).planned_for == DAY + timedelta(days=3)


def write_draft(locations: Locations, slot: str, fields: str) -> None:
    """A draft file as a person or another version of ritual could leave it."""
    locations.drafts_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    (locations.drafts_dir / f"{slot}.toml").write_text(
        f'slot = "{slot}"\nsaved = {FROZEN.isoformat()}\nmade_from = "new"\n[fields]\n{fields}\n', "utf-8")


async def test_a_draft_with_a_lone_value_where_a_list_belongs_comes_back_whole(locations: Locations, make_app) -> None:
    from ritual_tui.screens.gratitude import GratitudeScreen
    from ritual_tui.screens.mission import MissionScreen
    from ritual_tui.screens.reframe import ReframeScreen

    write_draft(locations, "mission", 'statement = "I stand for"\nvalues = "kindness"')
    write_draft(locations, "gratitude", 'items = "one thing"')
    write_draft(locations, "reframe", 'what_happened = "a moment"\ntraps = [["labelling"], "catastrophising"]')
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(MissionScreen())
        await pilot.pause()
        assert [field.value for field in app.screen.query(".mission-value").results(Input)][:2] == ["kindness", ""]
        app.pop_screen()
        await app.push_screen(GratitudeScreen())
        await pilot.pause()
        assert app.screen.collect_fields()["items"][0] == "one thing"
        app.pop_screen()
        await app.push_screen(ReframeScreen())
        await pilot.pause()
        assert app.screen.collect_fields()["what_happened"] == "a moment"
        assert app.screen.query_one("#traps", SelectionList).selected == ["catastrophising"]
    assert app.return_code in (None, 0)


def test_a_day_one_entry_whose_first_paragraph_is_long_keeps_every_word(locations: Locations, tmp_path: Path) -> None:
    first = " ".join(f"word{number}" for number in range(600))  # one paragraph of about 4,800 characters
    export = tmp_path / "Journal.json"
    export.write_text(json.dumps({"metadata": {"version": "1.0"}, "entries": [
        {"uuid": "A1", "creationDate": "2024-03-01T08:30:00Z", "timeZone": "Europe/Paris", "text": f"{first}\n\nThe next paragraph."},
        {"uuid": "A2", "creationDate": "2024-03-02T08:30:00Z", "text": "# A heading\nThe text under it."},
    ]}), "utf-8")
    assert run_cli("import", "--from", "dayone", str(export)).returncode == 0
    notes = {note["id"]: note for note in json.loads(run_cli("export", "--format", "json").stdout)["entries"]}
    assert len(notes) == 2
    long, short = sorted(notes.values(), key=lambda note: note["day"])
    assert (long["title"], long["body"]) == ("", f"{first}\n\nThe next paragraph.")
    assert (short["title"], short["body"]) == ("A heading", "The text under it.")


async def test_a_letter_saved_after_a_new_day_began_keeps_the_week_it_showed(
        locations: Locations, make_app, monkeypatch: pytest.MonkeyPatch) -> None:
    from ritual_tui.clock import FROZEN_NOW_ENV, iso_week

    app = make_app("letter")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = f"week {iso_week(DAY).split('-W')[1]}, {iso_week(DAY)[:4]}"
        assert shown in str(app.screen.query_one("ScreenTitle").render())
        monkeypatch.setenv(FROZEN_NOW_ENV, (FROZEN + timedelta(days=7)).isoformat())  # written on past the week's end
        app.screen.query_one("#body").text = "Dear me, what a week."
        await pilot.press("ctrl+s")
        await pilot.pause()
    document = read_toml(entry_files(locations, "letter")[0])
    assert (document["week"], document["day"], document["body"]) == (iso_week(DAY), DAY, "Dear me, what a week.")


def test_a_folder_every_user_shares_keeps_its_mode_as_a_data_folder(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)  # as /tmp is
    export = tmp_path / "Journal.json"
    export.write_text(json.dumps({"entries": [{"uuid": "B1", "creationDate": "2024-03-01T08:30:00Z", "text": "tea"}]}), "utf-8")
    done = run_cli("--data-dir", str(shared), "import", "--from", "dayone", str(export))
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
    assert stat.S_IMODE((shared / "entries").stat().st_mode) == 0o700
    assert run_cli("--data-dir", str(shared), "list").stdout.count("note") == 1


async def test_a_form_opened_again_over_itself_loses_no_word(locations: Locations, make_app) -> None:
    from ritual_tui.screens.note import NoteScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_ritual("note")
        await pilot.pause()
        first = app.screen
        assert isinstance(first, NoteScreen)
        first.query_one("#note-body").focus()
        await pilot.press(*"first words")
        await pilot.pause()
        app.open_ritual("note")  # the palette's "A note", from inside the note
        await pilot.pause()
        await pilot.pause()
        app.screen.query_one("#note-body").focus()  # whichever form is on top now
        await pilot.press(*" then more")
        while isinstance(app.screen, NoteScreen):  # escape until Today: every form leaves
            await pilot.press("escape")
            await pilot.pause()
        assert app.screen_stack[-1] is not first
    kept = read_toml(locations.drafts_dir / "note.toml")["fields"]
    assert kept["body"] == "first words then more"


def test_an_export_into_a_named_pipe_writes_into_it_and_leaves_it_a_pipe(locations: Locations, tmp_path: Path) -> None:
    write_entry(locations, "note", DAY, "pipednote1", 'title = "heron"\nbody = "by the river"')
    pipe = tmp_path / "backup.pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    done = run_cli("export", "--format", "json", "--output", str(pipe))
    reader.join(10)
    assert done.returncode == 0, done.stderr
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)
    assert [entry["id"] for entry in json.loads(received[0])["entries"]] == ["pipednote1"]
    for folder in ("/", str(tmp_path)):
        refused = run_cli("export", "--format", "json", "--output", folder)
        assert refused.returncode == 1 and refused.stderr.endswith(f"cannot write the export to {folder} (Is a folder, not a file).\n"), refused.stderr


def test_the_app_without_a_terminal_for_its_input_closes_at_once_and_says_why(locations: Locations) -> None:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run([sys.executable, "-m", "ritual_tui"], stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=60, env={**os.environ, "TERM": "xterm-256color"})
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert done.returncode == 2
    assert done.stderr.endswith("ritual: the app needs a terminal to type in, and its input is not one; "
                                "`ritual list`, `ritual due` and the other commands work anywhere.\n")
    assert after.ru_utime - before.ru_utime < 20  # it ended by itself, never spinning until the timeout


def test_a_search_in_bytes_that_are_not_utf8_is_one_line_naming_the_encoding(locations: Locations) -> None:
    write_entry(locations, "note", DAY, "cafenote01", 'title = "café"\nbody = "by the river"')
    search = b"caf\xe9".decode("utf-8", "surrogateescape")  # what Python makes of a Latin-1 argv
    for json_too in ((), ("--json",)):
        done = run_cli("list", *json_too, "--search", search)
        assert done.returncode == 2
        assert done.stderr == "ritual: --search holds bytes that are not UTF-8 text; check that your terminal's encoding is UTF-8.\n"
    assert "cafenote01" in run_cli("list", "--search", "cafe").stdout


def test_a_day_one_moment_at_the_calendars_edge_never_stops_the_import(locations: Locations, tmp_path: Path) -> None:
    export = tmp_path / "Journal.json"
    export.write_text(json.dumps({"entries": [
        {"uuid": "E1", "creationDate": "9999-12-31T23:59:59Z", "timeZone": "Pacific/Kiritimati", "text": "far ahead"},
        {"uuid": "E2", "creationDate": "0001-01-01T00:00:00Z", "timeZone": "America/Los_Angeles", "text": "far back"},
        {"uuid": "E3", "creationDate": "2024-01-01T08:00:00Z", "modifiedDate": "9999-12-31T23:59:59Z",
         "timeZone": "Asia/Tokyo", "text": "changed far ahead"},
        {"uuid": "E4", "creationDate": "2024-01-02T08:00:00Z", "timeZone": "Europe/Paris", "text": "a plain day"},
    ]}), "utf-8")
    done = run_cli("import", "--from", "dayone", str(export))
    assert done.returncode == 0, done.stderr
    assert "Imported 4, skipped 0, failed 0." in done.stdout
    assert {note["body"] for note in json.loads(run_cli("export", "--format", "json").stdout)["entries"]} == {
        "far ahead", "far back", "changed far ahead", "a plain day"}


async def test_a_paste_of_several_lines_into_a_one_line_field_keeps_every_word(locations: Locations, make_app) -> None:
    from textual import events

    from ritual_tui.screens.note import NoteScreen
    from ritual_tui.widgets.fields import RatingInput

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(NoteScreen())
        await pilot.pause()
        title = app.screen.query_one("#note-title", Input)
        assert app.focused is title  # a new note opens on its title
        title.post_message(events.Paste("first line\r\nsecond line\nthird line\n"))
        await pilot.pause()
        assert title.value == "first line second line third line"
        title.post_message(events.Paste("one line\n"))  # one line (with its newline): as Textual pastes it
        await pilot.pause()
        assert title.value == "first line second line third lineone line"
        rating = RatingInput(40, id="rating")
        await app.screen.mount(rating)
        rating.value = ""
        rating.post_message(events.Paste("70\n"))
        await pilot.pause()
        assert rating.value == "70"


def test_an_editor_with_a_quote_left_open_is_one_line(locations: Locations) -> None:
    done = run_cli("config", "edit", env={"VISUAL": 'vim "', "EDITOR": ""})
    assert done.returncode == 1
    assert done.stderr == "ritual: could not start the editor 'vim \"' (no closing quotation); set $VISUAL or $EDITOR.\n"


async def test_a_new_circles_draft_stays_on_disk_when_it_comes_back(locations: Locations, make_app) -> None:
    from ritual_tui.screens.circle_forms import CircleEditor

    write_draft(locations, "circle", 'circle = "Chess club on Tuesdays"\ncircle_kind = "hobby-or-club"\ngives = "calm"')
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(CircleEditor())
        await pilot.pause()
        assert app.screen.query_one("#circle", Input).value == "Chess club on Tuesdays"
        assert (locations.drafts_dir / "circle.toml").exists()
        await pilot.press("escape")  # leaving again without typing
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert read_toml(locations.drafts_dir / "circle.toml")["fields"]["circle"] == "Chess club on Tuesdays"


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_global_git_ignore_list_never_keeps_entries_out_of_sync(locations: Locations, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    ignore = Path(os.environ["XDG_CONFIG_HOME"]) / "git" / "ignore"
    ignore.parent.mkdir(parents=True)
    ignore.write_text("*.toml\nentries/\n", "utf-8")  # a user's own list, for their other projects
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(remote)], check=True)
    write_entry(locations, "note", DAY, "syncnote01", 'title = "heron"\nbody = "by the river"')
    done = run_cli("sync", "setup", str(remote))
    assert done.returncode == 0, done.stderr
    pushed = subprocess.run(["git", "--git-dir", str(remote), "ls-tree", "-r", "--name-only", "main"],
                            capture_output=True, text=True)
    assert pushed.stdout.split() == [f"entries/note/{DAY:%Y}/{DAY.isoformat()}-syncnote01.toml"]
