"""No silent gaps, no wrong answers: one writer however the folder is named, nothing left out
without a word, the catalog never believed over the files, and the user's folders left as they are
(RELIABILITY.md rules 13, 14, 15)."""

from __future__ import annotations

import json
import os
import sqlite3
import signal
import stat
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

import pytest

from ritual_tui.models import GratitudeEntry, LetterEntry
from ritual_tui.paths import Locations, resolve_locations
from ritual_tui.store import AlreadyOpenError, Store, WriterLock
from ritual_tui.store.walk import stat_key
from tests.conftest import DAY, run_cli

EMPTY_EXPORT = '{"format": "ritual-tui", "version": 1, "entries": []}'

HOLDER = textwrap.dedent(
    """
    import sys
    from ritual_tui.paths import resolve_locations
    from ritual_tui.store import WriterLock
    lock = WriterLock.for_data_folder(resolve_locations(sys.argv[1])).acquire()  # as `ritual` does at launch
    print("ready", flush=True)
    sys.stdin.read()
    """
)


def cli(*args: str, drop: tuple[str, ...] = (), stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """`run_cli`, with some variables left out of the environment."""
    env = {key: value for key, value in os.environ.items() if key not in drop}
    return subprocess.run([sys.executable, "-m", "ritual_tui", *args], capture_output=True, text=True,
                          input=stdin, env=env, timeout=60)


def seed(locations: Locations) -> list[GratitudeEntry]:
    store = Store(locations.data_dir)
    entries = [GratitudeEntry(day=DAY - timedelta(days=back), items=[f"thing {back}"]) for back in (0, 1, 400)]
    for entry in entries:
        store.save(entry)
    return entries


# --- One writer, whatever the path -------------------------------------------------------------


def _other_way(how: str, data: Path, tmp_path: Path) -> tuple[str, tuple[str, ...]]:
    """Another way to name `data`, and the environment variables that way goes without."""
    if how == "symlink":
        link = tmp_path / "link-to-data"
        link.symlink_to(data, target_is_directory=True)
        return str(link), ()
    if how == "dotdot":
        (tmp_path / "elsewhere").mkdir()
        return f"{tmp_path}/elsewhere/../{data.name}", ()
    if how == "no-runtime-dir":
        return str(data), ("XDG_RUNTIME_DIR",)
    link = tmp_path / "link-to-data"
    link.symlink_to(data, target_is_directory=True)
    return f"{link}/../{link.name}", ("XDG_RUNTIME_DIR",)


@pytest.mark.parametrize("how", ["symlink", "dotdot", "no-runtime-dir", "symlink-dotdot-no-runtime-dir"])
@pytest.mark.parametrize("first_creates_the_folder", [False, True])
def test_a_second_writer_is_refused_however_the_folder_is_named(
    locations: Locations, tmp_path: Path, how: str, first_creates_the_folder: bool
) -> None:
    data = locations.data_dir
    if not first_creates_the_folder:
        data.mkdir(mode=0o700)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(data)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        path, drop = _other_way(how, data, tmp_path)
        second = cli("--data-dir", path, "import", "-", drop=drop, stdin=EMPTY_EXPORT)
        assert second.returncode == 1 and "already open for this data folder" in second.stderr
        assert f"process {holder.pid}" in second.stderr and "Traceback" not in second.stderr
        with pytest.MonkeyPatch.context() as patch:
            for key in drop:
                patch.delenv(key)
            with pytest.raises(AlreadyOpenError):
                WriterLock.for_data_folder(resolve_locations(path)).acquire()
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    assert cli("--data-dir", path, "import", "-", drop=drop, stdin=EMPTY_EXPORT).returncode == 0  # freed by kill -9


def test_every_name_of_the_folder_shares_its_cache_login_state_and_locks(locations: Locations, tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    data = locations.data_dir
    data.mkdir()
    link = tmp_path / "link"
    link.symlink_to(data)
    names = [resolve_locations(p) for p in (data, link, f"{link}/../{data.name}", f"{data}/./")]
    for other in names[1:]:
        assert other.cache_dir == names[0].cache_dir and other.login_state_file == names[0].login_state_file
        assert other.lock_files == names[0].lock_files
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    without_runtime = resolve_locations(link)
    assert set(without_runtime.lock_files) < set(names[0].lock_files)  # the state folder's locks are shared
    for lock_file in names[0].lock_files:
        assert data not in lock_file.parents and not str(lock_file).startswith("/tmp/ritual")


# --- Nothing left out without a word ----------------------------------------------------------


@pytest.fixture
def in_process_cli(capsys: pytest.CaptureFixture[str]):
    """Run `ritual ARGS` in this process (so a test can patch the file system); (code, stdout, stderr)."""
    from ritual_tui.cli import main

    umask = os.umask(0o077)
    os.umask(umask)

    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    yield run
    os.umask(umask)


def test_a_year_folder_that_cannot_be_listed_is_reported(locations: Locations, in_process_cli,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    entries = seed(locations)
    hidden = locations.entries_dir / "gratitude" / f"{DAY - timedelta(days=400):%Y}"
    assert in_process_cli("export")[0] == 0  # the index now knows every file
    real_scandir = os.scandir

    def scandir(path=".", *rest):  # root ignores chmod: the folder refuses to be listed this way
        if os.fspath(path) == str(hidden):
            raise PermissionError(13, "Permission denied", str(hidden))
        return real_scandir(path, *rest)

    monkeypatch.setattr(os, "scandir", scandir)
    code, out, _ = in_process_cli("doctor")
    assert code == 1 and f"problem: {hidden}: folder cannot be read (Permission denied)" in out
    code, out, err = in_process_cli("list")
    assert code == 0 and len(out.splitlines()) == 2
    assert err.count("\n") == 1 and "1 file(s) need a look" in err
    code, out, err = in_process_cli("export")
    exported = json.loads(out)["entries"]
    assert code == 1 and sorted(e["id"] for e in exported) == sorted(e.id for e in entries[:2])
    assert "the export leaves out 1 file(s) or folder(s)" in err
    code, _, err = in_process_cli("export", "--format", "markdown")
    assert code == 1 and "leaves out" in err
    monkeypatch.undo()
    assert in_process_cli("export")[0] == 0 and in_process_cli("doctor")[0] == 0


def test_links_inside_the_data_folder_are_read_and_others_are_reported(locations: Locations, tmp_path: Path) -> None:
    entries = seed(locations)
    year = locations.entries_dir / "gratitude" / f"{DAY:%Y}"
    kept = locations.data_dir / "annex" / "kept.toml"  # as git-annex keeps files: inside the data folder
    kept.parent.mkdir(mode=0o700)
    inside = GratitudeEntry(day=DAY, items=["read through a link"])
    written = Store(tmp_path / "elsewhere").save(inside).path
    os.replace(written, kept)
    (year / f"{DAY}-{inside.id}.toml").symlink_to(kept)
    outside = GratitudeEntry(day=DAY, items=["private words kept outside"])
    outside_file = Store(tmp_path / "outside").save(outside).path
    (year / f"{DAY}-{outside.id}.toml").symlink_to(outside_file)
    (year / "gone.toml").symlink_to(kept.parent / "moved-away.toml")
    old_year = locations.entries_dir / "letter" / f"{DAY - timedelta(days=800):%Y}"
    old_year.parent.mkdir(mode=0o700)
    old_year.symlink_to(locations.data_dir / "archive", target_is_directory=True)  # a dangling year folder
    folder_link = locations.entries_dir / "letter" / f"{DAY - timedelta(days=1200):%Y}"
    folder_link.symlink_to(year, target_is_directory=True)

    doctor = run_cli("doctor")
    assert doctor.returncode == 1
    for path, reason in (
        (year / f"{DAY}-{outside.id}.toml", "is a link to a place outside the data folder; not read"),
        (year / "gone.toml", "is a link that leads nowhere (No such file or directory)"),
        (old_year, "is a link that leads nowhere (No such file or directory)"),
        (folder_link, "is a link to a folder; ritual does not follow folder links"),
    ):
        assert f"problem: {path}: {reason}" in doctor.stdout
    assert f"{len(entries) + 1} entries read fine; 4 problem(s)" in doctor.stdout
    for _ in range(2):  # without, then with, the index
        listed = run_cli("list")
        assert listed.returncode == 0 and inside.id in listed.stdout and outside.id not in listed.stdout
        assert "4 file(s) need a look" in listed.stderr
        exported = run_cli("export")
        assert exported.returncode == 1 and "leaves out 4" in exported.stderr
        assert inside.id in exported.stdout and "private words" not in exported.stdout
        assert json.loads(exported.stdout)["entries"]
    shown = run_cli("show", inside.id)
    assert shown.returncode == 0 and "read through a link" in shown.stdout
    assert run_cli("show", outside.id).returncode == 1


def test_links_are_judged_by_where_they_lead_even_when_entries_itself_is_a_link(locations: Locations,
                                                                               tmp_path: Path) -> None:
    disk = tmp_path / "other-disk" / "entries"
    disk.mkdir(parents=True, mode=0o700)
    locations.data_dir.mkdir(mode=0o700)
    locations.entries_dir.symlink_to(disk, target_is_directory=True)
    entry = GratitudeEntry(day=DAY, items=["kept on another disk"])
    written = Store(tmp_path / "scratch").save(entry).path
    kept = disk / "kept" / "entry.txt"  # not an entry name: only the link to it is read
    kept.parent.mkdir(mode=0o700)
    os.replace(written, kept)
    year = disk / "gratitude" / f"{DAY:%Y}"
    year.mkdir(parents=True, mode=0o700)
    (year / f"{DAY}-{entry.id}.toml").symlink_to(kept)
    doctor = run_cli("doctor")
    assert doctor.returncode == 0 and "1 entry read fine; 0 problem(s)" in doctor.stdout
    assert entry.id in run_cli("list").stdout


# --- The index never hides the truth ----------------------------------------------------------


def _edit_in_place(path: Path, old: bytes, new: bytes) -> None:
    """Rewrite a file the way some editors do: same inode, same size, the mtime put back (`touch -r`)."""
    assert len(old) == len(new)
    before = path.stat()
    data = path.read_bytes()
    assert data.count(old) == 1
    with path.open("r+b") as handle:
        handle.write(data.replace(old, new))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_ino, after.st_size, after.st_mtime_ns) == (before.st_ino, before.st_size, before.st_mtime_ns)


def test_an_in_place_edit_with_the_mtime_put_back_is_seen_everywhere(locations: Locations) -> None:
    entry = GratitudeEntry(day=DAY - timedelta(days=2), items=["quiet morning tea"])
    path = Store(locations.data_dir).save(entry).path
    Store(locations.data_dir).save(LetterEntry(day=DAY - timedelta(days=3), week="2026-W01", body="Dear me"))
    assert run_cli("list").returncode == 0 and locations.catalog_file.exists()  # catalogued
    assert "tea" in run_cli("show", entry.id).stdout
    _edit_in_place(path, b"quiet morning tea", b"quiet morning sun")
    assert "quiet morning sun" in run_cli("show", entry.id).stdout
    assert "quiet morning sun" in run_cli("list").stdout
    assert entry.id in run_cli("list", "--search", "sun").stdout
    assert run_cli("list", "--search", "tea").stdout == ""
    assert json.loads(run_cli("list", "--json").stdout)[0]["items"] == ["quiet morning sun"]
    exported = {e["id"]: e for e in json.loads(run_cli("export").stdout)["entries"]}
    assert exported[entry.id]["items"] == ["quiet morning sun"]
    assert "quiet morning sun" in run_cli("export", "--format", "markdown").stdout
    [stored] = [s for s in Store(locations.data_dir).scan().entries if s.entry.id == entry.id]
    assert stored.entry.items == ["quiet morning sun"]


def test_doctor_reads_the_files_even_when_the_catalog_vouches_for_them(locations: Locations) -> None:
    entry = GratitudeEntry(day=DAY, items=["steady"])
    path = Store(locations.data_dir).save(entry).path
    assert run_cli("list").returncode == 0
    _edit_in_place(path, b'"steady"', b'"steady ')  # not TOML any more
    with sqlite3.connect(locations.catalog_file) as db:  # the catalog now says the broken file is the one it knew
        db.execute("UPDATE files SET mtime = ?, ctime = ?, size = ?, inode = ?, device = ?", stat_key(path.stat()))
    doctor = run_cli("doctor")
    assert doctor.returncode == 1 and f"problem: {path}:" in doctor.stdout and "not valid TOML" in doctor.stdout
    assert "0 entries read fine" in doctor.stdout


@pytest.mark.parametrize("damage", ["truncated", "zeroed pages", "a document changed", "not a database"])
def test_a_damaged_catalog_never_makes_an_invalid_export(locations: Locations, damage: str) -> None:
    entries = seed(locations)
    first = run_cli("export")
    assert first.returncode == 0 and len(json.loads(first.stdout)["entries"]) == 3
    file = locations.catalog_file
    blob = file.read_bytes()
    if damage == "truncated":
        file.write_bytes(blob[: len(blob) // 2])
    elif damage == "zeroed pages":
        file.write_bytes(blob[:4096] + b"\x00" * (len(blob) - 8192) + blob[-4096:])
    elif damage == "a document changed":  # same size, still valid SQLite: only the document's checksum tells
        with sqlite3.connect(file) as db:
            db.execute("UPDATE files SET doc = replace(doc, 'thing', 'THING')")
    else:
        file.write_bytes(b"garbage" * 100)
    again = run_cli("export")
    assert again.returncode == 0 and again.stdout == first.stdout
    assert sorted(e["id"] for e in json.loads(again.stdout)["entries"]) == sorted(e.id for e in entries)
    markdown = run_cli("export", "--format", "markdown")
    assert markdown.returncode == 0 and "thing 1" in markdown.stdout
    listed = run_cli("list")
    assert listed.returncode == 0 and len(listed.stdout.splitlines()) == 3
    assert run_cli("export").stdout == first.stdout


# --- The user's folders and files keep their modes --------------------------------------------


@pytest.mark.parametrize("mode", [0o755, 0o1777, 0o750])
def test_export_into_an_existing_folder_keeps_its_mode(locations: Locations, tmp_path: Path, mode: int) -> None:
    seed(locations)
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(mode)
    result = run_cli("export", "-o", str(shared / "backup.json"))
    assert result.returncode == 0 and "Exported 3 entries" in result.stderr
    assert stat.S_IMODE(shared.stat().st_mode) == mode
    assert stat.S_IMODE((shared / "backup.json").stat().st_mode) == 0o600
    assert len(json.loads((shared / "backup.json").read_text())["entries"]) == 3
    nested = shared / "new" / "deeper" / "backup.md"
    assert run_cli("export", "--format", "markdown", "-o", str(nested)).returncode == 0
    assert stat.S_IMODE(shared.stat().st_mode) == mode  # only the folders ritual made are 0700
    assert [stat.S_IMODE(p.stat().st_mode) for p in (shared / "new", nested.parent, nested)] == [0o700, 0o700, 0o600]


@pytest.mark.parametrize("how", ["option", "option-after-command", "environment"])
def test_a_file_given_as_the_data_folder_is_refused_and_left_alone(tmp_path: Path, how: str) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my own notes\n")
    notes.chmod(0o644)
    for command in ([], ["list"], ["import", "-"], ["doctor"], ["export", "-o", str(tmp_path / "x.json")]):
        if how == "option":
            result = run_cli("--data-dir", str(notes), *command, stdin=EMPTY_EXPORT)
        elif how == "option-after-command":
            result = run_cli(*(command or ["today"]), "--data-dir", str(notes), stdin=EMPTY_EXPORT)
        else:
            result = run_cli(*command, stdin=EMPTY_EXPORT, env={"RITUAL_TUI_DATA_DIR": str(notes)})
        assert result.returncode == 2, command
        assert result.stderr.count("\n") == 1 and f"{notes} is a file, not a folder" in result.stderr
        assert stat.S_IMODE(notes.stat().st_mode) == 0o644 and notes.read_text() == "my own notes\n"
    assert not (tmp_path / "x.json").exists()
