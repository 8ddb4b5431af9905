"""Time as the store keeps it: aware UTC datetimes, ISO 8601 text in the database.

Every timestamp column holds ``datetime.isoformat(timespec="microseconds")`` of a UTC time
(``2026-03-02T09:00:00.000000+00:00``): one fixed width, so text order is time order.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

#: A month for leak estimates: a year of 365.25 days over twelve months, in seconds.
_SECONDS_PER_MONTH = Decimal("365.25") * 86_400 / 12


def as_utc(when: datetime) -> datetime:
    """An aware UTC datetime; a naive one is taken to be UTC already."""
    if when.tzinfo is None:
        return when.replace(tzinfo=UTC)
    return when.astimezone(UTC)


def to_db(when: datetime) -> str:
    """The database text of a datetime (UTC, microseconds, fixed width)."""
    return as_utc(when).isoformat(timespec="microseconds")


def from_db(text: str) -> datetime:
    """Parse a timestamp column back into an aware UTC datetime."""
    return datetime.fromisoformat(text).astimezone(UTC)


def opt_from_db(text: str | None) -> datetime | None:
    """Like :func:`from_db`, passing None through."""
    return None if text is None else from_db(text)


def months_between(start: datetime, end: datetime) -> Decimal:
    """Elapsed months (365.25/12 days each) from ``start`` to ``end``; never negative."""
    seconds = (as_utc(end) - as_utc(start)).total_seconds()
    if seconds <= 0:
        return Decimal(0)
    return Decimal(str(seconds)) / _SECONDS_PER_MONTH


def start_of_day(day: date, zone: ZoneInfo) -> datetime:
    """Midnight at the start of ``day`` in ``zone``, as an aware UTC datetime."""
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def local_date(when: datetime, zone: ZoneInfo) -> date:
    """The calendar date of ``when`` in ``zone``."""
    return as_utc(when).astimezone(zone).date()


def format_local(when: datetime | None, zone: ZoneInfo) -> str:
    """``2026-03-02 09:00 UTC``: a time for people, in the configured time zone."""
    if when is None:
        return "-"
    local = as_utc(when).astimezone(zone)
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()}"


def placed_at(table: str = "") -> str:
    """SQL for the time a run is placed at (the anomaly calendar, leak accrual), as stored text.

    Its save time, or, for a run given the day its exports describe (``runs.as_of``), the
    same time of day on that day: ``as_of`` + ``T09:00:00.000000+00:00``. Text of the same
    fixed width as ``runs.at``, so it sorts and compares as time.

    Args:
        table: the alias of ``runs`` in the query (default none).
    """
    prefix = f"{table}." if table else ""
    return f"coalesce({prefix}as_of || substr({prefix}at, 11), {prefix}at)"
