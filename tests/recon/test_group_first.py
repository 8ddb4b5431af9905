"""Whole-line seats on a group's first row: hashing only the rows of split products gives what
hashing every row's key gives (the old path, kept as the oracle)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from recon.engine.group_codes import on_first, on_first_of
from recon.engine.groups import _term_codes

# Per group row: (client, unit, term, seats); units 0-1 are two spellings of one identity
# (split), units 2-3 products of their own.
_rows = st.lists(
    st.tuples(st.integers(0, 3), st.integers(0, 3), st.sampled_from([0, 12]), st.integers(-5, 40)),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(_rows, st.data())
def test_hashing_only_split_rows_sums_what_hashing_all_does(
    rows: list[tuple[int, int, int, int]], data: st.DataObject
) -> None:
    identity = np.array([0, 0, 1, 2], dtype=np.int64)
    client = np.array([r[0] for r in rows], dtype=np.int64)
    unit = np.array([r[1] for r in rows], dtype=np.int64)
    term = np.array([r[2] for r in rows], dtype=np.int64)
    seats = np.array([r[3] for r in rows], dtype=np.int64)
    # Groups kept apart share a key: the rows' keys as grouping numbers them.
    key_of, keys = pd.factorize((client * 4 + unit) * 13 + term, sort=False)
    wide = (client * 3 + identity[unit]) * 13 + term
    apart = np.isin(unit, [0, 1])
    got = on_first_of(key_of.astype(np.intp), len(keys), wide[apart], apart, seats)
    assert got.tolist() == on_first(wide, seats).tolist()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([0, 1, 12, 36, -1, 1 << 20]), max_size=30))
def test_terms_are_numbered_as_factorizing_numbers_them(terms: list[int]) -> None:
    values = np.array(terms, dtype=np.int64)
    codes, uniques = _term_codes(values)
    found, expected = pd.factorize(values, sort=False)
    assert codes.tolist() == found.tolist()
    assert uniques.tolist() == expected.tolist()


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 6), st.integers(-(2**60), 2**60) | st.integers(-5, 40)),
        max_size=40,
    )
)
def test_each_codes_sum_lands_on_its_first_row_exactly(rows: list[tuple[int, int]]) -> None:
    codes = np.array([r[0] for r in rows], dtype=np.int64)
    values = np.array([r[1] for r in rows], dtype=np.int64)
    totals: dict[int, int] = {}
    first: dict[int, int] = {}
    for at, (code, value) in enumerate(rows):
        totals[code] = totals.get(code, 0) + value
        first.setdefault(code, at)
    expected = [totals[code] if first[code] == at else 0 for at, (code, _) in enumerate(rows)]
    if all(abs(t) < 2**63 for t in totals.values()):  # what int64 holds
        assert on_first(codes, values).tolist() == expected
        assert on_first(codes, values, size=7).tolist() == expected
