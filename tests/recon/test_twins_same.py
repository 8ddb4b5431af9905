"""The twin pass on integer codes gives the merges the string version gave (issue 16).

:func:`recon.engine.twins.vendor_twins` summed and joined the group rows as Python strings; it
now works on codes and turns back to text only the rows whose seats agree. The string version
is kept here as the oracle, and both run on random months where second names make up the
excess at some clients, sit unbilled at others, compete with a rival name, are refused by a
person, or are billed under a PSA text of their own.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from recon.engine.columns import member
from recon.engine.groups import SideGroups
from recon.engine.offers import answer_for
from recon.engine.reconcile import group_sides
from recon.engine.twins import TWIN_CLIENTS, TWIN_SHARE, vendor_twins
from recon.match import ClientMatching, ProductPairing
from recon.model import QTY_SCALE, G, ProductMerge, ProductMethod, Side
from tests.recon.conftest import make_lines

_PC, _KEY, _QTY = "pc", "key", "qty"
CATALOGUED = (
    "Microsoft 365 Business Standard",
    "Microsoft 365 Business Premium",
    "Exchange Online (Plan 1)",
)
SECOND = ("Legacy SKU AAA-10337", "Old Premium Bundle ZZ-4", "Mail Plan Classic QX")


def _oracle_summed(clients: pd.Series, keys: pd.Series, qty: pd.Series) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            _PC: clients.astype(object).to_numpy(),
            _KEY: keys.astype(str).to_numpy(),
            _QTY: qty.fillna(0).to_numpy(dtype=np.int64),
        }
    )
    summed = frame.loc[frame[_PC].notna()].groupby([_PC, _KEY], sort=False, as_index=False)
    out = pd.DataFrame(summed[_QTY].sum())
    return out.loc[out[_QTY] > 0]


def _oracle(
    vendor: SideGroups,
    psa: SideGroups,
    matching: ClientMatching,
    pairing: Mapping[str, ProductPairing],
    rejected: frozenset[tuple[str, str]],
) -> dict[str, ProductMerge]:
    """The string version, as it stood before the codes."""
    uncatalogued = {
        key for key, identity in vendor.products.items() if identity.method is ProductMethod.NAME
    }
    to_psa = {v: p for v, p in matching.vendor_to_psa.items() if p not in matching.held_psa}
    if not uncatalogued or not len(psa.groups) or not to_psa:
        return {}
    g = vendor.groups
    v = _oracle_summed(g[G.CLIENT].map(to_psa), g[G.PRODUCT], g[G.QTY])
    p_rows = psa.groups.loc[member(psa.groups[G.CLIENT], set(to_psa.values()))]
    codes, uniques = pd.factorize(p_rows[G.PRODUCT].astype(str), sort=False)
    found = [pairing[k].vendor_key if k in pairing else str(k) for k in uniques]
    targets = pd.Series(np.asarray(found, dtype=object)[codes], index=p_rows.index)
    p = _oracle_summed(p_rows[G.CLIENT], targets, p_rows[G.QTY])
    second = v.loc[member(v[_KEY], uncatalogued - set(p[_KEY].unique()))]
    if second.empty:
        return {}
    both = p.merge(v, on=[_PC, _KEY], how="left", suffixes=("_p", "_v"))
    excess = both.assign(**{_QTY: both[f"{_QTY}_p"] - both[f"{_QTY}_v"].fillna(0).astype(np.int64)})
    excess = excess.loc[
        (excess[_QTY] > 0) & member(excess[_KEY], set(vendor.products) - uncatalogued),
        [_PC, _KEY, _QTY],
    ]
    agree = second.merge(excess, on=[_PC, _QTY], suffixes=("", "_first"))
    if rejected and not agree.empty:
        kept = [
            (str(k), str(f)) not in rejected
            for k, f in zip(agree[_KEY], agree[f"{_KEY}_first"], strict=True)
        ]
        agree = agree.loc[np.asarray(kept, dtype=bool)]
    if agree.empty:
        return {}
    counts = agree.groupby([_KEY, f"{_KEY}_first"], sort=True)[_PC].nunique()
    sold_at = second.groupby(_KEY, sort=False)[_PC].nunique()
    seats = second.groupby(_KEY, sort=False)[_QTY].sum()
    out: dict[str, ProductMerge] = {}
    for name, per_first in counts.groupby(level=0, sort=True):
        ranked = per_first.sort_values(ascending=False, kind="stable")
        first, n = str(ranked.index[0][1]), int(ranked.iloc[0])
        rival = int(ranked.iloc[1]) if len(ranked) > 1 else 0
        if n >= TWIN_CLIENTS and n >= TWIN_SHARE * int(sold_at[name]) and rival * 2 < n:
            out[str(name)] = ProductMerge(
                second_name=vendor.products[str(name)].name,
                second_key=str(name),
                product=vendor.products[first].name,
                product_key=first,
                clients=n,
                sold_at=int(sold_at[name]),
                seats=Decimal(int(seats[name])) / Decimal(QTY_SCALE),
                answer=answer_for(first, {first: vendor.products[first].name}),
            )
    return out


def _month(seed: int) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """Vendor and PSA rows of 60 clients: second names that make up the excess, sit unbilled,
    or are billed under their own text; some clients the PSA does not have."""
    rng = random.Random(seed)
    vendor: list[tuple[object, ...]] = []
    psa: list[tuple[object, ...]] = []
    for i in range(60):
        client = f"Client {i:02}"
        for product in rng.sample(CATALOGUED, rng.randint(1, 3)):
            seats = rng.randint(1, 30)
            extra = rng.choice((0, 0, rng.randint(1, 6)))
            vendor.append((client, product, seats, "12.00"))
            if rng.random() < 0.9:
                psa.append(
                    (client + (" LLC" if i % 7 == 0 else ""), product, seats + extra, "15.00")
                )
            if extra and rng.random() < 0.7:
                # The excess bought under a second name (or a rival's, or a near miss).
                second = (
                    SECOND[CATALOGUED.index(product)] if rng.random() < 0.8 else rng.choice(SECOND)
                )
                vendor.append((client, second, extra + rng.choice((0, 0, 0, 1)), "12.00"))
        if i % 20 == 19:
            # A PSA-only company billing a second name under its own text: no evidence about
            # the matched clients' lines.
            psa.append((f"Unrelated Works {i}", SECOND[seed % 3], rng.randint(1, 5), "15.00"))
        if rng.random() < 0.1:
            second = rng.choice(SECOND)
            vendor.append((client, second, rng.randint(1, 5), "12.00"))
            if rng.random() < 0.3:
                psa.append((client, second, rng.randint(1, 5), "15.00"))
    return vendor, psa


@pytest.mark.parametrize("seed", range(12))
def test_twins_on_codes_give_the_merges_of_the_string_version(seed: int) -> None:
    vendor_rows, psa_rows = _month(seed)
    grouped = group_sides(make_lines(Side.VENDOR, vendor_rows), make_lines(Side.PSA, psa_rows))
    vendor, psa = grouped.vendor, grouped.psa
    by_key = {c.key: c.identity for c in psa.clients}
    matched = {c.identity: by_key[c.key] for c in vendor.clients if c.key in by_key}
    held = frozenset(list(matched.values())[:3] if seed % 3 == 0 else [])
    matching = ClientMatching((), (), matched, held, (), ())
    second_keys = sorted(k for k, p in vendor.products.items() if p.method is ProductMethod.NAME)
    first_keys = sorted(k for k, p in vendor.products.items() if p.method is not ProductMethod.NAME)
    rejected = (
        frozenset({(second_keys[0], first_keys[seed % len(first_keys)])})
        if seed % 2 and second_keys
        else frozenset()
    )
    want = _oracle(vendor, psa, matching, {}, rejected)
    got = vendor_twins(vendor, psa, matching, {}, rejected=rejected)
    assert got == want


def test_the_random_months_do_merge() -> None:
    # The comparison above means something only if some months merge second names.
    merged = 0
    for seed in range(12):
        vendor_rows, psa_rows = _month(seed)
        grouped = group_sides(make_lines(Side.VENDOR, vendor_rows), make_lines(Side.PSA, psa_rows))
        by_key = {c.key: c.identity for c in grouped.psa.clients}
        matched = {c.identity: by_key[c.key] for c in grouped.vendor.clients if c.key in by_key}
        matching = ClientMatching((), (), matched, frozenset(), (), ())
        merged += len(vendor_twins(grouped.vendor, grouped.psa, matching, {}))
    assert merged >= 6


@pytest.mark.parametrize("seed", range(6))
def test_seats_summed_per_pair_as_a_two_key_groupby_sums_them(seed: int) -> None:
    # The (client, product) sums on one int64 per pair, against pandas' two-key groupby:
    # the same pairs in the same order, missing products (-1) and clients (-1) included,
    # pairs whose seats sum to zero or less left out.
    from recon.engine.twins import _summed

    rng = np.random.default_rng(seed)
    n = [0, 1, 7, 300, 5000, 40000][seed]
    clients = rng.integers(-1, 40, n).astype(np.int64)
    keys = rng.integers(-1, 25, n).astype(np.int64)
    qty = pd.Series(rng.integers(-5, 12, n).astype(np.float64))
    qty[rng.random(n) < 0.1] = np.nan
    seats = qty.fillna(0).to_numpy(dtype=np.int64)
    rows = clients >= 0
    frame = pd.DataFrame({_PC: clients[rows], _KEY: keys[rows], _QTY: seats[rows]})
    want = pd.DataFrame(frame.groupby([_PC, _KEY], sort=False, as_index=False)[_QTY].sum())
    pd.testing.assert_frame_equal(_summed(clients, keys, qty), want.loc[want[_QTY] > 0])


@pytest.mark.parametrize("seed", range(4))
def test_the_psa_excess_is_a_left_merge_on_the_pair(seed: int) -> None:
    # The PSA's seats less the vendor's per (client, product), against pandas' left merge.
    from recon.engine.twins import _excess, _summed

    rng = np.random.default_rng(seed)
    n = [0, 5, 2000, 30000][seed]

    def side() -> pd.DataFrame:
        return _summed(
            rng.integers(0, 60, n).astype(np.int64),
            rng.integers(-1, 20, n).astype(np.int64),
            pd.Series(rng.integers(0, 9, n).astype(np.float64)),
        )

    psa, vendor = side(), side()
    both = psa.merge(vendor, on=[_PC, _KEY], how="left", suffixes=("_p", "_v"))
    want = both.assign(**{_QTY: both[f"{_QTY}_p"] - both[f"{_QTY}_v"].fillna(0).astype(np.int64)})
    pd.testing.assert_frame_equal(_excess(psa, vendor), want[[_PC, _KEY, _QTY]])
