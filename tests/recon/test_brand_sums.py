"""A customer in review beside its brand's first company, the rest billed under a second.

The vendor bills "Aspen Hollow Animal Hospital"; the PSA bills it as "AH Animal Hospital"
(its initials) and "AH Staffing" (a subsidiary keeping the brand, no vendor customer of its
own). The initials are a review question, and the candidate alone holds only part of the
lines, so the review's gaps were kept "whichever way it is answered": every product showed
missing at the customer and again at the staffing company (the sites dev pair, 8 false
gaps). Read with the staffing company's lines summed in (``recon.engine.brand_sums``), the
pair's lines agree: it is compared pending its review, and the staffing company is one
family question beside it. Nothing is merged.
"""

from __future__ import annotations

import pytest

from recon.engine import reconcile
from recon.model import FAMILY_WORDS, GapKind, ReconResult, Side, pending_review
from tests.recon.conftest import make_lines

CUSTOMER = "Aspen Hollow Animal Hospital"
FIRST = "AH Animal Hospital"
STAFFING = "AH Staffing"
BP = "Microsoft 365 Business Premium"
SP1 = "SharePoint (Plan 1)"
KEEPER = "Keeper Business"
BASIC = "Microsoft 365 Business Basic"
EXO = "Exchange Online (Plan 1)"


def _run(staffing: str = STAFFING, staffing_bp: int = 76) -> ReconResult:
    """The customer bought 76 BP, 54 SharePoint, 33 Keeper, 36 Basic and 67 Exchange; the
    first company bills 30 SharePoint and 19 Basic, ``staffing`` the rest but Exchange."""
    vendor = [
        (CUSTOMER, BP, 76, "18.51"),
        (CUSTOMER, SP1, 54, "4.15"),
        (CUSTOMER, KEEPER, 33, "3.06"),
        (CUSTOMER, BASIC, 36, "5.25"),
        (CUSTOMER, EXO, 67, "3.65"),
        ("Acme Dental", BP, 5, "18.51"),
    ]
    psa = [
        (FIRST, SP1, 30, "5.64"),
        (FIRST, BASIC, 19, "7.66"),
        (staffing, BP, staffing_bp, "24.45"),
        (staffing, SP1, 24, "5.64"),
        (staffing, KEEPER, 33, "4.96"),
        (staffing, BASIC, 17, "7.66"),
        ("Acme Dental", BP, 5, "24.45"),
    ]
    return reconcile(make_lines(Side.VENDOR, vendor), make_lines(Side.PSA, psa))


def test_a_brand_company_completing_a_review_candidate_is_one_family_question() -> None:
    result = _run()
    # The initials stay a person's to decide: nothing was merged.
    assert [r.vendor_client for r in result.review] == [CUSTOMER]
    assert all(m.vendor_client != CUSTOMER for m in result.matches)
    (question,) = result.family_questions
    assert question.text == f"Is {STAFFING} billed for {CUSTOMER}'s licences?"
    assert question.psa_clients == (FIRST, STAFFING)
    # Summed, the two companies bill every seat bought but Exchange: that one gap shows,
    # pending the review, and no product shows missing on both sides.
    (gap,) = result.gaps
    assert (gap.product, gap.kind, gap.seat_delta) == (EXO, GapKind.MISSING_IN_PSA, 67)
    assert (gap.vendor_client, gap.psa_client) == (CUSTOMER, FIRST)
    assert gap.rests_on == pending_review(CUSTOMER, FIRST)


def test_a_brand_company_whose_seats_do_not_complete_the_lines_is_not_summed() -> None:
    # 70 BP billed of 76 bought: one line of the staffing company's completes nothing, so
    # its lines are no evidence; the review keeps its gaps apart, as before.
    result = _run(staffing_bp=70)
    assert [r.vendor_client for r in result.review] == [CUSTOMER]
    assert result.family_questions == ()
    assert any(
        g.psa_client == STAFFING and g.kind is GapKind.MISSING_IN_VENDOR for g in result.gaps
    )


@pytest.mark.parametrize("other", ["Apex Staffing", "Hollow Staffing"])
def test_a_company_under_another_brand_is_not_summed(other: str) -> None:
    result = _run(staffing=other)
    assert not any(q.psa_client == other for q in result.family_questions)
    assert not any(
        g.rests_on is not None and g.rests_on.startswith(FAMILY_WORDS) for g in result.gaps
    )
    assert any(g.psa_client == other and g.kind is GapKind.MISSING_IN_VENDOR for g in result.gaps)
