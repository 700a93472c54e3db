"""`ritual sync`, `ritual sync setup REMOTE`, `ritual sync status`: the command line of `sync`."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from ritual_tui.errors import EXIT_OK, EXIT_PROBLEM, UsageError
from ritual_tui.paths import Locations
from ritual_tui.text import visible_line


def _say(line: str, *, err: bool = False) -> None:
    print(visible_line(line), file=sys.stderr if err else sys.stdout)


def cmd_sync(locations: Locations, args: argparse.Namespace) -> int:
    """Run one sync action under the writer lock; one clear sentence and exit 1 on any failure."""
    from ritual_tui.store import AlreadyOpenError, WriterLock
    from ritual_tui.sync import SyncError, record, setup, sync

    if args.action == "status":
        if args.remote:
            raise UsageError("`ritual sync status` takes no remote.")
        return _print_status(locations)
    if args.action == "setup" and not args.remote:
        raise UsageError("`ritual sync setup` needs the remote: a git address (git@host:me/journal.git, https://...) or a folder.")
    if args.action is None and args.remote:
        raise UsageError("give `setup` before the remote: ritual sync setup REMOTE.")
    try:
        with WriterLock.for_data_folder(locations, doing="`ritual sync`"):
            report = setup(locations, args.remote) if args.action == "setup" else sync(locations)
    except AlreadyOpenError as error:
        _say(f"ritual: {error}", err=True)
        return EXIT_PROBLEM
    except SyncError as error:
        record(locations, False, str(error))
        _say(f"ritual: sync: {error}", err=True)
        return EXIT_PROBLEM
    except OSError as error:
        where = f"{error.filename} could not be written" if error.filename else "the data folder could not be written"
        line = f"{where} ({error.strerror or type(error).__name__}); nothing is lost."
        record(locations, False, line)
        _say(f"ritual: sync: {line}", err=True)
        return EXIT_PROBLEM
    record(locations, True, report.summary())
    for path in report.kept_both:
        _say(f"kept both: {path}")
    _say(report.summary())
    return EXIT_OK


def _print_status(locations: Locations) -> int:
    from ritual_tui.sync import SyncError, last_outcome, status

    try:
        state = status(locations)
    except SyncError as error:
        _say(f"ritual: sync: {error}", err=True)
        return EXIT_PROBLEM
    if not state.set_up:
        _say(f"Sync is not set up for {locations.data_dir}; `ritual sync setup REMOTE` connects it to a git remote.")
        return EXIT_OK
    _say(f"remote   {state.remote or '(none: run `ritual sync setup REMOTE`)'}")
    _say(f"here     {state.changed_here} changed file(s) not yet committed")
    _say(f"waiting  {state.ahead} commit(s) to push, {state.behind} to merge (as of the last fetch)")
    if state.detached:
        _say("note     no branch is checked out (a commit was checked out by hand); `ritual sync` says how to put it back")
    if state.interrupted:
        _say("note     a sync was interrupted; the next `ritual sync` completes it")
    outcome = last_outcome(locations)
    if outcome:
        _say(f"last     {when_line(outcome)}")
    return EXIT_OK


def moment_of(outcome: dict) -> str:
    """When the last sync ran, in a few words ("Thu 26 Nov 08:30")."""
    try:
        return f"{datetime.fromisoformat(str(outcome.get('when'))):%a %-d %b %H:%M}"
    except ValueError:
        return "some time ago"


def when_line(outcome: dict) -> str:
    """The last sync's outcome in one line: when, and what happened."""
    return f"{moment_of(outcome)}: {outcome.get('line', '')}"
