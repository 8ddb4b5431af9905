"""The comparison's join and sums on integer codes give what pandas gives on the same rows
(issue 16: the outer join by one sort, terms counted only where a key has several)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from recon.engine.join import outer_join, sum_by_key
from recon.model import G


def _merge_order(
    vendor: np.ndarray, psa: np.ndarray, products: int, clients: np.ndarray, ranks: np.ndarray
) -> pd.DataFrame:
    """What ``merge(how="outer")`` on the texts gives: every key once, by (client rank,
    product rank), with its row on each side (-1 where the side lacks it)."""
    v = pd.DataFrame({"key": vendor, "v": np.arange(len(vendor))})
    p = pd.DataFrame({"key": psa, "p": np.arange(len(psa))})
    merged = v.merge(p, on="key", how="outer").fillna(-1).astype(np.int64)
    merged["c"] = clients[merged["key"] // products]
    merged["r"] = ranks[merged["key"] % products]
    return merged.sort_values(["c", "r"]).reset_index(drop=True)


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize(("clients", "products", "rows"), [(300, 40, 5_000), (3, 2, 6), (5, 5, 0)])
def test_outer_join_is_the_merge_in_text_order(
    seed: int, clients: int, products: int, rows: int
) -> None:
    rng = np.random.default_rng(seed)
    keys = np.unique(rng.integers(0, clients * products, rows)) if rows else np.zeros(0, np.int64)
    vendor = rng.permutation(keys[rng.random(len(keys)) < 0.7]).astype(np.int64)
    psa = rng.permutation(keys[rng.random(len(keys)) < 0.7]).astype(np.int64)
    client_rank = rng.permutation(clients).astype(np.int64)
    product_rank = rng.permutation(products).astype(np.int64)
    joined = outer_join(vendor, psa, products, client_rank, product_rank)
    expected = _merge_order(vendor, psa, products, client_rank, product_rank)
    assert joined.key.tolist() == expected["key"].tolist()
    assert joined.v.tolist() == expected["v"].tolist()
    assert joined.p.tolist() == expected["p"].tolist()
    # A key both sides hold is one row, with each side's own row.
    both = set(vendor.tolist()) & set(psa.tolist())
    assert sum(1 for v, p in zip(joined.v, joined.p, strict=True) if v >= 0 and p >= 0) == len(both)


@pytest.mark.parametrize("seed", [1, 2])
def test_terms_per_key_are_the_distinct_terms_of_its_rows(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 4_000
    key = rng.integers(0, 900, n).astype(np.int64)
    # Most keys on one term; some on two or three, as "- Annual" beside monthly lines.
    term = np.where(rng.random(n) < 0.9, 12, rng.choice([0, 1, 36], n)).astype(np.int64)
    frame = pd.DataFrame(
        {
            G.QTY: rng.integers(0, 5_000, n),
            G.PRICED: rng.integers(0, 5_000, n),
            G.EXT: rng.integers(0, 10**9, n),
            G.UNIT_ANY: rng.integers(-1, 10**6, n),
            G.DEADLINE: rng.integers(1, 10**6, n),
            G.TERM: term,
        }
    )
    summed = sum_by_key(key, frame)
    grouped = pd.DataFrame({"key": key, "term": term}).groupby("key", sort=False)["term"]
    assert summed.key.tolist() == list(grouped.nunique().index)
    assert summed.terms.tolist() == grouped.nunique().tolist()
    assert summed.term_lo.tolist() == grouped.min().tolist()
    assert summed.term_hi.tolist() == grouped.max().tolist()
    assert max(summed.terms.tolist()) > 1
    # The keys' codes handed in sum the same.
    again = sum_by_key(key, frame, coded=pd.factorize(key, sort=False))
    assert again.terms.tolist() == summed.terms.tolist()
    assert again.qty.tolist() == summed.qty.tolist()


@pytest.mark.parametrize("seed", [1, 2])
def test_typical_price_is_the_lower_median_of_each_products_unit_prices(seed: int) -> None:
    from recon.engine.join import UNIT_DIVISOR, round_half_even
    from recon.engine.pairs import _typical_prices

    rng = np.random.default_rng(seed)
    n = 3_000
    groups = pd.DataFrame(
        {
            G.PRODUCT: pd.Categorical(rng.choice([f"p{i}" for i in range(60)], n)),
            G.PRICED: rng.integers(0, 4, n) * 1000,
            G.EXT: rng.integers(0, 9, n) * 7 * 10**8,
        }
    )
    priced = groups[(groups[G.PRICED] > 0) & (groups[G.EXT] > 0)].copy()
    priced["unit"] = priced[G.EXT] / priced[G.PRICED]
    expected = {}
    for product, rows in priced.groupby(G.PRODUCT, observed=True, sort=False):
        ordered = rows.sort_values("unit", kind="stable")  # ties: the earlier row first
        middle = ordered.iloc[(len(ordered) - 1) // 2]
        expected[str(product)] = int(
            round_half_even(np.array([middle[G.EXT]]), np.array([middle[G.PRICED] * UNIT_DIVISOR]))[
                0
            ]
        )
    assert _typical_prices(groups) == expected
