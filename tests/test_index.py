"""The derived index: same entries as the files, re-read only what changed, never trusted blindly."""

from __future__ import annotations

import os
import stat
from datetime import datetime, timedelta, timezone
from pathlib import Path

from ritual_tui.models import EntryBase, ExposureEntry, GratitudeEntry, LadderStep, LetterEntry, StrengthsEntry
from ritual_tui.sealing import sealed_until
from ritual_tui.store import Store
from ritual_tui.store import gather as store_module
from ritual_tui.store.gather import gather
from ritual_tui.store.index import INDEX_TAG
from ritual_tui.store.lazy import LazyEntry, validated
from tests.conftest import DAY

WHEN = datetime(2026, 11, 25, 7, 30, tzinfo=timezone(timedelta(hours=5, minutes=30)))


def sample() -> list:
    return [
        StrengthsEntry(day=DAY, strength="Hope", use_today="call Sam", created=WHEN, updated=WHEN),
        GratitudeEntry(day=DAY, items=["tea", "a \x1b quiet \x00 hour"]),
        ExposureEntry(day=DAY, step="x", small_step="hi", outcome="used-exit", discomfort_peak=70, reflected=WHEN),
        LetterEntry(day=DAY, week="2026-W48", body="Dear me\n", wins=["one"], sealed_until=DAY),
        LadderStep(day=DAY, name="wave", difficulty=10, position=2.5),
    ]


def test_index_gives_the_same_entries_as_the_files(tmp_path: Path) -> None:
    index = tmp_path / "cache" / "index"
    writer = Store(tmp_path / "data", index)
    for entry in sample():
        writer.save(entry)
    first = Store(tmp_path / "data", index).scan()
    chunks = list(index.glob("*.json"))
    chunks += list(index.glob("*.docs"))
    assert len(chunks) == 10 and all(stat.S_IMODE(c.stat().st_mode) == 0o600 for c in chunks)
    second = Store(tmp_path / "data", index).scan()
    by_id = {s.entry.id: s for s in first.entries}
    for stored in second.entries:
        lazy, model = stored.entry, by_id[stored.entry.id].entry
        assert isinstance(lazy, LazyEntry) and isinstance(model, EntryBase)
        # Every field reads the same from the index as from the validated model, before validation...
        for name in type(model).model_fields:
            if name != "schema_version":
                assert getattr(lazy, name) == getattr(model, name), name
        assert lazy.title() == model.title()
        if lazy.kind == "exposure":
            assert lazy.awaiting_reflection == model.awaiting_reflection
        if lazy.kind == "letter":
            assert sealed_until(lazy, DAY) == sealed_until(model, DAY) and sealed_until(lazy, DAY - timedelta(days=1))
        assert lazy._model is None
        # ...and the model it builds is the same model.
        assert validated(lazy) == model
        assert stored.entry.to_document() == by_id[stored.entry.id].entry.to_document()
        assert stored.digest == by_id[stored.entry.id].digest and stored.path == by_id[stored.entry.id].path


def test_only_changed_files_are_parsed_again(tmp_path: Path, monkeypatch) -> None:
    index = tmp_path / "index"
    store = Store(tmp_path / "data", index)
    paths = [store.save(e).path for e in sample()]
    Store(tmp_path / "data", index).scan()
    parsed = []
    real = store_module.decode_entry_file
    monkeypatch.setattr(store_module, "decode_entry_file", lambda p: parsed.append(p) or real(p))
    Store(tmp_path / "data", index).scan()
    assert parsed == []
    paths[1].write_text(paths[1].read_text().replace('"tea"', '"green tea"'))
    os.utime(paths[1], ns=(1, 1))
    [changed] = [s for s in Store(tmp_path / "data", index).scan().entries if s.path == paths[1]]
    assert parsed == [paths[1]] and changed.entry.items[0] == "green tea"


def test_a_broken_or_foreign_index_is_ignored(tmp_path: Path) -> None:
    index = tmp_path / "index"
    store = Store(tmp_path / "data", index)
    for entry in sample():
        store.save(entry)
    Store(tmp_path / "data", index).scan()
    for junk in (b"", b"{nope", b'{"version": [99, "x"], "files": {}}', b"[]"):
        for chunk in index.glob("*.json"):
            chunk.write_bytes(junk)
        assert len(Store(tmp_path / "data", index).scan().entries) == 5
    # A crash between writing a chunk's two files: their tokens differ, so the chunk is not trusted.
    for docs in index.glob("*.docs"):
        docs.write_bytes(b"0000000000000000\n" + docs.read_bytes().split(b"\n", 1)[1])
    scanned = Store(tmp_path / "data", index).scan(gather(tmp_path / "data" / "entries", index, INDEX_TAG))
    assert len(scanned.entries) == 5 and not any(isinstance(s.entry, LazyEntry) for s in scanned.entries)
    assert all(isinstance(s.entry, LazyEntry) for s in Store(tmp_path / "data", index).scan().entries)  # rebuilt


def test_entries_with_unknown_fields_are_always_read_from_the_file(tmp_path: Path) -> None:
    index = tmp_path / "index"
    store = Store(tmp_path / "data", index)
    path = store.save(GratitudeEntry(day=DAY, items=["x"])).path
    path.write_bytes(path.read_bytes() + b"when = 2026-01-01T10:00:00+01:00\n")
    Store(tmp_path / "data", index).scan()
    [stored] = Store(tmp_path / "data", index).scan().entries
    assert isinstance(stored.entry.model_extra["when"], datetime)


def test_the_index_always_keeps_the_common_fields(tmp_path: Path) -> None:
    import json

    index = tmp_path / "index"
    store = Store(tmp_path / "data", index)
    store.save(GratitudeEntry(day=DAY, items=["x"]))  # created/updated/id equal what their factories just made
    Store(tmp_path / "data", index).scan()
    [chunk] = index.glob("*.json")
    [record] = json.loads(chunk.read_text())["files"].values()
    start, end, _ = record["at"]
    assert {"schema", "id", "kind", "day", "created", "updated"} <= set(json.loads(chunk.with_suffix(".docs").read_bytes()[start:end]))


def test_search_words_from_the_index_match_the_entries(tmp_path: Path) -> None:
    index = tmp_path / "index"
    store = Store(tmp_path / "data", index)
    for entry in sample():
        store.save(entry)
    from_files = Store(tmp_path / "data", index).scan()
    from_index = Store(tmp_path / "data", index).scan()
    for entry_id, text in from_files.texts.items():
        assert text.split() == from_index.texts[entry_id].split()


def test_a_helper_process_parses_half_the_files_when_the_index_is_missing(tmp_path: Path) -> None:
    from ritual_tui.store.gather import Gatherer
    from ritual_tui.store.index import INDEX_TAG

    index, data = tmp_path / "index", tmp_path / "data"
    writer = Store(data, index)
    for entry in sample():
        writer.save(entry)
    (data / "entries" / "gratitude" / str(DAY.year) / f"{DAY}-broken0001.toml").write_text("kind = [")
    in_process = Store(data, tmp_path / "other-index").scan()
    helper = Gatherer(data / "entries", index, INDEX_TAG)  # no index yet: the helper runs
    assert helper.process is not None
    gathered = helper.result()
    assert gathered is not None and len(gathered.decoded) == len(gathered.dirty) == 6
    scanned = Store(data, index).scan(gathered)
    assert sorted(s.entry.id for s in scanned.entries) == sorted(s.entry.id for s in in_process.entries)
    assert [p.reason for p in scanned.problems] == [p.reason for p in in_process.problems]
    assert Gatherer(data / "entries", index, INDEX_TAG).process is None  # the index is current now
