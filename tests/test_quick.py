"""Today's quick first look (tomllib, no pydantic) answers as the full journal does."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta, timezone

import pytest

from ritual_tui.clock import now, ritual_day
from ritual_tui.journal import Journal
from ritual_tui.models import ExposureEntry, GratitudeEntry, LetterEntry, StrengthsEntry, iso_week
from ritual_tui.paths import Locations
from ritual_tui.queries import REFLECTION_WINDOW_DAYS
from ritual_tui.quick import QuickJournal
from ritual_tui.quick_settings import QuickSettings, read_quick_settings
from ritual_tui.settings import Settings
from ritual_tui.store import Store
from tests.conftest import at_first_frame

END = date(2026, 11, 25)
TZ = timezone(timedelta(hours=1))


def write_varied_history(store: Store, seed: int) -> None:
    """About 500 days with gaps, late reflections, sealed letters, odd text and blank exposure plans."""
    rng = random.Random(seed)
    for back in range(500):
        day = END - timedelta(days=back)
        at = datetime.combine(day, time(8, rng.randint(0, 59)), TZ)
        stamp = {"created": at, "updated": at}
        if rng.random() < 0.6:
            store.save(StrengthsEntry(day=day, strength=rng.choice(["Kindness", "Humour", "Zest"]),
                                      use_today=rng.choice(["", "call Sam"]), **stamp))
        if rng.random() < 0.5:
            store.save(GratitudeEntry(day=day, items=[rng.choice(["tea\nwith Ana", "the bus", "rain"])], **stamp))
        if rng.random() < 0.4:
            # Plans older than the reflection window have all been reflected on (see the docstring of
            # `recent_entries`: older waiting plans are counted once the whole history is read).
            waiting = back <= REFLECTION_WINDOW_DAYS and rng.random() < 0.5
            reflected_late = rng.random() < 0.3
            store.save(ExposureEntry(
                day=day, step="ask a question", small_step=rng.choice(["", "ask one question", "  \n say hi"]),
                outcome="planned" if waiting else rng.choice(["done", "used-exit", "postponed", "partly-done"]),
                created=at, updated=datetime.combine(END if reflected_late else day, time(20), TZ)))
        if day.weekday() == 6 or rng.random() < 0.03:
            sealed = day + timedelta(days=rng.randint(1, 25)) if rng.random() < 0.4 else None
            store.save(LetterEntry(day=day, week=iso_week(day), body="Dear me,\nwell done", sealed_until=sealed, **stamp))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_quick_look_agrees_with_the_full_journal(locations: Locations, seed: int) -> None:
    store = Store(locations.data_dir)
    write_varied_history(store, seed)
    full = Journal(Store(locations.data_dir))
    everything = full.load().newest_first()
    for back in range(0, 400, 9):
        moment = datetime.combine(END - timedelta(days=back), time(9), TZ)
        for settings, quick_settings in (
            (Settings(), QuickSettings()),
            (Settings(rest_days=["wednesday"], letter_weekday="friday", rituals=["gratitude", "exposure", "letter"]),
             QuickSettings(rest_days=(2,), letter_weekday=4, rituals=("gratitude", "exposure", "letter"))),
        ):
            full.settings, full.clock = settings, lambda moment=moment: moment
            full.stored = [s for s in everything if s.entry.day <= moment.date()]  # as if it were that day
            full.version += 1
            quick = QuickJournal(locations.entries_dir, quick_settings, clock=lambda moment=moment: moment)
            quick.stored = [s for s in quick.stored if s.entry.day <= moment.date()]
            assert quick.states() == full.states(), moment
            assert quick.consistency_line() == full.consistency_line()
            assert quick.memory_line() == full.memory_line()
            assert [e.id for e in quick.letters_opening()] == [e.id for e in full.letters_opening()]
            assert [(p.id, p.title()) for p in quick.awaiting_reflection()] == [(p.id, p.title()) for p in full.awaiting_reflection()]


def test_quick_look_leaves_out_what_it_cannot_read(locations: Locations) -> None:
    store = Store(locations.data_dir)
    good = store.save(ExposureEntry(day=END, small_step="wave", created=datetime.combine(END, time(8), TZ))).path
    (good.parent / f"{END}-broken0001.toml").write_bytes(b"kind = 'exposure'\noutcome = [\x00")
    (good.parent / f"{END}-wrongkind1.toml").write_text("kind = 'letter'\nday = 2026-11-25\n")
    (good.parent / f"{END}-oddtypes1.toml").write_text("kind = 'exposure'\noutcome = 3\ncreated = 'soon'\n")
    quick = QuickJournal(locations.entries_dir, QuickSettings(), clock=lambda: datetime.combine(END, time(9), TZ))
    assert [p.title() for p in quick.awaiting_reflection()] == ["wave"]
    assert quick.states()[2].hint == "1 to reflect on"


def test_quick_settings_read_the_common_keys_and_hand_the_rest_to_pydantic(locations: Locations) -> None:
    config = locations.config_file
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('theme = "ritual-paper"\nrest_days = ["saturday"]\n[keymap]\n"today.gratitude" = "G"\n')
    settings, error = read_quick_settings(config)
    assert (settings.theme, settings.rest_days, settings.keymap, error) == ("ritual-paper", (5,), {"today.gratitude": "G"}, None)
    config.write_text("day_start_hour = 31\n")
    settings, error = read_quick_settings(config)
    assert settings.day_start_hour == 4 and "day_start_hour" in error



def test_the_first_frame_never_imports_pydantic(locations: Locations) -> None:
    store = Store(locations.data_dir)
    store.save(ExposureEntry(day=ritual_day(now()), small_step="wave"))
    out = at_first_frame('{"modules": sorted(m for m in sys.modules if m.split(".")[0] == "pydantic"'
                         ' or m.startswith("ritual_tui.models")), "text": [str(w.render()) for w in self.query(".ritual-row")]}')
    assert out["modules"] == []
    assert any("due · 1 to reflect on" in row for row in out["text"])
