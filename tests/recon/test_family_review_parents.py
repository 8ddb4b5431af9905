"""A parent whose vendor customer waits in review beside its first PSA company (issue 11).

"Navarro Dental Group PA" (vendor) waits in review beside "Navarro Dental Group PA - East"
(the PSA adds a branch and the seats differ), its gaps shown pending the review
(:mod:`recon.engine.pending_review`). "Navarro Staffing", a company with no vendor customer
of its own, bills exactly the seats "- East" leaves short. Before, that was two gaps (the
shortfall, pending the review, and the staffing company's "billed, not bought"); now it is
one family question whose "yes" gap rests on both answers, and the review stays a person's
decision.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from recon.engine import reconcile
from recon.engine.family_questions import ask_families
from recon.model import (
    FAMILY_WORDS,
    REVIEW_WORDS,
    Gap,
    GapKind,
    ReconResult,
    Side,
    pending_review,
)
from tests.recon.conftest import make_lines

VENDOR_NAME = "Navarro Dental Group PA"
PSA_NAME = "Navarro Dental Group PA - East"
STAFFING = "Navarro Staffing"
BP = "Microsoft 365 Business Premium"
EXO = "Exchange Online (Plan 1)"
REVIEW = pending_review(VENDOR_NAME, PSA_NAME)


def _run(vendor_exo: int) -> ReconResult:
    """The parent bought 20 Business Premium and ``vendor_exo`` Exchange seats; "- East"
    bills 12 Business Premium, the staffing company 8 and 5 Exchange."""
    vendor = [
        (VENDOR_NAME, BP, 20, "22"),
        (VENDOR_NAME, EXO, vendor_exo, "4"),
        ("Acme", BP, 5, "22"),
    ]
    psa = [
        (PSA_NAME, BP, 12, "26"),
        (STAFFING, BP, 8, "26"),
        (STAFFING, EXO, 5, "5"),
        ("Acme", BP, 5, "26"),
    ]
    return reconcile(make_lines(Side.VENDOR, vendor), make_lines(Side.PSA, psa))


def test_a_company_filling_a_parent_held_in_review_is_one_question_not_two_gaps() -> None:
    result = _run(5)
    # The pair is still a person's to decide: nothing was merged.
    assert [r.vendor_client for r in result.review] == [VENDOR_NAME]
    assert all(m.vendor_client != VENDOR_NAME for m in result.matches)
    (question,) = result.family_questions
    assert question.text == f"Is {STAFFING} billed for {VENDOR_NAME}'s licences?"
    assert question.psa_clients == (PSA_NAME, STAFFING)
    # 12 + 8 billed = 20 bought, 5 Exchange billed = 5 bought: neither the shortfall nor the
    # staffing company's lines is a gap.
    assert result.gaps == ()


def test_the_gap_a_yes_implies_rests_on_the_question_and_the_review() -> None:
    (gap,) = _run(6).gaps
    assert (gap.client, gap.product, gap.kind) == (PSA_NAME, EXO, GapKind.QUANTITY_MISMATCH)
    assert (gap.vendor_qty, gap.psa_qty, gap.seat_delta) == (6, 5, 1)
    assert gap.rests_on is not None
    assert gap.rests_on.startswith(FAMILY_WORDS) and REVIEW in gap.rests_on
    assert gap.confidence <= 0.5


def _gap(kind: GapKind, vendor: int, psa: int, **names: str | None) -> Gap:
    return Gap(
        kind=kind,
        client_key="navarro",
        product_key="bp",
        client=PSA_NAME,
        product="bp",
        vendor_client=names.get("vendor_client", VENDOR_NAME),
        psa_client=names.get("psa_client", PSA_NAME),
        vendor_product="bp",
        psa_product="bp",
        vendor_qty=Decimal(vendor),
        psa_qty=Decimal(psa),
        vendor_unit_cost=Decimal(2),
        psa_unit_price=Decimal(3),
        seat_delta=Decimal(vendor - psa),
        monthly_impact=Decimal(vendor - psa) * 3,
        confidence=0.5,
        why="",
        rests_on=REVIEW,
    )


def _staffing(seats: int) -> Gap:
    gap = _gap(GapKind.MISSING_IN_VENDOR, 0, seats, vendor_client=None, psa_client=STAFFING)
    return dataclasses.replace(gap, client_key="navarro staffing", client=STAFFING, rests_on=None)


def test_a_review_gap_naming_both_clients_makes_its_client_a_parent() -> None:
    gaps = [_gap(GapKind.QUANTITY_MISMATCH, 10, 6), _staffing(4)]
    asked = ask_families(gaps, lone_psa={STAFFING}, lone_vendor=())
    assert len(asked.questions) == 1
    assert asked.gaps == ()


def test_a_review_gap_kept_either_way_is_no_parent() -> None:
    # The vendor line kept whichever way the review is answered (recon.engine.either_way)
    # names the vendor client only: nothing was compared, so nothing is short.
    kept = _gap(GapKind.MISSING_IN_PSA, 4, 0, psa_client=None)
    gaps = [kept, _staffing(4)]
    asked = ask_families(gaps, lone_psa={STAFFING}, lone_vendor=())
    assert asked.questions == ()
    assert asked.gaps == tuple(gaps)
    assert kept.rests_on is not None and kept.rests_on.startswith(REVIEW_WORDS)


CHURCH = "Christensen Baptist Church - Denver"
CHURCH_PSA = "Christensen Baptist Church"
CHURCH_LAB = "Christensen Baptist Church Laboratory"
E3 = "Microsoft 365 E3"
DEF = "Microsoft Defender for Office 365 (Plan 1)"


def _church() -> ReconResult:
    """The vendor's church is in review beside the PSA's, which bills one of its four
    products (so the lines do not settle it and nothing is compared as matched); the
    church's laboratory, opened as a company of its own, bills two others, exactly."""
    vendor = [
        (CHURCH, BP, 10, "22"),
        (CHURCH, EXO, 4, "4"),
        (CHURCH, E3, 2, "36"),
        (CHURCH, DEF, 3, "2"),
        ("Acme", BP, 5, "22"),
    ]
    psa = [
        (CHURCH_PSA, BP, 6, "26"),
        (CHURCH_LAB, EXO, 4, "5"),
        (CHURCH_LAB, E3, 2, "40"),
        ("Acme", BP, 5, "26"),
    ]
    return reconcile(make_lines(Side.VENDOR, vendor), make_lines(Side.PSA, psa))


def test_a_department_billing_the_lines_a_review_keeps_either_way_is_one_question() -> None:
    result = _church()
    assert [r.vendor_client for r in result.review] == [CHURCH]
    (question,) = result.family_questions
    assert question.text == f"Is {CHURCH_LAB} billed for {CHURCH}'s licences?"
    assert question.psa_clients == (CHURCH_PSA, CHURCH_LAB)
    assert {line.product for line in question.lines} == {EXO, E3}
    # The line nobody bills still shows, on the vendor's client alone, pending the review;
    # the laboratory's lines and the two it fills are held by the question.
    (gap,) = result.gaps
    assert (gap.product, gap.kind, gap.vendor_client, gap.psa_client) == (
        DEF,
        GapKind.MISSING_IN_PSA,
        CHURCH,
        None,
    )
    assert gap.rests_on == pending_review(CHURCH, CHURCH_PSA)
