"""The browser's pages from the catalog: the same answers as the files, and only recent history in memory."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ritual_tui.catalog import Catalog
from ritual_tui.entry_pages import ListPages
from ritual_tui.journal import Journal
from ritual_tui.models import ExposureEntry, GratitudeEntry, LadderStep, LetterEntry, StrengthsEntry
from ritual_tui.paths import Locations, resolve_locations
from ritual_tui.queries import RECENT_HISTORY_DAYS, RecentHistory
from ritual_tui.screens.browse import MAX_ROWS, BrowseScreen
from ritual_tui.screens.calendar import CalendarScreen
from ritual_tui.store import Store
from tests.conftest import DAY, FROZEN

SIZE = (100, 30)
WORDS = st.sampled_from(["heron", "canal", "tea", "Café", "walk", "quiet", "bread", "sam"])


def at(day, hour: int = 9) -> dict:
    moment = datetime.combine(day, time(hour), tzinfo=FROZEN.tzinfo)
    return {"created": moment, "updated": moment}


def catalog_journal(locations: Locations) -> Journal:
    """A journal read as the app reads it: through the catalog, recent history only."""
    store = Store(locations.data_dir)
    journal = Journal(store)
    catalog = Catalog(locations.catalog_file, locations.entries_dir)
    journal.apply_scan(catalog.scan(store, DAY, RecentHistory.around(DAY)))
    return journal


def files_journal(locations: Locations) -> Journal:
    """A journal read from every file, without the catalog."""
    journal = Journal(Store(locations.data_dir))
    journal.apply_scan(journal.store.scan())
    return journal


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    days=st.lists(st.integers(min_value=0, max_value=3000), min_size=1, max_size=25),
    texts=st.lists(st.lists(WORDS, min_size=1, max_size=3).map(" ".join), min_size=1, max_size=25),
    query=st.one_of(st.just(""), WORDS.map(lambda w: w[:2]), st.tuples(WORDS, WORDS).map(" ".join)),
    kind=st.sampled_from([None, "gratitude", "strengths"]),
    start=st.integers(min_value=0, max_value=30),
)
def test_catalog_pages_agree_with_the_files(tmp_path_factory, days, texts, query, kind, start) -> None:
    locations = resolve_locations(tmp_path_factory.mktemp("data"))
    store = Store(locations.data_dir)
    for n, back in enumerate(days):
        text = texts[n % len(texts)]
        day = DAY - timedelta(days=back)
        entry = (GratitudeEntry(day=day, items=[text], **at(day, n % 24)) if n % 3
                 else StrengthsEntry(day=day, strength="Hope", where_it_showed=text, **at(day, n % 24)))
        store.save(entry)
    pages = catalog_journal(locations).pages(query, kind)
    truth = ListPages(files_journal(locations).search(query, kind))
    assert pages.count() == truth.count()
    assert [e.id for e in pages.window(start, 7)] == [e.id for e in truth.window(start, 7)]
    for back in (0, 5, 400, 2999, 4000):
        assert pages.index_of_day(DAY - timedelta(days=back)) == truth.index_of_day(DAY - timedelta(days=back))
    for entry in truth.window(0, 3):
        assert pages.index_of(entry.id) == truth.index_of(entry.id)


def seed_years(locations: Locations, years: int = 3) -> Store:
    """A gratitude entry every day for `years`, a step and its attempts, and one old plan."""
    store = Store(locations.data_dir)
    for back in range(365 * years):
        day = DAY - timedelta(days=back)
        store.save(GratitudeEntry(day=day, items=[f"day {back}"] + (["the old heron"] if back == 900 else []), id=f"g{back:09d}", **at(day)))
    step = LadderStep(day=DAY - timedelta(days=1000), name="say hello", difficulty=20)
    store.save(step)
    for back in (1000, 800, 10):
        day = DAY - timedelta(days=back)
        store.save(ExposureEntry(day=day, step_id=step.id, step="say hello", outcome="done", discomfort_before=50,
                                 discomfort_peak=40, reflected=at(day)["created"], **at(day, 10)))
    old_plan = DAY - timedelta(days=700)
    store.save(ExposureEntry(day=old_plan, step_id=step.id, step="say hello", small_step="wave", id="oldplan001", **at(old_plan, 11)))
    store.save(LetterEntry(day=DAY - timedelta(days=990), week="2024-W01", body="Dear me, long ago.", **at(DAY - timedelta(days=990))))
    return store


def test_the_journal_keeps_only_the_recent_history_and_finds_the_rest(locations: Locations) -> None:
    seed_years(locations)
    journal = catalog_journal(locations)
    kept = {e.id for e in journal.entries}
    assert "g000000000" in kept and f"g{RECENT_HISTORY_DAYS:09d}" in kept and "g000000900" not in kept
    assert "oldplan001" in kept and len(journal.of_kind("letter")) == 1 and journal.ladder()  # plans, letters, the ladder
    assert [e.id for e in journal.search("old heron")] == ["g000000900"]
    assert journal.stored_of("g000000900").path.exists()
    step = journal.ladder()[0]
    assert [e.day for e in journal.attempts(step.id)] == sorted(e.day for e in files_journal(locations).attempts(step.id))
    two_years_ago = DAY - timedelta(days=730)
    assert [e.id for e in journal.entries_on(two_years_ago)] == ["g000000730"]
    levels = journal.practice_levels(two_years_ago.year)
    assert levels[two_years_ago] == 1 and levels == files_journal(locations).practice_levels(two_years_ago.year)


def test_saving_an_old_entry_shows_in_the_pages_at_once(locations: Locations) -> None:
    seed_years(locations, years=2)
    journal = catalog_journal(locations)
    old = journal.stored_of("g000000600").entry
    journal.save(old.validated().model_copy(update={"items": ["a kingfisher, remembered"]}))
    assert [e.id for e in journal.search("kingfisher")] == ["g000000600"]
    assert journal.pages().count() == files_journal(locations).pages().count()


async def test_the_browser_reaches_any_date_and_the_calendar_any_day(make_app, locations: Locations) -> None:
    seed_years(locations)
    app = make_app("browse")
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BrowseScreen) and len(screen.window) <= MAX_ROWS
        wanted = DAY - timedelta(days=1000)
        await pilot.press("d")
        await pilot.press(*wanted.isoformat())
        await pilot.press("enter")
        await pilot.pause()
        assert screen.current().day == wanted and len(screen.window) <= MAX_ROWS
        await pilot.press("slash", *"old heron")
        await pilot.pause()
        assert [e.id for e in screen.window] == ["g000000900"] and "the old heron" in str(screen.query_one("#browse-text").render())
        await pilot.press("enter", "c")  # the search stays on: the calendar's day must still be reached
        await pilot.pause()
        assert isinstance(app.screen, CalendarScreen)
        await pilot.press("right_square_bracket")  # a year after the found entry: a day the search does not hold
        await pilot.pause()
        chosen = app.screen.query_one("YearHeatmap").selected
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert app.screen is screen and screen.current().day == chosen and screen.query_text == ""


def test_a_search_never_matches_the_kind_of_an_entry(locations: Locations) -> None:
    from ritual_tui.listing import listed

    store = Store(locations.data_dir)
    store.save(GratitudeEntry(day=DAY, items=["tea with Sam"]))
    store.save(StrengthsEntry(day=DAY, strength="Hope", where_it_showed="a gratitude note"))
    assert [row["kind"] for row in listed(locations, DAY, search="gratitude").rows] == ["strengths"]
    journal = catalog_journal(locations)
    assert [e.kind for e in journal.search("grat")] == ["strengths"]
    assert [e.kind for e in journal.search("tea", "gratitude")] == ["gratitude"] and not journal.search("tea", "strengths")


def test_a_letters_title_in_lists_goes_past_its_greeting() -> None:
    from ritual_tui.text import entry_title

    assert entry_title("letter", {"body": "Dear me,\n\nYou asked a question in class.\nMore."}) == "Dear me, You asked a question in class."
    assert entry_title("letter", {"body": "This week I went to the club twice.\n"}) == "This week I went to the club twice."
    assert entry_title("letter", {"body": "Dear me,"}) == "Dear me,"


def test_a_day_as_a_person_types_it() -> None:
    from ritual_tui.clock import day_from_words

    assert day_from_words(" Today ", DAY) == DAY and day_from_words("yesterday", DAY) == DAY - timedelta(days=1)
    assert day_from_words("2025-01-01", DAY).isoformat() == "2025-01-01"
    assert day_from_words("last week", DAY) is None and day_from_words("", DAY) is None
