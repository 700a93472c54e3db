"""The subcommands that need no screen: paths, list, show, export, import, doctor."""

from __future__ import annotations

import argparse
import codecs
import sys
from datetime import date

from ritual_tui.errors import EXIT_OK, EXIT_PROBLEM, UsageError
from ritual_tui.output import say
from ritual_tui.paths import PRIVATE_FILE_MODE, Locations, expand_home, resolve_locations
from ritual_tui.sealing import sealed_until, shown_document, shown_words
from ritual_tui.text import folded_words, starts_words, visible_line

TYPE_CHECKING = False
if TYPE_CHECKING:
    import sqlite3


def run(command: str, args: argparse.Namespace) -> int:
    """Run one subcommand; returns its exit code."""
    from ritual_tui import login_commands

    locations = resolve_locations(args.data_dir)
    if _answers_from_the_catalog(command, args):
        from ritual_tui.catalog.changes import look_ahead

        look_ahead(locations.catalog_file, locations.entries_dir)  # `find` runs while the rest is imported
    handler = {
        "paths": cmd_paths,
        "list": cmd_list,
        "show": cmd_show,
        "export": cmd_export,
        "import": cmd_import,
        "doctor": cmd_doctor,
        "insights": cmd_insights,
        "themes": cmd_themes,
        "sync": cmd_sync,
        "due": login_commands.cmd_due,
        "config": login_commands.cmd_config,
        "autostart": login_commands.cmd_autostart,
    }[command]
    return handler(locations, args)


def _answers_from_the_catalog(command: str, args: argparse.Namespace) -> bool:
    """True for the commands that reconcile the catalog first (each falls back to the files)."""
    if command == "list":
        return not args.json
    if command == "export":
        return args.format == "json"
    return command == "insights"


def cmd_paths(locations: Locations, args: argparse.Namespace) -> int:
    """Print every folder ritual uses."""
    say(f"data    {locations.data_dir}")
    say(f"config  {locations.config_file}")
    say(f"themes  {locations.user_themes_dir}")
    say(f"cache   {locations.cache_dir}")
    say(f"lock    {locations.lock_file}")
    return EXIT_OK


def parse_day(text: str | None, option: str) -> date | None:
    """A date given on the command line: YYYY-MM-DD, `today` or `yesterday`."""
    if text is None:
        return None
    from ritual_tui.clock import day_from_words

    day = day_from_words(text, _today())
    if day is None:
        raise UsageError(f"{option} wants a date like 2026-11-25, 'today' or 'yesterday'.")
    return day


def _scan(locations: Locations, *, exporting: bool = False):
    """Every entry, through the catalog (the files when it cannot be used); one line on stderr
    when anything was left out or doubled."""
    from ritual_tui.catalog import CatalogError
    from ritual_tui.listing import catalog_for
    from ritual_tui.store import Store

    store = Store(locations.data_dir)
    try:
        result = catalog_for(locations).scan(store, _today(locations))
    except CatalogError:
        result = store.scan()
    if exporting and result.problems:
        _left_out(len(result.problems))
    elif result.problems or result.conflicts:
        _need_a_look(len(result.problems) + len(result.conflicts))
    return result


def _need_a_look(count: int) -> None:
    print(f"ritual: {count} file(s) need a look; run `ritual doctor` for details.", file=sys.stderr)


def _left_out(count: int) -> None:
    print(f"ritual: the export leaves out {count} file(s) or folder(s) that could not be read; "
          "run `ritual doctor` for details.", file=sys.stderr)


def quick_list(locations: Locations, args: argparse.Namespace, since: date | None, until: date | None) -> bool:
    """`ritual list` straight from the catalog (no pydantic). False when the catalog cannot be used."""
    from ritual_tui.catalog import CatalogError
    from ritual_tui.listing import catalog_for, list_lines

    try:
        found = list_lines(locations, _today(locations), kind=args.kind, since=since, until=until, search=args.search)
        if found.rows:
            found.rows.append(b"")  # the last line's end, joined in: added after, megabytes would be copied again
        data = b"\n".join(found.rows)  # safe as the catalog keeps them (see `list_lines`)
    except CatalogError:
        return False
    except TypeError:  # a row without its line (a catalog edited by hand): the files, and a new catalog next time
        catalog_for(locations).discard()
        return False
    if found.need_a_look:
        _need_a_look(found.need_a_look)
    if found.rows:
        write_out(data)
    else:
        print("No entries match." if any((args.kind, since, until, args.search)) else "No entries yet.", file=sys.stderr)
    return True


def write_out(text: str | bytes) -> None:
    """Write `text` (or UTF-8 bytes) to the standard output whole, as its encoding asks (see
    `output.write_pieces`: a full non-blocking pipe or terminal is waited for, not cut short
    without a word)."""
    from ritual_tui.output import write_pieces

    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text stream of a program that runs ritual's commands in-process
        sys.stdout.write(text.decode("utf-8") if isinstance(text, bytes) else text)
        return
    if isinstance(text, bytes) and codecs.lookup(sys.stdout.encoding).name != "utf-8":
        text = text.decode("utf-8")
    sys.stdout.flush()
    write_pieces(buffer, [text if isinstance(text, bytes) else text.encode(sys.stdout.encoding, sys.stdout.errors)])


def _today(locations: Locations | None = None) -> date:
    """Today's ritual day, with the configured day start (config.toml found from `locations`, or
    worked out again when a caller has none)."""
    from ritual_tui.clock import now, ritual_day
    from ritual_tui.quick_settings import read_quick_settings

    config_file = (locations or resolve_locations()).config_file
    return ritual_day(now(), read_quick_settings(config_file)[0].day_start_hour)


def cmd_list(locations: Locations, args: argparse.Namespace) -> int:
    """List entries, newest first, filtered by kind, dates and words."""
    since, until = parse_day(args.since, "--since"), parse_day(args.until, "--until")
    try:
        (args.search or "").encode("utf-8")
    except UnicodeEncodeError:  # bytes a terminal sent in another encoding (Latin-1 "café"): argv keeps them as surrogates
        raise UsageError("--search holds bytes that are not UTF-8 text; check that your terminal's encoding is UTF-8.") from None
    if not args.json and quick_list(locations, args, since, until):
        _list_patterns(locations, args)
        return EXIT_OK
    chosen = []
    today = _today(locations)
    # A search of marks and no word ("-", "*") finds nothing, as in the catalog (an empty phrase).
    only_marks = bool(args.search and args.search.split()) and not folded_words(args.search)
    # Entries of one second in the catalog's order (`listing._order`): by id, whatever the files' order.
    for stored in sorted(sorted(_scan(locations).entries, key=lambda s: s.entry.id),
                         key=lambda s: (s.entry.day, s.entry.created), reverse=True):
        entry = stored.entry
        if args.kind and entry.kind != args.kind:
            continue
        if (since and entry.day < since) or (until and entry.day > until):
            continue
        if args.search and (only_marks or not starts_words(shown_words(entry, today, entry.searchable_text()), args.search)):
            continue
        chosen.append(stored)
    if args.json:
        from ritual_tui.exchange import entry_json
        from ritual_tui.text import json_safe

        import json  # here, as in each command that writes JSON: `ritual due` at login has no need of it

        rows = [{**shown_document(entry_json(s.entry), today), "path": str(s.path)} for s in chosen]
        write_out(json_safe(json.dumps(rows, ensure_ascii=False, indent=2)) + "\n")
        return EXIT_OK
    from ritual_tui.list_lines import list_line

    lines = [list_line(s.entry.day.isoformat(), s.entry.kind, s.entry.id, s.entry.title(), sealed_until(s.entry, today))
             for s in chosen]  # safe for a terminal as `list_line` makes them
    if lines:
        write_out("\n".join(lines) + "\n")
    if not chosen:
        print("No entries match." if any((args.kind, since, until, args.search)) else "No entries yet.", file=sys.stderr)
    _list_patterns(locations, args)
    return EXIT_OK


def _list_patterns(locations: Locations, args: argparse.Namespace) -> None:
    """After `list --kind reframe`: the last months' thinking traps and intensity drop, in words."""
    if args.kind != "reframe" or args.json:
        return
    from ritual_tui.render import patterns_block

    block = patterns_block(_reframe_documents(locations), _today(locations))
    if block:
        sys.stdout.write("\n" + block)


def _reframe_documents(locations: Locations) -> list:
    """Every reframe (a document from the catalog, else a model read from its file)."""
    from ritual_tui.catalog import CatalogError
    from ritual_tui.listing import listed

    try:
        found = listed(locations, _today(locations), kind="reframe", columns="path, id, kind, day, doc")
    except CatalogError:
        return [stored.entry for stored in _scan(locations).entries if stored.entry.kind == "reframe"]
    import json

    return [json.loads(row["doc"]) for row in found.rows]


def cmd_insights(locations: Locations, args: argparse.Namespace) -> int:
    """What the practice teaches, from the catalog's columns (every file read when it cannot be used)."""
    import sqlite3

    from ritual_tui.catalog import CatalogError
    from ritual_tui.insights import entry_day_kinds, insight_lines, insights
    from ritual_tui.insights_catalog import insights_of_catalog
    from ritual_tui.listing import catalog_for

    today = _today(locations)
    try:
        catalog = catalog_for(locations)
        found = catalog.reconcile(today)
        result = insights_of_catalog(catalog, today, every_point=False)  # no charts here
        if found.problems or catalog.copies():
            _need_a_look(len(found.problems) + catalog.copies())
        catalog.close()
    except (CatalogError, sqlite3.Error):
        entries = [stored.entry for stored in _scan(locations).entries]
        result = insights(entries, entry_day_kinds(entries), today)
    if args.json:
        import json

        from ritual_tui.text import json_safe

        sys.stdout.write(json_safe(json.dumps(result.to_json(), ensure_ascii=False, indent=2)) + "\n")
    else:
        sys.stdout.write("\n".join(visible_line(line) for line in insight_lines(result)) + "\n")
    return EXIT_OK


def cmd_show(locations: Locations, args: argparse.Namespace) -> int:
    """Print one entry in full."""
    from ritual_tui.render import render_shown

    wanted = args.id.strip().lower()
    if not wanted:
        raise UsageError("show wants an entry's id (or the start of one); `ritual list` shows them.")
    scan = _scan(locations)
    entries = scan.entries
    matches = [s for s in entries if s.entry.id == wanted] or [s for s in entries if s.entry.id.startswith(wanted)]
    if not matches:
        # A file named for the id (`<day>-<id>.toml`) that cannot be read: say so, not "no entry".
        named = [p for p in scan.problems if wanted and p.path.name[11:].startswith(wanted)]
        for problem in named:
            say(f"ritual: the file of entry {wanted!r} cannot be read: {problem.describe()}.", err=True)
        if not named:
            say(f"ritual: no entry has an id starting with {wanted!r}.", err=True)
        return EXIT_PROBLEM
    if len(matches) > 1:
        raise UsageError(f"{len(matches)} entries have ids starting with {wanted!r}; give more of the id.")
    print(render_shown(matches[0].entry, _today(locations)), end="")
    if matches[0].entry.kind == "reframe":
        from ritual_tui.render import patterns_block

        print("\n" + patterns_block([stored.entry for stored in entries], _today(locations)), end="")
    print()
    say(f"file: {matches[0].path}")
    return EXIT_OK


def cmd_export(locations: Locations, args: argparse.Namespace) -> int:
    """Write every entry as JSON or Markdown; exit 1 when some file or folder could not be read
    (what could be read is still written)."""
    from ritual_tui.exchange import export_json, export_json_pieces, export_markdown
    from ritual_tui.output import write_pieces

    documents = _catalog_documents(locations) if args.format == "json" else None
    if documents is not None:  # the catalog's JSON is the export's: no parsing needed
        count, pieces, complete = len(documents[0]), export_json_pieces(documents[0]), documents[1]
        if not args.output or args.output == "-":
            sys.stdout.flush()
            write_pieces(sys.stdout.buffer, pieces)
            return EXIT_OK if complete else EXIT_PROBLEM
        data = b"".join(pieces)
    else:
        scan = _scan(locations, exporting=True)
        complete = not scan.problems
        entries = [s.entry for s in sorted(scan.entries, key=lambda s: (s.entry.day, s.entry.created, s.entry.id))]
        count = len(entries)
        if args.format == "json":
            data = export_json(entries).encode("utf-8")
        else:
            from ritual_tui.render import patterns_block

            today = _today(locations)
            patterns = patterns_block(entries, today, markdown=True)
            data = (export_markdown(entries, today) + ("\n" + patterns if patterns else "")).encode("utf-8")
    if not args.output or args.output == "-":
        sys.stdout.flush()
        write_pieces(sys.stdout.buffer, [data])
        return EXIT_OK if complete else EXIT_PROBLEM
    from ritual_tui.output import write_file

    target = expand_home(args.output, "--output").absolute()
    try:
        if write_file(target, data):
            target.chmod(PRIVATE_FILE_MODE)
    except OSError as error:  # the file asked for, and why: never the temp file beside it
        say(f"ritual: cannot write the export to {target} ({error.strerror or type(error).__name__}).", err=True)
        return EXIT_PROBLEM
    say(f"Exported {count} {'entry' if count == 1 else 'entries'} to {target}.", err=True)
    return EXIT_OK if complete else EXIT_PROBLEM


def _catalog_documents(locations: Locations) -> tuple[list[bytes], bool] | None:
    """Every entry's JSON from the catalog, oldest first, and whether every file could be read;
    None when the catalog cannot be used or holds a document that fails its checksum (the
    catalog is then deleted, to be rebuilt; this export reads the files)."""
    import sqlite3

    from ritual_tui.catalog import CatalogError
    from ritual_tui.listing import catalog_for, read_beside_reconcile

    catalog = catalog_for(locations)
    try:
        documents, found = read_beside_reconcile(catalog, _today(locations), _checked_documents)
        copies = catalog.copies()
    except CatalogError:
        return None
    except sqlite3.Error:  # any SQLite error: rebuilt from the files
        documents = None
    if documents is None:
        catalog.discard()
        return None
    catalog.close()
    if found.problems:
        _left_out(len(found.problems))
    elif copies:  # conflict copies and second files of an id are not in the export: said as the files say it
        _need_a_look(copies)
    return documents, not found.problems


_EXPORT_SQL = "SELECT CAST(doc AS BLOB), doc_crc FROM files WHERE problem IS NULL AND listed = 1 ORDER BY day, ts, id"
"""Every listed entry's JSON and its checksum, in the files' order. As bytes: SQLite hands over
its UTF-8 as it is, with no round trip through str."""


def _checked_documents(db: sqlite3.Connection) -> list[bytes] | None:
    """The documents of `_EXPORT_SQL`, or None when one of them fails its checksum (every byte
    of every one is checked)."""
    import zlib
    from operator import ne

    rows = db.execute(_EXPORT_SQL).fetchall()
    if not rows:
        return []
    documents, checksums = zip(*rows)
    return None if any(map(ne, map(zlib.crc32, documents), checksums)) else list(documents)


def cmd_sync(locations: Locations, args: argparse.Namespace) -> int:
    """Sync with a git remote, set it up, or say what waits (see `sync_commands`)."""
    from ritual_tui.sync_commands import cmd_sync as run_sync

    return run_sync(locations, args)


def cmd_import(locations: Locations, args: argparse.Namespace) -> int:
    """Import an export file (see `import_command`)."""
    from ritual_tui.import_command import cmd_import as run_import

    return run_import(locations, args)


def cmd_doctor(locations: Locations, args: argparse.Namespace) -> int:
    """Check everything; list each problem with its path; exit 1 when anything is wrong."""
    from ritual_tui.doctor import examine

    findings, good = examine(locations)
    problems = [f for f in findings if f.problem]
    for finding in findings:
        marker = "problem" if finding.problem else "note"
        say(f"{marker}: {finding.describe()}")
    say(f"{good} {'entry' if good == 1 else 'entries'} read fine; {len(problems)} problem(s) found in {locations.data_dir}.")
    return EXIT_PROBLEM if problems else EXIT_OK


def cmd_themes(locations: Locations, args: argparse.Namespace) -> int:
    """List every theme, marking the current one, and every theme file that failed."""
    from ritual_tui.settings import load_settings
    from ritual_tui.theming import DEFAULT_THEME, bundled_themes_dir, load_catalogue

    catalogue = load_catalogue(locations.user_themes_dir)
    current = args.theme or load_settings(locations.config_file).settings.theme
    if current not in catalogue.themes:
        current = DEFAULT_THEME
    bundled = bundled_themes_dir()
    for name in sorted(catalogue.themes):
        source = catalogue.sources[name]
        origin = "bundled" if source.parent == bundled else f"yours: {source}"
        marker = "*" if name == current else " "
        say(f"{marker} {name:<20} {'dark' if catalogue.themes[name].dark else 'light':<6} {origin}")
    for path, reason in catalogue.failures:
        say(f"ritual: theme file {path} skipped: {reason}.", err=True)
    return EXIT_PROBLEM if catalogue.failures else EXIT_OK
