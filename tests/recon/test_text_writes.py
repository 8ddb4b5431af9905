"""Texts written into an Arrow text column give the column ``.loc`` gives (its oracle)."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recon.engine import text_writes
from recon.engine.text_writes import write_texts

_TEXT = st.one_of(st.none(), st.text(max_size=6))


def _column(
    texts: list[str | None], dtype: object, cuts: list[int]
) -> pd.api.extensions.ExtensionArray:
    """``texts`` as a column of ``dtype``; an Arrow one in chunks cut at ``cuts``."""
    if dtype == "str" and cuts:
        bounds = [0, *sorted(set(cuts)), len(texts)]
        chunks = [
            pa.array(texts[a:b], type=pa.large_string()) for a, b in itertools.pairwise(bounds)
        ]
        return pd.arrays.ArrowStringArray(
            pa.chunked_array(chunks, type=pa.large_string()),
            dtype=pd.StringDtype("pyarrow", na_value=np.nan),  # type: ignore[call-arg]
        )
    return pd.array(texts, dtype=dtype)


@given(
    column=st.lists(_TEXT, min_size=1, max_size=40),
    data=st.data(),
    dtype=st.sampled_from(["str", "string", object]),
    one=st.booleans(),
    spliced=st.sampled_from([0, 2, 64]),
)
@settings(max_examples=300, deadline=None)
def test_write_texts_is_a_loc_write(column, data, dtype, one, spliced) -> None:
    rows = data.draw(st.lists(st.integers(0, len(column) - 1), unique=True, max_size=len(column)))
    cuts = data.draw(st.lists(st.integers(0, len(column)), max_size=4))
    values = (
        data.draw(st.text(max_size=6))
        if one
        else data.draw(st.lists(_TEXT, min_size=len(rows), max_size=len(rows)))
    )
    index = pd.RangeIndex(100, 100 + len(column))
    frame = pd.DataFrame({"x": np.arange(len(column)), "t": _column(column, dtype, cuts)}, index)
    want = frame.copy()
    if len(rows):
        want.loc[want.index[rows], "t"] = values
    with pytest.MonkeyPatch.context() as patch:
        # Every chunk spliced (64), every chunk with a row rebuilt (0), or either (2).
        patch.setattr(text_writes, "SPLICED", spliced)
        write_texts(frame, "t", np.asarray(rows, dtype=np.int64), values)
    pd.testing.assert_frame_equal(frame, want)
    assert frame["t"].dtype == want["t"].dtype
    assert frame["t"].tolist() == want["t"].tolist()
    assert list(frame.columns) == ["x", "t"]


def _plain(values: list[object]) -> list[object]:
    return [None if v is None or (isinstance(v, float) and np.isnan(v)) else v for v in values]


@given(
    column=st.lists(_TEXT, min_size=1, max_size=40),
    data=st.data(),
    categories=st.sampled_from(["str", object]),
    one=st.booleans(),
)
@settings(max_examples=300, deadline=None)
def test_write_texts_into_a_categorical_writes_each_text_by_code(
    column, data, categories, one
) -> None:
    """The PSA rows' target, how and question columns are categoricals: a text they have no
    category for yet is written all the same (``.loc`` refuses it), and the column stays a
    categorical holding the texts an object column written by ``.loc`` holds."""
    rows = data.draw(st.lists(st.integers(0, len(column) - 1), unique=True, max_size=len(column)))
    values = (
        data.draw(st.text(max_size=6))
        if one
        else data.draw(st.lists(_TEXT, min_size=len(rows), max_size=len(rows)))
    )
    index = pd.RangeIndex(100, 100 + len(column))
    distinct = pd.Index(
        pd.array(list(dict.fromkeys(t for t in column if t is not None)), dtype=categories)
    )
    coded = pd.Categorical(column, categories=distinct)
    frame = pd.DataFrame({"x": np.arange(len(column)), "t": coded}, index)
    want = pd.DataFrame({"x": np.arange(len(column)), "t": pd.array(column, dtype=object)}, index)
    if len(rows):
        want.loc[want.index[rows], "t"] = values
    write_texts(frame, "t", np.asarray(rows, dtype=np.int64), values)
    assert isinstance(frame["t"].dtype, pd.CategoricalDtype)
    assert _plain(frame["t"].tolist()) == _plain(want["t"].tolist())
    assert frame["x"].tolist() == list(range(len(column)))
