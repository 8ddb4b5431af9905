"""The typical PSA price of a product (the lower median of its unit prices), found without
sorting every priced row: held to the sort it replaced, kept here as the oracle.

The median row is picked per product in linear time, then among the rows at that price the
one a stable sort would have put at the middle. Rows whose prices are equal as floats but not
as fractions ((5e17 + 1)/1e16 is the float 50.0, and rounds otherwise than 50/1) must
pick the same row as the sort did, since the price a gap is charged at is worked out from
that row's own amount and seats.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from recon.engine.join import UNIT_DIVISOR, round_half_even
from recon.engine.pairs import _typical_prices
from recon.model import G


def _sorted_oracle(groups: pd.DataFrame) -> dict[str, int]:
    """The function as it was: every priced row sorted by (product, unit price, row)."""
    priced = groups[G.PRICED].to_numpy(dtype=np.int64)
    ext = groups[G.EXT].to_numpy(dtype=np.int64)
    rows = np.flatnonzero((priced > 0) & (ext > 0))
    if not len(rows):
        return {}
    every, names = pd.factorize(groups[G.PRODUCT], sort=False)
    codes, used = pd.factorize(every[rows], sort=False)
    uniques = np.asarray(names, dtype=object)[used]
    unit = ext[rows].astype(np.float64) / priced[rows].astype(np.float64)
    by_unit = np.argsort(unit, kind="stable")
    order = by_unit[np.argsort(codes[by_unit], kind="stable")]
    counts = np.bincount(codes, minlength=len(uniques))
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    middle = rows[order[starts + (counts - 1) // 2]]
    value = round_half_even(ext[middle], priced[middle] * UNIT_DIVISOR)
    return {str(u): int(x) for u, x in zip(uniques, value, strict=True)}


def _groups(rows: list[tuple[int, int, int]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            G.PRODUCT: pd.Series([f"p{p}" for p, _, _ in rows], dtype="category"),
            G.EXT: np.asarray([e for _, e, _ in rows], dtype=np.int64),
            G.PRICED: np.asarray([q for _, _, q in rows], dtype=np.int64),
        }
    )


# Amounts and seats from small sets so that equal unit prices (and equal floats from unequal
# fractions, such as 50/1 and (5e17 + 1)/1e16) are common; zeros and negatives are rows no
# median reads.
_ROW = st.tuples(
    st.integers(0, 4),
    st.sampled_from([-5, 0, 1, 2, 3, 50, 100, 150, 200, 700, 5 * 10**17 + 1, 5 * 10**17 - 1]),
    st.sampled_from([-1, 0, 1, 2, 3, 4, 7, 10**16]),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_ROW, max_size=60))
def test_typical_prices_answer_as_the_sort_did(rows: list[tuple[int, int, int]]) -> None:
    groups = _groups(rows)
    assert _typical_prices(groups) == _sorted_oracle(groups)


def test_equal_prices_take_the_row_a_stable_sort_puts_at_the_middle() -> None:
    # Three rows at one unit price as a float (50 per seat), the middle one (in row order)
    # a hair over it as a fraction: half a 1e-4 unit plus a little, which rounds up where
    # the others' exact half rounds to even. The sort put that middle row at the median.
    rows = [(0, 50, 1), (0, 5 * 10**17 + 1, 10**16), (0, 50, 1)]
    groups = _groups(rows)
    assert _sorted_oracle(groups) == {"p0": 1}
    assert _typical_prices(groups) == {"p0": 1}
