"""Issue 13's "done when", through real runs in a real SQLite store: monthly exports and daily
pulls of the same clients, each pattern flagged within the same calendar time, and normal
clients quiet.

Every client has Microsoft 365 E3, Intune and EDR; six of them are normal (steady, or
moving a seat or two now and then). Planted:

- Acme's E3 grows 3-5 seats a month for six months, then stops;
- Wayne's Intune swings up and down by 14-17 seats from its first month;
- Globex's EDR stops being billed (the PSA side drops to 0) in month 5;
- Initech's E3 jumps by 12 seats at the vendor, the PSA not following, in month 7.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from recon.anomaly import Anomaly, AnomalyRule, Period
from recon.normalize import client_key
from recon.service import check_anomalies
from recon.store import Store
from tests.conftest import FakeClock
from tests.recon.store.build import make_result, seats_for

START = datetime(2025, 1, 1, 7, tzinfo=UTC)
GROWTH = [3, 5, 4, 3, 5, 4]  # Acme's E3: one rise a month for six months, then none
SWINGS = [20, 35, 18, 34, 19, 36, 18, 33, 20, 35]  # Wayne's Intune, month by month
NORMAL = [f"Normal {n}" for n in range(6)]

GROWER = f"{client_key('Acme')}|cat:e3|growth_stopped"
ERRATIC = f"{client_key('Wayne')}|cat:intune|erratic"
VANISHED = f"{client_key('Globex')}|cat:edr|vanished"
JUMP = f"{client_key('Initech')}|cat:e3|one_sided_jump"
PLANTED = {GROWER, ERRATIC, VANISHED, JUMP}

Row = tuple[str, str, int, int]


def seats_on(day: int) -> list[Row]:
    """Every client's seats ``day`` days after START (month m starts at day 30.4 m)."""
    month = int(day // 30.44)
    rises = sum(GROWTH[: max(0, min(month, len(GROWTH)))])
    if month < len(GROWTH) and day % 30.44 >= 10:  # a month's rise lands on its 10th day
        rises += GROWTH[month]
    rows: list[Row] = [
        ("Acme", "E3", 20 + rises, 20 + rises),
        ("Acme", "Intune", 20, 20),
        ("Wayne", "E3", 30, 30),
        ("Wayne", "Intune", 20, SWINGS[month]),
        ("Globex", "EDR", 15, 0 if day >= 4 * 30.44 + 20 else 15),
        ("Initech", "E3", 36 if day >= 6 * 30.44 + 12 else 24, 24),
    ]
    for n, name in enumerate(NORMAL):
        wobble = [0, 1, 0, -1, 0, 0, 2, 1][(day // 23 + n) % 8] if n % 2 else 0
        rows += [
            (name, "E3", 25 + 5 * n + wobble, 25 + 5 * n + wobble),
            (name, "Intune", 20 + 3 * n + wobble, 20 + 3 * n),
            (name, "EDR", 10 + n, 10 + n),
        ]
    return rows


@dataclass
class History:
    """A store holding one run per pull, and what the check of each checked run found."""

    store: Store
    days: list[int]  # the day after START of each run (run ids count from 1)
    checked: dict[int, list[Anomaly]] = field(default_factory=dict)

    def found_at(self, day: int) -> set[str]:
        """The keys the check of the run of ``day`` finds (checked on demand)."""
        return {a.key for a in self.check(day)}

    def check(self, day: int) -> list[Anomaly]:
        if day not in self.checked:
            self.checked[day] = check_anomalies(self.store, self.days.index(day) + 1)
        return self.checked[day]

    def first(self, key: str, days: list[int]) -> int | None:
        """The first of ``days`` whose run flags ``key``."""
        return next((d for d in days if key in self.found_at(d)), None)


def _record(tmp: Path, days: list[int]) -> History:
    clock = FakeClock(START)
    store = Store.open(tmp / "recon.db", clock=clock)
    for day in days:
        clock.set(START + timedelta(days=day))
        store.record_run(make_result(seats=seats_for([], seats_on(day))))
    return History(store, days)


MONTHLY_DAYS = [round(30.44 * m) + 1 for m in range(10)]  # on the 2nd of each month, ten months


@pytest.fixture(scope="module")
def monthly(tmp_path_factory: pytest.TempPathFactory) -> History:
    return _record(tmp_path_factory.mktemp("monthly"), MONTHLY_DAYS)


@pytest.fixture(scope="module")
def daily(tmp_path_factory: pytest.TempPathFactory) -> History:
    return _record(tmp_path_factory.mktemp("daily"), list(range(0, 212)))


def test_monthly_runs_are_read_as_months(monthly: History) -> None:
    check_anomalies(monthly.store)
    check = monthly.store.anomaly_check()
    assert check is not None and (check.period, check.periods) == (Period.MONTH, 10)


def test_monthly_a_grower_that_stopped_is_flagged_in_its_second_flat_month(
    monthly: History,
) -> None:
    # Rises land in months 0-5 (the run of month 6 is the first to see the last one).
    last_rise, first_flat, second_flat = MONTHLY_DAYS[6], MONTHLY_DAYS[7], MONTHLY_DAYS[8]
    assert GROWER not in monthly.found_at(last_rise)
    assert GROWER not in monthly.found_at(first_flat)
    assert GROWER in monthly.found_at(second_flat)
    [grower] = [a for a in monthly.check(second_flat) if a.key == GROWER]
    assert grower.explanation.startswith(
        "Seats at the vendor and in the PSA rose in 6 of the last 6 months (20 -> 44, about 4 "
        "seats a month), but have not risen for 61 days, since 2025-07-04."
    )
    assert grower.usual == (
        "a rise of about 4 seats a month, one every 31 days; no rise for over 40 days is news"
    )
    assert grower.since is not None and grower.since.date().isoformat() == "2025-07-04"
    assert grower.period is Period.MONTH and grower.periods[-1] == "2025-09"
    assert grower.vendor_seats[-3:] == (44, 44, 44)


def test_monthly_a_product_swinging_from_its_first_month_is_flagged_by_the_fourth(
    monthly: History,
) -> None:
    assert ERRATIC not in monthly.found_at(MONTHLY_DAYS[2])
    assert ERRATIC in monthly.found_at(MONTHLY_DAYS[3])  # the fourth month
    [swing] = [a for a in monthly.check(MONTHLY_DAYS[3]) if a.key == ERRATIC]
    assert swing.psa_seats == (20, 35, 18, 34)
    assert swing.usual == (
        "for Intune at 7 other clients, at least 9 in 10 months bring no change at all, and 4 "
        "seats or more counted as big here"
    )
    assert swing.since is not None and swing.since.date().isoformat() == "2025-02-01"


def test_monthly_vanished_and_one_sided_jump_still_fire(monthly: History) -> None:
    assert monthly.first(VANISHED, MONTHLY_DAYS) == MONTHLY_DAYS[5]
    assert monthly.first(JUMP, MONTHLY_DAYS) == MONTHLY_DAYS[7]


def test_monthly_normal_clients_stay_quiet(monthly: History) -> None:
    for day in MONTHLY_DAYS:
        assert monthly.found_at(day) <= PLANTED, day


def test_daily_pulls_are_read_as_days(daily: History) -> None:
    check_anomalies(daily.store, 201)
    check = daily.store.anomaly_check()
    assert check is not None and check.period is Period.DAY and check.months == 7
    assert check.history_runs < 100  # older days are read a month at a time


def test_daily_a_grower_that_stopped_is_flagged_within_six_weeks_of_its_last_rise(
    daily: History,
) -> None:
    last_rise = round(5 * 30.44 + 10.5)  # the 10th day of the sixth month
    assert GROWER not in daily.found_at(last_rise + 30)  # not in its first flat month
    flagged = daily.first(GROWER, list(range(last_rise + 31, last_rise + 43)))
    assert flagged is not None  # within six weeks
    [grower] = [a for a in daily.check(flagged) if a.key == GROWER]
    assert grower.period is Period.MONTH  # the growth is told in months, as it happened
    assert grower.usual.startswith("a rise of about 4 seats a month, one every ")


def test_daily_a_product_swinging_from_its_first_month_is_flagged_in_the_fourth(
    daily: History,
) -> None:
    assert not {ERRATIC} & (daily.found_at(45) | daily.found_at(75) | daily.found_at(90))
    assert ERRATIC in daily.found_at(92)  # the second day of the fourth month


def test_daily_vanished_fires_the_day_it_happens_and_a_jump_a_week_on(
    daily: History,
) -> None:
    gone = round(4 * 30.44 + 20 + 0.5)
    assert VANISHED not in daily.found_at(gone - 1) and VANISHED in daily.found_at(gone)
    jumped = round(6 * 30.44 + 12 + 0.5)
    # The PSA gets a week to follow (an update within the week is no anomaly), then it is told.
    assert JUMP not in daily.found_at(jumped) | daily.found_at(jumped + 6)
    [jump] = [a for a in daily.check(jumped + 7) if a.key == JUMP]
    assert jump.rule is AnomalyRule.ONE_SIDED_JUMP and jump.period is Period.DAY
    assert jump.vendor_seats[-9:] == (24,) + (36,) * 8  # back to the day before the jump
    assert jump.explanation.startswith(
        "Seats at the vendor jumped from 24 to 36 (+12) on 2025-07-15, but seats in the PSA "
        "stayed at 24"
    )
    assert jump.since is not None and jump.since.date().isoformat() == "2025-07-15"


def test_daily_normal_clients_stay_quiet(daily: History) -> None:
    for day in range(0, 212, 11):
        assert daily.found_at(day) <= PLANTED, day
