"""The subcommands for login and settings: `due`, `autostart`, `config`. None imports Textual."""

from __future__ import annotations

import argparse
import sys

from ritual_tui.errors import EXIT_OK, EXIT_PROBLEM
from ritual_tui.paths import Locations


def cmd_due(locations: Locations, args: argparse.Namespace) -> int:
    """Print what is due today; exit 0 when something is, 1 when nothing is."""
    from ritual_tui.clock import now
    from ritual_tui.due import due_today, login_greeting_due, quick_journal, snoozed_until
    from ritual_tui.quick_settings import read_quick_settings
    from ritual_tui.text import visible

    (settings, config_error), moment = read_quick_settings(locations.config_file), now()
    if config_error and not (args.quiet or args.login):
        print(f"ritual: {visible(config_error)}", file=sys.stderr)
    if args.login:
        greet = login_greeting_due(locations.login_state_file, locations.entries_dir, settings, moment, locations.catalog_file)
        return EXIT_OK if greet else EXIT_PROBLEM
    until = snoozed_until(locations.login_state_file, moment)
    if until is not None:
        if not args.quiet:
            print(f"ritual: snoozed until {until:%H:%M}; `ritual` opens it anyway.", file=sys.stderr)
        return EXIT_PROBLEM
    journal = quick_journal(locations.entries_dir, settings, moment, locations.catalog_file)
    due = due_today(locations.entries_dir, settings, moment, journal)
    if not args.quiet:
        for _, line in due:
            print(line)
        from ritual_tui.due import planned_lines

        planned = planned_lines(locations.entries_dir, settings, moment, journal)
        for line in planned:
            print(line)
        if not due and not planned:  # on stderr: a script reading the list still reads nothing
            print("Nothing is due today.", file=sys.stderr)
    return EXIT_OK if due else EXIT_PROBLEM


def cmd_config(locations: Locations, args: argparse.Namespace) -> int:
    """`config path|show|edit`."""
    import os
    import shlex
    import subprocess

    import tomli_w

    from ritual_tui.settings import load_settings
    from ritual_tui.text import visible

    path = locations.config_file
    if args.action == "path":
        print(visible(str(path)))
        return EXIT_OK
    if args.action == "edit":
        from ritual_tui.config_file import create_starter_config

        create_starter_config(path)
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        try:
            subprocess.run([*shlex.split(editor), str(path)], check=False)
        except (OSError, ValueError) as error:  # ValueError: a quote left open in $EDITOR
            reason = error.strerror if isinstance(error, OSError) else str(error).lower()
            print(f"ritual: could not start the editor {editor!r} ({reason}); set $VISUAL or $EDITOR.", file=sys.stderr)
            return EXIT_PROBLEM
    loaded = load_settings(path)
    if args.action == "show":
        sys.stdout.write(visible(tomli_w.dumps(loaded.settings.model_dump(), multiline_strings=True)))
    if loaded.error:
        print(f"ritual: {visible(loaded.error)}", file=sys.stderr)
        return EXIT_PROBLEM
    if args.action == "edit":
        print(visible(f"{path} is valid."))
    return EXIT_OK


def cmd_autostart(locations: Locations, args: argparse.Namespace) -> int:
    """`autostart install|remove|status`."""
    from ritual_tui import autostart
    from ritual_tui.text import visible

    if args.action == "status":
        print(visible("\n".join(autostart.status())))
        return EXIT_OK
    target = autostart.target_for(args.method, args.terminal)
    try:
        message = autostart.install(target) if args.action == "install" else autostart.remove(target)
    except autostart.AutostartError as error:  # also a failed write: the file is left as it was
        print(f"ritual: {visible(str(error))}", file=sys.stderr)
        return EXIT_PROBLEM
    print(visible(message))
    if args.method == "systemd" and args.action == "install":
        print("enable it with: systemctl --user enable ritual-tui.service")
    return EXIT_OK
