"""Unsaved work, kept outside the widget tree so no crash or closed terminal loses it.

A draft records the version of the file it was made from (the digest of its bytes, or NEW), so a
draft is never restored over a file that changed since (RELIABILITY.md rule 11). When the data
folder cannot take a draft (full, read-only, not a folder), it goes to a spare folder outside it
(the state folder), and is read back from there too (rule 12).
"""

from __future__ import annotations

import errno
import os
import tomli
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import tomli_w

from ritual_tui.clock import now
from ritual_tui.store.atomic import atomic_write
from ritual_tui.store.codec import digest_of, replace_lone_surrogates
from ritual_tui.store.walk import NOT_ENTRIES

NEW = "new"
"""The version of a form that was not made from any file."""
UNKNOWN = ""
"""The version of a draft written before drafts recorded one, or of a file that could not be read."""


@dataclass(frozen=True)
class Draft:
    """The fields of a ritual screen as the user left them, and the file version they came from."""

    slot: str
    fields: dict[str, Any]
    saved: datetime
    made_from: str = UNKNOWN
    path: Path | None = None


def file_version(path: Path) -> str:
    """The version of a file a form is made from: the digest of its bytes, NEW when it is missing."""
    try:
        return digest_of(path.read_bytes())
    except FileNotFoundError:
        return NEW
    except OSError:
        return UNKNOWN


class DraftStore:
    """One draft file per slot (a ritual, or an entry being edited) under `drafts/`.

    `spare_dir` (outside the data folder) takes a draft the data folder cannot; both are read.
    """

    def __init__(self, drafts_dir: Path, spare_dir: Path | None = None) -> None:
        self.drafts_dir = drafts_dir
        self.spare_dir = spare_dir
        self.home_error: str | None = None
        """Why the last draft could not go to the data folder (None when it could)."""

    def _folders(self) -> list[Path]:
        return [self.drafts_dir] if self.spare_dir is None else [self.drafts_dir, self.spare_dir]

    @staticmethod
    def _name(slot: str) -> str:
        safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in slot)
        return f"{safe}.toml"

    def _path(self, slot: str) -> Path:
        return self.drafts_dir / self._name(slot)

    def write(self, slot: str, fields: dict[str, Any], made_from: str = NEW) -> Path:
        """Save the draft crash-safely and return where it went; broken characters become U+FFFD.

        Tries the data folder, then the spare folder; raises the data folder's OSError when
        neither can take it. The copy in the other folder is removed (best effort), so an
        older draft is never offered instead.
        """
        document = {"slot": slot, "saved": now(), "made_from": made_from, "fields": as_stored(fields)}
        data = tomli_w.dumps(document, multiline_strings=True).encode("utf-8")
        name = self._name(slot)
        first_error: OSError | None = None
        for folder in self._folders():
            try:
                if not _keep_unreadable(folder / name):
                    raise PermissionError(errno.EPERM, "a file no form can read holds this draft's place", str(folder / name))
                atomic_write(folder / name, data)
            except OSError as error:
                first_error = first_error or error
                continue
            self.home_error = None if first_error is None else _reason(first_error)
            for other in self._folders():
                if other != folder and _keep_unreadable(other / name):
                    _unlink_quietly(other / name)
            return folder / name
        assert first_error is not None
        raise first_error

    def read(self, slot: str) -> Draft | None:
        """The newest readable draft for `slot` in either folder, or None when there is none."""
        found = [draft for folder in self._folders() if (draft := _read(folder / self._name(slot), slot))]
        if not found:
            return None
        return max(found, key=lambda d: (d.saved.timestamp(), _mtime(d.path)))

    def discard(self, slot: str) -> bool:
        """Remove the draft from both folders (its text is saved, or the user dropped it).

        Best effort: returns False when a copy could not be removed (it is offered again later,
        and the version it records keeps it from replacing anything).
        """
        return all([_keep_unreadable(folder / self._name(slot)) and _unlink_quietly(folder / self._name(slot))
                    for folder in self._folders()])

    def is_spare(self, path: Path) -> bool:
        """True for a draft kept in the spare folder."""
        return self.spare_dir is not None and path.parent == self.spare_dir

    def files(self) -> list[Path]:
        """Every file in either drafts folder, a sync tool's copies of a draft too (`ritual doctor` lists them)."""
        found: list[Path] = []
        for folder in self._folders():
            try:
                found += sorted(p for p in folder.glob("*.toml") if not p.name.startswith(NOT_ENTRIES))
            except OSError:
                continue
        return found

    @classmethod
    def slot_of(cls, path: Path) -> str | None:
        """The slot a draft file is kept for, or None for a file no slot is written to (a sync tool's copy)."""
        return path.stem if cls._name(path.stem) == path.name else None

    @staticmethod
    def read_file(path: Path) -> Draft | None:
        """One draft file as it is (None when it cannot be read as a draft)."""
        return _read(path, path.stem)

    def slots(self) -> list[str]:
        """Every slot that has a draft, in either folder."""
        return sorted({path.stem for path in self.files()})


ASKED_FIELDS = frozenset({"prompts"})
"""Fields a form keeps in its draft to show the words as they were asked (the questions above
them); never words themselves: a draft of questions alone holds nothing to offer back."""


def same_words(first: dict[str, Any], second: dict[str, Any]) -> bool:
    """True when two sets of form fields hold the same words (blank fields and blank list items aside)."""
    return _words(first) == _words(second)


def _words(fields: dict[str, Any]) -> dict[str, Any]:
    kept = {}
    for key, value in as_stored(fields).items():
        if key in ASKED_FIELDS:
            continue
        if isinstance(value, list):
            value = [v for v in value if not _blank(v)]
        if not _blank(value) and value != []:
            kept[key] = value
    return kept


def _blank(value: Any) -> bool:
    return isinstance(value, str) and not value.strip()


def _read(path: Path, slot: str) -> Draft | None:
    try:
        document = tomli.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomli.TOMLDecodeError, RecursionError):
        return None
    fields = document.get("fields")
    saved = document.get("saved")
    made_from = document.get("made_from", UNKNOWN)
    if not isinstance(fields, dict) or not isinstance(saved, datetime) or not isinstance(made_from, str):
        return None
    return Draft(slot, fields, saved, made_from, path)


def _keep_unreadable(path: Path) -> bool:
    """A file in a draft's place that cannot be read as a draft (written by hand, by a newer ritual,
    damaged) is renamed beside it, never written over or removed: a form opened empty over it and
    its first key replaced the file, words and all. It keeps a name no form writes to, so `ritual
    doctor` names it as a file to copy by hand. False when it could not be moved (left as it is)."""
    try:
        if not path.read_bytes().strip() or _read(path, path.stem) is not None:
            return True  # nothing to keep, or a draft a form reads (and offered)
    except FileNotFoundError:
        return True
    except OSError:
        pass  # unreadable as a file too: kept all the same
    aside = path.with_name(f"{path.stem}.unreadable-{now():%Y%m%d-%H%M%S}-{os.urandom(3).hex()}{path.suffix}")
    try:
        os.rename(path, aside)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return True


def _mtime(path: Path | None) -> int:
    try:
        return path.stat().st_mtime_ns if path is not None else 0
    except OSError:
        return 0


def _unlink_quietly(path: Path) -> bool:
    try:
        os.unlink(path)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return True


def _reason(error: OSError) -> str:
    return error.strerror or type(error).__name__


def as_stored(value: Any) -> Any:
    """Form fields as a draft file keeps them (and reads them back): no None, no lone surrogates."""
    if isinstance(value, str):
        return replace_lone_surrogates(value)[0]
    if isinstance(value, dict):
        return {str(k): as_stored(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [as_stored(v) for v in value if v is not None]
    return value
