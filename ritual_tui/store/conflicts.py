"""Recognising the copies sync tools make when two machines change the same file."""

from __future__ import annotations

import re
from functools import cache


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each tool's naming, compiled on first need (most commands never meet a conflict copy)."""
    return (
        ("Syncthing", re.compile(r"\.sync-conflict-\d{8}-\d{6}(-[A-Z0-9]+)?", re.IGNORECASE)),
        ("Dropbox", re.compile(r" \([^()]*conflicted copy[^()]*\)", re.IGNORECASE)),
        ("Nextcloud", re.compile(r" \(conflicted copy \d{4}-\d{2}-\d{2} \d{6}\)", re.IGNORECASE)),
        ("ownCloud", re.compile(r"_conflict-\d{8}-\d{6}", re.IGNORECASE)),
        ("Nextcloud", re.compile(r" \(conflict\)|\.conflict", re.IGNORECASE)),
        ("ritual", re.compile(r"\.ritual-conflict-\d{8}-\d{6}")),
    )


def conflict_tool(file_name: str) -> str | None:
    """The sync tool whose conflict-copy naming `file_name` follows, or None for a normal file.

    Nextcloud's current client writes " (conflicted copy 2026-01-01 120000)", the same shape as
    Dropbox's " (Name's conflicted copy 2026-01-01)"; the date-and-time form is attributed to
    Nextcloud, anything else with "conflicted copy" to Dropbox.
    """
    if "onflict" not in file_name.lower():  # every pattern below names a conflict; most files don't
        return None
    patterns = _patterns()
    for tool, pattern in (patterns[2], patterns[0], patterns[1], *patterns[3:]):
        if pattern.search(file_name):
            return tool
    return None


def original_name(file_name: str) -> str:
    """The file name the conflict copy was made from (best effort)."""
    name = file_name
    for _, pattern in _patterns():
        name = pattern.sub("", name)
    return name
