"""The browser's search reads a long word as the whole words it begins, and the answers stay those
of a prefix search (the files are the truth), even after the catalog changes under it."""

from __future__ import annotations

from datetime import timedelta

from ritual_tui.catalog import Catalog
from ritual_tui.catalog.pages import MAX_TERMS, search_match
from ritual_tui.entry_pages import ListPages
from ritual_tui.journal import Journal
from ritual_tui.models import GratitudeEntry
from ritual_tui.paths import Locations, resolve_locations
from ritual_tui.store import Store
from tests.conftest import DAY, until


def write(locations: Locations, *texts: str, back: int = 0) -> None:
    store = Store(locations.data_dir)
    for n, text in enumerate(texts):
        store.save(GratitudeEntry(day=DAY - timedelta(days=back + n), items=[text]))


def catalog_of(locations: Locations) -> Catalog:
    catalog = Catalog(locations.catalog_file, locations.entries_dir)
    catalog.reconcile(DAY)
    return catalog


def truth(locations: Locations, query: str) -> list[str]:
    journal = Journal(Store(locations.data_dir))
    journal.apply_scan(journal.store.scan())
    return [e.id for e in ListPages(journal.search(query, None)).window(0, 100)]


def ids(catalog: Catalog, query: str, kind: str | None = None) -> list[str]:
    pages = catalog.pages(kind, query)
    found = [e.id for e in pages.window(0, 100)]
    assert pages.count() == len(found)
    return found


def test_a_long_word_is_searched_as_the_whole_words_it_begins(tmp_path) -> None:
    locations = resolve_locations(tmp_path / "data")
    write(locations, "a heron by the canal", "two Herons", "the heronry at dusk", "her own walk", "hero of the day")
    catalog = catalog_of(locations)
    db = catalog.connection()
    assert search_match(catalog, db, "heron") == '(("heron" OR "heronry" OR "herons"))'
    assert search_match(catalog, db, "HERONS walk") == '("herons" AND "walk")'  # from "heron"'s words, no SQL
    assert search_match(catalog, db, "her") == '("her"*)'  # three letters: the prefix index
    # Not plain ASCII (as FTS5 folds it), or a word that may begin the kind's: only the text column.
    assert search_match(catalog, db, "héron") == 'text : ("héron"*)'
    assert search_match(catalog, db, "walk grat") == 'text : ("walk" AND "gratitude")'
    assert search_match(catalog, db, "g") == 'text : ("g"*)'
    for query in ("heron", "hero", "herons", "HERONRY", "her", "heron walk", "hero day", "h", "grat", "gratitude", "g", "héron"):
        assert ids(catalog, query) == truth(locations, query), query


def test_a_word_no_entry_begins_with_finds_nothing(tmp_path) -> None:
    locations = resolve_locations(tmp_path / "data")
    write(locations, "a heron by the canal")
    catalog = catalog_of(locations)
    assert search_match(catalog, catalog.connection(), "heron zzzz") is None
    pages = catalog.pages(None, "zzzz")
    assert (pages.count(), pages.window(0, 40), pages.index_of_day(DAY), truth(locations, "zzzz")) == (0, [], None, [])
    assert catalog.pages("gratitude", "zzzz").count() == 0


def test_a_word_that_begins_many_words_stays_a_prefix_search(tmp_path) -> None:
    locations = resolve_locations(tmp_path / "data")
    many = " ".join(f"walk{chr(97 + n // 26)}{chr(97 + n % 26)}" for n in range(MAX_TERMS + 1))
    write(locations, many, "walk home")
    catalog = catalog_of(locations)
    assert search_match(catalog, catalog.connection(), "walk") == '("walk"*)'
    assert search_match(catalog, catalog.connection(), "walka") == '("walka"*)'  # still more than MAX_TERMS
    assert ids(catalog, "walk") == truth(locations, "walk")
    assert ids(catalog, "walkab") == truth(locations, "walkab") and len(truth(locations, "walkab")) == 1


def test_words_are_asked_again_once_the_catalog_changes(tmp_path) -> None:
    """A word written later (by this catalog's reconcile or by another process) is found at once."""
    locations = resolve_locations(tmp_path / "data")
    write(locations, "a heron by the canal")
    catalog = catalog_of(locations)
    assert ids(catalog, "hero") == truth(locations, "hero")
    write(locations, "a heroic morning", back=3)
    catalog.reconcile(DAY)  # this connection writes
    assert len(ids(catalog, "hero")) == 2 and ids(catalog, "hero") == truth(locations, "hero")
    write(locations, "the heroes came home", back=6)
    other = catalog_of(locations)  # another connection writes (as a command would)
    other.close()
    assert len(ids(catalog, "hero")) == 3 and ids(catalog, "hero") == truth(locations, "hero")
    catalog.close()  # opened again on next use: the vocabulary is another connection's
    assert ids(catalog, "heroe") == truth(locations, "heroe")


async def test_the_date_question_is_asked_afresh_each_time(make_app, locations: Locations) -> None:
    """One date question serves every jump (closing it removes nothing), yet each time it opens
    empty, with today's date as the hint, and a cancelled question leaves the list where it was."""
    from ritual_tui.screens.ask import AskScreen
    from ritual_tui.screens.browse import BrowseScreen

    write(locations, *(f"ordinary day {back}" for back in range(30)))
    app = make_app("browse")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        asked = []
        for back in (15, 3, 27):
            await pilot.press("d")
            question = app.screen
            assert isinstance(question, AskScreen)
            field = question.query_one("#answer")
            assert (field.value, field.placeholder) == ("", DAY.isoformat())
            asked.append(question)
            await pilot.press(*(DAY - timedelta(days=back)).isoformat(), "enter")
            await pilot.pause()
            assert isinstance(app.screen, BrowseScreen) and app.screen.current().day == DAY - timedelta(days=back)
        assert asked[0] is asked[1] is asked[2]
        await pilot.press("d", *"2001", "escape")
        await pilot.pause()
        assert app.screen.current().day == DAY - timedelta(days=27)
        await pilot.press("d")
        assert app.screen.query_one("#answer").value == ""


async def test_the_browser_is_mounted_once_the_history_is_in(make_app, locations: Locations) -> None:
    """With the history loaded in the background, the browser is mounted behind Today (never
    shown), so `b` only shows it: focused on its list, the newest entries drawn."""
    from ritual_tui.screens.browse import BrowseScreen
    from ritual_tui.screens.today import TodayScreen
    from ritual_tui.widgets import EntryList

    write(locations, *(f"ordinary day {back}" for back in range(30)))
    app = make_app(background_load=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await until(pilot, lambda: app.is_screen_installed("browse") and app.get_screen("browse").is_mounted)  # the settings' message, then the browser's mount
        browser = app.get_screen("browse")
        assert isinstance(browser, BrowseScreen) and browser.is_running and [type(s) for s in app.screen_stack] == [TodayScreen]
        assert app.screen.focused is None  # Today as it was
        await pilot.press("b")
        await pilot.pause()
        assert app.screen is browser
        assert isinstance(browser.focused, EntryList)
        assert [e.day for e in browser.window[:3]] == [DAY, DAY - timedelta(days=1), DAY - timedelta(days=2)]
        await pilot.press("escape")
        assert isinstance(app.screen, TodayScreen)


async def test_no_screen_but_today_is_disturbed_to_mount_the_browser(make_app, locations: Locations, monkeypatch) -> None:
    """A ritual opened before the history is in is never suspended for the browser."""
    from ritual_tui.app import RitualApp
    from ritual_tui.screens.gratitude import GratitudeScreen

    settings_read = []
    original = RitualApp._settings_read
    monkeypatch.setattr(RitualApp, "_settings_read", lambda app: (original(app), settings_read.append(True)))
    write(locations, "a heron by the canal")
    app = make_app("gratitude", background_load=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await until(pilot, lambda: settings_read)
        await pilot.pause()  # what the settings' message set going has run
        assert settings_read and isinstance(app.screen, GratitudeScreen)
        assert not app.is_screen_installed("browse")


def test_a_word_of_a_new_kind_is_searched_in_the_text_alone(tmp_path) -> None:
    """Once a kind whose name a word begins is in the catalog, the word is looked for in the entries'
    text only, as before: the kind column's words are asked again when the catalog changes."""
    from ritual_tui.models import StrengthsEntry

    locations = resolve_locations(tmp_path / "data")
    write(locations, "the strength of the tide")
    catalog = catalog_of(locations)
    assert search_match(catalog, catalog.connection(), "stre") == '("strength")'
    Store(locations.data_dir).save(StrengthsEntry(day=DAY - timedelta(days=4), strength="Hope", where_it_showed="calm"))
    catalog.reconcile(DAY)
    assert search_match(catalog, catalog.connection(), "stre").startswith("text : (")
    assert ids(catalog, "stre") == truth(locations, "stre") and len(truth(locations, "stre")) == 1


def test_the_same_rows_are_read_once_until_the_catalog_changes(tmp_path) -> None:
    """A key of a search that keeps the same rows reads no entry again; a new entry is seen at once."""
    locations = resolve_locations(tmp_path / "data")
    write(locations, "a heron by the canal", "two herons")
    catalog = catalog_of(locations)
    first = catalog.pages(None, "hero").window(0, 40)
    again = catalog.pages(None, "heron").window(0, 40)
    assert len(first) == 2 and all(a is b for a, b in zip(first, again, strict=True))
    write(locations, "a heron at dawn", back=5)
    catalog.reconcile(DAY)
    assert [e.id for e in catalog.pages(None, "heron").window(0, 40)] == truth(locations, "heron") and len(truth(locations, "heron")) == 3


async def test_a_key_that_keeps_the_entries_keeps_the_rows(make_app, locations: Locations) -> None:
    """Typing on in a search that finds the same entries makes no row again, and the list and the
    title still say what the search found."""
    from ritual_tui.widgets import EntryList

    write(locations, "a heron by the canal", "two herons at dusk", "a quiet walk")
    app = make_app("browse")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"hero")
        await pilot.pause()
        rows = app.screen.query_one(EntryList).rows
        await pilot.press("n")
        await pilot.pause()
        assert all(a is b for a, b in zip(rows, app.screen.query_one(EntryList).rows, strict=True)) and len(rows) == 2
        assert "2 entries" in app.screen.title_shown and "“heron”" in app.screen.title_shown
        await pilot.press("s")
        await pilot.pause()
        assert [e.items for e in app.screen.window] == [["two herons at dusk"]]


def test_highlights_laid_on_wrapped_lines_match_a_wrap_of_the_highlighted_words() -> None:
    """The read pane wraps an entry's words once and lays each key's highlights on the lines: the
    same lines as wrapping the highlighted words, or None (wrap again) where a highlight would cross
    a line's end (a long word folded) or the wrap changed the text (a tab)."""
    import re

    from textual.content import Content
    from textual.style import Style

    from ritual_tui.widgets.reading_pane import highlight_lines

    def drawn(lines):
        return [[(segment.text, str(segment.style)) for segment in line.render_segments(Style())] for line in lines]

    text = "Heron by the canal.\n\n  A quiet walk, then the heron again; herons everywhere and a HERON at dusk. " * 3
    words = Content(text).stylize("bold", 0, 5)
    for typed in (["heron"], ["her"], ["walk", "a"], ["on", "heron"], ["zzz"]):
        pattern = re.compile("|".join(re.escape(word) for word in sorted(typed, key=len, reverse=True)), re.IGNORECASE)
        for width in (7, 12, 30, 44, 80):
            shown = highlight_lines(words.wrap(width), words.plain, pattern, "reverse")
            assert (shown is None) == (width == 7 and typed == ["her"])  # "everywh|ere" is folded across "her"
            if shown is not None:
                assert drawn(shown) == drawn(words.highlight_regex(pattern, style="reverse").wrap(width))
    folded = Content("a " + "heron" * 12)
    assert highlight_lines(folded.wrap(18), folded.plain, re.compile("heron"), "reverse") is None
    tabbed = Content("a\theron")
    assert highlight_lines(tabbed.wrap(20), tabbed.plain, re.compile("heron"), "reverse") is None
