"""What session 11's attack found and left: each test failed before its fix."""

from __future__ import annotations

import os
import signal
import sys

import pytest

from ritual_tui.paths import Locations
from tests.test_pty import draft_text, start


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")
@pytest.mark.parametrize("signum", [signal.SIGQUIT, signal.SIGUSR1, signal.SIGUSR2, signal.SIGALRM], ids=lambda s: s.name)
def test_every_signal_that_ends_the_app_keeps_the_words_and_gives_the_terminal_back(locations: Locations, signum: int) -> None:
    # Before: these four ended the app at once (their default action), no draft written, the terminal left raw.
    terminal = start(locations, "gratitude")
    terminal.type("the kettle singing")
    terminal.wait_for(b"the kettle singing")  # the app has read them; the draft keeper has not (its debounce is 2 s)
    os.kill(terminal.pid, signum)
    assert terminal.wait_exit() == 128 + signum
    terminal.pump(0.2)
    terminal.close()
    tail = terminal.output.rsplit(b"\x1b[?1049h", 1)[-1]
    assert b"\x1b[?1049l" in tail and b"\x1b[?25h" in tail and b"\x1b[?1000l" in tail
    assert f"stopped by {signal.Signals(signum).name}; unsaved words were kept as a draft.".encode() in terminal.output
    assert "the kettle singing" in draft_text(locations)
