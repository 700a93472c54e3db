"""The `ritual` command line: parse arguments, run a command or open the app.

Commands that need no screen never import Textual: they run from login scripts.

Every byte a command prints reaches its reader, or the command stops quietly when the reader has
gone (see `output`): `main` puts the standard streams on files that wait while a non-blocking pipe
or terminal is full, and `run` flushes before Python's shutdown does, dropping what a gone reader
or a Ctrl+C leaves unwritten.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence

from ritual_tui import __version__
from ritual_tui.errors import EXIT_INTERRUPTED, EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, UsageError, describe_crash
from ritual_tui.output import drop_unwritten_output, wait_on_full_output
from ritual_tui.rituals import CLI_SCREENS, ENTRY_KINDS, RITUALS

SCREENS = ("today", *CLI_SCREENS, "browse")
"""The commands that open the app, each on its own screen."""

COMMANDS = (*SCREENS, "paths", "list", "show", "export", "import", "insights", "due", "autostart", "config",
            "themes", "sync", "doctor")
"""Every subcommand, in the order `ritual --help` lists them."""


class _Formatter(argparse.HelpFormatter):
    """argparse's help layout, given the terminal's width up front: left to itself it imports
    `shutil` (and with it bz2 and lzma, about 4 ms) to ask, on every argument added."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position, _terminal_columns() - 2 if width is None else width)


def _terminal_columns() -> int:
    """The width `shutil.get_terminal_size` would give: COLUMNS, else the terminal's, else 80."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # one clear sentence, exit 2
        from ritual_tui.text import visible_line

        self.print_usage(sys.stderr)
        print(f"ritual: {visible_line(message)}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """Every subcommand with its help; with `only`, just that subcommand (argparse builds each
    eagerly, and a login script's `ritual due` should not pay for the other twenty)."""

    def wanted(name: str) -> bool:
        return only is None or only == name

    parser = _Parser(
        prog="ritual",
        description="A calm, private terminal app for daily resilience rituals. "
        "With no command, opens Today.",
        epilog="Your entries are TOML files in the data folder (see `ritual paths`).",
    )
    parser.add_argument("--version", action="version", version=f"ritual {__version__}")
    parser.add_argument("--data-dir", metavar="DIR", help="use this data folder (default: see `ritual paths`)")
    parser.add_argument("--theme", metavar="NAME", help="start the app with this theme")
    common = _Parser(add_help=False)
    common.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS, help="use this data folder")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    _add = sub.add_parser

    def add_parser(name: str, **kwargs):
        return _add(name, parents=[common], **kwargs)

    sub.add_parser = add_parser  # type: ignore[method-assign]

    for screen, text in (
        ("today", "open Today (the default)"),
        *((ritual.cli_name, ritual.cli_help) for ritual in RITUALS if ritual.cli_name),
        ("browse", "open the browser of past entries"),
    ):
        if wanted(screen):
            sub.add_parser(screen, help=text, description=text[0].upper() + text[1:] + ".")

    if wanted("paths"):
        sub.add_parser("paths", help="print the data, config and cache folders", description="Print where ritual keeps things.")

    if wanted("list"):
        listing = sub.add_parser("list", help="list entries, newest first", description="List entries, newest first.")
        listing.add_argument("--kind", choices=ENTRY_KINDS)
        listing.add_argument("--since", metavar="DATE", help="only entries on or after DATE (YYYY-MM-DD, today, yesterday)")
        listing.add_argument("--until", metavar="DATE", help="only entries on or before DATE")
        listing.add_argument("--search", metavar="TEXT", help="only entries in which each word of TEXT begins a word (case and accents ignored)")
        listing.add_argument("--json", action="store_true", help="print one JSON array with every field")

    if wanted("show"):
        show = sub.add_parser("show", help="show one entry", description="Show one entry by id or unique id prefix.")
        show.add_argument("id", help="an entry id, or the start of one")

    if wanted("export"):
        export = sub.add_parser("export", help="export every entry", description=(
            "Export every entry as JSON or Markdown. The JSON is the backup: it keeps every word, a sealed "
            "letter's too (keep it as private as the data folder); the Markdown, for reading, says only when "
            "a sealed letter opens."))
        export.add_argument("--format", choices=("json", "markdown"), default="json",
                            help="json (the default: every field, for `ritual import`) or markdown")
        export.add_argument("--output", "-o", metavar="FILE", help="write to FILE (0600) instead of standard output")

    if wanted("import"):
        imp = sub.add_parser("import", help="import `ritual export` JSON, or a jrnl or Day One export", description="Import entries from the JSON of `ritual export` (entries whose id exists are skipped), or, with --from, a jrnl or Day One export as notes (importing twice changes nothing).")
        imp.add_argument("file", help="the JSON file ('-' for standard input); import reads at most 512 MiB (a Day One export 2 GiB)")
        imp.add_argument("--from", dest="source", choices=("ritual", "jrnl", "dayone"), default="ritual", help="what wrote FILE: ritual's export (default), jrnl's `--export json`, or Day One's JSON export (the zip or its Journal.json); entries from jrnl and Day One become notes")

    if wanted("insights"):
        insights = sub.add_parser("insights", help="what the practice teaches: predicted against peak per ladder step, practice days", description="Per ladder step and overall: reflected attempts, the mean discomfort predicted and at its peak, their gap, and how often the feared thing happened; practice days, thinking traps and circle steps per month.")
        insights.add_argument("--json", action="store_true", help="print one JSON object (the `exposure` part is a stable contract: see docs/data-format.md)")

    if wanted("due"):
        due = sub.add_parser("due", help="print what is due today (exit 0 if something is, 1 if nothing)", description="Print the rituals due today, one per line. Exit 0 when something is due, 1 when nothing is. Quick enough for a login script.")
        due.add_argument("-q", "--quiet", action="store_true", help="print nothing; only the exit code")
        due.add_argument("--login", action="store_true", help="for login scripts: true at most once per ritual day, and not while snoozed")

    if wanted("autostart"):
        auto = sub.add_parser("autostart", help="open ritual at login: install, remove, status", description="Open ritual at login when something is due, at most once per ritual day. 'shell' adds a marked block to your shell's login file (bash, zsh, fish); 'xdg' writes a desktop autostart entry; 'systemd' a user unit; 'launchd' a macOS LaunchAgent.")
        auto.add_argument("action", choices=("install", "remove", "status"))
        auto.add_argument("--method", choices=("shell", "xdg", "systemd", "launchd"), default="shell")
        auto.add_argument("--terminal", metavar="CMD", help="the terminal command for xdg/systemd (default: the first found, e.g. x-terminal-emulator -e)")

    if wanted("config"):
        config = sub.add_parser("config", help="show or edit config.toml", description="Show where config.toml is, print the settings in effect, or edit it in $VISUAL/$EDITOR (checked afterwards).")
        config.add_argument("action", choices=("path", "show", "edit"))

    if wanted("themes"):
        sub.add_parser("themes", help="list every theme and every theme file that failed", description="List the bundled and your own themes (marking the current one) and every theme file that could not be used.")

    if wanted("sync"):
        sync = sub.add_parser("sync", help="sync the data folder with a git remote: setup REMOTE, status", description="With no action: commit what changed here, fetch, merge (both texts kept when two machines changed one entry) and push. 'setup REMOTE' makes the data folder a git repository connected to REMOTE (ssh, https, a folder); 'status' says what is waiting. Drafts stay on their machine. Needs git.")
        sync.add_argument("action", nargs="?", choices=("setup", "status"), help="setup REMOTE, or status (default: sync now)")
        sync.add_argument("remote", nargs="?", help="the git remote for setup: git@host:me/journal.git, https://..., or a folder")

    if wanted("doctor"):
        sub.add_parser("doctor", help="check every file, folder mode and conflict copy", description="Check every entry file, the folder and file modes, conflict copies and stray temp files, and list waiting drafts with how to get each back. Exit 1 when anything is wrong.")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `ritual` command; returns the exit code."""
    os.umask(0o077)
    if sys.stdout is None:  # started with its output closed (`ritual list >&-`): say so, as `ls` does
        if sys.stderr is not None:
            print("ritual: cannot write: the standard output is closed.", file=sys.stderr)
        return EXIT_PROBLEM
    wait_on_full_output()
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    words = sys.argv[1:] if argv is None else argv
    parser = build_parser(command_named(words) if words else "today")  # plain `ritual` opens Today: build nothing else
    args = parser.parse_args(argv)
    command = args.command or "today"
    try:
        refuse_a_file_as_data_folder(args.data_dir)
        if command in SCREENS:
            from ritual_tui.launch import run_app

            return run_app(args.data_dir, command, args.theme)
        from ritual_tui import commands

        return commands.run(command, args)
    except UsageError as error:
        from ritual_tui.text import visible_line

        print(f"ritual: {visible_line(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        drop_unwritten_output()
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # the reader has gone (`ritual show X | head -1`): end quietly
        drop_unwritten_output()
        return EXIT_OK
    except Exception as error:  # noqa: BLE001 - the last line of defence: never a traceback
        from ritual_tui.text import visible_line

        print(f"ritual: {visible_line(describe_crash(error))}", file=sys.stderr)
        return EXIT_PROBLEM


def run() -> None:
    """The `ritual` program (its console script, and `python -m ritual_tui`): `main`, then exit."""
    try:
        code = main()
    except SystemExit as leaving:  # --help, --version or a usage error, printed by argparse
        code = leaving.code
    try:
        if sys.stdout is not None:
            sys.stdout.flush()  # here, not in Python's shutdown, where a failure is "Exception ignored"
    except BrokenPipeError:  # the reader took what it wanted and went: the command's answer stands
        drop_unwritten_output()
    except KeyboardInterrupt:  # Ctrl+C while a full pipe waits: the rest is not wanted
        code = EXIT_INTERRUPTED
        drop_unwritten_output()
    if command_named(sys.argv[1:]) not in (None, *SCREENS):
        # A command's objects live until it exits: frozen out of the collector, they are not walked
        # again by the collections of Python's shutdown, about 10 ms of each command (`ritual due`
        # runs at every login). atexit, flushing and closing still happen as before.
        gc.freeze()
    sys.exit(code)


def command_named(words: Sequence[str]) -> str | None:
    """The subcommand `words` plainly name, skipping the main options; None when they name none,
    or ask for help or the version (then every subcommand is built, for the list or the error)."""
    index = 0
    while index < len(words):
        word = words[index]
        if word in ("--data-dir", "--theme"):
            index += 2
        elif word.startswith(("--data-dir=", "--theme=")):
            index += 1
        else:
            return word if word in COMMANDS else None
    return None


def refuse_a_file_as_data_folder(option: str | None) -> None:
    """Raise UsageError when `--data-dir` (or RITUAL_TUI_DATA_DIR) names something that is not a
    folder: ritual would otherwise change its mode and try to keep entries inside it."""
    from ritual_tui.paths import DATA_ENV

    if option is not None and not option.strip():  # `--data-dir "$UNSET"`: never the default folder in its place
        raise UsageError("--data-dir is empty; give the folder that holds (or will hold) your entries.")
    chosen, source = (option, "--data-dir") if option else (os.environ.get(DATA_ENV), DATA_ENV)
    if not chosen:
        return
    path = os.path.expanduser(chosen)
    if os.path.exists(path) and not os.path.isdir(path):
        from ritual_tui.text import visible_line

        raise UsageError(f"{source} {visible_line(path)} is a file, not a folder; give the folder that holds (or will hold) your entries.")

