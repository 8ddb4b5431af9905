"""``objects_of``: a column's cells as Python objects, read by code, the same cells as
``to_numpy(dtype=object)`` (the oracle), for every kind of text column the engine holds."""

from __future__ import annotations

import math

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from recon.engine.join import objects_of

_TEXT = st.one_of(st.none(), st.sampled_from(["acme", "beta co", "Ünïcode", "", "nan"]))


def _same(found: object, expected: object) -> bool:
    if isinstance(expected, float) and math.isnan(expected):
        return isinstance(found, float) and math.isnan(found)
    return found is expected or (type(found) is type(expected) and found == expected)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_TEXT, max_size=30),
    st.sampled_from(["category", "str", "object", "category-of-str"]),
)
def test_objects_of_is_to_numpy_as_objects(values: list[str | None], dtype: str) -> None:
    if dtype == "category-of-str":
        present = [v for v in dict.fromkeys(values) if v is not None]
        categories = pd.Index(pd.array(present, dtype="str"))
        column = pd.Series(pd.Categorical(values, categories=categories))
    else:
        column = pd.Series(values, dtype=dtype)
    expected = column.to_numpy(dtype=object)
    found = objects_of(column)
    assert found.dtype == object
    assert len(found) == len(expected)
    assert all(_same(f, e) for f, e in zip(found.tolist(), expected.tolist(), strict=True))
