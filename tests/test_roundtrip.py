"""Any text a str can hold either round-trips exactly or is refused with a clear error."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ritual_tui.models import ExposureEntry, GratitudeEntry, LadderStep, LetterEntry, StrengthsEntry
from ritual_tui.store import Store, UnsavableTextError
from tests.conftest import DAY

ANY_TEXT = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=300)


def _entries(a: str, b: str, c: str) -> list:
    keep = lambda s: s if s.strip() else s + "x"  # noqa: E731 - fields that must hold words
    return [
        StrengthsEntry(day=DAY, strength=keep(a), where_it_showed=b, use_today=c),
        GratitudeEntry(day=DAY, items=[keep(a), b, c]),
        ExposureEntry(day=DAY, step=a, small_step=keep(b), fear=c, what_happened=a + b),
        LetterEntry(day=DAY, week="2026-W48", body=keep(a + b), wins=[c]),
        LadderStep(day=DAY, name=keep(c), difficulty=40),
    ]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANY_TEXT, ANY_TEXT, ANY_TEXT)
def test_every_kind_round_trips_any_text(a: str, b: str, c: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder))
        for entry in _entries(a, b, c):
            try:
                path = store.save(entry).path
            except UnsavableTextError as error:
                assert any("\ud800" <= ch <= "\udfff" for ch in a + b + c)
                assert error.field
                assert not any(p.is_file() for p in Path(folder).rglob("*"))
                continue
            [loaded] = [s.entry for s in Store(Path(folder)).scan().entries if s.entry.id == entry.id]
            assert loaded == entry
            assert loaded.to_document() == entry.to_document()
            assert path.read_text("utf-8")
