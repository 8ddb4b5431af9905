"""Grouping sums over integer codes give exactly what a pandas groupby of the same rows gives."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from recon.engine.group_codes import reduce_by_code as _reduce


@pytest.mark.parametrize("seed", [1, 2])
def test_code_sums_maxima_and_minima_equal_a_pandas_groupby(seed: int) -> None:
    rng = np.random.default_rng(seed)
    codes = rng.integers(0, 3_000, size=50_000)
    found, distinct = pd.factorize(codes, sort=False)
    # Values near the int64 edge: a float on the way would lose the last digits.
    values = rng.integers(-(2**52), 2**52, size=len(codes), dtype=np.int64) * 3
    grouped = pd.DataFrame({"g": codes, "v": values}).groupby("g", sort=False)["v"]
    count = len(distinct)
    assert _reduce(np.add, found, values, count, 0).tolist() == grouped.sum().tolist()
    low, high = np.iinfo(np.int64).min, np.iinfo(np.int64).max
    assert _reduce(np.maximum, found, values, count, low).tolist() == grouped.max().tolist()
    assert _reduce(np.minimum, found, values, count, high).tolist() == grouped.min().tolist()
    assert grouped.sum().index.tolist() == distinct.tolist()
