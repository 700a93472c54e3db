"""Today's first frame without pydantic: the settings and recent files read with tomli alone.

ritual opens at login, so Today is drawn before the models are even imported. Files are found by
name (`<YYYY-MM-DD>-<id>.toml` under `entries/<kind>/<YYYY>/`) and parsed only when a rule reads
more than their kind and day. The full journal replaces this view a moment later; its validated
answers are the truth, so a file this view cannot read is simply left out of the rule asking.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from ritual_tui.clock import now, ritual_day
from ritual_tui.queries import REFLECTION_WINDOW_DAYS, JournalQueries, memory_days
from ritual_tui.quick_settings import QuickSettings
from ritual_tui.store.conflicts import conflict_tool
from ritual_tui.store.results import StoredEntry
from ritual_tui.store.summary import EntrySummary
from ritual_tui.vocabulary import RITUAL_KINDS

RECENT_DAYS = 30
"""Today counts practice over the last 30 days."""


def recent_entries(entries_dir: Path, today: date) -> list[EntrySummary]:
    """Ritual entries of the last RECENT_DAYS ritual days and of the memory days, newest first, by file name.

    Conflict copies and stray files are left to the full scan, which reports them.
    """
    recent = (today - timedelta(days=back) for back in range(RECENT_DAYS))
    wanted = {day.isoformat(): day for day in (*recent, *(day for _, day in memory_days(today)))}
    found: list[EntrySummary] = []
    for kind in RITUAL_KINDS:
        for year in sorted({name[:4] for name in wanted}):
            folder = entries_dir / kind / year
            try:
                names = os.listdir(folder)
            except OSError:
                continue
            for name in names:
                day = wanted.get(name[:10])
                if day is not None and name.endswith(".toml") and not name.startswith(".") and conflict_tool(name) is None:
                    found.append(EntrySummary.of_file(folder / name, kind, day))
    found.sort(key=lambda e: (e.day, e.path.name), reverse=True)
    return found


class QuickJournal(JournalQueries):
    """Today's rules over the recent files, for the first frame; the full `Journal` follows.

    Exposure records are read only within the reflection window (and on the memory days), so
    plans waiting for longer are counted once the whole history is read.
    """

    def __init__(self, entries_dir: Path, settings: QuickSettings, clock: Callable[[], datetime] = now) -> None:
        self.settings = self.day_settings = settings
        self.clock = clock
        self.version = 0
        today = ritual_day(clock(), settings.day_start_hour)
        recent = recent_entries(entries_dir, today)
        self.practice_days = {entry.day for entry in recent}
        oldest_plan = today - timedelta(days=REFLECTION_WINDOW_DAYS)
        memory = {day for _, day in memory_days(today)}
        self.stored = [
            StoredEntry(entry, entry.path, "") for entry in recent if entry.kind != "exposure" or entry.day >= oldest_plan or entry.day in memory
        ]

    def practised_on(self, day: date) -> bool:
        """True when any ritual file of `day` exists (by name: nothing is parsed to count practice)."""
        return day in self.practice_days
