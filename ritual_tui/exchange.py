"""Export to JSON or Markdown, and import the JSON of an export."""

from __future__ import annotations

from datetime import date
from itertools import groupby

from ritual_tui.clock import add_days
from ritual_tui.sealing import sealed_text, sealed_until
from ritual_tui.text import json_safe, visible

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any
    from ritual_tui.models import EntryBase
    from ritual_tui.store import Store

EXPORT_FORMAT = "ritual-tui"
EXPORT_VERSION = 1
EXPORT_HEAD = f'{{"format": "{EXPORT_FORMAT}", "version": {EXPORT_VERSION}, "entries": '
"""What an export document begins with, as `json.dumps` writes it (a test holds them equal): the
catalog's export writes its documents' bytes as they are and needs no JSON module at all."""


def entry_json(entry: EntryBase) -> dict[str, Any]:
    """An entry as JSON-ready data: every field, dates and times as ISO strings."""
    return entry.model_dump(by_alias=True, exclude_none=True, mode="json")


def entry_json_text(document: Any) -> str:
    """JSON text of one entry (or a list of them) as ritual prints and exports it.

    Every word is kept, yet nothing in it can drive a terminal: control, C1 and bidi characters
    are `\\u` escapes (`json.loads` gives back the exact text). The index keeps each entry's
    document in this form too, so an export can write the index's bytes as they are.
    """
    import json

    return json_safe(json.dumps(document, ensure_ascii=False))


def export_json(entries: list[EntryBase]) -> str:
    """The export document: `{"format": "ritual-tui", "version": 1, "entries": [...]}`, one entry a line.

    The export is the backup: sealed letters are in it, every word.
    """
    return export_json_bytes([entry_json_text(entry_json(e)).encode("utf-8") for e in entries]).decode("utf-8")


def export_json_bytes(entry_jsons: list[bytes]) -> bytes:
    """The export document from each entry's JSON (`entry_json_text`, as the index keeps it): one entry a line."""
    return b"".join(export_json_pieces(entry_jsons))


def export_json_pieces(entry_jsons: list[bytes]) -> list[bytes]:
    """`export_json_bytes` in pieces, in order, each entry's JSON one of them as it is: written
    with `write_pieces`, the megabytes of a long history are never copied into one document."""
    head = EXPORT_HEAD.encode()
    if not entry_jsons:
        return [head + b"[]}\n"]
    pieces = [b",\n  "] * (2 * len(entry_jsons) + 1)
    pieces[1::2] = entry_jsons
    pieces[0] = head + b"[\n  "
    pieces[-1] = b"\n]}\n"
    return pieces


def export_markdown(entries: list[EntryBase], today: date) -> str:
    """A readable document: one section per week, oldest first; letters in full, exposure as tables.

    A letter still sealed on `today` says when it opens, never its words (the JSON export keeps
    them). Control, C1 and bidi characters are visible symbols whether the document goes to a
    terminal, a pipe or a file: a later `cat` of the file must not drive the terminal either.
    """
    ordered = sorted((e for e in entries if e.kind != "step"), key=lambda e: (e.day, e.created))
    out = ["# My rituals", ""]
    if not ordered:
        out.append("_No entries yet._")
    for (year, week), group in groupby(ordered, key=lambda e: e.day.isocalendar()[:2]):
        monday = date.fromisocalendar(year, week, 1)
        sunday = add_days(monday, 6)  # the week of 9999-12-31 ends beyond the last date
        out += [f"## Week {week}, {year} ({monday:%-d %b} – {sunday:%-d %b})", ""]
        for entry in group:
            out += _markdown_entry(entry, today)
    return visible("\n".join(out).rstrip() + "\n")


def _markdown_entry(entry: EntryBase, today: date) -> list[str]:
    from ritual_tui.render import FIELD_LABELS, KIND_LABELS, NOT_SHOWN, format_value, own_fields

    lines = [f"### {entry.day:%A %-d %B} · {KIND_LABELS.get(entry.kind, entry.kind)}", ""]
    opens = sealed_until(entry, today)
    if opens:
        return [*lines, f"_{sealed_text(opens)}_", ""]
    fields = own_fields(entry)
    if entry.kind == "exposure":
        lines += _exposure_table(fields)
        fields = {k: v for k, v in fields.items() if k not in _EXPOSURE_TABLE_KEYS}
    for key, value in fields.items():
        if value in ("", [], None) or key in NOT_SHOWN:
            continue
        label = FIELD_LABELS.get(key, key)
        text = format_value(key, value)
        if key == "body":
            lines += [text.strip(), ""]
        elif "\n" in text:
            lines += [f"**{label}:**", "", text, ""]
        else:
            lines += [f"**{label}:** {text}", ""]
    return lines


_EXPOSURE_TABLE_KEYS = (
    "step",
    "predicted_discomfort",
    "discomfort_before",
    "discomfort_peak",
    "discomfort_after",
    "outcome",
)


def _exposure_table(fields: dict[str, Any]) -> list[str]:
    def cell(key: str) -> str:
        value = fields.get(key)
        return "–" if value is None else str(value).replace("|", "\\|").replace("\n", " ")

    from ritual_tui.models import Outcome

    outcome = Outcome(fields.get("outcome", "planned")).label
    return [
        "| Step | Predicted | Before | Peak | After | Outcome |",
        "|---|---|---|---|---|---|",
        f"| {cell('step')} | {cell('predicted_discomfort')} | {cell('discomfort_before')} "
        f"| {cell('discomfort_peak')} | {cell('discomfort_after')} | {outcome} |",
        "",
    ]


class ImportFormatError(ValueError):
    """The file is not an export of ritual."""


class ImportReport:
    """What an import did with every entry."""

    __slots__ = ("imported", "skipped", "kept_existing", "failed", "notices")

    def __init__(self) -> None:
        self.imported: list[str] = []
        self.skipped: list[str] = []
        """Every entry whose id was there already."""
        self.kept_existing: list[str] = []
        """Those of them whose words differ from the file's (the file's are kept): worth a line each."""
        self.failed: list[str] = []
        self.notices: list[str] = []


def load_export(text: str) -> list[Any]:
    """The entries list of an export document, or ImportFormatError saying what is wrong."""
    import json

    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFormatError(f"it is not valid JSON (line {error.lineno})") from None
    except RecursionError:  # the decoder nests one call per level
        from ritual_tui.store.codec import TOO_DEEP

        raise ImportFormatError(f"it is {TOO_DEEP}") from None
    if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
        raise ImportFormatError('it is not a ritual export (no "format": "ritual-tui")' + _other_journal(document))
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ImportFormatError('it has no "version" a ritual export has (a whole number, 1 for this ritual\'s)')
    if version > EXPORT_VERSION:
        raise ImportFormatError(f"its version {version} is newer than this ritual understands: update ritual to import it")
    entries = document.get("entries")
    if not isinstance(entries, list):
        raise ImportFormatError('it has no "entries" list')
    return entries


def _other_journal(document: Any) -> str:
    """"; it looks like Day One's export: add --from dayone" when the entries say whose they are."""
    entries = document.get("entries") if isinstance(document, dict) else None
    first = next((raw for raw in entries if isinstance(raw, dict)), None) if isinstance(entries, list) else None
    if first is None:
        return ""
    if "creationDate" in first:
        return "; it looks like Day One's export: add --from dayone"
    if "date" in first and "body" in first:
        return "; it looks like jrnl's export: add --from jrnl"
    return ""


def import_entries(store: Store, raw_entries: list[Any]) -> ImportReport:
    """Save every entry whose id is new; skip known ids; one bad entry never stops the rest."""
    from ritual_tui.models import EntryError, parse_entry
    from ritual_tui.store import StoreError
    from ritual_tui.store.codec import shape_problem

    report = ImportReport()
    existing = {s.entry.id: s.entry for s in store.scan().entries}
    for index, raw in enumerate(raw_entries, start=1):
        label = f"entry {index}"
        if not isinstance(raw, dict):
            report.failed.append(f"{label}: not an object")
            continue
        problem = shape_problem(raw)  # before anything recursive reads it
        if problem is not None:
            report.failed.append(f"{label}: {problem[1]}")
            continue
        raw, replaced = _repair_surrogates(raw)
        raw, nulls = _without_nulls(raw)
        if isinstance(raw.get("id"), str):
            label = f"entry {index} ({raw['id']})"
        try:
            entry = parse_entry(raw)
        except EntryError as error:
            report.failed.append(f"{label}: {error}")
            continue
        if entry.id in existing:
            same = existing[entry.id].to_document() == entry.to_document()
            why = "already present" if same else "already present with other content; kept the existing one"
            report.skipped.append(f"{label}: {why}")
            if not same:
                report.kept_existing.append(f"{label}: {why}")
            continue
        try:
            saved = store.save(entry)
        except (StoreError, OSError) as error:
            report.failed.append(f"{label}: not saved ({_reason(error)})")
            continue
        if saved.conflict_with is not None:  # another file (one ritual cannot read) holds its place: left as it is
            report.notices.append(f"{label}: its place holds another file, {saved.conflict_with}; saved beside it "
                                  f"as {saved.path.name}: compare the two (`ritual doctor`)")
        existing[entry.id] = entry
        report.imported.append(label)
        if replaced:  # said of what was imported only: an entry skipped or failed kept nothing of it
            report.notices.append(f"{label}: {replaced} broken character(s) replaced with \ufffd")
        if nulls:
            report.notices.append(f"{label}: {nulls} empty (null) value(s) inside a field left out: TOML has no null")
    return report


def _reason(error: Exception) -> str:
    if isinstance(error, OSError):
        return error.strerror or type(error).__name__
    return str(error)


def _without_nulls(document: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """`document` without the nulls inside its fields' lists and tables, and how many there were:
    TOML cannot hold one, so an entry keeping one (in a field ritual does not know) could not be
    saved at all. A field that is null itself is left to the model (absent, as an export writes it)."""
    def clean(value: Any) -> tuple[Any, int]:
        if isinstance(value, dict):
            kept = {key: clean(item) for key, item in value.items() if item is not None}
            return {key: pair[0] for key, pair in kept.items()}, len(value) - len(kept) + sum(pair[1] for pair in kept.values())
        if isinstance(value, list):
            kept_items = [clean(item) for item in value if item is not None]
            return [pair[0] for pair in kept_items], len(value) - len(kept_items) + sum(pair[1] for pair in kept_items)
        return value, 0

    total = 0
    cleaned = {}
    for key, value in document.items():
        cleaned[key], count = clean(value) if isinstance(value, (dict, list)) else (value, 0)
        total += count
    return cleaned, total


def _repair_surrogates(value: Any) -> tuple[Any, int]:
    from ritual_tui.store.codec import replace_lone_surrogates

    if isinstance(value, str):
        return replace_lone_surrogates(value)
    if isinstance(value, dict):
        total = 0
        fixed = {}
        for key, item in value.items():
            fixed[key], count = _repair_surrogates(item)
            total += count
        return fixed, total
    if isinstance(value, list):
        pairs = [_repair_surrogates(item) for item in value]
        return [p[0] for p in pairs], sum(p[1] for p in pairs)
    return value, 0
