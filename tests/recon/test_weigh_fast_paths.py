"""The evidence pass's faster lookups answer exactly as the code they replaced.

Each replaced step is kept here as an oracle: membership of int keys by a table over their
range (``Series.isin``), the texts at some rows of a categorical column (factorizing the
column), the (PSA key, vendor key) codes of the joined rows (``pd.factorize``), and the
doubted rows with the vendor's sales looked up once by the caller and the vendor's seats
summed only at the targets weighed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from recon.engine.doubt import DOUBT_CLIENTS, DOUBT_SHARE, _near, doubtful_rows
from recon.engine.question_keys import distinct_texts, residual_seats
from recon.match.orphan_codes import OrphanCodes, codes_of_pairs
from recon.match.seat_lines import PC, PSA_KEY, QTY_P, QTY_V, VENDOR_KEY, isin_ints
from recon.model import G

_keys = st.lists(st.integers(min_value=-1, max_value=60), max_size=40)


def _isin_before(values: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    if not len(values) or not len(wanted):
        return np.zeros(len(values), dtype=bool)
    return np.asarray(pd.Series(values, copy=False).isin(wanted).to_numpy(), dtype=bool)


@settings(max_examples=300, deadline=None)
@given(_keys, _keys, st.sampled_from([1, 7, 1 << 40]))
def test_int_membership_answers_as_isin(values: list[int], wanted: list[int], scale: int) -> None:
    # A scale of 2**40 spreads the keys too wide for a table: the hash path answers then.
    v = np.asarray(values, dtype=np.int64) * scale
    w = np.asarray(wanted, dtype=np.int64) * scale
    assert isin_ints(v, w).tolist() == _isin_before(v, w).tolist()


def test_int_membership_outside_the_wanted_range_is_false() -> None:
    found = isin_ints(np.array([-5, 3, 4, 9, 100], dtype=np.int64), np.array([3, 9]))
    assert found.tolist() == [False, True, False, True, False]


def _distinct_before(column: pd.Series, rows: np.ndarray) -> set[str]:
    codes, uniques = pd.factorize(column, sort=False)
    seen = np.unique(codes[rows])
    return {str(t) for t in np.asarray(uniques, dtype=object)[seen[seen >= 0]].tolist()}


_texts = st.lists(st.sampled_from(["a", "b", "c", "d", None]), max_size=30)


@settings(max_examples=200, deadline=None)
@given(_texts, st.data())
def test_texts_at_rows_of_a_categorical_answer_as_factorizing(texts: list, data) -> None:
    rows = np.asarray(data.draw(st.lists(st.booleans(), min_size=len(texts), max_size=len(texts))))
    rows = rows.astype(bool)
    plain = pd.Series(texts, dtype=object)
    coded = plain.astype(pd.CategoricalDtype(["d", "c", "b", "a", "unused"]))
    assert distinct_texts(coded, rows) == _distinct_before(plain, rows)
    assert distinct_texts(plain, rows) == _distinct_before(plain, rows)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from("xyz"), st.sampled_from("pqrs"), st.sampled_from("uvw")),
        min_size=1,
        max_size=30,
    )
)
def test_pair_codes_are_numbered_as_factorize_numbers_them(rows: list) -> None:
    psa = pd.DataFrame({PC: [c for c, _, _ in rows], PSA_KEY: [p for _, p, _ in rows]})
    vendor = pd.DataFrame({PC: [c for c, _, _ in rows], VENDOR_KEY: [v for _, _, v in rows]})
    coded = OrphanCodes.of(psa.assign(**{QTY_P: 1}), vendor.assign(**{QTY_V: 1}))
    pairs = pd.DataFrame({PSA_KEY: coded.psa[PSA_KEY], VENDOR_KEY: coded.vendor[VENDOR_KEY]})
    codes, keys = codes_of_pairs(pairs, coded)
    width = max(len(coded.vendor_keys), 1)
    joint = pairs[PSA_KEY].to_numpy() * width + pairs[VENDOR_KEY].to_numpy()
    expected, uniques = pd.factorize(joint, sort=False)
    assert codes.tolist() == expected.tolist()
    assert keys == [(coded.psa_keys[u // width], coded.vendor_keys[u % width]) for u in uniques]


def _doubtful_before(p_all, compared, vendor_held, guessed, targets, seats, held_qty):
    """doubtful_rows as it was: the vendor's sales looked up twice, its seats summed at
    every key, the shares grouped on the guessed rows' texts (and, since round sixteen, the
    surplus rule row by row)."""
    is_guessed = p_all[G.PRODUCT].isin(guessed).to_numpy()
    rows = compared & is_guessed
    if not rows.any():
        return rows
    at = np.flatnonzero(rows)
    sure = targets[compared & ~is_guessed]
    absent = np.zeros(len(rows), dtype=bool)
    absent[at] = ~_isin_before(targets[at], vendor_held) | _isin_before(targets[at], sure)
    frame = pd.DataFrame({"product": p_all[G.PRODUCT].iloc[at].to_numpy(), "absent": absent[at]})
    share = frame.groupby("product", sort=False)["absent"].agg(["size", "sum"])
    doubted = share.index[
        (share["sum"] >= DOUBT_CLIENTS) & (share["sum"] >= DOUBT_SHARE * share["size"])
    ]
    doubt = absent & p_all[G.PRODUCT].isin({str(k) for k in doubted}).to_numpy()
    if seats is not None and len(seats[1]) and len(at):
        psa_seats, unbilled = seats
        lacking = ~_isin_before(targets[at], vendor_held)
        exact = _isin_before(psa_seats[at], unbilled)
        doubt[at[lacking & (exact | _near(psa_seats[at], unbilled))]] = True
        if held_qty is not None:
            bought = pd.Series(held_qty, copy=False).groupby(vendor_held, sort=False).sum()
            theirs = bought.reindex(targets[at]).to_numpy()
            billed = p_all[G.QTY].iloc[at].fillna(0).to_numpy(dtype=np.int64)
            doubt[at[~lacking & exact & (theirs != billed)]] = True
    if held_qty is not None:
        # The surplus rule (recon.engine.doubt.surplus_rows), row by row.
        bought = pd.Series(held_qty).groupby(vendor_held).sum()
        qty = p_all[G.QTY].to_numpy()
        billed_all = pd.Series(qty[compared]).groupby(targets[compared]).sum()
        texts = p_all[G.PRODUCT].astype(str).to_numpy()
        for i in at[_isin_before(targets[at], vendor_held)]:
            same = compared & (targets == targets[i]) & (texts == texts[i])
            own = qty[same].sum()
            others = billed_all.get(targets[i], 0) - own
            if own > 0 and others > 0 and others == bought.get(targets[i], -1):
                doubt[i] = True
    return doubt


_row = st.tuples(
    st.integers(0, 4),  # client
    st.sampled_from(["g1", "g2", "s1"]),  # product (g: guessed)
    st.integers(0, 3),  # target product code
    st.integers(0, 4),  # seats
    st.booleans(),  # compared
)
_vendor_row = st.tuples(st.integers(0, 4), st.integers(0, 3), st.integers(1, 4))


@settings(max_examples=300, deadline=None)
@given(st.lists(_row, min_size=1, max_size=30), st.lists(_vendor_row, max_size=20))
def test_doubted_rows_answer_as_before(psa_rows: list, vendor_rows: list) -> None:
    width = 4
    p_all = pd.DataFrame(
        {
            G.PRODUCT: pd.Series([p for _, p, _, _, _ in psa_rows]).astype("category"),
            G.QTY: [q * 1000 for _, _, _, q, _ in psa_rows],
        }
    )
    compared = np.asarray([c for *_, c in psa_rows], dtype=bool)
    targets = np.asarray([c * width + t for c, _, t, _, _ in psa_rows], dtype=np.int64)
    vendor_held = np.asarray([c * width + k for c, k, _ in vendor_rows], dtype=np.int64)
    held_qty = np.asarray([q * 1000 for _, _, q in vendor_rows], dtype=np.int64)
    psa_seats = np.asarray([(c << 32) | (q * 1000) for c, _, _, q, _ in psa_rows], dtype=np.int64)
    unbilled = np.asarray([(c << 32) | (q * 1000) for c, _, q in vendor_rows], dtype=np.int64)
    guessed = {"g1", "g2"}
    before = _doubtful_before(
        p_all, compared, vendor_held, guessed, targets, (psa_seats, unbilled), held_qty
    )
    sold = _isin_before(targets, vendor_held)
    for given_sold in (None, sold):
        found = doubtful_rows(
            p_all,
            compared,
            vendor_held,
            guessed,
            targets,
            seats=(psa_seats, unbilled),
            held_qty=held_qty,
            sold=given_sold,
        )
        assert found.tolist() == before.tolist()


def _residual_before(held, held_keys, billed_keys, billed_qty):
    """residual_seats as it was: the vendor's keys factorized, the billed ones looked up in
    an index of them."""
    known = held_keys >= 0
    found, uniques = pd.factorize(held_keys[known], sort=False)
    vendor = np.zeros(len(uniques), dtype=np.int64)
    np.add.at(vendor, found, held[G.QTY].to_numpy(dtype=np.int64)[known])
    at = pd.Index(uniques).get_indexer(pd.Index(billed_keys))
    psa = np.zeros(len(uniques), dtype=np.int64)
    np.add.at(psa, at[at >= 0], np.asarray(billed_qty, dtype=np.int64)[at >= 0])
    short = vendor - psa
    kept = np.flatnonzero(short > 0)
    first_of = np.full(len(uniques), len(found), dtype=np.int64)
    np.minimum.at(first_of, found, np.arange(len(found), dtype=np.int64))
    first = np.flatnonzero(known)[first_of[kept]]
    return pd.DataFrame(
        {
            PC: held[PC].iloc[first].to_numpy(),
            VENDOR_KEY: held[G.PRODUCT].iloc[first].to_numpy(),
            QTY_V: short[kept],
        }
    )


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(-1, 6), st.integers(0, 5)), max_size=25),
    st.lists(st.tuples(st.integers(-1, 8), st.integers(-2, 5)), max_size=25),
)
def test_residual_seats_answer_as_before(held_rows: list, billed_rows: list) -> None:
    held_keys = np.asarray([k for k, _ in held_rows], dtype=np.int64)
    held = pd.DataFrame(
        {
            PC: [f"c{k}" for k, _ in held_rows],
            G.PRODUCT: [f"p{k}" for k, _ in held_rows],
            G.QTY: np.asarray([q for _, q in held_rows], dtype=np.int64),
        }
    )
    billed_keys = np.asarray([k for k, _ in billed_rows], dtype=np.int64)
    billed_qty = np.asarray([q for _, q in billed_rows], dtype=np.int64)
    found = residual_seats(held, held_keys, billed_keys, billed_qty)
    before = _residual_before(held, held_keys, billed_keys, billed_qty)
    assert found.to_dict("list") == before.to_dict("list")
