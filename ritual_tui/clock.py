"""Time rules, without pydantic: aware datetimes in whole minutes, the ritual day, ISO weeks.

Kept apart from the models so login-time commands (`ritual due`) stay quick.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

DEFAULT_DAY_START_HOUR = 4
"""The hour a new ritual day starts: writing at 01:30 counts for the day before."""


def round_offset(moment: datetime) -> datetime:
    """Make `moment` aware with its UTC offset rounded to whole minutes (TOML cannot hold seconds)."""
    if moment.tzinfo is None:
        moment = moment.astimezone()
    offset = moment.utcoffset() or timedelta(0)
    if moment.tzinfo.utcoffset(None) is None:
        # A zone with rules (zoneinfo: no offset without a moment) becomes its fixed offset at
        # that moment: that is what TOML stores, and times in a DST fold never compare equal
        # across zones (PEP 495).
        moment = moment.replace(tzinfo=timezone(offset), fold=0)
    if not moment.microsecond and not offset.seconds % 60 and not offset.microseconds:
        return moment  # the common case: already whole minutes
    minutes = round(offset.total_seconds() / 60)
    if offset.total_seconds() == minutes * 60 and offset.microseconds == 0:
        return moment.replace(microsecond=0) if moment.microsecond else moment
    fixed = timezone(timedelta(minutes=minutes))
    return moment.astimezone(fixed).replace(microsecond=0)


def now() -> datetime:
    """The current local time, aware, to the second, with a whole-minute offset."""
    return round_offset(datetime.now().astimezone().replace(microsecond=0))


def ritual_day(moment: datetime, day_start_hour: int = DEFAULT_DAY_START_HOUR) -> date:
    """The ritual day `moment` belongs to: before `day_start_hour` it still counts as yesterday."""
    return (moment.replace(tzinfo=None) - timedelta(hours=day_start_hour)).date()


def iso_week(day: date) -> str:
    """The ISO week of `day` written as `YYYY-Www`."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"
