"""The one place ritual reads the time, and the time rules: whole-minute offsets, the ritual day, ISO weeks.

Nothing else reads the wall clock. Tests freeze it for the app and for every CLI subprocess by
setting `RITUAL_TUI_FROZEN_NOW` to an ISO date-time with an offset (RELIABILITY.md rule 18).
Kept apart from the models so login-time commands (`ritual due`) stay quick.
"""

from __future__ import annotations

import os
import time
from datetime import date, datetime, timedelta, timezone

DEFAULT_DAY_START_HOUR = 4
"""The hour a new ritual day starts: writing at 01:30 counts for the day before."""


def round_offset(moment: datetime) -> datetime:
    """Make `moment` aware with its UTC offset rounded to whole minutes (TOML cannot hold seconds)."""
    if moment.tzinfo is None:
        moment = _as_local(moment)
    offset = moment.utcoffset() or timedelta(0)
    if moment.tzinfo.utcoffset(None) is None:
        # A zone with rules (zoneinfo: no offset without a moment) becomes its fixed offset at
        # that moment: that is what TOML stores, and times in a DST fold never compare equal
        # across zones (PEP 495).
        moment = moment.replace(tzinfo=timezone(offset), fold=0)
    if not moment.microsecond and not offset.seconds % 60 and not offset.microseconds:
        return moment  # the common case: already whole minutes
    minutes = max(-_MOST_MINUTES, min(_MOST_MINUTES, round(offset.total_seconds() / 60)))
    if offset.total_seconds() == minutes * 60 and offset.microseconds == 0:
        return moment.replace(microsecond=0) if moment.microsecond else moment
    fixed = timezone(timedelta(minutes=minutes))
    return moment.astimezone(fixed).replace(microsecond=0)


_MOST_MINUTES = 24 * 60 - 1
"""The largest UTC offset Python can hold, in minutes: a TZ such as `<-2359>+23:59:59` rounds past it."""


def _nearest_local_zone() -> timezone:
    """The local UTC offset, held to what Python can hold. A TZ such as `UTC+25` (the C library takes
    up to 24:59:59, Python less than 24 hours) made every start a ValueError, and every entry whose
    times have no offset unreadable."""
    offset = round(time.localtime().tm_gmtoff / 60)
    return timezone(timedelta(minutes=max(-_MOST_MINUTES, min(_MOST_MINUTES, offset))))


def _local_now() -> datetime:
    """The wall clock in the local zone (see `_nearest_local_zone`)."""
    try:
        return datetime.now().astimezone()
    except ValueError:
        return datetime.now(_nearest_local_zone())


def _as_local(moment: datetime) -> datetime:
    """A time without an offset, read as the local zone's (see `_nearest_local_zone`)."""
    try:
        return moment.astimezone()
    except ValueError:
        if abs(time.localtime().tm_gmtoff) < 24 * 3600:
            raise  # the zone is one Python holds: the moment is at the calendar's edge
        return moment.replace(tzinfo=_nearest_local_zone())


FROZEN_NOW_ENV = "RITUAL_TUI_FROZEN_NOW"
"""Set only by tests: the moment `now()` returns, as an ISO date-time with a UTC offset."""


def now() -> datetime:
    """The current local time, aware, to the second, with a whole-minute offset."""
    frozen = os.environ.get(FROZEN_NOW_ENV)
    if frozen:
        return round_offset(frozen_moment(frozen).replace(microsecond=0))
    return round_offset(_local_now().replace(microsecond=0))


def frozen_moment(text: str) -> datetime:
    """The moment a frozen clock stands at; a clear ValueError when `text` is not one."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{FROZEN_NOW_ENV} must be an ISO date-time such as 2026-11-25T08:30+01:00.") from None
    return moment if moment.tzinfo is not None else moment.astimezone()


def file_clock_seconds() -> float:
    """The real time in seconds, for comparing with file modification times only.

    Files on disk carry real times whatever a test's frozen clock says, so ages of stray temp
    files are measured against this, never against `now()`.
    """
    return time.time()


def stamp() -> str:
    """The current moment as `YYYYmmdd-HHMMSS`, for the names of conflict copies."""
    return now().strftime("%Y%m%d-%H%M%S")


def ritual_day(moment: datetime, day_start_hour: int = DEFAULT_DAY_START_HOUR) -> date:
    """The ritual day `moment` belongs to: before `day_start_hour` it still counts as yesterday."""
    return (moment.replace(tzinfo=None) - timedelta(hours=day_start_hour)).date()


def day_from_words(text: str, today: date) -> date | None:
    """A day as a person types it: a date (YYYY-MM-DD), "today" or "yesterday" (any case, spaces
    around ignored); None for anything else. Callers decide what a blank means."""
    typed = text.strip().casefold()
    if typed == "today":
        return today
    if typed == "yesterday":
        return add_days(today, -1)
    try:
        return date.fromisoformat(typed)
    except ValueError:
        return None


def add_days(day: date, days: int) -> date:
    """`day` moved by `days`, held at the first or last date Python can hold (0001-01-01, 9999-12-31).

    Entries may be dated at either edge (RELIABILITY.md rule 17); plain `day + timedelta` would raise.
    """
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def add_months(day: date, months: int) -> date:
    """The same day `months` later (earlier when negative); the month's last day when it is
    shorter (31 January + 1 month is 28 or 29 February), held at the first or last date Python
    can hold."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    if year < 1:
        return date.min
    if year > 9999:
        return date.max
    import calendar  # here: `ritual due` at login adds no months

    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def iso_week(day: date) -> str:
    """The ISO week of `day` written as `YYYY-Www`."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"
