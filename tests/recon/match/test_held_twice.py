"""The clients holding two rows of one product, found on the codes every overlap is counted on,
are the ones a frame's two-column ``duplicated`` and grouping find (the oracle kept here)."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from recon.match.client_evidence import Footprints

_PRODUCTS = ["cat:a", "cat:b", "cat:c"]
_COLUMNS = ["identity", "product", "qty"]

_row = st.tuples(
    st.sampled_from(["c1", "c2", "c3", None]),  # a missing client: never summed
    st.sampled_from([*_PRODUCTS, "psa-only", None]),  # a missing product: never summed
    st.sampled_from([0, 1000, 2000, 3500]),  # rows of no seats are dropped first
)


def _plain_several(frame: pd.DataFrame) -> dict[str, dict[str, int]]:
    """Per client, each product on two rows or more and its seats summed, as pandas says."""
    twice = frame.loc[frame.duplicated(["identity", "product"], keep=False).to_numpy()]
    sums = twice.groupby(["identity", "product"], sort=False, observed=True)["qty"].sum()
    found: dict[str, dict[str, int]] = {}
    for (identity, product), qty in zip(
        sums.index.tolist(), sums.astype("int64").tolist(), strict=True
    ):
        found.setdefault(str(identity), {})[str(product)] = qty
    return found


@settings(max_examples=200, deadline=None)
@given(st.lists(_row, max_size=18), st.lists(_row, max_size=18), st.booleans())
def test_products_held_twice_are_the_frames_duplicated_rows_summed(
    vendor_rows: list[tuple[str | None, str | None, int]],
    psa_rows: list[tuple[str | None, str | None, int]],
    coded: bool,
) -> None:
    vendor = pd.DataFrame([r for r in vendor_rows if r[1] != "psa-only"], columns=_COLUMNS)
    psa = pd.DataFrame(psa_rows, columns=_COLUMNS)
    vendor, psa = vendor.astype({"qty": "int64"}), psa.astype({"qty": "int64"})
    if coded:  # as grouping carries them: categorical names and vendor products
        vendor = vendor.astype({"identity": "category", "product": "category"})
        psa = psa.astype({"identity": "category"})
    prints = Footprints(vendor, psa, [*_PRODUCTS, "psa-only"])
    several = prints._several_lines()
    assert several["v"] == _plain_several(prints._vendor)
    assert several["p"] == _plain_several(prints._psa)


def test_a_product_on_two_rows_is_summed_and_a_missing_client_is_not() -> None:
    psa = pd.DataFrame(
        [
            ("c1", "cat:a", 3000),
            ("c1", "cat:a", 4000),
            ("c1", "cat:b", 1000),
            ("c2", "cat:a", 3000),
            (None, "cat:b", 2000),
            (None, "cat:b", 2000),
        ],
        columns=_COLUMNS,
    )
    vendor = pd.DataFrame([("c1", "cat:a", 7000), ("c1", "cat:b", 1000)], columns=_COLUMNS)
    prints = Footprints(vendor, psa, _PRODUCTS)
    assert prints._several_lines() == {"v": {}, "p": {"c1": {"cat:a": 7000}}}
