"""Line codes carried from the orphan rows through the join tell the lines apart as the join's
own codes did.

``recon.match.seat_lines.line_keys`` factorized (client, product) over every joined row, twice
or three times a pass (700,000 rows at 60,000 clients). The codes are now made once on the
orphan rows and carried through the join; the former per-join coding is kept below as the
oracle, and the per-client step must read the same rows as explained with either.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from recon.match.seat_lines import (
    PC,
    PSA_KEY,
    PSA_LINE,
    QTY_P,
    QTY_V,
    VENDOR_KEY,
    VENDOR_LINE,
    explained_pairs,
    line_codes,
    line_keys,
)


# The former coding, kept as the oracle: the joined rows' (client, product) factorized.
def _old_line_keys(pairs: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    pc = pairs[PC].to_numpy(dtype=np.int64)
    psa, _ = pd.factorize(pc * (int(pairs[PSA_KEY].max()) + 1) + pairs[PSA_KEY].to_numpy())
    vendor, _ = pd.factorize(pc * (int(pairs[VENDOR_KEY].max()) + 1) + pairs[VENDOR_KEY].to_numpy())
    return psa.astype(np.int64), vendor.astype(np.int64)


def _same_partition(a: np.ndarray, b: np.ndarray) -> bool:
    """True when ``a`` and ``b`` put the same rows together (codes may differ)."""
    return bool((pd.factorize(a)[0] == pd.factorize(b)[0]).all())


_orphan_p = st.lists(
    st.tuples(st.integers(0, 5), st.integers(0, 3), st.integers(0, 4)), min_size=1, max_size=12
)
_orphan_v = st.lists(
    st.tuples(st.integers(0, 5), st.integers(0, 3), st.integers(0, 4)), min_size=1, max_size=12
)


@settings(max_examples=300, deadline=None)
@given(_orphan_p, _orphan_v, st.lists(st.floats(0, 100), min_size=144, max_size=144))
def test_carried_line_codes_explain_the_rows_the_join_codes_did(
    psa_rows: list[tuple[int, int, int]], vendor_rows: list[tuple[int, int, int]], text: list[float]
) -> None:
    psa = pd.DataFrame(psa_rows, columns=[PC, PSA_KEY, QTY_P]).astype("int64")
    vendor = pd.DataFrame(vendor_rows, columns=[PC, VENDOR_KEY, QTY_V]).astype("int64")
    # Repeated (client, product) rows on one side are one line, as in the join's coding.
    psa[PSA_LINE] = line_codes(psa[PC].to_numpy(), psa[PSA_KEY].to_numpy())
    vendor[VENDOR_LINE] = line_codes(vendor[PC].to_numpy(), vendor[VENDOR_KEY].to_numpy())
    carried = psa.merge(vendor, on=PC, how="inner")
    if carried.empty:
        return
    plain = carried.drop(columns=[PSA_LINE, VENDOR_LINE])
    old = _old_line_keys(plain)
    new = line_keys(carried)
    assert _same_partition(old[0], new[0])
    assert _same_partition(old[1], new[1])
    scores = np.asarray(text[: len(carried)], dtype=np.float64)
    got, want = explained_pairs(carried, scores), explained_pairs(plain, scores)
    assert all((g == w).all() for g, w in zip(got, want, strict=True))


def test_a_client_code_never_joins_two_lines_of_one_product() -> None:
    codes = line_codes(np.array([0, 1, 0, -1], dtype=np.int64), np.array([2, 2, 2, 2]))
    assert codes[0] == codes[2]
    assert len({codes[0], codes[1], codes[3]}) == 3
