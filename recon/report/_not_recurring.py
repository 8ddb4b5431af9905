"""The not-recurring entries' report texts and totals read from their columns.

A run hands the report its trials, one-time charges and prorations as columns
(:class:`recon.model.NotRecurringColumns`): each field's text is written once per distinct
value (two sides, three charges, a few thousand amounts) and spread by code, and the totals
are integer sums (seats in milli-seats, money in the cents each entry shows) made Decimal
once. Reading 170,000 records' fields back and summing their Decimals one by one was about
0.7 s of CPU at 60,000 clients. The texts and totals are those the record-by-record path
gives (:func:`recon.report._dicts._extra_totals`, :func:`recon.report._json._items_json`),
which stays for any other sequence of entries and is the tests' oracle.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from recon.model import QTY_SCALE, CodedColumn, NotRecurring, NotRecurringColumns
from recon.report._columns import ColumnWriter, objects


def json_chunks(
    items: NotRecurringColumns,
    template: tuple[str, ...],
    writers: Sequence[ColumnWriter],
    chunk: int,
) -> Iterator[str]:
    """The entries as the items of a JSON list, ``chunk`` entries a piece, exactly as the
    record-by-record writer gives them (``writers``: side, charge, client, product, lines,
    seats, amount, currency)."""
    c = items.columns
    side, charge, client, product, lines, seats, amount, currency = writers
    columns = [
        _spread(side, c.side),
        _spread(charge, c.charge),
        client(c.client.tolist(), {}),
        product(c.product.tolist(), {}),
        lines(c.lines.tolist()),
        _spread(seats, c.seats),
        _spread(amount, c.amount),
        _spread(currency, c.currency),
    ]
    for at in range(0, len(items), chunk):
        yield objects(template, [column[at : at + chunk] for column in columns])


def _spread(write: ColumnWriter, column: CodedColumn) -> list[str]:
    """Each entry's text: its distinct value's, written once."""
    texts = np.empty(len(column.distinct), dtype=object)
    texts[:] = write(column.distinct.tolist())
    out: list[str] = texts[column.codes].tolist()
    return out


def totals(
    items: NotRecurringColumns,
    qty_value: Any,
    money_text: Any,
) -> dict[str, dict[str, Any]]:
    """Per charge kind, in the order the list first shows it: lines, seats and money per
    currency ("" where none is said), as :func:`recon.report._dicts._extra_totals` writes
    them."""
    c = items.columns
    charge, names = _entry_codes(c.charge, _values_of(c.charge, "_value_"))
    # Per entry, a code into the distinct currencies ("" for none); the distinct columns
    # may say one currency twice (one side's after the other's), so they are found again.
    currency, currencies = _first_seen(
        ["" if v is None else v for v in c.currency.distinct.tolist()]
    )
    per_entry_currency = currency[c.currency.codes]
    out: dict[str, dict[str, Any]] = {}
    for k, name in enumerate(names):
        mine = charge == k
        money: dict[str, Any] = {}
        priced = mine & c.priced
        if priced.any():
            at = per_entry_currency[priced]
            cents = c.cents[priced]
            # Currencies in the order this charge's priced entries first show them.
            order, firsts = np.unique(at, return_index=True)
            for code in order[np.argsort(firsts)].tolist():
                total = int(cents[at == code].sum())
                money[currencies[code]] = money_text(Decimal(total).scaleb(-2))
        out[name] = {
            "lines": int(c.lines[mine].sum()),
            "seats": qty_value(Decimal(int(c.qty_milli[mine].sum())) / QTY_SCALE),
            "amount": money,
        }
    return out


@dataclass(frozen=True, slots=True)
class ChargeLines:
    """One charge kind's entries for the text summary: totals and the first few."""

    lines: int
    seats: Decimal
    money: Decimal  # every priced entry's amount, whatever its currency
    count: int
    first: tuple[NotRecurring, ...]


def of_charge(items: NotRecurringColumns, charge: str, first: int) -> ChargeLines | None:
    """The entries of one charge kind (its value, "trial"), None when there is none; the
    first ``first`` of them as records."""
    c = items.columns
    names = np.asarray(_values_of(c.charge, "_value_"), dtype=object)
    mine = np.flatnonzero(names[c.charge.codes] == charge)
    if not len(mine):
        return None
    priced = mine[c.priced[mine]]
    money = Decimal(int(c.cents[priced].sum())).scaleb(-2) if len(priced) else Decimal(0)
    return ChargeLines(
        lines=int(c.lines[mine].sum()),
        seats=Decimal(int(c.qty_milli[mine].sum())) / QTY_SCALE,
        money=money,
        count=len(mine),
        first=tuple(items.entry(i) for i in mine[:first].tolist()),
    )


def _entry_codes(column: CodedColumn, names: list[Any]) -> tuple[npt.NDArray[np.int64], list[Any]]:
    """Each entry's code into ``names`` (one per distinct value) made distinct, numbered in
    the order the entries first show them, and those names in that order."""
    named, distinct = _first_seen(names)
    per_entry = named[column.codes]
    seen, firsts = np.unique(per_entry, return_index=True)
    order = seen[np.argsort(firsts)]
    rank = np.empty(len(distinct), dtype=np.int64)
    rank[order] = np.arange(len(order), dtype=np.int64)
    return rank[per_entry], [distinct[i] for i in order.tolist()]


def _values_of(column: CodedColumn, attribute: str) -> list[Any]:
    return [getattr(v, attribute) for v in column.distinct.tolist()]


def _first_seen(values: list[Any]) -> tuple[npt.NDArray[np.int64], list[Any]]:
    """Codes of ``values`` in the order each first shows, and the distinct values."""
    codes, uniques = pd.factorize(np.asarray(values, dtype=object), sort=False)
    return codes.astype(np.int64), list(uniques)
