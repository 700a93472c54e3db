"""The one rule for sealed letters: what of an entry may be shown, searched or printed on a day.

A weekly letter can be sealed until a day. Before that day its words (title, preview, body, the
wins it kept, search words) appear nowhere: not on a screen, not in `list`, `list --json`,
`show`, a search or the Markdown export. Only its file and the JSON export (a backup keeps every
word) hold them. Every screen and command asks here and none decides for itself.

No pydantic and no Textual: it reads `kind` and `sealed_until` of anything entry-like (a model,
an indexed or quick entry, a document mapping), and the index's head of a file.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from ritual_tui.text import one_line

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

KEPT_WHEN_SEALED = ("schema", "id", "kind", "day", "created", "updated", "week", "sealed_until")
"""What `list --json` prints of a sealed letter: when it was written and when it opens, no words."""


def opens_on(kind: str, sealed_until: date | str | None, today: date) -> date | None:
    """The day a letter opens, while it is still sealed on `today`; None when its words may be shown.

    `sealed_until` may be a date or its ISO text (as the index keeps it). A seal that cannot be
    read keeps the letter closed (the safe side).
    """
    if kind != "letter" or not sealed_until:
        return None
    if not isinstance(sealed_until, date):
        try:
            sealed_until = date.fromisoformat(str(sealed_until))
        except ValueError:
            return date.max
    return sealed_until if today < sealed_until else None


def sealed_until(entry: Any, today: date) -> date | None:
    """`opens_on` for an entry or an entry's document."""
    if isinstance(entry, Mapping):
        return opens_on(entry.get("kind", ""), entry.get("sealed_until"), today)
    if entry.kind != "letter":  # checked first: reading a field may decode an indexed entry
        return None
    return opens_on(entry.kind, entry.sealed_until, today)


def sealed_note(opens: date) -> str:
    """What a list shows in place of a sealed letter's first line."""
    return f"(sealed until {opens.isoformat()})"


SEALED_NOTE_SQL = ("(CASE WHEN kind = 'letter' AND sealed_until > ? "
                   "THEN '(sealed until ' || sealed_until || ')' END)")
"""`sealed_note(opens_on(kind, sealed_until, today))` over a catalog row, with today's ISO date as
its one parameter; NULL when the words may be shown. The catalog keeps each seal as its model
wrote it, an ISO date (so never one that cannot be read), and a test holds the two equal."""


def sealed_text(opens: date) -> str:
    """What a reading pane, `show` or the Markdown export says in place of a sealed letter's words."""
    return f"Sealed until {opens:%A %-d %B %Y}. It opens on that day."


def shown_title(entry: Any, today: date, width: int = 72) -> str:
    """An entry's line in a list on `today`: its title on one visible line, or the sealed note."""
    opens = sealed_until(entry, today)
    return sealed_note(opens) if opens else one_line(entry.title(), width)


def shown_words(entry: Any, today: date, words: str) -> str:
    """`words` (an entry's search words), or none while it is sealed: a search never finds it."""
    return "" if sealed_until(entry, today) else words


def shown_document(document: Mapping[str, Any], today: date) -> dict[str, Any]:
    """An entry's document as `list --json` may print it: a sealed letter without its words."""
    if sealed_until(document, today) is None:
        return dict(document)
    return {key: value for key, value in document.items() if key in KEPT_WHEN_SEALED}
