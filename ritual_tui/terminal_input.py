"""Reading the terminal: Textual's own driver, except that bytes which are not UTF-8 never end a session.

Textual's Linux driver decodes input as strict UTF-8, and one byte it cannot decode (a terminal
set to Latin-1 sending "é", a paste from an old file) ends its input thread, which closes the
app in the middle of a sentence. Here the input thread starts reading again at once; the read
that held the bad bytes is left out (a few keystrokes: one read), and the app says so. An input
that is no terminal at all ends the app at once: nothing could be typed, and Textual's loop would
read its end of file for ever.
"""

from __future__ import annotations

import os
from functools import cache

from textual.driver import Driver
from textual.message import Message


class InputNotUtf8(Message):
    """The terminal sent bytes that are not UTF-8; one read of input was left out."""


class InputIsNoTerminal(Message):
    """The app's input is not a terminal (`ritual < file`, a launcher or a job without one):
    nothing can be typed, and Textual's input loop would spin a core on its end of file."""


def tolerant(driver_class: type[Driver]) -> type[Driver]:
    """`driver_class`, or for Textual's Linux driver one that reads on after input that is not UTF-8."""
    if os.name == "nt":
        return driver_class
    from textual.drivers.linux_driver import LinuxDriver

    return _tolerant_linux_driver() if driver_class is LinuxDriver else driver_class


@cache
def _tolerant_linux_driver() -> type[Driver]:
    from textual.drivers.linux_driver import LinuxDriver

    class TolerantLinuxDriver(LinuxDriver):
        """Textual's Linux driver, reading on after input that is not UTF-8 (see the module)."""

        def run_input_thread(self) -> None:
            """Textual's input loop, started again (with a fresh decoder) after undecodable bytes."""
            if not os.isatty(self.fileno):
                self.process_message(InputIsNoTerminal())
                return
            while True:
                try:
                    super().run_input_thread()
                    return
                except UnicodeDecodeError:
                    self.process_message(InputNotUtf8())

    return TolerantLinuxDriver
