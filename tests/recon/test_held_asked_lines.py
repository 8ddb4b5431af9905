"""A client held in review shows the gap of a line billed under an asked text.

"Choi Consulting Group" buys Duo Essentials; the PSA's "Choi Consulting", its best
candidate, bills "Duo" (a text in a mapping question, asked at another client where it sits
beside an unbilled Duo Essentials). The pair waits in review (recon.engine.pending_review)
and its gaps show now, pending it: the line of an asked text is compared as the question's
candidate there as at any client outside review
(:func:`recon.engine.questions.weigh_unmapped`, ``unshown``).
"""

from __future__ import annotations

from decimal import Decimal

from recon.engine import reconcile
from recon.model import GapKind, Side, pending_review
from tests.recon.conftest import make_lines

VENDOR_NAME = "Choi Consulting Group"
PSA_NAME = "Choi Consulting"
DUO = "Duo Essentials"
KEEPER = "Keeper Business"

# Matched clients: one bills "Duo" beside its unbilled Duo Essentials (the question), one
# "Password Manager" beside its unbilled Keeper Business.
_OTHERS = [
    ("Eagle Vista Library", [("Microsoft 365 Business Premium", 12, "22.00", "26.00")]),
    ("Barrett Financial", [("Microsoft 365 Business Premium", 7, "22.00", "26.00")]),
    ("Mosley Dental", [("Microsoft 365 Business Premium", 9, "22.00", "26.00")]),
]


def _run(vendor_lines, psa_lines):
    vendor = [(VENDOR_NAME, *line) for line in vendor_lines]
    psa = [(PSA_NAME, *line) for line in psa_lines]
    for name, lines in _OTHERS:
        for product, seats, cost, price in lines:
            vendor.append((name, product, seats, cost))
            psa.append((name, "M365 Business Premium", seats, price))
    vendor += [("Mosley Dental", DUO, 4, "4.62"), ("Barrett Financial", KEEPER, 6, "3.09")]
    psa += [
        ("Mosley Dental", "Duo", 4, "8.09"),
        ("Barrett Financial", "Password Manager", 6, "4.56"),
    ]
    return reconcile(make_lines(Side.VENDOR, vendor), make_lines(Side.PSA, psa))


def _held_gaps(result):
    return [g for g in result.gaps if g.vendor_client == VENDOR_NAME]


def test_an_asked_text_at_a_held_pair_shows_its_price_below_cost_pending() -> None:
    result = _run([(DUO, 61, "4.62")], [("Duo", 61, "2.73")])
    assert [r.vendor_client for r in result.review] == [VENDOR_NAME]
    (gap,) = _held_gaps(result)
    assert (gap.kind, gap.product, gap.vendor_qty, gap.psa_qty) == (
        GapKind.PRICE_BELOW_COST,
        DUO,
        Decimal(61),
        Decimal(61),
    )
    assert gap.rests_on is not None and pending_review(VENDOR_NAME, PSA_NAME) in gap.rests_on
    assert gap.confidence <= 0.5
