"""Exit codes and the errors a user is told about, at the bottom of the layers.

Every command, the app and the command line share these, so nothing needs to import `cli`.
Plain Python only: no Textual, no pydantic.
"""

from __future__ import annotations

import os

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2
"""Exit codes scripts rely on: success; a problem found or nothing due; wrong usage."""

EXIT_INTERRUPTED = 130
"""Ctrl+C at the command line (128 + SIGINT, as shells report it)."""


class UsageError(Exception):
    """Wrong usage that argparse could not see (a bad date, an ambiguous id): exit 2, one sentence."""


class CrashReport(Exception):
    """An unexpected error retold in one safe line: the app hands this to Textual instead of the
    original, whose traceback would print local variables (entry text). The original stays as
    `__cause__` for tests; nothing shows it to a user."""

    def __init__(self, line: str, cause: BaseException) -> None:
        super().__init__(line)
        self.line = line
        self.__cause__ = cause

    def __rich__(self) -> object:
        """The one line Textual prints when it closes (plain text: no markup, no locals)."""
        from rich.text import Text

        return Text(self.line)


def describe_crash(error: BaseException) -> str:
    """Name the error type and where it happened, never its message (it may hold entry text)."""
    tb = error.__traceback__
    where = ""
    while tb is not None:
        where = f" at {os.path.basename(tb.tb_frame.f_code.co_filename)}:{tb.tb_lineno}"
        tb = tb.tb_next
    if isinstance(error, OSError):
        return f"{error.strerror or type(error).__name__}{': ' + str(error.filename) if error.filename else ''}."
    return (
        f"an unexpected error ({type(error).__name__}{where}). Your entries are safe; "
        "no entry text is included in this message."
    )


__all__ = ["CrashReport", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_PROBLEM", "EXIT_USAGE", "UsageError", "describe_crash"]
