"""The vendor's unit cost range per product, read as columns, equals the row-by-row reading."""

from __future__ import annotations

import pandas as pd
import pytest

from recon.engine.kind_unsold import unit_costs
from recon.model import G


def _one_by_one(frame: pd.DataFrame) -> dict[str, tuple[float, float]]:
    """The reading the columns replaced: each row's unit cost, a count read as ``int()``."""
    out: dict[str, tuple[float, float]] = {}
    for product, qty, ext in frame[[G.PRODUCT, G.QTY, G.EXT]].itertuples(index=False):
        if pd.isna(qty) or pd.isna(ext) or int(qty) <= 0 or int(ext) <= 0:
            continue
        unit = float(ext) / float(qty)
        low, high = out.get(str(product), (unit, unit))
        out[str(product)] = (min(low, unit), max(high, unit))
    return out


_ROWS = {
    G.PRODUCT: ["e3", "bp", "e3", "bp", "av", "e3", "av"],
    G.QTY: [3000, 0, 5000, 2000, 1000, 4000, 2000],
    G.EXT: [108_000_000_000, 5, 180_000_000_000, 44_000_000_000, 0, 150_000_000_000, 4_000],
}


@pytest.mark.parametrize(
    "frame",
    [
        pd.DataFrame(_ROWS),
        pd.DataFrame(_ROWS).astype({G.PRODUCT: "category"}),
        # A missing count or product, and a count under one seat (no whole seat: not priced).
        pd.DataFrame(
            {
                G.PRODUCT: ["a", None, "a", "b", "b"],
                G.QTY: pd.array([1000, 2000, None, 1, 2000], dtype="Int64"),
                G.EXT: [5_000_000_000, 3_000_000_000, 7, 9, 8_000_000_000],
            }
        ),
        pd.DataFrame({G.PRODUCT: ["a", "b", "a"], G.QTY: [1.5, 0.9, 2.0], G.EXT: [3.0, 1.0, 7.0]}),
        pd.DataFrame({G.PRODUCT: [], G.QTY: [], G.EXT: []}),
    ],
)
def test_unit_costs_equal_the_row_by_row_reading(frame: pd.DataFrame) -> None:
    found = unit_costs(frame)
    expected = _one_by_one(frame)
    assert found == expected
    assert list(found) == list(expected)  # products in order of first appearance


def test_unit_costs_of_the_products_asked_only() -> None:
    found = unit_costs(pd.DataFrame(_ROWS), {"e3"})
    assert found == {"e3": (36_000_000.0, 37_500_000.0)}
