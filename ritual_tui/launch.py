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


TERMINAL_RESET = (
    b"\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1015l"  # mouse reporting off
    b"\x1b[?2004l\x1b[?1004l\x1b[<u"  # bracketed paste, focus events, the kitty keyboard protocol off
    b"\x1b[?25h\x1b[?1049l"  # the cursor shown, back from the alternate screen
)
"""What Textual's own exit undoes in the terminal; a signal's exit cannot wait for it."""


def terminal_restorer():
    """A function that puts the terminal back as it was now (modes and the screen), for an exit that
    cannot go through Textual's: after a signal (ENDING_SIGNALS) the shell gets a usable terminal back."""
    try:
        import termios
    except ImportError:  # not a POSIX system
        return lambda: None
    try:
        saved = termios.tcgetattr(0)
    except (OSError, termios.error):  # not a terminal (a pipe, a test)
        return lambda: None

    def restore() -> None:
        try:
            os.write(2, TERMINAL_RESET)  # where Textual draws (its driver writes to standard error)
            termios.tcsetattr(0, termios.TCSANOW, saved)
        except (OSError, termios.error):  # the terminal is gone (SIGHUP): nothing to put back
            pass

    return restore


ENDING_SIGNALS = tuple(
    getattr(signal, name)
    for name in ("SIGHUP", "SIGINT", "SIGTERM", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGALRM", "SIGVTALRM", "SIGPROF", "SIGXCPU",
                 "SIGIO", "SIGPWR")
    if hasattr(signal, name)  # SIGPWR is Linux's
)
"""Signals whose default action ends the process: each writes the drafts, gives the terminal back and
says so, and ends with 128 + its number, as a shell reports it. SIGINT too: ctrl+c typed in the app is
a key, so a SIGINT comes from `kill -INT` or from a ctrl+c before the app reads keys (it ended with 0
and no word). Not here: SIGPIPE and SIGXFSZ (Python ignores them), the faults (SIGSEGV, SIGBUS, ...:
no Python code can run safely), SIGKILL (cannot be caught)."""


CRASHED = "ritual: an unexpected error closed the app. Your entries are safe."
"""What an unhandled error says when the app's own hook did not tell more (never a traceback)."""


NO_SCREEN = ("ritual: the app draws on the terminal through its standard error, which goes to a file or a pipe here; "
             "run it without `2>` (`ritual list`, `ritual due` and the other commands work anywhere).")
"""What `ritual 2>file` says: the app would run unseen, every key typed driving it blind, its screens
(entry text too) written into the file."""


def run_app(data_dir: str | None, screen: str, theme: str | None) -> int:
    """Run the app on `screen`; returns the exit code."""
    _close_textual_leaks()
    if os.isatty(0) and not os.isatty(2):  # no terminal for input at all: the driver says so (terminal_input)
        print(NO_SCREEN, file=sys.stdout if os.isatty(1) else sys.stderr)
        return 2
    import gc

    # No collection until the first frame (`app._start_up_done`): start-up builds what lives as long
    # as the app, and collecting meanwhile took about 20 passes and 15-25 ms before Today was drawn.
    gc.disable()
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

        restore_terminal = terminal_restorer()

        def on_signal(signum: int, frame: object) -> None:
            try:
                stranded = app.flush_drafts()
                restore_terminal()
                kept = "unsaved words could NOT be saved" if stranded else "unsaved words were kept as a draft"
                os.write(2, f"ritual: stopped by {signal.Signals(signum).name}; {kept}.\n".encode())
            except OSError:
                pass  # the terminal is gone (SIGHUP): there is no one to tell
            finally:
                os._exit(128 + signum)  # always: an error here must never leave the app running without its terminal

        for signum in ENDING_SIGNALS:
            signal.signal(signum, on_signal)
        try:
            app.run()
        finally:
            stranded = app.flush_drafts()
        kept = " Unsaved words could NOT be saved." if stranded else " Unsaved words were kept as a draft."
        lines = app.exit_lines or ([app.crash_line or CRASHED + kept] if app.return_code == 1 else [])
        for line in lines:
            print(line, file=sys.stderr)
        return app.return_code or 0
    finally:
        lock.release()
