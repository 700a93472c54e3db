"""What sync left to say: the last outcome (kept in the state folder) and what waits, read from git
without any network. No Textual here."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from ritual_tui.clock import now
from ritual_tui.paths import Locations, folder_key
from ritual_tui.sync_git import BRANCH, REMOTE, Git, SyncError, hide_credentials

BRANCH_SETTING = "ritual.branch"
"""The repository setting naming the remote's branch this machine syncs with (chosen once, see `remote_branch`)."""


@dataclass(frozen=True)
class SyncStatus:
    """What waits to be synced, as of the last fetch (no network)."""

    set_up: bool
    remote: str = ""
    changed_here: int = 0
    ahead: int = 0
    behind: int = 0
    interrupted: bool = False
    detached: bool = False
    """No branch is checked out (a commit checked out by hand): sync cannot go on until one is."""


def status(locations: Locations) -> SyncStatus:
    """The data folder's sync state, read from git without any network."""
    git = Git(locations.data_dir)
    if not git.is_repository():
        return SyncStatus(False)
    url = git.run("remote", "get-url", REMOTE, check=False).stdout.decode("utf-8", "replace").strip()
    lines = git.paths("status", "--porcelain", "-z", "--no-renames", "--untracked-files=all")
    changed = len([line for line in lines if line[:2].strip() and (line[:2] != "??" or line[3:].split("/", 1)[0] in OWN_FOLDERS)])
    changed += len(hidden_entries(git))
    ahead = behind = 0
    try:
        branch = remote_branch(git, chosen_only=True) or local_branch(git)
        local_branch(git)
    except SyncError:
        return SyncStatus(True, hide_credentials(url), changed, detached=True)
    remote_head = git.revision(f"refs/remotes/{REMOTE}/{branch}")
    if remote_head and git.revision("HEAD"):
        counts = git.text("rev-list", "--left-right", "--count", f"HEAD...{remote_head}").split()
        ahead, behind = int(counts[0]), int(counts[1])
    elif git.revision("HEAD"):
        ahead = int(git.text("rev-list", "--count", "HEAD"))
    return SyncStatus(True, hide_credentials(url), changed, ahead, behind, git.revision("MERGE_HEAD") is not None)


EXCLUDED = ("/drafts/", ".*.tmp", "*.tmp", ".*.sw[a-p]", ".#*", "\\#*#", "*~")
"""What never leaves this machine: drafts, half-written temp files, and what an editor keeps beside a
file it has open (vim's swap files, Emacs's lock links and autosaves, backups ending in ~): synced,
a swap file made vim on the other machine say the entry was being edited, and Emacs's lock (a link)
stopped every sync while an entry was open."""

OWN_FOLDERS = ("entries", "trash")
"""The data folder's own folders: every file in them syncs, whatever a `.gitignore` says."""


def hidden_entries(git: Git) -> list[str]:
    """Files in ritual's own folders that are not in git and that only the user's ignore lists hide.

    A `.gitignore` in the data folder (written by hand, or one that came from another machine)
    kept the entries it matched out of every commit while sync said "Synced.": ritual's own
    folders always sync; only ritual's list (drafts, half-written temp files) keeps files back.
    """
    exclude = git.git_dir / "info" / "exclude"
    own_list = [f"--exclude-from={exclude}"] if exclude.is_file() else []
    not_hidden = set(git.paths("ls-files", "-z", "--others", "--exclude-standard", "--", *OWN_FOLDERS))
    untracked = git.paths("ls-files", "-z", "--others", *own_list, "--", *OWN_FOLDERS)
    return [path for path in untracked if path not in not_hidden]


def first_link(folder: Path) -> Path | None:
    """The first symbolic link in ritual's own folders of `folder` (or one of the folders itself), or
    the first `.git` in them (a repository of its own), else None.

    git copies a link, never what it points to: `entries/` linked to another disk (a common way to
    move a folder) went to the remote as a link, and sync said "Synced." with no entry copied. Of a
    folder holding a repository of its own (entries kept in git by hand before) git records only
    that repository's commit: "Synced." again, and not one entry on the remote.
    """
    pending = [folder / name for name in OWN_FOLDERS]
    while pending:
        current = pending.pop()
        if current.is_symlink():
            return current
        try:
            with os.scandir(current) as listing:
                for item in listing:
                    if (item.is_symlink() and not _never_synced(item.name)) or item.name == ".git":
                        return Path(item.path)
                    if item.is_dir(follow_symlinks=False):
                        pending.append(Path(item.path))
        except OSError:  # gone, not a folder, unreadable: git meets the same and says so
            continue
    return None


def _never_synced(name: str) -> bool:
    """True for a file name ritual's own ignore list keeps on this machine (see EXCLUDED)."""
    from fnmatch import fnmatchcase

    return any(fnmatchcase(name, pattern.removeprefix("\\")) for pattern in EXCLUDED if "/" not in pattern)  # "\#": not a comment


def local_branch(git: Git) -> str:
    """The branch checked out in the data folder; SyncError when none is (a commit checked out by hand)."""
    done = git.run("symbolic-ref", "--quiet", "--short", "HEAD", check=False)
    name = done.stdout.decode("utf-8", "surrogateescape").strip()
    if done.returncode or not name:
        raise SyncError(f"the data folder's repository has no branch checked out (a commit was checked out by hand); "
                        f"`git -C {hide_credentials(str(git.folder))} switch {_branch_to_go_back_to(git)}` "
                        "puts it back, then `ritual sync`; nothing is lost.")
    return name


def _branch_to_go_back_to(git: Git) -> str:
    """The local branch sync was on (the only one, else the one it syncs, `main`, `master`), else `-`."""
    heads = [name.strip() for name in git.paths("for-each-ref", "--format=%(refname:short)%00", "refs/heads/") if name.strip()]
    if len(heads) == 1:
        return heads[0]
    return next((name for name in (remote_branch(git, chosen_only=True), BRANCH, "master") if name and name in heads), "-")


def remote_branch(git: Git, *, chosen_only: bool = False) -> str:
    """The remote's branch this machine syncs with: the one chosen at the first sync after a fetch.

    A data folder already a repository on another branch than the remote's (`git init` made
    `master`, the first machine pushed `main`) pushed to a branch of its own: both machines said
    "Synced." and never saw each other's entries. The remote's branch is taken when it has the one
    (or `main`, or `master`) and this machine's is not there; an empty remote takes this machine's.
    `chosen_only`: the setting, or "" (no fetch has been seen yet).
    """
    chosen = git.run("config", "--get", BRANCH_SETTING, check=False).stdout.decode("utf-8", "surrogateescape").strip()
    if chosen or chosen_only:
        return chosen
    here = local_branch(git)
    theirs = remote_branches(git)
    if here in theirs or not theirs:
        return here
    if len(theirs) == 1:
        return theirs[0]
    return next((name for name in (BRANCH, "master") if name in theirs), here)


def remote_branches(git: Git) -> list[str]:
    """The remote's branches as of the last fetch."""
    prefix = f"refs/remotes/{REMOTE}/"
    names = [ref.strip().removeprefix(prefix) for ref in git.paths("for-each-ref", "--format=%(refname)%00", prefix)]
    return [name for name in names if name and name != "HEAD"]


def other_branches_of_entries(git: Git, branch: str) -> list[str]:
    """The remote's other branches that hold entries this machine has not merged: the split ritual
    made when a data folder already on `master` met a remote's `main` (each machine said "Synced.")."""
    ours = git.revision("HEAD")
    others = []
    for name in remote_branches(git):
        tip = git.revision(f"refs/remotes/{REMOTE}/{name}")
        if name == branch or tip is None or (ours is not None and git.is_ancestor(tip, ours)):
            continue
        if git.blob(tip, "entries") is not None:
            others.append(name)
    return others


def state_file(locations: Locations) -> Path:
    """Where the last sync's outcome is kept (the state folder: never synced)."""
    return locations.state_dir / f"sync-{folder_key(locations.data_dir)}.json"


def record(locations: Locations, ok: bool, line: str) -> None:
    """Remember the last sync's outcome for `ritual sync status` and Today."""
    from ritual_tui.store import atomic_write

    document = {"when": now().isoformat(), "ok": ok, "line": line}
    try:
        atomic_write(state_file(locations), json.dumps(document).encode("utf-8"))
    except OSError:
        pass  # only a note for later; the sync itself is done


def last_outcome(locations: Locations) -> dict | None:
    """The last sync's outcome (`when`, `ok`, `line`), or None when sync never ran here."""
    try:
        document = json.loads(state_file(locations).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return document if isinstance(document, dict) else None


def is_set_up(locations: Locations) -> bool:
    """True when the data folder syncs with a remote."""
    return Git(locations.data_dir).is_repository()


__all__ = ["BRANCH_SETTING", "EXCLUDED", "OWN_FOLDERS", "SyncStatus", "first_link", "hidden_entries", "is_set_up", "last_outcome", "local_branch", "other_branches_of_entries",
           "record", "remote_branch", "remote_branches", "state_file", "status"]
