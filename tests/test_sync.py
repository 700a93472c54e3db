"""`ritual sync` over the system's git: two data folders ("machines") and a local bare remote.

Every test runs the real `git` in a subprocess, with no git configuration at all (the autouse
fixture gives each test a fresh HOME; GIT_CONFIG_NOSYSTEM keeps /etc/gitconfig out): ritual must
commit on a machine where git was never set up. Skipped only when git is not installed.
"""

from __future__ import annotations

import asyncio
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest

from conftest import DAY, PATIENCE, run_cli, until
from ritual_tui.models import GratitudeEntry, LetterEntry, iso_week
from ritual_tui.paths import Locations, resolve_locations
from ritual_tui.store import Store, WriterLock

pytestmark = [pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
              pytest.mark.usefixtures("fresh_git")]  # conftest: no identity, no system file


def machine(tmp_path: Path, name: str) -> Path:
    """A data folder of its own (one "machine")."""
    return tmp_path / name


def ritual(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`ritual ARGS` on one machine's data folder."""
    return run_cli(*args, env={"RITUAL_TUI_DATA_DIR": str(folder)})


def write_gratitude(folder: Path, text: str, days_ago: int = 0) -> GratitudeEntry:
    """Save a gratitude entry the way the app does."""
    entry = GratitudeEntry(day=DAY - timedelta(days=days_ago), items=[text])
    Store(folder).save(entry)
    return entry


def edit_entry(folder: Path, entry_id: str, text: str) -> None:
    """Change an entry's words through the store (as the app would)."""
    store = Store(folder)
    stored = next(s for s in store.scan().entries if s.entry.id == entry_id)
    store.save(stored.entry.model_copy(update={"items": [text]}))


def entry_bytes(folder: Path) -> dict[str, bytes]:
    """Every file under entries/ and trash/, by relative path."""
    return {str(p.relative_to(folder)): p.read_bytes() for sub in ("entries", "trash") for p in sorted((folder / sub).rglob("*")) if p.is_file()}


def all_words(folder: Path) -> str:
    """Every entry file's text, joined."""
    return "\n".join(data.decode("utf-8") for data in entry_bytes(folder).values())


def assert_private(folder: Path) -> None:
    """Files 0600 and folders 0700 throughout the data folder (outside .git)."""
    for path in folder.rglob("*"):
        if ".git" in path.relative_to(folder).parts:
            continue
        mode = stat.S_IMODE(path.lstat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))


def assert_no_markers(folder: Path) -> None:
    """No git conflict markers in any entry file."""
    for name, data in entry_bytes(folder).items():
        assert b"<<<<<<<" not in data and b">>>>>>>" not in data, name


def remote_commits(remote: Path) -> list[str]:
    """Every commit the remote's main branch holds."""
    done = subprocess.run(["git", "--git-dir", str(remote), "rev-list", "main"], capture_output=True, text=True)
    return done.stdout.split()


def test_two_machines_converge_and_keep_their_files_private(tmp_path: Path, remote: Path) -> None:
    a, b = machine(tmp_path, "a"), machine(tmp_path, "b")
    write_gratitude(a, "the bakery opened early", 2)
    write_gratitude(b, "a call from my sister", 1)
    (a / "drafts").mkdir(mode=0o700)
    (a / "drafts" / "gratitude.toml").write_text("unsaved words stay here")

    first = ritual(a, "sync", "setup", str(remote))
    assert first.returncode == 0, first.stderr
    second = ritual(b, "sync", "setup", str(remote))
    assert second.returncode == 0, second.stderr
    assert "received" in second.stdout
    third = ritual(a, "sync")
    assert third.returncode == 0, third.stderr

    assert entry_bytes(a) == entry_bytes(b)
    assert len(entry_bytes(a)) == 2
    assert not (b / "drafts").exists()
    tree = subprocess.run(["git", "--git-dir", str(remote), "ls-tree", "-r", "--name-only", "main"], capture_output=True, text=True).stdout
    assert "drafts" not in tree and "gratitude.toml\n" not in tree
    assert_private(a)
    assert_private(b)
    listed = ritual(b, "list")
    assert "the bakery opened early" in listed.stdout and "a call from my sister" in listed.stdout


def test_the_same_entry_edited_on_both_machines_keeps_both_texts(tmp_path: Path, remote: Path) -> None:
    a, b = machine(tmp_path, "a"), machine(tmp_path, "b")
    entry = write_gratitude(a, "first words")
    assert ritual(a, "sync", "setup", str(remote)).returncode == 0
    assert ritual(b, "sync", "setup", str(remote)).returncode == 0
    edit_entry(a, entry.id, "written on the laptop")
    edit_entry(b, entry.id, "written on the desktop")

    assert ritual(a, "sync").returncode == 0
    merged = ritual(b, "sync")
    assert merged.returncode == 0, merged.stderr
    assert "kept both" in merged.stdout and "ritual-conflict" in merged.stdout
    assert ritual(a, "sync").returncode == 0

    for folder in (a, b):
        words = all_words(folder)
        assert "written on the laptop" in words and "written on the desktop" in words
        assert "first words" not in words
        assert_no_markers(folder)
        assert_private(folder)
        names = sorted(entry_bytes(folder))
        assert len(names) == 2 and sum(".ritual-conflict-" in name for name in names) == 1
        doctor = ritual(folder, "doctor")
        assert doctor.returncode == 1 and "ritual conflict copy of entry " + entry.id in doctor.stdout
    assert entry_bytes(a) == entry_bytes(b)

    # A further round on both machines changes nothing: the pair does not multiply.
    assert ritual(b, "sync").returncode == 0 and ritual(a, "sync").returncode == 0
    assert len(entry_bytes(a)) == 2 and entry_bytes(a) == entry_bytes(b)


def test_an_entry_trashed_on_one_machine_and_edited_on_the_other_is_not_lost(tmp_path: Path, remote: Path) -> None:
    a, b = machine(tmp_path, "a"), machine(tmp_path, "b")
    entry = write_gratitude(a, "before")
    assert ritual(a, "sync", "setup", str(remote)).returncode == 0
    assert ritual(b, "sync", "setup", str(remote)).returncode == 0
    store = Store(a)
    store.trash(next(s for s in store.scan().entries if s.entry.id == entry.id))
    edit_entry(b, entry.id, "edited while the other machine trashed it")
    assert ritual(a, "sync").returncode == 0
    result = ritual(b, "sync")
    assert result.returncode == 0, result.stderr
    assert ritual(a, "sync").returncode == 0
    for folder in (a, b):
        assert "edited while the other machine trashed it" in all_words(folder)
        assert_no_markers(folder)


def test_offline_says_one_sentence_commits_locally_and_loses_nothing(tmp_path: Path, remote: Path) -> None:
    a = machine(tmp_path, "a")
    write_gratitude(a, "before the trip", 1)
    assert ritual(a, "sync", "setup", str(remote)).returncode == 0
    pushed = remote_commits(remote)
    write_gratitude(a, "written on the train")
    away = remote.with_name("away.git")
    remote.rename(away)  # the remote cannot be reached

    offline = ritual(a, "sync")
    assert offline.returncode == 1
    lines = offline.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot be reached" in lines[0] and "nothing is lost" in lines[0]
    assert "Traceback" not in offline.stderr
    assert "written on the train" in all_words(a)
    status = ritual(a, "sync", "status")
    assert status.returncode == 0
    assert "0 changed file(s)" in status.stdout and "1 commit(s) to push" in status.stdout  # committed here
    assert "cannot be reached" in status.stdout

    away.rename(remote)
    back = ritual(a, "sync")
    assert back.returncode == 0, back.stderr
    assert set(pushed) < set(remote_commits(remote))


def test_a_rejected_push_loses_nothing_and_is_never_forced(tmp_path: Path, remote: Path) -> None:
    a, b = machine(tmp_path, "a"), machine(tmp_path, "b")
    write_gratitude(a, "on machine a", 1)
    assert ritual(a, "sync", "setup", str(remote)).returncode == 0
    assert ritual(b, "sync", "setup", str(remote)).returncode == 0
    write_gratitude(b, "pushed from b meanwhile")
    assert ritual(b, "sync").returncode == 0
    before = remote_commits(remote)
    hook = remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'this remote takes no pushes today' >&2\nexit 1\n")
    hook.chmod(0o755)
    write_gratitude(a, "written on a while the remote refuses", 3)

    refused = ritual(a, "sync")
    assert refused.returncode == 1
    assert len(refused.stderr.strip().splitlines()) == 1
    assert "refused the push" in refused.stderr and "nothing is lost" in refused.stderr
    assert remote_commits(remote) == before  # nothing forced over b's work
    words = all_words(a)
    assert "written on a while the remote refuses" in words and "pushed from b meanwhile" in words

    hook.unlink()
    assert ritual(a, "sync").returncode == 0
    assert set(before) < set(remote_commits(remote))
    assert ritual(b, "sync").returncode == 0
    assert entry_bytes(a) == entry_bytes(b)


def test_a_push_raced_by_another_machine_merges_and_pushes(tmp_path: Path, remote: Path) -> None:
    """The remote moved between our fetch and our push: one more round, never a force."""
    from ritual_tui import sync as sync_module

    a, b = machine(tmp_path, "a"), machine(tmp_path, "b")
    write_gratitude(a, "a", 1)
    assert ritual(a, "sync", "setup", str(remote)).returncode == 0
    assert ritual(b, "sync", "setup", str(remote)).returncode == 0
    write_gratitude(a, "a again", 2)
    write_gratitude(b, "b meanwhile", 3)
    real_fetch = sync_module._fetch
    raced = []

    def fetch_then_b_pushes(git) -> None:
        real_fetch(git)
        if not raced:
            raced.append(True)
            assert ritual(b, "sync").returncode == 0

    sync_module._fetch = fetch_then_b_pushes
    try:
        report = sync_module.sync(resolve_locations(a))
    finally:
        sync_module._fetch = real_fetch
    assert report.pushed
    assert ritual(b, "sync").returncode == 0
    assert entry_bytes(a) == entry_bytes(b) and len(entry_bytes(a)) == 3


def test_missing_git_is_one_sentence_and_exit_1(tmp_path: Path) -> None:
    a = machine(tmp_path, "a")
    write_gratitude(a, "kept")
    empty = tmp_path / "no-git-here"
    empty.mkdir()
    result = run_cli("sync", "setup", str(tmp_path / "remote.git"), env={"RITUAL_TUI_DATA_DIR": str(a), "PATH": str(empty)})
    assert result.returncode == 1
    assert result.stderr.strip() == "ritual: sync: git is not installed (ritual syncs with it); install git and try again."
    assert "kept" in all_words(a)


def test_sync_before_setup_and_status_say_what_to_do(tmp_path: Path) -> None:
    a = machine(tmp_path, "a")
    result = ritual(a, "sync")
    assert result.returncode == 1 and "ritual sync setup REMOTE" in result.stderr
    status = ritual(a, "sync", "status")
    assert status.returncode == 0 and "not set up" in status.stdout
    usage = ritual(a, "sync", "setup")
    assert usage.returncode == 2 and "needs the remote" in usage.stderr


def test_sync_holds_the_writer_lock(tmp_path: Path, remote: Path) -> None:
    a = machine(tmp_path, "a")
    write_gratitude(a, "words")
    with WriterLock.for_data_folder(resolve_locations(a)):
        busy = ritual(a, "sync", "setup", str(remote))
    assert busy.returncode == 1 and "already open" in busy.stderr
    assert not (a / ".git").exists()


def test_the_remote_address_never_shows_its_password(tmp_path: Path) -> None:
    from ritual_tui.sync_git import hide_credentials

    assert hide_credentials("https://me:s3cret@example.org/j.git") == "https://example.org/j.git"
    assert hide_credentials("git@host:me/j.git") == "git@host:me/j.git"
    assert hide_credentials("/tmp/x\x1b]0;title\x07") == "/tmp/x␛]0;title␇"


def _diverged_machines(tmp_path: Path, remote: Path, count: int = 30) -> tuple[Path, Path, list[str]]:
    """Two machines that each changed many entries, some of them the same ones."""
    a, b = machine(tmp_path, "a"), machine(tmp_path, "b")
    ids = [write_gratitude(a, f"shared {n}", n).id for n in range(count)]
    assert ritual(a, "sync", "setup", str(remote)).returncode == 0
    assert ritual(b, "sync", "setup", str(remote)).returncode == 0
    for n, entry_id in enumerate(ids):
        if n % 2 == 0:
            edit_entry(a, entry_id, f"a edited {n}")
        if n % 3 == 0:
            edit_entry(b, entry_id, f"b edited {n}")
    for n in range(5):
        write_gratitude(b, f"b new {n}", 100 + n)
    assert ritual(a, "sync").returncode == 0
    return a, b, ids


def test_kill_9_during_sync_leaves_a_folder_the_next_sync_completes(tmp_path: Path, remote: Path) -> None:
    """`ritual sync` killed at a random moment, round after round, each round with new changes on
    both machines; the next sync completes, and both machines end with every text, no markers,
    private modes."""
    a, b, ids = _diverged_machines(tmp_path, remote)
    env = {**os.environ, "RITUAL_TUI_DATA_DIR": str(b)}
    # Kills spread from start-up to well past a sync's end, so some land mid-sync on a fast machine too
    # (a sync of this work takes about 0.2-0.5 s: Python's start-up, then a few git commands).
    delays = random.Random(17).sample([0.08, 0.12, 0.18, 0.25, 0.35, 0.5], 6)
    landed = 0
    for round_, delay in enumerate(delays):
        if round_:  # new work on both machines, some of it on the same entries
            for n in range(0, len(ids), 4):
                edit_entry(a, ids[n], f"a round {round_} entry {n}")
                edit_entry(b, ids[n], f"b round {round_} entry {n}")
            assert ritual(a, "sync").returncode == 0
        process = subprocess.Popen([sys.executable, "-m", "ritual_tui", "sync"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        landed += process.poll() is None
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert_no_markers(b)
    assert landed, "no kill landed while the sync ran"
    finished = ritual(b, "sync")
    assert finished.returncode == 0, finished.stderr
    assert ritual(a, "sync").returncode == 0
    assert entry_bytes(a) == entry_bytes(b)
    for folder in (a, b):
        words = all_words(folder)
        for n in range(len(ids)):  # an entry a later round rewrote holds that round's words instead
            if n % 2 == 0 and n % 4:
                assert f"a edited {n}" in words
            if n % 3 == 0 and n % 4:
                assert f"b edited {n}" in words
        for n in range(0, len(ids), 4):  # the last round's words of both machines
            assert f"a round 5 entry {n}" in words and f"b round 5 entry {n}" in words
        for n in range(5):
            assert f"b new {n}" in words
        assert_no_markers(folder)
        assert_private(folder)


def test_a_merge_interrupted_after_git_stopped_is_completed(tmp_path: Path, remote: Path) -> None:
    """The kill landed between git's merge and ritual's commit: MERGE_HEAD is there, and the
    next sync keeps both texts and commits."""
    from ritual_tui import sync as sync_module

    a, b, ids = _diverged_machines(tmp_path, remote, count=4)
    real = sync_module._finish_merge

    def killed(git, report) -> None:
        raise KeyboardInterrupt  # stands for the kill: nothing after git's merge ran

    sync_module._finish_merge = killed
    try:
        with pytest.raises(KeyboardInterrupt):
            sync_module.sync(resolve_locations(b))
    finally:
        sync_module._finish_merge = real
    assert (b / ".git" / "MERGE_HEAD").exists()
    assert_no_markers(b)
    status = ritual(b, "sync", "status")
    assert "interrupted" in status.stdout
    assert "a sync was interrupted" in ritual(b, "doctor").stdout
    assert ritual(b, "sync").returncode == 0
    assert not (b / ".git" / "MERGE_HEAD").exists()
    assert ritual(a, "sync").returncode == 0
    assert entry_bytes(a) == entry_bytes(b)
    assert "a edited 0" in all_words(b) and "b edited 0" in all_words(b)


def test_a_letter_and_a_note_sync_as_they_are(tmp_path: Path, remote: Path) -> None:
    """Any kind travels byte for byte (no line-ending conversion, whatever git's config)."""
    from ritual_tui.models import NoteEntry

    a, b = machine(tmp_path, "a"), machine(tmp_path, "b")
    Store(a).save(LetterEntry(day=DAY, week=iso_week(DAY), body="Dear me,\r\nline two\n\ttabbed ✉"))
    Store(a).save(NoteEntry(day=DAY, title="crlf", body="a\nb", tags=["x"]))
    assert ritual(a, "sync", "setup", str(remote)).returncode == 0
    assert ritual(b, "sync", "setup", str(remote)).returncode == 0
    assert entry_bytes(a) == entry_bytes(b)
    assert_private(b)


def _config(locations: Locations, text: str) -> None:
    locations.config_dir.mkdir(parents=True, exist_ok=True)
    locations.config_file.write_text(text)


async def test_today_shows_the_last_sync_in_one_quiet_line(make_app, locations: Locations, remote: Path) -> None:
    from ritual_tui.sync_app import SyncLine

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not app.screen.query_one(SyncLine).display  # sync not set up: nothing said
    write_gratitude(locations.data_dir, "words")
    assert run_cli("sync", "setup", str(remote)).returncode == 0
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        line = app.screen.query_one(SyncLine)
        assert line.display and str(line.render()).startswith("Synced ")


async def test_sync_at_start_runs_after_the_first_frame_and_brings_the_other_machines_entries(make_app, locations: Locations, remote: Path, tmp_path: Path) -> None:
    from ritual_tui.sync_app import SyncLine

    other = machine(tmp_path, "other")
    write_gratitude(other, "from the other machine", 1)
    assert ritual(other, "sync", "setup", str(remote)).returncode == 0
    assert run_cli("sync", "setup", str(remote)).returncode == 0
    write_gratitude(other, "written there this morning")
    assert ritual(other, "sync").returncode == 0
    _config(locations, "[sync]\nat_start = true\n")
    app = make_app(background_load=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: "written there this morning" in all_words(locations.data_dir)
                    and not any(w.is_running for w in app.workers), timeout=2 * PATIENCE)  # git, several times
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "written there this morning" in all_words(locations.data_dir)
        assert str(app.screen.query_one(SyncLine).render()).startswith("Synced ")
        assert any("written there this morning" in " ".join(e.items) for e in app.journal.of_kind("gratitude"))


async def test_sync_at_quit_pushes_what_was_written_then_closes(make_app, locations: Locations, remote: Path) -> None:
    write_gratitude(locations.data_dir, "first")
    assert run_cli("sync", "setup", str(remote)).returncode == 0
    before = remote_commits(remote)
    _config(locations, "[sync]\nat_quit = true\n")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("g")
        await pilot.press(*"the sea")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("q")
        end = time.monotonic() + 2 * PATIENCE
        while not app.exit_lines and time.monotonic() < end:  # the worker syncs (git, several times), then exits the app
            await asyncio.sleep(0.05)
    assert app.return_code in (None, 0)
    assert len(remote_commits(remote)) == len(before) + 1
    assert any(line.startswith("ritual: Synced") for line in app.exit_lines)


def test_setup_on_a_repository_made_under_another_umask_makes_it_private(tmp_path: Path, remote: Path) -> None:
    a = machine(tmp_path, "a")
    write_gratitude(a, "words")
    old = os.umask(0o022)
    try:
        subprocess.run(["git", "init", "--quiet", str(a)], check=True)
    finally:
        os.umask(old)
    assert ritual(a, "sync", "setup", str(remote)).returncode == 0
    doctor = ritual(a, "doctor")
    assert doctor.returncode == 0, doctor.stdout
