"""Sync a data folder with a git remote: commit what is here, fetch, merge keeping both texts, push.

The data folder becomes a git repository. Drafts (`drafts/`) and stray temp files stay on their
machine (`.git/info/exclude`); the catalog and the lock live outside the folder anyway. When both
machines changed the same file, ours stays in place and theirs is kept beside it as ritual's own
conflict copy (`<name>.ritual-conflict-<stamp>.toml`, which `doctor` and the browser list): git's
merge driver for every file is "keep ours", so no entry file ever holds conflict markers. Nothing is
force-pushed and nothing is deleted. The caller holds the writer lock. No Textual here.
"""

from __future__ import annotations

import json
import os
import secrets
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ritual_tui.clock import now, stamp
from ritual_tui.paths import PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, Locations, ensure_private_dir, folder_key
from ritual_tui.store.conflicts import conflict_tool
from ritual_tui.sync_git import BRANCH, MERGE_DRIVER, REMOTE, Git, GitFailed, SyncError, hide_credentials

EXCLUDED = ("/drafts/", ".*.tmp", "*.tmp")
"""What never leaves this machine: drafts and half-written temp files."""

_KEPT = "your entries are committed here and nothing is lost"


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

    def summary(self) -> str:
        """One line saying what happened."""
        parts = ["Synced"]
        if self.received:
            parts.append(f"{self.received} file(s) received")
        if self.kept_both:
            parts.append(f"{len(self.kept_both)} entry(ies) changed on both machines: both texts kept (see `ritual doctor`)")
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
    ensure_private_dir(locations.data_dir)
    git = git_for(locations, interactive=interactive)
    if not git.is_repository():
        git.run("init", "--quiet")
        git.run("symbolic-ref", "HEAD", f"refs/heads/{BRANCH}")
    _prepare(git)
    _private_repository(git.git_dir)
    known = git.run("remote", "get-url", REMOTE, check=False)
    git.run("remote", "set-url" if known.returncode == 0 else "add", REMOTE, remote)
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
        _finish_interrupted_merge(git, report)
        report.committed = _commit_local(git, "ritual: entries written on this machine")
        for attempt in range(2):
            _fetch(git)
            _merge_remote(git, report)
            if _push(git, last_try=attempt == 1):
                report.pushed = True
                break
    finally:
        _private_modes(git.folder)
    return report


def _prepare(git: Git) -> None:
    """Ritual's settings of the repository, written every time (a hand edit cannot break sync)."""
    git.clear_stale_locks()
    info = ensure_private_dir(git.git_dir / "info")
    _write_if_changed(info / "exclude", "# ritual: never synced\n" + "\n".join(EXCLUDED) + "\n")
    _write_if_changed(info / "attributes", f"* merge={MERGE_DRIVER}\n")
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


def _commit_local(git: Git, message: str) -> bool:
    """Commit every change in the data folder (drafts excluded); True when there was one."""
    git.run("add", "--all")
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
        url = hide_credentials(git.text("remote", "get-url", REMOTE))
        raise SyncError(f"the remote {url} cannot be reached (offline, or a wrong address: {failed.reason}); {_KEPT}.") from None


def _branch(git: Git) -> str:
    return git.text("symbolic-ref", "--short", "HEAD")


def _merge_remote(git: Git, report: SyncReport) -> None:
    """Bring in what the remote has that this machine has not."""
    theirs = git.revision(f"refs/remotes/{REMOTE}/{_branch(git)}")
    ours = git.revision("HEAD")
    if theirs is None or theirs == ours:
        return
    if ours is not None and _is_ancestor(git, theirs, ours):
        return
    if ours is None or _is_ancestor(git, ours, theirs):
        before = ours
        git.run("merge", "--quiet", "--ff-only", theirs)
        report.received += len(_changed(git, before, theirs))
        return
    base = git.run("merge-base", ours, theirs, check=False).stdout.decode().strip() or None
    report.received += len(_changed(git, base, theirs))
    done = git.run("merge", "--quiet", "--no-commit", "--no-ff", "--allow-unrelated-histories",
                   "-X", "no-renames", theirs, check=False)
    if git.revision("MERGE_HEAD") is None:
        raise SyncError(f"git could not merge the remote's entries ({GitFailed(done).reason}); {_KEPT}.")
    _finish_merge(git, report)


def _finish_interrupted_merge(git: Git, report: SyncReport) -> None:
    """A sync killed during its merge left MERGE_HEAD: complete that merge first."""
    if git.revision("MERGE_HEAD") is not None:
        _finish_merge(git, report)


def _finish_merge(git: Git, report: SyncReport) -> None:
    """Keep both texts of every file changed on both sides, then commit the merge."""
    ours, theirs = git.revision("HEAD"), git.revision("MERGE_HEAD")
    assert ours is not None and theirs is not None
    report.kept_both += _keep_both(git, ours, theirs)
    git.run("add", "--all")
    git.run("commit", "--quiet", "--no-verify", "--no-edit", "-m", "ritual: merge entries from the remote")


def _keep_both(git: Git, ours: str, theirs: str) -> list[str]:
    """For each path both sides changed: what is on disk here stays (ours, or words written since an
    interrupted sync: never overwritten), theirs goes beside it as a conflict copy, unless theirs
    already keeps our text beside it. A file removed on one side and changed on the other is kept."""
    base = git.run("merge-base", ours, theirs, check=False).stdout.decode().strip() or None
    ours_changed, theirs_changed = _changed(git, base, ours), _changed(git, base, theirs)
    copies, ours_set = [], set(ours_changed)
    for path in sorted(ours_set & set(theirs_changed)):
        our_blob, their_blob = git.blob(ours, path), git.blob(theirs, path)
        if our_blob == their_blob:
            continue
        target = git.folder / path
        here = _read(target)
        if their_blob is None:  # they removed it, we changed it: ours stays
            if here is None and our_blob is not None:
                _put(target, git.read_blob(our_blob))
            continue
        their_bytes = git.read_blob(their_blob)
        if here is None:  # we removed it, they changed it: theirs comes back
            _put(target, their_bytes)
            continue
        if here == their_bytes:
            continue
        unchanged_here = our_blob is not None and here == git.read_blob(our_blob)
        theirs_only = [p for p in _copies_of(path, theirs_changed) if p not in ours_set]  # land as they are
        if unchanged_here and our_blob in {git.blob(theirs, p) for p in theirs_only}:
            _put(target, their_bytes)  # the remote already keeps our text beside it
            continue
        if not any(_holds(p, their_bytes) for p in _siblings_copies(target)):
            copy = _conflict_copy_path(target)
            _put(copy, their_bytes)
            copies.append(str(copy.relative_to(git.folder)))
    return copies


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


def _copies_of(path: str, paths: list[str]) -> list[str]:
    """The ritual conflict copies of `path` among `paths`."""
    pure = PurePosixPath(path)
    return [p for p in paths if PurePosixPath(p).parent == pure.parent and _is_copy_of(PurePosixPath(p).name, pure.name)]


def _siblings_copies(target: Path) -> list[Path]:
    try:
        return [p for p in target.parent.iterdir() if _is_copy_of(p.name, target.name)]
    except OSError:
        return []


def _is_copy_of(name: str, original: str) -> bool:
    """True for ritual's conflict copy of the file named `original` (see `_conflict_copy_path`)."""
    stem = original.rpartition(".")[0] or original
    return name != original and name.startswith(f"{stem}.ritual-conflict-") and conflict_tool(name) == "ritual"


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() == data
    except OSError:
        return False


def _put(target: Path, data: bytes) -> None:
    if _holds(target, data):
        return
    from ritual_tui.store import atomic_write

    atomic_write(target, data)


def _conflict_copy_path(target: Path) -> Path:
    """A name the store and `doctor` recognise as ritual's conflict copy of `target`; a few random
    letters after the moment keep two machines that keep both texts in the same second apart."""
    return target.with_name(f"{target.stem}.ritual-conflict-{stamp()}-{secrets.token_hex(3)}{target.suffix}")


def _changed(git: Git, start: str | None, end: str) -> list[str]:
    """Paths that differ between two commits (every path of `end` when there is no `start`)."""
    if start is None:
        return git.paths("ls-tree", "-r", "--name-only", "-z", end)
    return git.paths("diff", "--name-only", "--no-renames", "-z", start, end)


def _is_ancestor(git: Git, older: str, newer: str) -> bool:
    return git.run("merge-base", "--is-ancestor", older, newer, check=False).returncode == 0


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


def _private_modes(folder: Path) -> None:
    """Files 0600 and folders 0700 in the data folder, whatever git checked out (the repository
    itself keeps its own modes under `core.sharedRepository = 0600`)."""
    for root, folders, files in os.walk(folder):
        if root == str(folder) and ".git" in folders:
            folders.remove(".git")
            _chmod(folder / ".git", PRIVATE_DIR_MODE)
        for name in folders:
            _chmod(Path(root) / name, PRIVATE_DIR_MODE)
        for name in files:
            _chmod(Path(root) / name, PRIVATE_FILE_MODE)


def _private_repository(git_dir: Path) -> None:
    """A repository made under another umask (one the user had already) readable by its owner only;
    afterwards `core.sharedRepository = 0600` keeps it so."""
    for root, folders, files in os.walk(git_dir):
        for name in folders:
            _chmod(Path(root) / name, PRIVATE_DIR_MODE)
        for name in files:
            path = Path(root) / name
            try:
                _chmod(path, stat.S_IMODE(path.lstat().st_mode) & 0o700)
            except OSError:
                pass
    _chmod(git_dir, PRIVATE_DIR_MODE)


def _chmod(path: Path, mode: int) -> None:
    try:
        info = path.lstat()
        if not stat.S_ISLNK(info.st_mode) and stat.S_IMODE(info.st_mode) != mode:
            os.chmod(path, mode)
    except OSError:
        pass


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
    git = git_for(locations)
    if not git.is_repository():
        return SyncStatus(False)
    url = git.run("remote", "get-url", REMOTE, check=False).stdout.decode("utf-8", "replace").strip()
    changed = len([line for line in git.paths("status", "--porcelain", "-z", "--no-renames", "--untracked-files=all") if line[:2].strip()])
    ahead = behind = 0
    remote_head = git.revision(f"refs/remotes/{REMOTE}/{_branch(git)}")
    if remote_head and git.revision("HEAD"):
        counts = git.text("rev-list", "--left-right", "--count", f"HEAD...{remote_head}").split()
        ahead, behind = int(counts[0]), int(counts[1])
    elif git.revision("HEAD"):
        ahead = int(git.text("rev-list", "--count", "HEAD"))
    return SyncStatus(True, hide_credentials(url), changed, ahead, behind, git.revision("MERGE_HEAD") is not None)


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
    return git_for(locations).is_repository()


__all__ = ["SyncError", "SyncReport", "SyncStatus", "is_set_up", "last_outcome", "record", "setup", "state_file", "status", "sync"]
