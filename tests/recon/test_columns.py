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


@pytest.mark.parametrize(
    "values",
    [_WANTED, dict.fromkeys(_WANTED, 1), sorted(_WANTED), set()],
    ids=["set", "dict", "list", "empty"],
)
def test_member_of_a_categorical_column_answers_as_isin(values) -> None:
    # Categories no row uses, and a missing cell, must answer as isin does.
    column = pd.Series(
        pd.Categorical(_CELLS, categories=["Zeta", *sorted({"Acme", "ärzte", "", "Beta", "Gamma"})])
    )
    assert member(column, values).tolist() == [c is not None and c in values for c in _CELLS]


@pytest.mark.parametrize("categorical", [False, True], ids=["text", "categorical"])
def test_member_with_thousands_of_distinct_names_answers_as_isin(categorical) -> None:
    # A client column at scale: thousands of distinct names, a categorical read by its codes;
    # values that are not all text (a tuple among them) still answer as isin.
    cells = [f"client {i % 3000}" for i in range(9000)] + [None]
    column = pd.Series(pd.Categorical(cells) if categorical else pd.Series(cells, dtype=object))
    wanted = {f"client {i}" for i in range(0, 6000, 7)}
    for values in (wanted, {*wanted, ("not", "text")}, frozenset()):
        expected = pd.Series(cells, dtype=object).isin(list(values)).tolist()
        assert member(column, values).tolist() == expected
