"""Hand-built engine results for store tests (the engine is not needed to test the store)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from decimal import Decimal

import pandas as pd

from recon.model import (
    QTY_SCALE,
    FileSummary,
    Gap,
    GapKind,
    ReconResult,
    SeatCol,
    Side,
    Summary,
)
from recon.normalize import client_key


def make_gap(
    client: str = "Acme Corp",
    product: str = "Microsoft 365 Business Premium",
    *,
    kind: GapKind = GapKind.QUANTITY_MISMATCH,
    vendor_qty: int | str = 12,
    psa_qty: int | str = 10,
    unit_cost: str = "22.00",
    unit_price: str | None = "25.00",
    impact: str | None = None,
) -> Gap:
    """A gap as the engine would produce it; impact defaults to delta x unit price or cost."""
    vendor, psa = Decimal(vendor_qty), Decimal(psa_qty)
    delta = vendor - psa
    price = Decimal(unit_price) if unit_price is not None else Decimal(unit_cost)
    return Gap(
        kind=kind,
        client_key=client_key(client),
        product_key="cat:" + "-".join(product.casefold().split()),
        client=client,
        product=product,
        vendor_client=client,
        psa_client=client,
        vendor_product=product,
        psa_product=product,
        vendor_qty=vendor,
        psa_qty=psa,
        vendor_unit_cost=Decimal(unit_cost),
        psa_unit_price=None if unit_price is None else Decimal(unit_price),
        seat_delta=delta,
        monthly_impact=Decimal(impact) if impact is not None else delta * price,
        confidence=0.95,
        why="hand-built",
    )


def seats_for(gaps: Iterable[Gap], extra: Iterable[tuple[str, str, int, int]] = ()) -> pd.DataFrame:
    """A seat frame with one row per gap, plus ``extra`` (client, product, vendor, psa) rows."""
    rows = [
        (
            g.client_key,
            g.product_key,
            g.client,
            g.product,
            int(g.vendor_qty * QTY_SCALE),
            int(g.psa_qty * QTY_SCALE),
        )
        for g in gaps
    ]
    for client, product, vendor, psa in extra:
        key = "cat:" + "-".join(product.casefold().split())
        rows.append((client_key(client), key, client, product, vendor * QTY_SCALE, psa * QTY_SCALE))
    frame = pd.DataFrame(rows, columns=list(SeatCol.ALL))
    return frame.drop_duplicates([SeatCol.CLIENT_KEY, SeatCol.PRODUCT_KEY]).reset_index(drop=True)


def make_result(
    *gaps: Gap,
    seats: pd.DataFrame | None = None,
    files: tuple[FileSummary, ...] | None = None,
) -> ReconResult:
    """A ReconResult holding these gaps (and, by default, one seat row per gap)."""
    impacts = [g.monthly_impact for g in gaps]
    counts: dict[str, int] = {}
    totals: dict[str, Decimal] = {}
    for g in gaps:
        counts[g.kind.value] = counts.get(g.kind.value, 0) + 1
        totals[g.kind.value] = totals.get(g.kind.value, Decimal(0)) + g.monthly_impact
    if files is None:
        files = (
            FileSummary(
                Side.VENDOR, "pax8.csv", "pax8", "Pax8", "ab" * 32, 10, 9, {"total": 1}, {}
            ),
            FileSummary(Side.PSA, "cw.csv", "connectwise", "ConnectWise", "cd" * 32, 8, 8, {}, {}),
        )
    summary = Summary(
        files=files,
        gap_counts=counts,
        gap_totals=totals,
        under_billed=sum((i for i in impacts if i > 0), Decimal(0)),
        over_billed=-sum((i for i in impacts if i < 0), Decimal(0)),
        vendor_clients=1,
        psa_clients=1,
        matched_clients=1,
        review_items=0,
        money_in_review=Decimal(0),
        unmatched_vendor_clients=0,
        unmatched_psa_clients=0,
        unmapped_products=0,
    )
    return ReconResult(
        gaps=tuple(gaps),
        matches=(),
        review=(),
        unmapped=(),
        seats=seats_for(gaps) if seats is None else seats,
        summary=summary,
        generated_at=datetime(2026, 3, 2, 8, 0, tzinfo=UTC),
    )
