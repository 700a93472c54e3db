"""Sync inside the app: at start (after the first frame, in a worker), on quit, and Today's quiet line.

The app already holds the writer lock, so the sync runs in its own process's worker thread with
no prompt possible (`interactive=False`). What changed on disk reaches the screens through the
usual history reload. Both settings are off by default (`[sync]` in config.toml).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from ritual_tui.text import one_line

if TYPE_CHECKING:
    from ritual_tui.app import RitualApp

SYNC_WORKER = "sync"
"""The name of the worker that syncs."""

_ONE_AT_A_TIME = threading.Lock()
"""A sync on quit waits for one still running from the start: never two gits on one repository."""


def _wanted(app: RitualApp, moment: str) -> bool:
    """True when config.toml asks to sync at `moment` ("start" or "quit") and the folder is set up."""
    from ritual_tui.settings import load_settings
    from ritual_tui.sync import is_set_up

    if not is_set_up(app.locations):
        return False
    sync = load_settings(app.locations.config_file).settings.sync
    return sync.at_start if moment == "start" else sync.at_quit


def _sync_now(app: RitualApp) -> tuple[bool, str, int]:
    """Sync (in a worker thread): whether it worked, the line to show, files received."""
    from ritual_tui.sync import SyncError, record, sync

    try:
        with _ONE_AT_A_TIME:
            report = sync(app.locations, interactive=False, sole_writer=False)
    except SyncError as error:
        ok, line, received = False, str(error), 0
    except Exception as error:  # noqa: BLE001 - a failed sync must never end the app
        ok, line, received = False, f"sync stopped ({type(error).__name__}); nothing is lost; try `ritual sync`.", 0
    else:
        ok, line, received = True, report.summary(), report.received
    record(app.locations, ok, line)
    return ok, line, received


def sync_at_start(app: RitualApp) -> None:
    """Start a background sync when config.toml asks for one (call it after the first frame).

    Only a folder set up for sync costs more than a look for `.git`; config.toml is read in the worker.
    """
    from ritual_tui.sync import is_set_up

    if not is_set_up(app.locations):
        return

    def work() -> None:
        if not _wanted(app, "start"):
            return
        app.call_from_thread(show_syncing, app, "Syncing…")
        ok, line, received = _sync_now(app)
        app.call_from_thread(_synced, app, ok, received)

    app.run_worker(work, thread=True, exit_on_error=False, name=SYNC_WORKER)


def _synced(app: RitualApp, ok: bool, received: int) -> None:
    """Back on the app's thread: the line on Today, and a reload when files came in."""
    show_syncing(app, None)
    if received:
        app._start_history()  # the journal's own reload (catalog first, then the screens redraw)
    if not ok:
        app.notify("Sync did not finish; your entries are safe here. Today's last line says why.", severity="warning", timeout=8)


def sync_then_quit(app: RitualApp) -> bool:
    """On quit, when config.toml asks: sync in a worker, then exit. False when there is nothing to do."""
    if getattr(app, "_sync_quitting", False):  # asked again while syncing: close now, nothing is lost
        app.exit_lines.append("ritual: sync stopped before it finished; your entries are safe, and the next `ritual sync` completes it.")
        app.exit()
        return True
    if not _wanted(app, "quit"):
        return False
    app._sync_quitting = True
    app.notify("Syncing before closing… (quit again to close now: the next sync finishes it)", timeout=60)

    def work() -> None:
        ok, line, _ = _sync_now(app)
        app.exit_lines.append(f"ritual: {line}" if ok else f"ritual: sync: {line}")
        app.call_from_thread(app.exit)

    app.run_worker(work, thread=True, exit_on_error=False, name=SYNC_WORKER)
    return True


def show_syncing(app: RitualApp, text: str | None) -> None:
    """Redraw every sync line (with `text` while a sync runs)."""
    for screen in app.screen_stack:
        for line in screen.query(SyncLine).results(SyncLine):
            line.show(text)


class SyncLine(Static):
    """Today's one quiet line about sync: when it last ran and how; hidden when sync is not set up."""

    DEFAULT_CSS = "SyncLine { color: $text-muted; display: none; }"

    def on_mount(self) -> None:
        # After Today's first frame: the line is rarely shown, and the sync modules are not small.
        self.call_after_refresh(self._show_last)

    def _show_last(self) -> None:
        if not self.display:  # a sync that began meanwhile already shows its own line
            self.show(None)

    def show(self, running: str | None = None) -> None:
        """Show the last outcome (or `running`, while a sync runs)."""
        from ritual_tui.sync_state import is_set_up, last_outcome  # not `sync`: its merging loads OpenSSL
        from ritual_tui.sync_commands import moment_of

        if running:
            self.display = True
            self.update(Content(running))
            return
        outcome = last_outcome(self.app.locations) if is_set_up(self.app.locations) else None
        self.display = outcome is not None
        if outcome is not None:
            moment = moment_of(outcome)
            reason = str(outcome.get("line", "")).split(";")[0]
            words = f"Synced {moment}." if outcome.get("ok") else f"Not synced ({moment}): {reason}; `ritual sync status` says more."
            self.update(Content(one_line(words, 72)))
