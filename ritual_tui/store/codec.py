"""Entries to TOML bytes and back, checked both ways (RELIABILITY.md rule 1)."""

from __future__ import annotations

import math
import re
import tomli  # tomllib's own upstream, compiled: the same answers and messages, 2-3x faster
from pathlib import Path

import tomli_w

from ritual_tui.records import Record
from ritual_tui.store.errors import FileProblem, StoreError, UnsavableTextError
from ritual_tui.text import visible

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any
    from ritual_tui.models import EntryBase

BOM = b"\xef\xbb\xbf"


def encode_entry(entry: EntryBase) -> bytes:
    """Serialise fully, encode, then re-parse and re-validate before anything touches the disk."""
    from ritual_tui.models import EntryError, parse_entry
    document = entry.to_document()
    _reject_lone_surrogates(document)
    try:
        text = tomli_w.dumps(document, multiline_strings=True)
        data = text.encode("utf-8")
    except (TypeError, ValueError) as error:
        raise StoreError(f"The entry could not be written as TOML ({type(error).__name__}).") from None
    try:
        reparsed = parse_entry(tomli.loads(data.decode("utf-8")))
    except (tomli.TOMLDecodeError, EntryError) as error:
        raise StoreError(f"The written form of the entry did not read back ({error}).") from None
    if reparsed.to_document() != document:
        raise StoreError("The written form of the entry did not read back identically.")
    return data


def _reject_lone_surrogates(document: Any, where: str = "") -> None:
    if isinstance(document, str):
        try:
            document.encode("utf-8")
        except UnicodeEncodeError:
            raise UnsavableTextError(where or "entry") from None
    elif isinstance(document, dict):
        for key, value in document.items():
            _reject_lone_surrogates(value, key if not where else f"{where}.{key}")
    elif isinstance(document, list):
        for index, value in enumerate(document):
            _reject_lone_surrogates(value, f"{where}[{index}]")


def replace_lone_surrogates(text: str) -> tuple[str, int]:
    """Replace each lone surrogate in `text` with U+FFFD; return the text and how many changed."""
    count = 0

    def swap(match: re.Match[str]) -> str:
        nonlocal count
        count += len(match.group(0))
        return "\ufffd" * len(match.group(0))

    return _SURROGATES.sub(swap, text), count


_SURROGATES = re.compile("[\ud800-\udfff]+")

_TOML_LINE = re.compile(r"at line (\d+)")


def decode_document(path: Path, data: bytes) -> dict[str, Any] | FileProblem:
    """Bytes of a file to a TOML mapping, or a FileProblem saying exactly why not."""
    if not data:
        return FileProblem(path, "empty file (0 bytes)")
    if data.startswith(BOM):
        data = data[len(BOM) :]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # its NULs are no damage: an editor saved it so
        return FileProblem(path, "is UTF-16 text (an editor's \"Unicode\"); ritual reads UTF-8: save it as UTF-8 to read it")
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        reason = "holds NUL bytes, so it is damaged (often by a crash or an interrupted copy)"
        if not data.strip(b"\x00"):
            reason = "holds only NUL bytes, so it is damaged (often by a crash or an interrupted copy)"
        return FileProblem(path, reason, line)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return FileProblem(path, f"is not valid UTF-8 (byte {error.start})", line)
    try:
        document = tomli.loads(text)
    except tomli.TOMLDecodeError as error:
        message = str(error)
        match = _TOML_LINE.search(message)
        line = int(match.group(1)) if match else None
        plain = _TOML_LINE.sub("", message).replace("(, column", "(column").strip()
        return FileProblem(path, f"is not valid TOML: {plain}", line)
    except RecursionError:  # tomli parses nested arrays and tables recursively
        return FileProblem(path, f"is not readable: {TOO_DEEP}")
    problem = shape_problem(document)
    if problem is not None:
        key = problem[0].split(".", 1)[0].split("[", 1)[0]
        return FileProblem(path, f"is not readable: {problem[1]}", line_of_key(data, key) if key else None)
    return document


MAX_NESTING = 32
"""The deepest nesting of lists and tables an entry may hold (ritual's own fields nest two deep)."""

TOO_DEEP = f"nested too deeply (more than {MAX_NESTING} levels of lists or tables)"


def shape_problem(document: dict[str, Any] | list[Any]) -> tuple[str, str] | None:
    """Where and why a parsed document (TOML or JSON) cannot be held safely, or None when it can.

    Checked without recursion, before anything recursive (pydantic, json, pickle, tomli-w) sees
    the document: nesting deeper than MAX_NESTING, and numbers that are not finite (nan, inf),
    which neither JSON nor a rating can hold. Returns the field's place (`a.b[2]`) and the reason.
    """
    stack: list[tuple[Any, str, int]] = [(document, "", 0)]
    while stack:
        value, where, depth = stack.pop()
        if depth >= MAX_NESTING:
            return where, TOO_DEEP
        for key, child in value.items() if isinstance(value, dict) else enumerate(value):
            if isinstance(child, (dict, list)):
                stack.append((child, _place(where, key), depth + 1))
            elif isinstance(child, float) and not math.isfinite(child):
                place = _place(where, key)
                return place, f"'{visible(place)}' is not a finite number ({child})"
    return None


def _place(where: str, key: Any) -> str:
    if isinstance(key, int):
        return f"{where}[{key}]"
    return f"{where}.{key}" if where else str(key)


def line_of_key(data: bytes, key: str) -> int | None:
    """The line where `key = ...` first appears, for pointing at a wrongly-typed field."""
    pattern = re.compile(rb"^\s*" + re.escape(key.encode()) + rb"\s*=", re.MULTILINE)
    match = pattern.search(data)
    return data[: match.start()].count(b"\n") + 1 if match else None


def digest_of(data: bytes) -> str:
    """A fingerprint of a file's bytes, used to notice a file changed under us."""
    import hashlib  # here: `export` and `list` load this module and never need a digest

    return hashlib.blake2b(data, digest_size=16).hexdigest()


class DecodedFile(Record):
    """An entry file read as TOML, before validation: its document, fingerprint and notices."""

    path: Path
    document: dict[str, Any]
    digest: str
    read_only: bool
    notices: list[str]


def decode_entry_bytes(path: Path, data: bytes) -> DecodedFile | FileProblem:
    """A file's bytes as a TOML document with its notices, or a FileProblem (no pydantic here)."""
    from ritual_tui.vocabulary import SCHEMA_VERSION

    document = decode_document(path, data)
    if isinstance(document, FileProblem):
        return document
    schema = document.get("schema", 1)
    notices = []
    if data.startswith(BOM):
        notices.append("starts with a byte-order mark (read fine; dropped on the next save)")
    read_only = isinstance(schema, int) and schema > SCHEMA_VERSION
    if read_only:
        notices.append(f"written by a newer ritual (schema {schema}); read-only here")
    return DecodedFile(path, document, digest_of(data), read_only, notices)


def decode_entry_file(path: Path) -> DecodedFile | FileProblem:
    """`decode_entry_bytes` of a file on disk (a file that cannot be opened is a FileProblem)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        return FileProblem(path, f"cannot be opened ({error.strerror or type(error).__name__})")
    return decode_entry_bytes(path, data)
