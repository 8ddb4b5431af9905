"""One product the vendor sells under two names, billed on one PSA line.

The distributor sells Business Standard under its catalogue name and, at some clients, also
under a legacy SKU name the catalogue does not know; the MSP bills one line for both. Where
the legacy name's seats make up the PSA's excess over the catalogued line, client after
client, the two names are compared as one product. Each test fails when its rule is removed.
"""

from __future__ import annotations

from decimal import Decimal

from recon.engine import reconcile
from recon.model import GapKind, Side
from tests.recon.conftest import make_lines

STANDARD = "Microsoft 365 Business Standard"
LEGACY = "Business Standard Legacy SKU AAA-10337"


def _run(twinned: int, *, gap_at: int | None = None):
    """Eight clients; the first ``twinned`` hold part of their seats under the legacy name."""
    vendor, psa = [], []
    for i in range(8):
        client = f"Client {i:02}"
        seats, legacy = 10 + i, 2 + i % 3
        billed = seats + (3 if i == gap_at else 0)
        if i < twinned:
            vendor.append((client, STANDARD, seats - legacy, "12.00"))
            vendor.append((client, LEGACY, legacy, "12.00"))
        else:
            vendor.append((client, STANDARD, seats, "12.00"))
        psa.append((client, STANDARD, billed, "15.00"))
    return reconcile(make_lines(Side.VENDOR, vendor), make_lines(Side.PSA, psa))


def _gaps(result) -> list[tuple[str, str, GapKind, Decimal]]:
    return sorted((g.client, g.product, g.kind, g.seat_delta) for g in result.gaps)


def test_a_second_vendor_name_making_up_the_excess_is_the_same_product() -> None:
    result = _run(5, gap_at=2)
    # No false gap where the two names add up to the billed seats; the real one on the sum
    # stays, on the catalogued product.
    assert _gaps(result) == [("Client 02", STANDARD, GapKind.QUANTITY_MISMATCH, Decimal(-3))]


def test_a_second_name_at_two_clients_is_not_merged() -> None:
    # Two equalities may be chance: both statements stand at each client.
    result = _run(2)
    kinds = {(g.client, g.product, g.kind) for g in result.gaps}
    assert kinds == {
        (client, product, kind)
        for client in ("Client 00", "Client 01")
        for product, kind in (
            (STANDARD, GapKind.QUANTITY_MISMATCH),
            (LEGACY, GapKind.MISSING_IN_PSA),
        )
    }


def test_a_second_name_whose_seats_rarely_make_up_the_excess_is_not_merged() -> None:
    # The legacy name sits at eight clients but fills the excess at only three of them: the
    # other five are real "bought, not billed" lines, so nothing is merged.
    vendor, psa = [], []
    for i in range(8):
        client = f"Client {i:02}"
        legacy = 2 + i % 3
        if i < 3:
            vendor.append((client, STANDARD, 10, "12.00"))
            psa.append((client, STANDARD, 10 + legacy, "15.00"))
        else:
            vendor.append((client, STANDARD, 10, "12.00"))
            psa.append((client, STANDARD, 10, "15.00"))
        vendor.append((client, LEGACY, legacy, "12.00"))
    result = reconcile(make_lines(Side.VENDOR, vendor), make_lines(Side.PSA, psa))
    missing = {g.client for g in result.gaps if g.product == LEGACY}
    assert missing == {f"Client {i:02}" for i in range(8)}


def test_a_second_name_that_fills_two_products_excess_alike_is_not_merged() -> None:
    # At three clients its seats make up Standard's excess, at three others Premium's: the
    # seats do not say which product it is, so neither merge is made.
    premium = "Microsoft 365 Business Premium"
    vendor, psa = [], []
    for i in range(6):
        client = f"Client {i:02}"
        legacy = 2 + i % 3
        vendor += [(client, STANDARD, 10, "12.00"), (client, premium, 5, "20.00")]
        vendor.append((client, LEGACY, legacy, "12.00"))
        over = STANDARD if i < 3 else premium
        psa.append((client, STANDARD, 10 + (legacy if over == STANDARD else 0), "15.00"))
        psa.append((client, premium, 5 + (legacy if over == premium else 0), "24.00"))
    result = reconcile(make_lines(Side.VENDOR, vendor), make_lines(Side.PSA, psa))
    missing = {g.client for g in result.gaps if g.product == LEGACY}
    assert missing == {f"Client {i:02}" for i in range(6)}
