"""`ritual import`: ritual's own JSON export, jrnl's or Day One's, read whole (up to a limit) and
written entry by entry while the data folder is held."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ritual_tui.errors import EXIT_OK, EXIT_PROBLEM, UsageError
from ritual_tui.output import say
from ritual_tui.paths import Locations


def cmd_import(locations: Locations, args: argparse.Namespace) -> int:
    """Import an export file; report imported, skipped and failed entries."""
    from ritual_tui.exchange import ImportFormatError, import_entries, load_export
    from ritual_tui.importers import ImportSourceError, input_limit, read_journal_export
    from ritual_tui.store import AlreadyOpenError, Store, WriterLock

    source = getattr(args, "source", "ritual")
    if not args.file:  # `ritual import "$UNSET"`: no file named, not the current folder
        raise UsageError("import wants a file ('-' for the standard input).")
    limit, limit_words = input_limit(source)
    data = b""
    try:
        data = _standard_input(limit) if args.file == "-" else _file_bytes(Path(args.file), limit)
        text = "" if source != "ritual" else data.decode("utf-8-sig")  # an editor on Windows may add a BOM
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "not UTF-8 text"
        if data[:4] == b"PK\x03\x04":  # a zip: Day One's export is one
            reason = "a zip, not ritual's JSON export; Day One's export is a zip: add --from dayone"
        say(f"ritual: cannot read {args.file} ({reason}).", err=True)
        return EXIT_PROBLEM
    except TooLargeError:
        say(f"ritual: {args.file} cannot be imported: it is larger than {limit_words}, the most import reads.", err=True)
        return EXIT_PROBLEM
    try:
        raw, notices = (load_export(text), []) if source == "ritual" else read_journal_export(data, source)
    except (ImportFormatError, ImportSourceError) as error:
        say(f"ritual: {args.file} cannot be imported: {error}.", err=True)
        return EXIT_PROBLEM
    try:
        with WriterLock.for_data_folder(locations, doing="`ritual import`"):
            report = import_entries(Store(locations.data_dir), raw)
    except AlreadyOpenError as error:
        say(f"ritual: {error}", err=True)
        return EXIT_PROBLEM
    for line in report.kept_existing:  # the same entry again needs no line: importing twice changes nothing
        say(f"skipped {line}")
    for line in [*notices, *report.notices]:
        say(f"note: {line}")
    for line in report.failed:
        say(f"failed {line}", err=True)
    print(f"Imported {len(report.imported)}, skipped {len(report.skipped)}, failed {len(report.failed)}.")
    return EXIT_PROBLEM if report.failed else EXIT_OK


class TooLargeError(Exception):
    """An input holds more than a command reads (/dev/zero, an endless pipe, a huge file)."""


def _file_bytes(path: Path, limit: int) -> bytes:
    """All of a file, device or named pipe, up to `limit` bytes (TooLargeError past it)."""
    with path.open("rb") as file:
        if os.fstat(file.fileno()).st_size > limit:  # a regular file says so before it is read
            raise TooLargeError
        return _bytes_of(file.fileno(), limit)


def _standard_input(limit: int) -> bytes:
    """All of the standard input, up to `limit` bytes (TooLargeError past it). OSError when there is none."""
    if sys.stdin is None:
        raise OSError(0, "the standard input is closed")
    return _bytes_of(sys.stdin.fileno(), limit)


def _bytes_of(fd: int, limit: int) -> bytes:
    """Everything `fd` gives until its end, waiting while a non-blocking pipe or terminal is still empty
    (where `read` would give None, or only what had arrived); TooLargeError once past `limit` bytes."""
    data = bytearray()
    while True:
        try:
            chunk = os.read(fd, 1 << 20)
        except BlockingIOError:
            import select

            select.select([fd], [], [])
            continue
        if not chunk:
            return bytes(data)
        data += chunk
        if len(data) > limit:
            raise TooLargeError
