"""A second tenant of a client held in review, summed into the pending pair.

``recon.engine.review_tenants``: "Howell Hospitality LP" waits in review as "Howell
Hospitality (Austin)", its gaps shown pending the review (5 Business Premium bought, 13
billed); "Howell Hospitality LP - Tulsa", the second tenant, holds the other 8. By name (a site
label after the held client's name) and by seats, that is no gap at all: the 8 seats go into
the pending pair, still pending the review.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from recon.engine import reconcile
from recon.engine.review_tenants import sum_review_tenants
from recon.model import Gap, GapKind, Side
from recon.model._gaps import pending_review
from recon.normalize import client_key
from tests.recon.conftest import make_lines

HELD, PSA = "Howell Hospitality LP", "Howell Hospitality (Austin)"
TULSA = "Howell Hospitality LP - Tulsa"
RESTS = pending_review(HELD, PSA)


def _pending(product: str, vendor: int, psa: int) -> Gap:
    return Gap(
        kind=GapKind.QUANTITY_MISMATCH if vendor else GapKind.MISSING_IN_VENDOR,
        client_key=client_key(HELD),
        product_key=product,
        client=HELD,
        product=product,
        vendor_client=HELD,
        psa_client=PSA,
        vendor_product=product,
        psa_product=product,
        vendor_qty=Decimal(vendor),
        psa_qty=Decimal(psa),
        vendor_unit_cost=Decimal(2),
        psa_unit_price=Decimal(3),
        seat_delta=Decimal(vendor - psa),
        monthly_impact=Decimal(vendor - psa) * 3,
        confidence=0.5,
        why="",
        rests_on=RESTS,
    )


def _bought(product: str, seats: int, tenant: str = TULSA) -> Gap:
    return Gap(
        kind=GapKind.MISSING_IN_PSA,
        client_key=client_key(tenant),
        product_key=product,
        client=tenant,
        product=product,
        vendor_client=tenant,
        psa_client=None,
        vendor_product=product,
        psa_product=None,
        vendor_qty=Decimal(seats),
        psa_qty=Decimal(0),
        vendor_unit_cost=Decimal(2),
        psa_unit_price=None,
        seat_delta=Decimal(seats),
        monthly_impact=Decimal(seats) * 2,
        confidence=1.0,
        why="",
    )


def _sum(gaps: list[Gap], lone: tuple[str, ...] = (TULSA,)) -> tuple[Gap, ...]:
    return sum_review_tenants(gaps, lone_vendor=lone)


def test_a_second_tenant_filling_the_pending_shortfall_is_no_gap() -> None:
    assert _sum([_pending("bp", 5, 13), _bought("bp", 8)]) == ()


def test_a_tenant_filling_part_of_it_leaves_the_difference_pending_the_review() -> None:
    (gap,) = _sum(
        [_pending("bp", 5, 13), _pending("exo", 2, 6), _bought("bp", 8), _bought("exo", 3)]
    )
    assert (gap.product_key, gap.vendor_qty, gap.psa_qty, gap.seat_delta) == ("exo", 5, 6, -1)
    assert gap.monthly_impact == -3 and gap.rests_on == RESTS


def test_a_tenant_named_as_another_business_is_not_summed() -> None:
    # "Realty" names a business of its own, not a site: its line stays a gap of its own.
    realty = "Howell Hospitality LP Realty"
    gaps = [_pending("bp", 5, 13), _bought("bp", 8, realty)]
    assert _sum(gaps, (realty,)) == tuple(gaps)


def test_a_tenant_whose_seats_are_far_from_the_shortfall_is_not_summed() -> None:
    gaps = [_pending("bp", 5, 13), _bought("bp", 3)]
    assert _sum(gaps) == tuple(gaps)


def test_a_tenant_mostly_holding_products_the_pair_is_not_short_of_is_not_summed() -> None:
    gaps = [_pending("bp", 5, 13), _bought("bp", 8), _bought("visio", 2), _bought("pbi", 1)]
    assert _sum(gaps) == tuple(gaps)


def test_a_product_the_pair_is_not_short_of_stays_the_tenants_own_gap() -> None:
    # Visio is bought by the tenant, billed by nobody: the organisation's real gap.
    (gap,) = _sum([_pending("bp", 5, 13), _bought("bp", 8), _bought("visio", 2)])
    assert (gap.client, gap.product_key, gap.kind) == (TULSA, "visio", GapKind.MISSING_IN_PSA)


def test_a_shortfall_filled_past_near_keeps_the_real_gap_when_most_lines_agree() -> None:
    # Business Basic fills its shortfall exactly; Business Premium 17 for 13 short: 4 seats
    # bought and not billed, shown on the pair, pending the review.
    gaps = [_pending("bp", 0, 13), _pending("bb", 9, 19), _bought("bp", 17), _bought("bb", 10)]
    (gap,) = _sum(gaps)
    assert (gap.product_key, gap.vendor_qty, gap.psa_qty, gap.seat_delta) == ("bp", 17, 13, 4)
    assert gap.kind is GapKind.QUANTITY_MISMATCH and gap.rests_on == RESTS


def test_seats_only_near_the_shortfall_everywhere_are_no_evidence() -> None:
    # 7 of the 8 short: near, never exact.
    gaps = [_pending("bp", 5, 13), _bought("bp", 7)]
    assert _sum(gaps) == tuple(gaps)


def test_a_customer_in_review_itself_or_paired_is_not_read_as_a_tenant() -> None:
    gaps = [_pending("bp", 5, 13), _bought("bp", 8)]
    assert _sum(gaps, lone=()) == tuple(gaps)


def test_two_tenants_on_one_shortfall_are_neither_summed_twice() -> None:
    boise = "Howell Hospitality LP - Boise"
    gaps = [_pending("bp", 5, 13), _bought("bp", 8), _bought("bp", 8, boise)]
    assert _sum(gaps, (TULSA, boise)) == tuple(gaps)  # whose the 8 seats are, no one says


def test_a_tenant_near_the_shortfall_on_too_few_products_is_not_summed() -> None:
    # One product exact, two far from what the pair lacks: the lines do not say one customer.
    gaps = [_pending("bp", 5, 13), _pending("exo", 2, 12), _pending("s1", 1, 9)]
    gaps += [_bought("bp", 8), _bought("exo", 3), _bought("s1", 2)]
    assert _sum(gaps) == tuple(gaps)


def test_a_product_the_held_client_holds_more_of_than_billed_is_never_added_to() -> None:
    # The held client holds 4 mailboxes, 2 billed: the tenant's 2 more are its own gap, not
    # seats for a shortfall there is none of.
    over = _pending("exo", 4, 2)
    gaps = [_pending("bp", 5, 13), over, _bought("bp", 8), _bought("exo", 2)]
    out = _sum(gaps)
    assert over in out
    assert [(g.client, g.product_key) for g in out if g is not over] == [(TULSA, "exo")]


def test_a_run_sums_the_second_tenant_of_a_client_held_in_review() -> None:
    # The whole run, not the step alone: "Navarro Dental Group PA" waits in review beside
    # "... - East" (Exchange billed, never bought, keeps it there); its second tenant
    # "... - Tulsa" holds the 8 Business Premium seats "- East" bills beyond the 12 bought.
    held, east = "Navarro Dental Group PA", "Navarro Dental Group PA - East"
    bp, exo = "Microsoft 365 Business Premium", "Exchange Online (Plan 1)"
    vendor = [(held, bp, 12, "22"), (f"{held} - Tulsa", bp, 8, "22"), ("Acme", bp, 5, "22")]
    psa = [(east, bp, 20, "26"), (east, exo, 5, "5"), ("Acme", bp, 5, "26")]
    result = reconcile(make_lines(Side.VENDOR, vendor), make_lines(Side.PSA, psa))
    assert [r.vendor_client for r in result.review] == [held]
    # 12 + 8 bought = 20 billed: no shortfall pending the review, no "missing in PSA" on
    # the tenant; only Exchange, billed and never bought, waits on the review.
    assert [(g.client, g.product, g.kind) for g in result.gaps] == [
        (east, exo, GapKind.MISSING_IN_VENDOR)
    ]
    assert result.gaps[0].rests_on == pending_review(held, east)


def test_a_pending_line_not_shown_that_the_tenant_holds_exactly_is_filled_by_it() -> None:
    # The pair's 4 Business Premium billed, never bought by the held client, were not shown
    # (read as half of one line beside a vendor line of about those seats); the tenant holds
    # exactly those 4: bought in the other tenant, no gap on either side.
    gaps = [_pending("tp", 2, 5), _bought("tp", 3), _bought("bp", 4)]
    assert sum_review_tenants(gaps, lone_vendor=(TULSA,), unshown=[_pending("bp", 0, 4)]) == ()


def test_a_pending_line_not_shown_is_filled_only_by_its_exact_seats() -> None:
    gaps = [_pending("tp", 2, 5), _bought("tp", 3), _bought("bp", 3)]
    out = sum_review_tenants(gaps, lone_vendor=(TULSA,), unshown=[_pending("bp", 0, 4)])
    assert [(g.client, g.product_key, g.kind) for g in out] == [
        (TULSA, "bp", GapKind.MISSING_IN_PSA)
    ]


def test_a_candidate_line_compared_apart_is_filled_by_the_tenant_holding_its_seats() -> None:
    # The review compared apart (recon.engine.either_way): the candidate's 2 E3 seats show
    # under the candidate alone, resting on the review; the held client's second tenant holds
    # exactly those 2 seats.
    mine = dataclasses.replace(
        _pending("bp", 0, 4),
        kind=GapKind.MISSING_IN_PSA,
        vendor_qty=Decimal(4),
        psa_qty=Decimal(0),
        psa_client=None,
    )
    candidate = dataclasses.replace(
        _pending("e3", 0, 2), vendor_client=None, client_key="candidate", client=PSA
    )
    assert _sum([mine, candidate, _bought("e3", 2)]) == (mine,)


def test_a_candidate_line_compared_apart_is_filled_only_by_its_exact_seats() -> None:
    # Business Premium fills the held pair's shortfall exactly; the candidate's 3 E3 seats
    # are near the tenant's 2, not equal: both stay, each its own side's gap.
    candidate = dataclasses.replace(
        _pending("e3", 0, 3), vendor_client=None, client_key="candidate", client=PSA
    )
    tenant_e3 = _bought("e3", 2)
    assert _sum([_pending("bp", 5, 13), candidate, _bought("bp", 8), tenant_e3]) == (
        candidate,
        tenant_e3,
    )
