"""``pairs.by_term`` finds the rows of pairs billed per term by integer keys, as the
MultiIndex membership it replaced did (that code is the oracle here, verbatim)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from recon.engine import terms
from recon.engine.pairs import by_term
from recon.model import G


class _Codes:
    """The product half of :class:`recon.engine.pairs.Codes`: what ``by_term`` reads."""

    def __init__(self, products: list[str]) -> None:
        self.product_text = list(products)
        self.product_index = {key: i for i, key in enumerate(self.product_text)}

    @property
    def products(self) -> int:
        return max(len(self.product_text), 1)

    def product_code(self, key: str) -> int:
        code = self.product_index.get(key)
        if code is None:
            code = self.product_index[key] = len(self.product_text)
            self.product_text.append(key)
        return code


def _by_term_before(codes, vendor, psa):
    keys = ["pc", G.PRODUCT]
    frames = [pd.DataFrame({"pc": c, G.PRODUCT: k, G.TERM: t}) for c, k, t in (vendor, psa)]
    candidates = terms.candidate_pairs(frames[1], keys)
    if candidates.empty:
        return vendor[1], psa[1]
    split = terms.split_pairs(frames[0], frames[1], keys, candidates)
    out = []
    for frame in frames:
        product = frame[G.PRODUCT].to_numpy(dtype=np.int64).copy()
        apart = np.flatnonzero(pd.MultiIndex.from_frame(frame[keys]).isin(split))
        for row in apart.tolist():
            key = codes.product_text[product[row]] + terms.TERM_SEP + str(frame[G.TERM].iat[row])
            product[row] = codes.product_code(key)
        out.append(product)
    return out[0], out[1]


_ROW = st.tuples(st.integers(0, 4), st.integers(0, 3), st.sampled_from([0, 1, 12, 24, 36, 7]))


def _side(rows):
    return tuple(np.asarray([r[i] for r in rows], dtype=np.int64) for i in range(3))


@settings(max_examples=300, deadline=None)
@given(st.lists(_ROW, max_size=40), st.lists(_ROW, max_size=40))
def test_by_term_splits_the_rows_the_multiindex_membership_split(vendor_rows, psa_rows) -> None:
    products = ["a", "b", "c", "d"]
    vendor, psa = _side(vendor_rows), _side(psa_rows)
    before, after = _Codes(products), _Codes(products)
    expected = _by_term_before(before, vendor, psa)
    found = by_term(after, vendor, psa)  # type: ignore[arg-type]
    assert [f.tolist() for f in found] == [e.tolist() for e in expected]
    assert after.product_text == before.product_text


def test_a_pair_billed_on_two_terms_on_both_sides_is_compared_per_term() -> None:
    vendor = _side([(0, 1, 1), (0, 1, 12), (1, 1, 1)])
    psa = _side([(0, 1, 1), (0, 1, 12), (1, 1, 1), (1, 1, 12)])
    codes = _Codes(["a", "b"])
    v_product, p_product = by_term(codes, vendor, psa)  # type: ignore[arg-type]
    assert [codes.product_text[k] for k in v_product] == [
        f"b{terms.TERM_SEP}1",
        f"b{terms.TERM_SEP}12",
        "b",
    ]
    assert [codes.product_text[k] for k in p_product][:2] == [
        f"b{terms.TERM_SEP}1",
        f"b{terms.TERM_SEP}12",
    ]
