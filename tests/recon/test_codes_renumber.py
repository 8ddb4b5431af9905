"""Codes renumbered by first sight without hashing number them exactly as ``pd.factorize`` (the
oracle) does: the lines, groups and their order all hang on it."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from recon.codes import factorize_text, first_seen, renumber, wide_first_seen

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


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=-(2**62), max_value=2**62), max_size=30), st.data())
def test_wide_keys_are_factorized(values: list[int], data: st.DataObject) -> None:
    repeated = values + data.draw(st.lists(st.sampled_from(values), max_size=20)) if values else []
    keys = np.array(repeated, dtype=np.int64)
    found, distinct = wide_first_seen(keys)
    assert (found.tolist(), distinct.tolist()) == _factorized(keys)


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
