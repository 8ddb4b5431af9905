"""When scheduled reconciliations and the digest are due. Pure: give it times, get times.

Seat changes cluster around the start and the end of the billing month (new starters,
leavers, renewals), so by default runs are daily in the first and the last week of the
billing month and weekly in between, at a set local hour. A crontab replaces all of that
for MSPs with other habits. The digest is weekly at its own day and hour.

A run due while the bot was down is caught up once at start (not once per missed slot):
:meth:`Cadence.missed` says whether anything was due since the last run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from recon.store import Settings

EDGE_DAYS = 7
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_LOOKBACK = timedelta(days=35)
_WEEK_AND_A_DAY = timedelta(days=8)
_TICK = timedelta(microseconds=1)
#: How far ahead a crontab is searched for its next time.
_HORIZON = timedelta(days=731)


@dataclass(frozen=True, slots=True)
class Cadence:
    """The schedule of runs and digests.

    Attributes:
        billing_day: the day of the month the billing month starts (1-28).
        run_hour: the local hour of runs.
        run_weekday: the weekday of mid-month weekly runs (``mon`` ... ``sun``).
        digest_weekday: the weekday of the digest.
        digest_hour: the local hour of the digest.
        timezone: IANA zone of the hours above.
        cron: a 5-field crontab replacing the run cadence, or None.
    """

    billing_day: int = 1
    run_hour: int = 7
    run_weekday: str = "mon"
    digest_weekday: str = "mon"
    digest_hour: int = 9
    timezone: str = "UTC"
    cron: str | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> Cadence:
        """The cadence configured in the store's settings."""
        return cls(
            billing_day=settings.billing_day,
            run_hour=settings.run_hour,
            run_weekday=settings.run_weekday,
            digest_weekday=settings.digest_weekday,
            digest_hour=settings.digest_hour,
            timezone=settings.timezone,
            cron=settings.schedule_cron,
        )

    @property
    def zone(self) -> ZoneInfo:
        """The time zone of the hours."""
        return ZoneInfo(self.timezone)

    def billing_month(self, day: date) -> tuple[date, date]:
        """The first and the last day of the billing month containing ``day``."""
        start = day.replace(day=self.billing_day)
        if day < start:
            start = _add_months(start, -1)
        return start, _add_months(start, 1) - timedelta(days=1)

    def is_run_day(self, day: date) -> bool:
        """True when the default cadence runs on this local date."""
        start, end = self.billing_month(day)
        if day < start + timedelta(days=EDGE_DAYS) or day > end - timedelta(days=EDGE_DAYS):
            return True
        return day.weekday() == _WEEKDAYS.index(self.run_weekday)

    def run_times(self, after: datetime, until: datetime) -> list[datetime]:
        """Every scheduled run time (UTC) in ``(after, until]``."""
        if self.cron is not None:
            return self._cron_times(after, until)
        return [
            when
            for day in _days(after.astimezone(self.zone).date(), until.astimezone(self.zone).date())
            if self.is_run_day(day)
            and after < (when := _at(day, self.run_hour, self.zone)) <= until
        ]

    def next_run(self, after: datetime) -> datetime | None:
        """The first scheduled run time (UTC) after ``after``.

        Returns:
            The time; None when a crontab fires nowhere in the next two years (``0 7 30 2 *``).
        """
        if self.cron is not None:
            return self._next_cron(after)
        return self.run_times(after, after + _LOOKBACK)[0]  # the default runs every week

    def next_digest(self, after: datetime) -> datetime:
        """The first digest time (UTC) after ``after``."""
        return self.digest_times(after, after + _WEEK_AND_A_DAY)[0]  # DST moves it an hour

    def missed(self, last_run: datetime | None, now: datetime) -> bool:
        """True when a run was due since ``last_run`` (or ever, in the last five weeks)."""
        since = last_run if last_run is not None else now - _LOOKBACK
        due = self.next_run(since)
        return due is not None and due <= now

    def digest_times(self, after: datetime, until: datetime) -> list[datetime]:
        """Every digest time (UTC) in ``(after, until]``."""
        weekday = _WEEKDAYS.index(self.digest_weekday)
        return [
            when
            for day in _days(after.astimezone(self.zone).date(), until.astimezone(self.zone).date())
            if day.weekday() == weekday
            and after < (when := _at(day, self.digest_hour, self.zone)) <= until
        ]

    def _cron_times(self, after: datetime, until: datetime) -> list[datetime]:
        times: list[datetime] = []
        fire = self._next_cron(after)
        while fire is not None and fire <= until:
            times.append(fire)
            fire = self._next_cron(fire)
        return times

    def _next_cron(self, after: datetime) -> datetime | None:
        from apscheduler.triggers.cron import CronTrigger  # noqa: PLC0415  (only with a cron)

        trigger = CronTrigger.from_crontab(self.cron or "", timezone=self.zone)
        fire: datetime | None = trigger.get_next_fire_time(None, after + _TICK)
        if fire is None or fire > after + _HORIZON:
            return None
        return fire.astimezone(UTC)


def _at(day: date, hour: int, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=zone).astimezone(UTC)


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1)
