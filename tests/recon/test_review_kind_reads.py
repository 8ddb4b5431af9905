"""A client held in review whose candidate bills the vendor client's product under words
that name its kind, read by a brand guess as another maker's product ("Managed EDR" 14, read
as Huntress Managed EDR with the brand left out, beside SentinelOne Singularity Control 13,
no Huntress bought there): the line is read as the one product of its kind the vendor client
buys (recon.match.read_lines.kind_product), the pair is compared pending its review, and
the quantity gap shows pending it and one mapping question, not nothing until someone
answers the review."""

from __future__ import annotations

from decimal import Decimal

from recon.engine import reconcile
from recon.model import GapKind, Side
from tests.recon.conftest import make_lines

S1 = "SentinelOne Singularity Control"
EDR = "Huntress Managed EDR"
VENDOR_NAME = "Keystone Point Rotary Club"
PSA_NAME = "Keystone Pt Rotary Club"


def _result(seats: int):
    vendor = make_lines(
        Side.VENDOR,
        [
            (VENDOR_NAME, S1, 13, "3.53"),
            ("Bolt Dental", EDR, 7, "3.37"),
            ("Harbor Legal", "Microsoft 365 Business Premium", 5, "20.00"),
        ],
    )
    psa = make_lines(
        Side.PSA,
        [
            (PSA_NAME, "Managed EDR", seats, "5.24"),
            (PSA_NAME, "Managed Workstation", 7, "49.50"),
            ("Bolt Dental", EDR, 7, "5.24"),
            ("Harbor Legal", "Microsoft 365 Business Premium", 5, "25.00"),
        ],
    )
    return reconcile(vendor, psa)


def test_a_guessed_line_of_the_vendor_clients_kind_shows_its_gap_pending() -> None:
    result = _result(14)
    assert [r.vendor_client for r in result.review] == [VENDOR_NAME]
    (gap,) = [g for g in result.gaps if g.vendor_client == VENDOR_NAME]
    assert (gap.kind, gap.product, gap.vendor_qty, gap.psa_qty) == (
        GapKind.QUANTITY_MISMATCH,
        S1,
        Decimal(13),
        Decimal(14),
    )
    assert gap.rests_on is not None
    assert VENDOR_NAME in gap.rests_on and "Managed EDR" in gap.rests_on
    assert [q.psa_product for q in result.questions] == ["Managed EDR"]


def test_seats_far_apart_read_nothing() -> None:
    # 30 seats billed against 13 bought: the kind's words alone do not say it is that line.
    result = _result(30)
    assert result.questions == ()
    assert all(g.kind is not GapKind.QUANTITY_MISMATCH for g in result.gaps)
