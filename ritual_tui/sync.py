"""Sync a data folder with a git remote: commit what is here, fetch, merge keeping both texts, push.

The data folder becomes a git repository. Drafts (`drafts/`) and stray temp files stay on their
machine (`.git/info/exclude`); the catalog and the lock live outside the folder anyway. When both
machines changed the same file, ours stays in place and theirs is kept beside it as ritual's own
conflict copy (`<name>.ritual-conflict-<stamp>.toml`, which `doctor` and the browser list): git's
merge driver for every file is "keep ours", so no entry file ever holds conflict markers. Nothing is
force-pushed and nothing is deleted. The caller holds the writer lock. No Textual here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ritual_tui.paths import Locations, ensure_private_dir
from ritual_tui.sync_aside import put_back, set_aside
from ritual_tui.sync_checks import KEPT as _KEPT, files_in_the_way, refuse_a_remote_inside, refuse_links, unreachable
from ritual_tui.sync_git import BRANCH, MERGE_DRIVER, REMOTE, Git, GitFailed, SyncError
from ritual_tui.sync_merge import changed, finish_cut_checkouts, keep_both, private_modes, private_repository
from ritual_tui.sync_state import (BRANCH_SETTING, EXCLUDED, OWN_FOLDERS, SyncStatus, hidden_entries, is_set_up,
                                   last_outcome, local_branch, other_branches_of_entries, record, remote_branch,
                                   state_file, status)


ATTRIBUTES = f"* merge={MERGE_DRIVER} -text -ident -filter -working-tree-encoding\n"
"""Every file byte for byte, whatever a `.gitattributes` in the data folder says (this list wins over
it): `ident` made an entry's "$Id: ... $" "$Id$" in the commit and expanded "$Id$" on the other
machine; `text eol=crlf` gave it CRLF lines; a filter or an encoding would change it further."""


@dataclass
class SyncReport:
    """What one sync did."""

    committed: bool = False
    """Local changes were committed."""
    received: int = 0
    """Files the remote changed here."""
    pushed: bool = False
    """The remote now holds everything this machine has."""
    kept_both: list[str] = field(default_factory=list)
    """Conflict copies written (paths inside the data folder): both texts kept."""
    ignored_anyway: int = 0
    """Entry files a `.gitignore` in the data folder lists, committed all the same."""

    def summary(self) -> str:
        """One line saying what happened."""
        parts = ["Synced"]
        if self.received:
            parts.append(f"{self.received} file(s) received")
        if self.kept_both:
            parts.append(f"{len(self.kept_both)} entry(ies) changed on both machines: both texts kept (see `ritual doctor`)")
        if self.ignored_anyway:
            parts.append(f"{self.ignored_anyway} entry file(s) that a .gitignore in the data folder lists synced all the same "
                         "(ritual syncs every entry)")
        return (parts[0] + ": " + "; ".join(parts[1:]) if len(parts) > 1 else parts[0]) + "."


def git_for(locations: Locations, *, interactive: bool = True) -> Git:
    """The git of a data folder."""
    return Git(locations.data_dir, interactive=interactive)


def setup(locations: Locations, remote: str, *, interactive: bool = True) -> SyncReport:
    """Make the data folder a repository (if it is not one), connect it to `remote`, then sync."""
    if remote.startswith("-") or not remote.strip():
        raise SyncError("the remote must be a git address or a folder, e.g. git@host:me/journal.git.")
    if os.path.exists(os.path.expanduser(remote)):
        remote = os.path.abspath(os.path.expanduser(remote))
    refuse_a_remote_inside(locations.data_dir, remote)
    ensure_private_dir(locations.data_dir)
    git = git_for(locations, interactive=interactive)
    if not git.is_repository():
        git.run("init", "--quiet")
        git.run("symbolic-ref", "HEAD", f"refs/heads/{BRANCH}")
    _prepare(git)
    private_repository(git.git_dir)
    known = git.run("remote", "get-url", REMOTE, check=False)
    git.run("remote", "set-url" if known.returncode == 0 else "add", REMOTE, remote)
    git.run("config", "--unset", BRANCH_SETTING, check=False)  # chosen again from what this remote holds
    return sync(locations, interactive=interactive)


def sync(locations: Locations, *, interactive: bool = True, sole_writer: bool = True) -> SyncReport:
    """Commit local changes, fetch, merge keeping both texts, push; SyncError with one sentence.

    `sole_writer` (the command line, holding the writer lock alone) also clears temp files an
    interrupted save or sync left; in the app, whose own saves may be under way, only old ones.
    """
    from ritual_tui.store.atomic import remove_stray_temp_files

    git = git_for(locations, interactive=interactive)
    if not git.is_repository():
        raise SyncError("this data folder is not set up for sync; run `ritual sync setup REMOTE` first.")
    report = SyncReport()
    for folder in (locations.entries_dir, locations.trash_dir):
        remove_stray_temp_files(folder, older_than_seconds=0 if sole_writer else 300)
    try:
        _prepare(git)
        address = git.run("remote", "get-url", REMOTE, check=False).stdout.decode("utf-8", "surrogateescape").strip()
        if not address:  # a repository made by hand, or a setup killed before it named the remote
            raise SyncError("this data folder has no remote to sync with yet; run `ritual sync setup REMOTE` "
                            "(a git address or a folder); nothing is lost.")
        refuse_a_remote_inside(locations.data_dir, address)
        local_branch(git)  # before committing anything on no branch
        refuse_links(git.folder)
        put_back(git)  # what a merge killed half-way had set aside
        _finish_cut_checkouts(git)
        _finish_interrupted_merge(git, report)
        report.committed = _commit_local(git, report, "ritual: entries written on this machine")
        for attempt in range(2):
            _fetch(git)
            _merge_remote(git, report)
            if _push(git, last_try=attempt == 1):
                report.pushed = True
                break
    finally:
        private_modes(git.folder)
    return report


def _prepare(git: Git) -> None:
    """Ritual's settings of the repository, written every time (a hand edit cannot break sync)."""
    git.clear_stale_locks()
    info = ensure_private_dir(git.git_dir / "info")
    _write_if_changed(info / "exclude", "# ritual: never synced\n" + "\n".join(EXCLUDED) + "\n")
    _write_if_changed(info / "attributes", ATTRIBUTES)
    # Only ritual's own list, never the user's global one: a `*.toml` there kept every entry out of
    # every commit while sync said "Synced." and the status "0 changed file(s)".
    git.run("config", "core.excludesFile", str(info / "exclude"))
    git.run("config", "core.autocrlf", "false")
    git.run("config", "core.sharedRepository", "0600")


def _write_if_changed(path: Path, text: str) -> None:
    try:
        if path.read_text("utf-8") == text:
            return
    except (OSError, UnicodeDecodeError):
        pass
    from ritual_tui.store import atomic_write

    atomic_write(path, text.encode("utf-8"))


def _add_all(git: Git, report: SyncReport) -> None:
    """Stage every change in entries/ and trash/ (entries a `.gitignore` lists too) and in the files
    already synced; never a new file elsewhere in the data folder: `add --all` sent whatever sat
    there (a private note, or with `--data-dir ~` a whole home folder) to the remote, while the
    data format says only entries/ and trash/ travel."""
    for line in git.paths("ls-files", "--stage", "-z", "--", *OWN_FOLDERS):
        if line.startswith("160000 "):  # a repository of its own, recorded before `refuse_links` (its .git now gone)
            git.run("--literal-pathspecs", "rm", "--cached", "--quiet", "--", line.partition("\t")[2])
    # What ritual's own list keeps here never travels, even when tracked before (a repository made
    # by hand with `git add -A` held drafts/; an earlier sync, a swap file): it stays on disk, out
    # of the next commit. Exclude lists alone do not apply to tracked files.
    tracked_here = git.paths("ls-files", "-z", "--cached", "--ignored", f"--exclude-from={git.git_dir / 'info' / 'exclude'}")
    for start in range(0, len(tracked_here), 500):
        git.run("--literal-pathspecs", "rm", "--cached", "--quiet", "--", *tracked_here[start:start + 500])
    present = [name for name in OWN_FOLDERS if (git.folder / name).is_dir()]
    if present:
        git.run("--literal-pathspecs", "add", "--all", "--", *present)
    git.run("add", "--update")  # changes and removals of every file already synced, wherever it is
    hidden = hidden_entries(git)
    for start in range(0, len(hidden), 500):  # a bounded command line however many there are
        git.run("--literal-pathspecs", "add", "--force", "--", *hidden[start:start + 500])
    report.ignored_anyway += len(hidden)


def _commit_local(git: Git, report: SyncReport, message: str) -> bool:
    """Commit every change sync carries (see `_add_all`); True when there was one."""
    _add_all(git, report)
    if git.revision("HEAD") is not None and git.run("diff", "--cached", "--quiet", check=False).returncode == 0:
        return False
    if git.revision("HEAD") is None and not git.paths("ls-files", "-z"):
        return False
    git.run("commit", "--quiet", "--no-verify", "-m", message)
    return True


def _fetch(git: Git) -> None:
    try:
        git.run("fetch", "--quiet", "--no-tags", REMOTE, network=True)
    except GitFailed as failed:
        raise unreachable(git.text("remote", "get-url", REMOTE), failed) from None


def _branch(git: Git) -> str:
    """The remote's branch to merge and push, chosen (and kept) after the first fetch."""
    chosen = remote_branch(git)
    if remote_branch(git, chosen_only=True) != chosen:
        git.run("config", BRANCH_SETTING, chosen)
    return chosen


def _merge_remote(git: Git, report: SyncReport) -> None:
    """Bring in what the remote has that this machine has not: its branch, then any other branch of
    entries (two machines that each pushed a branch of their own before ritual chose one)."""
    branch = _branch(git)
    for name in [branch, *other_branches_of_entries(git, branch)]:
        theirs = git.revision(f"refs/remotes/{REMOTE}/{name}")
        if theirs is not None:
            _merge_one(git, report, theirs)


def _merge_one(git: Git, report: SyncReport, theirs: str) -> None:
    """Merge one remote commit, keeping both texts of a file changed on both sides, and this
    machine's own files (drafts) as they are, even where the remote tracks the same names."""
    ours = git.revision("HEAD")
    if theirs == ours:
        return
    if ours is not None and git.is_ancestor(theirs, ours):
        return
    set_aside(git, changed(git, ours, theirs))
    try:
        _merge_in(git, report, ours, theirs)
    finally:
        put_back(git)


def _merge_in(git: Git, report: SyncReport, ours: str | None, theirs: str) -> None:
    if ours is None or git.is_ancestor(ours, theirs):
        done = git.run("merge", "--quiet", "--ff-only", theirs, check=False)
        if done.returncode:
            _cut_short(git, done)
        report.received += len(changed(git, ours, theirs))
        return
    base = git.run("merge-base", ours, theirs, check=False).stdout.decode().strip() or None
    report.received += len(changed(git, base, theirs))
    done = git.run("merge", "--quiet", "--no-commit", "--no-ff", "--allow-unrelated-histories",
                   "-X", "no-renames", theirs, check=False)
    if git.revision("MERGE_HEAD") is None:
        _cut_short(git, done)
    _finish_merge(git, report)


def _cut_short(git: Git, done) -> None:
    """A merge git could not finish (a full disk): the files it left half-written made whole when
    there is room, then one sentence."""
    try:
        _finish_cut_checkouts(git)
    except (OSError, SyncError):
        pass  # the next sync does it, before committing anything
    in_the_way = files_in_the_way(GitFailed(done))
    if in_the_way is not None:
        raise in_the_way
    raise SyncError(f"git could not merge the remote's entries ({GitFailed(done).reason}); {_KEPT}.")


def _finish_cut_checkouts(git: Git) -> None:
    """Entry files a checkout cut short (see `finish_cut_checkouts`), written whole before any commit."""
    merging = git.revision("MERGE_HEAD")
    if merging is not None:
        finish_cut_checkouts(git, git.revision("HEAD"), [merging])
        return
    branch = remote_branch(git, chosen_only=True)  # never chosen before a fetch
    if branch:
        names = [branch, *other_branches_of_entries(git, branch)]
        tips = [tip for name in names if (tip := git.revision(f"refs/remotes/{REMOTE}/{name}")) is not None]
        finish_cut_checkouts(git, git.revision("HEAD"), tips)


def _finish_interrupted_merge(git: Git, report: SyncReport) -> None:
    """A sync killed during its merge left MERGE_HEAD: complete that merge first."""
    if git.revision("MERGE_HEAD") is not None:
        _finish_merge(git, report)


def _finish_merge(git: Git, report: SyncReport) -> None:
    """Keep both texts of every file changed on both sides, then commit the merge."""
    ours, theirs = git.revision("HEAD"), git.revision("MERGE_HEAD")
    assert ours is not None and theirs is not None
    report.kept_both += keep_both(git, ours, theirs)
    _add_all(git, report)
    git.run("commit", "--quiet", "--no-verify", "--no-edit", "-m", "ritual: merge entries from the remote")


def _push(git: Git, *, last_try: bool) -> bool:
    """Push (never forced); False when the remote moved meanwhile and another round may do."""
    if git.revision("HEAD") is None:
        return True  # nothing here and nothing there yet
    branch = _branch(git)
    if git.revision("HEAD") == git.revision(f"refs/remotes/{REMOTE}/{branch}"):
        return True
    try:
        git.run("push", "--quiet", "--no-verify", REMOTE, f"HEAD:refs/heads/{branch}", network=True)
    except GitFailed as failed:
        moved = any(word in failed.stderr for word in ("fetch first", "non-fast-forward", "[rejected]"))
        if moved and not last_try:
            return False
        raise SyncError(f"the remote refused the push ({failed.reason}); {_KEPT}; run `ritual sync` again later.") from None
    return True  # git moved the remote-tracking branch along with the push


__all__ = ["SyncError", "SyncReport", "SyncStatus", "is_set_up", "last_outcome", "record", "setup", "state_file", "status", "sync"]
