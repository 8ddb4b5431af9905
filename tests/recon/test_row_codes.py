"""The comparison's codes, reused by the evidence pass, say what the text columns say.

The evidence pass keyed its rows by hashing the client and product text columns again
(``RowKeys.of``); the comparison now hands it the codes it holds (``RowKeys.coded``), and
``codes_of`` reads a categorical's own codes instead of hashing its rows. Only which keys are
equal matters to the passes, so each is held, on random frames with missing cells and
categories no row uses, to the text-keyed answer it replaced.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from recon.engine.join import codes_of
from recon.engine.question_keys import TARGET, RowKeys
from recon.match.product_evidence import PC
from recon.model import G

CLIENTS = ["acme", "Acme", "beta", "\u00e9clair", "vendor:gamma"]
PRODUCTS = ["cat:a", "cat:b", "name:c", "name:C"]


def _same_partition(a: np.ndarray, b: np.ndarray) -> bool:
    """True when ``a`` and ``b`` have equal cells in the same places."""
    return bool(
        np.array_equal(pd.factorize(a, sort=False)[0], pd.factorize(b, sort=False)[0])
        and np.array_equal(a < 0, b < 0)
    )


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(CLIENTS), st.sampled_from(PRODUCTS)), max_size=12),
    st.lists(
        st.tuples(
            st.sampled_from(CLIENTS[:4]), st.sampled_from(PRODUCTS), st.sampled_from(PRODUCTS)
        ),
        max_size=12,
    ),
    st.randoms(use_true_random=False),
)
def test_keys_from_codes_equal_where_the_text_keys_do(
    vendor_rows: list[tuple[str, str]],
    psa_rows: list[tuple[str, str, str]],
    random: object,
) -> None:
    v = pd.DataFrame(vendor_rows, columns=[PC, G.PRODUCT]).astype({PC: "category"})
    v[G.QTY] = np.arange(len(v), dtype=np.int64)
    p_all = pd.DataFrame(psa_rows, columns=[G.CLIENT, TARGET, G.PRODUCT]).astype(
        {G.CLIENT: "category", G.PRODUCT: "category"}
    )
    # Any one numbering of clients and of products will do: shuffled here.
    clients, products = list(CLIENTS), list(PRODUCTS)
    random.shuffle(clients)  # type: ignore[attr-defined]
    random.shuffle(products)  # type: ignore[attr-defined]
    client_index = {c: i for i, c in enumerate(clients)}
    product_index = {k: i for i, k in enumerate(products)}
    text = RowKeys.of(v, p_all)
    coded = RowKeys.coded(
        (codes_of(v[PC], client_index), codes_of(v[G.PRODUCT], product_index)),
        (
            codes_of(p_all[G.CLIENT], client_index),
            codes_of(p_all[TARGET], product_index),
            codes_of(p_all[G.PRODUCT], product_index),
        ),
        len(products),
    )
    assert _same_partition(
        np.concatenate([text.vendor, text.target, text.psa]),
        np.concatenate([coded.vendor, coded.target, coded.psa]),
    )
    qty = pd.Series(np.arange(len(p_all), dtype=np.int64) % 3)
    assert _same_partition(
        np.concatenate([text.seats(text.vendor, v[G.QTY]), text.seats(text.psa, qty)]),
        np.concatenate([coded.seats(coded.vendor, v[G.QTY]), coded.seats(coded.psa, qty)]),
    )


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from([*CLIENTS, None]), max_size=15),
    st.lists(st.sampled_from([*CLIENTS, "unused"]), unique=True),
)
def test_a_categoricals_codes_are_its_texts_codes(
    cells: list[str | None], extra: list[str]
) -> None:
    if cells and all(c is None for c in cells):
        cells = [*cells, CLIENTS[0]]  # no distinct text at all fails either way
    present = [c for c in dict.fromkeys(cells) if c is not None]
    categories = list(dict.fromkeys([*extra, *present]))
    column = pd.Series(pd.Categorical(cells, categories=categories))
    index = {c: i for i, c in enumerate(CLIENTS[::-1])}
    plain = pd.Series(cells, dtype=object)
    assert codes_of(column, index).tolist() == codes_of(plain, index).tolist()
