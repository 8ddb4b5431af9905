"""A vendor line short of the seats an asked text bills, beside a line of another kind.

"EDR - Endpoint" names a kind, not a product: at one client it sits beside an unbilled
SentinelOne Singularity Control at its seats, so it is asked about (one mapping question).
At another client it bills 4 of the 7 Control seats bought, and the client also bills
"Email Security Gateway" 3, itself asked about as Mimecast's gateway. The 3 seats missing
are not on the email line (another kind of product): the gap the question's "yes" implies
(7 bought, 4 billed) shows pending it, not "7 bought, none billed"
(:func:`recon.engine.asked_questions.questions_for`).
"""

from __future__ import annotations

from decimal import Decimal

from recon.engine import reconcile
from recon.model import GapKind, Side
from tests.recon.conftest import make_lines

CONTROL = "SentinelOne Singularity Control"
GATEWAY = "Mimecast Email Security, Cloud Gateway"
SHORT = "Valley Hills Yoga Studio"

_OTHERS = [
    ("Eagle Vista Library", 12),
    ("Barrett Financial", 7),
    ("Mosley Dental", 9),
    ("Pratt Aviation", 5),
]


def _run():
    vendor = [(name, "Microsoft 365 Business Premium", seats, "22.00") for name, seats in _OTHERS]
    psa = [(name, "M365 Business Premium", seats, "26.00") for name, seats in _OTHERS]
    vendor += [
        ("Pratt Aviation", CONTROL, 8, "3.43"),
        (SHORT, "Microsoft 365 Business Premium", 5, "22.00"),
        (SHORT, CONTROL, 7, "3.61"),
        (SHORT, GATEWAY, 1, "4.36"),
        (SHORT, GATEWAY, 2, "4.15"),
        (SHORT, "IRONSCALES Email Security", 1, "3.70"),
        (SHORT, "IRONSCALES Email Security", 2, "3.52"),
    ]
    psa += [
        ("Pratt Aviation", "EDR - Endpoint", 8, "5.35"),
        (SHORT, "M365 Business Premium", 5, "26.00"),
        (SHORT, "EDR - Endpoint", 4, "5.35"),
        (SHORT, "Email Security Gateway - Annual", 2, "4.96"),
        (SHORT, "Email Security Gateway - Monthly", 1, "4.96"),
        (SHORT, "IRONSCALES Email Security - Annual", 2, "4.25"),
        (SHORT, "IRONSCALES Email Security - Monthly", 1, "4.25"),
    ]
    return reconcile(make_lines(Side.VENDOR, vendor), make_lines(Side.PSA, psa))


def test_seats_short_of_an_asked_kind_are_not_on_a_line_of_another_kind() -> None:
    result = _run()
    control = [g for g in result.gaps if g.vendor_client == SHORT and g.product == CONTROL]
    (gap,) = control
    assert (gap.kind, gap.vendor_qty, gap.psa_qty) == (
        GapKind.QUANTITY_MISMATCH,
        Decimal(7),
        Decimal(4),
    )
    assert gap.rests_on is not None and "EDR - Endpoint" in gap.rests_on
