"""`ritual doctor`: every check of the data folder, as findings with paths."""

from __future__ import annotations

import stat
from dataclasses import dataclass
from pathlib import Path

from ritual_tui.paths import PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, Locations
from ritual_tui.store import Store


@dataclass(frozen=True)
class Finding:
    """One thing doctor noticed; `problem` findings make it exit 1, notes do not."""

    path: Path
    message: str
    problem: bool = True

    def describe(self) -> str:
        """`path: message`."""
        return f"{self.path}: {self.message}"


def examine(locations: Locations) -> tuple[list[Finding], int]:
    """Check every entry file, folder and file mode, conflict copy and stray temp file; list waiting drafts.

    Every file is read and parsed: the index is never consulted (it may be the thing that is
    wrong), nor written. Folders that cannot be listed and links that are not followed are
    problems too. Returns the findings and the number of good entries.
    """
    store = Store(locations.data_dir)
    result = store.scan()
    findings: list[Finding] = []
    for problem in result.problems:
        where = Path(f"{problem.path}:{problem.line}") if problem.line else problem.path
        findings.append(Finding(where, problem.reason + " (left untouched)"))
    for copy in result.conflicts:
        findings.append(Finding(copy.path, copy.reason + "; compare the two and keep what you want"))
    for temp in result.temp_files:
        findings.append(Finding(temp, "temp file left by an interrupted save (ignored; cleaned later)", False))
    for stored in result.entries:
        for notice in stored.notices:
            findings.append(Finding(stored.path, notice, False))
    from ritual_tui.waiting_drafts import waiting_drafts

    by_id = {stored.entry.id: stored.entry for stored in result.entries}
    findings += [Finding(path, message, problem) for path, message, problem in waiting_drafts(locations, by_id)]
    findings += _mode_findings(locations.data_dir)
    if (locations.data_dir / ".git" / "MERGE_HEAD").exists():
        findings.append(Finding(locations.data_dir, "a sync was interrupted; the next `ritual sync` completes it", False))
    return findings, len(result.entries)


def _mode_findings(data_dir: Path) -> list[Finding]:
    if not data_dir.exists():
        return []
    found = []
    for path in [data_dir, *data_dir.rglob("*")]:
        try:
            mode = stat.S_IMODE(path.lstat().st_mode)
        except OSError:
            continue
        if path.is_symlink():
            continue
        if path.is_dir() and mode & 0o077:
            found.append(Finding(path, f"folder is readable by others (mode {mode:o}; should be {PRIVATE_DIR_MODE:o})"))
        elif path.is_file() and mode & 0o077:
            found.append(Finding(path, f"file is readable by others (mode {mode:o}; should be {PRIVATE_FILE_MODE:o})"))
    return found
