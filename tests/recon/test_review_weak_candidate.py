"""A client held in review, its candidate billing one line a mapping question asks about
("Barracuda Spam Filter" 17 beside Barracuda Email Protection Advanced 17, seats agree): the
question also lists, for its name alone and a weak one, the vendor client's other product
(Microsoft 365 Business Premium, "similar name (31)"). That candidate is no reading of the
text (recon.engine.pending_review.may_be): the 22 Premium seats bought and billed nowhere
show as missing in the PSA, pending the review, and the question stays."""

from __future__ import annotations

from decimal import Decimal

from recon.engine import reconcile
from recon.model import GapKind, Side
from tests.recon.conftest import make_lines

VENDOR_NAME = "Carver Brothers Plumbing Heat"
PSA_NAME = "Carver Brothers Plumbing and Heat Services"
BARRACUDA = "Barracuda Email Protection Advanced"
PREMIUM = "Microsoft 365 Business Premium"
OTHERS = [
    ("Harbor Legal", PREMIUM, 5, "20.00", "25.00"),
    ("Bolt Dental", "Microsoft 365 Business Basic", 9, "5.00", "6.00"),
]


def test_a_weak_name_only_candidate_does_not_hide_a_line_billed_nowhere() -> None:
    vendor = make_lines(
        Side.VENDOR,
        [
            (VENDOR_NAME, BARRACUDA, 17, "3.03"),
            (VENDOR_NAME, PREMIUM, 22, "19.94"),
            *((c, p, n, cost) for c, p, n, cost, _ in OTHERS),
        ],
    )
    psa = make_lines(
        Side.PSA,
        [
            (PSA_NAME, "Barracuda Spam Filter", 17, "4.00"),
            *((c, p, n, price) for c, p, n, _, price in OTHERS),
        ],
    )
    result = reconcile(vendor, psa)
    assert [r.vendor_client for r in result.review] == [VENDOR_NAME]
    (question,) = result.questions
    assert question.psa_product == "Barracuda Spam Filter"
    assert question.candidates[0].vendor_product == BARRACUDA
    # The weak candidate is still offered: only its reading of the line is set aside.
    assert PREMIUM in [c.vendor_product for c in question.candidates]
    (gap,) = [g for g in result.gaps if g.vendor_client == VENDOR_NAME]
    assert (gap.kind, gap.product, gap.vendor_qty, gap.psa_qty) == (
        GapKind.MISSING_IN_PSA,
        PREMIUM,
        Decimal(22),
        Decimal(0),
    )
    assert gap.rests_on is not None and VENDOR_NAME in gap.rests_on
