"""Old exports backfilled in one sitting: each run is placed on the day its exports describe.

A user catching up on several months of exports saves them all within minutes. Placed by
their save time they would be one day, so the monthly rules would see nothing; placed by
their ``--as-of`` date, each is its own month.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from recon.anomaly import Anomaly, Period
from recon.cli import cli
from recon.plausibility import RunFigures, SideFigures
from recon.service import check_anomalies
from recon.store import Store
from tests.conftest import FakeClock
from tests.recon.store.build import make_gap, make_result, seats_for
from tests.recon.test_anomaly_calendar import ERRATIC, GROWER, MONTHLY_DAYS, START, seats_on

ROOT = Path(__file__).resolve().parents[2]
SITTING = datetime(2026, 1, 15, 14, 0, tzinfo=UTC)  # the afternoon the backlog is saved


def _backfill(path: Path, days: list[int], *, dated: bool) -> list[list[Anomaly]]:
    """One run per month of the planted history, all saved a minute apart on one afternoon;
    ``dated``: each given the day its exports describe. Returns each run's anomalies."""
    clock = FakeClock(SITTING)
    store = Store.open(path, clock=clock)
    found = []
    for day in days:
        clock.advance(minutes=1)
        as_of = (START + timedelta(days=day)).date() if dated else None
        run = store.record_run(make_result(seats=seats_for([], seats_on(day))), as_of=as_of)
        found.append(check_anomalies(store, run.run_id))
    return found


def _keys(anomalies: list[Anomaly]) -> set[str]:
    return {a.key for a in anomalies}


def test_four_backfilled_months_saved_at_once_are_four_monthly_periods(tmp_path: Path) -> None:
    found = _backfill(tmp_path / "recon.db", MONTHLY_DAYS[:4], dated=True)
    check = Store.open(tmp_path / "recon.db").anomaly_check()
    assert check is not None
    assert (check.period, check.periods, check.history_runs) == (Period.MONTH, 4, 4)
    assert ERRATIC in _keys(found[3])  # swinging from its first month: seen by the fourth
    [swing] = [a for a in found[3] if a.key == ERRATIC]
    assert swing.psa_seats == (20, 35, 18, 34)
    assert swing.periods == ("2025-01", "2025-02", "2025-03", "2025-04")


def test_the_same_runs_without_a_date_are_one_day_and_flag_nothing(tmp_path: Path) -> None:
    found = _backfill(tmp_path / "recon.db", MONTHLY_DAYS[:4], dated=False)
    check = Store.open(tmp_path / "recon.db").anomaly_check()
    assert check is not None and (check.period, check.periods) == (Period.MONTH, 1)
    assert ERRATIC not in _keys(found[3])


def test_a_backfilled_grower_that_stopped_is_flagged_in_its_second_flat_month(
    tmp_path: Path,
) -> None:
    found = _backfill(tmp_path / "recon.db", MONTHLY_DAYS[:9], dated=True)
    assert [GROWER in _keys(f) for f in found[6:]] == [False, False, True]
    [grower] = [a for a in found[8] if a.key == GROWER]
    assert grower.explanation.startswith(
        "Seats at the vendor and in the PSA rose in 6 of the last 6 months"
    )
    assert grower.since is not None and grower.since.date() == date(2025, 7, 4)


def test_a_held_run_keeps_its_date_until_confirmed(tmp_path: Path) -> None:
    clock = FakeClock(SITTING)
    store = Store.open(tmp_path / "recon.db", clock=clock)
    figures = RunFigures(SideFigures("pax8", 10, 9, 5), SideFigures("cw", 8, 8, 4))
    held = store.hold_run(
        make_result(seats=seats_for([], seats_on(0))),
        figures=figures,
        reasons=("a test",),
        as_of=date(2025, 3, 31),
    )
    clock.advance(days=2)
    store.confirm_run(held.run_id, by="admin")
    [(run_id, placed, _files)] = store.run_times()
    assert run_id == held.run_id
    assert placed == datetime(2025, 3, 31, 14, 0, tzinfo=UTC)  # its day, at the confirm hour


@pytest.mark.parametrize("dated", [True, False])
def test_reconcile_as_of_places_each_backfilled_run_in_its_month(
    tmp_path: Path, dated: bool
) -> None:
    db = str(tmp_path / "recon.db")
    vendor = str(ROOT / "examples" / "vendor_partner_center.csv")
    psa = str(ROOT / "examples" / "psa_connectwise.csv")
    for month_end in ("2026-03-31", "2026-04-30", "2026-05-31", "2026-06-30"):
        extra = ["--as-of", month_end] if dated else []
        result = CliRunner().invoke(cli, ["reconcile", vendor, psa, "--db", db, *extra])
        assert result.exit_code == 0, result.output
    check = Store.open(db).anomaly_check()
    assert check is not None and check.period is Period.MONTH
    assert check.periods == (4 if dated else 1)


def test_backfilled_months_leak_from_month_to_month_not_from_minute_to_minute(
    tmp_path: Path,
) -> None:
    """Three month-ends saved a minute apart: the leak counts the two months between them;
    a month saved out of order (older than the last one showing the gap) adds nothing."""
    clock = FakeClock(SITTING)
    store = Store.open(tmp_path / "recon.db", clock=clock)
    gap = make_gap(impact="30.44")  # about a dollar a day
    for month_end in (date(2025, 1, 31), date(2025, 3, 31), date(2025, 2, 28)):
        clock.advance(minutes=1)
        store.record_run(make_result(gap), as_of=month_end)
    [stored] = store.gaps()
    assert stored.leaked_to_date.quantize(Decimal(1)) == 59  # 31 Jan -> 31 Mar: 59 days
    assert stored.runs_seen == 3
