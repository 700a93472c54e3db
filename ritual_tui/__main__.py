"""Run ritual with `python -m ritual_tui`."""

from ritual_tui.cli import run

run()
