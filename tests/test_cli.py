"""The command line, run as a user would: in a subprocess."""

from __future__ import annotations

import json
import stat
from datetime import timedelta
from pathlib import Path

from ritual_tui.clock import iso_week
from ritual_tui.models import ExposureEntry, GratitudeEntry, LetterEntry, StrengthsEntry
from ritual_tui.paths import Locations
from ritual_tui.store import Store
from tests.conftest import DAY, run_cli
from tests.test_store import seed_corrupt

ODD = "emoji 🌱👩‍👩‍👧, RTL שלום مرحبا, quotes \"'\"\"\" ''' , backslash \\ \\n, tab\there, NUL \x00, ESC \x1b[31m"


def seed(locations: Locations) -> list:
    store = Store(locations.data_dir)
    entries = [
        GratitudeEntry(day=DAY, items=["warm soup", ODD]),
        StrengthsEntry(day=DAY - timedelta(days=1), strength="Kindness", where_it_showed="helped a neighbour", use_today="listen"),
        ExposureEntry(day=DAY - timedelta(days=5), step="Ask a question in class", small_step="one question", predicted_discomfort=60, outcome="used-exit"),
        LetterEntry(day=DAY - timedelta(days=3), week=iso_week(DAY - timedelta(days=3)), body="Dear me,\n" + "long line " * 2000 + "\n" + ODD, wins=["asked a question"]),
    ]
    for entry in entries:
        store.save(entry)
    return entries


def test_help_version_and_paths(locations: Locations) -> None:
    assert run_cli("--version").stdout.startswith("ritual ")
    for command in ("list", "show", "export", "import", "doctor", "paths"):
        result = run_cli(command, "--help")
        assert result.returncode == 0 and "usage: ritual" in result.stdout
    paths = run_cli("paths").stdout
    assert str(locations.data_dir) in paths and str(locations.config_dir) in paths


def test_a_named_subcommand_is_built_alone_and_answers_as_from_the_whole_parser() -> None:
    from ritual_tui.cli import COMMANDS, build_parser, command_named

    whole = build_parser()
    listed = [line.split()[0] for line in whole.format_help().splitlines() if line.startswith("    ") and line[4:5].strip()]
    assert listed == list(COMMANDS)  # a new subcommand must be named in COMMANDS too
    for words, named in ((["due", "-q"], "due"), (["--data-dir", "x", "list"], "list"), (["--theme=dark", "show", "ab"], "show"),
                         (["--help"], None), (["lis"], None), ([], None), (["--data-dir"], None)):
        assert command_named(words) == named
    for words in (["list", "--kind", "gratitude", "--search", "tea"], ["due", "--login"], ["sync", "setup", "x"], ["today"]):
        assert vars(build_parser(words[0]).parse_args(words)) == vars(whole.parse_args(words))


def test_wrong_usage_exits_2_with_one_sentence(locations: Locations) -> None:
    result = run_cli("list", "--since", "someday")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "--since wants a date" in result.stderr
    assert run_cli("frobnicate").returncode == 2


def test_list_newest_first_with_filters_and_json(locations: Locations) -> None:
    entries = seed(locations)
    lines = run_cli("list").stdout.splitlines()
    assert [line[:10] for line in lines] == [str(DAY - timedelta(days=back)) for back in (0, 1, 3, 5)]
    assert "\x1b" not in run_cli("list").stdout
    assert len(run_cli("list", "--kind", "exposure").stdout.splitlines()) == 1
    since, until = DAY - timedelta(days=3), DAY - timedelta(days=1)
    assert len(run_cli("list", "--since", str(since), "--until", str(until)).stdout.splitlines()) == 2
    assert "Kindness" in run_cli("list", "--search", "NEIGHBOUR").stdout
    rows = json.loads(run_cli("list", "--json").stdout)
    assert {r["id"] for r in rows} == {e.id for e in entries}
    gratitude = next(r for r in rows if r["kind"] == "gratitude")
    assert gratitude["items"][1] == ODD and gratitude["day"] == str(DAY) and gratitude["path"].endswith(".toml")


def test_show_by_prefix_escapes_control_characters(locations: Locations) -> None:
    entries = seed(locations)
    result = run_cli("show", entries[0].id[:6])
    assert result.returncode == 0 and "warm soup" in result.stdout
    assert "\x1b" not in result.stdout and "\u241b" in result.stdout
    assert run_cli("show", "nosuchid").returncode == 1


def test_export_import_export_is_identical(locations: Locations, tmp_path: Path) -> None:
    seed(locations)
    first = tmp_path / "first.json"
    assert run_cli("export", "--format", "json", "--output", str(first)).returncode == 0
    assert stat.S_IMODE(first.stat().st_mode) == 0o600
    other = {"RITUAL_TUI_DATA_DIR": str(tmp_path / "empty")}
    result = run_cli("import", str(first), env=other)
    assert result.returncode == 0 and "Imported 4, skipped 0, failed 0." in result.stdout
    again = run_cli("import", str(first), env=other)
    assert "Imported 0, skipped 4" in again.stdout
    second = run_cli("export", "--format", "json", env=other).stdout
    assert json.loads(second)["entries"] == json.loads(first.read_text())["entries"]
    assert json.loads(second)["format"] == "ritual-tui"


def test_export_from_the_catalog_is_byte_identical_to_export_from_the_files(locations: Locations) -> None:
    seed(locations)
    assert not locations.catalog_file.exists()
    from_catalog = run_cli("export", "--format", "json").stdout  # builds the catalog, answers from it
    assert locations.catalog_file.exists()
    locations.catalog_file.unlink()
    locations.catalog_file.mkdir()  # no catalog can be had: every file is read instead
    from_files = run_cli("export", "--format", "json").stdout
    assert from_catalog == from_files and len(json.loads(from_catalog)["entries"]) == 4
    assert from_catalog.count("\n") == 4 + 2  # one entry a line


def test_import_reports_each_bad_entry_and_keeps_going(locations: Locations, tmp_path: Path) -> None:
    good = {"kind": "gratitude", "day": "2026-11-25", "items": ["ok"], "id": "goodgood01"}
    doc = {"format": "ritual-tui", "version": 1, "entries": [
        {"kind": "gratitude", "day": "not a day", "items": ["secret words"]},
        good,
        {"kind": "letter", "day": "2026-11-25", "week": "2026-W48", "body": "broken \ud800 pair", "id": "surrogat01"},
    ]}
    source = tmp_path / "in.json"
    source.write_text(json.dumps(doc))
    result = run_cli("import", str(source))
    assert result.returncode == 1
    assert "Imported 2, skipped 0, failed 1." in result.stdout
    assert "day" in result.stderr and "secret words" not in result.stderr + result.stdout
    assert "replaced" in result.stdout
    bad = tmp_path / "bad.json"
    bad.write_text("{nope")
    result = run_cli("import", str(bad))
    assert result.returncode == 1 and "not valid JSON" in result.stderr


def test_markdown_export_reads_as_a_document(locations: Locations) -> None:
    seed(locations)
    text = run_cli("export", "--format", "markdown").stdout
    assert text.startswith("# My rituals")
    year, week, _ = (DAY - timedelta(days=3)).isocalendar()
    assert f"## Week {week}, {year}" in text and "| Step | Predicted |" in text
    assert "used the exit (a brave attempt)" in text and "Dear me," in text


def test_doctor_names_every_bad_file_and_list_still_works(locations: Locations) -> None:
    entries = seed(locations)
    store = Store(locations.data_dir)
    written = seed_corrupt(store)
    before = {p: p.read_bytes() for p in written}
    result = run_cli("doctor")
    assert result.returncode == 1
    for path in written:
        assert str(path) in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    listed = run_cli("list")
    assert listed.returncode == 0 and len(listed.stdout.splitlines()) == len(entries)
    assert "ritual doctor" in listed.stderr
    assert {p: p.read_bytes() for p in written} == before


def test_doctor_flags_loose_modes_and_passes_a_clean_folder(locations: Locations) -> None:
    seed(locations)
    assert run_cli("doctor").returncode == 0
    locations.data_dir.chmod(0o755)
    result = run_cli("doctor")
    assert result.returncode == 1 and "readable by others" in result.stdout


def test_commands_without_a_screen_never_import_textual(locations: Locations) -> None:
    seed(locations)
    code = (
        "import sys; from ritual_tui.cli import main; "
        "[main(a) for a in (['list'], ['export'], ['doctor'], ['paths'])]; "
        "sys.exit(1 if any(m.startswith('textual') for m in sys.modules) else 0)"
    )
    import subprocess
    import sys
    assert subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0


def test_login_time_commands_import_neither_pydantic_nor_dataclasses(locations: Locations) -> None:
    """`due`, `list --search` and `insights` run at login and from scripts: every import counts
    (building the catalog reads files with the models; here it is built already)."""
    seed(locations)
    assert run_cli("list").returncode == 0
    import subprocess
    import sys

    for args in (["due"], ["list", "--search", "tea"], ["insights"], ["export"]):
        code = (f"import sys; from ritual_tui.cli import main; main({args!r}); "
                "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'dataclasses', 'textual')))")
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert result.stdout.strip().splitlines()[-1] == "[]", args


def test_unexpected_errors_never_print_a_traceback_or_text(locations: Locations) -> None:
    result = run_cli("list", env={"RITUAL_TUI_DATA_DIR": "/proc/self/nonexistent/\x01"})
    assert "Traceback" not in result.stderr


def test_list_from_the_catalog_matches_a_full_scan(locations: Locations) -> None:
    seed(locations)
    first = run_cli("list", "--search", "a")
    assert locations.catalog_file.exists()
    cases = ([], ["--search", "neighbour"], ["--search", "NEIGH hel"], ["--search", "émoji"], ["--kind", "letter"],
             ["--since", str(DAY - timedelta(days=4))], ["--search", "ESC"], ["--search", "a"])
    quick = [run_cli("list", *args) for args in cases]
    locations.catalog_file.unlink()
    locations.catalog_file.mkdir()  # no catalog can be had: every file is read instead
    for args, fast in zip(cases, quick):
        slow = run_cli("list", *args)
        assert fast.stdout == slow.stdout and fast.returncode == slow.returncode == 0, args
    assert first.returncode == 0 and quick[1].stdout and quick[2].stdout and quick[3].stdout


def test_due_lists_what_is_due_and_exits_1_when_nothing_is(locations: Locations) -> None:
    from datetime import timedelta

    from ritual_tui.clock import now, ritual_day

    today = ritual_day(now())
    result = run_cli("due")
    assert result.returncode == 0 and "Morning strengths" in result.stdout and "Gratitude" in result.stdout
    store = Store(locations.data_dir)
    store.save(GratitudeEntry(day=today, items=["x"]))
    store.save(StrengthsEntry(day=today, strength="Hope"))
    store.save(LetterEntry(day=today, week=iso_week(today), body="hi"))
    store.save(ExposureEntry(day=today - timedelta(days=30), step="x", small_step="old plan"))
    quiet = run_cli("due", "-q")
    assert quiet.returncode == 1 and quiet.stdout == "" and quiet.stderr == ""
    told = run_cli("due")
    assert told.returncode == 1 and told.stdout == "" and told.stderr == "Nothing is due today.\n"
    store.save(ExposureEntry(day=today - timedelta(days=2), step="x", small_step="new plan"))
    result = run_cli("due")
    assert result.returncode == 0 and result.stdout == "Exposure reflection: 1 plan waiting\n"


def test_config_path_show_and_edit_checks_the_file(locations: Locations, tmp_path: Path) -> None:
    assert run_cli("config", "path").stdout.strip() == str(locations.config_file)
    shown = run_cli("config", "show")
    assert shown.returncode == 0 and "day_start_hour = 4" in shown.stdout
    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\necho "mystery = 1" >> "$1"\n')
    editor.chmod(0o755)
    result = run_cli("config", "edit", env={"VISUAL": str(editor)})
    assert result.returncode == 1 and "unknown setting" in result.stderr and "mystery" in result.stderr
    editor.write_text('#!/bin/sh\necho "gratitude_items = 5" > "$1"\n')
    result = run_cli("config", "edit", env={"VISUAL": str(editor)})
    assert result.returncode == 0 and "is valid" in result.stdout
    assert "gratitude_items = 5" in run_cli("config", "show").stdout
    assert stat.S_IMODE(locations.config_file.stat().st_mode) == 0o600


def test_a_closed_standard_output_is_one_clear_line(locations: Locations) -> None:
    """`ritual list >&-`: no traceback and no crash line, a sentence and exit 1 (as `ls` does)."""
    import os
    import subprocess
    import sys

    done = subprocess.run(["sh", "-c", f"'{sys.executable}' -m ritual_tui list >&-"], capture_output=True, text=True,
                          env=os.environ, timeout=60)
    assert done.returncode == 1
    assert done.stderr == "ritual: cannot write: the standard output is closed.\n"
