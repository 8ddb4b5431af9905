"""A PSA text naming only a kind of product, beside the one product of that kind the vendor
sells at the client, at its cost: one mapping question with the money, never a silent pairing
and never two false gaps (:mod:`recon.engine.kind_beside`). Each test fails when its guard
there is removed."""

from __future__ import annotations

from decimal import Decimal

from recon.model import GapKind
from tests.recon.conftest import gap_sides, reconcile_beside_premium

AV = "Managed AV - Workstation"
BITDEFENDER = "Bitdefender GravityZone Business Security"
SOPHOS = "Sophos Intercept X Advanced"


def test_a_kind_text_at_the_vendors_cost_is_asked_as_the_one_product_of_its_kind() -> None:
    # Acme buys 5 Bitdefender seats at $1.80 and is billed 8 "Managed AV" at a cost of
    # $1.81: a real shortfall of 3 on one misnamed line, not 5 "missing in PSA" beside an
    # unmapped text.
    result = reconcile_beside_premium(
        [("Acme", BITDEFENDER, 5, "1.80")], [("Acme", AV, 8, "2.83", "1.81")]
    )
    (question,) = result.questions
    assert question.psa_product == AV
    assert question.candidates[0].vendor_product == BITDEFENDER
    assert "names its kind" in question.candidates[0].why
    assert result.unmapped == ()
    assert gap_sides(result) == [("Acme", BITDEFENDER, AV, GapKind.QUANTITY_MISMATCH)]
    (gap,) = result.gaps
    assert gap.seat_delta == Decimal(-3)
    assert gap.rests_on is not None


def test_a_kind_text_far_from_the_vendors_cost_is_not_asked() -> None:
    # The MSP's own managed service ($9.00 a seat to it) is no resold licence.
    result = reconcile_beside_premium(
        [("Acme", BITDEFENDER, 5, "1.80")], [("Acme", AV, 8, "12.00", "9.00")]
    )
    assert result.questions == ()
    assert ("Acme", BITDEFENDER, None, GapKind.MISSING_IN_PSA) in gap_sides(result)


def test_two_products_of_the_kind_at_the_client_are_no_question_a_cost_can_settle() -> None:
    result = reconcile_beside_premium(
        [("Acme", BITDEFENDER, 5, "1.80"), ("Acme", SOPHOS, 4, "1.82")],
        [("Acme", AV, 8, "2.83", "1.81")],
    )
    assert [q.psa_product for q in result.questions] == []


def test_a_kind_text_fitting_at_under_a_quarter_of_its_clients_is_not_asked() -> None:
    # "Managed AV" is billed at five clients; only at Acme does it sit beside a product of
    # its kind at its cost. Elsewhere it is the MSP's own service: one cost match is chance.
    premium = "Microsoft 365 Business Premium"
    others = ["Cato", "Dune", "Eton"]
    result = reconcile_beside_premium(
        [("Acme", BITDEFENDER, 5, "1.80"), *[(c, premium, 4, "22.00") for c in others]],
        [
            ("Acme", AV, 8, "2.83", "1.81"),
            ("Bolt", AV, 5, "2.83", "1.81"),
            *[(c, premium, 4, "26.00", "22.00") for c in others],
            *[(c, AV, 4, "2.83", "1.81") for c in others],
        ],
    )
    assert [q.psa_product for q in result.questions] == []


def test_phishing_training_at_the_vendors_cost_is_asked_as_its_awareness_training() -> None:
    # 1 Huntress SAT seat bought at $1.62, 6 billed as "Phishing Training (1 Year)" costing
    # $1.54: a real gap of 5, asked once, not "missing in PSA" beside an unmapped line.
    sat = "Huntress Managed SAT"
    text = "Phishing Training (1 Year)"
    result = reconcile_beside_premium(
        [("Acme", sat, 1, "1.62")], [("Acme", text, 6, "2.21", "1.54")]
    )
    assert [(q.psa_product, q.candidates[0].vendor_product) for q in result.questions] == [
        (text, sat)
    ]
    assert gap_sides(result) == [("Acme", sat, text, GapKind.QUANTITY_MISMATCH)]
