"""The store: layout, modes, corrupt files, conflicts, faults. Nothing lost, nothing leaked."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from ritual_tui.models import GratitudeEntry, LetterEntry, StrengthsEntry
from ritual_tui.store import (
    BlankEntryError,
    ReadOnlyEntryError,
    Store,
    UnsavableTextError,
    atomic_write,
    remove_stray_temp_files,
)
from ritual_tui.store import atomic as atomic_module
from tests.conftest import DAY

GOOD = GratitudeEntry(day=DAY, items=["the bus driver waited for me"])

CORRUPT = {
    "zero-length": b"",
    "nul-filled": b"\x00" * 512,
    "invalid-utf8": b'schema = 1\nid = "aaaaaaaaaa"\nkind = "gratitude"\nday = 2026-11-25\nitems = ["\xff\xfe"]\n',
    "truncated": b'schema = 1\nid = "bbbbbbbbbb"\nkind = "letter"\nday = 2026-11-25\nweek = "2026-W48"\nbody = """\nDear me,\n',
    "duplicate-key": b'schema = 1\nid = "cccccccccc"\nkind = "gratitude"\nday = 2026-11-25\nitems = ["a"]\nitems = ["b"]\n',
    "wrong-type": b'schema = 1\nid = "dddddddddd"\nkind = "exposure"\nday = 2026-11-25\npredicted_discomfort = "very"\n',
}


def seed_corrupt(store: Store) -> dict[Path, bytes]:
    """Write every corrupt fixture where an entry would live; return path -> bytes."""
    folder = store.entries_dir / "gratitude" / "2026"
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, data in CORRUPT.items():
        path = folder / f"2026-11-25-{name.replace('-', '')[:10]:0<10}.toml"
        path.write_bytes(data)
        written[path] = data
    return written


def test_save_writes_one_readable_file_at_the_documented_place(tmp_path: Path) -> None:
    store = Store(tmp_path)
    result = store.save(GOOD)
    assert result.path == tmp_path / "entries" / "gratitude" / str(GOOD.day.year) / f"{GOOD.day}-{GOOD.id}.toml"
    assert 'items = [\n    "the bus driver waited for me",\n]' in result.path.read_text()
    assert [s.entry for s in store.scan().entries] == [GOOD]


def test_long_text_is_a_multiline_string(tmp_path: Path) -> None:
    letter = LetterEntry(day=DAY, week="2026-W48", body="Dear me,\nwell done.\n")
    text = Store(tmp_path).save(letter).path.read_text()
    assert 'body = """\nDear me,\nwell done.\n"""' in text


def test_modes_are_private_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        path = Store(tmp_path / "data").save(GOOD).path
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    folder = path.parent
    while folder != tmp_path:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
        folder = folder.parent


def test_corrupt_files_are_reported_with_reasons_and_never_touched(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.save(GOOD)
    written = seed_corrupt(store)
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in written}
    result = store.scan()
    assert [s.entry.id for s in result.entries] == [GOOD.id]
    reasons = {p.path: p for p in result.problems}
    assert set(reasons) == set(written)
    by_name = {name: reasons[path] for name, path in zip(CORRUPT, written)}
    assert "empty" in by_name["zero-length"].reason
    assert "NUL" in by_name["nul-filled"].reason
    assert "UTF-8" in by_name["invalid-utf8"].reason and by_name["invalid-utf8"].line == 5
    assert "TOML" in by_name["truncated"].reason
    assert "TOML" in by_name["duplicate-key"].reason and by_name["duplicate-key"].line == 6
    assert "predicted_discomfort" in by_name["wrong-type"].reason and by_name["wrong-type"].line == 5
    assert "very" not in by_name["wrong-type"].reason
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in written} == before


def test_bom_and_crlf_files_are_read(tmp_path: Path) -> None:
    store = Store(tmp_path)
    path = store.save(LetterEntry(day=DAY, week="2026-W48", body="one\ntwo\n")).path
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    [stored] = Store(tmp_path).scan().entries
    assert stored.entry.body == "one\ntwo\n"
    assert any("byte-order mark" in n for n in stored.notices)


def test_newer_schema_is_read_only_and_its_bytes_never_change(tmp_path: Path) -> None:
    store = Store(tmp_path)
    path = store.save(GOOD).path
    newer = path.read_bytes().replace(b"schema = 1", b"schema = 2") + b'mood = "fine"\n'
    path.write_bytes(newer)
    [stored] = store.scan().entries
    assert stored.read_only
    with pytest.raises(ReadOnlyEntryError):
        store.save(stored.entry.model_copy(update={"items": ["changed"]}))
    assert path.read_bytes() == newer


def test_unknown_fields_survive_a_save(tmp_path: Path) -> None:
    store = Store(tmp_path)
    path = store.save(GOOD).path
    path.write_bytes(path.read_bytes() + b'mood = "calm"\n')
    [stored] = store.scan().entries
    store.save(stored.entry.model_copy(update={"items": ["still here"]}))
    assert 'mood = "calm"' in path.read_text()


def test_file_changed_under_us_gets_a_conflict_copy(tmp_path: Path) -> None:
    store = Store(tmp_path)
    path = store.save(GOOD).path
    [stored] = store.scan().entries
    other_machine = path.read_bytes().replace(b"waited for me", b"waited for us")
    path.write_bytes(other_machine)
    result = store.save(stored.entry.model_copy(update={"items": ["mine"]}))
    assert result.conflict_with == path and result.path != path
    assert path.read_bytes() == other_machine
    scan = Store(tmp_path).scan()
    assert [c.path for c in scan.conflicts] == [result.path]


@pytest.mark.parametrize(
    "name",
    [
        "2026-11-25-aaaaaaaaaa.sync-conflict-20261125-101010-ABCDEFG.toml",
        "2026-11-25-aaaaaaaaaa (Sam's conflicted copy 2026-11-25).toml",
        "2026-11-25-aaaaaaaaaa (conflicted copy 2026-11-25 101010).toml",
        "2026-11-25-aaaaaaaaaa_conflict-20261125-101010.toml",
    ],
)
def test_sync_conflict_copies_are_recognised_not_merged(tmp_path: Path, name: str) -> None:
    store = Store(tmp_path)
    path = store.save(GOOD).path
    copy = path.with_name(name)
    copy.write_bytes(path.read_bytes())
    scan = store.scan()
    assert [s.path for s in scan.entries] == [path]
    assert [c.path for c in scan.conflicts] == [copy]
    assert copy.exists()


def test_duplicate_ids_are_reported(tmp_path: Path) -> None:
    store = Store(tmp_path)
    path = store.save(GOOD).path
    twin = path.with_name("2026-11-25-zzzzzzzzzz.toml")
    twin.write_bytes(path.read_bytes())
    scan = store.scan()
    assert [s.path for s in scan.entries] == [path]
    assert scan.conflicts[0].path == twin and "same id" in scan.conflicts[0].reason


def test_blank_entries_are_never_written(tmp_path: Path) -> None:
    store = Store(tmp_path)
    with pytest.raises(BlankEntryError):
        store.save(StrengthsEntry.model_construct(day=DAY, strength="  ", kind="strengths", id="eeeeeeeeee"))
    assert not (tmp_path / "entries").exists()


def test_lone_surrogates_are_rejected_and_leave_no_file(tmp_path: Path) -> None:
    store = Store(tmp_path)
    bad = LetterEntry(day=DAY, week="2026-W48", body="half a pair: \ud83d end")
    with pytest.raises(UnsavableTextError, match="body"):
        store.save(bad)
    assert list(tmp_path.rglob("*")) == [] or not any(p.is_file() for p in tmp_path.rglob("*"))


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS])
@pytest.mark.parametrize("call", ["write", "replace"])
def test_disk_full_or_read_only_keeps_the_original(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, call: str) -> None:
    store = Store(tmp_path)
    path = store.save(GOOD).path
    original = path.read_bytes()
    store.scan()

    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(atomic_module.os, call, fail)
    with pytest.raises(OSError) as caught:
        store.save(GOOD.model_copy(update={"items": ["new words"]}))
    assert caught.value.errno == code
    monkeypatch.undo()
    assert path.read_bytes() == original
    assert [p.name for p in path.parent.iterdir()] == [path.name]
    store.save(GOOD.model_copy(update={"items": ["new words"]}))  # retry works
    assert "new words" in path.read_text()


def test_crash_points_leave_old_or_new(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(tmp_path)
    path = store.save(GOOD).path
    store.scan()
    for point in ("written", "synced"):
        def crash(at: str, point: str = point) -> None:
            if at == point:
                raise KeyboardInterrupt

        monkeypatch.setattr(atomic_module, "crash_hook", crash)
        with pytest.raises(KeyboardInterrupt):
            store.save(GOOD.model_copy(update={"items": [point]}))
        assert "bus driver" in path.read_text()
    monkeypatch.setattr(atomic_module, "crash_hook", None)


def test_stray_temp_files_are_listed_and_cleaned(tmp_path: Path) -> None:
    store = Store(tmp_path)
    path = store.save(GOOD).path
    stray = path.with_name(f".{path.name}.1234abcd.tmp")
    stray.write_bytes(b"half")
    os.utime(stray, (1, 1))
    scan = store.scan()
    assert scan.temp_files == [stray] and len(scan.entries) == 1
    assert remove_stray_temp_files(tmp_path) == [stray]


def test_atomic_write_never_leaves_a_partial_target(tmp_path: Path) -> None:
    target = tmp_path / "f.toml"
    atomic_write(target, b"a = 1\n")
    assert target.read_bytes() == b"a = 1\n"


def test_trash_and_restore(tmp_path: Path) -> None:
    store = Store(tmp_path)
    path = store.save(GOOD).path
    [stored] = store.scan().entries
    moved = store.trash(stored)
    assert not path.exists() and moved.exists() and "trash" in moved.parts
    [trashed] = store.trashed()
    assert store.restore(trashed) == path and path.exists()
