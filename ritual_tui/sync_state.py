"""What sync left to say: the last outcome (kept in the state folder) and what waits, read from git
without any network. No Textual here."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ritual_tui.clock import now
from ritual_tui.paths import Locations, folder_key
from ritual_tui.sync_git import REMOTE, Git, hide_credentials


@dataclass(frozen=True)
class SyncStatus:
    """What waits to be synced, as of the last fetch (no network)."""

    set_up: bool
    remote: str = ""
    changed_here: int = 0
    ahead: int = 0
    behind: int = 0
    interrupted: bool = False


def status(locations: Locations) -> SyncStatus:
    """The data folder's sync state, read from git without any network."""
    git = Git(locations.data_dir)
    if not git.is_repository():
        return SyncStatus(False)
    url = git.run("remote", "get-url", REMOTE, check=False).stdout.decode("utf-8", "replace").strip()
    changed = len([line for line in git.paths("status", "--porcelain", "-z", "--no-renames", "--untracked-files=all") if line[:2].strip()])
    changed += len(hidden_entries(git))
    ahead = behind = 0
    branch = git.text("symbolic-ref", "--short", "HEAD")
    remote_head = git.revision(f"refs/remotes/{REMOTE}/{branch}")
    if remote_head and git.revision("HEAD"):
        counts = git.text("rev-list", "--left-right", "--count", f"HEAD...{remote_head}").split()
        ahead, behind = int(counts[0]), int(counts[1])
    elif git.revision("HEAD"):
        ahead = int(git.text("rev-list", "--count", "HEAD"))
    return SyncStatus(True, hide_credentials(url), changed, ahead, behind, git.revision("MERGE_HEAD") is not None)


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
    tracked_or_not_hidden = set(git.paths("ls-files", "-z", "--others", "--exclude-standard", "--", *OWN_FOLDERS))
    untracked = git.paths("ls-files", "-z", "--others", *own_list, "--", *OWN_FOLDERS)
    return [path for path in untracked if path not in tracked_or_not_hidden]


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


__all__ = ["OWN_FOLDERS", "SyncStatus", "hidden_entries", "is_set_up", "last_outcome", "record", "state_file", "status"]
