"""Set-aside charges (trials, one-time, prorations) keep exact money at any size."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from recon.formats import read_export
from recon.formats.convert import _amounts
from recon.model import ExtraCol, Side


@pytest.mark.parametrize(
    ("charged", "qty"),
    [
        (3, 500),  # half a seat of a tiny price: floored, not rounded
        (3, -500),  # a credit floors towards minus infinity, as Python does
        (-7, 1_500),
        (22_000_000, 10_000),
        (9_000_000_000_000, 2_500),  # beyond int32 factors: the exact Python path
        (-(2**40), -(2**20)),
    ],
)
def test_set_aside_amount_is_price_times_seats_floored_exactly(charged: int, qty: int) -> None:
    got = _amounts(np.array([charged, 5], dtype=np.int64), np.array([qty, 1_000], dtype=np.int64))
    assert got.tolist() == [charged * qty // 1_000, 5]


def test_huge_one_time_charge_is_listed_with_its_exact_money(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        "Client,Product,Qty,Price,Billing Cycle\n"
        "A,Datacentre build,2.5,9000000,One-Time\n"
        "A,Setup,1,50,One-Time\n"
        "A,Backup,3,4,Monthly\n",
        encoding="utf-8",
    )
    lines = read_export(path, side=Side.PSA)
    assert lines.extras is not None
    assert lines.extras[ExtraCol.CHARGE].tolist() == ["one_time", "one_time"]
    # 9,000,000.00 x 2.5 seats, in millionths: larger than a product of int32 factors.
    assert lines.extras[ExtraCol.AMOUNT].tolist() == [22_500_000_000_000, 50_000_000]
