"""`ritual export --format json` reads the catalog while `find` looks for changes, writes its pieces
without joining them, and still gives the files' own export, byte for byte."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
import zlib
from datetime import timedelta
from pathlib import Path

import pytest

from ritual_tui import commands
from ritual_tui.catalog import Catalog
from ritual_tui.catalog import changes as changes_module
from ritual_tui.exchange import EXPORT_HEAD, export_json_bytes, export_json_pieces
from ritual_tui.output import write_pieces
from ritual_tui.models import GratitudeEntry, LetterEntry
from ritual_tui.paths import Locations
from ritual_tui.store import Store
from tests.conftest import DAY, run_cli


def many_entries(locations: Locations) -> None:
    """Entries of one second (the frozen clock) over a few days: the export orders them by id."""
    store = Store(locations.data_dir)
    for back in range(3):
        for words in ("tea with Ana", "a quiet \u00e9t\u00e9 hour", "\u202eodd\u202c \x1b[31m marks", "rain"):
            store.save(GratitudeEntry(day=DAY - timedelta(days=back), items=[words, f"{back}"]))
    store.save(LetterEntry(day=DAY, week="2026-W48", body="Dear me,\nyou came back.\n", wins=["one"]))
    store.save(LetterEntry(day=DAY - timedelta(days=1), week="2026-W47", body="Sealed words.\n",
                           sealed_until=DAY + timedelta(days=30)))


def from_the_files(locations: Locations) -> str:
    """The export read from the files: a wrong checksum sends the export there (and drops the catalog)."""
    with sqlite3.connect(locations.catalog_file) as db:
        db.execute("UPDATE files SET doc_crc = doc_crc + 1 WHERE n = (SELECT max(n) FROM files WHERE listed = 1)")
    done = run_cli("export", "--format", "json")
    assert done.returncode == 0
    return done.stdout


def test_the_catalog_export_is_the_files_export_byte_for_byte(locations: Locations) -> None:
    many_entries(locations)
    first = run_cli("export", "--format", "json")  # builds the catalog
    again = run_cli("export", "--format", "json")  # read while `find` runs
    assert first.returncode == again.returncode == 0
    assert again.stdout == first.stdout
    assert from_the_files(locations) == again.stdout
    assert run_cli("export", "--format", "json").stdout == again.stdout  # the catalog built again


def test_a_file_changed_since_the_last_export_is_in_the_next(locations: Locations) -> None:
    many_entries(locations)
    assert run_cli("export", "--format", "json").returncode == 0
    Store(locations.data_dir).save(GratitudeEntry(day=DAY, items=["a new word: lantern"]))
    changed = run_cli("export", "--format", "json")
    assert "lantern" in changed.stdout
    assert from_the_files(locations) == changed.stdout


@pytest.fixture
def quiet_catalog(locations: Locations, monkeypatch: pytest.MonkeyPatch) -> Locations:
    """Entries, a catalog in step with them, and stamps at the reconcile's very start, so that
    the next reconcile finds nothing changed (and writes nothing)."""
    monkeypatch.setattr(changes_module, "MARGIN_NS", 0)
    many_entries(locations)
    Catalog(locations.catalog_file, locations.entries_dir).reconcile(DAY)
    time.sleep(0.03)  # past the kernel's coarse file clock
    yield locations
    changes_module._AHEAD = None


def counted_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    reads: list[int] = []
    real = commands._checked_documents

    def counting(db):
        reads.append(1)
        return real(db)

    monkeypatch.setattr(commands, "_checked_documents", counting)
    return reads


def test_nothing_changed_means_one_read_made_while_find_looks(quiet_catalog: Locations, monkeypatch) -> None:
    reads = counted_reads(monkeypatch)
    order: list[str] = []
    real_reconcile = Catalog.reconcile

    def reconcile(self, today, **options):
        order.append(f"reconcile after {len(reads)} read(s)")
        return real_reconcile(self, today, **options)

    monkeypatch.setattr(Catalog, "reconcile", reconcile)
    documents, complete = commands._catalog_documents(quiet_catalog)
    assert (len(reads), order, complete) == (1, ["reconcile after 1 read(s)"], True)
    assert len(documents) == 14


def test_a_change_another_process_commits_meanwhile_is_read_again(quiet_catalog: Locations, monkeypatch) -> None:
    reads = counted_reads(monkeypatch)
    real_reconcile = Catalog.reconcile
    new_doc = b'{"id": "changed-elsewhere"}'

    def reconcile_then_another_writes(self, today, **options):
        found = real_reconcile(self, today, **options)
        with sqlite3.connect(quiet_catalog.catalog_file) as other:  # as another ritual would, just now
            other.execute("UPDATE files SET doc = ?, doc_crc = ? WHERE n = (SELECT min(n) FROM files WHERE listed = 1)",
                          (new_doc.decode(), zlib.crc32(new_doc)))
        return found

    monkeypatch.setattr(Catalog, "reconcile", reconcile_then_another_writes)
    documents, _ = commands._catalog_documents(quiet_catalog)
    assert len(reads) == 2
    assert new_doc in documents


def test_a_damaged_document_found_early_sends_the_export_to_the_files(quiet_catalog: Locations) -> None:
    with sqlite3.connect(quiet_catalog.catalog_file) as db:
        db.execute("UPDATE files SET doc = replace(doc, 'rain', 'ruin') WHERE kind = 'gratitude'")
    assert commands._catalog_documents(quiet_catalog) is None
    assert not quiet_catalog.catalog_file.exists()  # rebuilt at the next use


def test_the_pieces_are_the_export_document() -> None:
    head = EXPORT_HEAD.encode()
    assert b"".join(export_json_pieces([])) == export_json_bytes([]) == head + b"[]}\n"
    assert export_json_bytes([b'{"a": 1}']) == head + b'[\n  {"a": 1}\n]}\n'
    assert export_json_bytes([b"{}", b'{"b": "\xc3\xa9"}']) == head + b'[\n  {},\n  {"b": "\xc3\xa9"}\n]}\n'


def test_every_piece_reaches_a_pipe_past_the_limit_of_one_writev() -> None:
    pieces = [f"{n:05d}".encode() * (n % 7) for n in range(5000)]
    read_end, write_end = os.pipe()
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(os.fdopen(read_end, "rb").read()))
    reader.start()
    with os.fdopen(write_end, "wb") as stream:
        write_pieces(stream, pieces)
    reader.join(10)
    assert got == [b"".join(pieces)]


def test_a_write_a_signal_cuts_short_is_finished(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_writev = os.writev
    calls: list[int] = []

    def cut_short(fd, chunk):
        calls.append(len(chunk))
        if len(calls) == 2:  # as a signal would leave it: part of one piece written
            return os.write(fd, bytes(chunk[0])[:3])
        return real_writev(fd, chunk)

    monkeypatch.setattr(os, "writev", cut_short)
    pieces = [b"head,", *(b"piece %d," % n for n in range(3000)), b"end"]
    target = tmp_path / "out.json"
    with target.open("wb") as stream:
        write_pieces(stream, pieces)
    assert len(calls) >= 3
    assert target.read_bytes() == b"".join(pieces)


def test_a_stream_without_a_file_gets_the_pieces_joined() -> None:
    import io

    stream = io.BytesIO()
    write_pieces(stream, [b"a", b"b", b"c"])
    assert stream.getvalue() == b"abc"
