"""This machine's own files (drafts, an editor's swap file) kept safe from a merge. No Textual here.

git counts an ignored file as expendable: a merge whose incoming commit tracks the same path (a
remote made by hand with `git add -A`, drafts and all) wrote the other machine's bytes over it, and
this machine's unsaved words were gone. Before a merge, each such file of ritual's own ignore list
is copied into the repository (`.git/ritual-kept/`); after it, it is put back wherever git wrote
the remote's bytes over it. A copy left by a sync that was killed half-way is put back by the next.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from ritual_tui.sync_checks import in_the_way
from ritual_tui.sync_git import REMOTE, Git

KEPT_FOLDER = "ritual-kept"
"""The folder inside `.git` holding this machine's own files while a merge runs."""


def set_aside(git: Git, incoming: list[str]) -> list[str]:
    """Copy the files of ritual's own ignore list that `incoming` (paths a merge will write) would
    overwrite into the repository; the paths copied. SyncError naming any other ignored file of this
    machine's (a `.gitignore` lists it) that the merge would write over: it is the user's, never
    synced, and git counts it as expendable."""
    from ritual_tui.store import atomic_write

    tracked = set(git.paths("ls-files", "-z", "--cached"))
    present = [path for path in incoming if path not in tracked and (git.folder / path).is_file()]
    exclude = git.git_dir / "info" / "exclude"
    kept: list[str] = []
    ignored: list[str] = []
    for start in range(0, len(present), 500):
        kept += git.paths("--literal-pathspecs", "ls-files", "-z", "--others", "--ignored",
                          f"--exclude-from={exclude}", "--", *present[start:start + 500])
        ignored += git.paths("--literal-pathspecs", "ls-files", "-z", "--others", "--ignored",
                             "--exclude-standard", "--", *present[start:start + 500])
    theirs_over_mine = sorted(set(ignored) - set(kept))  # a .gitignore's: git would write over it without a word
    if theirs_over_mine:
        raise in_the_way(theirs_over_mine)
    for path in kept:
        atomic_write(_kept_path(git, path), (git.folder / path).read_bytes())
    return kept


def put_back(git: Git) -> list[str]:
    """Every file set aside goes back where git wrote a tracked version over it. One that changed
    since (words written during the merge, or after a killed sync) stays, and a draft's older copy
    goes beside it (`<name>.kept-<moment>.toml`, which `ritual doctor` names): never lost, nor
    hidden in the repository. One removed since (its words saved, or let go: git never removes a
    file it does not track) stays removed."""
    from ritual_tui.clock import stamp
    from ritual_tui.store import atomic_write

    root = git.git_dir / KEPT_FOLDER
    if not root.is_dir():
        return []
    restored: list[str] = []
    for copy in sorted(p for p in root.rglob("*") if p.is_file()):
        path = copy.relative_to(root).as_posix()
        ours, here = copy.read_bytes(), _read(git.folder / path)
        if here is not None and here != ours and not _written_by_git(git, path, here):
            if path.startswith("drafts/"):  # words; a swap or temp file's old copy is worth nothing
                target = git.folder / path
                atomic_write(target.with_name(f"{target.stem}.kept-{stamp()}{target.suffix}"), ours)
        elif here is not None and here != ours:
            atomic_write(git.folder / path, ours)
            restored.append(path)
        copy.unlink()
    if not any(p.is_file() for p in root.rglob("*")):
        shutil.rmtree(root, ignore_errors=True)
    return restored


def _written_by_git(git: Git, path: str, data: bytes) -> bool:
    """True when `data` is the file as one of the commits a merge takes it from holds it."""
    tips = ["HEAD", "MERGE_HEAD", *git.paths("for-each-ref", "--format=%(refname)%00", f"refs/remotes/{REMOTE}/")]
    blobs = {blob for tip in tips if tip.strip() and (blob := git.blob(tip.strip(), path)) is not None}
    return any(git.read_blob(blob) == data for blob in blobs)


def _kept_path(git: Git, path: str) -> Path:
    return git.git_dir / KEPT_FOLDER / path


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


__all__ = ["KEPT_FOLDER", "put_back", "set_aside"]
