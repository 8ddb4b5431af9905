"""Build canonical line sets directly, so engine tests don't depend on any file format."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import pandas as pd
import pytest

from recon.engine import reconcile
from recon.model import MONEY_SCALE, QTY_SCALE, Col, Gap, GapKind, LineSet, Side

Row = tuple  # (client, product, qty[, unit price[, sku[, client id]]])


def make_lines(
    side: Side,
    rows: Sequence[Row],
    *,
    path: str | None = None,
    terms: Sequence[Mapping[str, object]] | None = None,
    format_name: str | None = None,
) -> LineSet:
    """A LineSet from (client, product, qty, price, sku, client_id) tuples; price may be None.

    ``terms`` gives each row's commitment columns (``Col.TERM``, ``Col.TERM_END``, ...),
    aligned with ``rows``; columns not given are unknown.
    """
    records = []
    for i, row in enumerate(rows, start=2):
        client, product, qty, *rest = row
        price = rest[0] if rest else None
        sku = rest[1] if len(rest) > 1 else ""
        client_id = rest[2] if len(rest) > 2 else ""
        records.append(
            {
                Col.ROW: i,
                Col.CLIENT: client,
                Col.CLIENT_ID: client_id,
                Col.PRODUCT: product,
                Col.SKU: sku,
                Col.QTY: int(Decimal(str(qty)) * QTY_SCALE),
                Col.UNIT: None if price is None else int(Decimal(str(price)) * MONEY_SCALE),
                **Col.UNKNOWN,
                **(terms[i - 2] if terms else {}),
            }
        )
    frame = pd.DataFrame(records, columns=list(Col.ALL))
    frame[Col.ROW] = frame[Col.ROW].astype("int64")
    frame[Col.QTY] = frame[Col.QTY].astype("int64")
    frame[Col.UNIT] = frame[Col.UNIT].astype("Int64")
    for column in (Col.CLIENT, Col.CLIENT_ID, Col.PRODUCT, Col.SKU, Col.CURRENCY):
        frame[column] = frame[column].astype(object)
    for column in Col.COMMITMENT:
        if column != Col.CURRENCY:
            frame[column] = frame[column].astype("int64")
    return LineSet(
        side=side,
        path=path or f"{side.value}.csv",
        format_name=format_name or f"generic_{side.value}",
        format_label=f"generic {side.value} export",
        lines=frame,
        rows_read=len(records),
        skipped={},
        sha256="0" * 64,
        columns={},
    )


def make_costed_lines(side: Side, rows: Sequence[tuple[Any, ...]]) -> LineSet:
    """A LineSet from (client, product, qty, price, own unit cost or None) tuples: as
    :func:`make_lines`, with each line's unit cost (``Col.COST``) as the export gave it."""
    lines = make_lines(side, [r[:4] for r in rows])
    frame = lines.lines.copy()
    micro = [None if r[4] is None else int(Decimal(r[4]) * MONEY_SCALE) for r in rows]
    frame[Col.COST] = pd.array(micro, dtype="Int64")
    return dataclasses.replace(lines, lines=frame)


@pytest.fixture
def lines() -> Callable[..., LineSet]:
    """``lines(Side.VENDOR, [("Acme", "Microsoft 365 E3", 10, "36.00"), ...])``."""
    return make_lines


def reconcile_rows(vendor_rows: Sequence[Row], psa_rows: Sequence[Row], **kwargs: Any) -> Any:
    """``reconcile`` on two sides built from rows (client, product, seats, unit price)."""
    return reconcile(make_lines(Side.VENDOR, vendor_rows), make_lines(Side.PSA, psa_rows), **kwargs)


def reconcile_two_of_three(vendor: str, psa: str, *, bought: int = 12) -> Any:
    """``reconcile`` where ``vendor`` bought ``bought`` Business Premium, 7 SharePoint (Plan 1)
    and 9 Keeper Business, and ``psa`` bills 10, 7 and 9 (two of three lines agree: one
    quantity gap when they are one client), beside two clients billed as bought."""
    premium, sharepoint, keeper = (
        "Microsoft 365 Business Premium",
        "SharePoint (Plan 1)",
        "Keeper Business",
    )
    vendor_rows = [
        (vendor, premium, bought, "18.51"),
        (vendor, sharepoint, 7, "4.15"),
        (vendor, keeper, 9, "3.06"),
    ]
    psa_rows = [(psa, premium, 10, "24.45"), (psa, sharepoint, 7, "5.64"), (psa, keeper, 9, "4.96")]
    for other in ("Dudley Consulting", "Lyons Dental Care"):
        vendor_rows.append((other, "Exchange Online (Plan 1)", 4, "3.65"))
        psa_rows.append((other, "Exchange Online (Plan 1)", 4, "4.50"))
    return reconcile_rows(vendor_rows, psa_rows)


def reconcile_beside_premium(
    vendor_rows: Sequence[Row], psa_rows: Sequence[tuple[Any, ...]]
) -> Any:
    """``reconcile`` where Acme and Bolt both buy Business Premium, billed in full (with unit
    costs), and the rows given are added: the matched clients an unread PSA line sits at."""
    premium = "Microsoft 365 Business Premium"
    vendor = make_lines(
        Side.VENDOR,
        [("Acme", premium, 10, "22.00"), ("Bolt", premium, 5, "22.00"), *vendor_rows],
    )
    psa = make_costed_lines(
        Side.PSA,
        [
            ("Acme", premium, 10, "26.00", "22.00"),
            ("Bolt", premium, 5, "26.00", "22.00"),
            *psa_rows,
        ],
    )
    return reconcile(vendor, psa)


def gap_sides(result: Any) -> list[tuple[str, str | None, str | None, Any]]:
    """Each gap as (client, vendor product, PSA product, kind)."""
    return [(g.client, g.vendor_product, g.psa_product, g.kind) for g in result.gaps]


def one_sided_gap(kind: GapKind, product: str, seats: int, *, client: str = "C") -> Gap:
    """A gap only one side holds (``MISSING_IN_PSA``: the vendor's), unpriced, at ``client``
    (its key the name in lower case)."""
    vendor_side = kind is GapKind.MISSING_IN_PSA
    return Gap(
        kind=kind,
        client_key=client.lower(),
        product_key=product,
        client=client,
        product=product,
        vendor_client=client if vendor_side else None,
        psa_client=None if vendor_side else client,
        vendor_product=product if vendor_side else None,
        psa_product=None if vendor_side else product,
        vendor_qty=Decimal(seats if vendor_side else 0),
        psa_qty=Decimal(0 if vendor_side else seats),
        vendor_unit_cost=None,
        psa_unit_price=None,
        seat_delta=Decimal(seats if vendor_side else -seats),
        monthly_impact=Decimal(0),
        confidence=1.0,
        why="",
    )
