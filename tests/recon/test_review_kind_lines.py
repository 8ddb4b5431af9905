"""A client held in review whose candidate bills the vendor client's product only under words
naming its kind ("Password Manager" 40 beside Keeper Business 38, the one password manager the
vendor client buys): the line is read as that product (recon.match.kind_lines), the pair is
compared pending its review, and the quantity gap shows pending it and one mapping question,
not hidden behind the review."""

from __future__ import annotations

from decimal import Decimal

from recon.engine import reconcile
from recon.model import GapKind, Side
from tests.recon.conftest import make_lines

KEEPER = "Keeper Business"
VENDOR_NAME = "Mueller Community Cntr Inc"
PSA_NAME = "Mueller Cmty Center Group"


def _result(seats: int, *, second_text: bool = False):
    vendor = make_lines(
        Side.VENDOR,
        [
            (VENDOR_NAME, KEEPER, 38, "3.09"),
            ("Harbor Legal", "Microsoft 365 Business Premium", 5, "20.00"),
            ("Bolt Dental", "Microsoft 365 Business Basic", 9, "5.00"),
        ],
    )
    psa_rows = [
        (PSA_NAME, "Password Manager", seats, "4.56"),
        (PSA_NAME, "Managed Services - Per User", 25, "95.00"),
        ("Harbor Legal", "Microsoft 365 Business Premium", 5, "25.00"),
        ("Bolt Dental", "Microsoft 365 Business Basic", 9, "6.00"),
    ]
    if second_text:
        psa_rows.append((PSA_NAME, "Password Vault", 3, "2.00"))
    return reconcile(vendor, make_lines(Side.PSA, psa_rows))


def test_a_kind_text_at_a_held_pair_shows_its_gap_pending() -> None:
    result = _result(40)
    assert [r.vendor_client for r in result.review] == [VENDOR_NAME]
    (gap,) = [g for g in result.gaps if g.vendor_client == VENDOR_NAME]
    assert (gap.kind, gap.product, gap.vendor_qty, gap.psa_qty) == (
        GapKind.QUANTITY_MISMATCH,
        KEEPER,
        Decimal(38),
        Decimal(40),
    )
    assert gap.rests_on is not None
    assert VENDOR_NAME in gap.rests_on and "Password Manager" in gap.rests_on
    assert [q.psa_product for q in result.questions] == ["Password Manager"]


def test_seats_far_apart_read_nothing() -> None:
    # 12 seats billed against 38 bought: the kind's words alone do not say it is that line.
    result = _result(12)
    assert all(g.kind is not GapKind.QUANTITY_MISMATCH for g in result.gaps)


def test_two_texts_of_the_kind_read_neither() -> None:
    result = _result(40, second_text=True)
    assert all(g.kind is not GapKind.QUANTITY_MISMATCH for g in result.gaps)
