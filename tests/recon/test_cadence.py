"""The schedule over a whole month, time zones, the cron override and catching up."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from recon.cadence import Cadence


def run_days(cadence: Cadence, start: datetime, end: datetime) -> list[int]:
    return [t.astimezone(cadence.zone).day for t in cadence.run_times(start, end)]


def test_daily_in_the_first_and_last_week_weekly_in_between() -> None:
    cadence = Cadence()  # billing month = calendar month, Mondays mid-month, 07:00 UTC
    march = run_days(
        cadence, datetime(2026, 2, 28, 12, tzinfo=UTC), datetime(2026, 3, 31, 23, tzinfo=UTC)
    )
    # March 2026: 1-7 daily, Mondays 9, 16, 23, then 25-31 daily.
    assert march == [1, 2, 3, 4, 5, 6, 7, 9, 16, 23, 25, 26, 27, 28, 29, 30, 31]
    times = cadence.run_times(datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 3, 2, tzinfo=UTC))
    assert times == [datetime(2026, 3, 1, 7, tzinfo=UTC)]


def test_billing_month_start_day_moves_the_busy_weeks() -> None:
    cadence = Cadence(billing_day=15, run_weekday="wed")
    days = run_days(
        cadence, datetime(2026, 3, 14, 12, tzinfo=UTC), datetime(2026, 4, 14, 12, tzinfo=UTC)
    )
    assert days[:7] == [15, 16, 17, 18, 19, 20, 21]
    assert days[-7:] == [8, 9, 10, 11, 12, 13, 14]
    assert set(days[7:-7]) == {25, 1}  # Wednesdays 25 March and 1 April


def test_hours_are_local_time() -> None:
    cadence = Cadence(run_hour=7, timezone="America/New_York")
    (first,) = cadence.run_times(datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 3, 2, tzinfo=UTC))
    assert first == datetime(2026, 3, 1, 12, tzinfo=UTC)  # 07:00 EST
    (summer,) = cadence.run_times(
        datetime(2026, 7, 1, tzinfo=UTC), datetime(2026, 7, 2, tzinfo=UTC)
    )
    assert summer == datetime(2026, 7, 1, 11, tzinfo=UTC)  # 07:00 EDT


def test_cron_override_replaces_the_cadence() -> None:
    cadence = Cadence(cron="30 6 * * mon-fri", timezone="Europe/London")
    times = cadence.run_times(datetime(2026, 3, 6, tzinfo=UTC), datetime(2026, 3, 10, tzinfo=UTC))
    assert times == [
        datetime(2026, 3, 6, 6, 30, tzinfo=UTC),
        datetime(2026, 3, 9, 6, 30, tzinfo=UTC),
    ]


def test_next_run_after_a_mid_month_day() -> None:
    assert Cadence().next_run(datetime(2026, 3, 10, 8, tzinfo=UTC)) == datetime(
        2026, 3, 16, 7, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("last_run", "now", "missed"),
    [
        (datetime(2026, 3, 16, 7, 5, tzinfo=UTC), datetime(2026, 3, 20, 9, tzinfo=UTC), False),
        (datetime(2026, 3, 16, 7, 5, tzinfo=UTC), datetime(2026, 3, 23, 9, tzinfo=UTC), True),
        (datetime(2026, 3, 1, 7, 5, tzinfo=UTC), datetime(2026, 3, 2, 6, 59, tzinfo=UTC), False),
        (None, datetime(2026, 3, 2, 9, tzinfo=UTC), True),
    ],
)
def test_catch_up_after_downtime(last_run, now, missed) -> None:
    assert Cadence().missed(last_run, now) is missed


def test_a_long_downtime_is_still_one_catch_up() -> None:
    cadence = Cadence()
    last = datetime(2026, 3, 1, 7, tzinfo=UTC)
    now = last + timedelta(days=20)
    assert cadence.missed(last, now)
    assert (
        len(cadence.run_times(last, now)) > 1
    )  # several slots missed, one catch-up decided by the caller


def test_digest_is_weekly_at_its_own_day_and_hour() -> None:
    cadence = Cadence(digest_weekday="fri", digest_hour=16, timezone="UTC")
    times = cadence.digest_times(
        datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 3, 31, tzinfo=UTC)
    )
    assert [t.day for t in times] == [6, 13, 20, 27]
    assert {t.hour for t in times} == {16}


def test_billing_month_of_a_day() -> None:
    assert Cadence(billing_day=15).billing_month(date(2026, 3, 3)) == (
        date(2026, 2, 15),
        date(2026, 3, 14),
    )


@pytest.mark.parametrize(
    ("cron", "after", "expected"),
    [
        ("0 7 1 1 *", datetime(2026, 3, 6, tzinfo=UTC), datetime(2027, 1, 1, 7, tzinfo=UTC)),
        ("0 7 30 2 *", datetime(2026, 3, 6, tzinfo=UTC), None),  # 30 February never comes
        ("* * * * *", datetime(2026, 3, 6, tzinfo=UTC), datetime(2026, 3, 6, 0, 1, tzinfo=UTC)),
    ],
)
def test_next_run_of_a_crontab_looks_as_far_as_it_needs(cron, after, expected) -> None:
    cadence = Cadence(cron=cron)
    assert cadence.next_run(after) == expected
    assert cadence.missed(after, after + timedelta(days=400)) is (expected is not None)


def test_next_digest_across_a_daylight_saving_change() -> None:
    cadence = Cadence(digest_weekday="sun", digest_hour=1, timezone="Europe/London")
    # 25 October 2026: clocks go back; the next Sunday 01:00 is 7 days and 1 hour later.
    first = cadence.next_digest(datetime(2026, 10, 24, tzinfo=UTC))
    assert first == datetime(2026, 10, 25, 0, tzinfo=UTC)
    assert cadence.next_digest(first) == datetime(2026, 11, 1, 1, tzinfo=UTC)
