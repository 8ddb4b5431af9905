"""A run can only close gaps it could see: other vendors' products and clients in review."""

from __future__ import annotations

from decimal import Decimal

from recon.engine import reconcile
from recon.model import Knowledge, Side
from recon.store import Store
from tests.recon.conftest import make_lines

BP = "Microsoft 365 Business Premium"
EDR = "Huntress Managed EDR"


def run(store: Store, vendor, psa, knowledge: Knowledge | None = None):
    result = reconcile(
        make_lines(Side.VENDOR, vendor),
        make_lines(Side.PSA, psa),
        knowledge=knowledge or store.knowledge(),
    )
    return store.record_run(result)


PSA = [("Acme", BP, 10, "26.40"), ("Acme", EDR, 10, "5.00")]


def test_a_run_from_another_vendor_does_not_fix_gaps_it_cannot_see(tmp_path, clock) -> None:
    store = Store.open(tmp_path / "recon.db", clock=clock)
    # Microsoft file: Business Premium under-billed by 2.
    first = run(store, [("Acme", BP, 12, "22")], PSA)
    (gap_id,) = first.new
    clock.advance(days=1)
    # Security vendor file: only Huntress. It can say nothing about Business Premium.
    second = run(store, [("Acme", EDR, 10, "3")], PSA)
    assert gap_id not in second.fixed
    assert store.gap(gap_id).status == "open"


def test_a_product_the_same_vendor_stops_showing_is_fixed(tmp_path, clock) -> None:
    store = Store.open(tmp_path / "recon.db", clock=clock)
    psa = [*PSA, ("Other", BP, 1, "26.40")]
    first = run(store, [("Acme", BP, 12, "22"), ("Other", BP, 1, "22")], psa)
    (gap_id,) = first.new
    clock.advance(days=1)
    second = run(store, [("Acme", BP, 10, "22"), ("Other", BP, 1, "22")], psa)
    assert second.fixed == (gap_id,)


def test_a_client_now_in_review_is_undecided_not_fixed(tmp_path, clock) -> None:
    store = Store.open(tmp_path / "recon.db", clock=clock)
    first = run(
        store,
        [("Harbor View Dental", BP, 12, "22")],
        [("Harbor View Dental", BP, 10, "26.40")],
    )
    (gap_id,) = first.new
    clock.advance(days=1)
    # The vendor renamed the customer: the pair now waits for a person.
    second = run(
        store,
        [("Harbor View Dental Partners", BP, 12, "22")],
        [("Harbor View Dental", BP, 10, "26.40")],
    )
    assert gap_id not in second.fixed
    assert store.gap(gap_id).status == "open"


def test_leak_accrues_from_last_seen_across_runs_that_cannot_see_the_gap(tmp_path, clock) -> None:
    store = Store.open(tmp_path / "recon.db", clock=clock)
    (gap_id,) = run(store, [("Acme", BP, 12, "22")], PSA).new  # +2 seats x $26.40 = $52.80
    clock.advance(days=7)
    run(store, [("Acme", EDR, 10, "3")], PSA)  # another vendor's run
    clock.advance(days=365.25 / 12 - 7)
    run(store, [("Acme", BP, 12, "22")], PSA)
    assert store.gap(gap_id).leaked_to_date == Decimal("52.80")
