"""One search rule (session 10): `text.starts_words`, which answers when the files are read without
the catalog, gives FTS5's answer for `catalog.words.match_text` of the same query, character for
character (how `unicode61 remove_diacritics 2` splits and folds) and word for word (a query word
the tokenizer splits, such as "don't", is a phrase whose last piece is only begun)."""

from __future__ import annotations

import re
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ritual_tui.catalog.schema import TABLES
from ritual_tui.catalog.words import match_text
from ritual_tui.models import NoteEntry
from ritual_tui.paths import Locations
from ritual_tui.store import Store
from ritual_tui.text import folded_words, starts_words
from tests.conftest import DAY, run_cli

SEARCH_TABLE = re.search(r"CREATE VIRTUAL TABLE words USING fts5 \(.*?\);", TABLES).group(0)
"""The catalog's own search table, tokenizer options and all."""


def search_table() -> sqlite3.Connection:
    """An in-memory copy of the catalog's search table, with a view of the words it stores."""
    db = sqlite3.connect(":memory:")
    db.execute(SEARCH_TABLE)
    db.execute("CREATE VIRTUAL TABLE stored USING fts5vocab(words, 'instance')")
    return db


def fts_words(db: sqlite3.Connection, texts: list[str]) -> list[list[str]]:
    """The words FTS5 stores for each of `texts`, in order."""
    db.execute("DELETE FROM words")
    db.executemany("INSERT INTO words (rowid, kind, text) VALUES (?, 'note', ?)", enumerate(texts, 1))
    found: list[list[str]] = [[] for _ in texts]
    for term, row in db.execute("SELECT term, doc FROM stored WHERE col = 'text' ORDER BY doc, offset"):
        found[row - 1].append(term)
    return found


def fts_finds(db: sqlite3.Connection, texts: list[str], query: str) -> list[bool]:
    """For each of `texts`, whether the catalog's search finds `query` in it."""
    db.execute("DELETE FROM words")
    db.executemany("INSERT INTO words (rowid, kind, text) VALUES (?, 'note', ?)", enumerate(texts, 1))
    rows = {row for (row,) in db.execute("SELECT rowid FROM words WHERE words MATCH ?", (match_text(query),))}
    return [n in rows for n in range(1, len(texts) + 1)]


# --- every character -------------------------------------------------------------------------------

def test_every_character_is_split_and_folded_as_unicode61_does() -> None:
    """Each code point alone and inside a word ("ÉaÉa": the start of a word and its middle, where
    the accents unicode61 knows are dropped but other marks split). The planes of nothing but
    unassigned and private-use code points are sampled (every 101st), the rest taken whole."""
    codes = [code for code in range(1, 0x40000) if not 0xD800 <= code <= 0xDFFF]
    codes += [*range(0x40000, 0xE0000, 101), *range(0xE0000, 0xE1000), *range(0xE1000, 0x110000, 101)]
    size = 8192
    texts = [" ".join(f"{chr(code)}a{chr(code)}a" for code in codes[start:start + size]) for start in range(0, len(codes), size)]
    wrong = [text for text, stored in zip(texts, fts_words(search_table(), texts)) if folded_words(text) != stored]
    assert not wrong, "unicode61 splits or folds some character otherwise than text.folded_words"


# --- generated texts and queries -------------------------------------------------------------------

TRICKY = ("a", "b", "e", "i", "s", "t", "z", "A", "I", "S", "0", "7", "_", "'", "\u2019", "-", ".", " ", " ", "\n", "\t",
          "\u00df", "\u1e9e", "ss", "\ufb01", "fi", "\uff21", "\uff41", "\u03a3", "\u03c3", "\u03c2", "\u03af", "\u0130", "\u0131",
          "\u00e9", "e\u0301", "\u0301", "\u0305", "\u00f1", "\u00f8", "\u0142", "\u01c6", "\u01c4", "\u01c5", "\u1ec7", "\u01d6",
          "\u01e0", "\u01e1", "\u0401", "\u0451", "\u0439", "\U0001f600", "\U0001f3fd", "\U0001f970", "\u65e5", "\u672c", "\ud55c",
          "\ue000", "\u00b2", "\u00bd", "\u216b", "\u200b", "\u00a0", "\u3000", '"', "(", ")", "*", ":", "^", "+", "NEAR", "AND",
          "OR", "NOT", "\x00", "\u19b0", "\u13f8", "\u1c90", "\u0345", "\u0399")
"""Pieces of text where Python and unicode61 could part: case folding of every kind, accents kept
and dropped, marks, word characters and separators of every sort, FTS5's own syntax, NUL."""

TEXTS = st.lists(st.sampled_from(TRICKY), max_size=14).map("".join)


@st.composite
def texts_and_queries(draw) -> tuple[list[str], list[str]]:
    """A few texts, and queries both generated and cut from the texts (so that many are found)."""
    texts = draw(st.lists(TEXTS, min_size=1, max_size=6))
    queries = draw(st.lists(TEXTS, max_size=3))
    for text in draw(st.lists(st.sampled_from(texts), min_size=1, max_size=4)):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, len(text)))
        queries.append(text[start:end] + draw(st.sampled_from(["", " ", " ", "'s", "-"])) + draw(TEXTS))
    return texts, [query for query in queries if query.split()]  # callers never search for nothing


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts_and_queries())
def test_the_files_find_what_the_catalog_finds(case: tuple[list[str], list[str]]) -> None:
    texts, queries = case
    db = search_table()
    assert [" ".join(words) for words in fts_words(db, texts)] == [" ".join(folded_words(text)) for text in texts]
    for query in queries:
        assert [starts_words(text, query) for text in texts] == fts_finds(db, texts, query), query


# --- each case, by example -------------------------------------------------------------------------

EXAMPLES = [
    # (text, query, found): each a case where the files' rule and the catalog's used to part
    ("don't stop", "don't", True), ("don tea", "don't", True), ("don stop t", "don't", False), ("dont", "don't", False),
    ("it\u2019s fine", "it's", True), ("a b", "a.b", True), ("b a", "a.b", False), ("ab", "a.b", False),
    ("a. b", "a.b", True),  # two separators between the pieces: still side by side
    ("near ab bc", "NEAR(a b)", True), ("a b", "NEAR(a b)", False), ("x AND y", "and", True), ("x y", "AND", False),
    ("foo_bar", "foo_b", True), ("foobar", "foo_b", False), ("e-mail", "e-m", True), ("email", "e-m", False),
    ("Stra\u00dfe", "strasse", False), ("strasse", "stra\u00df", False), ("STRASSE", "strasse", True), ("\u1e9e", "\u00df", True),
    ("\ufb01le", "fi", False), ("file", "\ufb01", False), ("\ufb01le", "\ufb01", True),
    ("\uff21\uff22\uff23", "abc", False), ("\uff21\uff22\uff23", "\uff41\uff42", True),
    ("\u03a3\u038a\u03a3\u03a5\u03a6\u039f\u03a3", "\u03c3\u03af\u03c3\u03c5\u03c6\u03bf\u03c2", True),
    ("\u03c3\u03af\u03c3\u03c5\u03c6\u03bf\u03c2", "\u03a3\u0399\u03a3", False),  # Greek keeps its accents
    ("\u0130stanbul", "ist", True), ("\u0131stanbul", "ist", False), ("\u0401\u0416", "\u0451\u0436", True),
    ("caf\u00e9", "cafe", True), ("cafe", "caf\u00e9", True), ("cafe\u0301", "cafe", True), ("a\u0305b", "ab", False),
    ("\u00f1and\u00fa", "nandu", True), ("\u0142\u00f3d\u017a", "lodz", False), ("\u0142\u00f3d\u017a", "\u0142odz", True),
    ("\u00f8l", "ol", False), ("\u01c4", "\u01c6", True), ("\u01c6", "dz", False), ("Vi\u1ec7t", "viet", True),
    ("\u01d6", "u", True), ("\u01e0", "a", False), ("\u01e0", "\u01e1", True),
    ("\U0001f600 smile", "\U0001f600", False), ("smile", "smile \U0001f600", True), ("x\U0001f970y", "x\U0001f970", True),
    ("\u65e5\u672c\u8a9e", "\u65e5\u672c", True), ("\u65e5\u672c\u8a9e", "\u672c", False),
    ("x", "-", False), ("x", "- *", False), ("x", "x -", True), ("2\u00b2", "2", True), ("\u00bd", "1", False),
    ("ab cd", "ab\x00cd", True), ("abcd", "ab\x00", True),  # NUL would end FTS5's query text
]


@pytest.mark.parametrize(("text", "query", "found"), EXAMPLES)
def test_each_case_finds_as_the_catalog_does(text: str, query: str, found: bool) -> None:
    assert starts_words(text, query) is found
    assert fts_finds(search_table(), [text], query) == [found]


def test_an_empty_query_finds_everything_and_marks_alone_nothing() -> None:
    assert starts_words("anything", "") and starts_words("anything", "   ")
    assert not starts_words("anything", "- ... \U0001f600") and not starts_words("", "-")


# --- the same lines with and without the catalog ---------------------------------------------------

NOTES = ["Don't stop: it\u2019s fine", "don tea party", "Stra\u00dfe im \u0130stanbul", "\ufb01le of the \uff21\uff22\uff23",
         "\u03a3\u038a\u03a3\u03a5\u03a6\u039f\u03a3 and \u0142\u00f3d\u017a", "Vi\u1ec7t caf\u00e9 \U0001f970 smile",
         "a.b e-mail foo_bar", "near ab \u65e5\u672c\u8a9e"]
QUERIES = ["don't", "stra\u00df", "strasse", "fi", "\u03c3\u03af\u03c3", "lodz \u0142o", "a.b", "NEAR(a", "\U0001f970 viet", "-"]


def test_list_search_gives_the_same_lines_with_and_without_the_catalog(locations: Locations, tmp_path: Path) -> None:
    store = Store(locations.data_dir)
    for back, words in enumerate(NOTES):
        store.save(NoteEntry(day=DAY - timedelta(days=back), title=f"note {back}", body=words))
    blocked = tmp_path / "cache-is-a-file"  # no catalog to be had: `list` reads every file
    blocked.write_text("not a folder")
    query = " ".join(QUERIES)  # one subprocess per answer: each query is asked in its own `--search`
    for search in QUERIES + [query]:
        from_catalog = run_cli("list", "--search", search)
        from_files = run_cli("list", "--search", search, env={"XDG_CACHE_HOME": str(blocked)})
        assert (from_catalog.returncode, from_files.returncode) == (0, 0), search
        assert from_catalog.stdout == from_files.stdout, search
        expected = [f"note {back}" for back, words in enumerate(NOTES) if starts_words(f"note {back}\n{words}", search)]
        assert [line.rsplit("  ", 1)[-1] for line in from_catalog.stdout.splitlines()] == expected, search
    assert locations.catalog_file.exists() and not list(tmp_path.glob("cache-is-a-file/*"))


def test_the_browsers_pages_find_what_the_files_find(locations: Locations) -> None:
    """The browser asks the catalog's pages (`pages.search_match`, whole words from the vocabulary
    where it can); read from the files, `starts_words` decides. A NUL pasted into the search used to
    end FTS5's query text: an error, and the rest of the session read from the files."""
    from ritual_tui.catalog import Catalog

    store = Store(locations.data_dir)
    for back, words in enumerate(NOTES):
        store.save(NoteEntry(day=DAY - timedelta(days=back), title=f"note {back}", body=words))
    truth = store.scan().entries
    catalog = Catalog(locations.catalog_file, locations.entries_dir)
    catalog.reconcile(DAY)
    for query in [*QUERIES, "party", "strasse don't", "note 3", "ab\x00bc", "e-mail\x00"]:
        pages = catalog.pages(None, query)
        found = sorted(entry.id for entry in pages.window(0, 50))
        assert found == sorted(s.entry.id for s in truth if starts_words(s.entry.searchable_text(), query)), query
        assert pages.count() == len(found), query
    catalog.close()
