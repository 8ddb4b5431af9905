"""A twin offered in review beside a vendor client it shares no product with (issue 11).

"Mueller Development" (vendor, Business Premium) waits in review with two candidates: its
own "Mueller Development - TX" and "Mueller Development - TX Properties", a second company
billed for EDR and F3 only. Whichever way the review is answered, the vendor sells the
second company none of those: its lines show now, "billed, not bought", pending the review,
instead of being held with it (``recon.engine.held_twins``). Each test fails when its rule
is removed.
"""

from __future__ import annotations

from recon.engine import reconcile
from recon.model import GapKind, ReconResult, Side, pending_review
from tests.recon.conftest import Row, make_lines

BP = "Microsoft 365 Business Premium"
EDR = "Huntress Managed EDR"
F3 = "Microsoft 365 F3"
E3 = "Microsoft 365 E3"
EXO = "Exchange Online (Plan 1)"
VENDOR_NAME = "Mueller Development"
OWN = "Mueller Development - TX"
TWIN = "Mueller Development - TX Properties"
# An ordinary client, so the vendor file sells every product the twin bills.
ACME_VENDOR: list[Row] = [
    ("Acme", BP, 5, "22"),
    ("Acme", EDR, 3, "3"),
    ("Acme", F3, 2, "7"),
    ("Acme", EXO, 2, "4"),
]
ACME_PSA: list[Row] = [
    ("Acme", BP, 5, "26"),
    ("Acme", EDR, 3, "4"),
    ("Acme", F3, 2, "8"),
    ("Acme", EXO, 2, "5"),
]


def _run(twin: list[Row]) -> ReconResult:
    vendor = [(VENDOR_NAME, BP, 1, "22"), *ACME_VENDOR]
    psa = [(OWN, BP, 6, "26"), *twin, *ACME_PSA]
    return reconcile(make_lines(Side.VENDOR, vendor), make_lines(Side.PSA, psa))


def _twin_gaps(result: ReconResult) -> dict[str, tuple[GapKind, object, str | None]]:
    return {g.product: (g.kind, g.psa_qty, g.rests_on) for g in result.gaps if g.client == TWIN}


def test_a_twin_sharing_no_product_shows_its_lines_pending_the_review() -> None:
    result = _run([(TWIN, EDR, 40, "4"), (TWIN, F3, 24, "8")])
    # The review is as it was: both candidates, a person's decision.
    assert [(r.vendor_client, [c.psa_client for c in r.candidates]) for r in result.review] == [
        (VENDOR_NAME, [OWN, TWIN])
    ]
    assert all(m.psa_client != TWIN for m in result.matches)
    rests_on = pending_review(VENDOR_NAME, TWIN)
    assert _twin_gaps(result) == {
        EDR: (GapKind.MISSING_IN_VENDOR, 40, rests_on),
        F3: (GapKind.MISSING_IN_VENDOR, 24, rests_on),
    }
    assert all(g.confidence <= 0.5 for g in result.gaps if g.client == TWIN)


def test_a_twin_holding_a_product_of_the_vendor_client_stays_held() -> None:
    # Answered that the vendor client is this company, its Business Premium is a seat
    # comparison, not a line: the lines do not hold either way.
    result = _run([(TWIN, EDR, 40, "4"), (TWIN, BP, 3, "26")])
    assert _twin_gaps(result) == {}


def test_a_twin_line_about_the_vendor_clients_seats_is_not_shown() -> None:
    # One F3 seat beside the vendor client's one Business Premium seat may be that seat under
    # another reading: the review answers it. The EDR line cannot be.
    result = _run([(TWIN, EDR, 40, "4"), (TWIN, F3, 1, "8")])
    assert set(_twin_gaps(result)) == {EDR}


def test_a_twin_filling_a_matched_clients_shortfall_is_a_family_question() -> None:
    # "WadePharmacy, PC Warehouse" is offered in "Wade International"'s review and bills
    # exactly the two E3 seats its parent's company leaves short: one question, not its
    # line beside the parent's shortfall.
    vendor = [
        *ACME_VENDOR,
        ("Wade International", BP, 3, "22"),
        ("Wade Pharmacy PC", E3, 4, "36"),
        ("Wade Pharmacy PC", BP, 7, "22"),
    ]
    psa = [
        *ACME_PSA,
        ("Wade Services, Professional Corporation", EXO, 6, "5"),
        ("WadePharmacy, PC Warehouse", E3, 2, "40"),
        ("WadePharmacy, PC", E3, 2, "40"),
        ("WadePharmacy, PC", BP, 7, "26"),
    ]
    result = reconcile(make_lines(Side.VENDOR, vendor), make_lines(Side.PSA, psa))
    assert [c.psa_client for r in result.review for c in r.candidates] == [
        "Wade Services, Professional Corporation",
        "WadePharmacy, PC Warehouse",
    ]
    (question,) = result.family_questions
    assert question.text == "Is WadePharmacy, PC Warehouse billed for Wade Pharmacy PC's licences?"
    assert not any("Wade" in g.client and g.product == E3 for g in result.gaps)
    # The other twin's line still shows, pending the review.
    (gap,) = [g for g in result.gaps if "Wade" in g.client]
    assert (gap.client, gap.product, gap.kind) == (
        "Wade Services, Professional Corporation",
        EXO,
        GapKind.MISSING_IN_VENDOR,
    )


def test_a_twin_offered_in_two_review_items_stays_held() -> None:
    # Offered to two vendor clients, it may be the other one's company: whose lines these
    # are is not settled by either answer alone.
    vendor = [
        (VENDOR_NAME, BP, 1, "22"),
        ("Mueller Development Partners", BP, 2, "22"),
        *ACME_VENDOR,
    ]
    psa = [(OWN, BP, 6, "26"), (TWIN, EDR, 40, "4"), *ACME_PSA]
    result = reconcile(make_lines(Side.VENDOR, vendor), make_lines(Side.PSA, psa))
    assert len(result.review) == 2
    assert all(TWIN in [c.psa_client for c in r.candidates] for r in result.review)
    assert _twin_gaps(result) == {}
