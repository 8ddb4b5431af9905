"""Codes already numbered by first sight are taken as they are, exactly as factorizing them
would number them."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from recon.engine.group_codes import first_seen_codes as _first_seen

_codes = st.lists(st.integers(min_value=0, max_value=6), max_size=40)


def _in_first_seen_order(values: list[int]) -> list[int]:
    order: dict[int, int] = {}
    return [order.setdefault(v, len(order)) for v in values]


@settings(max_examples=300, deadline=None)
@given(_codes, st.booleans())
def test_first_seen_is_factorize(values: list[int], ordered: bool) -> None:
    codes = np.array(_in_first_seen_order(values) if ordered else values, dtype=np.intp)
    found, uniques = _first_seen(codes)
    expected, distinct = pd.factorize(codes, sort=False)
    assert found.tolist() == expected.tolist()
    assert uniques.tolist() == np.asarray(distinct).tolist()


def test_a_skipped_code_is_factorized() -> None:
    found, uniques = _first_seen(np.array([0, 2, 1, 2], dtype=np.intp))
    assert found.tolist() == [0, 1, 2, 1]
    assert uniques.tolist() == [0, 2, 1]
