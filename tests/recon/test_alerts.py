"""The alert policy as tables: thresholds, growth, reopening, escalation, repeats, routing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from recon.alerts import AlertReason, plan_from_store, sent_alerts
from recon.engine import reconcile
from recon.model import Side
from recon.service import check_anomalies
from recon.store import Store
from tests.conftest import FakeClock
from tests.recon.conftest import make_lines

BP = "Microsoft 365 Business Premium"
PSA_PRICE = "25.00"


@pytest.fixture
def store(tmp_path, clock: FakeClock) -> Store:
    return Store.open(tmp_path / "recon.db", clock=clock)


def run(store: Store, seats: dict[str, tuple[int, int]]) -> None:
    """One reconciliation: client -> (vendor seats, PSA seats) of Business Premium."""
    vendor = [(client, BP, v, "20") for client, (v, _) in seats.items() if v]
    psa = [(client, BP, p, PSA_PRICE) for client, (_, p) in seats.items() if p]
    store.record_run(
        reconcile(
            make_lines(Side.VENDOR, vendor), make_lines(Side.PSA, psa), knowledge=store.knowledge()
        )
    )


def sweep(store: Store):
    """Plan, 'send' and record, as the bot's job does; returns {client: [reasons]}."""
    plan = plan_from_store(store)
    for alert in plan.alerts:
        store.record_alerts(sent_alerts(alert))
    return {a.client: [w.reason for w in a.gaps] for a in plan.alerts}, plan


@pytest.mark.parametrize(
    ("extra_seats", "alerted"),
    [(3, False), (4, True), (5, True)],  # 3 x $25 = $75; 4 x $25 = $100 (at the threshold)
)
def test_threshold_edges(store: Store, extra_seats: int, alerted: bool) -> None:
    run(store, {"Acme": (10 + extra_seats, 10)})
    said, plan = sweep(store)
    assert ("Acme" in said) is alerted
    assert (len(plan.digest_only) == 1) is not alerted


def test_per_client_threshold_override(store: Store) -> None:
    run(store, {"Acme": (13, 10), "Globex": (13, 10)})
    store.set_setting("threshold", "50", by="admin", client="Acme")
    said, _ = sweep(store)
    assert set(said) == {"Acme"}


def test_over_billing_counts_as_money_too(store: Store) -> None:
    run(store, {"Acme": (10, 15)})  # refund risk: 5 x $25
    said, _ = sweep(store)
    assert said == {"Acme": [AlertReason.NEW]}


def test_no_repeats_across_three_runs(store: Store, clock: FakeClock) -> None:
    for day in range(3):
        run(store, {"Acme": (15, 10)})
        said, _ = sweep(store)
        assert said == ({"Acme": [AlertReason.NEW]} if day == 0 else {})
        clock.advance(days=1)


def test_growth_alerts_again_but_shrinking_does_not(store: Store, clock: FakeClock) -> None:
    run(store, {"Acme": (15, 10)})
    sweep(store)
    clock.advance(days=1)
    run(store, {"Acme": (18, 10)})
    assert sweep(store)[0] == {"Acme": [AlertReason.GREW]}
    clock.advance(days=1)
    run(store, {"Acme": (16, 10)})
    assert sweep(store)[0] == {}


def test_resolved_but_still_there_after_grace_alerts_as_overdue(
    store: Store, clock: FakeClock
) -> None:
    run(store, {"Acme": (15, 10)})
    sweep(store)
    (gap,) = store.gaps()
    store.resolve(gap.id, by="U1", note="fixed it")
    clock.advance(days=3)
    run(store, {"Acme": (15, 10)})  # within the 7-day grace: quiet
    assert sweep(store)[0] == {}
    clock.advance(days=5)
    run(store, {"Acme": (15, 10)})
    assert sweep(store)[0] == {"Acme": [AlertReason.OVERDUE]}


def test_snooze_expiry_reopens_and_alerts(store: Store, clock: FakeClock) -> None:
    run(store, {"Acme": (15, 10)})
    sweep(store)
    (gap,) = store.gaps()
    store.snooze(gap.id, until=date(2026, 3, 5), by="U1")
    clock.advance(days=4)
    run(store, {"Acme": (15, 10)})
    assert sweep(store)[0] == {"Acme": [AlertReason.REOPENED]}


def test_accepted_gap_is_quiet(store: Store, clock: FakeClock) -> None:
    run(store, {"Acme": (15, 10)})
    (gap,) = store.gaps()
    store.accept(gap.id, reason="donated seats", by="U1")
    run(store, {"Acme": (15, 10)})
    assert sweep(store)[0] == {}


def test_escalation_age_alerts_once(store: Store, clock: FakeClock) -> None:
    run(store, {"Acme": (15, 10)})
    sweep(store)
    clock.advance(days=13)
    run(store, {"Acme": (15, 10)})
    assert sweep(store)[0] == {}
    clock.advance(days=1)
    run(store, {"Acme": (15, 10)})
    assert sweep(store)[0] == {"Acme": [AlertReason.ESCALATED]}
    clock.advance(days=1)
    run(store, {"Acme": (15, 10)})
    assert sweep(store)[0] == {}


def test_escalation_age_is_a_setting(store: Store, clock: FakeClock) -> None:
    store.set_setting("escalation_days", "2", by="admin")
    run(store, {"Acme": (15, 10)})
    sweep(store)
    clock.advance(days=2)
    assert sweep(store)[0] == {"Acme": [AlertReason.ESCALATED]}


def test_routing_with_and_without_owners(store: Store) -> None:
    run(store, {"Acme": (15, 10), "Globex": (15, 10), "Initech": (15, 10)})
    store.set_owner("Acme", slack_user="U0AM00001", by="admin")
    store.set_owner("Globex", slack_user="U0AM00002", billing_owner="U0BILL001", by="admin")
    store.set_setting("billing_channel", "C0BILLING1", by="admin")
    _, plan = sweep(store)
    routes = {a.client: (a.recipients.users, a.recipients.channel) for a in plan.alerts}
    assert routes == {
        "Acme": (("U0AM00001",), None),
        "Globex": (("U0AM00002", "U0BILL001"), None),
        "Initech": ((), "C0BILLING1"),
    }


def test_only_new_gaps_count_toward_the_threshold(store: Store, clock: FakeClock) -> None:
    run(store, {"Acme": (15, 10)})
    sweep(store)  # $125 alerted
    clock.advance(days=1)
    # Another product gap of $50 appears: the old $125 was already said, so $50 < $100 waits.
    vendor = [("Acme", BP, 15, "20"), ("Acme", "Microsoft 365 E3", 2, "30")]
    psa = [("Acme", BP, 10, PSA_PRICE), ("Acme", "Microsoft 365 E3", 0, "25")]
    store.record_run(reconcile(make_lines(Side.VENDOR, vendor), make_lines(Side.PSA, psa)))
    said, plan = sweep(store)
    assert said == {}
    assert [w.gap.product for w in plan.digest_only] == ["Microsoft 365 E3"]
    assert plan.digest_only[0].gap.monthly_impact == Decimal("50.00")


def _jumps(store: Store, clock: FakeClock, *, price: str | None) -> None:
    """Four checked runs: Wayne's E3 steady at 24, then 36 at the vendor (12 seats)."""
    from recon.normalize import client_key
    from tests.recon.store.build import make_result, seats_for

    steady = [("Wayne Enterprises", "M365 E3", 24, 24)]
    prices = {} if price is None else {(client_key("Wayne Enterprises"), "cat:m365-e3"): price}
    for vendor in (24, 24, 24, 36):
        clock.advance(days=30)
        rows = [("Wayne Enterprises", "M365 E3", vendor, 24)] if vendor != 24 else steady
        run_id = store.record_run(make_result(seats=seats_for([], rows))).run_id
        check_anomalies(store, run_id, prices={k: Decimal(v) for k, v in prices.items()})


@pytest.mark.parametrize(
    ("price", "threshold", "alerted"),
    [("10.00", "100", True), ("8.00", "100", False), ("8.00", "96", True), (None, "0", False)],
    ids=["over", "under", "at", "no-price"],
)
def test_anomalies_alert_at_the_clients_threshold(
    store: Store, clock: FakeClock, price: str | None, threshold: str, alerted: bool
) -> None:
    from recon.alerts import anomaly_alerts_from_store

    _jumps(store, clock, price=price)  # 12 seats x price
    store.set_setting("threshold", threshold, by="admin")
    store.set_setting("billing_channel", "C0BILLING", by="admin")
    alerts = anomaly_alerts_from_store(store)
    assert bool(alerts) is alerted
    if alerted:
        [alert] = alerts
        assert alert.anomaly.rule == "one_sided_jump" and alert.threshold == Decimal(threshold)
        assert alert.recipients.users == () and alert.recipients.channel == "C0BILLING"


def test_anomalies_go_to_the_owners_and_not_once_marked_expected(
    store: Store, clock: FakeClock
) -> None:
    from recon.alerts import anomaly_alerts_from_store

    _jumps(store, clock, price="30.00")
    store.set_owner("Wayne Enterprises", slack_user="U0AAAAAAA", by="admin")
    [alert] = anomaly_alerts_from_store(store)
    assert alert.recipients.users == ("U0AAAAAAA",)
    store.mark_expected(alert.anomaly.key, by="U0AAAAAAA")
    assert anomaly_alerts_from_store(store) == ()
