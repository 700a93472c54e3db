"""Bring a journal kept elsewhere: jrnl's `--export json` and Day One's JSON export become notes.

Each source entry becomes one `note` on its own day, with an id derived from the source entry
(Day One's uuid; for jrnl, which has none, its date, time, title and body), so importing the same
file twice changes nothing. The documents built here go through `exchange.import_entries`, the
same path as ritual's own import: validated, surrogates repaired, one bad entry never stops the
rest. No Textual here.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from datetime import date, datetime, time, timezone
from typing import Any

MAX_JSON_BYTES = 512 * 1024 * 1024
"""The largest JSON document read from a file or from inside a zip (a guard against zip bombs)."""
MAX_ZIP_BYTES = 2 * 1024 * 1024 * 1024
"""The largest Day One export read (its zip holds the photos too)."""


def input_limit(source: str) -> tuple[int, str]:
    """The most `ritual import --from source` reads, in bytes and in words: /dev/zero or an endless
    pipe would otherwise be read for ever, filling memory."""
    return (MAX_ZIP_BYTES, "2 GiB") if source == "dayone" else (MAX_JSON_BYTES, "512 MiB")

SOURCES = ("jrnl", "dayone")
"""The journals `ritual import --from` understands."""

# Day One's Markdown export escapes punctuation ("Hello\!"): the backslash is not the writer's.
_DAYONE_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|~<])")


class ImportSourceError(ValueError):
    """The file is not an export of the journal named: the message says what is wrong."""


def stable_id(source: str, key: str) -> str:
    """A note id derived from the source entry: the same entry always gets the same id."""
    return "n" + hashlib.sha256(f"{source}\0{key}".encode("utf-8", "surrogatepass")).hexdigest()[:19]


def read_journal_export(data: bytes, source: str) -> tuple[list[Any], list[str]]:
    """The note documents of an export (`source` is jrnl or dayone), and notices for the user."""
    if source == "dayone" and data[:4] == b"PK\x03\x04":
        documents = _zip_documents(data)
    else:
        documents = [_json(data)]
    notes: list[Any] = []
    notices: list[str] = []
    for document in documents:
        found, said = (jrnl_notes if source == "jrnl" else dayone_notes)(document)
        notes += found
        notices += said
    return notes, notices


def _json(data: bytes) -> Any:
    if len(data) > MAX_JSON_BYTES:
        raise ImportSourceError("it is larger than 512 MiB")
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ImportSourceError("it is not UTF-8 text (nor a zip)") from None
    except json.JSONDecodeError as error:
        raise ImportSourceError(f"it is not valid JSON (line {error.lineno})") from None
    except RecursionError:
        raise ImportSourceError("it is nested too deeply to read") from None


def _zip_documents(data: bytes) -> list[Any]:
    """Every journal (`Journal.json`, `<Name>.json`) in a Day One export zip."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [info for info in archive.infolist() if info.filename.lower().endswith(".json") and "/" not in info.filename.strip("/")]
        if not members:
            raise ImportSourceError("the zip holds no Journal.json")
        documents = []
        for info in members:
            if info.file_size > MAX_JSON_BYTES:
                raise ImportSourceError(f"{info.filename} in the zip is larger than 512 MiB")
            documents.append(_json(archive.read(info)))
        return documents
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as error:
        raise ImportSourceError(f"the zip cannot be read ({type(error).__name__})") from None


def _entries(document: Any, name: str, marker: str) -> list[Any]:
    """The entries list, when at least one entry has the field every entry of `name` has."""
    if not isinstance(document, dict) or not isinstance(document.get("entries"), list):
        raise ImportSourceError(f'it is not {name}\'s JSON export (no "entries" list)')
    entries = document["entries"]
    if entries and not any(isinstance(raw, dict) and marker in raw for raw in entries):
        raise ImportSourceError(f'it is not {name}\'s JSON export (no entry has "{marker}"); check --from')
    return entries


def jrnl_notes(document: Any) -> tuple[list[Any], list[str]]:
    """Notes from `jrnl --export json`: {"tags": {...}, "entries": [{title, body, date, time, tags, starred}]}."""
    notes: list[Any] = []
    for raw in _entries(document, "jrnl", "date"):
        if not isinstance(raw, dict):
            notes.append(raw)  # reported as "not an object" by the import
            continue
        title, body = str(raw.get("title") or ""), str(raw.get("body") or "")
        day_text, time_text = str(raw.get("date", "")), str(raw.get("time", "00:00"))
        try:
            day = date.fromisoformat(day_text)
        except ValueError:
            notes.append({"kind": "note", "day": day_text, "title": title, "body": body})  # fails with a clear reason
            continue
        try:
            moment = datetime.combine(day, time.fromisoformat(time_text))
        except ValueError:  # an odd time: the entry keeps its day, and its id stays the same at every import
            moment = datetime.combine(day, time())
        key = str(raw.get("uuid") or f"{day_text} {time_text}\0{title}\0{body}")
        notes.append(_note(stable_id("jrnl", key), day, moment, moment, title, body.strip("\n"), raw.get("tags")))
    return notes, []


def dayone_notes(document: Any) -> tuple[list[Any], list[str]]:
    """Notes from Day One's JSON export: {"metadata": {...}, "entries": [{uuid, creationDate, timeZone, text, tags, ...}]}."""
    notes: list[Any] = []
    attachments = 0
    for raw in _entries(document, "Day One", "creationDate"):
        if not isinstance(raw, dict):
            notes.append(raw)
            continue
        if any(raw.get(name) for name in ("photos", "videos", "audios", "pdfAttachments")):
            attachments += 1
        created = _moment(raw.get("creationDate"), raw.get("timeZone"))
        text = _DAYONE_ESCAPE.sub(r"\1", str(raw.get("text") or "")).replace("\r\n", "\n").strip("\n")
        title, body = _title_and_body(text)
        if created is None:
            notes.append({"kind": "note", "day": str(raw.get("creationDate")), "title": title, "body": body})
            continue
        modified = _moment(raw.get("modifiedDate"), raw.get("timeZone")) or created
        key = str(raw.get("uuid") or f"{raw.get('creationDate')}\0{text}")
        notes.append(_note(stable_id("dayone", key), created.date(), created, max(created, modified), title, body, raw.get("tags")))
    notices = [f"{attachments} entry(ies) had photos or other attachments: their text is imported, the files are not"] if attachments else []
    return notes, notices


def _moment(text: Any, zone: Any) -> datetime | None:
    """A Day One date ("2024-03-01T08:30:00Z") in the entry's own time zone when it is known."""
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    if isinstance(zone, str) and zone:
        try:
            from zoneinfo import ZoneInfo

            return moment.astimezone(ZoneInfo(zone))
        except (ValueError, KeyError, OSError, OverflowError):  # OverflowError: a moment at the calendar's edge
            pass
    return moment


_HEADING = re.compile(r"^[ ]{0,3}#{1,6}(?=\s|$)")
"""A Markdown heading's marks: one to six `#` and a space (`#hashtag` or `#1` is no heading)."""


def _title_and_body(text: str) -> tuple[str, str]:
    """Day One shows a text's first line as its title (often a Markdown heading, whose `#`s go)."""
    first, _, rest = text.partition("\n")
    title = _HEADING.sub("", first, count=1).strip()
    if not rest.strip() or len(title) > 2000:  # a long first paragraph is no title: all of it stays, in the body
        return "", text
    return title, rest.strip("\n")


def _note(note_id: str, day: date, created: datetime, updated: datetime, title: str, body: str, tags: Any) -> dict[str, Any]:
    words = [str(tag) for tag in tags if isinstance(tag, str)] if isinstance(tags, list) else []
    if len(title) > 2000:  # a jrnl title is the first sentence, which may be long: keep it as text
        title, body = "", f"{title}\n{body}"
    document: dict[str, Any] = {"kind": "note", "id": note_id, "day": day, "created": created, "updated": updated, "title": title, "body": body}
    if words:
        document["tags"] = words
    return document


__all__ = ["SOURCES", "ImportSourceError", "dayone_notes", "input_limit", "jrnl_notes", "read_journal_export", "stable_id"]
