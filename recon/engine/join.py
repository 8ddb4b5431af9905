"""The comparison's columnar core: both sides summed and outer-joined on integer codes, and the
gap rows found and priced with integer arithmetic.

Client and product names become codes once (one hash per distinct value); grouping, joining
and classifying then work on ``int64`` keys (``client code x products + product code``), and
money stays in exact integers (seats in milli-seats, unit prices in 1e-4 of a currency unit,
impacts in cents) until :mod:`recon.engine.compare` turns the rows that are gaps into
:class:`~recon.model.Gap` records. The rounding is the one the Decimal code it replaced used:
unit prices half-even to four places, impacts half-up to cents, signs of zero included, so
the gap list is the same to the cent.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import repeat

import numpy as np
import numpy.typing as npt
import pandas as pd

from recon.codes import narrowest
from recon.engine.columns import category_texts
from recon.model import G

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: Unit prices are kept in 1e-4 of a currency unit (``Decimal.quantize(Decimal("0.0001"))``);
#: group money (``G.EXT``) is milli-seats x micro-units, so a unit is ext / (priced x this).
UNIT_DIVISOR = 100
#: An impact of milli-seats x 1e-4 units is in 1e-7: divide by this for cents.
CENT_DIVISOR = 100_000
_SUMMED = (G.QTY, G.PRICED, G.EXT, G.UNIT_ANY)


def codes_of(column: pd.Series, index: Mapping[str, int]) -> IntArray:
    """Each cell's position in ``index`` (-1 when absent), hashing each distinct value once."""
    if isinstance(column.dtype, pd.CategoricalDtype) and len(column):
        # A categorical's own codes: its rows are never hashed again (the groups' client and
        # product columns are read this way several times a run, 800,000 rows each at
        # 60,000 clients), only each category looked up. Group columns have no missing
        # cell; a column with one takes the path below, as it always did.
        own = column.cat.codes.to_numpy()
        if own.min() >= 0:
            # The categories' texts are kept per categories index (the client column's
            # 60,000 converted from Arrow again on every call were most of this), and the
            # lookup is the mapping's own, mapped in C.
            texts = category_texts(column.cat.categories)
            if texts is None:
                texts = [str(c) for c in np.asarray(column.cat.categories, dtype=object)]
            per_category = np.fromiter(
                map(index.get, texts, repeat(-1)), dtype=np.int64, count=len(texts)
            )
            found: IntArray = per_category[own]
            return found
    codes, uniques = pd.factorize(column, sort=False)
    if not len(codes):
        return np.zeros(0, dtype=np.int64)
    per_unique = np.fromiter(
        (index.get(str(u), -1) for u in uniques), dtype=np.int64, count=len(uniques)
    )
    return per_unique[codes]


def categorical_of(values: Sequence[str], codes: IntArray) -> pd.Series:
    """Text per row as a categorical: ``values[code]`` for each code, each distinct text held
    once (``values`` may repeat a text) and a small integer per row.

    Per-row strings of a distributor's seat history (600,000 rows, four text columns) are
    about 80 MiB at the run's memory peak; as categories they are the distinct names.
    """
    first_of, texts = pd.factorize(np.asarray(values, dtype=object), sort=False)
    # Taken in the narrowest type that holds them, the type the categorical keeps: taken as
    # int64 first, each column was a second copy of its rows (5 MiB at 60,000 clients) at
    # the comparison's end, its peak.
    per_row = narrowest(first_of)[codes] if len(codes) else np.zeros(0, dtype=np.int16)
    categories = pd.Index(pd.array(np.asarray(texts, dtype=object), dtype="str"))
    # The codes come from factorizing: in range by construction, not checked again.
    return pd.Series(pd.Categorical.from_codes(per_row, categories=categories, validate=False))


def sorted_distinct(values: npt.ArrayLike) -> IntArray:
    """``np.unique(values)`` of integers (sorted, each once), by one sort.

    NumPy 2's ``np.unique`` without an inverse hashes the values, and on int64 join keys
    spread over tens of millions (client x product at 60,000 clients) its hash was 20-60x
    slower than a sort (800,000 keys: 0.8 s against 15 ms): a quarter of the comparison.
    """
    out = np.sort(np.asarray(values).ravel())
    if len(out) < 2:
        return out
    keep = np.empty(len(out), dtype=bool)
    keep[0] = True
    np.not_equal(out[1:], out[:-1], out=keep[1:])
    found: IntArray = out[keep]
    return found


def distinct_of(values: npt.ArrayLike) -> tuple[IntArray, IntArray]:
    """The distinct values in order of first appearance, and each row's position among them.

    ``np.unique(values, return_inverse=True)`` sorts the whole column (800,000 join keys at a
    distributor's size); a hash does it in one pass, and what is made per distinct value is
    spread back by the codes all the same.
    """
    codes, uniques = pd.factorize(np.asarray(values), sort=False)
    return np.asarray(uniques, dtype=np.int64), codes.astype(np.int64, copy=False)


def distinct_rows(columns: Sequence[npt.ArrayLike]) -> tuple[IntArray, IntArray]:
    """The first row of each distinct combination of ``columns`` (equal lengths, hashable
    values), and each row's combination, numbered in order of first appearance.

    ``np.unique(np.column_stack(...), axis=0)`` sorts rows as records; here each column is
    hashed once and folded into one code, kept dense so the product never overflows.
    """
    combined: IntArray | None = None
    for column in columns:
        codes, uniques = pd.factorize(np.asarray(column), sort=False)
        codes = codes.astype(np.int64, copy=False)
        if combined is None:
            combined = codes
        else:
            combined = pd.factorize(combined * max(len(uniques), 1) + codes, sort=False)[0]
            combined = combined.astype(np.int64, copy=False)
    if combined is None or not len(combined):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    _, first = np.unique(combined, return_index=True)  # codes count up from 0: first rows in order
    return first.astype(np.int64, copy=False), combined


def objects_at(column: pd.Series, rows: npt.NDArray[np.integer]) -> npt.NDArray[np.object_]:
    """``column.iloc[rows].to_numpy(dtype=object)``, each distinct text one Python object.

    Converting Arrow-backed text makes a new string per row (800,000 summed PSA rows, tens of
    MB, most of them alike); by code, the rows share the few distinct strings.
    """
    # The whole column's codes, then the rows': taking the rows' texts first copied every
    # taken string into a new Arrow array (tens of MiB at the comparison's peak).
    every, uniques = pd.factorize(column, sort=False)
    codes = every[rows]
    del every
    if (codes < 0).any():  # a missing cell: as pandas writes it
        found: npt.NDArray[np.object_] = column.iloc[rows].to_numpy(dtype=object)
        return found
    distinct = np.asarray(uniques, dtype=object)
    spread: npt.NDArray[np.object_] = distinct[codes] if len(codes) else np.empty(0, dtype=object)
    return spread


def objects_of(column: pd.Series) -> npt.NDArray[np.object_]:
    """``column.to_numpy(dtype=object)``, each distinct text one Python object
    (:func:`objects_at` of every row).

    A categorical of Arrow text converts every row to a string of its own: the PSA groups'
    client column at 60,000 clients (700,000 rows) took 0.07 s that way, 0.015 s by code.
    """
    return objects_at(column, np.arange(len(column), dtype=np.int64))


def rank_of(values: Sequence[str]) -> IntArray:
    """Each value's position in code-point order (the order a sort of the text gives)."""
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = np.empty(len(values), dtype=np.int64)
    ranks[np.asarray(order, dtype=np.int64)] = np.arange(len(values), dtype=np.int64)
    return ranks


@dataclass(frozen=True, slots=True)
class Summed:
    """One side summed per join key, in order of first appearance.

    Attributes:
        key: ``client code x products + product code``, unique.
        qty, priced, ext, unit_any: the summed group columns (see :class:`recon.engine.groups.G`).
        deadline: the earliest packed reduction deadline (:func:`recon.engine.deadlines.pack`).
        term_lo, term_hi, terms: the lowest and highest commitment term, and how many
            distinct terms were summed: in the narrowest integer type that holds them
            (int16 for every real file; :func:`recon.codes.narrowest`).
        first: the source row each key first appears on (its names and currency are that
            row's), int32 where the rows allow.

    Readers take these with :func:`take` and widen nothing themselves: every use is an
    index, a comparison or a ``tolist``, which the narrow types answer as int64 would.
    """

    key: IntArray
    qty: IntArray
    priced: IntArray
    ext: IntArray
    unit_any: IntArray
    deadline: IntArray
    term_lo: npt.NDArray[np.integer]
    term_hi: npt.NDArray[np.integer]
    terms: npt.NDArray[np.integer]
    first: npt.NDArray[np.integer]


def sum_by_key(
    key: IntArray,
    frame: pd.DataFrame,
    rows: IntArray | None = None,
    *,
    coded: tuple[npt.NDArray[np.intp], IntArray] | None = None,
) -> Summed:
    """Sum a group frame's seats and money per key, exactly (int64), first appearance first.

    Args:
        key: the join key of each row of ``frame`` (or of ``rows``).
        frame: a group frame (columns of :class:`recon.engine.groups.G`).
        rows: the rows of ``frame`` that take part (default: all).
        coded: ``pd.factorize(key, sort=False)``, where the caller has it already.
    """
    picked = np.arange(len(frame), dtype=np.int64) if rows is None else rows
    data = {name: frame[name].to_numpy(dtype=np.int64)[picked] for name in _SUMMED}
    term = frame[G.TERM].to_numpy(dtype=np.int64)[picked]
    codes, uniques = coded if coded is not None else pd.factorize(key, sort=False)
    count = len(uniques)
    sums = {}
    for name in (G.QTY, G.PRICED, G.EXT):
        sums[name] = np.zeros(count, dtype=np.int64)
        np.add.at(sums[name], codes, data[name])
    big, small = np.iinfo(np.int64).max, np.iinfo(np.int64).min
    deadline = frame[G.DEADLINE].to_numpy(dtype=np.int64)[picked]
    term_lo = _reduced(np.minimum, count, codes, term, big)
    term_hi = _reduced(np.maximum, count, codes, term, small)
    return Summed(
        key=np.asarray(uniques, dtype=np.int64),
        qty=sums[G.QTY],
        priced=sums[G.PRICED],
        ext=sums[G.EXT],
        unit_any=_reduced(np.maximum, count, codes, data[G.UNIT_ANY], small),
        deadline=_reduced(np.minimum, count, codes, deadline, big),
        # Every key has a row: no start value is left in these, so they narrow to the
        # terms' own range (the sums' int64 columns are read in arithmetic; these are not).
        term_lo=narrowest(term_lo),
        term_hi=narrowest(term_hi),
        terms=narrowest(_term_counts(codes, term, term_lo, term_hi)),
        first=first_rows(codes, count, picked),
    )


def first_rows(
    codes: npt.NDArray[np.intp], count: int, picked: IntArray
) -> npt.NDArray[np.integer]:
    """The row of ``picked`` each of ``count`` codes first appears on (the :attr:`Summed.first`
    of keys factorized into ``codes``), in the narrowest integer type that holds it."""
    first = np.full(count, len(picked), dtype=np.int64)
    np.minimum.at(first, codes, np.arange(len(picked), dtype=np.int64))
    return narrowest(picked[first])


def _term_counts(
    codes: npt.NDArray[np.intp], term: IntArray, low: IntArray, high: IntArray
) -> IntArray:
    """How many distinct terms each key's rows carry: one where its lowest and highest
    agree (nearly every key), counted over the rows of the other keys only; hashing every
    row's (key, term) was a third of summing a side at 60,000 clients."""
    out = np.ones(len(low), dtype=np.int64)
    several = low != high
    if not several.any():
        return out
    inside = several[codes]
    at, term_code = codes[inside].astype(np.int64), pd.factorize(term[inside])[0]
    pairs, _ = pd.factorize(at * (int(term_code.max()) + 1) + term_code, sort=False)
    key_of_pair = np.zeros(int(pairs.max()) + 1, dtype=np.int64)
    key_of_pair[pairs] = at
    counted = np.bincount(key_of_pair, minlength=len(low))
    out[several] = counted[several]
    return out


def _reduced(
    how: np.ufunc, count: int, codes: npt.NDArray[np.intp], values: IntArray, start: int
) -> IntArray:
    """``how`` (``np.minimum``, ``np.maximum``) of ``values`` per code, from ``start``."""
    out = np.full(count, start, dtype=np.int64)
    how.at(out, codes, values)
    return out


@dataclass(frozen=True, slots=True)
class Joined:
    """The full outer join of both sides, ordered by (client text, product text) as a
    pandas outer merge orders it.

    Attributes:
        key: the join key of each row.
        v: the vendor row (index into the vendor :class:`Summed`), -1 when absent.
        p: the PSA row, -1 when absent.
    """

    key: IntArray
    v: IntArray
    p: IntArray

    def __len__(self) -> int:
        return len(self.key)


def outer_join(
    vendor: IntArray, psa: IntArray, products: int, client_rank: IntArray, product_rank: IntArray
) -> Joined:
    """Outer-join two unique key arrays, sorted like ``merge(how="outer")`` on the texts.

    Args:
        vendor: the vendor side's keys.
        psa: the PSA side's keys.
        products: how many product codes there are (the key's second factor).
        client_rank: each client code's rank in text order.
        product_rank: each product code's rank in text order.
    """
    both = np.concatenate([vendor, psa]).astype(np.int64, copy=False)
    if not len(both):
        return Joined(both, both.copy(), both.copy())
    # Each key's place in the list as one integer (client rank, then product rank): one
    # sort of both sides puts a key held by both next to itself, so no hash table of the
    # keys and no two-key lexsort (a third of this at 60,000 clients). Each side's keys are
    # unique, so a place is held once or twice, and never by two keys.
    place = client_rank[both // products] * products + product_rank[both % products]
    order = np.argsort(place, kind="quicksort")
    placed = place[order]
    starts = np.flatnonzero(np.concatenate(([True], placed[1:] != placed[:-1])))
    first = order[starts]
    twice = np.append(starts[1:], len(both)) - starts == 2
    # Where both sides hold the key, which of the two rows is the vendor's is not decided
    # by the sort: the lower index is (the vendor's rows come first in ``both``).
    other = np.full(len(starts), -1, dtype=np.int64)
    other[twice] = order[starts[twice] + 1]
    low = np.where(twice, np.minimum(first, other), first)
    high = np.where(twice, np.maximum(first, other), first)
    count = len(vendor)
    v = np.where(low < count, low, -1)
    p = np.where(high >= count, high - count, -1)
    return Joined(both[first], v.astype(np.int64), p.astype(np.int64))


def take(values: npt.NDArray[np.integer], rows: IntArray, missing: int = 0) -> IntArray:
    """``values[rows]`` as int64, with ``missing`` where a row is -1 (the side is absent).

    The sums keep some columns narrow (:class:`Summed`); what is taken from them is int64,
    so no reader's arithmetic can overflow a narrow type.
    """
    if not len(values):
        return np.full(len(rows), missing, dtype=np.int64)
    out = values[np.maximum(rows, 0)]
    found: IntArray = np.where(rows >= 0, out, missing).astype(np.int64, copy=False)
    return found


def round_half_even(numerator: IntArray, denominator: IntArray) -> IntArray:
    """``numerator / denominator`` rounded half to even (denominator > 0), exactly."""
    quotient, remainder = np.divmod(numerator, denominator)
    twice = 2 * remainder
    up = (twice > denominator) | ((twice == denominator) & (quotient % 2 == 1))
    result: IntArray = quotient + up
    return result


def round_half_up(numerator: IntArray, denominator: int) -> IntArray:
    """``numerator / denominator`` rounded half away from zero (an invoice's rounding)."""
    magnitude = (np.abs(numerator) + denominator // 2) // denominator
    return np.where(numerator < 0, -magnitude, magnitude)


@dataclass(frozen=True, slots=True)
class Units:
    """A unit price per row in 1e-4 units: ``value``, whether it is ``known``, and whether it
    is a negative amount that rounded to zero (``Decimal`` keeps that sign: ``-0.0000``)."""

    value: IntArray
    known: BoolArray
    negative_zero: BoolArray


def units(ext: IntArray, priced: IntArray, unit_any: IntArray, present: BoolArray) -> Units:
    """Exact unit prices from group sums, as :func:`recon.engine.compare._unit` defines them.

    Seat-weighted over priced seats; else the price on a zero-seat line (``unit_any``, -1 for
    none); else unknown. Rows where the side is absent are unknown.
    """
    weighted = present & (priced > 0)
    fallback = present & ~weighted & (unit_any >= 0)
    denominator = np.maximum(priced, 1) * UNIT_DIVISOR
    value = np.where(
        weighted,
        round_half_even(ext, denominator),
        round_half_even(np.maximum(unit_any, 0), np.full(len(unit_any), UNIT_DIVISOR)),
    )
    known = weighted | fallback
    value = np.where(known, value, 0)
    negative_zero = weighted & (ext < 0) & (value == 0)
    return Units(value, known, negative_zero)


def signed(value: IntArray, negative_zero: BoolArray) -> BoolArray:
    """True where a Decimal of this value carries a minus sign (negative, or minus zero)."""
    result: BoolArray = (value < 0) | ((value == 0) & negative_zero)
    return result
