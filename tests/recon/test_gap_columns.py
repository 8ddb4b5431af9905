"""The gap list is built column-wise (issue 16): each column must equal the per-gap reading."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import numpy as np
import numpy.typing as npt
import pandas as pd
import pytest

from recon.engine import terms
from recon.engine.deadlines import pack
from recon.engine.gap_columns import MINUS_ZERO as _MINUS_ZERO
from recon.engine.gap_columns import UNKNOWN as _UNKNOWN
from recon.engine.gap_columns import Money as _Money
from recon.engine.gap_columns import at_rows, mapped, name_codes, objects
from recon.engine.gap_columns import each as _each
from recon.engine.gap_rows import (
    _advice,
    _confidences,
    _rate_why,
    _rate_whys,
    _Spread,
    _spread,
)
from recon.engine.gap_terms import Extras
from recon.engine.join import distinct_of, distinct_rows
from recon.engine.pending import PENDING_CONFIDENCE
from recon.model import G, Gap

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
    assert fast.tolist() == slow
    assert (
        len(set(fast.tolist())) > 6
    )  # several prices of each way: the test reads more than labels


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


def _extras(rng: np.random.Generator, n: int) -> tuple[Extras, npt.NDArray[np.bool_]]:
    groups = 30
    day = dt.date(2026, 3, 31).toordinal()
    until = rng.choice([0, day, day + 30], groups).astype(np.int64)
    v = SimpleNamespace(
        term_lo=rng.choice([0, 1, 12], groups).astype(np.int64),
        term_hi=rng.choice([0, 12, 36], groups).astype(np.int64),
        terms=rng.integers(0, 4, groups).astype(np.int64),
        deadline=pack(until, rng.integers(0, 2, groups), np.where(until > 0, day + 60, 0)),
    )
    rows = rng.integers(-1, groups, n).astype(np.int64)
    blank = np.full(n, "", dtype=object)
    extras = Extras(v, rows, blank, blank, SimpleNamespace(rates={}))  # type: ignore[arg-type]
    return extras, rows >= 0


def test_advice_of_each_distinct_gap_reads_as_each_gap() -> None:
    """The advice (what to do by when) worked out once per distinct (deadline, seats,
    price, cost, typical, term) equals :func:`terms.advise` called gap by gap."""
    rng = np.random.default_rng(17)
    n = 400
    extras, has_v = _extras(rng, n)
    seats = rng.choice([-2000, 0, 1000, 2000, 500], n).astype(np.int64)
    price, cost = (rng.choice(_KEYS[_KEYS >= 0], n) for _ in range(2))
    price = np.where(rng.integers(0, 4, n) == 0, _UNKNOWN, price)
    typical = rng.choice([-1, 12345, 0], n).astype(np.int64)
    below = rng.integers(0, 5, n) == 0
    as_of = dt.date(2026, 3, 1)
    money = _Money()
    fast = _advice(extras, (has_v, seats, price, cost, typical), below, money, as_of)
    columns = {field: _spread(column) for field, column in fast.columns.items()}
    for i in range(n):
        slow = None
        if not below[i] and seats[i] > 0:
            unit = money.unit(int(price[i]))
            typical_unit = money.unit(int(typical[i])) if typical[i] >= 0 else None
            slow = terms.advise(
                extras.deadline(i) if has_v[i] else None,
                seats=money.qty(int(seats[i])),
                bill_rate=unit if unit else typical_unit,
                cost=money.unit(int(cost[i])),
                term_months=extras.term_months(i) if has_v[i] else 0,
                as_of=as_of,
            )
        code = int(fast.code[i])
        assert (code < 0) == (slow is None)
        if slow is not None:
            assert fast.whys[code] == slow.why
            assert columns["act_by"][i] == slow.act_by
            assert repr(columns["bill_recovers"][i]) == repr(slow.bill_recovers)
            assert repr(columns["reduce_saves"][i]) == repr(slow.reduce_saves)
        else:
            assert all(column[i] is None for column in columns.values())
    assert (fast.code >= 0).sum() > 20  # many gaps advised, not a vacuous pass
    none = _advice(extras, (has_v, seats, price, cost, typical), below, money, None)
    assert (none.code < 0).all()  # no day given: no advice


def test_confidence_of_each_distinct_gap_reads_as_each_gap() -> None:
    rng = np.random.default_rng(18)
    n = 500
    infos = [("k", "n", None, None, float(c), "w") for c in (1.0, 0.93, 0.871, 0.5)]
    client_at = rng.integers(0, len(infos), n).astype(np.int64)
    score = rng.choice([100.0, 97.5, 88.25, 12.0], n)
    rested = rng.integers(0, 2, n).astype(bool)
    fast = _spread(_confidences(client_at, infos, score, rested))
    slow = [
        round(
            min(infos[c][4], s / 100.0, PENDING_CONFIDENCE if r else 1.0),
            3,
        )
        for c, s, r in zip(client_at.tolist(), score.tolist(), rested.tolist(), strict=True)
    ]
    assert fast == slow
    assert len(set(slow)) > 4


def test_names_as_codes_read_as_each_row() -> None:
    frame = pd.DataFrame({G.PRODUCT_NAME: ["E3", "E5", "E3", "Visio", "E5"]})
    rows = np.array([0, 4, 2, 3, 1, 0], dtype=np.int64)
    present = np.array([True, True, False, True, True, False])
    codes, texts = name_codes(frame, rows, present)
    assert texts[codes].tolist() == ["E3", "E5", "", "Visio", "E5", ""]
    assert texts[-1] == ""  # the absent side's code is the last


def test_values_at_rows_are_absent_where_no_row() -> None:
    values = np.array(["a", "b", "c"], dtype=object)
    found = at_rows(values, np.array([2, -1, 0], dtype=np.int64), None)
    assert found.tolist() == ["c", None, "a"]
    assert at_rows(values[:0], np.array([-1, -1]), None).tolist() == [None, None]


def test_mapped_calls_once_per_distinct_value() -> None:
    calls: list[object] = []

    def words(value: object) -> str:
        calls.append(value)
        return str(value or "")

    assert mapped(["x", None, "x", "", None], words) == ["x", "", "x", "", ""]
    assert sorted(map(str, calls)) == ["", "None", "x"]


def test_the_records_columns_are_each_fields_values_in_constructor_order() -> None:
    """The gap rows hand the records one field's values at a time (``_Spread``), each
    list only when read: in the constructor's order, each the field's values spread."""
    n = 5
    fields = {
        name: (objects([f"{name}-a", f"{name}-b"]), np.arange(n, dtype=np.int64) % 2)
        if i % 2
        else (objects([f"{name}{j}" for j in range(n)]), None)
        for i, name in enumerate(Gap.__match_args__)
    }
    spread = _Spread(fields)
    assert len(spread) == len(Gap.__match_args__)
    assert list(spread) == [_spread(fields[name]) for name in Gap.__match_args__]
    assert spread[1:3] == [spread[1], spread[2]]
    assert spread[1] == ["client_key-a", "client_key-b"] * 2 + ["client_key-a"]
