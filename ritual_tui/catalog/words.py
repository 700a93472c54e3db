"""Search in the catalog: every word of a query begins a word of the entry."""

from __future__ import annotations

WORDS_MATCH = "n IN (SELECT rowid FROM words WHERE words MATCH ?)"
"""An SQL condition for `Catalog.rows`: the row holds every word of `match_text(query)`."""


def match_text(query: str) -> str:
    """FTS5 query text: every word of `query` must begin a word of the entry's text (quotes
    escaped; the kind column, which pages filter by, is never searched)."""
    return "text : (" + " ".join('"' + word.replace('"', '""') + '"*' for word in query.split()) + ")"
