"""The frame-code lookups that skip per-row text give what the per-row computation gives.

The per-row computations they replace are kept here as the oracles: ``isin`` then a code per
distinct text (:func:`wanted_codes`), and the mapped keys laid out per row then looked up
(:func:`uncarried_rows`). Both are checked on a categorical column (as groups hold products)
and on an Arrow text column (as mapped footprints held them), missing cells included.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recon.match.frame_codes import mapped_keys, rows_in, uncarried_rows, wanted_codes

_TEXTS = ["cat:a", "cat:b", "cat:c", "psa:own", "psa:text", "cat:d"]

_cells = st.lists(st.one_of(st.none(), st.sampled_from(_TEXTS)), max_size=40)


def _column(cells: list[str | None], kind: str) -> pd.Series:
    if kind == "category":
        return pd.Series(pd.Categorical(cells))
    return pd.Series(pd.array(cells, dtype="str"))


def _wanted_codes_per_row(column: pd.Series, wanted: list[str]) -> np.ndarray:
    code = {text: n for n, text in enumerate(wanted)}
    rows = np.flatnonzero(column.isin(wanted).to_numpy())
    out = np.full(len(column), -1, dtype=np.int64)
    found_codes, found = pd.factorize(column.iloc[rows])
    out[rows] = np.asarray([code[str(t)] for t in found.tolist()], dtype=np.int64)[found_codes]
    return out


@pytest.mark.parametrize("kind", ["category", "str"])
@settings(max_examples=60, deadline=None)
@given(cells=_cells, wanted=st.sets(st.sampled_from(_TEXTS)))
def test_wanted_codes_are_each_rows_place_among_the_wanted(
    kind: str, cells: list[str | None], wanted: set[str]
) -> None:
    column = _column(cells, kind)
    listed = sorted(wanted)
    expected = _wanted_codes_per_row(column, listed)
    assert wanted_codes(column, listed).tolist() == expected.tolist()


@pytest.mark.parametrize("kind", ["category", "str"])
@settings(max_examples=60, deadline=None)
@given(
    cells=_cells,
    mapping=st.dictionaries(st.sampled_from(_TEXTS), st.sampled_from(_TEXTS), max_size=4),
    carried=st.frozensets(st.sampled_from(_TEXTS)),
)
def test_uncarried_rows_are_the_mapped_keys_not_carried(
    kind: str, cells: list[str | None], mapping: dict[str, str], carried: frozenset[str]
) -> None:
    column = _column(cells, kind)
    expected = ~rows_in(mapped_keys(column, mapping), carried)
    assert uncarried_rows(column, mapping, carried).tolist() == expected.tolist()
