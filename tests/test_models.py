"""The entry models: validation, text rules, time rules, unknown fields."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from ritual_tui.models import (
    VIA_STRENGTHS,
    EntryError,
    ExposureEntry,
    GratitudeEntry,
    LetterEntry,
    Outcome,
    StrengthsEntry,
    iso_week,
    parse_entry,
    ritual_day,
    round_offset,
)
from tests.conftest import DAY

SECRET = "my-very-private-words"


def test_there_are_24_via_strengths() -> None:
    assert len(VIA_STRENGTHS) == 24 and len(set(VIA_STRENGTHS)) == 24


def test_strength_from_list_or_own_words() -> None:
    assert StrengthsEntry(day=DAY, strength="kindness").is_from_list
    assert not StrengthsEntry(day=DAY, strength="Showing up anyway").is_from_list


def test_newlines_are_normalised() -> None:
    entry = LetterEntry(day=DAY, week="2026-W48", body="a\r\nb\rc\n")
    assert entry.body == "a\nb\nc\n"


def test_gratitude_needs_one_item_and_drops_blank_ones() -> None:
    assert GratitudeEntry(day=DAY, items=["tea", "  ", "rain"]).items == ["tea", "rain"]
    with pytest.raises(EntryError, match="items"):
        parse_entry({"kind": "gratitude", "day": "2026-11-25", "items": ["  "]})


@pytest.mark.parametrize(
    "document",
    [
        {"kind": "exposure", "day": "2026-11-25", "predicted_discomfort": SECRET},
        {"kind": "exposure", "day": "2026-11-25", "predicted_discomfort": 101, "fear": SECRET},
        {"kind": "letter", "day": "2026-11-25", "week": SECRET, "body": SECRET},
        {"kind": "gratitude", "day": SECRET, "items": [SECRET]},
        {"kind": "strengths", "day": "2026-11-25", "strength": ["list", SECRET]},
    ],
)
def test_validation_errors_name_the_field_and_never_echo_text(document: dict) -> None:
    with pytest.raises(EntryError) as caught:
        parse_entry(document)
    message = str(caught.value)
    assert SECRET not in message
    assert ":" in message


def test_unknown_kind_is_a_clear_error() -> None:
    with pytest.raises(EntryError, match="unknown kind"):
        parse_entry({"kind": "dream", "day": "2026-11-25"})


def test_fields_from_a_newer_version_survive() -> None:
    entry = parse_entry(
        {"kind": "gratitude", "day": "2026-11-25", "items": ["x"], "mood": 7, "extra": {"nested": [1, 2]}}
    )
    document = entry.to_document()
    assert document["mood"] == 7 and document["extra"] == {"nested": [1, 2]}


def test_offsets_are_rounded_to_whole_minutes() -> None:
    odd = timezone(timedelta(hours=5, minutes=30, seconds=21))
    rounded = round_offset(datetime(2026, 1, 1, 12, 0, 0, 500, tzinfo=odd))
    assert rounded.utcoffset() == timedelta(hours=5, minutes=30)
    assert rounded.microsecond == 0


def test_naive_datetimes_become_aware() -> None:
    entry = GratitudeEntry(day=DAY, items=["x"], created=datetime(2026, 1, 1, 9, 0))
    assert entry.created.tzinfo is not None


@pytest.mark.parametrize(
    ("clock", "expected"),
    [("2026-11-25 01:30", "2026-11-24"), ("2026-11-25 03:59", "2026-11-24"), ("2026-11-25 04:00", "2026-11-25")],
)
def test_ritual_day_starts_at_four(clock: str, expected: str) -> None:
    assert str(ritual_day(datetime.fromisoformat(clock))) == expected


def test_ritual_day_start_is_configurable() -> None:
    assert str(ritual_day(datetime.fromisoformat("2026-11-25 05:00"), day_start_hour=6)) == "2026-11-24"


def test_iso_week_and_letter_week_check() -> None:
    assert iso_week(date(2026, 11, 25)) == "2026-W48" and iso_week(date(2027, 1, 1)) == "2026-W53"
    with pytest.raises(EntryError, match="week"):
        parse_entry({"kind": "letter", "day": "2026-11-25", "week": "48", "body": "x"})


def test_outcomes_treat_the_exit_as_an_attempt() -> None:
    assert Outcome.USED_EXIT.is_attempt and "brave" in Outcome.USED_EXIT.label
    assert not Outcome.POSTPONED.is_attempt
    plan = ExposureEntry(day=DAY, step="Say hello at the club", small_step="hello")
    assert plan.awaiting_reflection


def test_ids_are_random_and_distinct() -> None:
    ids = {GratitudeEntry(day=DAY, items=["x"]).id for _ in range(500)}
    assert len(ids) == 500


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2028, 2, 29), -12, date(2027, 2, 28)),  # a year before 29 February
        (date(2026, 11, 25), 3, date(2027, 2, 25)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(9999, 12, 31), 1, date.max),  # the calendar's edges hold (rule 17)
        (date(1, 1, 1), -1, date.min),
    ],
)
def test_months_are_added_in_one_place_and_hold_at_the_edges(day: date, months: int, expected: date) -> None:
    from ritual_tui.clock import add_months

    assert add_months(day, months) == expected
