"""The browser's list, read from the catalog a page at a time: memory does not grow with history.

Row numbers are the list order (see `schema.order_key`), so a page is a range of numbers in the
table's partial index or in the search table, a count is one index walk in C, and the place of a
day is a count of the rows above its first number (or, for an old day, the count below it taken
from the whole). Nothing here holds more than one page.

Each answer leaves a mark: the place where the rows below some number begin. A page near a mark
is read from that number on, so a page after a jump, or the next page of the arrows, costs its own
rows and not a walk over every row above it.

A search word of more than three letters has no prefix index (`schema`: 1 to 3): FTS5 would merge
the lists of every word it begins, in full, for the page and again for the count (4-10 ms each for
a common word at sixty years). Such a word is looked up once in the table's vocabulary and
searched as the few whole words it begins (`words_beginning`), whose lists are read lazily; a
longer word typed next is found among those without SQL. The words found, the count of each
list asked and the entries of the rows last read are kept only while the table is unchanged
(SQLite's `data_version` and the connection's own changes), so the answer is always the one the
prefix search gives. The vocabulary also says how many rows hold each word: a search for one
whole word (in every column) is counted from there, without reading its list again.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import date, timedelta
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from ritual_tui.catalog.schema import day_key
from ritual_tui.catalog.words import fts_string

if TYPE_CHECKING:
    from ritual_tui.catalog.catalog import Catalog
    from ritual_tui.store.summary import EntrySummary


class CatalogPages:
    """The listed entries of a catalog, newest first, optionally of one kind and holding every word of a query."""

    def __init__(self, catalog: Catalog, kind: str | None = None, query: str = "") -> None:
        self.catalog = catalog
        self.kind = kind
        self.query = query
        self._where: tuple[str, tuple, str] | None = None
        """The list's row numbers as SQL, its parameters and the column they are ordered by (made on first use)."""
        self._count: int | None = None
        self._mark: tuple[int, int] | None = None
        """(place, number): the rows numbered below `number` begin at `place` in the list."""
        self._span: tuple[int, int] | None = None
        """The lowest and highest row numbers of the whole table (where a day falls, roughly)."""

    def _list(self) -> tuple[str, tuple, str]:
        """The SQL that selects the list's row numbers (`n`), its parameters, and its order column."""
        if self._where is None:
            kind = self.kind
            if self.query.split():
                match = search_match(self.catalog, self._db(), self.query)
                if match is None:
                    self._where = ("SELECT n FROM files WHERE 0", (), "n")  # a word no entry begins with
                else:
                    if kind:
                        match = f'kind : "{kind}" AND {match}'
                    self._where = ("SELECT rowid AS n FROM words WHERE words MATCH ?", (match,), "rowid")
            elif kind:
                self._where = ("SELECT n FROM files INDEXED BY files_listed_kind WHERE listed = 1 AND kind = ?", (kind,), "n")
            else:
                self._where = ("SELECT n FROM files INDEXED BY files_listed WHERE listed = 1", (), "n")
        return self._where

    def _db(self) -> sqlite3.Connection:
        return self.catalog.connection()

    def _numbers_where(self, condition: str, order: str, limit: int, offset: int, value: int) -> list[int]:
        """Row numbers of the list that meet `condition` (on the order column, against `value`), in `order`."""
        numbers, parameters, column = self._list()
        sql = f"{numbers} AND {column} {condition} ? ORDER BY {column} {order} LIMIT ? OFFSET ?"
        return [n for (n,) in self._db().execute(sql, (*parameters, value, limit, offset))]

    def count(self) -> int:
        """How many entries the list holds."""
        if self._count is None:
            numbers, parameters, _ = self._list()
            counts = _vocabulary(self.catalog, self._db()).counts
            if (numbers, parameters) not in counts:  # typing often asks the same list again ("hero", "heron")
                if len(counts) >= MAX_COUNTS:
                    counts.clear()
                whole = self._one_whole_word()
                counts[numbers, parameters] = whole if whole is not None else self._db().execute(f"SELECT count(*) FROM ({numbers})", parameters).fetchone()[0]
            self._count = counts[numbers, parameters]
        return self._count

    def _one_whole_word(self) -> int | None:
        """How many entries hold the query's one word, when it is a single word of the vocabulary
        searched in every column (no kind, no column named): the vocabulary counted its rows when it
        was looked up, so no list is read again. None otherwise."""
        words = self.query.split()
        if self.kind or len(words) != 1 or len(words[0]) <= PREFIX_INDEXED or not _plain(words[0]):
            return None
        db = self._db()
        word = words[0].lower()
        found = words_beginning(self.catalog, db, word)
        if found is None or len(found) != 1 or any(kind.startswith(word) for kind in kind_words(self.catalog, db)):
            return None
        return _vocabulary(self.catalog, db).rows_of.get(found[0])

    def window(self, start: int, size: int) -> list[EntrySummary]:
        """The entries at places `start` to `start + size` (0 is the newest)."""
        start = max(0, start)
        if size <= 0:
            return []
        if self._mark is not None and abs(start - self._mark[0]) < start:
            place, number = self._mark  # nearer the mark than the top: read from the mark's number
            if start >= place:
                numbers = self._numbers_where("<", "DESC", size, start - place, number)
            else:
                above = min(size, place - start)  # the rows just above the mark, nearest first
                numbers = self._numbers_where(">=", "ASC", above, place - start - above, number)[::-1]
                if len(numbers) == place - start:
                    numbers += self._numbers_where("<", "DESC", size - len(numbers), 0, number)
        else:
            selected, parameters, column = self._list()
            sql = f"{selected} ORDER BY {column} DESC LIMIT ? OFFSET ?"
            numbers = [n for (n,) in self._db().execute(sql, (*parameters, size, start))]
        if numbers:
            self._mark = (start + len(numbers), numbers[-1])
        if len(numbers) > MAX_ENTRIES:  # a whole list (`Journal.search`): read, not kept
            return self.catalog.summaries(numbers)
        known = _vocabulary(self.catalog, self._db()).entries
        missing = [n for n in numbers if n not in known]
        if missing:
            found = self.catalog.summaries(missing)
            if len(found) != len(missing):  # a row gone meanwhile: keep nothing of this read
                return self.catalog.summaries(numbers)
            if len(known) + len(found) > MAX_ENTRIES:
                kept = {n: known[n] for n in numbers if n in known}
                known.clear()
                known.update(kept)
            known.update(zip(missing, found))
        return [known[n] for n in numbers]

    def index_of_day(self, day: date) -> int | None:
        """The place of the newest entry on or before `day` (None: every entry is later)."""
        if day == date.max:
            return 0 if self.count() else None
        key = day_key(day + timedelta(days=1))
        if self._span is None:
            # Two subqueries: each is one step at an end of the table (min and max together scan it).
            self._span = self._db().execute("SELECT (SELECT min(n) FROM files), (SELECT max(n) FROM files)").fetchone()
        low, high = self._span
        numbers, parameters, column = self._list()
        if low is not None and key - low < high - key:  # an old day: fewer rows below it than above
            sql = f"SELECT count(*) FROM ({numbers} AND {column} < ?)"
            above = self.count() - self._db().execute(sql, (*parameters, key)).fetchone()[0]
        else:
            sql = f"SELECT count(*) FROM ({numbers} AND {column} >= ?)"
            above = self._db().execute(sql, (*parameters, key)).fetchone()[0]
        self._mark = (above, key)
        return above if above < self.count() else None

    def index_of(self, entry_id: str) -> int | None:
        """The place of the entry `entry_id` (None: not in this list)."""
        row = self._db().execute("SELECT n FROM files WHERE id = ? AND listed = 1", (entry_id,)).fetchone()
        if row is None:
            return None
        numbers, parameters, column = self._list()
        sql = f"SELECT count(*), max(n = ?) FROM ({numbers} AND {column} >= ?)"
        above, found = self._db().execute(sql, (row[0], *parameters, row[0])).fetchone()
        return above - 1 if found else None


PREFIX_INDEXED = 3
"""The search table has prefix indexes of 1 to 3 letters (`schema`): a word that short is looked up there."""
MAX_TERMS = 16
"""A word that begins more words of the table than this is searched as a prefix (one merge beats a long OR)."""
MAX_COUNTS = 256
"""Lists whose counts are kept at once (a few numbers each), until the table changes."""
MAX_ENTRIES = 400
"""Entries kept by row number (ten windows of the browser), until the table changes."""


class _Vocabulary:
    """What one catalog's tables hold, as far as it was asked, kept while they are unchanged."""

    def __init__(self, db: sqlite3.Connection, state: tuple[int, int]) -> None:
        self.db = db
        """The connection it was read through (held: a new one is never mistaken for it)."""
        self.state = state
        self.by_prefix: dict[str, tuple[str, ...] | None] = {}
        """The words of the text that begin a prefix (None: more than MAX_TERMS)."""
        self.kind_words: frozenset[str] | None = None
        """The words of the kind column (None: not asked yet)."""
        self.counts: dict[tuple[str, tuple], int] = {}
        """How many entries each list (its SQL and parameters) holds."""
        self.rows_of: dict[str, int] = {}
        """How many rows hold each word the vocabulary was asked about."""
        self.entries: dict[int, EntrySummary] = {}
        """The entries of the rows last read, by row number (the next key of a search, or the
        whole list after it, often shows many of them again: the same objects, drawn once)."""


_VOCABULARIES: WeakKeyDictionary[Catalog, _Vocabulary] = WeakKeyDictionary()


def _vocabulary(catalog: Catalog, db: sqlite3.Connection) -> _Vocabulary:
    """The catalog's vocabulary as last asked, or a fresh one when another process or this
    connection wrote since (SQLite's `data_version` and the connection's own changes)."""
    state = (db.execute("PRAGMA data_version").fetchone()[0], db.total_changes)
    vocabulary = _VOCABULARIES.get(catalog)
    if vocabulary is None or vocabulary.db is not db or vocabulary.state != state:
        vocabulary = _VOCABULARIES[catalog] = _Vocabulary(db, state)
    return vocabulary


def words_beginning(catalog: Catalog, db: sqlite3.Connection, prefix: str) -> tuple[str, ...] | None:
    """Every word of the search table that begins with `prefix` (lower case, as the tokenizer folds
    it), or None when there are more than MAX_TERMS. Asked of the vocabulary once; a longer prefix
    is then answered from a shorter one's words, until the table changes."""
    vocabulary = _vocabulary(catalog, db)
    known = vocabulary.by_prefix
    if prefix in known:
        return known[prefix]
    shorter = next((known[prefix[:end]] for end in range(len(prefix) - 1, 0, -1) if known.get(prefix[:end]) is not None), None)
    if shorter is not None:
        found: tuple[str, ...] | None = tuple(word for word in shorter if word.startswith(prefix))
    else:
        db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.words_vocabulary USING fts5vocab(main, words, row)")
        after = prefix[:-1] + chr(ord(prefix[-1]) + 1)  # the first string past every word `prefix` begins
        sql = "SELECT term, doc FROM temp.words_vocabulary WHERE term >= ? AND term < ? LIMIT ?"
        rows = [(word, doc) for (word, doc) in db.execute(sql, (prefix, after, MAX_TERMS + 1)) if word.startswith(prefix)]
        found = tuple(word for word, _ in rows) if len(rows) <= MAX_TERMS else None
        vocabulary.rows_of.update(rows)
    known[prefix] = found
    return found


def kind_words(catalog: Catalog, db: sqlite3.Connection) -> frozenset[str]:
    """The words of the search table's kind column: each listed kind (a few index seeks), cut at
    anything but ASCII letters and digits as the tokenizer cuts it; a kind with other characters
    is kept whole (no plain word can then be told apart from it: see `search_match`)."""
    vocabulary = _vocabulary(catalog, db)
    if vocabulary.kind_words is None:
        kinds: list[str] = []
        while (kind := db.execute("SELECT min(kind) FROM files WHERE listed = 1 AND kind > ?", (kinds[-1] if kinds else "",)).fetchone()[0]) is not None:
            kinds.append(kind)
        words = set()
        for kind in kinds:
            words.update(re.split("[^0-9a-z]+", kind.lower()) if kind.isascii() else [kind])
        vocabulary.kind_words = frozenset(words)
    return vocabulary.kind_words


def _plain(word: str) -> bool:
    """One token to the tokenizer (ASCII letters and digits), which it folds to lower case."""
    return word.isascii() and word.isalnum()


def search_match(catalog: Catalog, db: sqlite3.Connection, query: str) -> str | None:
    """FTS5 query text for `query`, as `words.match_text` means it (every word begins a word of the
    entry's text), with each plain word of more than three letters written as the whole words it
    begins; None when one of them begins no word at all (nothing can match). The text column is
    named only when a word could also begin a word of the kind column: reading which column a word
    is in costs FTS5 a third of a count."""
    parts = []
    for word in query.split():
        words = words_beginning(catalog, db, word.lower()) if len(word) > PREFIX_INDEXED and _plain(word) else None
        if words is not None and not words:
            return None
        if words:
            alternatives = " OR ".join(fts_string(whole) for whole in words)
            parts.append(f"({alternatives})" if len(words) > 1 else alternatives)
        else:
            parts.append(fts_string(word) + "*")
    kinds = kind_words(catalog, db)
    anywhere = all(_plain(word) and not any(kind.startswith(word.lower()) for kind in kinds) for word in query.split())
    return ("(" if anywhere else "text : (") + " AND ".join(parts) + ")"
