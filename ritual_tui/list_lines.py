"""A line of `ritual list`: the day, the kind and the id, then the title or a sealed letter's note.

One rule in two forms. `list_line` makes the line of an entry in hand (the listing that reads the
files). The catalog keeps each entry's `line_head` and its whole line (`list_line`, the head
alone while a letter is sealed) ready in a covering index, and `LIST_LINE_SQL` takes the whole
line, or the head and a sealed letter's note, so a listing of thousands of entries is one query,
no Python work and no joining of text per line. Both are safe for a terminal as they are stored
(an id is checked by its model's pattern, a title made visible), so the lines need no look once
read. A test holds the two forms equal.
"""

from __future__ import annotations

from datetime import date

from ritual_tui.sealing import SEALED_NOTE_SQL, sealed_note
from ritual_tui.text import one_line, visible_line

TITLE_WIDTH = 60
"""How many characters of a title a list line shows (cut with an ellipsis)."""


def line_head(day: str, kind: str, entry_id: str) -> str:
    """What a list line starts with: the day, the kind in a column of its own and the id."""
    return visible_line(f"{day}  {kind:<9}  {entry_id}  ")


def line_title(title: str) -> str:
    """An entry's title as a list line shows it: on one visible line, cut to `TITLE_WIDTH`."""
    return one_line(title, TITLE_WIDTH)


def list_line(day: str, kind: str, entry_id: str, title: str, opens: date | None) -> str:
    """One line of `ritual list`; `opens` is the day a sealed letter opens (None: not sealed)."""
    return line_head(day, kind, entry_id) + (sealed_note(opens) if opens else line_title(title))


LIST_LINE_SQL = f"coalesce(line_head || {SEALED_NOTE_SQL}, list_line)"
"""`list_line` over a catalog row, with today's ISO date as its one parameter."""
