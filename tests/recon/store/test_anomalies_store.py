"""Anomalies in the store: checked per run, read back, marked expected, lapsing when seats move."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

import recon.store as store_package
from recon.anomaly import RUN_AT, RUN_ID, AnomalyRule, Period
from recon.errors import Conflict, NotFound, UsageError
from recon.model import SeatCol
from recon.normalize import client_key
from recon.service import check_anomalies
from recon.store import Action, Store
from tests.conftest import FakeClock
from tests.recon.store.build import make_result, seats_for

U1 = "U0AAAAAAA"
U2 = "U0BBBBBBB"
JUMP = f"{client_key('Wayne Enterprises')}|cat:m365-e3|one_sided_jump"

Row = tuple[str, str, int, int]  # client, product, vendor seats, PSA seats


def record(store: Store, clock: FakeClock, runs: Sequence[Sequence[Row]]) -> None:
    """Record one run per item (a month apart), each with these seat rows, and check it."""
    for rows in runs:
        clock.advance(days=30)
        store.record_run(make_result(seats=seats_for([], rows)))
        check_anomalies(store)


def wayne_jump(last_vendor: int = 36) -> list[list[Row]]:
    """Wayne's E3 steady at 24 on both sides for three runs, then the vendor side jumps."""
    steady: list[Row] = [("Wayne Enterprises", "M365 E3", 24, 24), ("Acme", "EDR", 5, 5)]
    jumped: list[Row] = [("Wayne Enterprises", "M365 E3", last_vendor, 24), ("Acme", "EDR", 5, 5)]
    return [steady, steady, steady, jumped]


def test_a_checked_run_keeps_its_anomalies_and_how_it_was_checked(
    store: Store, clock: FakeClock
) -> None:
    record(store, clock, wayne_jump())
    [found] = store.anomalies()
    assert (found.key, found.rule, found.run_id) == (JUMP, AnomalyRule.ONE_SIDED_JUMP, 4)
    assert found.vendor_seats == (Decimal(24),) * 3 + (Decimal(36),)
    assert found.explanation.startswith("Seats at the vendor jumped from 24 to 36 (+12)")
    check = store.anomaly_check()
    assert check is not None
    assert (check.run_id, check.series, check.history_runs, check.found) == (4, 2, 4, 1)
    assert check.at == clock.now
    assert store.anomalies(3) == [] and store.anomaly_check(3) is not None


def test_stored_anomalies_read_back_equal_to_what_the_check_returned(
    store: Store, clock: FakeClock
) -> None:
    record(store, clock, wayne_jump()[:3])
    clock.advance(days=30)
    store.record_run(make_result(seats=seats_for([], wayne_jump()[3])))
    prices = {(client_key("Wayne Enterprises"), "cat:m365-e3"): Decimal("36.00")}
    returned = check_anomalies(store, prices=prices)
    assert store.anomalies() == returned
    assert returned[0].money_at_stake == Decimal("432.00")


def test_checking_a_run_again_replaces_what_was_stored(store: Store, clock: FakeClock) -> None:
    record(store, clock, wayne_jump())
    check_anomalies(store, 4)
    assert len(store.anomalies()) == 1


def test_nothing_is_checked_before_the_first_run(store: Store) -> None:
    assert store.anomalies() == [] and store.anomaly_check() is None
    with pytest.raises(NotFound, match="no run yet"):
        check_anomalies(store)
    with pytest.raises(NotFound, match="no run with id 9"):
        check_anomalies(store, 9)


def test_the_history_frame_reads_the_runs_asked_for_with_their_times(
    store: Store, clock: FakeClock
) -> None:
    for n in range(14):
        clock.advance(days=30)
        store.record_run(make_result(seats=seats_for([], [("Acme", "EDR", n, 5)])))
    frame = store.seat_history_frame()
    assert list(frame.columns) == [RUN_ID, RUN_AT, *SeatCol.ALL]
    assert sorted(frame[RUN_ID]) == list(range(3, 15))  # the latest twelve by default
    assert frame[SeatCol.VENDOR_QTY].tolist()[-1] == 13_000
    assert frame[RUN_AT].tolist()[-1] == clock.now
    assert frame[SeatCol.CLIENT].astype(str).unique().tolist() == ["Acme"]
    assert sorted(store.seat_history_frame([4, 5, 99])[RUN_ID]) == [4, 5]
    with pytest.raises(UsageError):
        store.seat_history_frame(runs=0)


def test_run_times_are_the_calendar_the_rules_read(store: Store, clock: FakeClock) -> None:
    for _ in range(3):
        clock.advance(days=30)
        store.record_run(make_result(seats=seats_for([], [("Acme", "EDR", 5, 5)])))
    times = store.run_times(until=2)
    assert [(run, files) for run, _, files in times] == [(1, "pax8+connectwise")] * 1 + [
        (2, "pax8+connectwise")
    ]
    assert times[-1][1] == clock.now - timedelta(days=30)
    assert [run for run, _, _ in store.run_times(since=clock.now)] == [3]
    with pytest.raises(NotFound, match="no run with id 7"):
        store.run_times(until=7)


def test_a_check_records_its_calendar(store: Store, clock: FakeClock) -> None:
    record(store, clock, wayne_jump())
    check = store.anomaly_check()
    assert check is not None
    assert (check.period, check.periods, check.months, check.history_runs) == (
        Period.MONTH,
        4,
        4,
        4,
    )
    assert check.as_json()["period"] == "month"


def test_the_history_frame_reads_credits_and_fractions_exactly(store: Store) -> None:
    rows = [
        ("acme", "cat:edr", "Acme", "EDR", -2000, 0),
        ("acme", "cat:e3", "Acme", "E3", 1500, 2**40),
    ]
    store.record_run(make_result(seats=pd.DataFrame(rows, columns=list(SeatCol.ALL))))
    frame = store.seat_history_frame()
    assert frame[SeatCol.VENDOR_QTY].tolist() == [-2000, 1500]
    assert frame[SeatCol.PSA_QTY].tolist() == [0, 2**40]


def test_marking_an_anomaly_expected_quiets_it_and_logs_the_decision(
    store: Store, clock: FakeClock
) -> None:
    record(store, clock, wayne_jump())
    mark = store.mark_expected(JUMP, by=U1, reason=" new hires onboarding ")
    assert (mark.by, mark.reason, mark.run_id) == (U1, "new hires onboarding", 4)
    assert mark.bands == {"vendor": (36, 36), "psa": (24, 24)}
    assert store.anomalies() == []
    [quiet] = store.anomalies(include_expected=True)
    assert (
        quiet.expected
        and quiet.note == f"Marked expected by {U1} on 2026-06-30 (new hires onboarding)"
    )
    assert [m.key for m in store.expected_marks()] == [JUMP]
    decision = store.decisions(1)[0]
    assert (decision.action, decision.by, decision.subject) == (
        Action.MARK_EXPECTED,
        U1,
        f"anomaly {JUMP}",
    )
    assert decision.before == {"status": "open"}
    assert decision.after == {
        "status": "expected",
        "bands": {"psa": ["24", "24"], "vendor": ["36", "36"]},
    }
    assert decision.reason == "new hires onboarding"


def test_an_expected_anomaly_stays_quiet_while_the_seats_stay_put(
    store: Store, clock: FakeClock
) -> None:
    record(store, clock, wayne_jump())
    store.mark_expected(JUMP, by=U1)
    # The jump rule would not fire again anyway; the mark outlives quiet runs unchanged.
    record(store, clock, [wayne_jump(37)[3]])
    assert store.anomalies() == [] and [m.key for m in store.expected_marks()] == [JUMP]


def test_an_expected_mark_lapses_when_the_series_moves_and_the_anomaly_shows_again(
    store: Store, clock: FakeClock
) -> None:
    runs = wayne_jump()
    record(store, clock, runs)
    store.mark_expected(JUMP, by=U1)
    steady_again = [("Wayne Enterprises", "M365 E3", 36, 24), ("Acme", "EDR", 5, 5)]
    jumped_again = [("Wayne Enterprises", "M365 E3", 50, 24), ("Acme", "EDR", 5, 5)]
    record(store, clock, [steady_again, steady_again, jumped_again])
    [shown] = store.anomalies()
    assert shown.key == JUMP and not shown.expected
    assert shown.note is not None and "but the seats have moved since" in shown.note
    assert store.expected_marks() == []
    assert store.anomaly_check() is not None
    # A person can mark it again: a fresh mark at the new seats.
    assert store.mark_expected(JUMP, by=U2).bands["vendor"] == (50, 50)


@pytest.mark.parametrize(
    ("key", "by", "error", "message"),
    [
        ("acme|edr", U1, UsageError, "is not an anomaly key"),
        ("acme|edr|made_up", U1, UsageError, "is not an anomaly key"),
        ("acme|edr|erratic", U1, NotFound, "no anomaly 'acme|edr|erratic' in run 4"),
        (JUMP, "  ", UsageError, "needs to say who"),
    ],
)
def test_marks_that_do_not_apply_are_refused_and_write_nothing(
    store: Store, clock: FakeClock, key: str, by: str, error: type[Exception], message: str
) -> None:
    record(store, clock, wayne_jump())
    with pytest.raises(error, match=message):
        store.mark_expected(key, by=by)
    assert store.decisions() == [] and store.expected_marks() == []


def test_marking_twice_is_a_conflict_that_names_who_marked_it(
    store: Store, clock: FakeClock
) -> None:
    record(store, clock, wayne_jump())
    store.mark_expected(JUMP, by=U1)
    with pytest.raises(Conflict, match=f"already marked expected by {U1} at 2026-06-30 09:00"):
        store.mark_expected(JUMP, by=U2)
    assert len(store.decisions()) == 1


def test_marking_before_any_check_is_not_found(store: Store) -> None:
    with pytest.raises(NotFound, match="any checked run"):
        store.mark_expected(JUMP, by=U1)


def test_the_store_runs_no_anomaly_rule() -> None:
    # Issue 15: the store keeps billing memory; detection runs in the service layer.
    folder = Path(store_package.__file__).parent
    imports = [
        (path.name, line)
        for path in sorted(folder.glob("*.py"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if "recon.anomaly" in line and "import" in line
    ]
    assert imports and all(
        line.startswith("from recon.anomaly._model import") for _, line in imports
    ), imports
