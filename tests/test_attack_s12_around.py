"""Attacks on what happens around the writing (engineer S12, session 12): two processes at once,
signals, sync, the login hook, config.toml by hand, odd environments and permissions.

What broke, and was fixed (each with its test here):
- a `.gitignore` in the data folder (written by hand, or one that came from another machine)
  that matched entry files kept them out of every commit: `ritual sync` said "Synced." and its
  status "0 changed file(s)" while those entries never left the machine. Ritual's own folders
  (entries/, trash/) always sync, and sync says how many files a `.gitignore` listed; the user's
  own files outside them stay as their `.gitignore` says;
- a `.gitattributes` in the data folder changed entries on their way: `ident` made an entry's
  "$Id: ... $" into "$Id$" in the commit (the other machine got other words), `text eol=crlf`
  gave the other machine CRLF lines. Ritual's attributes (which win) keep every file byte for byte;
- a data folder already a git repository on another branch (`git init` made `master`) and a
  first machine that pushed `main` both said "Synced." and never saw each other's entries: sync
  takes the remote's branch when this machine's is not there. A commit checked out by hand
  (detached HEAD) made every sync and status say "git failed: ref HEAD is not a symbolic ref."
  after committing on no branch: sync now stops first and names the `git switch` back. Machines
  already split that way come together: each sync merges the remote's other branches of entries;
- `ritual autostart install` with a login shell that reads no ~/.profile (tcsh, nu, xonsh) said
  "installed: ~/.profile" and ritual never opened at login; with $HOME a folder that does not
  exist it made that folder. Both say what is wrong and write nothing;
- a sync on a full disk left an entry file half-written by git's checkout; the next sync committed
  the broken file as this machine's change and pushed it: every machine had "is not valid TOML" in
  place of the entry, its words in a conflict copy. A file cut short is made whole first;
- `ritual > /dev/null` (or `| tee log`) ended by a signal wrote the terminal's reset to standard
  output, so the terminal (Textual draws on standard error) stayed on the alternate screen with
  mouse reporting on; `ritual 2>file` ran unseen, every key driving it blind and its screens
  (entry text too) written into the file: it now says why in one line and exit 2;
- `entries/` moved to another disk behind a link went to the remote as a link: "Synced." with no
  entry copied. A link in ritual's own folders stops the sync, naming it and where it leads;
- entries/ kept in git by hand (a `.git` of its own) went to the remote as one gitlink: "Synced."
  with not one entry there. Sync stops and says to move that `.git` away; a gitlink an earlier
  sync recorded is replaced by the entries themselves;
- `git add --all` sent whatever sat in the data folder to the remote (a private note beside the
  entries; with `--data-dir ~`, a whole home folder), though the data format says only entries/
  and trash/ travel: only they do now (a file an earlier sync sent keeps following its changes);
- drafts/ tracked before ritual synced (a repository made by hand with `git add -A`) travelled at
  every sync, unsaved words and all (so did a swap file an earlier sync sent): whatever ritual's
  own list keeps here is taken out of the index and stays on disk;
- what an editor keeps beside an entry it has open (vim's `.name.swp`, Emacs's `#name#` autosave
  and `.#name` lock link, `name~` backups) was committed and sent to every machine, where vim then
  said the entry was being edited: ritual's own ignore list keeps them on their machine;
- a remote folder on a stick that was not mounted, or an empty folder (the README's `ritual sync
  setup /media/stick/journal.git`), said "cannot be reached (offline, or a wrong address: ... does
  not appear to be a git repository)": it says the folder does not exist (is its disk mounted?),
  or gives the `git init --bare` that makes it one;
- `ritual sync setup` with the data folder itself as the remote said "Synced." (no copy anywhere
  else), and a bare repository inside the data folder was committed into every commit, growing at
  each sync: both are refused in one line;
- the login block ran for any interactive login shell, terminal or not: an editor resolving the
  environment (`bash -ilc env`, as VS Code does) got the app's escape codes and "the app needs a
  terminal" in its output, and the day's greeting was spent before the user's own login. The block
  runs only when input and standard error are terminals;
- login shells opened at once (a terminal restoring its tabs) each read "not greeted today" in
  `due --login`, so several opened ritual and all but one said it was already open: the greeting's
  read-then-write runs one at a time (`store.lock.briefly_alone`);
- a data folder of mode 0755 on a read-only disk (a snapshot) or owned by another user (a group's
  shared folder) could not be opened at all ("Read-only file system", "Operation not permitted"):
  its mode stays (doctor names it) and the app opens, saves failing as on any read-only folder;
- the app started while `ritual sync` held the data folder (from cron, or a login script) said
  "ritual is already open ...; close it first": there was no window to close. It names the sync;
- a disk that answers EPERM to a mode it cannot hold (a FAT stick mounted without `quiet`) took
  no entry and no draft ("NOT saved: Operation not permitted"): the mode stays as the disk has it;
- a second start beside an app stopped by SIGTSTP in another terminal said "close it first":
  it now says the first is stopped and that `fg` brings it back;
- a TZ whose offset Python cannot hold (`UTC+25`, `<-2359>+23:59:59`: the C library takes them)
  made every command "an unexpected error (ValueError at clock.py)", and entries whose times have
  no offset unreadable; the offset is held to the nearest Python can hold.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from ritual_tui.models import NoteEntry
from ritual_tui.store import Store
from tests.conftest import DAY, run_cli
from tests.test_sync import entry_bytes, machine, ritual, write_gratitude

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


pytestmark = pytest.mark.usefixtures("fresh_git")  # conftest: no identity, no system file (as in test_sync)


def remote_files(remote: Path, branch: str = "main") -> list[str]:
    """Every path a branch of the remote holds."""
    done = subprocess.run(["git", "--git-dir", str(remote), "ls-tree", "-r", "--name-only", branch], capture_output=True, text=True)
    return done.stdout.split()


def write_note(folder: Path, body: str, days_ago: int = 0) -> NoteEntry:
    """Save a note the way the app does."""
    entry = NoteEntry(day=DAY - timedelta(days=days_ago), title="a page", body=body)
    Store(folder).save(entry)
    return entry


@needs_git
def test_a_gitignore_in_the_data_folder_never_keeps_entries_out_of_sync(tmp_path: Path, remote: Path) -> None:
    a, b = machine(tmp_path, "a"), machine(tmp_path, "b")
    write_gratitude(a, "the bakery opened early", 2)
    write_note(a, "the heron by the river", 1)
    (a / ".gitignore").write_text("entries/note/\n*.toml\nmine.txt\n", "utf-8")
    (a / "mine.txt").write_text("the user's own file, kept off the remote as they asked", "utf-8")

    first = ritual(a, "sync", "setup", str(remote))
    assert first.returncode == 0, first.stderr
    assert "2 entry file(s) that a .gitignore in the data folder lists synced all the same" in first.stdout
    assert sorted(p for p in remote_files(remote) if p.startswith("entries/")) == sorted(entry_bytes(a))
    assert "mine.txt" not in remote_files(remote)

    write_note(a, "a second page, written later")  # a new file the .gitignore hides too
    waiting = ritual(a, "sync", "status")
    assert "here     1 changed file(s) not yet committed" in waiting.stdout
    assert ritual(a, "sync").returncode == 0

    second = ritual(b, "sync", "setup", str(remote))
    assert second.returncode == 0, second.stderr
    assert entry_bytes(b) == entry_bytes(a) and len(entry_bytes(a)) == 3


@needs_git
def test_a_gitattributes_in_the_data_folder_never_changes_an_entrys_bytes(tmp_path: Path, remote: Path) -> None:
    a, b = machine(tmp_path, "a"), machine(tmp_path, "b")
    write_note(a, "kept as typed: $Id: my own words $ and $Id$\nsecond line")
    (a / ".gitattributes").write_text("* text eol=crlf ident\n", "utf-8")

    assert ritual(a, "sync", "setup", str(remote)).returncode == 0
    second = ritual(b, "sync", "setup", str(remote))
    assert second.returncode == 0, second.stderr
    assert entry_bytes(b) == entry_bytes(a)
    assert b"$Id: my own words $" in next(iter(entry_bytes(b).values()))


def remote_branches(remote: Path) -> list[str]:
    """The branches the remote holds."""
    done = subprocess.run(["git", "--git-dir", str(remote), "for-each-ref", "--format=%(refname:short)", "refs/heads/"],
                          capture_output=True, text=True)
    return done.stdout.split()


@needs_git
def test_a_data_folder_already_a_repository_on_another_branch_syncs_with_the_remotes_branch(tmp_path: Path, remote: Path) -> None:
    # Before: b's own `git init` (branch master) pushed to a branch of its own: both said "Synced." and never met.
    a, b = machine(tmp_path, "a"), machine(tmp_path, "b")
    write_note(a, "written on the laptop", 1)
    assert ritual(a, "sync", "setup", str(remote)).returncode == 0
    write_note(b, "written on the desktop", 2)
    subprocess.run(["git", "init", "--quiet", "-b", "master", str(b)], check=True)

    second = ritual(b, "sync", "setup", str(remote))
    assert second.returncode == 0, second.stderr
    assert "1 file(s) received" in second.stdout
    assert ritual(a, "sync").returncode == 0
    assert remote_branches(remote) == ["main"]
    assert entry_bytes(a) == entry_bytes(b) and len(entry_bytes(a)) == 2


@needs_git
def test_a_commit_checked_out_by_hand_stops_sync_saying_how_to_go_back(tmp_path: Path, remote: Path) -> None:
    # Before: "git failed: ref HEAD is not a symbolic ref." at every sync and every status, after
    # committing the new entries on no branch.
    a = machine(tmp_path, "a")
    write_note(a, "first page", 1)
    subprocess.run(["git", "init", "--quiet", "-b", "master", str(a)], check=True)
    assert ritual(a, "sync", "setup", str(remote)).returncode == 0
    subprocess.run(["git", "-C", str(a), "checkout", "--quiet", "--detach"], check=True)
    write_note(a, "written while on no branch")

    stopped = ritual(a, "sync")
    assert stopped.returncode == 1
    assert stopped.stderr.count("\n") == 1 and f"`git -C {a} switch master` puts it back" in stopped.stderr
    waiting = ritual(a, "sync", "status")
    assert waiting.returncode == 0 and "here     1 changed file(s)" in waiting.stdout
    assert "no branch is checked out" in waiting.stdout

    subprocess.run(["git", "-C", str(a), "switch", "--quiet", "master"], check=True)
    assert ritual(a, "sync").returncode == 0
    assert len(remote_files(remote, "master")) == 2 and remote_branches(remote) == ["master"]


@pytest.mark.parametrize("shell", ["/bin/tcsh", "/usr/bin/nu", "/usr/bin/xonsh"])
def test_autostart_for_a_shell_that_reads_no_profile_says_so_and_writes_nothing(shell: str) -> None:
    # Before: "installed: ~/.profile", a file tcsh, nu and xonsh never read: ritual never opened at login.
    home = Path(os.environ["HOME"])
    done = run_cli("autostart", "install", env={"SHELL": shell})
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and f"your login shell {Path(shell).name} reads none of the files" in done.stderr
    assert "--method xdg" in done.stderr
    assert not [p for p in home.iterdir() if p.name in (".profile", ".bash_profile", ".bash_login", ".zprofile")]
    assert run_cli("autostart", "install", env={"SHELL": "/bin/dash"}).stdout.startswith("installed: ")


def test_autostart_into_a_home_folder_that_does_not_exist_makes_none(tmp_path: Path) -> None:
    # Before: HOME=/nonexistent/x (a service account, a typo) made the folders and wrote a login file no one reads.
    missing = tmp_path / "nobody" / "home"
    done = run_cli("autostart", "install", env={"HOME": str(missing), "SHELL": "/bin/bash"})
    assert done.returncode == 1 and f"the home folder {missing} does not exist" in done.stderr
    assert not missing.parent.exists()


def _grow_entry(folder: Path, words: str) -> Path:
    """Rewrite the one note of `folder` by hand with long words (another machine's edit)."""
    store = Store(folder)
    stored = store.scan().entries[0]
    store.save(stored.entry.model_copy(update={"body": words}))
    return stored.path


@needs_git
def test_a_checkout_cut_short_is_made_whole_never_committed_half(tmp_path: Path, remote: Path) -> None:
    # git writes a checked-out file in place; a full disk (or a kill) left the first part of the
    # remote's version, and the next sync committed it as this machine's change: every machine then
    # had a broken file in place of the entry, its words in a conflict copy.
    a, b = machine(tmp_path, "a"), machine(tmp_path, "b")
    write_note(a, "small words")
    assert ritual(a, "sync", "setup", str(remote)).returncode == 0
    assert ritual(b, "sync", "setup", str(remote)).returncode == 0
    path_a = _grow_entry(a, "the long letter " * 2000)
    assert ritual(a, "sync").returncode == 0
    subprocess.run(["git", "-C", str(b), "fetch", "--quiet", "origin"], check=True)
    path_b = b / path_a.relative_to(a)
    path_b.write_bytes(path_a.read_bytes()[:4096])  # what a checkout cut short leaves

    done = ritual(b, "sync")
    assert done.returncode == 0, done.stderr
    assert "both texts kept" not in done.stdout
    assert path_b.read_bytes() == path_a.read_bytes()
    assert ritual(a, "sync").returncode == 0
    assert entry_bytes(a) == entry_bytes(b) and len(entry_bytes(a)) == 1


@pytest.fixture
def small_disk(tmp_path: Path):
    """A real 200 KiB tmpfs (tests run as root where mounting is allowed); skipped where it is not."""
    folder = tmp_path / "disk"
    folder.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=200k,mode=0700", "tmpfs", str(folder)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


@needs_git
def test_a_sync_on_a_full_disk_leaves_every_entry_whole_on_every_machine(tmp_path: Path, remote: Path, small_disk: Path) -> None:
    a, b = machine(tmp_path, "a"), small_disk / "b"
    write_note(a, "small words")
    assert ritual(a, "sync", "setup", str(remote)).returncode == 0
    assert ritual(b, "sync", "setup", str(remote)).returncode == 0
    path_a = _grow_entry(a, "the long letter " * 6000)  # 96 kB, compressed to little in git
    assert ritual(a, "sync").returncode == 0

    full = ritual(b, "sync")
    assert full.returncode == 1 and full.stderr.count("\n") == 1 and "nothing is lost" in full.stderr
    assert ritual(b, "sync").returncode == 1  # still full: nothing half-written is committed
    subprocess.run(["mount", "-o", "remount,size=4m", str(small_disk)], check=True)
    done = ritual(b, "sync")
    assert done.returncode == 0, done.stderr
    assert "both texts kept" not in done.stdout
    assert ritual(a, "sync").returncode == 0
    assert entry_bytes(a) == entry_bytes(b) and list(entry_bytes(a).values()) == [path_a.read_bytes()]


@needs_git
def test_sync_names_the_folder_it_could_not_write(tmp_path: Path, remote: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Before: "the data folder could not be written (Not a directory)" when the state folder (the lock's) was a file.
    a = machine(tmp_path, "a")
    write_note(a, "a page")
    assert ritual(a, "sync", "setup", str(remote)).returncode == 0
    blocked = tmp_path / "state-is-a-file"
    blocked.write_text("")
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    done = run_cli("sync", env={"RITUAL_TUI_DATA_DIR": str(a), "XDG_STATE_HOME": str(blocked)})
    assert done.returncode == 1
    assert done.stderr == f"ritual: sync: {blocked / 'ritual-tui'} could not be written (Not a directory); nothing is lost.\n"


def _on_a_pty_with(redirect: str, target: Path, *args: str):
    """The app on a real pty, one of its standard streams ("stdout" or "stderr") sent to `target`."""
    from tests.test_pty import Terminal

    fd = 1 if redirect == "stdout" else 2
    code = (f"import os, sys; fd = os.open({str(target)!r}, os.O_WRONLY | os.O_CREAT, 0o600); os.dup2(fd, {fd}); "
            f"os.execv(sys.executable, [sys.executable, '-m', 'ritual_tui', *{list(args)!r}])")
    return Terminal(["-c", code])


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")
def test_a_signal_gives_the_terminal_back_when_the_output_goes_elsewhere(locations, tmp_path: Path) -> None:
    # Before: `ritual > /dev/null` (or `| tee`) ended by SIGTERM wrote the reset to standard output:
    # the terminal (where Textual draws, on standard error) stayed on the alternate screen with the mouse on.
    terminal = _on_a_pty_with("stdout", tmp_path / "out.txt", "gratitude")
    terminal.wait_for(b"ctrl+s saves")
    terminal.pump(0.5)
    terminal.type("the kettle singing")
    terminal.wait_for(b"the kettle singing")
    os.kill(terminal.pid, signal.SIGTERM)
    assert terminal.wait_exit() == 128 + signal.SIGTERM
    terminal.pump(0.2)
    terminal.close()
    tail = terminal.output.rsplit(b"\x1b[?1049h", 1)[-1]
    assert b"\x1b[?1049l" in tail and b"\x1b[?25h" in tail and b"\x1b[?1000l" in tail
    assert "the kettle singing" in (locations.drafts_dir / "gratitude.toml").read_text("utf-8")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")
def test_the_app_with_its_screen_sent_to_a_file_says_so_and_never_starts(locations, tmp_path: Path) -> None:
    # Before: `ritual 2>file` ran unseen: every key typed drove it blind, and its screens went into the file.
    written = tmp_path / "err.txt"
    terminal = _on_a_pty_with("stderr", written)
    assert terminal.wait_exit() == 2
    terminal.pump(0.2)
    terminal.close()
    assert b"draws on the terminal through its standard error" in terminal.output
    assert b"\x1b[" not in terminal.output and written.read_bytes() == b""


@pytest.mark.parametrize("zone", ["UTC+25", "<-2359>+23:59:59", "UTC-24:30"])
def test_a_time_zone_python_cannot_hold_never_stops_ritual(locations, zone: str) -> None:
    # Before: "an unexpected error (ValueError at clock.py)" at every command (the C library takes
    # offsets up to 24:59:59, Python less than 24 hours), and an entry whose times have no offset
    # was "too close to year 1 or year 9999".
    from tests.test_attack_s11 import write_entry

    write_entry(locations, "note", DAY, "heron00001", 'title = "heron"\nbody = "by the river"')
    naive = locations.entries_dir / "note" / f"{DAY:%Y}" / f"{DAY.isoformat()}-naive00001.toml"
    naive.write_text(f'schema = 1\nid = "naive00001"\nkind = "note"\nday = {DAY.isoformat()}\n'
                     f'created = {DAY.isoformat()}T08:30:00\nupdated = {DAY.isoformat()}T08:30:00\ntitle = "no offset"\nbody = "b"\n')
    os.chmod(naive, 0o600)
    env = {"TZ": zone, "RITUAL_TUI_FROZEN_NOW": ""}
    listed = run_cli("list", env=env)
    assert listed.returncode == 0, listed.stderr
    assert "heron00001" in listed.stdout and "naive00001" in listed.stdout and listed.stderr == ""
    assert run_cli("due", env=env).stderr in ("", "Nothing is due today.\n")
    assert "2 entries read fine" in run_cli("doctor", env=env).stdout


@needs_git
def test_a_remote_inside_the_data_folder_is_refused(tmp_path: Path, remote: Path) -> None:
    # Before: "Synced." with the data folder itself as the remote (no copy anywhere else), and a bare
    # repository inside it was committed into every commit (its hooks, its objects), growing at each sync.
    a = machine(tmp_path, "a")
    write_note(a, "a page")
    inside = a / "backup.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(inside)], check=True)
    for address in (str(inside), str(a), f"file://{a}/"):
        done = ritual(a, "sync", "setup", address)
        assert done.returncode == 1 and done.stderr.count("\n") == 1
        assert "is the data folder or inside it" in done.stderr
    assert subprocess.run(["git", "--git-dir", str(inside), "rev-parse", "--verify", "--quiet", "main"]).returncode != 0
    assert ritual(a, "sync", "setup", str(remote)).returncode == 0
    subprocess.run(["git", "-C", str(a), "remote", "set-url", "origin", str(inside)], check=True)  # set by hand
    assert "is the data folder or inside it" in ritual(a, "sync").stderr


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")
def test_a_data_folder_on_a_read_only_disk_opens_to_read(locations, small_disk: Path) -> None:
    # Before: a folder of mode 0755 on a read-only disk (a snapshot, a backup mounted to read) made
    # `ritual` say "Read-only file system" and nothing else: its entries could not even be read.
    from tests.test_pty import Terminal

    folder = small_disk / "journal"
    write_note(folder, "words kept on a snapshot")
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir():
            path.chmod(0o755)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    terminal = Terminal(["-m", "ritual_tui", "--data-dir", str(folder), "browse"])
    try:
        terminal.wait_for(b"words kept on a snapshot")
    finally:
        os.kill(terminal.pid, signal.SIGTERM)
        terminal.wait_exit()
        terminal.close()


def test_a_folder_another_user_owns_keeps_its_mode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A group's shared folder owned by someone else: chmod says EPERM (tests run as root, so it is
    # injected); ritual used it without making it private, rather than refusing to start.
    import errno

    from ritual_tui import paths

    shared = tmp_path / "shared"
    shared.mkdir(mode=0o770)
    shared.chmod(0o770)

    def not_yours(path, mode, **kwargs):
        raise PermissionError(errno.EPERM, "Operation not permitted", str(path))

    monkeypatch.setattr(paths.os, "chmod", not_yours)
    assert paths.ensure_private_dir(shared) == shared
    monkeypatch.undo()
    assert shared.stat().st_mode & 0o777 == 0o770


def test_the_app_started_during_a_sync_says_the_sync_holds_the_folder(locations) -> None:
    # Before: "ritual is already open for this data folder (process N); close it first." while a
    # `ritual sync` (from cron, or at login) held it: there was no window to close.
    from ritual_tui.store import WriterLock

    with WriterLock.for_data_folder(locations, doing="`ritual sync`"):
        done = run_cli("note")
        assert done.returncode == 1
        assert done.stderr == f"ritual: `ritual sync` is writing to this data folder (process {os.getpid()}); try again when it is done.\n"
    with WriterLock.for_data_folder(locations):  # the app's own lock reads as before
        assert run_cli("note").stderr == f"ritual: ritual is already open for this data folder (process {os.getpid()}); close it first.\n"


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_a_login_shell_without_a_terminal_leaves_ritual_and_the_greeting_alone(locations) -> None:
    # An editor resolving the environment runs `bash -ilc env` with no terminal: it got the app's
    # escape codes and "the app needs a terminal" in its output, and the day's greeting was spent
    # before the user's own login.
    from tests.test_login import login_shell

    home = Path(os.environ["HOME"])
    (home / ".bash_profile").write_text("PS1='$ '\n")
    run_cli("autostart", "install", env={"SHELL": "/bin/bash"})
    resolved = subprocess.run(["bash", "-i", "-l", "-c", "echo ENV_RESOLVED"], stdin=subprocess.DEVNULL,
                              capture_output=True, timeout=60)
    assert resolved.stdout == b"ENV_RESOLVED\n"
    assert b"\x1b[" not in resolved.stderr and b"ritual" not in resolved.stderr
    assert not locations.login_state_file.exists()
    assert b"Morning strengths" in login_shell(home)  # the user's own login still opens it


@needs_git
def test_entries_moved_to_another_disk_by_a_link_are_never_synced_as_a_link(tmp_path: Path, remote: Path) -> None:
    # Before: `entries/` linked to another disk (a usual way to move a folder) went to the remote as
    # a link: "Synced." with not one entry copied (doctor: "0 problem(s)").
    a, elsewhere = machine(tmp_path, "a"), tmp_path / "big-disk"
    write_note(a, "a page on the big disk")
    elsewhere.mkdir()
    (a / "entries").rename(elsewhere / "entries")
    (a / "entries").symlink_to(elsewhere / "entries")

    done = ritual(a, "sync", "setup", str(remote))
    assert done.returncode == 1 and done.stderr.count("\n") == 1
    assert f"{a / 'entries'} is a link (to {elsewhere / 'entries'}): git would copy the link" in done.stderr
    assert remote_files(remote) == []

    (a / "entries").unlink()
    (elsewhere / "entries").rename(a / "entries")
    assert ritual(a, "sync").returncode == 0
    assert [p for p in remote_files(remote) if p.startswith("entries/")] == list(entry_bytes(a))


def test_a_disk_that_refuses_modes_still_takes_entries_and_drafts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A FAT stick mounted without `quiet` answers EPERM to any mode it cannot hold (injected here:
    # this kernel has no vfat): every save and every draft failed ("NOT saved: Operation not permitted").
    import errno

    from ritual_tui.store.drafts import DraftStore

    def refuses(*args, **kwargs):
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "chmod", refuses)
    monkeypatch.setattr(os, "fchmod", refuses)
    stick = tmp_path / "stick"
    entry = write_note(stick, "written on a stick")
    DraftStore(stick / "drafts").write("note", {"body": "half a thought"})
    monkeypatch.undo()
    assert "written on a stick" in next((stick / "entries").rglob(f"*{entry.id}.toml")).read_text("utf-8")
    assert "half a thought" in (stick / "drafts" / "note.toml").read_text("utf-8")


@needs_git
def test_a_remote_folder_that_is_missing_or_no_repository_says_what_to_do(tmp_path: Path) -> None:
    # Before: "cannot be reached (offline, or a wrong address: ... does not appear to be a git
    # repository)" for a folder on a stick that was not mounted, or an empty folder (the README's
    # `ritual sync setup /media/stick/journal.git`).
    a = machine(tmp_path, "a")
    write_note(a, "a page")
    missing, empty = tmp_path / "stick" / "journal.git", tmp_path / "empty"
    empty.mkdir()
    gone = ritual(a, "sync", "setup", str(missing))
    assert gone.returncode == 1 and f"the remote folder {missing} cannot be reached: it does not exist (is its disk mounted?)" in gone.stderr
    bare = ritual(a, "sync", "setup", str(empty))
    assert bare.returncode == 1 and f"is not a git repository: make it one with `git init --bare {empty}`" in bare.stderr
    subprocess.run(["git", "init", "--quiet", "--bare", str(empty)], check=True)
    assert ritual(a, "sync").returncode == 0


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_a_second_start_beside_a_stopped_app_says_how_to_bring_it_back(locations) -> None:
    # Before: "ritual is already open ...; close it first." for an app stopped (SIGTSTP) in another
    # terminal and forgotten: no window showed it.
    from tests.test_pty import start

    terminal = start(locations, "gratitude")
    try:
        terminal.wait_for(b"ctrl+s saves")  # the app holds the folder once its form is drawn
        os.kill(terminal.pid, signal.SIGSTOP)
        done = run_cli("note")
        assert done.returncode == 1
        assert done.stderr == (f"ritual: ritual is already open for this data folder (process {terminal.pid}), "
                               "stopped with ctrl+z: `fg` in its terminal brings it back.\n")
    finally:
        os.kill(terminal.pid, signal.SIGCONT)
        os.kill(terminal.pid, signal.SIGTERM)
        terminal.wait_exit()
        terminal.close()


@needs_git
def test_what_an_editor_keeps_beside_an_open_entry_stays_on_its_machine(tmp_path: Path, remote: Path) -> None:
    # Before: vim's swap file went to every machine (where vim then said the entry was being edited),
    # and with the link check Emacs's lock link (`.#name`, kept while an entry is open) stopped sync.
    a = machine(tmp_path, "a")
    write_note(a, "open in an editor")
    entry = next((a / "entries").rglob("*.toml"))
    (entry.parent / f".#{entry.name}").symlink_to("me@host.4242:1700000000")
    (entry.parent / f".{entry.name}.swp").write_bytes(b"b0VIM swap")
    (entry.parent / f"#{entry.name}#").write_text("an autosave")
    (entry.parent / f"{entry.name}~").write_bytes(entry.read_bytes())

    done = ritual(a, "sync", "setup", str(remote))
    assert done.returncode == 0, done.stderr
    assert remote_files(remote) == [str(entry.relative_to(a))]


@needs_git
def test_two_machines_already_split_on_two_branches_come_together(tmp_path: Path, remote: Path) -> None:
    # Machines set up before ritual chose the remote's branch each pushed their own (main and
    # master) and never met; each sync now merges the other branch of entries too.
    a, b = machine(tmp_path, "a"), machine(tmp_path, "b")
    write_note(a, "from the laptop, on main", 1)
    assert ritual(a, "sync", "setup", str(remote)).returncode == 0
    write_note(b, "from the desktop, on master", 2)
    subprocess.run(["git", "init", "--quiet", "-b", "master", str(b)], check=True)
    subprocess.run(["git", "-C", str(b), "-c", "user.name=x", "-c", "user.email=x@y", "add", "--all"], check=True)
    subprocess.run(["git", "-C", str(b), "-c", "user.name=x", "-c", "user.email=x@y", "commit", "--quiet", "-m", "old ritual"], check=True)
    subprocess.run(["git", "-C", str(b), "remote", "add", "origin", str(remote)], check=True)
    subprocess.run(["git", "-C", str(b), "push", "--quiet", "origin", "master"], check=True)  # what the old ritual did
    subprocess.run(["git", "-C", str(b), "config", "ritual.branch", "master"], check=True)  # each keeps its own
    assert sorted(remote_branches(remote)) == ["main", "master"]

    assert ritual(a, "sync").returncode == 0
    done = ritual(b, "sync")
    assert done.returncode == 0, done.stderr
    assert ritual(a, "sync").returncode == 0
    assert entry_bytes(a) == entry_bytes(b) and len(entry_bytes(a)) == 2


def test_login_shells_opened_at_once_greet_in_one_of_them(locations) -> None:
    # Before: a terminal restoring six tabs ran six `due --login` at once; several read "not greeted
    # today", so several opened ritual, and each but one said it was already open.
    runs = [subprocess.Popen([sys.executable, "-m", "ritual_tui", "due", "--login", "-q"], env=os.environ.copy())
            for _ in range(6)]
    codes = sorted(run.wait(timeout=60) for run in runs)
    assert codes == [0, 1, 1, 1, 1, 1]


@needs_git
def test_entries_kept_in_a_repository_of_their_own_are_synced_as_entries(tmp_path: Path, remote: Path) -> None:
    # Before: entries/ kept in git by hand (its own .git) went to the remote as one gitlink: "Synced."
    # with not one entry there, and doctor found nothing wrong.
    a = machine(tmp_path, "a")
    write_note(a, "kept in git by hand")
    own = ["-c", "user.name=me", "-c", "user.email=me@here"]
    subprocess.run(["git", "init", "--quiet", str(a / "entries")], check=True)
    subprocess.run(["git", "-C", str(a / "entries"), *own, "add", "--all"], check=True)
    subprocess.run(["git", "-C", str(a / "entries"), *own, "commit", "--quiet", "-m", "mine"], check=True)

    refused = ritual(a, "sync", "setup", str(remote))
    assert refused.returncode == 1 and refused.stderr.count("\n") == 1
    assert f"{a / 'entries'} holds a git repository of its own ({a / 'entries' / '.git'})" in refused.stderr
    assert remote_files(remote) == []

    (a / "entries" / ".git").rename(tmp_path / "entries-history.git")
    assert ritual(a, "sync").returncode == 0
    assert remote_files(remote) == list(entry_bytes(a))


@needs_git
def test_a_repository_of_its_own_recorded_by_an_earlier_sync_is_replaced_by_its_entries(tmp_path: Path, remote: Path) -> None:
    # A data folder synced before the check above holds a gitlink in its index: once the inner .git
    # is moved away (as the check says), the entries themselves are committed in its place.
    a = machine(tmp_path, "a")
    write_note(a, "recorded as a gitlink")
    own = ["-c", "user.name=me", "-c", "user.email=me@here"]
    subprocess.run(["git", "init", "--quiet", str(a / "entries")], check=True)
    subprocess.run(["git", "-C", str(a / "entries"), *own, "add", "--all"], check=True)
    subprocess.run(["git", "-C", str(a / "entries"), *own, "commit", "--quiet", "-m", "mine"], check=True)
    subprocess.run(["git", "init", "--quiet", "-b", "main", str(a)], check=True)
    subprocess.run(["git", "-C", str(a), *own, "add", "--all"], check=True)  # what an earlier sync did
    subprocess.run(["git", "-C", str(a), *own, "commit", "--quiet", "-m", "ritual: entries written on this machine"], check=True)
    (a / "entries" / ".git").rename(tmp_path / "entries-history.git")

    assert ritual(a, "sync", "setup", str(remote)).returncode == 0
    assert remote_files(remote) == list(entry_bytes(a))


@needs_git
def test_only_entries_and_the_trash_travel(tmp_path: Path, remote: Path) -> None:
    # Before: `git add --all` sent whatever sat in the data folder to the remote (a private note
    # beside the entries; with `--data-dir ~`, a whole home folder), though the data format says
    # only entries/ and trash/ travel. A file an earlier sync already sent keeps following its changes.
    a, b = machine(tmp_path, "a"), machine(tmp_path, "b")
    write_note(a, "an entry")
    (a / "passwords.txt").write_text("never for a remote", "utf-8")
    (a / "old.txt").write_text("sent by an earlier sync", "utf-8")
    subprocess.run(["git", "init", "--quiet", "-b", "main", str(a)], check=True)
    own = ["-c", "user.name=me", "-c", "user.email=me@here"]
    subprocess.run(["git", "-C", str(a), *own, "add", "old.txt"], check=True)
    subprocess.run(["git", "-C", str(a), *own, "commit", "--quiet", "-m", "earlier"], check=True)
    (a / "old.txt").write_text("changed since", "utf-8")

    assert ritual(a, "sync", "setup", str(remote)).returncode == 0
    assert sorted(remote_files(remote)) == sorted([*entry_bytes(a), "old.txt"])
    assert "here     0 changed file(s)" in ritual(a, "sync", "status").stdout  # passwords.txt is not waiting
    assert ritual(b, "sync", "setup", str(remote)).returncode == 0
    assert (b / "old.txt").read_text("utf-8") == "changed since" and not (b / "passwords.txt").exists()


@needs_git
def test_drafts_tracked_before_ritual_synced_never_travel_again(tmp_path: Path, remote: Path) -> None:
    # A data folder kept in git by hand (`git add -A`) had drafts/ tracked: every sync then sent the
    # unsaved words (a sealed letter's too) to the remote. They stay on disk, out of every commit
    # from now on (a commit made by hand before keeps what it held: history is never rewritten).
    a = machine(tmp_path, "a")
    write_note(a, "an entry")
    (a / "drafts").mkdir(mode=0o700)
    (a / "drafts" / "letter.toml").write_text('[fields]\nbody = "not for anyone yet"\n', "utf-8")
    own = ["-c", "user.name=me", "-c", "user.email=me@here"]
    subprocess.run(["git", "init", "--quiet", "-b", "main", str(a)], check=True)
    subprocess.run(["git", "-C", str(a), *own, "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(a), *own, "commit", "--quiet", "-m", "by hand"], check=True)

    assert ritual(a, "sync", "setup", str(remote)).returncode == 0
    assert remote_files(remote) == list(entry_bytes(a))
    assert (a / "drafts" / "letter.toml").read_text("utf-8").endswith('"not for anyone yet"\n')


@needs_git
def test_an_editors_swap_file_an_earlier_sync_sent_stops_travelling(tmp_path: Path, remote: Path) -> None:
    a = machine(tmp_path, "a")
    write_note(a, "an entry")
    entry = next((a / "entries").rglob("*.toml"))
    swap = entry.parent / f".{entry.name}.swp"
    swap.write_bytes(b"b0VIM swap")
    own = ["-c", "user.name=me", "-c", "user.email=me@here"]
    subprocess.run(["git", "init", "--quiet", "-b", "main", str(a)], check=True)
    subprocess.run(["git", "-C", str(a), *own, "add", "-A"], check=True)  # as an earlier sync did
    subprocess.run(["git", "-C", str(a), *own, "commit", "--quiet", "-m", "earlier"], check=True)
    assert ritual(a, "sync", "setup", str(remote)).returncode == 0
    assert remote_files(remote) == [str(entry.relative_to(a))] and swap.exists()
