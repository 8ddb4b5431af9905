"""``member``: ``isin`` by another road, the same answer on every kind of text column."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recon.engine.columns import member

_CELLS = ["Acme", "ärzte", None, "Beta", "Acme", "", "Gamma"]
_DTYPES = ["str", object, pd.ArrowDtype(pa.string()), pd.StringDtype("python")]
_WANTED = {"Acme", "ärzte", "", "Nowhere"}


@pytest.mark.parametrize("dtype", _DTYPES, ids=str)
@pytest.mark.parametrize(
    "values",
    [
        _WANTED,
        frozenset(_WANTED),
        dict.fromkeys(_WANTED, 1),
        sorted(_WANTED),
        set(),
        frozenset(),
        {},
        [],
    ],
    ids=["set", "frozenset", "dict", "list", "empty", "no-frozenset", "no-dict", "no-list"],
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


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(["a", "b", "ä", "", "c d", None]), max_size=30),
    st.lists(st.sets(st.sampled_from(["a", "b", "ä", "", "z", 7])), min_size=1, max_size=4),
    st.sampled_from(["str", object]),
)
def test_member_of_one_categorical_column_asked_again_and_again_answers_as_isin(
    cells, asked, categories_dtype
) -> None:
    # The categories' lookup is made once and kept: every later question on the column (and
    # on its slices, which share the categories) still answers as isin.
    categories = pd.Index(["zz", "a", "b", "ä", "", "c d"], dtype=categories_dtype)
    column = pd.Series(pd.Categorical(cells, categories=categories))
    for values in asked:
        expected = pd.Series(cells, dtype=object).isin(list(values)).tolist()
        assert member(column, values).tolist() == expected
        half = column.iloc[: len(cells) // 2]
        assert member(half, dict.fromkeys(values)).tolist() == expected[: len(cells) // 2]


def test_member_of_categories_that_are_not_text_compares_their_text() -> None:
    # Numbers as categories: a value matches the category's text, as before.
    column = pd.Series(pd.Categorical([1, 2, None, 3]))
    assert member(column, {"1", "3"}).tolist() == [True, False, False, True]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(0, 400), max_size=60),
    st.sets(st.one_of(st.integers(0, 450).map(lambda i: f"client {i}"), st.just(7)), max_size=40),
    st.booleans(),
)
def test_member_of_many_categories_asked_few_or_many_values_answers_as_isin(
    cells, wanted, as_mapping
) -> None:
    # Many categories and few values are looked up value by value; as many values as
    # categories, category by category: both answer as isin.
    texts = [f"client {i}" for i in cells]
    column = pd.Series(pd.Categorical(texts, categories=[f"client {i}" for i in range(401)]))
    values = dict.fromkeys(wanted, 1) if as_mapping else wanted
    expected = pd.Series(texts, dtype=object).isin(list(wanted)).tolist()
    assert member(column, values).tolist() == expected
