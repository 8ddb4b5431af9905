"""A client held in review whose candidate bills a product under a text the vendor file does
not carry ("Intercept X" 8 beside Sophos Intercept X Advanced 8, read by its text and seats,
recon.match.read_lines): the pair's seats are evidence about that text, as a matched pair's
are (recon.engine.pending_review.evidence_pairs), so the text is one mapping question and the
line's price gap shows pending it and the review, not an unmapped text and nothing."""

from __future__ import annotations

from decimal import Decimal

from recon.engine import reconcile
from recon.model import GapKind, Side
from tests.recon.conftest import make_lines

SOPHOS = "Sophos Intercept X Advanced"
VENDOR_NAME = "Dorsey Brothers Association"
PSA_NAME = "Dorsey Brothers Association Services"
OTHERS = [
    ("Harbor Legal", "Microsoft 365 Business Premium", 5, "20.00", "25.00"),
    ("Bolt Dental", "Microsoft 365 Business Basic", 9, "5.00", "6.00"),
]


def test_a_line_read_at_a_held_pair_is_asked_with_its_price_gap_pending() -> None:
    vendor = make_lines(
        Side.VENDOR,
        [(VENDOR_NAME, SOPHOS, 8, "2.74"), *((c, p, n, cost) for c, p, n, cost, _ in OTHERS)],
    )
    psa = make_lines(
        Side.PSA,
        [
            (PSA_NAME, "Intercept X", 8, "2.51"),
            (PSA_NAME, "Managed Workstation", 24, "45.00"),
            *((c, p, n, price) for c, p, n, _, price in OTHERS),
        ],
    )
    result = reconcile(vendor, psa)
    assert [r.vendor_client for r in result.review] == [VENDOR_NAME]
    (gap,) = [g for g in result.gaps if g.vendor_client == VENDOR_NAME]
    assert (gap.kind, gap.product, gap.vendor_qty, gap.psa_qty) == (
        GapKind.PRICE_BELOW_COST,
        SOPHOS,
        Decimal(8),
        Decimal(8),
    )
    assert gap.rests_on is not None and "Intercept X" in gap.rests_on
    assert [q.psa_product for q in result.questions] == ["Intercept X"]
