"""Footprints.overlap's shortcuts give the Overlap of the plain computation.

The plain computation is kept here as the oracle: both sides' lines sorted, the near seats
compared in that order, and the sums taken even when a side holds nothing.
"""

from __future__ import annotations

import math
import random

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from recon.match.client_evidence import (
    _NONE,
    _RARE_BITS,
    NEAR_SEATS,
    NEAR_SHARE,
    Footprints,
    Overlap,
)
from recon.match.frame_codes import rows_in as _rows_in
from recon.model import QTY_SCALE

_PRODUCTS = [f"cat:{letter}" for letter in "abcdefgh"]


def _frame(rng: random.Random, clients: list[str]) -> pd.DataFrame:
    records = []
    for client in clients:
        for _ in range(rng.randint(0, 6)):
            seats = rng.choice([1, 2, 3, 5, 10, 11, 20, 40]) * QTY_SCALE
            seats += rng.choice([0, 0, 0, 500, -500])
            records.append({"identity": client, "product": rng.choice(_PRODUCTS), "qty": seats})
    return pd.DataFrame(records, columns=["identity", "product", "qty"])


def _plain_overlap(prints: Footprints, vendor_ids: list[str], psa_id: str) -> Overlap:
    vendor_lines = frozenset().union(*(prints._lines.get(("v", i), _NONE) for i in vendor_ids))
    vendor_products = frozenset(p for p, _ in vendor_lines)
    psa_lines = prints._lines.get(("p", psa_id), _NONE)
    common = vendor_lines & psa_lines
    products = vendor_products & frozenset(p for p, _ in psa_lines)
    weights = prints._weights()
    terms = [weights.get(line, _RARE_BITS) for line in common]
    near = 0
    if len(products) > len(common):
        psa_qty = {p: q for p, q in sorted(psa_lines) if p in products}
        for product, qty in sorted(vendor_lines - common):
            other = psa_qty.get(product)
            if other is not None and abs(other - qty) <= max(
                NEAR_SEATS * QTY_SCALE, NEAR_SHARE * max(qty, other)
            ):
                near += 1
                terms.append(0.5 * weights.get((product, qty), _RARE_BITS))
    return Overlap(
        len(common),
        len(vendor_lines),
        len(psa_lines),
        len(products),
        near,
        round(math.fsum(terms), 1),
    )


def test_overlap_equals_the_plain_computation() -> None:
    rng = random.Random(16)
    vendor_ids = [f"v{i}" for i in range(40)]
    psa_ids = [f"p{i}" for i in range(40)]
    # Two PSA lines of one product (two PSA products mapped onto one vendor product) are
    # drawn often: the near-seat comparison must pick the same one of them.
    prints = Footprints(_frame(rng, vendor_ids), _frame(rng, psa_ids), _PRODUCTS[:-1])
    prints.prepare(vendor_ids, psa_ids)
    kinds = set()
    for v in vendor_ids:
        for p in psa_ids:
            found = prints.overlap([v], p)
            assert found == _plain_overlap(prints, [v], p), (v, p)
            kinds.add((found.shared > 0, found.near > 0, found.vendor_lines == 0))
        pair = [v, vendor_ids[(int(v[1:]) + 1) % len(vendor_ids)]]
        p = rng.choice(psa_ids)
        assert prints.overlap(pair, p) == _plain_overlap(prints, pair, p)
    # Shared lines, near seats and empty sides all came up.
    assert {(True, False, False), (False, True, False), (False, False, True)} <= kinds


def test_row_lookup_on_categorical_names_is_the_lookup_on_text() -> None:
    rng = random.Random(7)
    names = [rng.choice(["Acme", "Globex", "Initech", None, "Umbrella"]) for _ in range(400)]
    text = pd.Series(names, dtype=object)
    grouped = text.astype("category")  # as the grouping step carries names
    for wanted in ({"Acme"}, {"Globex", "Umbrella", "Nobody"}, set(), {"Initech", "Acme"}):
        expected = text.isin(wanted).to_numpy() & text.notna().to_numpy()
        assert (_rows_in(grouped, wanted) == expected).all()
        assert (_rows_in(text, wanted) == expected).all()
    unused = pd.Categorical(["Acme"], categories=["Acme", "Hooli"])  # a category no row uses
    assert _rows_in(pd.Series(unused), {"Hooli"}).tolist() == [False]


def _plain_disjoint(
    vendor: pd.DataFrame, psa: pd.DataFrame, pairs: dict[str, str], at_least: int
) -> set[str]:
    """Per pair, in Python sets: both hold ``at_least`` products and none in common."""
    vendor = vendor.loc[vendor["qty"] > 0]
    psa = psa.loc[psa["qty"] > 0]
    held: dict[tuple[str, str], set[str]] = {}
    for side, frame in (("v", vendor), ("p", psa)):
        for identity, product in zip(frame["identity"], frame["product"], strict=True):
            held.setdefault((side, identity), set()).add(product)
    out = set()
    for v, p in pairs.items():
        mine, theirs = held.get(("v", v)), held.get(("p", p), set())
        if mine is None:
            continue  # a vendor client holding no line is never reported
        if min(len(mine), len(theirs)) >= at_least and not mine & theirs:
            out.add(v)
    return out


def test_disjoint_on_codes_equals_the_plain_computation() -> None:
    rng = random.Random(11)
    vendor_ids = [f"v{i}" for i in range(60)]
    psa_ids = [f"p{i}" for i in range(60)]
    vendor, psa = _frame(rng, vendor_ids), _frame(rng, psa_ids)
    # As the grouping step carries them: categorical names and vendor products.
    vendor = vendor.astype({"identity": "category", "product": "category"})
    psa = psa.astype({"identity": "category"})
    prints = Footprints(vendor, psa, _PRODUCTS)
    found_any = False
    for _ in range(30):
        chosen = rng.sample(vendor_ids, rng.randint(0, 30))
        pairs = {v: rng.choice([*psa_ids, "p-unknown"]) for v in chosen}
        for at_least in (1, 2):
            expected = _plain_disjoint(vendor, psa, pairs, at_least)
            assert prints.disjoint(pairs, at_least=at_least) == expected, (pairs, at_least)
            found_any |= bool(expected)
    assert found_any
    # No PSA line at all on the paired side, or no vendor line: nothing is reported.
    only_unknown = dict.fromkeys(vendor_ids[:10], "p-unknown")
    assert prints.disjoint(only_unknown, at_least=0) == _plain_disjoint(
        vendor, psa, only_unknown, 0
    )
    assert prints.disjoint({"v-unknown": "p1"}) == set()


def test_prepared_lines_are_each_clients_rows() -> None:
    rng = random.Random(5)
    vendor_ids = [f"v{i}" for i in range(50)]
    psa_ids = [f"p{i}" for i in range(50)]
    vendor = _frame(rng, vendor_ids).astype({"identity": "category", "product": "category"})
    psa = _frame(rng, psa_ids).astype({"identity": "category"})
    prints = Footprints(vendor, psa, _PRODUCTS[:-1])
    # In two rounds, as the matcher asks: the second adds clients, and some never exist.
    prints.prepare(vendor_ids[:20], psa_ids[:20])
    prints.prepare([*vendor_ids, "v-none"], [*psa_ids, "p-none"])
    for side, frame, ids in (("v", vendor, vendor_ids), ("p", psa, psa_ids)):
        kept = frame.loc[frame["qty"] > 0]
        if side == "p":
            kept = kept.loc[kept["product"].isin(_PRODUCTS[:-1])]
        for identity in ids:
            mine = kept.loc[kept["identity"] == identity]
            expected = frozenset(zip(mine["product"], mine["qty"].astype(int), strict=True))
            assert prints._lines[(side, identity)] == expected, (side, identity)
    assert prints._lines[("v", "v-none")] == frozenset() == prints._lines[("p", "p-none")]


_line = st.tuples(
    st.sampled_from(["a", "b", "c"]),  # clients
    st.sampled_from(_PRODUCTS[:4]),
    st.sampled_from([1, 2, 5, 10, 11, 40]),  # seats
    st.sampled_from([0, 0, 500, -500]),  # milli-seats off a whole seat
)


def _lines_frame(lines: list[tuple[str, str, int, int]]) -> pd.DataFrame:
    return pd.DataFrame(
        [(c, p, s * QTY_SCALE + off) for c, p, s, off in lines],
        columns=["identity", "product", "qty"],
    ).astype({"qty": "int64"})


@settings(max_examples=150, deadline=None)
@given(st.lists(_line, max_size=14), st.lists(_line, max_size=14), st.booleans())
def test_overlap_per_product_index_equals_the_plain_computation(
    vendor: list[tuple[str, str, int, int]],
    psa: list[tuple[str, str, int, int]],
    asked_early: bool,
) -> None:
    # The per-client index (one vendor line per product, the PSA's largest count per product)
    # against the plain sets: two lines of one product on either side, clients holding
    # nothing, identities unioned, and a client asked for before its lines were built.
    prints = Footprints(_lines_frame(vendor), _lines_frame(psa), _PRODUCTS[:3])
    clients = ["a", "b", "c", "none"]
    if asked_early:
        assert prints.overlap(["a"], "a") == Overlap(0, 0, 0, 0)
    prints.prepare(clients, clients)
    for v in clients:
        for p in clients:
            assert prints.overlap([v], p) == _plain_overlap(prints, [v], p), (v, p)
            assert prints.overlap(iter([v, "b"]), p) == _plain_overlap(prints, [v, "b"], p)


_held = st.tuples(
    st.sampled_from(["v1", "v2", "v3", "p1", "p2", "p3"]),  # client (either side)
    st.sampled_from([*_PRODUCTS[:3], "psa-only", None]),
    st.sampled_from([0, 1000, 2000]),
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(_held, max_size=16),
    st.lists(_held, max_size=16),
    st.dictionaries(
        st.sampled_from(["v1", "v2", "v3", "v-none"]), st.sampled_from(["p1", "p2", "p-none"])
    ),
    st.booleans(),
    st.integers(min_value=0, max_value=2),
)
def test_disjoint_on_each_sides_codes_equals_the_plain_computation(
    vendor_rows: list[tuple[str, str | None, int]],
    psa_rows: list[tuple[str, str | None, int]],
    pairs: dict[str, str],
    coded: bool,
    at_least: int,
) -> None:
    # Vendor products as the vendor file's codes, PSA products looked up among them: a PSA
    # product the vendor file lacks, a missing product, zero seats, clients on no row,
    # and both categorical (as grouped) and plain text columns.
    columns = ["identity", "product", "qty"]
    vendor = pd.DataFrame([r for r in vendor_rows if r[1] != "psa-only"], columns=columns)
    psa = pd.DataFrame([r for r in psa_rows if r[1] is not None], columns=columns)
    vendor, psa = vendor.astype({"qty": "int64"}), psa.astype({"qty": "int64"})
    if coded:
        vendor = vendor.astype({"identity": "category", "product": "category"})
        psa = psa.astype({"identity": "category"})
    prints = Footprints(vendor, psa, [*_PRODUCTS[:3], "psa-only"])
    expected = _plain_disjoint(vendor, psa, pairs, at_least)
    assert prints.disjoint(pairs, at_least=at_least) == expected


_group = st.lists(st.sampled_from(["a", "b", "c", "none", "unbuilt"]), min_size=1, max_size=3)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(_line, max_size=16),
    st.lists(_line, max_size=16),
    st.lists(st.tuples(_group, st.sampled_from(["a", "b", "c", "none", "unbuilt"])), max_size=12),
    st.booleans(),
)
def test_overlaps_of_many_pairs_at_once_equal_each_pair_alone(
    vendor: list[tuple[str, str, int, int]],
    psa: list[tuple[str, str, int, int]],
    pairs: list[tuple[list[str], str]],
    coded: bool,
) -> None:
    # The batch on integer codes against the plain sets, pair by pair: identities unioned
    # (repeated too), two lines of one product, clients holding nothing, clients never
    # prepared (they hold nothing, as overlap() reads them), categorical or text columns.
    vendor_frame, psa_frame = _lines_frame(vendor), _lines_frame(psa)
    if coded:
        vendor_frame = vendor_frame.astype({"identity": "category", "product": "category"})
        psa_frame = psa_frame.astype({"identity": "category"})
    prints = Footprints(vendor_frame, psa_frame, _PRODUCTS[:3])
    prints.prepare(["a", "b", "c", "none"], ["a", "b", "c", "none"])
    found = prints.overlaps(pairs)
    assert found == [_plain_overlap(prints, ids, p) for ids, p in pairs]
    assert found == [prints.overlap(ids, p) for ids, p in pairs]


def test_overlaps_sum_many_rare_lines_exactly() -> None:
    # Bits of three or more lines are summed exactly, as overlap() sums them, whatever order
    # the lines come in: many clients, many products, so shared lines weigh many ways.
    rng = random.Random(23)
    vendor_ids = [f"v{i}" for i in range(120)]
    psa_ids = [f"p{i}" for i in range(120)]
    vendor = _frame(rng, vendor_ids).astype({"identity": "category", "product": "category"})
    psa = vendor.astype({"identity": str}).assign(
        identity=lambda f: f["identity"].str.replace("v", "p", regex=False)
    )
    prints = Footprints(vendor, psa, _PRODUCTS)
    prints.prepare(vendor_ids, psa_ids)
    pairs = [([v], rng.choice(psa_ids)) for v in vendor_ids]
    pairs += [([v], "p" + v[1:]) for v in vendor_ids]  # the same lines: most shared
    found = prints.overlaps(pairs)
    assert found == [_plain_overlap(prints, ids, p) for ids, p in pairs]
    assert sum(o.shared >= 3 for o in found) >= 10


_weighed_line = st.tuples(
    st.sampled_from(["a", "b", "c", "d", None]),  # clients; a row may name none
    st.sampled_from([*_PRODUCTS[:4], None]),  # a row may name no product
    st.sampled_from([1, 2, 5, 40]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_weighed_line, max_size=20), st.lists(_line, max_size=10), st.booleans())
def test_line_bits_on_codes_equal_the_per_line_count(
    vendor: list[tuple[str | None, str | None, int]],
    psa: list[tuple[str, str, int, int]],
    coded: bool,
) -> None:
    # The batch's bits per line, counted on codes, against _weights (log2(n / k) from a
    # groupby, the per-pair overlap's weights, kept as the oracle): lines held by several
    # clients or by one twice, rows naming no client or no product, categorical columns.
    frame = pd.DataFrame(
        [(c, p, s * QTY_SCALE) for c, p, s in vendor], columns=["identity", "product", "qty"]
    ).astype({"qty": "int64"})
    if coded:
        frame = frame.astype({"identity": "category", "product": "category"})
    prints = Footprints(frame, _lines_frame(psa), _PRODUCTS[:3])
    coded_lines = prints._codes_of_lines().lines
    with np.errstate(divide="ignore"):  # a line only rows naming no client hold: infinite
        weights = prints._weights()
    for product, qty in {(p, s * QTY_SCALE) for _, p, s in vendor if p is not None}:
        at = [
            i
            for i in range(len(coded_lines.qty))
            if int(coded_lines.qty[i]) == qty and _product_of(prints, coded_lines, i) == product
        ]
        assert [float(coded_lines.weight[i]) for i in at] == [weights[(product, qty)]]


def _product_of(prints: Footprints, lines: object, at: int) -> str | None:
    """The vendor product a line code stands for (None: missing or PSA-only)."""
    names = list(pd.Index(prints._vendor["product"]).dropna().unique())
    if isinstance(prints._vendor["product"].dtype, pd.CategoricalDtype):
        names = list(prints._vendor["product"].cat.categories)
    made = int(lines.product[at])  # type: ignore[attr-defined]
    return str(names[made]) if made < len(names) else None


@settings(max_examples=100, deadline=None)
@given(
    st.lists(_line, max_size=14),
    st.lists(_line, max_size=14),
    st.lists(st.sampled_from(["a", "b", "c", "unbuilt"]), max_size=4),
    st.lists(st.sampled_from(["a", "b", "c", "unbuilt"]), max_size=4),
)
def test_admitted_clients_hold_the_lines_prepared_ones_do(
    vendor: list[tuple[str, str, int, int]],
    psa: list[tuple[str, str, int, int]],
    admitted: list[str],
    prepared: list[str],
) -> None:
    # admit() defers building a client's sets until a question needs them: every answer is
    # the one of a Footprints that prepared the same clients (never prepared: nothing).
    vendor_frame, psa_frame = _lines_frame(vendor), _lines_frame(psa)
    lazy = Footprints(vendor_frame, psa_frame, _PRODUCTS[:3])
    eager = Footprints(vendor_frame, psa_frame, _PRODUCTS[:3])
    lazy.admit(admitted, admitted)
    lazy.prepare(prepared, prepared)
    eager.prepare([*admitted, *prepared], [*admitted, *prepared])
    pairs = [([v], p) for v in ("a", "b", "c", "unbuilt") for p in ("a", "b", "c", "unbuilt")]
    assert lazy.overlaps(pairs) == eager.overlaps(pairs)
    for client in ("a", "b", "c", "unbuilt"):
        assert lazy.psa_lines(client) == eager.psa_lines(client)
        assert lazy.vendor_lines(client) == eager.vendor_lines(client)
    assert [lazy.overlap(ids, p) for ids, p in pairs] == [eager.overlap(ids, p) for ids, p in pairs]
