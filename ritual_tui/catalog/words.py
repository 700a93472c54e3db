"""Search in the catalog: every word of a query begins a word of the entry."""

from __future__ import annotations

WORDS_MATCH = "n IN (SELECT rowid FROM words WHERE words MATCH ?)"
"""An SQL condition for `Catalog.rows`: the row holds every word of `match_text(query)`."""


def fts_string(word: str) -> str:
    """`word` as an FTS5 string: quotes doubled, and NUL (which ends FTS5's query text, an
    "unterminated string" error) written as the space the tokenizer would have split it at."""
    return '"' + word.replace('"', '""').replace("\x00", " ") + '"'


def match_text(query: str) -> str:
    """FTS5 query text: every word of `query` must begin a word of the entry's text (the kind
    column, which pages filter by, is never searched).

    The tokenizer splits a word of the query as it splits the text, so "don't" or "a.b" is a
    phrase: its pieces must stand side by side in the text, the last only begun; a word with
    no piece ("-") is left out, and a query of only such words finds nothing.
    `text.starts_words` is the same rule in Python, for when the files are read without the catalog.
    """
    return "text : (" + " ".join(fts_string(word) + "*" for word in query.split()) + ")"
