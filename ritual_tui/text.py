"""Text helpers shared by the models, the command line and the screens (no pydantic, no Textual here)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

_CONTROL_MAP = {code: chr(0x2400 + code) for code in range(32) if chr(code) not in "\n\t"}
_CONTROL_MAP[0x7F] = "\u2421"
_CONTROL_MAP.update({code: "\ufffd" for code in range(0x80, 0xA0)})
_CONTROL_MAP.update({code: "\ufffd" for code in range(0xD800, 0xE000)})


def visible(text: str) -> str:
    """Show control characters (ESC, NUL, ...) as visible symbols so they never reach the terminal raw.

    The stored text is unchanged; this is only for display. Newlines and tabs are kept.
    """
    return text.translate(_CONTROL_MAP)


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


NOT_WORDS = frozenset({"id", "kind", "step_id", "outcome", "week", "day", "created", "updated", "reflected", "sealed_until"})
"""Fields that are not the user's words (dates are named too: a JSON dump holds them as text)."""


def text_fields_of(fields: Mapping[str, Any]) -> dict[str, str]:
    """Every piece of user text in an entry's fields (a model dump or its JSON document), lists flattened."""
    found: dict[str, str] = {}
    for name, value in fields.items():
        if isinstance(value, str) and name not in NOT_WORDS:
            found[name] = value
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, str):
                    found[f"{name}[{index}]"] = item
    return found


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
    if kind == "letter":
        return first_line(fields.get("body", ""))
    if kind == "exposure":  # the small step, or the ladder step when no small step was written
        for name in ("small_step", "step", "situation"):
            if line := first_line(fields.get(name) or ""):
                return line
        return ""
    return ""
