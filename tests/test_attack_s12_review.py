"""Attacks on what session 12 changed (engineer E12, session 12): sync's rewrite above all.

What broke, and was fixed (each with its test here):
- git counts an ignored file as expendable: a remote that tracks drafts (a data folder kept in git
  by hand with `git add -A`, then pushed) had its drafts written over this machine's at the first
  `ritual sync setup`, so the unsaved letter on this machine became the other's old one. Files of
  ritual's own ignore list are set aside in the repository for the merge and put back after it (by
  the next sync when one is killed half-way, never over words written since);
- every sync made every file in the data folder 0600 and every folder 0700, though only entries/
  and trash/ travel: with a data folder that also holds other things, scripts stopped running;
- lines cut to width (the ladder's step names, Today's waiting plans, every `one_line`) were cut
  at so many letters, not cells: a step named in Japanese took twice its room and pushed
  "· tried 1×" off the ladder's row, and Today's "planned Wed 25 Nov" onto a line of its own;
- a draft file no form can read (written by hand, by a newer ritual, damaged) sat in a form's
  place: Today said "Unsaved words wait in: gratitude", the form opened empty, and the first key
  typed wrote a new draft over the file (saving removed it): its words were gone. It is renamed
  beside (`gratitude.unreadable-<moment>.toml`), which `ritual doctor` names, never replaced; and
  Today names only the forms that offer words back;
- typing on at once from the letter's seal (or its wins) sent the letters of one read to the page,
  but its enter opened the seal's menu (on the wins, kept a win), and the words after it went into
  the menu: an enter or backspace that follows typing goes to the page too;
- `ritual sync` in a data folder kept in git by hand (or after a setup killed before it named the
  remote) committed on the user's repository, then said "git failed: No such remote 'origin'.":
  it says to run `ritual sync setup REMOTE`, before committing anything;
- "Kindness" typed whole on the strengths form, then tab: the focus stopped on the list (showing
  Kindness alone) and the next answer typed went on into the strength ("Kindnessat work"): a list
  whose strength is already in the field is no place for tab to stop;
- only entries/ and trash/ travel now, so a file of this machine's own beside them (never synced)
  that has the name of a file another machine's earlier sync sent stopped every sync with "git
  could not merge the remote's entries (The following untracked working tree files would be
  overwritten by merge:)", naming no file: it names the file and says to rename or move it. One
  that a .gitignore lists was worse: git wrote the other machine's file over it without a word;
  the sync now stops first, with the same sentence;
- macOS's companion files ('._<name>') were left out of every walk of the entries, not of the
  drafts: `ritual doctor` called each one beside a draft "a draft file that cannot be read";
- the exposure screen draws its lists again on every resize (to cut the ladder's names to the
  width): the waiting plans' highlight went back to the first, so r reflected on another plan.

Tried and found sound: three machines syncing one remote, each sync killed (kill -9) at a random
moment in six out of ten rounds, with new entries, edits of the same entries on several machines
and entries trashed on one machine while edited on another: after finishing syncs every word on
every machine, every file parses, all three converge byte for byte (a trashed-and-edited entry comes
back beside its trashed copy); `sync setup` killed at random moments over a remote holding drafts;
a remote of unrelated history (a README, non-entry files in entries/); a sealed letter's conflict
copy (list, show, export, doctor, the browser and its search keep it sealed); gratitude questions
from a draft holding markup and escape codes; `due` with a plan the catalog names but whose file
was removed or broken since; the exposure, circles, boundaries, strengths and letter screens under
tab, enter, space and delete with nothing on their lists.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual import events
from textual.widgets import TextArea

from ritual_tui.models import ExposureEntry
from ritual_tui.paths import Locations
from ritual_tui.store import Store
from ritual_tui.store.drafts import DraftStore
from ritual_tui.text import one_line
from tests.test_attack_s12_around import remote_files, write_note
from tests.conftest import DAY, run_cli, until
from tests.test_app import type_text
from tests.test_sync import entry_bytes, machine, ritual
from tests.test_user_s12 import SIZE, seed_step_and_plan, widget_text

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
OWN = ["-c", "user.name=me", "-c", "user.email=me@here"]


pytestmark = pytest.mark.usefixtures("fresh_git")  # conftest: no identity, no system file (as in test_sync)


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(folder), *OWN, *args], check=True, capture_output=True)


def _a_remote_pushed_by_hand_with_drafts(a: Path, remote: Path) -> None:
    write_note(a, "an entry on a")
    (a / "drafts").mkdir(mode=0o700)
    (a / "drafts" / "letter.toml").write_text('[fields]\nbody = "a\'s old draft"\n', "utf-8")
    subprocess.run(["git", "init", "--quiet", "-b", "main", str(a)], check=True)
    _git(a, "add", "-A")
    _git(a, "commit", "--quiet", "-m", "by hand")
    _git(a, "push", "--quiet", str(remote), "main")


@needs_git
@pytest.mark.parametrize("entries_here", [True, False], ids=["merge", "fast-forward"])
def test_a_remote_holding_drafts_never_overwrites_this_machines_unsaved_words(tmp_path: Path, remote: Path, entries_here: bool) -> None:
    # Machine a kept its data folder in git by hand (`git add -A`, drafts too) and pushed it. Machine
    # b's first `ritual sync setup`: git's merge overwrites an ignored file the other side tracks, so
    # b's unsaved letter (drafts/letter.toml) became a's old one.
    a, b = machine(tmp_path, "a"), machine(tmp_path, "b")
    _a_remote_pushed_by_hand_with_drafts(a, remote)
    if entries_here:
        write_note(b, "an entry on b")
    (b / "drafts").mkdir(mode=0o700, parents=True)
    mine = '[fields]\nbody = "b\'s unsaved letter"\n'
    (b / "drafts" / "letter.toml").write_text(mine, "utf-8")
    done = ritual(b, "sync", "setup", str(remote))
    assert done.returncode == 0, done.stderr
    assert (b / "drafts" / "letter.toml").read_text("utf-8") == mine
    assert len(entry_bytes(b)) == (2 if entries_here else 1)
    assert ritual(b, "sync").returncode == 0  # the next sync leaves it alone too, and never sends it
    assert (b / "drafts" / "letter.toml").read_text("utf-8") == mine
    assert not any(path.startswith("drafts/") for path in remote_files(remote))
    assert not (b / ".git" / "ritual-kept").exists()


@needs_git
def test_a_draft_a_killed_sync_had_set_aside_comes_back_unless_written_since(tmp_path: Path, remote: Path) -> None:
    # A sync killed between git's merge and putting the draft back: the next sync puts it back where
    # git's bytes sit, and never over words written since (the copy then stays).
    a, b = machine(tmp_path, "a"), machine(tmp_path, "b")
    _a_remote_pushed_by_hand_with_drafts(a, remote)
    assert ritual(b, "sync", "setup", str(remote)).returncode == 0
    theirs = (a / "drafts" / "letter.toml").read_bytes()
    kept = b / ".git" / "ritual-kept" / "drafts" / "letter.toml"
    kept.parent.mkdir(parents=True)
    kept.write_bytes(b"b's letter")
    (b / "drafts" / "letter.toml").write_bytes(theirs)  # as git's merge left it
    assert ritual(b, "sync").returncode == 0
    assert (b / "drafts" / "letter.toml").read_bytes() == b"b's letter" and not kept.exists()

    kept.parent.mkdir(parents=True)
    kept.write_bytes(b"b's older letter")
    assert ritual(b, "sync").returncode == 0
    assert (b / "drafts" / "letter.toml").read_bytes() == b"b's letter" and not kept.exists()
    [beside] = (b / "drafts").glob("letter.kept-*.toml")
    assert beside.read_bytes() == b"b's older letter"
    doctor = ritual(b, "doctor")
    assert beside.name in doctor.stdout + doctor.stderr


@needs_git
def test_sync_leaves_the_modes_of_the_users_own_files_beside_the_entries(tmp_path: Path, remote: Path) -> None:
    # Only entries/ and trash/ travel, yet every sync made every file in the data folder 0600 and
    # every folder 0700: with a data folder that also holds other things (`--data-dir ~`), scripts
    # stopped running and shared folders closed. Ritual's own folders stay private.
    a = machine(tmp_path, "a")
    write_note(a, "an entry")
    (a / "bin").mkdir()
    (a / "bin").chmod(0o755)
    script = a / "bin" / "tool.sh"
    script.write_text("#!/bin/sh\necho hi\n", "utf-8")
    script.chmod(0o755)
    entry = next((a / "entries").rglob("*.toml"))
    entry.chmod(0o644)
    assert ritual(a, "sync", "setup", str(remote)).returncode == 0
    assert (script.stat().st_mode & 0o777, (a / "bin").stat().st_mode & 0o777) == (0o755, 0o755)
    assert entry.stat().st_mode & 0o777 == 0o600


# -- lines cut to width: wide letters take two cells ---------------------------------------------------

WIDE_NAME = "予約の電話をかけて、窓際の席を二人分お願いする練習をする"
"""A step's name of 28 letters that take 56 cells (Japanese)."""


async def test_todays_waiting_plan_in_wide_letters_keeps_its_day_on_its_line(make_app, locations: Locations) -> None:
    seed_step_and_plan(locations, "call", WIDE_NAME)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        lines = [line.strip() for line in widget_text(app.screen.query_one("#today-waiting")).splitlines() if line.strip()]
        assert lines[1].startswith("予約") and lines[1].endswith(f"planned {DAY:%a %-d %b}"), lines


def test_one_line_cuts_to_cells() -> None:
    assert cell_len(one_line(WIDE_NAME, 20)) <= 20 and one_line(WIDE_NAME, 20).endswith("…")
    assert one_line("a" * 30, 10) == "a" * 9 + "…" and one_line("short", 10) == "short"


# -- a draft file no form can read ----------------------------------------------------------------------

UNREADABLE = '# my words, kept by hand\n[fields]\nitems = ["the words of a draft that lost its date"]\n'
"""A draft file ritual cannot read as one (no `saved` moment): written by hand, or by a newer ritual."""


async def test_typing_in_a_form_never_writes_over_a_draft_file_it_could_not_read(make_app, locations: Locations) -> None:
    # Today says "Unsaved words wait in: gratitude"; the form could not read that draft, opened
    # empty, and the first key typed wrote a new draft over the file: its words were gone.
    locations.drafts_dir.mkdir(parents=True, mode=0o700)
    (locations.drafts_dir / "gratitude.toml").write_text(UNREADABLE, "utf-8")
    app = make_app("gratitude")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_text(pilot, "tea")
        await pilot.press("escape")
        await pilot.pause()
        app.keeper.flush()
    kept = [p.read_text("utf-8") for p in locations.drafts_dir.iterdir()]
    assert UNREADABLE in kept and any("tea" in text for text in kept if text != UNREADABLE)
    doctor = run_cli("doctor")
    assert "cannot be read" in doctor.stdout + doctor.stderr


async def test_saving_a_form_never_removes_a_draft_file_it_could_not_read(make_app, locations: Locations) -> None:
    locations.drafts_dir.mkdir(parents=True, mode=0o700)
    (locations.drafts_dir / "gratitude.toml").write_text(UNREADABLE, "utf-8")
    DraftStore(locations.drafts_dir).discard("gratitude")
    assert [p.read_text("utf-8") for p in locations.drafts_dir.iterdir()] == [UNREADABLE]


# -- typing through the seal and the wins: the keys of one read that are not letters -----------------


def _keys_in_one_read(app, keys: list[tuple[str, str | None]]) -> None:
    """Post keys as the terminal driver does for one read: all queued before any is handled."""
    for key, character in keys:
        event = events.Key(key, character)
        event.set_sender(app)
        app.post_message(event)


def _typed(text: str) -> list[tuple[str, str | None]]:
    return [("enter", "\r") if ch == "\n" else ("space", " ") if ch == " " else (ch, ch) for ch in text]


@pytest.mark.parametrize("start", ["seal", "wins"])
async def test_a_line_typed_quickly_on_the_seal_or_the_wins_goes_whole_on_the_page(make_app, locations: Locations, start: str) -> None:
    # tab to the seal (or the wins) and type on at once: the letters went to the page, but the enter
    # of the same read opened the seal's menu (or kept a win), and the menu then ate the words after it.
    app = make_app("letter")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.query_one(f"#{start}").focus()
        await pilot.pause()
        _keys_in_one_read(app, _typed("you were\nbrave") + [("backspace", None), ("e", "e")])
        body = app.screen.query_one("#body", TextArea)
        await until(pilot, lambda: body.text == "you were\nbrave")
        assert body.text == "you were\nbrave" and app.focused is body
        assert not app.screen.query_one("#seal").expanded
        assert app.screen.query_one("#wins").selected == []


@needs_git
def test_sync_in_a_repository_with_no_remote_says_to_set_one_up(tmp_path: Path) -> None:
    # A data folder kept in git by hand (or a setup killed before it named the remote): `ritual sync`
    # committed there, then said "git failed: No such remote 'origin'.".
    a = machine(tmp_path, "a")
    write_note(a, "an entry")
    subprocess.run(["git", "init", "--quiet", "-b", "main", str(a)], check=True)
    done = ritual(a, "sync")
    assert done.returncode == 1
    assert "no remote to sync with yet; run `ritual sync setup REMOTE`" in done.stderr and "git failed" not in done.stderr
    log = subprocess.run(["git", "-C", str(a), "log", "--oneline"], capture_output=True, text=True)
    assert log.stdout == ""  # nothing committed on the user's own repository


@needs_git
def test_a_draft_removed_since_a_killed_sync_set_it_aside_stays_removed(tmp_path: Path, remote: Path) -> None:
    a, b = machine(tmp_path, "a"), machine(tmp_path, "b")
    _a_remote_pushed_by_hand_with_drafts(a, remote)
    assert ritual(b, "sync", "setup", str(remote)).returncode == 0
    kept = b / ".git" / "ritual-kept" / "drafts" / "letter.toml"
    kept.parent.mkdir(parents=True)
    kept.write_bytes(b"words saved since")  # the draft was saved as an entry and removed
    (b / "drafts" / "letter.toml").unlink(missing_ok=True)
    assert ritual(b, "sync").returncode == 0
    assert not (b / "drafts" / "letter.toml").exists() and not kept.exists()


async def test_tab_after_a_strength_typed_whole_goes_on_to_the_next_question(make_app, locations: Locations) -> None:
    # "Kindness" typed whole, then tab: the focus stopped on the list (showing Kindness alone), and
    # the answer typed next went on into the strength field: "Kindnessat work".
    app = make_app("strengths")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_text(pilot, "Kindness")
        await pilot.press("tab")
        await type_text(pilot, "at work")
        await pilot.pause()
        assert app.screen.query_one("#strength").value == "Kindness"
        assert app.screen.query_one("#where_it_showed", TextArea).text == "at work"


async def test_tab_after_part_of_a_strength_still_stops_on_the_list(make_app, locations: Locations) -> None:
    app = make_app("strengths")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_text(pilot, "kind")
        await pilot.press("tab", "enter")
        await pilot.pause()
        assert app.screen.query_one("#strength").value == "Kindness"
        assert app.focused.id == "where_it_showed"


def _a_sent_its_notes_by_hand(tmp_path: Path, remote: Path) -> tuple[Path, Path]:
    """Machine a's data folder, notes.md in it, pushed by hand (an earlier sync sent everything);
    machine b with an entry of its own, not yet synced."""
    a, b = machine(tmp_path, "a"), machine(tmp_path, "b")
    write_note(a, "an entry on a")
    (a / "notes.md").write_text("a's notes", "utf-8")
    subprocess.run(["git", "init", "--quiet", "-b", "main", str(a)], check=True)
    _git(a, "add", "-A")
    _git(a, "commit", "--quiet", "-m", "an earlier sync")
    _git(a, "push", "--quiet", str(remote), "main")
    write_note(b, "an entry on b")
    return a, b


@needs_git
def test_a_file_of_this_machines_own_named_like_one_the_remote_holds_is_named(tmp_path: Path, remote: Path) -> None:
    # Only entries/ and trash/ travel now, so a note of this machine's own (never synced) met a file
    # of the same name that another machine's earlier sync sent: every sync stopped with "git could
    # not merge the remote's entries (The following untracked working tree files would be overwritten
    # by merge:)", naming no file. It names it and what to do; the file is never touched.
    a, b = _a_sent_its_notes_by_hand(tmp_path, remote)
    (b / "notes.md").write_text("b's own notes", "utf-8")
    done = ritual(b, "sync", "setup", str(remote))
    assert done.returncode == 1
    assert "(notes.md) has the name of one the remote holds" in done.stderr and "rename or move it" in done.stderr
    assert (b / "notes.md").read_text("utf-8") == "b's own notes"
    (b / "notes.md").rename(b / "my-notes.md")
    assert ritual(b, "sync").returncode == 0
    assert (b / "my-notes.md").read_text("utf-8") == "b's own notes" and len(entry_bytes(b)) == 2


@needs_git
def test_a_file_a_gitignore_hides_is_never_written_over_by_the_remotes(tmp_path: Path, remote: Path) -> None:
    # git writes over an ignored file without a word: a note of this machine's own that a .gitignore
    # lists became the other machine's note of the same name at the first sync.
    a, b = _a_sent_its_notes_by_hand(tmp_path, remote)
    (b / ".gitignore").write_text("notes.md\n", "utf-8")
    (b / "notes.md").write_text("b's own notes", "utf-8")
    done = ritual(b, "sync", "setup", str(remote))
    assert (b / "notes.md").read_text("utf-8") == "b's own notes"
    assert done.returncode == 1 and "(notes.md) has the name of one the remote holds" in done.stderr


def test_a_macs_companion_file_beside_a_draft_is_no_draft(locations: Locations) -> None:
    # AppleDouble files ('._<name>') were left out of every walk of the entries, but not of the
    # drafts: each one a Mac left beside a draft on a stick was "a draft file that cannot be read".
    locations.drafts_dir.mkdir(parents=True, mode=0o700)
    companion = locations.drafts_dir / "._gratitude.toml"
    companion.write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        ")
    companion.chmod(0o600)
    doctor = run_cli("doctor")
    assert "._gratitude.toml" not in doctor.stdout + doctor.stderr
    assert DraftStore(locations.drafts_dir).slots() == [] and companion.exists()


async def test_today_names_no_form_for_a_draft_file_no_form_can_offer_back(make_app, locations: Locations) -> None:
    # Today said "Unsaved words wait in: gratitude" for a draft file the form cannot read: it opened
    # empty. `ritual doctor` names that file; Today names the forms that offer words back.
    from textual.widgets import Static

    locations.drafts_dir.mkdir(parents=True, mode=0o700)
    (locations.drafts_dir / "gratitude.toml").write_text(UNREADABLE, "utf-8")
    DraftStore(locations.drafts_dir).write("note", {"title": "", "body": "a page of mine"})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        told = str(app.screen.query_one("#drafts-waiting", Static).render())
        assert "a note" in told and "gratitude" not in told


def test_a_draft_written_never_removes_an_unreadable_file_in_the_other_drafts_folder(locations: Locations) -> None:
    spare = locations.spare_drafts_dir
    spare.mkdir(parents=True, mode=0o700)
    (spare / "gratitude.toml").write_text(UNREADABLE, "utf-8")
    DraftStore(locations.drafts_dir, spare).write("gratitude", {"items": ["tea"]})
    assert [p.read_text("utf-8") for p in spare.iterdir()] == [UNREADABLE]


@needs_git
def test_a_draft_changed_by_hand_on_the_remote_after_ritual_stopped_tracking_it_stays_this_machines(tmp_path: Path, remote: Path) -> None:
    # The other way round: this machine's sync took drafts/ out of git; the remote then got a commit
    # made by hand that changed the draft there. Git's merge (changed there, removed here) wrote
    # that version over the draft on this machine.
    a, other = machine(tmp_path, "a"), tmp_path / "by-hand"
    _a_remote_pushed_by_hand_with_drafts(a, remote)
    assert ritual(a, "sync").returncode == 1  # no remote named yet: as kept by hand
    _git(a, "remote", "add", "origin", str(remote))
    assert ritual(a, "sync").returncode == 0
    mine = "a's letter, written on since"
    (a / "drafts" / "letter.toml").write_text(mine, "utf-8")
    subprocess.run(["git", "clone", "--quiet", "-b", "main", str(remote), str(other)], check=True)
    _git(other, "checkout", "--quiet", "HEAD~1", "--", "drafts/letter.toml")
    (other / "drafts" / "letter.toml").write_text("changed by hand elsewhere", "utf-8")
    _git(other, "add", "drafts/letter.toml")
    _git(other, "commit", "--quiet", "-m", "by hand")
    _git(other, "push", "--quiet", "origin", "HEAD:main")
    write_note(a, "a second entry on a")
    done = ritual(a, "sync")
    assert done.returncode == 0, done.stderr
    assert (a / "drafts" / "letter.toml").read_text("utf-8") == mine
    assert not any(path.startswith("drafts/") for path in remote_files(remote))


async def test_the_waiting_plan_highlighted_stays_highlighted_when_the_terminal_is_resized(make_app, locations: Locations) -> None:
    # The ladder is drawn again on every resize (to cut its names to the new width): the waiting
    # plans were too, and the highlight went back to the first, so r reflected on another plan.
    step, first = seed_step_and_plan(locations, "call", "call the bistro")
    second = ExposureEntry(day=DAY - timedelta(days=1), step=step.name, step_id=step.id, small_step="call the baker", predicted_discomfort=30)
    Store(locations.data_dir).save(second)
    app = make_app("exposure")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        waiting = app.screen.query_one("#waiting")
        waiting.focus()
        await pilot.pause()
        await pilot.press("down")
        chosen = waiting.highlighted_option.id
        assert chosen is not None and waiting.highlighted == 1
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        await pilot.pause()
        assert waiting.highlighted_option.id == chosen
