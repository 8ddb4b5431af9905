"""Texts written into an Arrow text column give the column ``.loc`` gives (its oracle)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from recon.engine.text_writes import write_texts

_TEXT = st.one_of(st.none(), st.text(max_size=6))


@given(
    column=st.lists(_TEXT, min_size=1, max_size=40),
    data=st.data(),
    dtype=st.sampled_from(["str", "string", object]),
    one=st.booleans(),
)
@settings(max_examples=200, deadline=None)
def test_write_texts_is_a_loc_write(column, data, dtype, one) -> None:
    rows = data.draw(st.lists(st.integers(0, len(column) - 1), unique=True, max_size=len(column)))
    values = (
        data.draw(st.text(max_size=6))
        if one
        else data.draw(st.lists(_TEXT, min_size=len(rows), max_size=len(rows)))
    )
    index = pd.RangeIndex(100, 100 + len(column))
    frame = pd.DataFrame({"x": np.arange(len(column)), "t": pd.array(column, dtype=dtype)}, index)
    want = frame.copy()
    if len(rows):
        want.loc[want.index[rows], "t"] = values
    write_texts(frame, "t", np.asarray(rows, dtype=np.int64), values)
    pd.testing.assert_frame_equal(frame, want)
    assert frame["t"].dtype == want["t"].dtype
    assert list(frame.columns) == ["x", "t"]
