"""Text helpers shared by the models, the command line and the screens (no pydantic, no Textual here)."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from collections.abc import Mapping

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# The one neutraliser. Everything that could drive a terminal, whatever a file or an argument holds:
# C0 controls (ESC starts CSI and OSC sequences: titles, clipboard writes), DEL, C1 controls (0x9B
# is a one-byte CSI on some terminals, 0x85 a newline), the bidi embeddings, overrides and isolates
# that reorder what a reader sees ("Trojan Source"), and lone surrogates (not even valid UTF-8).
# LRM/RLM marks (U+200E/F) stay: right-to-left writing needs them and they reorder no span.
_UNSAFE_RANGES = ((0x00, 0x1F), (0x7F, 0x9F), (0x202A, 0x202E), (0x2066, 0x2069), (0xD800, 0xDFFF))
UNSAFE = frozenset(code for low, high in _UNSAFE_RANGES for code in range(low, high + 1))
"""Every code point the neutraliser changes (newline and tab only on one-line output)."""


def _finder(ranges) -> re.Pattern[str]:
    """A regex matching one character in any of `ranges` (searching first is far quicker than translating)."""
    return re.compile("[" + "".join(f"{re.escape(chr(low))}-{re.escape(chr(high))}" for low, high in ranges) + "]")


# Each finder is compiled on first need (about 1 ms each: most programs need one or two of them).
@cache
def _line_unsafe() -> re.Pattern[str]:
    return _finder(_UNSAFE_RANGES)


@cache
def _text_unsafe() -> re.Pattern[str]:
    return _finder(((0x00, 0x08), (0x0B, 0x1F), *_UNSAFE_RANGES[1:]))  # tab (0x09) and newline (0x0A) kept


@cache
def _json_unsafe() -> re.Pattern[str]:
    return _finder(_UNSAFE_RANGES[1:])  # json.dumps escapes C0 itself


@cache
def _maps() -> tuple[dict[int, str], dict[int, str], dict[int, str]]:
    """The translation tables for one line, for text and for JSON: built on first need (it is rare)."""
    symbols = {code: chr(0x2400 + code) for code in range(0x20)} | {0x7F: "\u2421"}  # ␀ … ␟, ␡
    line = {code: symbols.get(code, "\ufffd") for code in UNSAFE}
    text = {code: symbol for code, symbol in line.items() if chr(code) not in "\n\t"}
    return line, text, {code: f"\\u{code:04x}" for code in UNSAFE if code >= 0x7F}


def visible(text: str) -> str:
    """Text (an entry's words, a message) safe for a terminal: controls shown as visible symbols.

    ESC becomes ␛, NUL ␀ and so on; C1 controls, bidi overrides and lone surrogates become �.
    Newlines and tabs are kept. Every character maps to one character. The stored text is
    unchanged; this is only for display.
    """
    return text.translate(_maps()[1]) if _text_unsafe().search(text) else text


def visible_line(text: str) -> str:
    """`visible` for what must stay on one line (a file name, an id, a key): newline and tab shown too."""
    return text.translate(_maps()[0]) if _line_unsafe().search(text) else text


def needs_visible(text: str) -> bool:
    """True when `text` holds anything `visible` would change."""
    return _text_unsafe().search(text) is not None


def json_safe(json_text: str) -> str:
    """JSON text with DEL, C1, bidi controls and lone surrogates written as `\\u` escapes (`\\u0085`).

    The value is the same (`json.loads` gives back the exact text) and it is still plain JSON,
    but printing it can never drive a terminal (`json.dumps` already escapes C0). Such
    characters can only stand inside JSON strings, where the escape means the same.
    """
    return json_text.translate(_maps()[2]) if _json_unsafe().search(json_text) else json_text


def one_line(text: str, width: int = 72) -> str:
    """`text` on a single visible line, cut to `width` characters with an ellipsis."""
    flat = " ".join(visible(text).split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def matches_all(haystack: str, query: str) -> bool:
    """True when every word of `query` appears in `haystack`, ignoring case."""
    return contains_words(haystack.casefold(), query.casefold().split())


def contains_words(folded_haystack: str, folded_words: list[str]) -> bool:
    """`matches_all` for text and words already case-folded (the hot path of search as you type)."""
    return all(word in folded_haystack for word in folded_words)


NOT_WORDS = frozenset({"id", "kind", "step_id", "circle_id", "boundary_id", "outcome", "week", "day", "created", "updated", "reflected", "sealed_until", "prompts"})
"""Fields that are not the user's words (dates are named too: a JSON dump holds them as text)."""


def text_fields_of(fields: Mapping[str, Any]) -> dict[str, str]:
    """Every piece of user text in an entry's fields (a model dump or its JSON document), lists flattened."""
    found: dict[str, str] = {}
    for name, value in fields.items():
        if isinstance(value, str) and name not in NOT_WORDS:
            found[name] = value
        elif isinstance(value, list) and name not in NOT_WORDS:  # a gratitude entry's prompts are not its words
            for index, item in enumerate(value):
                if isinstance(item, str):
                    found[f"{name}[{index}]"] = item
                elif isinstance(item, Mapping):  # a table in a list: a circle's people
                    for inner, text in text_fields_of(item).items():
                        found[f"{name}[{index}].{inner}"] = text
    return found


_WORD = re.compile(r"[^\W_]+")


def folded_words(text: str) -> list[str]:
    """The words of `text`, case-folded and without accents, as the catalog's search table splits them."""
    bare = unicodedata.normalize("NFKD", text.casefold())
    return _WORD.findall("".join(ch for ch in bare if not unicodedata.combining(ch)))


def starts_words(text: str, query: str) -> bool:
    """True when every word of `query` begins some word of `text` (case and accents ignored): the
    rule of the catalog's search, for when the files are read without it."""
    words = folded_words(text)
    return all(any(word.startswith(wanted) for word in words) for wanted in folded_words(query))


def first_line(text: str) -> str:
    """The first non-blank line of `text`, stripped."""
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


def entry_title(kind: str, fields: Mapping[str, Any]) -> str:
    """An entry's one-line summary for lists, from its fields (a model's or a file's document)."""
    if kind == "strengths":
        return fields.get("strength", "")
    if kind == "gratitude":
        return " · ".join(item.replace("\n", " ") for item in fields.get("items", ()))
    if kind == "step":
        return fields.get("name", "")
    if kind == "letter":  # "Dear me," says nothing in a list of letters: the line after it does
        lines = [line.strip() for line in fields.get("body", "").splitlines() if line.strip()]
        if len(lines) > 1 and lines[0].endswith(",") and len(lines[0]) <= 30:
            return f"{lines[0]} {lines[1]}"
        return lines[0] if lines else ""
    if kind == "reframe":
        return first_line(fields.get("what_happened", ""))
    if kind == "mission":
        return first_line(fields.get("statement", ""))
    if kind == "note":
        # `title` in a file's document, `note_title` in a model's fields (see models/note.py)
        return first_line(fields.get("title", fields.get("note_title", ""))) or first_line(fields.get("body", ""))
    if kind == "circle":
        return fields.get("circle", "")
    if kind == "contact":  # "reached out · Climbing club: asked about Sunday"
        kind_of_step = fields.get("step_type", "").replace("-", " ")
        step = f"{kind_of_step[:1].upper()}{kind_of_step[1:]} · {fields.get('circle', '')}"
        note = first_line(fields.get("note", ""))
        return f"{step}: {note}" if note else step
    if kind == "boundary":
        return first_line(fields.get("boundary", ""))
    if kind == "held":
        return first_line(fields.get("moment", "")) or first_line(fields.get("boundary", ""))
    if kind == "exposure":  # the small step, or the ladder step when no small step was written
        for name in ("small_step", "step", "situation"):
            if line := first_line(fields.get(name) or ""):
                return line
        return ""
    return ""
