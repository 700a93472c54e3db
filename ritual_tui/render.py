"""Entries as readable text: field labels and a plain rendering for `show` and Markdown."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ritual_tui.models import EntryBase, Outcome
from ritual_tui.patterns import FEEDBACK_KINDS, trap_name
from ritual_tui.rituals import KIND_LABELS
from ritual_tui.sealing import sealed_text, sealed_until
from ritual_tui.text import visible

FIELD_LABELS = {
    "strength": "Strength",
    "where_it_showed": "Where it showed up",
    "use_today": "How I'll use it today",
    "yesterday_note": "Where yesterday's intention showed up",
    "items": "Grateful for",
    "prompts": "The prompts they answered",
    "step": "Ladder step",
    "situation": "Situation",
    "small_step": "The small step",
    "predicted_discomfort": "Predicted discomfort",
    "fear": "What I fear will happen",
    "exit_strategy": "Exit strategy",
    "grounding": "Grounding tactic",
    "outcome": "Outcome",
    "discomfort_before": "Discomfort before",
    "discomfort_peak": "Discomfort at the peak",
    "discomfort_after": "Discomfort after",
    "what_helped": "What helped",
    "adjust_next_time": "What to adjust next time",
    "reflected": "Reflected",
    "week": "Week",
    "body": "Letter",
    "wins": "Wins quoted",
    "sealed_until": "Sealed until",
    "name": "Step",
    "difficulty": "Difficulty",
    "position": "Position",
    "archived": "Archived",
    "what_happened": "What happened",
    "story": "The story I told myself",
    "traps": "Thinking traps noticed",
    "other_explanations": "What else could explain it",
    "outside_control": "Outside my control",
    "feedback": "What it was",
    "to_a_friend": "What I would say to a friend",
    "perspective_from": "Who could give me perspective",
    "next_step": "One small next step",
    "intensity_before": "Intensity before",
    "intensity_after": "Intensity after",
    "statement": "Mission",
    "values": "Values",
    "circle": "Circle",
    "circle_kind": "Kind of circle",
    "gives": "What it gives me",
    "people": "People I can lean on",
    "step_type": "Step taken",
    "note": "Note",
    "boundary": "Boundary",
    "why": "Why it matters",
    "words": "The words I will use",
    "moment": "The moment",
    "feeling_before": "How it felt before",
    "feeling_after": "How it felt after",
    "title": "Title",
    "tags": "Tags",
}

KIND_FIELD_LABELS = {("note", "body"): "Note"}
"""Labels that differ by kind (a letter's `body` is the letter, a note's is the note)."""

NOT_SHOWN = frozenset({"position", "step_id", "circle_id", "boundary_id"})
"""Fields that only link entries together: `show` and Markdown leave them out."""

COMMON_FIELDS = ("schema", "id", "kind", "day", "created", "updated")


def own_fields(entry: EntryBase) -> dict[str, Any]:
    """The kind's own fields and any extra fields, without the common header fields."""
    document = entry.to_document()
    return {key: value for key, value in document.items() if key not in COMMON_FIELDS}


def format_value(key: str, value: Any) -> str:
    """A field's value as words."""
    if key == "outcome":
        return Outcome(value).label
    if key in {"predicted_discomfort", "discomfort_before", "discomfort_peak", "discomfort_after", "difficulty"}:
        return f"{value} / 100"
    if key in {"intensity_before", "intensity_after"}:
        return f"{value} / 100"
    if key == "traps":
        return "\n".join(f"- {trap_name(trap)}" for trap in value)
    if key == "feedback":
        return FEEDBACK_KINDS.get(value, str(value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if key in {"circle_kind", "step_type"}:
        return str(value).replace("-", " ")
    if key == "people":  # tables: a name and the "knows how I handle rejection" flag
        return "\n".join(
            f"- {person.get('name', '')}" + (" (knows how I handle rejection)" if person.get("knows_rejection") else "")
            for person in value if isinstance(person, dict)
        )
    if key == "tags":
        return ", ".join(map(str, value))
    if isinstance(value, list):
        return "\n".join(f"- {item}" for item in value)
    return str(value)


def heading(entry: EntryBase) -> str:
    """`Gratitude — Wednesday 25 November 2026`."""
    return f"{KIND_LABELS.get(entry.kind, entry.kind)} — {entry.day:%A %-d %B %Y}"


def render_plain(entry: EntryBase) -> str:
    """The whole entry as plain text, labels first, empty fields left out."""
    lines = [heading(entry), f"id {entry.id} · written {entry.created:%Y-%m-%d %H:%M}", ""]
    for key, value in own_fields(entry).items():
        if value in ("", [], None) or key in NOT_SHOWN:
            continue
        label = KIND_FIELD_LABELS.get((entry.kind, key)) or FIELD_LABELS.get(key, key)
        text = format_value(key, value)
        if "\n" in text or len(text) > 60:
            lines.extend([f"{label}:", *("  " + line for line in text.splitlines()), ""])
        else:
            lines.append(f"{label}: {text}")
    return "\n".join(lines).rstrip() + "\n"


def render_sealed(entry: EntryBase, opens: date) -> str:
    """What a sealed letter shows before its day: when it opens, never its words."""
    return f"{heading(entry)}\n\n{sealed_text(opens)}\n"


def render_shown(entry: EntryBase, today: date) -> str:
    """The entry as `show` and the reading panes show it on `today`, safe for a terminal.

    In full with control characters as visible symbols, or, for a letter still sealed, only
    when it opens (the rule is `sealing`'s).
    """
    opens = sealed_until(entry, today)
    return render_sealed(entry, opens) if opens else visible(render_plain(entry))


def patterns_block(entries, today: date, *, markdown: bool = False) -> str:
    """The reframes' patterns (thinking traps by month, the intensity drop) as a few lines ending
    in a newline, for `show`, `list --kind reframe` and Markdown; "" when there is no reframe."""
    from ritual_tui.patterns import PATTERN_MONTHS, patterns

    lines = patterns(entries, today).lines()
    if not lines:
        return ""
    title = f"Patterns over the last {PATTERN_MONTHS} months"
    if markdown:
        return visible("\n".join([f"## {title}", "", *(f"- {line}" for line in lines)]) + "\n")
    return visible("\n".join([f"{title}:", *(f"  {line}" for line in lines)]) + "\n")
