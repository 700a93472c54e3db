"""What can go wrong when saving or reading, as exceptions whose messages never hold entry text."""

from __future__ import annotations

from pathlib import Path

from ritual_tui.records import Record


class StoreError(Exception):
    """A save or read that could not be done; the message is one sentence for the user."""


class UnsavableTextError(StoreError):
    """The entry holds a character that cannot be written as UTF-8 (a lone surrogate)."""

    def __init__(self, field: str) -> None:
        super().__init__(
            f"The text in '{field}' holds a broken character (a lone surrogate, often from a "
            "damaged paste); nothing was written."
        )
        self.field = field


class BlankEntryError(StoreError):
    """An entry with no words: ritual never writes one, nor lets it replace a written one."""

    def __init__(self) -> None:
        super().__init__("There is nothing to save yet: the entry has no words.")


class ReadOnlyEntryError(StoreError):
    """The file on disk was written by a newer ritual, or could not be fully read."""


class FileProblem(Record):
    """A file that could not be read as an entry: where it is, why, and on which line."""

    path: Path
    reason: str
    line: int | None = None

    def describe(self) -> str:
        """`path:line: reason`, the way compilers report, so editors can jump there."""
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.reason}"
