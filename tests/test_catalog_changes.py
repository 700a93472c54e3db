"""A command's reconcile looks only at what `find` names as changed, and is never wrong for it."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from ritual_tui.catalog import Catalog
from ritual_tui.catalog import changes as changes_module
from ritual_tui.catalog.schema import meta_value
from ritual_tui.models import GratitudeEntry
from ritual_tui.store import Store
from tests.conftest import DAY

pytestmark = pytest.mark.skipif(shutil.which("find") is None, reason="needs find")


@pytest.fixture(autouse=True)
def no_margin(monkeypatch) -> None:
    """Stamps at the reconcile's very start, so a test need not wait two seconds for old ctimes."""
    monkeypatch.setattr(changes_module, "MARGIN_NS", 0)


def settle() -> None:
    """Past the kernel's coarse file clock, so what comes next is strictly newer than a stamp."""
    time.sleep(0.03)


def ids(catalog: Catalog) -> set[str]:
    return {row["id"] for row in catalog.rows()}


def saved(data: Path, count: int, day_offset: int = 0) -> list[str]:
    store, made = Store(data), []
    for n in range(count):
        entry = GratitudeEntry(day=DAY, items=[f"item {n + day_offset}"])
        store.save(entry)
        made.append(entry.id)
    return made


def looks(monkeypatch) -> list[str]:
    """Records each reconcile's kind of walk: "changes" or "full"."""
    seen: list[str] = []
    real_changes = changes_module.Stamp.changes

    def spy(self, recorded):
        answer = real_changes(self, recorded)
        seen.append("full" if answer is None else "changes")
        return answer

    monkeypatch.setattr(changes_module.Stamp, "changes", spy)
    return seen


def test_changes_alone_are_looked_at_and_every_kind_of_change_is_seen(tmp_path: Path, monkeypatch) -> None:
    data = tmp_path / "data"
    first = saved(data, 3)
    catalog = Catalog(tmp_path / "cache" / "catalog.sqlite3", data / "entries")
    seen = looks(monkeypatch)
    catalog.reconcile(DAY)
    assert ids(catalog) == set(first) and seen == ["full"]
    settle()
    added = saved(data, 1, 10)  # a new file
    catalog.reconcile(DAY)
    assert ids(catalog) == {*first, *added} and seen[-1] == "changes"
    settle()
    path = next((data / "entries").rglob("*.toml"))
    info = path.stat()
    text = path.read_text("utf-8")
    with open(path, "r+", encoding="utf-8") as file:  # in place, same size, mtime put back
        file.write(text.replace('"item ', '"itex '))
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    catalog.reconcile(DAY)
    assert seen[-1] == "changes"
    assert any("itex" in catalog.document(row["n"], row["path"]) for row in catalog.rows())
    settle()
    path.unlink()  # a file removed
    catalog.reconcile(DAY)
    assert len(ids(catalog)) == 3 and seen[-1] == "changes"


def test_a_folder_moved_in_whole_is_read_though_its_files_are_old(tmp_path: Path, monkeypatch) -> None:
    data, elsewhere = tmp_path / "data", tmp_path / "elsewhere"
    saved(data, 1)
    saved(elsewhere, 2, 5)
    settle()
    catalog = Catalog(tmp_path / "cache" / "catalog.sqlite3", data / "entries")
    catalog.reconcile(DAY)
    settle()
    seen = looks(monkeypatch)
    year = next((elsewhere / "entries" / "gratitude").iterdir())
    (data / "entries" / "gratitude" / year.name).rename(data / "entries" / "gratitude" / "kept")
    year.rename(data / "entries" / "gratitude" / year.name)
    catalog.reconcile(DAY)
    assert seen == ["changes"] and len(ids(catalog)) == 3


def test_a_full_walk_is_used_whenever_the_stamp_cannot_be_trusted(tmp_path: Path, monkeypatch) -> None:
    data = tmp_path / "data"
    saved(data, 2)
    catalog_path = tmp_path / "cache" / "catalog.sqlite3"
    catalog = Catalog(catalog_path, data / "entries")
    catalog.reconcile(DAY)
    seen = looks(monkeypatch)
    stamp = catalog_path.with_name("catalog.sqlite3.stamp")
    os.utime(stamp, ns=(1, 1))  # not the stamp the catalog recorded
    catalog.reconcile(DAY)
    assert seen == ["full"]
    catalog.reconcile(DAY)
    assert seen[-1] == "changes"
    catalog.reconcile(DAY, full=True)  # the app's load: every file, whatever the stamp says
    assert seen[-1] == "changes" and len(seen) == 2  # no look at changes was even asked for
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))  # no find: the walk still answers
    added = saved(data, 1, 9)
    catalog.reconcile(DAY)
    assert seen[-1] == "full" and set(added) <= ids(catalog)
    assert not [p for p in catalog_path.parent.iterdir() if ".stamp." in p.name]  # nothing left behind


def test_links_or_unreadable_folders_turn_the_stamp_off(tmp_path: Path, monkeypatch) -> None:
    data = tmp_path / "data"
    saved(data, 1)
    target = next((data / "entries").rglob("*.toml"))
    linked = target.with_name("linked.toml")
    catalog = Catalog(tmp_path / "cache" / "catalog.sqlite3", data / "entries")
    catalog.reconcile(DAY)
    settle()
    linked.symlink_to(target)  # a link's target may change where find never looks
    catalog.reconcile(DAY)
    assert meta_value(catalog.connection(), "stamp") == ""
    seen = looks(monkeypatch)
    catalog.reconcile(DAY)
    assert seen == ["full"]


def answers(catalog: Catalog, found) -> tuple:
    """What a reconcile leaves: each row's path, id and listing, and the problems reported."""
    rows = sorted((row["path"], row["id"], row["listed"]) for row in catalog.rows(columns="path, id, listed"))
    return rows, sorted((str(p.path), p.reason) for p in found.problems)


def test_after_every_kind_of_change_the_answer_is_a_full_walks(tmp_path: Path) -> None:
    data = tmp_path / "data"
    saved(data, 4)
    catalog = Catalog(tmp_path / "cache" / "catalog.sqlite3", data / "entries")
    catalog.reconcile(DAY)
    files = sorted((data / "entries").rglob("*.toml"))
    year = files[0].parent

    def link_one() -> None:
        files[1].unlink()
        files[1].symlink_to(files[2])  # a second file of one id: a copy, set apart

    def odd_things() -> None:
        os.mkfifo(year / "a-pipe.toml")
        (year / "2026-01-01-broken.toml").write_text("kind = [", "utf-8")

    changes = [
        lambda: files[0].write_text(files[0].read_text("utf-8").replace('"item ', '"edited '), "utf-8"),
        lambda: files[3].rename(year / "renamed.toml"),
        odd_things,
        lambda: (year.parent / "2001").mkdir(),
        link_one,  # last: a link turns the look at changes off
    ]
    for number, change in enumerate(changes):
        settle()
        change()
        fresh = Catalog(tmp_path / f"fresh{number}" / "catalog.sqlite3", data / "entries")
        assert answers(catalog, catalog.reconcile(DAY)) == answers(fresh, fresh.reconcile(DAY, full=True)), number


def gratitude_on(data: Path, *days) -> None:
    store = Store(data)
    for day in days:
        store.save(GratitudeEntry(day=day, items=[f"item of {day}"]))


def test_a_folder_moved_out_and_back_is_seen_by_the_apps_full_walk(tmp_path: Path) -> None:
    from datetime import date

    data = tmp_path / "data"
    gratitude_on(data, date(2024, 1, 1), date(2024, 1, 2), date(2025, 3, 3))
    catalog = Catalog(tmp_path / "cache" / "catalog.sqlite3", data / "entries")
    catalog.reconcile(DAY, full=True)
    settle()
    year = data / "entries" / "gratitude" / "2024"
    year.rename(tmp_path / "aside")
    catalog.reconcile(DAY)  # a command: the year is gone
    assert len(ids(catalog)) == 1
    (tmp_path / "aside").rename(year)  # back, every file's stat key as before
    settle()
    catalog.reconcile(DAY, full=True)  # the app's load
    assert len(ids(catalog)) == 3


def test_another_entries_folder_at_the_same_path_is_walked_in_full(tmp_path: Path, monkeypatch) -> None:
    data, backup = tmp_path / "data", tmp_path / "backup"
    saved(data, 2)
    shutil.copytree(data / "entries", backup / "entries")
    settle()
    catalog = Catalog(tmp_path / "cache" / "catalog.sqlite3", data / "entries")
    catalog.reconcile(DAY)
    settle()
    saved(data, 1, 7)
    catalog.reconcile(DAY)
    assert len(ids(catalog)) == 3
    seen = looks(monkeypatch)
    data.rename(tmp_path / "broken")
    backup.rename(data)  # a backup restored with mv: its folders and files are all older than the stamp
    catalog.reconcile(DAY)
    assert seen == ["full"] and len(ids(catalog)) == 2


def test_a_row_written_by_another_process_meanwhile_is_never_overwritten(tmp_path: Path, monkeypatch) -> None:
    from ritual_tui.catalog import rows as catalog_rows

    data, cache = tmp_path / "data", tmp_path / "cache" / "catalog.sqlite3"
    saved(data, 1)
    path = next((data / "entries").rglob("*.toml"))
    slow = Catalog(cache, data / "entries")
    slow.reconcile(DAY)
    settle()
    path.write_text(path.read_text("utf-8").replace('"item ', '"second '), "utf-8")
    real, raced = catalog_rows.row_of_file, []

    def parse_then_race(*args):
        row = real(*args)  # this process has read the second version...
        if not raced:
            raced.append(True)
            settle()
            path.write_text(path.read_text("utf-8").replace('"second ', '"third '), "utf-8")
            Catalog(cache, data / "entries").reconcile(DAY)  # ...another reads and writes the third
        return row

    monkeypatch.setattr(catalog_rows, "row_of_file", parse_then_race)
    slow.reconcile(DAY)
    monkeypatch.setattr(catalog_rows, "row_of_file", real)
    documents = [slow.document(row["n"], row["path"]) for row in slow.rows()]
    assert len(documents) == 1 and "third" in documents[0]  # the newer row stands
    assert meta_value(slow.connection(), "stamp") == ""  # and the next reconcile walks every file


def test_a_clash_on_a_files_row_raises_instead_of_looping(tmp_path: Path) -> None:
    import signal
    import sqlite3

    from ritual_tui.catalog import rows as catalog_rows

    data = tmp_path / "data"
    saved(data, 1)
    catalog = Catalog(tmp_path / "cache" / "catalog.sqlite3", data / "entries")
    catalog.reconcile(DAY)
    relative = next(iter(catalog.rows()))["path"]
    info = (data / "entries" / relative).stat()
    row = catalog_rows.row_of_file(data / "entries", relative, (info.st_mtime_ns, info.st_ctime_ns, info.st_size,
                                                                info.st_ino, info.st_dev), DAY)
    signal.alarm(5)  # a loop would hang the test: fail it instead
    try:
        with pytest.raises(sqlite3.IntegrityError):
            catalog_rows.insert_row(catalog.connection(), row)
    finally:
        signal.alarm(0)


def test_stamps_left_by_killed_commands_are_tidied(tmp_path: Path) -> None:
    data, cache = tmp_path / "data", tmp_path / "cache"
    saved(data, 1)
    catalog = Catalog(cache / "catalog.sqlite3", data / "entries")
    catalog.reconcile(DAY)
    dead, living = cache / "catalog.sqlite3.stamp.999999999", cache / f"catalog.sqlite3.stamp.{os.getppid()}"
    dead.touch()
    living.touch()
    catalog.reconcile(DAY)
    assert not dead.exists() and living.exists()


def test_names_that_are_not_utf8_are_reported_and_the_rest_is_read(tmp_path: Path) -> None:
    data = tmp_path / "data"
    saved(data, 2)
    catalog = Catalog(tmp_path / "cache" / "catalog.sqlite3", data / "entries")
    catalog.reconcile(DAY)
    settle()
    one = next((data / "entries").rglob("*.toml"))
    odd = os.fsdecode(os.fsencode(one.parent) + b"/bad\xff.toml")
    shutil.copyfile(one, odd)
    for look in (catalog.reconcile(DAY), catalog.reconcile(DAY, full=True)):
        assert len(ids(catalog)) == 2
        assert [p.reason for p in look.problems] == ["its name is not valid UTF-8, so ritual cannot keep track of it; rename it to read it"]


def test_finds_share_the_year_folders_by_size(tmp_path):
    """Each `find` gets about as many files: the largest folders first, each to the lightest share."""
    from ritual_tui.catalog.changes import _shares

    counts = {"a": 400, "b": 300, "c": 200, "d": 150, "e": 50, "f": 5}
    for name, count in counts.items():
        (tmp_path / name).mkdir()
        for number in range(count):
            (tmp_path / name / f"entry-with-a-long-name-{number:04d}.toml").touch()
    folders = [bytes(tmp_path / name) for name in counts]
    shares = _shares(folders, 2)
    assert sorted(sum(shares, [])) == sorted(folders)  # every folder, once
    files = [sum(counts[folder.rsplit(b"/", 1)[1].decode()] for folder in share) for share in shares]
    assert max(files) - min(files) <= 100  # 550 and 555 here; taking turns down the list gave 650 / 455
    assert _shares(folders[:1], 4) == [folders[:1]]  # never an empty share for a find of its own
