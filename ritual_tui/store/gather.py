"""Finding every entry file and what the index already knows of it, in a helper process if wanted.

The slow, pydantic-free part of loading the history: a stat of every file, the index chunks,
and a TOML parse of each file the index does not describe. The app starts it as a separate
process before Textual is even imported (`Gatherer`), so on a second core it is done by the
time Today is drawn; anything that goes wrong there just means the app gathers in-process.

    python -m ritual_tui.store.gather ENTRIES_DIR INDEX_DIR TAG   # writes two pickles to stdout
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ritual_tui.store.atomic import TEMP_SUFFIX
from ritual_tui.store.codec import DecodedFile, decode_entry_file
from ritual_tui.store.errors import FileProblem
from ritual_tui.store.index import EntryIndex, fresh, group_of, walk_entry_files
from ritual_tui.store.results import StoredEntry


@dataclass
class Gathered:
    """Every file under `entries/`, sorted out: what the index knows, what must be read, what is debris."""

    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Index records still true of their file, by relative path, in path order."""
    dirty: list[tuple[str, list[int]]] = field(default_factory=list)
    """Entry files the index does not describe: relative path and stat key."""
    temp: list[str] = field(default_factory=list)
    """Temporary files left by an interrupted save."""
    stale_groups: set[str] = field(default_factory=set)
    """Index chunks holding records of files that changed or vanished."""
    unreadable: list[tuple[str, str]] = field(default_factory=list)
    """Folders and links under `entries/` that were not read: relative path and reason."""
    decoded: dict[str, DecodedFile | FileProblem | StoredEntry] = field(default_factory=dict)
    """Dirty files already read and parsed (and, by the app's half, validated), by relative path."""


def gather(entries_dir: Path, index_dir: Path | None, tag: str) -> Gathered:
    """Stat every file and match it with the index; nothing is parsed here."""
    known = EntryIndex(index_dir, tag).load()
    walk = walk_entry_files(entries_dir)
    found = Gathered(unreadable=walk.unreadable)
    for relative, key in walk.files:
        name = relative.rpartition("/")[2]
        if name.startswith(".") and name.endswith(TEMP_SUFFIX):
            found.temp.append(relative)
        elif name.endswith(".toml"):
            record = known.pop(relative, None)
            if fresh(record, key):
                found.records[relative] = record
            else:
                found.dirty.append((relative, key))
                if record is not None:
                    found.stale_groups.add(group_of(relative))
    found.stale_groups |= {group_of(relative) for relative in known}  # files gone since indexed
    return found


def decode_dirty(entries_dir: Path, gathered: Gathered, share: slice = slice(None)) -> None:
    """Read and parse the dirty files in `share` of the list (TOML only; validation comes later)."""
    for relative, _ in gathered.dirty[share]:
        if relative not in gathered.decoded:
            gathered.decoded[relative] = decode_entry_file(entries_dir / relative)


def main(argv: list[str]) -> int:
    """The helper process: the gathered files first, then its share of the parsed dirty files."""
    entries_dir, index_dir, tag = Path(argv[0]), Path(argv[1]), argv[2]
    out = sys.stdout.buffer
    gathered = gather(entries_dir, index_dir, tag)
    _send(out, gathered)
    share = Gathered()
    decode_dirty(entries_dir, gathered, slice(0, None, 2))
    share.decoded = gathered.decoded
    _send(out, share)
    return 0


def _send(out: Any, gathered: Gathered) -> None:
    # Pickled whole before writing: the app reads it in one go, at pipe speed, once Today is drawn.
    data = pickle.dumps(gathered, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(len(data).to_bytes(8, "little"))
    out.write(data)
    out.flush()


def _receive(stream: Any) -> Gathered:
    size = int.from_bytes(_read_exactly(stream, 8), "little")
    gathered = pickle.loads(_read_exactly(stream, size))
    if not isinstance(gathered, Gathered):
        raise ValueError("not a Gathered")
    return gathered


def _read_exactly(stream: Any, size: int) -> bytearray:
    buffer = bytearray(size)
    view, done = memoryview(buffer), 0
    while done < size:
        got = stream.readinto(view[done:])
        if not got:
            raise EOFError("the helper stopped early")
        done += got
    return buffer


def index_is_current(index_dir: Path | None, tag: str) -> bool:
    """True when the index folder holds chunks of this version (read from one chunk's first bytes)."""
    from ritual_tui.store.index import INDEX_VERSION

    try:
        chunk = next(index_dir.glob("*.json"), None) if index_dir is not None else None
        if chunk is None:
            return False
        with chunk.open("rb") as handle:
            head = handle.read(200)
    except OSError:
        return False
    return head.startswith(b'{"version":' + json.dumps([INDEX_VERSION, tag], separators=(",", ":")).encode())


class Gatherer:
    """A helper process gathering while the app starts; `result()` waits for it (None if it failed).

    Worth it only when the index is missing or outdated: then every file is parsed, half of them
    by the helper on another core. With a current index, the copy back costs what it saves.
    """

    def __init__(self, entries_dir: Path, index_dir: Path | None, tag: str) -> None:
        self.entries_dir = entries_dir
        self.process: subprocess.Popen[bytes] | None = None
        if index_dir is None or index_is_current(index_dir, tag):
            return
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "ritual_tui.store.gather", str(entries_dir), str(index_dir), tag],
                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, bufsize=0,
                env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
            )
        except OSError:
            self.process = None

    def result(self) -> Gathered | None:
        """Everything gathered, the dirty files parsed (half by the helper, half here); None on failure."""
        process = self.process
        if process is None or process.stdout is None:
            return None
        try:
            gathered = _receive(process.stdout)
            if gathered.dirty:  # meanwhile the helper parses the other half
                from ritual_tui.store.reader import entry_from_decoded

                for relative, _ in gathered.dirty[1::2]:  # validated at once: no second copy of each document
                    gathered.decoded[relative] = entry_from_decoded(decode_entry_file(self.entries_dir / relative))
            gathered.decoded.update(_receive(process.stdout).decoded)
            return gathered
        except Exception:  # noqa: BLE001 - a broken helper only costs speed: the app gathers itself
            return None
        finally:
            self.close()

    def close(self) -> None:
        """Stop the helper (if still running) and reap it."""
        if self.process is not None:
            if self.process.poll() is None:
                self.process.kill()
            self.process.wait()
            if self.process.stdout is not None:
                self.process.stdout.close()
            self.process = None


if __name__ == "__main__":
    # Run `main` of the module under its own name, so what it pickles names `ritual_tui.store.gather`.
    from ritual_tui.store import gather as this_module

    sys.exit(this_module.main(sys.argv[1:]))
