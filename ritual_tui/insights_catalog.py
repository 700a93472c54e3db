"""Insights straight from the catalog: SQL over its columns, the same answer as `insights.insights`
over the entries (tests/test_insights.py holds them to it), in a few milliseconds at ten years."""

from __future__ import annotations

import math
from datetime import date
from types import SimpleNamespace

from ritual_tui.catalog.schema import DAY_SHIFT
from ritual_tui.insights import (FEARED_ANSWERS, INSIGHT_KINDS, Attempt, Insights, Tally, courage_days,
                                 insights_with_practice)
from ritual_tui.vocabulary import ATTEMPT_OUTCOMES, RITUAL_KINDS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


_MONTH_OF_ORDINAL = (
    "CASE WHEN ordinal >= 577736 THEN substr(date(ordinal + 1721424.5), 1, 7) ELSE printf('%04d', "
    "substr(date(ordinal + 2305812.5), 1, 4) - 1600) || substr(date(ordinal + 2305812.5), 5, 3) END")
"""SQL: "YYYY-MM" of the day `ordinal` (`date.toordinal`). SQLite's date() is exact from the
Gregorian reform on (1582-10-15, day 577736), not always before (some versions name 0300-03-01
"0300-02-29"); the calendar repeats every 400 years, so an earlier day is named 1600 years on."""


def _fields_of_array(fields: tuple[str, ...], array: str) -> dict[str, Any]:
    """`fields` from the JSON array json_extract gives for them all (the traps only when a list)."""
    import json

    values = dict(zip(fields, json.loads(array)))
    if not isinstance(values["traps"], list):
        values["traps"] = None
    return values


def insights_of_catalog(catalog: Any, today: date, every_point: bool = True) -> Insights:
    """Insights straight from the catalog: `catalog` must be reconciled. Raises CatalogError or
    sqlite3.Error. Exposure attempts are added up by SQLite from their own columns (thousands of
    rows, no JSON); the few steps, reframes, circles and contacts come from their documents.
    Without `every_point`, the steps' points are only those "courage on this day" reads (the
    command line draws no charts)."""
    fields = ("step", "step_id", "outcome", "predicted_discomfort", "discomfort_peak", "feared_happened",
              "name", "difficulty", "position", "archived", "traps", "circle", "circle_id")
    db = catalog.connection()
    tried = ", ".join("?" * len(ATTEMPT_OUTCOMES))
    # The covering index holds every column read, in the files' order: no table row is touched.
    # The columns hold validated documents' values, so a rating is an integer from 0 to 100.
    attempts_of = (f"FROM files INDEXED BY files_attempts WHERE listed = 1 AND kind = 'exposure' AND outcome IN ({tried})"
                   " AND predicted IS NOT NULL AND peak IS NOT NULL")
    outcomes = sorted(ATTEMPT_OUTCOMES)
    feared = ", ".join(f"sum(feared IS '{answer}')" for answer in FEARED_ANSWERS)  # IS: 0, never NULL
    tallies = [Tally(step_id, step, count, predicted, peak, tuple(answers)) for step_id, step, count, predicted, peak, *answers
               in db.execute(f"SELECT step_id, step, count(*), sum(predicted), sum(peak), {feared} {attempts_of}"
                             " GROUP BY step_id, step", outcomes)]
    window, moments = "", ()
    if not every_point:
        window, moments = " AND (day >= ? OR day IN (?, ?))", courage_days(today)
    attempts = [Attempt(date.fromisoformat(day), *rest) for day, *rest in db.execute(
        f"SELECT day, step_id, step, predicted, peak, feared {attempts_of}{window} ORDER BY day, ts, id",
        (*outcomes, *(moment.isoformat() for moment in moments)))]
    rows: list[Any] = []
    # Each field a column of its own (SQLite parses a document once for all of them), so only a
    # list of traps, handed over as JSON text, needs the json module. But json_extract ends a text
    # at an escaped NUL: a document holding one hands over every field as one JSON array instead.
    columns = ", ".join(["id, kind, day", *(
        f"CASE json_type(doc, '$.{name}') WHEN 'array' THEN json_extract(doc, '$.{name}') END" if name == "traps"
        else f"json_extract(doc, '$.{name}')" for name in fields),
        "CASE WHEN instr(doc, '\\u0000') THEN json_extract(doc, " + ", ".join(f"'$.{name}'" for name in fields) + ") END"])
    others = tuple(kind for kind in INSIGHT_KINDS if kind != "exposure")
    where = f"listed = 1 AND kind IN ({', '.join('?' * len(others))})"
    for entry_id, kind, day, *wanted, whole in catalog.rows(where, others, "day, ts", columns=columns):
        if whole is not None:
            values = _fields_of_array(fields, whole)
        else:
            values = dict(zip(fields, wanted))
            if values["traps"] is not None:
                import json

                values["traps"] = json.loads(values["traps"])
        values["archived"] = bool(values["archived"])
        rows.append(SimpleNamespace(id=entry_id, kind=kind, day=date.fromisoformat(day), **values))
    ladder = {row.id for row in rows if row.kind == "step"}

    def first_attempt(tally: Tally) -> tuple:
        """Where a step no longer on the ladder is first attempted, as the files are ordered: its
        place among the loose steps (a step on the ladder has its own)."""
        if tally.step_id in ladder:
            return ()
        day, ts, entry_id = db.execute(f"SELECT day, ts, id {attempts_of} AND step_id = ? AND step IS ?"
                                       " ORDER BY day, ts, id LIMIT 1", (*outcomes, tally.step_id, tally.step)).fetchone()
        return (day, -math.inf if ts is None else ts, entry_id)

    tallies.sort(key=first_attempt)
    marks = ", ".join("?" * len(RITUAL_KINDS))
    # A row's number starts with its day's ordinal (`schema.order_key`): the index alone names the
    # days (GROUP BY, not DISTINCT: half the time). Day 1 is 0001-01-01, Julian day 1721425.5.
    months = dict(db.execute(
        f"SELECT {_MONTH_OF_ORDINAL} AS month, count(*) FROM ("
        f"SELECT n >> {DAY_SHIFT} AS ordinal FROM files INDEXED BY files_listed_kind WHERE listed = 1 AND kind IN ({marks})"
        " GROUP BY ordinal) GROUP BY month ORDER BY month", RITUAL_KINDS))
    return insights_with_practice(rows, months, today, attempts, tallies)
