"""The gap list's columns from integer codes: each distinct value's Python object made once.

A distributor's month has 100,000 gaps but a few thousand distinct amounts, a few hundred
product names and a handful of currencies. Each column here is read as codes into its
distinct values (seats in milli-seats, unit prices in 1e-4 units, impacts in cents, texts by
``pd.factorize``); the ``Decimal``, the text or the words of a value are made once, and the
column is spread back with one ``take`` (C), never a Python step per gap.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TypeVar

import numpy as np
import numpy.typing as npt
import pandas as pd

from recon.engine.join import IntArray, Units, distinct_of
from recon.model import QTY_SCALE, G
from recon.money import format_money

_QTY = Decimal(QTY_SCALE)
_T = TypeVar("_T")

#: Keys of :class:`Money`'s caches beside the integer values: a price that is not known, and
#: a negative amount that rounded to zero (``Decimal`` keeps its sign: ``-0.0000``).
UNKNOWN = -(2**62)
MINUS_ZERO = -(2**62) + 1


def whole(value: Decimal) -> Decimal:
    """Seats without a spurious exponent: 12 stays 12, 0.500 becomes 0.5."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


class Money:
    """Decimals and their text made once per distinct integer value (seats in milli-seats,
    unit prices in 1e-4 units, impacts in cents; see :func:`money_keys`)."""

    def __init__(self) -> None:
        self._qty: dict[int, Decimal] = {}
        self._unit: dict[int, Decimal | None] = {UNKNOWN: None}
        self._text: dict[int, str] = {}
        self._cents: dict[int, Decimal] = {MINUS_ZERO: Decimal("-0.00")}

    def qty(self, milli: int) -> Decimal:
        found = self._qty.get(milli)
        if found is None:
            found = self._qty[milli] = whole(Decimal(milli) / _QTY)
        return found

    def unit(self, key: int) -> Decimal | None:
        if key in self._unit:
            return self._unit[key]
        found = Decimal("-0.0000") if key == MINUS_ZERO else Decimal(key).scaleb(-4)
        self._unit[key] = found
        return found

    def text(self, key: int) -> str:
        found = self._text.get(key)
        if found is None:
            found = self._text[key] = format_money(self.unit(key))
        return found

    def cents(self, key: int) -> Decimal:
        found = self._cents.get(key)
        if found is None:
            found = self._cents[key] = Decimal(key).scaleb(-2)
        return found


def money_keys(unit: Units) -> IntArray:
    """Each row's unit price as a :class:`Money` key."""
    out = np.where(unit.negative_zero, MINUS_ZERO, unit.value)
    return np.where(unit.known, out, UNKNOWN)


def each(values: IntArray, make: Callable[[int], _T]) -> list[_T]:
    """``[make(v) for v in values]``, calling ``make`` once per distinct value."""
    return spread_list(made_once(values, make))


def made_once(
    values: IntArray, make: Callable[[int], object]
) -> tuple[npt.NDArray[np.object_], IntArray]:
    """``make`` of each distinct value (an object array) and each row's index into it."""
    distinct, inverse = distinct_of(values)
    made = np.empty(len(distinct), dtype=object)
    made[:] = [make(value) for value in distinct.tolist()]
    return made, inverse


def spread_list(table: tuple[npt.NDArray[np.object_], IntArray]) -> list[_T]:
    """The objects of ``table`` (distinct objects, each row's index) as one list, in C."""
    made, inverse = table
    out: list[_T] = made[inverse].tolist()
    return out


def objects(values: Sequence[object]) -> npt.NDArray[np.object_]:
    """A 1-D object array of ``values`` as they are (tuples are not unpacked into rows)."""
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def ranks(texts: list[str]) -> IntArray:
    """The rank of each text in code-point order (ties in list order)."""
    out = np.empty(len(texts), dtype=np.int64)
    out[sorted(range(len(texts)), key=texts.__getitem__)] = np.arange(len(texts))
    return out


class Texts:
    """One text column of a frame as codes, each distinct text made a Python string once (a
    currency column has a handful of values in 100,000s of rows)."""

    def __init__(self, frame: pd.DataFrame, column: str) -> None:
        cells = frame[column]
        distinct: pd.Index | npt.ArrayLike
        if isinstance(cells.dtype, pd.CategoricalDtype):
            # The categorical's own codes (int8 for a currency) and categories, the same
            # texts: factorized, each group row's code was an int64 of its own (10 MiB at
            # 60,000 clients, held to the end of the gap rows, the run's peak).
            self._codes = np.asarray(cells.cat.codes)
            distinct = cells.cat.categories
        else:
            self._codes, distinct = pd.factorize(cells)
        self._texts = np.empty(len(distinct) + 1, dtype=object)
        self._texts[:-1] = [str(text) for text in distinct]
        self._texts[-1] = ""  # code -1: an empty cell; also where the side is absent

    def at(self, rows: IntArray, present: npt.NDArray[np.bool_]) -> npt.NDArray[np.object_]:
        """The text at ``rows``, "" where a row is absent (or the cell empty)."""
        if not len(self._codes):
            return np.full(len(rows), "", dtype=object)
        found: npt.NDArray[np.object_] = self._texts[
            np.where(present, self._codes[np.maximum(rows, 0)], -1)
        ]
        return found


def differ(cur_v: npt.NDArray[np.object_], cur_p: npt.NDArray[np.object_]) -> npt.NDArray[np.bool_]:
    """Where both sides name a currency and the two differ."""
    found: npt.NDArray[np.bool_] = (cur_v != "") & (cur_p != "") & (cur_v != cur_p)
    return found


def name_codes(
    frame: pd.DataFrame, rows: IntArray, present: npt.NDArray[np.bool_]
) -> tuple[IntArray, npt.NDArray[np.object_]]:
    """The product text as written on each row's first group row, as codes into its
    distinct texts; the last text is "" (the code of a row whose side is absent)."""
    codes = np.full(len(rows), -1, dtype=np.int64)
    where = np.flatnonzero(present)
    distinct: list[str] = []
    if len(where):
        found, uniques = pd.factorize(
            frame[G.PRODUCT_NAME].iloc[rows[where]], sort=False, use_na_sentinel=False
        )
        codes[where] = found
        distinct = [str(text) for text in uniques]
    texts = objects([*distinct, ""])
    codes[codes < 0] = len(distinct)
    return codes, texts


def at_rows(
    values: npt.NDArray[np.generic], rows: IntArray, absent: object
) -> npt.NDArray[np.object_]:
    """``values[rows]`` as objects, ``absent`` where a row is -1 (the side is absent)."""
    out = np.empty(len(rows), dtype=object)
    if len(values):
        out[:] = values[np.maximum(rows, 0)].tolist()
    out[rows < 0] = absent
    return out


def mapped(values: list[object], make: Callable[[object], _T]) -> list[_T]:
    """``[make(v) for v in values]``, ``make`` called once per distinct value (hashable
    values; a value equal to another but written apart, such as NaN, is its own entry)."""
    table = {value: make(value) for value in set(values)}
    return list(map(table.__getitem__, values))
