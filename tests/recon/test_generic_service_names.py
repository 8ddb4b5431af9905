"""A generic service name the name rules pair with one maker's product, billed beside another's.

"Managed EDR - M2M" is how the MSP bills endpoint protection; the name rules pair it with
"Huntress Managed EDR", which the vendor sells at other clients. At this client the vendor
sells SentinelOne for exactly the billed seats and no Huntress at all: one mapping question,
never "Huntress missing in vendor" plus "SentinelOne missing in PSA" for the same 50 seats.
Each test fails when its guard is removed.
"""

from __future__ import annotations

from recon.engine import reconcile
from recon.model import GapKind, Side
from tests.recon.conftest import make_lines

HUNTRESS = "Huntress Managed EDR"
SENTINEL = "SentinelOne Singularity Control"
SERVICE = "Managed EDR - M2M"


def _run(psa_seats: int, *, also_huntress_text: bool = False):
    vendor = [
        ("Alder Dental", HUNTRESS, 10, "3.10"),
        ("Alder Dental", "Microsoft 365 Business Premium", 10, "22"),
        ("Birch Legal", SENTINEL, 50, "3.52"),
        ("Birch Legal", "Microsoft 365 Business Premium", 20, "22"),
    ]
    psa = [
        ("Alder Dental", SERVICE if also_huntress_text else HUNTRESS, 10, "4.95"),
        ("Alder Dental", "M365 Business Premium", 10, "26"),
        ("Birch Legal", SERVICE, psa_seats, "4.95"),
        ("Birch Legal", "M365 Business Premium", 20, "26"),
    ]
    return reconcile(make_lines(Side.VENDOR, vendor), make_lines(Side.PSA, psa))


def test_a_guess_the_client_lacks_beside_equal_unbilled_seats_is_one_question() -> None:
    result = _run(50)
    assert result.gaps == ()
    (question,) = result.questions
    assert question.psa_product == SERVICE
    assert question.candidates[0].vendor_product == SENTINEL


def test_seats_that_differ_leave_both_statements() -> None:
    # 30 billed against 50 bought: nothing says the line is SentinelOne.
    result = _run(30)
    kinds = {(g.product, g.kind) for g in result.gaps}
    assert kinds == {
        (HUNTRESS, GapKind.MISSING_IN_VENDOR),
        (SENTINEL, GapKind.MISSING_IN_PSA),
    }


def test_a_name_pairing_upheld_at_another_client_is_not_put_in_question() -> None:
    # The same text bills Huntress at Alder Dental: a product-wide question would be wrong
    # there, so at Birch Legal the two statements stand.
    result = _run(50, also_huntress_text=True)
    assert not any(q.psa_product == SERVICE for q in result.questions)
    assert (SENTINEL, GapKind.MISSING_IN_PSA) in {(g.product, g.kind) for g in result.gaps}


def test_the_candidate_the_seats_back_is_asked_about_beside_a_closer_name() -> None:
    # "EDR - Endpoint" is closer in name to Huntress's EDR, which sits near its seats at one
    # client beside SentinelOne (neither explains the line there), but SentinelOne has
    # exactly its seats at the two other clients.
    vendor = [
        ("Alder Dental", SENTINEL, 5, "3.52"),
        ("Birch Legal", SENTINEL, 9, "3.52"),
        ("Cedar Farms", SENTINEL, 9, "3.52"),
        ("Cedar Farms", HUNTRESS, 8, "3.10"),
    ]
    psa = [
        ("Alder Dental", "EDR - Endpoint", 5, "5.28"),
        ("Birch Legal", "EDR - Endpoint", 9, "5.28"),
        ("Cedar Farms", "EDR - Endpoint", 7, "5.28"),
    ]
    for client in ("Alder Dental", "Birch Legal", "Cedar Farms"):
        vendor.append((client, "Microsoft 365 Business Premium", 10, "22"))
        psa.append((client, "M365 Business Premium", 10, "26"))
    result = reconcile(make_lines(Side.VENDOR, vendor), make_lines(Side.PSA, psa))
    (question,) = result.questions
    assert question.psa_product == "EDR - Endpoint"
    assert question.candidates[0].vendor_product == SENTINEL
    held = {"Alder Dental", "Birch Legal"}  # equal seats: the question is the one statement
    assert not any(g.product == SENTINEL and g.client in held for g in result.gaps)


def test_a_client_lacking_the_guess_with_seats_apart_does_not_uphold_it() -> None:
    # "Managed EDR - M2M" bills 50 seats beside SentinelOne's 50 at Birch Legal, and 12 beside
    # SentinelOne's 9 at Alder Dental; the vendor sells Huntress at neither. Alder Dental does
    # not uphold the name's reading (no Huntress there): one question, and the real gap at
    # Alder Dental shows pending it, not four statements about two products.
    vendor = [
        ("Alder Dental", SENTINEL, 9, "3.52"),
        ("Birch Legal", SENTINEL, 50, "3.52"),
        ("Cedar Farms", HUNTRESS, 10, "3.10"),
    ]
    psa = [
        ("Alder Dental", SERVICE, 12, "4.95"),
        ("Birch Legal", SERVICE, 50, "4.95"),
        ("Cedar Farms", HUNTRESS, 10, "4.95"),
    ]
    for client in ("Alder Dental", "Birch Legal", "Cedar Farms"):
        vendor.append((client, "Microsoft 365 Business Premium", 10, "22"))
        psa.append((client, "M365 Business Premium", 10, "26"))
    result = reconcile(make_lines(Side.VENDOR, vendor), make_lines(Side.PSA, psa))
    (question,) = result.questions
    assert question.psa_product == SERVICE
    assert question.candidates[0].vendor_product == SENTINEL
    gaps = [(g.client, g.product, g.kind, g.rests_on is not None) for g in result.gaps]
    assert gaps == [("Alder Dental", SENTINEL, GapKind.QUANTITY_MISMATCH, True)]
