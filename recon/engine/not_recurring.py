"""A side's lines kept out of the comparison (trials, one-time charges, prorations), summed
per (charge, client, product) for the summary: on integer codes, with Decimals made once per
distinct seat count and amount, not once per entry.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import numpy.typing as npt
import pandas as pd

from recon.model import (
    MONEY_SCALE,
    QTY_SCALE,
    Charge,
    CodedColumn,
    ExtraCol,
    LineSet,
    NotRecurring,
    NotRecurringColumns,
    NotRecurringFields,
)
from recon.money import cents


def not_recurring(lines: LineSet) -> Sequence[NotRecurring]:
    """A side's trials, one-time charges and prorations, per (charge, client, product).

    Args:
        lines: one side as read; its ``extras`` are the lines kept out of the comparison.

    Returns:
        One entry per (charge, client, product), most money first: a
        :class:`~recon.model.NotRecurringColumns` (empty: a tuple).
    """
    extras = lines.extras
    if extras is None or extras.empty:
        return ()
    summed = _sum_extras(extras)
    amount, priced = summed.amount, summed.priced
    # Most money first, as the cents shown (rounded half up, away from zero), then by names:
    # one lexsort over sorted codes instead of a Python sort with a key per entry. Arrow
    # sorts text by its UTF-8 bytes, which is code point order, as Python compares strings.
    unit = MONEY_SCALE // 100
    shown = np.where(priced, (np.abs(amount) + unit // 2) // unit, 0)
    order = np.lexsort((summed.ranks[2], summed.ranks[1], -shown, summed.ranks[0]))
    # Seats and amounts as Decimals once per distinct integer, kept as codes into them: a
    # distributor's month has 170,000 entries but a few hundred seat counts and a few
    # thousand amounts, and two Decimal divisions per entry were most of this function.
    seat_codes, seat_values = pd.factorize(summed.qty)
    seat_decimals = [Decimal(int(s)) / QTY_SCALE for s in seat_values.tolist()]
    money_codes, money_values = pd.factorize(np.where(priced, amount, 0))
    money_decimals = [cents(Decimal(int(m)) / MONEY_SCALE) for m in money_values.tolist()]
    # An entry no line priced has no amount: a code past the amounts, for None.
    money_codes = np.where(priced, money_codes, len(money_decimals))
    currency_codes, currency_values = pd.factorize(summed.currency)
    currencies = [str(c) or None for c in currency_values.tolist()]
    return NotRecurringColumns(
        NotRecurringFields(
            side=_coded([lines.side], np.zeros(len(order), dtype=np.int64)),
            charge=_coded([Charge(c) for c in summed.charges.tolist()], summed.ranks[0][order]),
            client=summed.texts[1][order],
            product=summed.texts[2][order],
            lines=summed.lines[order],
            seats=_coded(seat_decimals, seat_codes[order]),
            amount=_coded([*money_decimals, None], money_codes[order]),
            currency=_coded(currencies, currency_codes[order]),
            qty_milli=summed.qty[order],
            cents=np.where(priced, np.sign(amount) * shown, 0)[order],
            priced=priced[order],
        )
    )


def not_recurring_of(*sides: LineSet) -> Sequence[NotRecurring]:
    """:func:`not_recurring` of each side, one after the other (the summary's list)."""
    parts = [p for p in map(not_recurring, sides) if isinstance(p, NotRecurringColumns)]
    return NotRecurringColumns.concat(parts) if parts else ()


def _coded(values: Sequence[object], codes: npt.NDArray[np.intp]) -> CodedColumn:
    """A column of ``values[code]`` per code, kept as the two."""
    distinct = np.empty(len(values), dtype=object)
    distinct[:] = values
    return CodedColumn(distinct, codes.astype(np.int64, copy=False))


def _spread_array(values: list[Decimal], codes: npt.NDArray[np.intp]) -> npt.NDArray[np.object_]:
    """``values[code]`` for each code, as an object array (no Python step per row)."""
    distinct = np.empty(len(values), dtype=object)
    distinct[:] = values
    spread: npt.NDArray[np.object_] = distinct[codes]
    return spread


def _spread(values: list[Decimal], codes: npt.NDArray[np.intp]) -> list[Decimal]:
    """``[values[code] for code in codes]``, in C."""
    out: list[Decimal] = _spread_array(values, codes).tolist()
    return out


@dataclass(frozen=True, slots=True)
class _Extras:
    """The set-aside lines summed per (charge, client, product), in the order the lines first
    show each: its texts and, per text column, each entry's rank among that column's texts."""

    texts: tuple[npt.NDArray[np.object_], npt.NDArray[np.object_], npt.NDArray[np.object_]]
    charges: npt.NDArray[np.object_]  # the charge texts, sorted: ranks[0] are codes into them
    ranks: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]
    lines: npt.NDArray[np.int64]
    qty: npt.NDArray[np.int64]
    amount: npt.NDArray[np.int64]
    priced: npt.NDArray[np.bool_]
    currency: npt.NDArray[np.object_]


def _sum_extras(extras: pd.DataFrame) -> _Extras:
    """Sum the set-aside lines per (charge, client, product) on integer codes.

    Each text column is factorized once, sorted (its codes are then the ranks the entries
    are ordered by), and the lines are summed per combined code with exact int64 ufuncs:
    as a pandas groupby on the three text columns does (groups in first-seen order, lines
    with a missing key left out), without hashing every line's text again to group it.
    """
    columns = (ExtraCol.CHARGE, ExtraCol.CLIENT, ExtraCol.PRODUCT)
    found = [pd.factorize(extras[c], sort=True) for c in columns]
    codes = [c.astype(np.int64) for c, _ in found]
    uniques = [np.asarray(u, dtype=object) for _, u in found]
    rows = np.arange(len(extras), dtype=np.int64)
    whole = (codes[0] >= 0) & (codes[1] >= 0) & (codes[2] >= 0)
    if not whole.all():
        rows = rows[whole]
        codes = [c[whole] for c in codes]
    key = (codes[0] * len(uniques[1]) + codes[1]) * len(uniques[2]) + codes[2]
    group, distinct = pd.factorize(key, sort=False)
    count = len(distinct)
    first = np.empty(count, dtype=np.int64)
    first[group[::-1]] = np.arange(len(group), dtype=np.int64)[::-1]
    amounts = extras[ExtraCol.AMOUNT]
    has_amount = amounts.notna().to_numpy(dtype=bool)[rows]
    money = amounts.fillna(0).to_numpy(dtype=np.int64)[rows]
    currency = extras[ExtraCol.CURRENCY].to_numpy(dtype=object)[rows]
    # "first" skips a missing currency (convert writes "" for none, so there is none).
    named = ~pd.isna(currency)
    first_named = np.full(count, len(group), dtype=np.int64)
    np.minimum.at(first_named, group[named], np.flatnonzero(named))
    currencies = np.append(currency, "")[first_named]
    ranks = tuple(c[first] for c in codes)
    return _Extras(
        texts=(uniques[0][ranks[0]], uniques[1][ranks[1]], uniques[2][ranks[2]]),
        charges=uniques[0],
        ranks=(ranks[0], ranks[1], ranks[2]),
        lines=np.bincount(group, minlength=count).astype(np.int64),
        qty=_sum_by(group, extras[ExtraCol.QTY].to_numpy(dtype=np.int64)[rows], count),
        amount=_sum_by(group, money, count),
        priced=np.bincount(group, weights=has_amount, minlength=count) > 0,
        currency=currencies,
    )


def _sum_by(
    group: npt.NDArray[np.intp], values: npt.NDArray[np.int64], count: int
) -> npt.NDArray[np.int64]:
    """Exact int64 sums of ``values`` per group."""
    out = np.zeros(count, dtype=np.int64)
    np.add.at(out, group, values)
    return out
