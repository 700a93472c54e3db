"""What is due today, for login scripts: Today's own rules over file names and a few small files.

No pydantic, no Textual: fast enough to run at every login.
"""

from __future__ import annotations

import tomli  # tomllib's own upstream, compiled: the same answers and messages, 2-3x faster
from datetime import date, datetime, time, timedelta
from pathlib import Path

from ritual_tui.clock import ritual_day
from ritual_tui.queries import REFLECTION_WINDOW_DAYS, planned_day
from ritual_tui.quick import QuickJournal
from ritual_tui.quick_settings import QuickSettings
from ritual_tui.rituals import BY_KIND
from ritual_tui.store.results import StoredEntry
from ritual_tui.store.summary import EntrySummary

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def quick_journal(entries_dir: Path, settings: QuickSettings, moment: datetime, catalog_file: Path | None = None) -> QuickJournal:
    """Today's rules over the recent files, as of `moment` (read once, asked by each of the below).

    A file named for today counts only when it holds an entry of its folder's kind and of that
    day: an empty or broken file (an interrupted copy, a hand edit gone wrong) or one whose `day`
    was edited is no ritual done, as the full journal (and Today) reads it. Only today's few
    files are parsed here; the older ones still count by name.

    A plan written before the last weeks' files (planned three weeks ahead) is found through the
    catalog (`catalog_file`, when given) and read from its file.
    """
    journal = QuickJournal(entries_dir, settings, clock=lambda: moment)
    today = journal.today()
    kept = [s for s in journal.stored if s.entry.day != today or _holds_its_day(s.entry.document, today)]
    if catalog_file is not None:
        known = {s.path for s in kept}
        kept += [StoredEntry(plan, plan.path, "") for plan in _older_plans(catalog_file, entries_dir, today) if plan.path not in known]
    journal.stored = kept
    return journal


def _older_plans(catalog_file: Path, entries_dir: Path, today: date) -> list[EntrySummary]:
    """Plans the catalog last saw waiting that were written before the quick view's window, as
    files found by name (each is read when a rule asks: one reflected since no longer waits).
    None are found when there is no catalog or it cannot be read (the next command or the app
    makes it again)."""
    import sqlite3

    since = (today - timedelta(days=REFLECTION_WINDOW_DAYS)).isoformat()
    try:
        db = sqlite3.connect(f"{catalog_file.as_uri()}?mode=ro", uri=True, timeout=0.2)
        try:
            rows = db.execute("SELECT path, day FROM files INDEXED BY files_waiting WHERE listed = 1 AND kind = 'exposure' "
                              "AND outcome = 'planned' AND day < ?", (since,)).fetchall()
        finally:
            db.close()
    except (sqlite3.Error, ValueError):  # ValueError: a relative path has no URI
        return []
    found = []
    for relative, day in rows:
        try:
            found.append(EntrySummary.of_file(entries_dir / relative, "exposure", date.fromisoformat(day)))
        except (TypeError, ValueError):
            continue
    return found


def _holds_its_day(document: dict[str, Any], day: date) -> bool:
    """True when a file's document (`{}` when it cannot be read or is of another kind) is an
    entry with its id on `day` (a date, its ISO text or a date-time at midnight, as the model reads
    it; a file without an id is no entry: `models.parse_stored_entry`)."""
    value = document.get("day")
    if isinstance(value, datetime):
        value = value.date() if value.time() == time() else None
    elif isinstance(value, str):
        try:
            value = date.fromisoformat(value) if len(value) == 10 else None
        except ValueError:
            value = None
    return isinstance(document.get("id"), str) and value == day


def due_today(entries_dir: Path, settings: QuickSettings, moment: datetime, journal: QuickJournal | None = None) -> list[tuple[str, str]]:
    """(kind, line) for every ritual due on the ritual day of `moment` (Today's rules, over file names)."""
    journal = journal or quick_journal(entries_dir, settings, moment)
    due: list[tuple[str, str]] = []
    for state in journal.due():
        if BY_KIND[state.kind].due == "plans":
            today = journal.today()
            waiting = sum((today - planned_day(plan)).days <= REFLECTION_WINDOW_DAYS for plan in journal.awaiting_reflection())
            due.append((state.kind, f"{_due_name(state.kind)}: {waiting} plan{'s' if waiting > 1 else ''} waiting"))
        else:
            due.append((state.kind, _due_name(state.kind)))
    return due


def planned_lines(entries_dir: Path, settings: QuickSettings, moment: datetime, journal: QuickJournal | None = None) -> list[str]:
    """What is planned but not due yet: "Exposure practice: planned for Monday" (never greets at login)."""
    if not settings.ritual_enabled("exposure"):
        return []
    journal = journal or quick_journal(entries_dir, settings, moment)
    state = next((s for s in journal.states() if s.kind == "exposure"), None)
    if state is None or not state.hint.startswith("planned for"):
        return []
    return [f"{BY_KIND['exposure'].name}: {state.hint}"]


def _due_name(kind: str) -> str:
    declared = BY_KIND[kind]
    return declared.due_name or declared.name


def read_login_state(path: Path) -> dict[str, Any]:
    """The login greeting's memory: `greeted` (a ritual day) and `snoozed_until` (a time)."""
    try:
        return tomli.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomli.TOMLDecodeError, RecursionError):
        return {}


def write_login_state(path: Path, state: dict[str, Any]) -> None:
    """Remember the greeting state (a failure only means ritual may greet once more)."""
    import tomli_w

    from ritual_tui.store.atomic import atomic_write

    try:
        atomic_write(path, tomli_w.dumps(state).encode("utf-8"))
    except OSError:
        pass


def snoozed_until(state_file: Path, moment: datetime) -> datetime | None:
    """The end of a snooze still running at `moment`, if any."""
    until = read_login_state(state_file).get("snoozed_until")
    return until if isinstance(until, datetime) and until > moment else None


def snooze(state_file: Path, moment: datetime, hours: int) -> datetime:
    """Keep the login greeting away for `hours`, and only that long; returns until when.

    The greeting that led here no longer counts for the day: once the snooze ends, the next login
    greets again (when something is still due), as "later" promised.
    """
    state = read_login_state(state_file)
    state.pop("greeted", None)
    state["snoozed_until"] = moment + timedelta(hours=hours)
    write_login_state(state_file, state)
    return state["snoozed_until"]


def login_greeting_due(state_file: Path, entries_dir: Path, settings: QuickSettings, moment: datetime,
                       catalog_file: Path | None = None) -> bool:
    """For login scripts: True at most once per ritual day, only when something is due and not snoozed
    (`catalog_file`: see `quick_journal`). One login shell at a time: several opened at once (a
    terminal restoring its tabs) each read "not greeted" and each opened ritual."""
    from ritual_tui.store.lock import briefly_alone

    with briefly_alone(state_file.with_name(state_file.name + ".lock")):
        state = read_login_state(state_file)
        today = ritual_day(moment, settings.day_start_hour)
        snoozed = state.get("snoozed_until")
        if isinstance(snoozed, datetime) and snoozed > moment:
            return False
        if state.get("greeted") == today:
            return False
        if not due_today(entries_dir, settings, moment, quick_journal(entries_dir, settings, moment, catalog_file)):
            return False
        state["greeted"] = today
        write_login_state(state_file, state)
    return True
