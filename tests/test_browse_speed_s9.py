"""Search as you type does less per key, with the same answers and the same screen: a one-word
search is counted from the vocabulary, entries already read are kept by row number while the
catalog is unchanged, and the list and the reading pane draw again only what changed (a row
keeps its drawn line wherever it moves)."""

from __future__ import annotations

from datetime import timedelta

from textual.app import App, ComposeResult
from textual.content import Content

from ritual_tui.catalog import Catalog
from ritual_tui.catalog import pages as catalog_pages
from ritual_tui.models import GratitudeEntry, StrengthsEntry
from ritual_tui.paths import Locations
from ritual_tui.screens.browse import BrowseScreen
from ritual_tui.store import Store
from ritual_tui.widgets import EntryList, EntryRow, ReadingPane
from ritual_tui.widgets import entry_list as entry_list_module
from tests.conftest import DAY
from tests.test_entry_list import screen_text

WORDS = ["heron", "herons", "walk", "walking", "quiet", "kingfisher", "gratitude", "grate"]


def seed(locations: Locations) -> Store:
    """Forty days of entries with a few words each, and some of them changed or moved to the trash
    after the catalog was first read (so its search table holds deleted and replaced rows)."""
    store = Store(locations.data_dir)
    for back in range(40):
        words = " ".join(WORDS[n] for n in range(len(WORDS)) if (back + n) % (n + 2) == 0) or "nothing much"
        day = DAY - timedelta(days=back)
        if back % 5:
            store.save(GratitudeEntry(day=day, items=[words], id=f"g{back:09d}"))
        else:
            store.save(StrengthsEntry(day=day, strength="Hope", where_it_showed=words, id=f"s{back:09d}"))
    return store


def counted(catalog: Catalog, query: str, kind: str | None = None) -> tuple[int, list[str]]:
    """The pages' count of `query`, and the SQL run to get it."""
    statements: list[str] = []
    db = catalog.connection()
    db.set_trace_callback(statements.append)
    try:
        return catalog.pages(kind, query).count(), statements
    finally:
        db.set_trace_callback(None)


def truth(catalog: Catalog, query: str, kind: str | None = None) -> int:
    """The same count, always read from the search table's lists."""
    db = catalog.connection()
    match = catalog_pages.search_match(catalog, db, query)
    if match is None:
        return 0
    if kind:
        match = f'kind : "{kind}" AND {match}'
    return db.execute("SELECT count(*) FROM words WHERE words MATCH ?", (match,)).fetchone()[0]


def test_a_one_word_search_is_counted_from_the_vocabulary_and_agrees_with_the_lists(locations: Locations) -> None:
    store = seed(locations)
    catalog = Catalog(locations.catalog_file, locations.entries_dir)
    catalog.reconcile(DAY)
    stored = {s.entry.id: s for s in store.scan().entries}
    for back in (3, 7, 11):  # deleted and rewritten rows: the vocabulary must count what the lists hold
        store.trash(stored[f"g{back:09d}"])
    store.save(GratitudeEntry(day=DAY - timedelta(days=2), items=["kingfisher walking"], id="g000000002"))
    catalog.reconcile(DAY)
    catalog_pages._VOCABULARIES.clear()
    for query in ("walk", "walking", "kingf", "kingfisher", "quiet", "heron", "Heron"):
        count, statements = counted(catalog, query)
        assert count == truth(catalog, query), query
        if len(catalog_pages.words_beginning(catalog, catalog.connection(), query.lower()) or ()) == 1:
            assert not any("count(*)" in sql for sql in statements), query  # from the vocabulary
    # Not one whole word in every column: counted from the lists, as before.
    for query, kind in (("walk quiet", None), ("walk", "gratitude"), ("grat", None), ("wa", None)):
        count, statements = counted(catalog, query, kind)
        assert count == truth(catalog, query, kind) and any("count(*)" in sql for sql in statements), (query, kind)
    # "grate" begins no kind, but "grat" does: a search for it names the text column only.
    assert counted(catalog, "grate")[0] == truth(catalog, "grate")


def test_entries_read_once_are_the_same_objects_until_the_catalog_changes(locations: Locations) -> None:
    store = seed(locations)
    catalog = Catalog(locations.catalog_file, locations.entries_dir)
    catalog.reconcile(DAY)
    everything = catalog.pages().window(0, 10)
    walks = catalog.pages(None, "walk").window(0, 10)
    shared = {e.id for e in everything} & {e.id for e in walks}
    assert shared
    first = {e.id: e for e in everything}
    assert all(entry is first[entry.id] for entry in walks if entry.id in shared)  # read once, drawn once
    newest = everything[0]
    store.save(GratitudeEntry(day=newest.day, items=["a new first line"], id=newest.id))
    catalog.reconcile(DAY)
    again = catalog.pages().window(0, 10)
    assert again[0].id == newest.id and again[0] is not newest and again[0].title() == "a new first line"
    assert [e.id for e in catalog.pages().window(0, 1000)] == [e.id for e in catalog.pages().window(0, catalog.pages().count())]


class PaneAndList(App[None]):
    """A list and a reading pane side by side."""

    def compose(self) -> ComposeResult:
        yield EntryList(id="rows")
        yield ReadingPane(id="pane")


async def test_a_short_entry_after_another_draws_only_its_own_lines_again() -> None:
    app = PaneAndList()
    async with app.run_test(size=(60, 20)) as pilot:
        pane = app.query_one(ReadingPane)
        pane.show(Content("first line\nsecond line\nthird line"))
        await pilot.pause()
        refreshed: list[tuple[int, int]] = []
        original = pane.refresh_lines
        pane.refresh_lines = lambda start, count=1: (refreshed.append((start, count)), original(start, count))[1]
        pane.show(Content("only one\nand two"))
        await pilot.pause()
        assert refreshed == [(0, 3)]  # the lines of either text, not the whole pane
        shown = screen_text(app)
        assert "only one" in shown and "and two" in shown and "third line" not in shown and "first line" not in shown
        refreshed.clear()
        pane.show(Content("only one\nand two, longer"))
        await pilot.pause()
        assert refreshed == [(1, 1)] and "and two, longer" in screen_text(app)


async def test_rows_that_move_keep_their_drawn_lines_and_the_screen_shows_the_new_order(monkeypatch) -> None:
    drawn: list[str] = []
    original = entry_list_module.line_strip
    monkeypatch.setattr(entry_list_module, "line_strip", lambda content, *a, **k: (drawn.append(content.plain), original(content, *a, **k))[1])
    texts = [Content(f"entry {n}") for n in range(8)]
    app = PaneAndList()
    async with app.run_test(size=(60, 20)) as pilot:
        listing = app.query_one(EntryList)
        listing.set_rows([EntryRow(text, key=n) for n, text in enumerate(texts)])
        await pilot.pause()
        drawn.clear()
        newer = Content("entry new")
        listing.set_rows([EntryRow(text, key=n) for n, text in enumerate([newer, *texts[:5]])])
        await pilot.pause()
        # The new row, and the row that lost the highlight: every other row only moved down.
        assert sorted(drawn) == ["entry 0", "entry new"]
        lines = [line.strip() for line in screen_text(app).splitlines() if "entry" in line]
        assert [line.split("entry")[1].split()[0].rstrip("▎") for line in lines] == ["new", "0", "1", "2", "3", "4"]
        listing.set_rows([EntryRow(texts[0], key=0)])  # fewer rows: the places below are blank again
        await pilot.pause()
        assert [line for line in screen_text(app).splitlines() if "entry" in line] and "entry 3" not in screen_text(app)


async def test_typing_and_taking_back_a_search_shows_each_list_as_a_fresh_draw_would(make_app, locations: Locations) -> None:
    seed(locations)
    app = make_app("browse")
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        await pilot.press("slash")
        for keys in (["w"], ["a"], ["l", "k"], ["backspace", "backspace"], ["backspace"], ["h", "e", "r", "o", "n"]):
            await pilot.press(*keys)
            await pilot.pause()
            listing = screen.query_one("#browse-list", EntryList)
            shown = screen_text(app)
            for row in listing.rows[: listing.scrollable_content_region.height]:
                assert row.content.plain[:25] in shown
            total = screen.pages.count()
            assert f"{total} {'entry' if total == 1 else 'entries'}" in screen.title_shown
            assert truth(app.journal.catalog, screen.query_text) == total
