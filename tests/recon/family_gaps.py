"""Gaps for the family-question tests: a parent short of seats and a lone company's lines.

Shared by the tests of ``recon.engine.family_most_lines`` and ``family_practice``, whose
families are built the same way: every line costs $2 and is billed at $3, so a test changes
seats, never prices, unless it says so.
"""

from __future__ import annotations

from decimal import Decimal

from recon.model import Gap, GapKind
from recon.normalize import client_key


def gap(kind: GapKind, client: str, product: str, vendor: int, psa: int, *, lone: bool) -> Gap:
    """One gap at ``client``; ``lone`` for a PSA company paired with no vendor customer."""
    return Gap(
        kind=kind,
        client_key=client_key(client),
        product_key=product,
        client=client,
        product=product,
        vendor_client=None if lone else client,
        psa_client=client,
        vendor_product=product,
        psa_product=product,
        vendor_qty=Decimal(vendor),
        psa_qty=Decimal(psa),
        vendor_unit_cost=Decimal(2),
        psa_unit_price=Decimal(3),
        seat_delta=Decimal(vendor - psa),
        monthly_impact=Decimal(vendor - psa) * 3,
        confidence=1.0,
        why="",
    )


def short(client: str, product: str, vendor: int, psa: int) -> Gap:
    """A matched parent billing ``psa`` of the ``vendor`` seats it buys."""
    kind = GapKind.MISSING_IN_PSA if psa == 0 else GapKind.QUANTITY_MISMATCH
    return gap(kind, client, product, vendor, psa, lone=False)


def lone(company: str, product: str, seats: int) -> Gap:
    """A lone company's line: billed, bought for no vendor customer."""
    return gap(GapKind.MISSING_IN_VENDOR, company, product, 0, seats, lone=True)


def sided(kind: GapKind, client: str, product: str, vendor: int, psa: int) -> Gap:
    """One gap naming ``client`` only on the sides that hold seats, as the comparison writes
    a line one side lacks (no vendor customer behind a PSA-only line, and the reverse)."""
    return Gap(
        kind=kind,
        client_key=client.lower(),
        product_key=product,
        client=client,
        product=product,
        vendor_client=client if vendor else None,
        psa_client=client if psa else None,
        vendor_product=product,
        psa_product=product,
        vendor_qty=Decimal(vendor),
        psa_qty=Decimal(psa),
        vendor_unit_cost=Decimal(2) if vendor else None,
        psa_unit_price=Decimal(3) if psa else None,
        seat_delta=Decimal(vendor - psa),
        monthly_impact=Decimal(vendor - psa) * 3,
        confidence=1.0,
        why="",
    )
