"""Inner joins on integer codes as row pairs, against the merges they replaced (the oracle)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from recon.codes import joined_rows

_keys = st.lists(st.integers(min_value=-2, max_value=6), max_size=40)


def _merged(left: list[int], right: list[int]) -> list[tuple[int, int]]:
    """The former join: ``merge(..., how="inner")`` of two frames on the key, a missing key
    (negative: -1 on one side, -2 on the other, as the orphan codes write it) never joined."""
    a = pd.DataFrame({"k": np.where(np.array(left) < 0, -1, left), "l": range(len(left))})
    b = pd.DataFrame({"k": np.where(np.array(right) < 0, -2, right), "r": range(len(right))})
    pairs = a.astype("int64").merge(b.astype("int64"), on="k", how="inner")
    return list(zip(pairs["l"].tolist(), pairs["r"].tolist(), strict=True))


@settings(max_examples=400, deadline=None)
@given(_keys, _keys)
def test_row_pairs_are_the_merges_in_its_order(left: list[int], right: list[int]) -> None:
    found_left, found_right = joined_rows(
        np.array(left, dtype=np.int64), np.array(right, dtype=np.int64), 7
    )
    assert list(zip(found_left.tolist(), found_right.tolist(), strict=True)) == _merged(left, right)


def test_a_missing_key_joins_nothing_even_another_missing_key() -> None:
    left, right = joined_rows(np.array([-1, 0, 1]), np.array([1, -1, 0, 1]), 2)
    assert list(zip(left.tolist(), right.tolist(), strict=True)) == [(1, 2), (2, 0), (2, 3)]
