"""Text helpers shared by the models, the command line and the screens (no pydantic, no Textual here)."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import cache, lru_cache
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
    if json_text.isascii() and "\x7f" not in json_text:  # the common case, without the pattern's scan
        return json_text
    return json_text.translate(_maps()[2]) if _json_unsafe().search(json_text) else json_text


def one_line(text: str, width: int = 72) -> str:
    """`text` on a single visible line, cut to `width` cells (what a terminal draws) with an ellipsis."""
    flat = " ".join(visible(text).split())
    if flat.isascii():
        return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"
    # Wide letters (Chinese, Japanese, Korean, most emoji) take two cells: cut at so many letters, a
    # Japanese step's name took twice its room and pushed what follows it off the line.
    # Never more than `width` characters either (combining marks take no cell): what keeps a line
    # short keeps it short by both counts.
    used, end = 0, None  # only the first `width` cells are measured, however long the text
    for index, character in enumerate(flat):
        used += _cells(character)
        if end is None and (used > width - 1 or index >= width - 1):
            end = index  # where the cut goes, if the text is too long
        if used > width or index >= width:
            return flat[:end].rstrip() + "…"
    return flat


def _cells(character: str) -> int:
    """The cells a terminal gives one character: 2 for a wide one, 0 for a combining mark."""
    if unicodedata.combining(character) or unicodedata.category(character) in ("Mn", "Me"):
        return 0
    return 2 if unicodedata.east_asian_width(character) in ("W", "F") else 1


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


# --- words, as the catalog's search table splits them ----------------------------------------------
# The table's tokenizer, `unicode61 remove_diacritics 2` (catalog/schema.py), knows Unicode 6.1:
# letters, digits and private-use characters make words and every other character separates them
# ("don't", "a.b", "foo_bar", "e-mail" are two words each); a letter is folded by simple case folding
# (ß, ﬁ, ŉ and full-width letters stay as they are: they are not "ss", "fi", "ʼn" or ASCII) and a
# Latin letter loses its accents (é, ñ, å, ǖ, ệ become e, n, a, u, e; ø, ł, æ, ǆ and Greek ά stay),
# while the 25 accents it knows are dropped inside a word. Python's tables are of a later Unicode;
# below, in hexadecimal, are the characters where the two differ, found by asking SQLite
# (tests/test_search_rule_s10.py checks every code point against the SQLite in use).
#
# Word characters unicode61 keeps as they are where Python would fold them or split at them: mostly
# characters added since 6.1 (emoji, scripts, marks and capitals), each range as wide as unicode61
# keeps its characters, so that those a later Python learns fall in them too.
_KEPT_AS_THEY_ARE = (
    "1E1 37F-383 527-530 58B-58E 605 61C-61D 7FA-815 85F-8E3 8FF 9FC-A00 A76-A80 AF2-B00 B4E-B55 BFB-C00 "
    "C04-C3D C64-C7E C80-C81 C84-CBB CE4-D01 D04-D3D D4E-D56 D7A-D81 EBA 139A-13FF 1715-1731 180F-18A8 "
    "1AAE-1AFF 1B7D-1B7F 1C80-1CBF 1CF5-1DBF 1DE7-1DFB 2065-2069 20BA-20CF 2184-218F 23F4-23FF 2700 "
    "2B4D-2B4F 2B5A-2BFF 2C2F-2C5F 2E3C-2E7F 32FF A697-A69E A793-A79F A7AB-A801 A82C-A835 A8C5-A8CD "
    "A8FB-A925 A9E0-AA28 AA7C-AAAF AAF7-ABE2 FBC2-FD3D FD40-FDFB FDFE-FDFF FE27-FE2F 1018A-1018F "
    "1019C-101CF 101FE-1039E 10428-10856 10858-1091E 10A80-10B38 10B40-10FFF 1104E-1107F 110C2-110FF "
    "11144-1117F 111C9-116AA 116B8-1246F 12474-16F50 16F7F-16F8E 16F93-1CFFF 1D1DE-1D1FF 1D7C4-1EEEF "
    "1F0BF-1F0C0 1F0E0-1F10F 1F12F 1F16C-1F16F 1F19B-1F1E5 1F23B-1F23F 1F252-1F2FF 1F321-1F32F 1F336 "
    "1F37D-1F37F 1F394-1F39F 1F3C5 1F3CB-1F3DF 1F3F1-1F3FF 1F43F 1F441 1F4F8 1F4FD-1F4FF 1F53E-1F53F "
    "1F544-1F54F 1F568-1F5FA 1F641-1F644 1F650-1F67F 1F6C6-1F6FF 1F774-E0000"
)
_SEPARATORS_TOO = "19B0-19C0 19C8-19C9 1CF2-1CF3 FFFE-FFFF"  # letters to Python, vowel signs (or nothing) to 6.1
_DROPPED_ACCENTS = "300-304 306-30C 30F 311 31B 323-328 32D-32E 330-331"  # inside a word; elsewhere they separate
_OWN_FOLDS = {0x130: "i", 0x1E0: "\u01e1"}  # İ is i; Ǡ is ǡ, which keeps its marks


@cache
def _code_ranges(spec: str) -> tuple[list[int], list[int]]:
    """The first and last code points of each range in `spec` ("300-304 30F"), in order."""
    firsts, lasts = [], []
    for part in spec.split():
        first, _, last = part.partition("-")
        firsts.append(int(first, 16))
        lasts.append(int(last or first, 16))
    return firsts, lasts


def _in_ranges(code: int, spec: str) -> bool:
    firsts, lasts = _code_ranges(spec)
    index = bisect_right(firsts, code) - 1
    return index >= 0 and code <= lasts[index]


def _word_form(code: int) -> str:
    """What unicode61 makes of one character: " " when it separates words, "" when it is dropped,
    else the character as the search table stores it (folded, without accents)."""
    char = chr(code)
    if _in_ranges(code, _KEPT_AS_THEY_ARE):
        return char
    category = unicodedata.category(char)
    if not (category[0] in "LN" or category in ("Co", "Cn")) or _in_ranges(code, _SEPARATORS_TOO):
        return "" if _in_ranges(code, _DROPPED_ACCENTS) else " "
    if code in _OWN_FOLDS:
        return _OWN_FOLDS[code]
    folded = char.casefold()
    if len(folded) > 1:  # full case folding (ß → ss); unicode61 folds one character to one
        folded = char.lower() if len(char.lower()) == 1 else char
    bare = unicodedata.normalize("NFD", folded)
    return bare[0] if bare[0].isascii() and all(unicodedata.combining(mark) for mark in bare[1:]) else folded


class _WordForms(dict):
    """`_word_form` of each character met so far, for `str.translate` (a missing one is worked out once)."""

    def __missing__(self, code: int) -> str:
        form = self[code] = _word_form(code)
        return form


_WORD_FORMS = _WordForms()


def folded_words(text: str) -> list[str]:
    """The words of `text` as the catalog's search table stores them (see the notes above)."""
    return text.translate(_WORD_FORMS).split()


@lru_cache(maxsize=64)
def _query_phrases(query: str) -> tuple[str, ...] | None:
    """Each word of `query` as its run of folded words, each after one space (" don t"); None when
    no word of it holds a word character (a query of marks finds nothing)."""
    phrases = tuple(" " + " ".join(folded) for word in query.split() if (folded := folded_words(word)))
    return phrases if phrases or not query.split() else None


def starts_words(text: str, query: str) -> bool:
    """True when the catalog's search (`catalog.words.match_text`) finds `query` in `text`: the same
    rule, for when the files are read without the catalog.

    Each word of `query` is split and folded as `text` is (`folded_words`). A word of one piece must
    begin a word of `text`; a word of several ("don't", "a.b", "NEAR(a") must be that run of words in
    `text`, the last only begun: "don't" finds "don t" and "don tea", never "t don" or "dont". A word
    with nothing to find ("-", "😀") is left out, and a query of only such words finds nothing.
    One difference is left: SQLite keeps the first 32768 bytes of a longer word, Python all of it.
    """
    phrases = _query_phrases(query)
    if not phrases:
        return phrases is not None
    spaced = " " + text.translate(_WORD_FORMS)  # its words, apart by one space or more
    tight = None
    for phrase in phrases:
        if phrase in spaced:
            continue
        if phrase.count(" ") == 1:  # one word, not begun here
            return False
        if tight is None:  # a run of words, which may stand apart by more than one space ("a. b")
            tight = " " + " ".join(spaced.split())
        if phrase not in tight:
            return False
    return True


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
