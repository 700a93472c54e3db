"""Open the app: lock the data folder, keep drafts safe on every exit path, never print entry text."""

from __future__ import annotations

import os
import signal
import sys

DEBUG_ENV = "RITUAL_TUI_DEBUG"


def _close_textual_leaks() -> None:
    """TEXTUAL_LOG writes every keystroke to a file and TEXTUAL=devtools talks to a socket:
    both only with an explicit debug switch. Must run before Textual is imported."""
    if os.environ.get(DEBUG_ENV) != "1":
        os.environ.pop("TEXTUAL_LOG", None)
        os.environ.pop("TEXTUAL", None)


def run_app(data_dir: str | None, screen: str, theme: str | None) -> int:
    """Run the app on `screen`; returns the exit code."""
    _close_textual_leaks()
    from ritual_tui.paths import ensure_private_dir, resolve_locations
    from ritual_tui.store import AlreadyOpenError, WriterLock

    locations = resolve_locations(data_dir)
    lock = WriterLock.for_data_folder(locations)
    try:
        lock.acquire()
    except AlreadyOpenError as error:
        print(f"ritual: {error}", file=sys.stderr)
        return 1
    try:
        ensure_private_dir(locations.data_dir)
        from ritual_tui.app import RitualApp

        app = RitualApp(locations, start=screen, theme=theme)

        def on_signal(signum: int, frame: object) -> None:
            app.keeper.flush()
            os._exit(128 + signum)

        for signum in (signal.SIGHUP, signal.SIGTERM):
            signal.signal(signum, on_signal)
        try:
            app.run()
        finally:
            app.keeper.flush()
        for line in app.exit_lines:
            print(line, file=sys.stderr)
        return app.return_code or 0
    finally:
        lock.release()
