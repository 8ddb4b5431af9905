"""The gap list is built column-wise (issue 16): each column must equal the per-gap reading."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import numpy as np
import pytest

from recon.engine import terms
from recon.engine.deadlines import pack
from recon.engine.gap_rows import _MINUS_ZERO, _UNKNOWN, _each, _Money, _rate_why, _rate_whys
from recon.engine.gap_terms import Extras
from recon.engine.join import distinct_of, distinct_rows

_KEYS = np.array(
    [5, -5, 0, _UNKNOWN, _MINUS_ZERO, 12345, 5, 0, -120000, _UNKNOWN, 1], dtype=np.int64
)


@pytest.mark.parametrize("reading", ["unit", "text", "cents"])
def test_each_distinct_value_reads_as_each_row(reading: str) -> None:
    fast = _each(_KEYS, getattr(_Money(), reading))
    slow = [getattr(_Money(), reading)(key) for key in _KEYS.tolist()]
    assert [repr(value) for value in fast] == [repr(value) for value in slow]
    if reading != "text":  # the sign of a rounded zero survives (a text shows $0.00)
        assert str(fast[4]).startswith("-0")


def test_each_reads_seats_as_each_row() -> None:
    seats = np.array([1000, 500, -2500, 0, 1000, 12, -1], dtype=np.int64)
    fast = _each(seats, _Money().qty)
    assert [str(d) for d in fast] == ["1", "0.5", "-2.5", "0", "1", "0.012", "-0.001"]
    assert fast == [_Money().qty(s) for s in seats.tolist()]


def test_each_of_nothing_is_empty() -> None:
    assert _each(np.zeros(0, dtype=np.int64), _Money().unit) == []


def test_rate_whys_read_as_each_row() -> None:
    rng = np.random.default_rng(7)
    n = 200
    how = rng.integers(0, 6, n)
    price, cost, typical = (rng.choice(_KEYS[_KEYS >= 0], n) for _ in range(3))
    money = _Money()
    fast = _rate_whys(how, price, cost, typical, money)
    chosen = {0: price, 1: price, 2: price, 3: cost, 4: typical, 5: price}
    slow = [_rate_why(h, int(chosen[h][i]), money=_Money()) for i, h in enumerate(how.tolist())]
    assert fast == slow
    assert len(set(fast)) > 6  # several prices of each way: the test reads more than labels


def test_terms_columns_read_as_each_gap() -> None:
    """:meth:`Extras.columns` (one work-out per combination) equals :meth:`Extras.at` per gap."""
    rng = np.random.default_rng(16)
    groups = 40
    day = dt.date(2026, 3, 31).toordinal()
    until = rng.choice([0, day, day + 30], groups).astype(np.int64)
    deadline = pack(until, rng.integers(0, 2, groups), np.where(until > 0, day + 60, 0))
    v = SimpleNamespace(
        term_lo=rng.choice([0, 1, 12], groups).astype(np.int64),
        term_hi=rng.choice([0, 12, 36], groups).astype(np.int64),
        terms=rng.integers(0, 4, groups).astype(np.int64),
        deadline=deadline,
    )
    n = 300
    rows = rng.integers(-1, groups, n).astype(np.int64)
    cur_v = rng.choice(np.array(["", "USD", "EUR"], dtype=object), n)
    cur_p = rng.choice(np.array(["", "USD", "GBP"], dtype=object), n)
    context = SimpleNamespace(rates={("EUR", "USD"): Decimal("1.1")})
    has_v = rows >= 0
    has_p = rng.integers(0, 2, n).astype(bool) | ~has_v
    split = rng.integers(0, 2, n).astype(bool)
    slow_extras = Extras(v, rows, cur_v, cur_p, context)  # type: ignore[arg-type]
    split_keys = ["m365" + (terms.TERM_SEP + "12" if s else "") for s in split.tolist()]
    slow = [slow_extras.at(i, split_keys[i], bool(has_v[i]), bool(has_p[i])) for i in range(n)]
    fast = Extras(v, rows, cur_v, cur_p, context).columns(split, has_v, has_p)  # type: ignore[arg-type]
    assert list(zip(*fast, strict=True)) == slow
    assert len(set(slow)) > 10  # many combinations, each worked out once
    assert (
        Extras(v, rows[:0], cur_v[:0], cur_p[:0], context).columns(  # type: ignore[arg-type]
            split[:0], has_v[:0], has_p[:0]
        )
        == ([], [], [], [])
    )


def test_distinct_of_spreads_back_as_np_unique_does() -> None:
    rng = np.random.default_rng(7)
    values = rng.integers(-50, 50, size=5000) * 1_000_003
    distinct, inverse = distinct_of(values)
    assert np.array_equal(distinct[inverse], values)
    assert sorted(distinct.tolist()) == np.unique(values).tolist()
    # First appearance first: what is made per distinct value is made in row order.
    assert distinct.tolist() == list(dict.fromkeys(values.tolist()))
    empty, rows = distinct_of(np.zeros(0, dtype=np.int64))
    assert len(empty) == len(rows) == 0


def test_distinct_rows_group_as_np_unique_of_rows_does() -> None:
    rng = np.random.default_rng(11)
    n = 4000
    # Wide values (a packed deadline) beside small ones: the folded code must not overflow.
    columns = [
        rng.integers(0, 2, size=n),
        rng.integers(0, 3, size=n),
        rng.integers(0, 5, size=n) * (2**60),
        rng.integers(-1, 4, size=n),
    ]
    first, inverse = distinct_rows(columns)
    stacked = np.column_stack(columns)
    _, expected_first, expected_inverse = np.unique(
        stacked, axis=0, return_index=True, return_inverse=True
    )
    # The same partition of the rows, each group's first row found.
    assert sorted(first.tolist()) == sorted(expected_first.tolist())
    assert np.array_equal(stacked[first[inverse]], stacked)
    pairs = set(zip(inverse.tolist(), expected_inverse.reshape(-1).tolist(), strict=True))
    assert len(pairs) == len(first)
    assert distinct_rows([np.zeros(0, dtype=np.int64)])[0].tolist() == []
