"""Session 12's attack on the command line, the entry files and the catalog: what it found, held."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

from conftest import DAY, FROZEN, entry_files, read_toml, run_cli

from ritual_tui.exchange import export_json
from ritual_tui.models import ExposureEntry, GratitudeEntry, HeldEntry, LadderStep, NoteEntry
from ritual_tui.paths import Locations
from ritual_tui.store import Store


def test_due_counts_no_ritual_done_for_a_broken_or_misdated_file_named_today(locations: Locations) -> None:
    """A file named for today that is empty (an interrupted copy) or whose `day` was edited to
    yesterday is no ritual done, as Today reads it: `ritual due` said "Nothing is due today."
    (exit 1) and the login greeting stayed away, while every ritual was still due."""
    yesterday = DAY - timedelta(days=1)
    saved = Store(locations.data_dir).save(GratitudeEntry(day=yesterday, items=["the walk home"])).path
    folder = locations.entries_dir / "gratitude" / f"{DAY.year}"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{DAY.isoformat()}-{saved.stem[11:]}.toml").write_bytes(saved.read_bytes())  # renamed by hand
    strengths = locations.entries_dir / "strengths" / f"{DAY.year}"
    strengths.mkdir(parents=True, exist_ok=True)
    (strengths / f"{DAY.isoformat()}-k3v9qw2m7x.toml").write_bytes(b"")
    (locations.config_dir / "config.toml").parent.mkdir(parents=True, exist_ok=True)
    (locations.config_dir / "config.toml").write_text('rituals = ["strengths", "gratitude"]\n', encoding="utf-8")
    due = run_cli("due")
    assert due.returncode == 0, due.stderr
    assert due.stdout.splitlines() == ["Morning strengths", "Gratitude"]
    assert run_cli("due", "--login").returncode == 0


def test_a_day_one_first_line_that_is_no_heading_keeps_its_hash(locations: Locations, tmp_path: Path) -> None:
    """Only a Markdown heading's `#`s leave a Day One title: "#hashtag" or "#1 thing" is no
    heading, yet the import dropped its `#` ("hashtag day at the lake"), a character lost."""
    moment = "2024-03-01T08:30:00Z"
    texts = {"A1": "#hashtag day at the lake\nswam", "A2": "## A heading\nbody", "A3": "#1 thing today\nrest"}
    export = tmp_path / "Journal.json"
    export.write_text(json.dumps({"metadata": {}, "entries": [
        {"uuid": uuid, "creationDate": moment, "text": text} for uuid, text in texts.items()]}), encoding="utf-8")
    done = run_cli("import", "--from", "dayone", str(export))
    assert done.returncode == 0, done.stderr
    titles = sorted(read_toml(path)["title"] for path in entry_files(locations, "note"))
    assert titles == ["#1 thing today", "#hashtag day at the lake", "A heading"]


def test_an_import_beside_a_file_it_cannot_read_says_where_the_entry_went(locations: Locations, tmp_path: Path) -> None:
    """An entry whose place holds a file ritual cannot read (a hand edit left a quote open) is
    saved beside it as a conflict copy, the broken file untouched. The import said only
    "Imported 1": `ritual list` then did not show the entry, and nothing said where it was."""
    entry = NoteEntry(day=DAY - timedelta(days=2), title="from the backup", body="old words")
    export = tmp_path / "export.json"
    export.write_text(export_json([entry]), encoding="utf-8")
    folder = locations.entries_dir / "note" / f"{entry.day.year}"
    folder.mkdir(parents=True)
    broken = folder / f"{entry.day.isoformat()}-{entry.id}.toml"
    broken.write_bytes(b'schema = 1\nid = "' + entry.id.encode() + b'"\ntitle = "unfinished')
    before = broken.read_bytes()
    done = run_cli("import", str(export))
    assert done.returncode == 0 and "Imported 1," in done.stdout
    (copy,) = [path for path in folder.iterdir() if path != broken]
    assert broken.read_bytes() == before and read_toml(copy)["body"] == "old words"
    assert f"its place holds another file, {broken}; saved beside it as {copy.name}" in done.stdout


def test_a_held_moment_file_without_its_moment_is_one_problem_not_a_crash(locations: Locations) -> None:
    """A `held` file with no `moment` line read as an entry (the blank default was never checked),
    but the same entry read back from the catalog's document failed its model: `list --json`,
    `show` and the Markdown export ended in "an unexpected error (ValidationError ...)"."""
    saved = Store(locations.data_dir).save(HeldEntry(day=DAY - timedelta(days=1), moment="said no", feeling_after="calm")).path
    text = saved.read_text(encoding="utf-8")
    saved.write_text("\n".join(line for line in text.splitlines() if not line.startswith("moment")) + "\n", encoding="utf-8")
    Store(locations.data_dir).save(NoteEntry(day=DAY, title="still listed", body="words"))
    for args in (("list", "--json"), ("show", saved.stem[11:]), ("export", "--format", "markdown"), ("list",)):
        done = run_cli(*args)
        assert "unexpected" not in done.stderr and "Traceback" not in done.stderr, args
        assert "1 file(s) need a look" in done.stderr or "leaves out 1" in done.stderr, args
    assert "still listed" in run_cli("list", "--json").stdout
    doctor = run_cli("doctor")
    assert f"{saved}:" in doctor.stdout and "moment: say in a few words what happened" in doctor.stdout


def test_tags_with_a_mark_and_a_space_are_cleaned_once_and_the_note_is_saved(locations: Locations, tmp_path: Path) -> None:
    """A Day One tag "# trip" (or "@ home") was cleaned to " trip", which cleaned again to "trip":
    the written file did not read back identically, so the import failed the whole entry ("The
    written form of the entry did not read back identically"), and such a note could never be saved."""
    export = tmp_path / "Journal.json"
    export.write_text(json.dumps({"metadata": {}, "entries": [{"uuid": "T1", "creationDate": "2024-03-01T08:30:00Z",
        "text": "a day\nat the lake", "tags": ["# trip", "@ #home", "trip"]}]}), encoding="utf-8")
    done = run_cli("import", "--from", "dayone", str(export))
    assert done.returncode == 0 and "Imported 1," in done.stdout, done.stderr
    (note,) = entry_files(locations, "note")
    assert read_toml(note)["tags"] == ["trip", "home"]


def test_due_sees_a_plan_written_weeks_before_its_day(locations: Locations) -> None:
    """A plan made three weeks ahead ("the party on the 12th") sits in a file older than the few
    weeks `ritual due` reads by name: on its day Today said "Exposure reflection: 1 to reflect
    on", while `ritual due` said nothing (exit 1) and the login greeting stayed away; before its
    day the "planned for" line was missing too. The catalog names such plans; their files decide."""
    (locations.config_dir / "config.toml").parent.mkdir(parents=True, exist_ok=True)
    (locations.config_dir / "config.toml").write_text('rituals = ["exposure"]\n', encoding="utf-8")
    store = Store(locations.data_dir)
    ahead = DAY + timedelta(days=3)
    store.save(ExposureEntry(day=DAY - timedelta(days=20), step="Go to the party", small_step="stay an hour", planned_for=ahead))
    assert run_cli("list").returncode == 0  # any command (or the app) keeps the catalog
    planned = run_cli("due")
    assert planned.stdout.splitlines() == [f"Exposure practice: planned for {ahead:%A}"] and planned.returncode == 1
    plan = ExposureEntry(day=DAY - timedelta(days=21), step="Call Mara", small_step="ask about Sunday", planned_for=DAY)
    store.save(plan)
    assert run_cli("list").returncode == 0
    due = run_cli("due")
    assert due.stdout.splitlines() == ["Exposure reflection: 1 plan waiting"] and due.returncode == 0
    assert run_cli("due", "--login").returncode == 0
    store.save(plan.model_copy(update={"outcome": "done", "discomfort_peak": 30}))  # reflected since: its file decides
    assert run_cli("due").returncode == 1


def test_insights_list_steps_alike_in_one_order_from_the_catalog_and_the_files(locations: Locations) -> None:
    """Steps with one position, difficulty and name (hand-written, or copied) came in the
    catalog's row order from the catalog and in the files' order without it: two runs of
    `ritual insights --json` over the same files disagreed. The id settles it both ways."""
    moment = datetime.combine(DAY - timedelta(days=3), datetime.min.time()).astimezone()
    store = Store(locations.data_dir)
    for step_id in ("b000000001", "c000000001", "a000000001"):
        store.save(LadderStep(id=step_id, day=moment.date(), created=moment, updated=moment, name="n", position=1.0))
    from_catalog = run_cli("insights", "--json")
    locations.catalog_file.unlink()
    locations.catalog_file.mkdir()  # no catalog can be had: every file is read
    from_files = run_cli("insights", "--json")
    assert from_catalog.returncode == from_files.returncode == 0
    steps = [step["step_id"] for step in json.loads(from_catalog.stdout)["exposure"]["steps"]]
    assert steps == ["a000000001", "b000000001", "c000000001"]
    assert from_catalog.stdout == from_files.stdout


def test_show_of_an_entry_whose_file_cannot_be_read_names_the_file_and_why(locations: Locations) -> None:
    """`ritual show ID` of an entry whose file a hand edit broke said "no entry has an id starting
    with ...", as if it had never been written; now it names the file, its line and the reason."""
    saved = Store(locations.data_dir).save(NoteEntry(day=DAY - timedelta(days=1), title="kept", body="words")).path
    saved.write_text(saved.read_text(encoding="utf-8").replace('title = "kept"', 'title = "kept'), encoding="utf-8")
    entry_id = saved.stem[11:]
    shown = run_cli("show", entry_id[:5])
    assert shown.returncode == 1 and "no entry" not in shown.stderr
    assert f"ritual: the file of entry '{entry_id[:5]}' cannot be read: {saved}:" in shown.stderr
    assert "is not valid TOML" in shown.stderr and "kept" not in shown.stderr
    assert "no entry has an id starting with 'zz9'" in run_cli("show", "zz9").stderr


def test_a_newer_ritual_s_entry_this_one_cannot_read_says_so(locations: Locations) -> None:
    """A file of a newer schema in a form this version cannot read (a new kind, a field that became
    a table) was reported as "is not a valid entry", as if damaged; now the reason says a newer
    ritual wrote it. The file is left as it is."""
    folder = locations.entries_dir / "gratitude" / f"{DAY.year}"
    folder.mkdir(parents=True)
    newer = folder / f"{DAY.isoformat()}-newgrat001.toml"
    newer.write_text(f'schema = 2\nid = "newgrat001"\nkind = "gratitude"\nday = {DAY.isoformat()}\n'
                     'created = 2026-11-24 07:42:00+01:00\nupdated = 2026-11-24 07:42:00+01:00\n'
                     '[[items]]\ntext = "tea"\nwho = "Mara"\n', encoding="utf-8")
    before = newer.read_bytes()
    doctor = run_cli("doctor")
    assert doctor.returncode == 1
    assert "items #1: must be text (written by a newer ritual, schema 2: update ritual to read it)" in doctor.stdout
    assert newer.read_bytes() == before


def test_an_empty_data_folder_file_or_id_is_a_usage_error(locations: Locations, tmp_path: Path) -> None:
    """`ritual --data-dir "$UNSET" import x.json` used the default data folder in the empty one's
    place (a test's import landed in the real journal); `import ""` said "cannot read  (Is a
    directory)" and `show ""` "3 entries have ids starting with ''". Each is now one line, exit 2."""
    Store(locations.data_dir).save(NoteEntry(day=DAY, title="mine", body="words"))
    export = tmp_path / "export.json"
    export.write_text(export_json([NoteEntry(day=DAY, title="a test's", body="not mine")]), encoding="utf-8")
    for args in (("--data-dir", "", "import", str(export)), ("import", "--data-dir", "", str(export)), ("--data-dir=", "list")):
        done = run_cli(*args)
        assert (done.returncode, done.stdout) == (2, ""), args
        assert done.stderr == "ritual: --data-dir is empty; give the folder that holds (or will hold) your entries.\n"
    assert len(entry_files(locations, "note")) == 1
    assert run_cli("import", "").stderr == "ritual: import wants a file ('-' for the standard input).\n"
    shown = run_cli("show", " ")
    assert shown.returncode == 2 and shown.stderr.endswith("ritual: show wants an entry's id (or the start of one); `ritual list` shows them.\n")


def test_an_unknown_field_holding_a_crlf_never_stops_an_entry_being_saved(locations: Locations, tmp_path: Path) -> None:
    """A field ritual does not know (another tool's, a hand edit's `"...\\r\\n..."`) holding a CR
    could not be written back (the TOML writer drops CRs in multi-line strings): the import failed
    the entry ("did not read back identically"), and in the app such an entry could not be saved.
    Its CRLF becomes LF, as in every text."""
    entry = NoteEntry(day=DAY - timedelta(days=1), title="t", body="my words")
    document = {**entry.to_document(), "from_other_tool": "line one\r\nline two", "meta": {"lines": ["a\rb"]}}
    export = tmp_path / "export.json"
    export.write_text(json.dumps({"format": "ritual-tui", "version": 1, "entries": [document]}, default=str), encoding="utf-8")
    done = run_cli("import", str(export))
    assert done.returncode == 0 and "Imported 1," in done.stdout, done.stderr
    (saved,) = entry_files(locations, "note")
    written = read_toml(saved)
    assert written["body"] == "my words" and written["from_other_tool"] == "line one\nline two"
    assert written["meta"] == {"lines": ["a\nb"]}
    by_hand = saved.read_text(encoding="utf-8").replace("\nkind = ", '\nmood = "tired\\r\\nthen better"\nkind = ', 1)
    saved.write_text(by_hand, encoding="utf-8")
    store = Store(locations.data_dir)
    stored = store.scan().entries[0]
    assert store.save(stored.entry.model_copy(update={"body": "my words, and more"})).conflict_with is None
    assert read_toml(saved)["mood"] == "tired\nthen better" and read_toml(saved)["body"] == "my words, and more"


def test_a_reflection_written_after_midnight_counts_for_the_ritual_day_it_belongs_to(locations: Locations) -> None:
    """Reflecting at 01:30 counts for the ritual day still running (it starts at 04:00), as an
    entry's own day does: Today said exposure was "open" right after that reflection, and "done"
    all the next day, when nothing had been done yet (the time's calendar date was compared)."""
    from ritual_tui.journal import Journal

    night = datetime.combine(DAY + timedelta(days=1), datetime.min.time(), FROZEN.tzinfo) + timedelta(hours=1, minutes=30)
    next_morning = night + timedelta(hours=8)
    store = Store(locations.data_dir)
    plan = ExposureEntry(day=DAY - timedelta(days=3), step="Call Mara", small_step="ask about Sunday")
    store.save(plan.model_copy(update={"outcome": "done", "discomfort_peak": 30, "reflected": night, "updated": night}))

    def exposure_state(moment: datetime) -> str:
        journal = Journal(Store(locations.data_dir), clock=lambda: moment)
        journal.load()
        return next(state.state for state in journal.states() if state.kind == "exposure")

    assert exposure_state(night) == "done"
    assert exposure_state(next_morning) == "open"


def test_an_export_that_cannot_be_written_names_the_file_asked_for(locations: Locations, tmp_path: Path) -> None:
    """`export --output` into a folder that takes no new file said "No such file or directory:
    /proc/.version.c00440fc.tmp": the temp file beside the target, a name the user never gave."""
    Store(locations.data_dir).save(NoteEntry(day=DAY, title="t", body="words"))
    done = run_cli("export", "--format", "markdown", "--output", "/proc/version")
    assert done.returncode == 1 and ".tmp" not in done.stderr
    assert done.stderr == "ritual: cannot write the export to /proc/version (No such file or directory).\n"
    folder = run_cli("export", "--output", str(tmp_path))
    assert folder.stderr == f"ritual: cannot write the export to {tmp_path} (Is a folder, not a file).\n"


def test_an_import_leaves_out_nulls_inside_fields_and_keeps_the_entry(locations: Locations, tmp_path: Path) -> None:
    """A null inside a field's list or table (another tool's JSON) cannot be written as TOML: the
    import failed the whole entry, its words with it ("could not be written as TOML (TypeError)").
    Now the nulls are left out, and the import says how many."""
    entry = NoteEntry(day=DAY - timedelta(days=1), title="t", body="my words")
    document = {**entry.to_document(), "meta": {"x": None, "y": [1, None, {"z": None}]}, "tags": ["a", None]}
    export = tmp_path / "export.json"
    export.write_text(json.dumps({"format": "ritual-tui", "version": 1, "entries": [document]}, default=str), encoding="utf-8")
    done = run_cli("import", str(export))
    assert done.returncode == 0 and "Imported 1," in done.stdout, done.stderr
    assert f"note: entry 1 ({entry.id}): 4 empty (null) value(s) inside a field left out: TOML has no null" in done.stdout
    (saved,) = entry_files(locations, "note")
    written = read_toml(saved)
    assert (written["body"], written["tags"], written["meta"]) == ("my words", ["a"], {"y": [1, {}]})


def test_an_export_saved_again_with_a_byte_order_mark_imports(locations: Locations, tmp_path: Path) -> None:
    """An export opened and saved in an editor that adds a byte-order mark (Notepad) could not be
    imported: "it is not valid JSON (line 1)". jrnl's and Day One's files were read past one already."""
    entry = NoteEntry(day=DAY - timedelta(days=1), title="t", body="my words")
    export = tmp_path / "export.json"
    export.write_bytes(b"\xef\xbb\xbf" + export_json([entry]).replace("\n", "\r\n").encode("utf-8"))
    done = run_cli("import", str(export))
    assert done.returncode == 0 and "Imported 1," in done.stdout, done.stderr
    assert run_cli("import", "-", stdin="\ufeff" + export_json([entry])).stdout == "Imported 0, skipped 1, failed 0.\n"


def test_export_help_says_the_json_keeps_sealed_letters(locations: Locations) -> None:
    """Only the README said that the JSON export holds a sealed letter's words; `export --help`,
    read before sharing a file, did not."""
    shown = " ".join(run_cli("export", "--help").stdout.split())
    assert "The JSON is the backup: it keeps every word, a sealed letter's too" in shown
    assert "the Markdown, for reading, says only when a sealed letter opens" in shown


def test_an_entry_saved_as_utf16_is_named_so_not_damaged(locations: Locations) -> None:
    """An entry saved again by an editor as UTF-16 ("Unicode" in Notepad) was reported as
    "holds NUL bytes, so it is damaged (often by a crash or an interrupted copy)": nothing is
    damaged, and saving it as UTF-8 brings it back. The file is left as it is."""
    saved = Store(locations.data_dir).save(NoteEntry(day=DAY - timedelta(days=1), title="t", body="words")).path
    saved.write_bytes(saved.read_text(encoding="utf-8").encode("utf-16"))
    before = saved.read_bytes()
    doctor = run_cli("doctor")
    assert f'{saved}: is UTF-16 text (an editor\'s "Unicode"); ritual reads UTF-8: save it as UTF-8 to read it' in doctor.stdout
    assert "damaged" not in doctor.stdout and saved.read_bytes() == before


def test_importing_again_names_only_the_entries_whose_words_differ(locations: Locations, tmp_path: Path) -> None:
    """Importing a journal again printed "skipped entry N (...): already present" for every entry
    (thousands of lines for a long Day One journal), burying the few whose words differ from the
    files, which were not imported; and a notice of broken characters repaired came also for
    entries skipped, of which nothing was imported."""
    entries = [NoteEntry(day=DAY - timedelta(days=n), title=f"day {n}", body="words") for n in range(1, 6)]
    export = tmp_path / "export.json"
    export.write_text(export_json(entries), encoding="utf-8")
    assert run_cli("import", str(export)).stdout == "Imported 5, skipped 0, failed 0.\n"
    changed = [entries[0].model_copy(update={"body": "other words"}), *entries[1:]]
    changed[1] = changed[1].model_copy(update={"title": "day 2 \ud800"})
    export.write_text(json.dumps({"format": "ritual-tui", "version": 1,
                                  "entries": [e.model_dump(by_alias=True, exclude_none=True, mode="json") for e in changed]}),
                      encoding="utf-8")
    again = run_cli("import", str(export))
    assert again.stdout.splitlines() == [
        f"skipped entry 1 ({entries[0].id}): already present with other content; kept the existing one",
        f"skipped entry 2 ({entries[1].id}): already present with other content; kept the existing one",
        "Imported 0, skipped 5, failed 0.",
    ]


def test_an_entry_open_in_emacs_is_no_problem(locations: Locations) -> None:
    """While Emacs edits a file it keeps a lock beside it, `.#<name>` (a link to user@host.pid,
    leading nowhere): doctor reported "a link that leads nowhere" (exit 1) and every `ritual list`
    said "1 file(s) need a look" for as long as the entry was open."""
    saved = Store(locations.data_dir).save(NoteEntry(day=DAY - timedelta(days=1), title="open in emacs", body="words")).path
    (saved.parent / f".#{saved.name}").symlink_to("me@laptop.4242:1700000000")
    listed = run_cli("list")
    assert listed.stderr == "" and "open in emacs" in listed.stdout
    doctor = run_cli("doctor")
    assert doctor.returncode == 0 and "link" not in doctor.stdout, doctor.stdout


def test_macos_companion_files_are_no_entries_and_no_damage(locations: Locations) -> None:
    """macOS writes `._<name>` beside every file it copies to a disk without its metadata (a USB
    stick, a network share): AppleDouble, NUL bytes first. Each was "holds NUL bytes, so it is
    damaged (often by a crash or an interrupted copy)", one alarm per entry, from a full walk
    and from one that asks `find` what changed alike."""
    store = Store(locations.data_dir)
    first = store.save(NoteEntry(day=DAY - timedelta(days=2), title="copied by a Mac", body="words")).path
    apple_double = b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        \x00\x02"
    (first.parent / f"._{first.name}").write_bytes(apple_double)
    (first.parent / f"._{first.name}").chmod(0o600)
    assert run_cli("list").stderr == ""  # the catalog, built by a full walk
    second = store.save(NoteEntry(day=DAY - timedelta(days=1), title="and another", body="words")).path
    (second.parent / f"._{second.name}").write_bytes(apple_double)
    (second.parent / f"._{second.name}").chmod(0o600)
    listed = run_cli("list")  # what changed since, as `find` names it
    assert listed.stderr == "" and "and another" in listed.stdout
    doctor = run_cli("doctor")
    assert doctor.returncode == 0 and "damaged" not in doctor.stdout, doctor.stdout


def test_import_without_from_names_the_journal_a_file_looks_like(locations: Locations, tmp_path: Path) -> None:
    """`ritual import Journal.json` (a Day One or jrnl export, --from forgotten) said only "it is not
    a ritual export" or, for Day One's zip, "cannot read ... (not UTF-8 text)"."""
    fixtures = Path(__file__).parent / "fixtures"
    dayone = run_cli("import", str(fixtures / "dayone_Journal.json"))
    assert dayone.returncode == 1 and dayone.stderr.endswith("; it looks like Day One's export: add --from dayone.\n")
    jrnl = run_cli("import", str(fixtures / "jrnl_export.json"))
    assert jrnl.returncode == 1 and jrnl.stderr.endswith("; it looks like jrnl's export: add --from jrnl.\n")
    import zipfile

    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(fixtures / "dayone_Journal.json", "Journal.json")
    zipped_run = run_cli("import", str(archive))
    assert zipped_run.stderr == (f"ritual: cannot read {archive} (a zip, not ritual's JSON export; "
                                 "Day One's export is a zip: add --from dayone).\n")
    assert entry_files(locations, "note") == []


def test_an_entry_file_without_an_id_is_one_problem_not_a_new_entry_at_each_read(locations: Locations) -> None:
    """An entry written by hand without its `id` line was given a new random id at every read: a
    list without the catalog, each export and `list --json` named it anew (two exports imported
    gave two entries), and `show` of an id just listed could fail. It is now reported, as any
    file missing a field, and left as it is; `ritual due` reads it as Today does."""
    folder = locations.entries_dir / "strengths" / f"{DAY.year}"
    folder.mkdir(parents=True)
    by_hand = folder / f"{DAY.isoformat()}-byhand.toml"
    by_hand.write_text(f'kind = "strengths"\nday = {DAY.isoformat()}\nstrength = "Kindness"\n', encoding="utf-8")
    (locations.config_dir / "config.toml").parent.mkdir(parents=True, exist_ok=True)
    (locations.config_dir / "config.toml").write_text('rituals = ["strengths"]\n', encoding="utf-8")
    assert json.loads(run_cli("export").stdout)["entries"] == []
    assert run_cli("list").stderr == "ritual: 1 file(s) need a look; run `ritual doctor` for details.\nNo entries yet.\n"
    assert "id: missing (every entry file names its id" in run_cli("doctor").stdout
    assert run_cli("due").stdout == "Morning strengths\n"


def test_an_entry_file_without_its_times_keeps_one_moment_its_days_start(locations: Locations) -> None:
    """A file written by hand without `created` and `updated` took "now" at each read: it moved to
    the top of its day in every list, each export gave it another time, and an exposure record
    counted as "updated today" every day (Today: exposure done, whatever was done)."""
    folder = locations.entries_dir / "exposure" / f"{DAY.year}"
    folder.mkdir(parents=True)
    past = DAY - timedelta(days=5)
    (folder / f"{past.isoformat()}-byhand0001.toml").write_text(
        f'id = "byhand0001"\nkind = "exposure"\nday = {past.isoformat()}\nstep = "Call Mara"\noutcome = "done"\n'
        'discomfort_peak = 30\n', encoding="utf-8")
    exported = [json.loads(run_cli("export").stdout)["entries"][0] for _ in range(2)]
    assert exported[0] == exported[1]
    assert exported[0]["created"].startswith(f"{past.isoformat()}T00:00:00") and exported[0]["updated"] == exported[0]["created"]
    from ritual_tui.journal import Journal

    journal = Journal(Store(locations.data_dir))
    journal.load()
    assert next(state.state for state in journal.states() if state.kind == "exposure") == "open"
