"""The review budget is charged only for the items that stay in review.

``recon.engine.review_budget``: the leftovers pass asks about a pair only while at most 3 %
of the vendor file's clients are in review, and it runs before the site step takes a customer
held between sibling offices out of review (one family question instead). Such an item must
not use up the budget: "Northern Meadows Technologies" / "The No Meaadows" is asked beside the
family question, not left a vendor-only and a PSA-only client.
"""

from __future__ import annotations

from recon.engine import reconcile
from recon.model import GapKind, ReconResult, Side
from tests.recon.conftest import make_lines
from tests.recon.meadows_pair import PSA_NAME, VENDOR_NAME, rows
from tests.recon.test_leftover_clients import PAIR_LINES, _fillers

CUSTOMER = "Kestrel Orthodontics"
DENVER, BOISE = "Kestrel Ortho (Denver)", "Kestrel Ortho (Boise)"
BP, EXO = "Microsoft 365 Business Premium", "Exchange Online (Plan 1)"
ENTRA = "Microsoft Entra ID P1"
#: The customer's seats, and the two offices' that sum to them exactly on every product.
BOUGHT = [(BP, 16), (EXO, 14), (ENTRA, 15)]
OFFICES = {DENVER: [(BP, 3), (EXO, 13), (ENTRA, 13)], BOISE: [(BP, 13), (EXO, 1), (ENTRA, 2)]}


def _run(offices: dict[str, list[tuple[str, int]]] = OFFICES) -> ReconResult:
    # 40 fillers, the leftover pair and the customer: 42 vendor clients, room for one item.
    fillers = _fillers()
    vendor = [*fillers, *rows(VENDOR_NAME, PAIR_LINES[:2], "4"), *rows(CUSTOMER, BOUGHT, "4")]
    psa = [(c, p, q, "30") for c, p, q, _ in fillers] + rows(PSA_NAME, PAIR_LINES[:2], "6")
    psa += [row for office, lines in offices.items() for row in rows(office, lines, "6")]
    return reconcile(make_lines(Side.VENDOR, vendor), make_lines(Side.PSA, psa))


def test_a_review_item_the_site_step_takes_out_leaves_the_budget_free() -> None:
    result = _run()
    # The customer between its offices became a family question, not a review item ...
    (question,) = result.family_questions
    assert question.vendor_client == CUSTOMER
    # ... and did not take the one place the leftover pair needed.
    assert [r.vendor_client for r in result.review] == [VENDOR_NAME]
    one_sided = {GapKind.MISSING_IN_PSA, GapKind.MISSING_IN_VENDOR}
    assert not [g for g in result.gaps if g.kind in one_sided]


def test_an_item_that_stays_in_review_is_still_charged() -> None:
    # Offices whose seats sum to the customer's nowhere: the customer stays in review and
    # takes the one place, so the leftover pair is not asked (its lines show as gaps).
    apart = {DENVER: [(BP, 3), (EXO, 7), (ENTRA, 5)], BOISE: [(BP, 5), (EXO, 1), (ENTRA, 2)]}
    result = _run(apart)
    assert [r.vendor_client for r in result.review] == [CUSTOMER]
    assert {g.client for g in result.gaps if g.kind is GapKind.MISSING_IN_PSA} == {VENDOR_NAME}
