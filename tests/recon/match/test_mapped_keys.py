"""``mapped_keys`` maps a product column as the row-by-row ``map`` then ``where`` did.

The row-by-row computation is kept here as the oracle: footprint frames read the PSA's
products as the vendor's through it, so a key mapped otherwise would change which lines two
clients share. The values are compared, not the dtype: where every category maps one to one
the old column stayed a categorical of the same keys, and every reader of the frame
(``column_codes``, ``rows_in``, ``product_codes``, ``tolist``) reads both alike. The old
computation raised where every category present was mapped and a row had no product (pandas
will not set a categorical from another): there the plain rule, each key as the mapping says
or as it is, is the oracle.
"""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from recon.match.client_evidence import IDENTITY, PRODUCT, QTY, footprint_frame
from recon.model import G

_KEYS = [f"cat:{letter}" for letter in "abcdefg"]


def _row_by_row(products: pd.Series, mapping: dict[str, str]) -> pd.Series:
    mapped = products.map(mapping)
    return mapped.where(mapped.notna(), products)


def _values(column: pd.Series) -> list[object]:
    return column.astype(object).where(column.notna(), None).tolist()


def _groups(products: list[str | None], categorical: bool) -> pd.DataFrame:
    column = pd.Series(products, dtype="str")
    frame = pd.DataFrame(
        {
            G.CLIENT: pd.Series([f"c{n % 3}" for n in range(len(products))], dtype="category"),
            G.PRODUCT: column.astype("category") if categorical else column,
            G.QTY: [1000 * (n + 1) for n in range(len(products))],
        }
    )
    frame.index = pd.Index([10 * n for n in range(len(products))])  # kept, not renumbered
    return frame


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.one_of(st.none(), st.sampled_from(_KEYS)), max_size=30),
    st.dictionaries(
        st.sampled_from(_KEYS), st.sampled_from([*_KEYS, "vendor:x", "vendor:y"]), max_size=5
    ),
    st.booleans(),
)
def test_mapped_products_are_the_row_by_row_mapping(
    products: list[str | None], mapping: dict[str, str], categorical: bool
) -> None:
    groups = _groups(products, categorical)
    frame = footprint_frame(groups, mapping)
    got = _values(frame[PRODUCT])
    assert got == [None if p is None else mapping.get(p, p) for p in products]
    assert frame.index.equals(groups.index)
    try:
        old = _row_by_row(groups[G.PRODUCT], mapping) if mapping else groups[G.PRODUCT]
    except TypeError:
        return  # the old computation's corner (module docstring)
    assert got == _values(old)
    assert list(frame.columns) == [IDENTITY, PRODUCT, QTY]


def test_two_keys_mapped_onto_one_vendor_product_read_as_it() -> None:
    groups = _groups(["cat:a", "cat:b", "cat:c", None], categorical=True)
    frame = footprint_frame(groups, {"cat:a": "vendor:x", "cat:b": "vendor:x"})
    assert frame[PRODUCT].tolist()[:3] == ["vendor:x", "vendor:x", "cat:c"]
    assert pd.isna(frame[PRODUCT].iloc[3])
