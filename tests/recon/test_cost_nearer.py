"""A question's product loses first place to an unbilled product its text's cost is nearer.

"SW - EDR - Endpoint" 1 (its ConnectWise Cost $3.69) at a client buying Huntress EDR 1
($3.23) and SentinelOne Control 1 ($3.59), both unbilled by name, beside a "Managed Threat
Detection" 1 at Huntress' cost: the name settled the client for Huntress, so SentinelOne was
no seat-backed candidate, and Huntress showed 2 billed for 1 beside "SentinelOne missing in
PSA". Each test fails when its guard in recon.engine.cost_candidates._nearer_unbilled is
removed.
"""

from __future__ import annotations

from decimal import Decimal

from recon.engine import reconcile
from recon.model import GapKind, Side
from tests.recon.conftest import make_lines
from tests.recon.test_cost_candidates import _costed

HUNTRESS = "Huntress Managed EDR"
S1 = "SentinelOne Singularity Control"
TEXT = "SW - EDR - Endpoint"


def _run(
    text_cost: str,
    *,
    s1_seats: int = 1,
    huntress_again: bool = False,
    s1_cost: str = "3.70",
    rival: str = S1,
):
    vendor, psa, costs = [], [], []
    for i in range(6):
        client = f"Client {i:02}"
        vendor.append((client, "Microsoft 365 Business Premium", 10 + i, "22"))
        psa.append((client, "M365 Business Premium", 10 + i, "26"))
        costs.append("22.10")
    # Each maker's EDR billed by its own name elsewhere: the vendor's costs of each.
    vendor += [("Client 02", HUNTRESS, 4, "3.30"), ("Client 03", rival, 5, s1_cost)]
    psa += [("Client 02", HUNTRESS, 4, "5.00"), ("Client 03", rival, 5, "5.50")]
    costs += ["3.30", "3.70"]
    # The client's own SentinelOne at $3.59, or at the file's lower price where it has one.
    here = "3.59" if Decimal(s1_cost) > Decimal("3.59") else s1_cost
    vendor += [("Client 01", HUNTRESS, 1, "3.23"), ("Client 01", rival, s1_seats, here)]
    psa += [("Client 01", TEXT, 1, "6.50"), ("Client 01", "Managed Threat Detection", 1, "5.47")]
    costs += [text_cost, "3.22"]
    if huntress_again:  # the seats back Huntress at a second client, SentinelOne nowhere
        vendor.append(("Client 04", HUNTRESS, 3, "3.23"))
        psa.append(("Client 04", TEXT, 2, "6.50"))
        costs.append(text_cost)
    return reconcile(make_lines(Side.VENDOR, vendor), _costed(psa, costs))


def _asked(result) -> list[str]:
    found = [q for q in result.questions if q.psa_product == TEXT]
    return [c.vendor_product for q in found for c in q.candidates]


def test_a_cost_nearer_an_unbilled_product_of_the_same_seats_asks_about_it() -> None:
    result = _run("3.69")
    assert _asked(result)[:1] == [S1]
    kinds = {(g.client, g.product, g.kind) for g in result.gaps}
    assert ("Client 01", S1, GapKind.MISSING_IN_PSA) not in kinds
    assert ("Client 01", HUNTRESS, GapKind.QUANTITY_MISMATCH) not in kinds


def test_a_cost_nearer_the_questions_own_product_leaves_it_first() -> None:
    assert _asked(_run("3.25"))[:1] == [HUNTRESS]


def test_an_unbilled_product_of_other_seats_is_not_asked_about_for_its_cost() -> None:
    assert _asked(_run("3.69", s1_seats=9))[:1] == [HUNTRESS]


def test_an_unbilled_product_the_seats_back_at_fewer_clients_is_not_asked_about() -> None:
    assert _asked(_run("3.69", huntress_again=True))[:1] == [HUNTRESS]


def test_a_cost_nearer_an_unbilled_product_but_not_fitting_it_leaves_the_question() -> None:
    # $3.90 is nearer SentinelOne's $3.50 than Huntress' $3.23-$3.30, but not within a tenth.
    assert _asked(_run("3.90", s1_cost="3.50"))[:1] == [HUNTRESS]


def test_an_unbilled_product_unlike_the_text_is_not_asked_about_for_its_cost() -> None:
    # A password manager at the EDR's seats and cost is a coincidence, not the text's product.
    assert _asked(_run("3.69", rival="Keeper Business"))[:1] == [HUNTRESS]


def test_a_cost_only_a_little_nearer_an_unbilled_product_leaves_the_question() -> None:
    # $3.45 is 4.7 % above Huntress' $3.23-$3.30 and 4.0 % below SentinelOne's $3.59-$3.70:
    # nearer SentinelOne by a hair, which says nothing of the maker.
    assert _asked(_run("3.45"))[:1] == [HUNTRESS]
