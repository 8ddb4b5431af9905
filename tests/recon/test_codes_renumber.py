"""Codes renumbered by first sight without hashing number them exactly as ``pd.factorize`` (the
oracle) does: the lines, groups and their order all hang on it."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from recon.codes import coded_column, factorize_text, first_seen, renumber

_codes = st.lists(st.integers(min_value=0, max_value=9), max_size=40)


def _factorized(values: object) -> tuple[list[object], list[object]]:
    found, uniques = pd.factorize(values, sort=False)  # type: ignore[call-overload]
    return found.tolist(), np.asarray(uniques, dtype=object).tolist()


@settings(max_examples=300, deadline=None)
@given(_codes, st.integers(min_value=0, max_value=5))
def test_first_seen_and_renumber_are_factorize(values: list[int], spare: int) -> None:
    codes = np.array(values, dtype=np.intp)
    size = max(values, default=-1) + 1 + spare  # codes the rows never use, too
    for found, order in (first_seen(codes, size), renumber(codes, size)):
        assert (found.tolist(), order.tolist()) == _factorized(codes)


def test_a_range_far_wider_than_the_rows_is_hashed_the_same() -> None:
    codes = np.array([7_000_000, 3, 7_000_000, 0], dtype=np.intp)
    found, order = renumber(codes, 10_000_000)
    assert (found.tolist(), order.tolist()) == ([0, 1, 0, 2], [7_000_000, 3, 0])


_texts = st.lists(st.sampled_from(["", "Contoso", "contoso", "Fabrikam", "Ltd."]), max_size=30)


@settings(max_examples=200, deadline=None)
@given(_texts, st.permutations(["Ltd.", "Fabrikam", "", "contoso", "Contoso", "Unused"]))
def test_text_columns_are_factorized(values: list[str], categories: list[str]) -> None:
    # A line frame's categorical column (categories in any order, some never used), a
    # categorical with a missing cell, and plain strings.
    cells = pd.Series(pd.Categorical(values, categories=categories))
    missing = pd.Series(pd.Categorical([*values, None], categories=categories))
    for column in (cells, missing, pd.Series(values, dtype=object)):
        found, uniques = factorize_text(column)
        assert (found.tolist(), uniques.tolist()) == _factorized(column)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(min_value=-1, max_value=4), max_size=30))
def test_a_coded_column_is_the_checked_categorical(codes: list[int]) -> None:
    categories = pd.Index(pd.array(["Contoso", "", "Fabrikam", "contoso", "Ltd."], dtype="str"))
    column = coded_column(np.array(codes, dtype=np.intp), categories)
    checked = pd.Series(pd.Categorical.from_codes(codes, categories=categories))
    assert column.dtype == checked.dtype
    assert column.cat.codes.tolist() == checked.cat.codes.tolist()
    assert column.equals(checked)
