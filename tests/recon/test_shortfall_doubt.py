"""A guessed name at a client that lacks its product, with exactly another line's shortfall.

Kirby buys 2 Proofpoint seats and bills them on two PSA lines: "Proofpoint Essentials
Business" 1 and "Email Security" 1. "Email Security" is read, brand left out, as IRONSCALES
Email Security (sold at another client), which Kirby does not buy: the run said "IRONSCALES
missing in vendor" and "Proofpoint 1 short", two false statements about one seat. Where the
vendor lacks the guessed product at the client and another vendor line there is short by
exactly the row's seats, the guess is doubted and weighed like an unmapped text. Each test
fails when the rule (``short`` in :func:`recon.engine.doubt.doubtful_rows`) is removed.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from recon.engine import reconcile
from recon.engine.shortfall_doubt import shortfall_seats
from recon.model import GapKind, Side
from tests.recon.conftest import make_lines

PROOFPOINT = "Proofpoint Essentials Business"
IRONSCALES = "IRONSCALES Email Security"


def _run(guess_seats: int):
    vendor = [
        ("Acme Dental", IRONSCALES, 5, "2.90"),
        ("Acme Dental", "Microsoft 365 Business Premium", 10, "22.00"),
        ("Kirby Printing", PROOFPOINT, 2, "2.70"),
        ("Kirby Printing", "Microsoft 365 Business Premium", 4, "22.00"),
    ]
    psa = [
        ("Acme Dental", IRONSCALES, 5, "4.20"),
        ("Acme Dental", "M365 BP", 10, "26.00"),
        ("Kirby Printing", PROOFPOINT, 1, "3.97"),
        ("Kirby Printing", "Email Security", guess_seats, "3.61"),
        ("Kirby Printing", "M365 BP", 4, "26.00"),
    ]
    return reconcile(make_lines(Side.VENDOR, vendor), make_lines(Side.PSA, psa))


def test_a_guess_making_up_another_lines_shortfall_is_not_two_gaps() -> None:
    result = _run(1)
    decided = {(g.client, g.product, g.kind) for g in result.gaps if not g.rests_on}
    assert ("Kirby Printing", IRONSCALES, GapKind.MISSING_IN_VENDOR) not in decided
    assert ("Kirby Printing", PROOFPOINT, GapKind.QUANTITY_MISMATCH) not in decided


def test_seats_other_than_the_shortfall_leave_the_guess_alone() -> None:
    # 3 billed beside a 1-seat shortfall: nothing says the line is the Proofpoint seat.
    result = _run(3)
    kinds = {(g.client, g.product, g.kind) for g in result.gaps}
    assert ("Kirby Printing", IRONSCALES, GapKind.MISSING_IN_VENDOR) in kinds


def test_shortfall_seats_are_the_bought_seats_the_billed_rows_leave() -> None:
    width = 10
    held = np.array([1 * width + 3, 1 * width + 3, 2 * width + 4], dtype=np.int64)
    qty = np.array([1000, 1000, 5000], dtype=np.int64)
    billed = np.array([1 * width + 3, 2 * width + 4], dtype=np.int64)
    billed_qty = np.array([1000, 5000], dtype=np.int64)
    # Client 1 bought 2 seats of product 3 and is billed 1: short by 1. Client 2 is even.
    assert shortfall_seats(held, qty, billed, billed_qty, width).tolist() == [(1 << 32) | 1000]


def _shortfall_by_series(held_keys, held_qty, billed_keys, billed_qty, width):
    """The grouped-Series form :func:`shortfall_seats` replaced, kept as its oracle."""
    import pandas as pd

    known = held_keys >= 0
    if not known.any() or not len(billed_keys):
        return np.empty(0, dtype=np.int64)
    bought = pd.Series(held_qty[known]).groupby(held_keys[known], sort=False).sum()
    ok = billed_keys >= 0
    billed = pd.Series(billed_qty[ok]).groupby(billed_keys[ok], sort=False).sum()
    both = bought.index.intersection(billed.index)
    short = bought.reindex(both).to_numpy() - billed.reindex(both).to_numpy()
    keys = both.to_numpy(dtype=np.int64)[short > 0]
    return ((keys // width) << 32) | (short[short > 0] & 0xFFFFFFFF)


@given(
    held=st.lists(
        st.tuples(st.integers(-1, 40), st.integers(0, 5_000_000)), min_size=0, max_size=60
    ),
    billed=st.lists(
        st.tuples(st.integers(-1, 40), st.integers(-5, 5_000_000_000)), min_size=0, max_size=60
    ),
)
@settings(max_examples=300, deadline=None)
def test_shortfall_seats_are_the_grouped_series_ones(held, billed) -> None:
    """The coded sums give the same set of (client, seats) keys as summing per side."""
    hk = np.array([k for k, _ in held], dtype=np.int64)
    hq = np.array([q for _, q in held], dtype=np.int64)
    bk = np.array([k for k, _ in billed], dtype=np.int64)
    bq = np.array([q for _, q in billed], dtype=np.int64)
    got = shortfall_seats(hk, hq, bk, bq, 7)
    want = _shortfall_by_series(hk, hq, bk, bq, 7)
    assert sorted(got.tolist()) == sorted(want.tolist())
    assert got.dtype == np.int64
