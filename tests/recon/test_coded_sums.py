"""Sums worked out on integer codes give what the former text joins and groupings gave."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from recon.engine.doubt import upheld_clients
from recon.engine.question_keys import acted_shortfall
from recon.match.product_evidence import PC, PSA_KEY, QTY_P, QTY_V, VENDOR_KEY
from recon.model import G


# The former shortfall, a join of the two frames on their text: the oracle.
def _shortfall_by_join(
    orphan_p: pd.DataFrame, orphan_v: pd.DataFrame, acted: dict[str, str]
) -> pd.DataFrame:
    rows = orphan_p.loc[orphan_p[PSA_KEY].isin(list(acted))]
    if rows.empty or orphan_v.empty:
        return orphan_v.iloc[:0]
    billed = pd.DataFrame(
        {
            PC: rows[PC].to_numpy(),
            VENDOR_KEY: [acted[str(k)] for k in rows[PSA_KEY].tolist()],
            QTY_P: rows[QTY_P].to_numpy(dtype=np.int64),
        }
    )
    billed = billed.groupby([PC, VENDOR_KEY], sort=False)[QTY_P].sum().reset_index()
    joined = orphan_v.astype({PC: object, VENDOR_KEY: object}).merge(
        billed.astype({PC: object, VENDOR_KEY: object}), on=[PC, VENDOR_KEY]
    )
    short = joined[QTY_V].to_numpy(dtype=np.int64) - joined[QTY_P].to_numpy(dtype=np.int64)
    kept = short > 0
    return pd.DataFrame(
        {
            PC: joined[PC].to_numpy()[kept],
            VENDOR_KEY: joined[VENDOR_KEY].to_numpy()[kept],
            QTY_V: short[kept],
        }
    )


_clients = st.sampled_from(["1", "2", "3", "4"])
_psa = st.lists(
    st.tuples(_clients, st.sampled_from(["a", "b", "c"]), st.integers(0, 5)), max_size=20
)
_vendor = st.lists(
    st.tuples(_clients, st.sampled_from(["x", "y", "z"]), st.integers(0, 8)), max_size=20
)
_acted = st.dictionaries(st.sampled_from(["a", "b", "c"]), st.sampled_from(["x", "y", "w"]))


@settings(max_examples=300, deadline=None)
@given(_psa, _vendor, _acted, st.booleans())
def test_shortfall_on_codes_is_the_shortfall_by_join(psa, vendor, acted, categorical) -> None:
    kind = "category" if categorical else object
    orphan_p = pd.DataFrame(psa, columns=[PC, PSA_KEY, QTY_P]).astype(
        {PC: kind, PSA_KEY: kind, QTY_P: "int64"}
    )
    # Unbilled lines are one per (client, product), as the evidence pass sums them.
    orphan_v = (
        pd.DataFrame(vendor, columns=[PC, VENDOR_KEY, QTY_V])
        .drop_duplicates([PC, VENDOR_KEY])
        .astype({PC: kind, VENDOR_KEY: kind, QTY_V: "int64"})
    )
    found = acted_shortfall(orphan_p, orphan_v, acted)
    expected = _shortfall_by_join(orphan_p, orphan_v, acted)
    assert (
        found.reset_index(drop=True)
        .astype(object)
        .equals(expected.reset_index(drop=True).astype(object))
    )


# The former count, over every row of the column and every vendor row: the oracle.
def _upheld_over_everything(p_all, rows, keys, targets, vendor) -> dict[str, int]:
    at = rows & p_all[G.PRODUCT].isin(list(keys)).to_numpy()
    if not at.any():
        return {}
    frame = pd.DataFrame(
        {
            "product": np.asarray(p_all[G.PRODUCT].to_numpy(), dtype=object)[at],
            "target": targets[at],
            "qty": p_all[G.QTY].fillna(0).to_numpy(dtype=np.int64)[at],
        }
    )
    billed = frame.groupby(["product", "target"], sort=False)["qty"].sum()
    vendor_keys, vendor_qty = vendor
    bought = pd.Series(np.asarray(vendor_qty, dtype=np.int64)).groupby(vendor_keys).sum()
    seats = bought.reindex(billed.index.get_level_values("target")).to_numpy()
    agree = pd.Series(billed.to_numpy() == seats, index=billed.index.get_level_values("product"))
    counts = agree.groupby(level=0, sort=False).sum()
    return {str(k): int(n) for k, n in counts.items()}


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["a", "b", "c"]), st.integers(0, 6), st.integers(0, 4)),
        max_size=20,
    ),
    st.lists(st.tuples(st.integers(0, 8), st.integers(0, 4)), max_size=20),
    st.sets(st.sampled_from(["a", "b", "c", "d"])),
    st.lists(st.booleans(), min_size=20, max_size=20),
)
def test_upheld_on_the_texts_rows_is_the_count_over_everything(psa, vendor, keys, chosen) -> None:
    p_all = pd.DataFrame(
        {
            G.PRODUCT: pd.Series([p for p, _, _ in psa], dtype="category"),
            G.QTY: pd.Series([q for _, _, q in psa], dtype="int64"),
        }
    )
    targets = np.asarray([t for _, t, _ in psa], dtype=np.int64)
    rows = np.asarray(chosen[: len(psa)], dtype=bool)
    sold = (
        np.asarray([k for k, _ in vendor], dtype=np.int64),
        np.asarray([q for _, q in vendor], dtype=np.int64),
    )
    found = upheld_clients(p_all, rows, keys, targets, sold)
    assert found == _upheld_over_everything(p_all, rows, keys, targets, sold)
