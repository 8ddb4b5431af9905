"""Prices divided only where they must be (amount / seats, several months) are the prices
that dividing every row gave: an oracle in plain integers over a random file (issue 16)."""

from __future__ import annotations

import random
from pathlib import Path

from recon.model import Col, Side
from tests.recon.formats.test_exports import read, records, write

_MONTHS = {"Monthly": 1, "Quarterly": 3, "Annual": 12}


def _half_even(a: int, b: int) -> int:
    q, r = divmod(a, b)
    if 2 * r > b or (2 * r == b and q % 2):
        q += 1
    return q


def test_prices_from_a_unit_price_or_an_amount_over_any_months_match_the_oracle(
    tmp_path: Path,
) -> None:
    draw = random.Random(16)
    header = ["Client", "Product", "Qty", "Unit Price", "Line Total", "Billing Cycle"]
    rows, expected = [], []
    for i in range(400):
        qty = draw.choice([0, 1, 3, 7, 250])
        cycle = draw.choice(list(_MONTHS))
        price_micro = draw.randrange(0, 500_000_000)
        amount_micro = draw.randrange(0, 5_000_000_000)
        has_price = draw.random() < 0.6
        rows.append(
            [
                f"Client {i % 37}",
                f"Product {i % 11}",
                str(qty),
                f"{price_micro / 1_000_000:.6f}" if has_price else "",
                f"{amount_micro / 1_000_000:.6f}",
                cycle,
            ]
        )
        if has_price:
            unit: int | None = price_micro
        elif qty:
            unit = _half_even(amount_micro * 1000, qty * 1000)
        else:
            unit = None  # an amount over no seats gives no price
        months = _MONTHS[cycle]
        expected.append((qty * 1000, None if unit is None else _half_even(unit, months)))
    lines = read(write(tmp_path / "psa.csv", header, rows), Side.PSA)
    assert lines.columns["amount"] == "Line Total"
    assert records(lines, Col.QTY, Col.UNIT) == expected
