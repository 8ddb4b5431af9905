"""Second products' chance counts read the texts' own categories, and count as before.

``recon.engine.second_products._texts_and_counts`` stacks a text's rows per client with its
lines at clients billing it on several lines, and counts them beside the unbilled vendor
lines. It stacked both as Python text, hashing every row again; the lines now take the rows'
categories where every one of them is among those. Held, on random frames (lines at clients
and texts the categories lack included), to the text stacking it replaced (the oracle); and
the vendor's seats per client and product, now summed on codes, to the text grouping.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from recon.engine.coincidence import beside_counts_by_text
from recon.engine.second_products import _sold_at, _texts_and_counts
from recon.match.product_evidence import PC, PSA_KEY, QTY_P, QTY_V, VENDOR_KEY

CLIENTS = ["zeta", "Alpha", "alpha", "\u00e9clair", "beta"]
TEXTS = ["name:defender", "name:m365", "name:M365"]
VENDOR = ["cat:a", "cat:b", "cat:c"]
SEATS = [1, 2, 3]


def _old_counts(
    rows: pd.DataFrame, several: pd.DataFrame, lines: pd.DataFrame, keys: set[str]
) -> dict[str, object]:
    mine = rows.loc[rows[PSA_KEY].astype(object).isin(keys), [PC, QTY_P, PSA_KEY]]
    own = several.loc[several[PSA_KEY].isin(keys), [PC, QTY_P, PSA_KEY]]
    every = mine
    if not own.empty:
        every = pd.concat([mine.astype({PC: object, PSA_KEY: object}), own], ignore_index=True)
    return dict(beside_counts_by_text(every, lines[[PC, VENDOR_KEY, QTY_V]], PSA_KEY))


row = st.tuples(st.sampled_from(CLIENTS), st.sampled_from(TEXTS), st.sampled_from(SEATS))


@settings(max_examples=150, deadline=None)
@given(
    st.lists(row, min_size=1, max_size=14),
    st.lists(
        st.tuples(
            st.sampled_from([*CLIENTS, "not a category"]),
            st.sampled_from([*TEXTS, "name:other"]),
            st.sampled_from(SEATS),
        ),
        max_size=10,
    ),
    st.lists(
        st.tuples(st.sampled_from(CLIENTS), st.sampled_from(VENDOR), st.sampled_from(SEATS)),
        min_size=1,
        max_size=14,
    ),
    st.sets(st.sampled_from([*TEXTS, "name:other"]), min_size=1),
)
def test_counts_on_the_rows_categories_are_the_text_counts(
    psa_rows: list[tuple[str, str, int]],
    several_rows: list[tuple[str, str, int]],
    vendor_rows: list[tuple[str, str, int]],
    keys: set[str],
) -> None:
    categories = {
        PC: pd.CategoricalDtype([*CLIENTS[::-1], "unused"]),
        PSA_KEY: pd.CategoricalDtype([*TEXTS, "name:unused"]),
    }
    rows = pd.DataFrame(psa_rows, columns=[PC, PSA_KEY, QTY_P]).astype(categories)
    several = pd.DataFrame(several_rows, columns=[PC, PSA_KEY, QTY_P]).astype(
        {PC: object, PSA_KEY: object, QTY_P: np.int64}
    )
    lines = pd.DataFrame(vendor_rows, columns=[PC, VENDOR_KEY, QTY_V]).astype(
        {PC: "category", VENDOR_KEY: "category"}
    )
    _, counts = _texts_and_counts(rows, several, lines, keys)
    want = _old_counts(rows, several, lines, keys)
    assert counts == want
    assert list(counts) == list(want)


def _old_sold_at(lines: pd.DataFrame) -> dict[str, dict[str, int]]:
    """The text grouping ``_sold_at`` replaced (client -> product -> seats)."""
    plain = lines[[PC, VENDOR_KEY, QTY_V]].astype({PC: object, VENDOR_KEY: object})
    sums = plain.groupby([PC, VENDOR_KEY], sort=True)[QTY_V].sum()
    out: dict[str, dict[str, int]] = {}
    for (pc, key), qty in sums.items():
        out.setdefault(str(pc), {})[str(key)] = int(qty)
    return out


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([*CLIENTS, None]),
            st.sampled_from([*VENDOR, None]),
            st.sampled_from(SEATS),
        ),
        max_size=16,
    ),
    st.sampled_from(["category", "str", "object"]),
)
def test_seats_sold_per_client_on_codes_are_the_grouped_sums(
    vendor_rows: list[tuple[str | None, str | None, int]], dtype: str
) -> None:
    lines = pd.DataFrame(vendor_rows, columns=[PC, VENDOR_KEY, QTY_V]).astype(
        {PC: dtype, VENDOR_KEY: dtype, QTY_V: np.int64}
    )
    assert _sold_at(lines) == _old_sold_at(lines)
