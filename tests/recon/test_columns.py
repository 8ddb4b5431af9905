"""``member``: ``isin`` by another road, the same answer on every kind of text column."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pytest

from recon.engine.columns import member

_CELLS = ["Acme", "ärzte", None, "Beta", "Acme", "", "Gamma"]
_DTYPES = ["str", object, pd.ArrowDtype(pa.string()), pd.StringDtype("python")]
_WANTED = {"Acme", "ärzte", "", "Nowhere"}


@pytest.mark.parametrize("dtype", _DTYPES, ids=str)
@pytest.mark.parametrize(
    "values",
    [_WANTED, frozenset(_WANTED), dict.fromkeys(_WANTED, 1), sorted(_WANTED), set()],
    ids=["set", "frozenset", "dict", "list", "empty"],
)
def test_member_answers_as_isin_and_a_missing_cell_is_never_a_member(dtype, values) -> None:
    column = pd.Series(_CELLS, dtype=dtype)
    found = member(column, values)
    assert found.dtype == bool
    assert found.tolist() == [c is not None and c in values for c in _CELLS]


def test_member_of_an_empty_column_is_empty() -> None:
    assert member(pd.Series([], dtype="str"), {"Acme"}).tolist() == []
