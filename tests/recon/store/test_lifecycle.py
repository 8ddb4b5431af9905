"""The gap lifecycle across runs: identity, leak, fixed, overdue, accepted, snoozed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from recon.model import GapKind
from recon.store import GapStatus, ReopenReason, Store
from tests.conftest import FakeClock
from tests.recon.store.build import make_gap, make_result

MONTH_DAYS = 365.25 / 12


def test_gap_seen_in_three_runs_keeps_one_identity_and_first_seen(
    store: Store, clock: FakeClock
) -> None:
    first = clock()
    r1 = store.record_run(make_result(make_gap()))
    clock.advance(days=7)
    r2 = store.record_run(make_result(make_gap()))
    clock.advance(days=7)
    r3 = store.record_run(make_result(make_gap()))

    assert r1.new == r2.still_open == r3.still_open
    (gap,) = store.gaps()
    assert gap.id == r1.new[0]
    assert gap.first_seen == first
    assert gap.last_seen == clock()
    assert gap.runs_seen == 3
    assert gap.last_run_id == r3.run_id


def test_leaked_to_date_grows_with_time_between_runs_at_the_impact_in_force(
    store: Store, clock: FakeClock
) -> None:
    store.record_run(make_result(make_gap(vendor_qty=12, psa_qty=10)))  # $50.00 a month
    assert store.gaps()[0].leaked_to_date == 0
    clock.advance(days=MONTH_DAYS)
    store.record_run(make_result(make_gap(vendor_qty=14, psa_qty=10)))  # now $100.00
    assert store.gaps()[0].leaked_to_date == Decimal("50.000000")
    clock.advance(days=MONTH_DAYS / 2)
    store.record_run(make_result(make_gap(vendor_qty=14, psa_qty=10)))
    # The second interval leaks at the impact of its start: $100.00 for half a month.
    assert store.gaps()[0].leaked_to_date == Decimal("100.000000")


def test_negative_impact_is_refund_risk_not_leak(store: Store, clock: FakeClock) -> None:
    over = make_gap(kind=GapKind.MISSING_IN_VENDOR, vendor_qty=0, psa_qty=4)  # -$100.00
    store.record_run(make_result(over))
    clock.advance(days=MONTH_DAYS)
    store.record_run(make_result(over))
    (gap,) = store.gaps()
    assert gap.monthly_impact == Decimal("-100.00")
    assert gap.leaked_to_date == 0
    assert gap.refund_risk_to_date == Decimal("100.000000")


def test_fix_in_the_data_closes_as_fixed_with_money_recovered(
    store: Store, clock: FakeClock
) -> None:
    gap_id = store.record_run(make_result(make_gap())).new[0]
    clock.advance(days=7)
    record = store.record_run(make_result())

    assert record.fixed == (gap_id,)
    gap = store.gap(gap_id)
    assert gap.status is GapStatus.FIXED
    assert gap.fixed_at == clock()
    assert gap.recovered_monthly == Decimal("50.00")
    assert gap.recovered_at == clock()
    assert store.gaps() == []


def test_fixed_gap_that_comes_back_reopens_under_the_same_id(
    store: Store, clock: FakeClock
) -> None:
    gap_id = store.record_run(make_result(make_gap())).new[0]
    clock.advance(days=7)
    store.record_run(make_result())
    clock.advance(days=7)
    record = store.record_run(make_result(make_gap(vendor_qty=13)))

    assert record.new == ()
    assert record.reopened == (gap_id,)
    assert record.reopened_why == {gap_id: ReopenReason.CAME_BACK}
    gap = store.gap(gap_id)
    assert gap.status is GapStatus.OPEN
    assert gap.runs_seen == 2
    assert gap.seat_delta == 3
    assert gap.recovered_monthly is None
    # The two intervals around the absence leaked nothing.
    assert gap.leaked_to_date == 0


@pytest.mark.parametrize(
    ("vendor_qty", "impact", "outcome"),
    [
        (14, None, "grew"),  # |delta| 2 -> 4
        (11, None, "changed"),  # |delta| 2 -> 1
        (12, "60.00", "changed"),  # same delta, new price
        (12, None, "still_open"),
    ],
)
def test_open_gap_outcome_is_grew_changed_or_still_open(
    store: Store, clock: FakeClock, vendor_qty: int, impact: str | None, outcome: str
) -> None:
    gap_id = store.record_run(make_result(make_gap(vendor_qty=12))).new[0]
    clock.advance(days=1)
    record = store.record_run(make_result(make_gap(vendor_qty=vendor_qty, impact=impact)))
    assert getattr(record, outcome) == (gap_id,)
    assert sum(len(getattr(record, o)) for o in ("grew", "changed", "still_open")) == 1


def test_resolved_gap_still_present_within_grace_period_stays_quiet(
    store: Store, clock: FakeClock
) -> None:
    gap_id = store.record_run(make_result(make_gap())).new[0]
    store.resolve(gap_id, by="U0AAAAAAA")
    clock.advance(days=7, seconds=-1)
    record = store.record_run(make_result(make_gap()))

    assert record.quiet == (gap_id,)
    gap = store.gap(gap_id)
    assert gap.status is GapStatus.RESOLVED
    assert not gap.overdue
    assert gap.recovered_monthly == Decimal("50.00")


def test_resolved_gap_still_present_after_grace_period_reopens_overdue(
    store: Store, clock: FakeClock
) -> None:
    gap_id = store.record_run(make_result(make_gap())).new[0]
    store.resolve(gap_id, by="U0AAAAAAA", note="added seats")
    clock.advance(days=7)
    record = store.record_run(make_result(make_gap()))

    assert record.reopened == (gap_id,)
    assert record.reopened_why == {gap_id: ReopenReason.OVERDUE}
    gap = store.gap(gap_id)
    assert gap.status is GapStatus.OPEN
    assert gap.overdue
    assert gap.recovered_monthly is None
    assert gap.resolved_by == "U0AAAAAAA"  # kept, so the alert can say who


def test_grace_period_is_a_setting(store: Store, clock: FakeClock) -> None:
    store.set_setting("grace_days", "2", by="U0AAAAAAA")
    gap_id = store.record_run(make_result(make_gap())).new[0]
    store.resolve(gap_id, by="U0AAAAAAA")
    clock.advance(days=2)
    assert store.record_run(make_result(make_gap())).reopened == (gap_id,)


def test_resolved_gap_that_disappears_is_fixed_and_keeps_its_recovery(
    store: Store, clock: FakeClock
) -> None:
    gap_id = store.record_run(make_result(make_gap())).new[0]
    resolved_at = clock()
    store.resolve(gap_id, by="U0AAAAAAA")
    clock.advance(days=3)
    assert store.record_run(make_result()).fixed == (gap_id,)
    gap = store.gap(gap_id)
    assert gap.status is GapStatus.FIXED
    assert (gap.recovered_monthly, gap.recovered_at) == (Decimal("50.00"), resolved_at)


def test_accepted_gap_stays_quiet_until_its_delta_changes(store: Store, clock: FakeClock) -> None:
    gap_id = store.record_run(make_result(make_gap(vendor_qty=12))).new[0]
    store.accept(gap_id, reason="2 free seats in the contract", by="U0AAAAAAA")
    for _ in range(3):
        clock.advance(days=30)
        record = store.record_run(make_result(make_gap(vendor_qty=12)))
        assert record.quiet == (gap_id,)
        assert store.gap(gap_id).status is GapStatus.ACCEPTED
    clock.advance(days=30)
    record = store.record_run(make_result(make_gap(vendor_qty=13)))

    assert record.reopened == (gap_id,)
    assert record.reopened_why == {gap_id: ReopenReason.DELTA_CHANGED}
    gap = store.gap(gap_id)
    assert gap.status is GapStatus.OPEN
    assert gap.accepted_delta == 2
    assert gap.leaked_to_date == 0  # intentional while accepted: not a leak


def test_snoozed_gap_reopens_on_the_snooze_date_and_not_before(
    store: Store, clock: FakeClock
) -> None:
    gap_id = store.record_run(make_result(make_gap())).new[0]  # 2026-03-02 09:00 UTC
    store.snooze(gap_id, until=date(2026, 3, 10), by="U0AAAAAAA")
    clock.set(clock().replace(day=9, hour=23, minute=59))
    assert store.record_run(make_result(make_gap())).quiet == (gap_id,)
    clock.set(clock().replace(day=10, hour=0, minute=0))
    record = store.record_run(make_result(make_gap()))
    assert record.reopened_why == {gap_id: ReopenReason.SNOOZE_EXPIRED}
    assert store.gap(gap_id).status is GapStatus.OPEN


def test_snooze_date_is_read_in_the_configured_time_zone(store: Store, clock: FakeClock) -> None:
    store.set_setting("timezone", "America/New_York", by="U0AAAAAAA")
    gap_id = store.record_run(make_result(make_gap())).new[0]
    store.snooze(gap_id, until=date(2026, 3, 10), by="U0AAAAAAA")
    # New York is on daylight time (UTC-4) from 2026-03-08.
    clock.set(clock().replace(day=10, hour=3, minute=59))  # 23:59 on the 9th in New York
    assert store.record_run(make_result(make_gap())).quiet == (gap_id,)
    clock.set(clock().replace(day=10, hour=4, minute=0))
    assert store.record_run(make_result(make_gap())).reopened == (gap_id,)


def test_snoozed_gap_keeps_leaking(store: Store, clock: FakeClock) -> None:
    gap_id = store.record_run(make_result(make_gap())).new[0]
    store.snooze(gap_id, until=date(2026, 12, 1), by="U0AAAAAAA")
    clock.advance(days=MONTH_DAYS)
    store.record_run(make_result(make_gap()))
    assert store.gap(gap_id).leaked_to_date == Decimal("50.000000")


def test_run_record_partitions_every_gap_of_the_run(store: Store, clock: FakeClock) -> None:
    a, b, c, d = (make_gap(f"Client {n}") for n in "ABCD")
    first = store.record_run(make_result(a, b, c, d))
    ids = dict(zip("ABCD", first.new, strict=True))
    store.accept(ids["B"], reason="free seats", by="U0AAAAAAA")
    clock.advance(days=1)
    e = make_gap("Client E")
    record = store.record_run(make_result(make_gap("Client A", vendor_qty=15), b, c, e))

    e_id = store.gaps_by_key([e.key])[e.key].id
    assert record.grew == (ids["A"],)
    assert record.quiet == (ids["B"],)
    assert record.still_open == (ids["C"],)
    assert record.new == (e_id,)
    assert record.fixed == (ids["D"],)
    assert record.changed == record.reopened == ()
    assert store.run_record(record.run_id) == record
