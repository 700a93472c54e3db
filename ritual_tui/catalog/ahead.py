"""The helper of a catalog's build, started ahead: before the app's first frame, when there is no
catalog at all.

The first frame takes one core and the build starts only after it, so the helper (see
`catalog.build`) is started at once instead: it walks `entries/` itself and parses on the core the
first frame leaves idle. The build takes it over (`taken`) only if it parses for the same day, and
checks every block it sent against the build's own walk (paths and stat keys), as for any helper:
a file changed in between is parsed again by the build.
"""

from __future__ import annotations

import atexit
import os
from datetime import date
from pathlib import Path

from ritual_tui.catalog import build

_EARLY: dict[str, build.Helper] = {}
"""The helper started ahead, by the entries folder it walks."""


def start_early(catalog_file: Path, entries_dir: Path, today: date, at_least: int) -> None:
    """Start the helper now if there is no catalog at all and `entries/` may hold `at_least` files
    (it walks `entries/`, and ends at once when it finds fewer). Call it on the main thread: the
    helper is ended with the thread that started it (`build._TIED_TO`)."""
    if str(entries_dir) in _EARLY or os.path.lexists(catalog_file) or not build.spare_core():
        return
    if not _years_of_entries(entries_dir, 2):
        return  # a short history: its build is quick, alone
    helper = build.Helper(entries_dir, None, today, at_least)
    if helper.running:
        _EARLY[str(entries_dir)] = helper


def taken(entries_dir: Path, files: list[tuple[str, tuple]], today: date) -> build.Helper | None:
    """The helper started ahead for `entries_dir`, now checking its blocks against `files` (None
    when there is none, or when it parses for another day: then it is stopped)."""
    helper = _EARLY.pop(str(entries_dir), None)
    if helper is None:
        return None
    if helper.today != today:  # a letter sealed until today reads otherwise
        helper.close()
        return None
    helper.take_over(files)
    return helper


def drop_early(entries_dir: Path) -> None:
    """Stop the helper started ahead for `entries_dir` if no build took it (the catalog was there
    after all, or could not be used)."""
    helper = _EARLY.pop(str(entries_dir), None)
    if helper is not None:
        helper.close()


@atexit.register
def _drop_all_early() -> None:
    """At the app's end: stop every helper started ahead that no build took (a build stops its own).
    Registered once, so a helper the build took is not kept alive, with its rows, by atexit."""
    for entries in list(_EARLY):
        drop_early(Path(entries))


def _years_of_entries(entries_dir: Path, wanted: int) -> bool:
    """True when some kind's folder holds `wanted` year folders or more (a look at a few folders,
    not at a file): a history this long may hold enough files for a helper."""
    try:
        with os.scandir(entries_dir) as kinds:
            folders = [kind.path for kind in kinds if kind.is_dir(follow_symlinks=False)]
        for folder in folders:
            with os.scandir(folder) as years:
                if sum(1 for year in years if year.is_dir(follow_symlinks=False)) >= wanted:
                    return True
    except OSError:
        pass
    return False
