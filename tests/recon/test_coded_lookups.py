"""The comparison's lookups on codes give the answers of the plain pandas steps they replace:
a column's codes in a mapping (:func:`recon.engine.join.codes_of`) and seats summed per
(client, product) (:func:`recon.engine.question_keys.summed`)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from recon.engine.columns import category_texts
from recon.engine.join import codes_of
from recon.engine.question_keys import summed

_NAMES = ["Acme", "ärzte", "", "Beta", "Gamma", "Zeta"]


def _plain_codes(column: pd.Series, index: dict[str, int]) -> list[int]:
    return [-1 if pd.isna(c) else index.get(str(c), -1) for c in column.astype(object)]


@settings(max_examples=150, deadline=None)
@given(
    cells=st.lists(st.sampled_from(_NAMES), max_size=40),
    known=st.lists(st.sampled_from(_NAMES), unique=True, max_size=6),
    categorical=st.booleans(),
)
def test_codes_of_is_each_cells_place_in_the_mapping(cells, known, categorical) -> None:
    index = {name: i * 3 for i, name in enumerate(known)}
    column = pd.Series(pd.Categorical(cells, categories=_NAMES) if categorical else cells)
    assert codes_of(column, index).tolist() == _plain_codes(column, index)


def test_codes_of_a_categorical_column_asked_again_reads_its_own_categories() -> None:
    # Two columns whose categories are different objects: the texts kept for one are never
    # read for the other, however often each is asked.
    first = pd.Series(pd.Categorical(["Acme", "Beta", "Acme"], categories=["Acme", "Beta"]))
    second = pd.Series(pd.Categorical(["Acme", "Beta", "Beta"], categories=["Beta", "Acme"]))
    index = {"Acme": 10, "Beta": 20}
    for _ in range(3):
        assert codes_of(first, index).tolist() == [10, 20, 10]
        assert codes_of(second, index).tolist() == [10, 20, 20]


def test_codes_of_categories_that_are_not_text_looks_up_their_text() -> None:
    column = pd.Series(pd.Categorical([1, 2, 1], categories=[1, 2]))
    assert category_texts(column.cat.categories) is None
    assert codes_of(column, {"1": 5, "2": 6}).tolist() == [5, 6, 5]


def _grouped(rows: pd.DataFrame, keys: list[str], value: str) -> dict[tuple[str, str], int]:
    """The groupby :func:`summed` replaced: missing seats count 0, a missing key none."""
    if rows.empty:
        return {}
    totals = rows.assign(**{value: rows[value].fillna(0).astype("int64")}).groupby(keys)[value]
    found = totals.sum()
    return {
        (str(a), str(b)): int(t)
        for (a, b), t in zip(found.index.tolist(), found.to_numpy().tolist(), strict=True)
    }


@settings(max_examples=200, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from([*_NAMES[:4], None]),
            st.sampled_from(["M365", "Defender", None]),
            st.sampled_from([1000, 2500, 0, None]),
        ),
        max_size=30,
    ),
    categorical=st.booleans(),
)
def test_summed_is_the_sum_per_pair_of_keys_as_a_groupby_gives(rows, categorical) -> None:
    clients, products, seats = (list(c) for c in zip(*rows, strict=True)) if rows else ([], [], [])
    frame = pd.DataFrame(
        {
            "pc": pd.Categorical(clients, categories=_NAMES) if categorical else clients,
            "product": pd.Series(products, dtype="str"),
            "qty": pd.Series(seats, dtype="float64"),
        }
    )
    assert summed(frame, ["pc", "product"], "qty") == _grouped(frame, ["pc", "product"], "qty")


def test_summed_leaves_out_a_row_missing_either_key() -> None:
    frame = pd.DataFrame(
        {
            "pc": ["Acme", None, "Acme", "Beta"],
            "product": ["M365", "M365", None, "M365"],
            "qty": [1000, 7000, 9000, np.nan],
        }
    )
    assert summed(frame, ["pc", "product"], "qty") == {("Acme", "M365"): 1000, ("Beta", "M365"): 0}
