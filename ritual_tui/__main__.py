"""Run ritual with `python -m ritual_tui`."""

import sys

from ritual_tui.cli import main

sys.exit(main())
