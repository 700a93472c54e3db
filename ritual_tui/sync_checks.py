"""What sync refuses before it commits or fetches anything, each in one sentence: a remote that is
the data folder itself, a link in ritual's own folders, a remote folder that is missing or no
repository. No Textual here."""

from __future__ import annotations

import os
import shlex
from pathlib import Path

from ritual_tui.sync_git import GitFailed, SyncError, hide_credentials
from ritual_tui.sync_state import first_link
from ritual_tui.text import visible_line

KEPT = "your entries are committed here and nothing is lost"
"""What every sentence of a sync that could not finish ends with."""


def _folder_of(address: str) -> str:
    """The folder a remote address names (`file:///x` is /x); other addresses as they are."""
    return address.removeprefix("file://") if address.startswith("file:///") else address


def refuse_a_remote_inside(data_dir: Path, remote: str) -> None:
    """SyncError for a remote folder that is the data folder or inside it: sync said "Synced." with
    no copy anywhere else, or committed the remote's own files into every commit, growing for ever."""
    folder = _folder_of(remote)
    if not os.path.isabs(folder):
        return
    real, data = os.path.realpath(folder), os.path.realpath(data_dir)
    if real == data or real.startswith(data.rstrip(os.sep) + os.sep):
        raise SyncError(f"the remote {hide_credentials(remote)} is the data folder or inside it, so it would hold no copy "
                        "of your entries anywhere else; give a folder on another disk (a USB stick) or a git address.")


def refuse_links(folder: Path) -> None:
    """SyncError naming a link, or a repository of its own, in ritual's own folders: git would sync
    the link or the repository's commit, not the entries."""
    link = first_link(folder)
    if link is not None and link.name == ".git":
        raise SyncError(f"{link.parent} holds a git repository of its own ({link}): git would record that repository, "
                        f"not the entries in it, so nothing was synced; move {link} out of the data folder "
                        "(ritual's sync keeps the history from now on), then `ritual sync`.")
    if link is not None:
        try:
            points_to = f" (to {os.readlink(link)})"
        except OSError:
            points_to = ""
        raise SyncError(f"{link} is a link{points_to}: git would copy the link, not the entries it leads to, so nothing was "
                        "synced; move what it holds into the data folder, or give the folder itself as the data folder "
                        "(--data-dir, RITUAL_TUI_DATA_DIR).")


def unreachable(address: str, failed: GitFailed) -> SyncError:
    """The sentence for a fetch that failed: a remote folder that does not exist (a disk not
    mounted) or is no repository says so and what to do; anything else cannot be reached."""
    url = hide_credentials(address)
    folder = _folder_of(address)
    if os.path.isabs(folder) and not os.path.isdir(folder):
        return SyncError(f"the remote folder {url} cannot be reached: it does not exist (is its disk mounted?); {KEPT}.")
    if os.path.isabs(folder) and "not appear to be a git repository" in failed.stderr:
        return SyncError(f"the remote folder {url} is not a git repository: make it one with `git init --bare "
                         f"{visible_line(shlex.quote(folder))}`, then `ritual sync`; {KEPT}.")
    return SyncError(f"the remote {url} cannot be reached (offline, or a wrong address: {failed.reason}); {KEPT}.")


def files_in_the_way(failed: GitFailed) -> SyncError | None:
    """The sentence for a merge git refused because files of this machine's own, never synced (only
    entries/ and trash/ travel), have the names of files the remote holds; None for another refusal.
    It said "(The following untracked working tree files would be overwritten by merge:)", naming none."""
    lines = failed.stderr.splitlines()
    starts = [index for index, line in enumerate(lines) if "untracked working tree files would be" in line]
    if not starts:
        return None
    names = []
    for line in lines[starts[0] + 1:]:
        if not line.startswith("\t"):
            break
        names.append(line.strip())
    return in_the_way(names)


def in_the_way(names: list[str]) -> SyncError:
    """The sentence for files of this machine's own, never synced, named like files the remote holds."""
    shown = ", ".join(visible_line(name) for name in names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    return SyncError(f"a file of this machine's own ({shown or 'see `git status`'}) has the name of one the remote holds, so "
                     f"git will not merge; it is not synced (only entries/ and trash/ travel): rename or move it, then "
                     f"`ritual sync`; {KEPT}.")


__all__ = ["KEPT", "files_in_the_way", "in_the_way", "refuse_a_remote_inside", "refuse_links", "unreachable"]
