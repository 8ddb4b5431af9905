"""Sums and columns over a side's integer codes, for grouping: a ufunc per code, each code's
sum on its first row, (name, SKU) pairs numbered by first sight, and categorical columns of
the texts the rows use.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from recon.codes import coded_column, factorize_text, renumber


def reduce_by_code(
    ufunc: np.ufunc,
    codes: npt.NDArray[np.intp],
    values: npt.NDArray[np.int64],
    count: int,
    start: int,
) -> npt.NDArray[np.int64]:
    """``ufunc`` of ``values`` per code (codes 0 .. count - 1), from ``start``, exact in int64."""
    out = np.full(count, start, dtype=np.int64)
    ufunc.at(out, codes, values.astype(np.int64, copy=False))
    return out


def on_first(
    codes: npt.NDArray[np.int64], values: npt.NDArray[np.int64], *, size: int | None = None
) -> npt.NDArray[np.int64]:
    """Each code's sum of ``values`` on its first row, 0 on its other rows (``size``: the codes
    lie in ``0 .. size - 1``, so they need no numbering: each code is its own slot).

    Summed in int64, exactly; no code is renumbered by first sight, for only each code's
    first row is wanted, not an order of the codes (at 60,000 clients numbering a PSA side's
    700,000 group rows was a dozen row-long arrays at the grouping peak).
    """
    if size is None:
        found, uniques = pd.factorize(codes, sort=False)
        codes, size = found, len(uniques)
    n = len(codes)
    totals = np.zeros(size, dtype=np.int64)
    np.add.at(totals, codes, values.astype(np.int64, copy=False))
    first = np.full(size, n, dtype=np.intp)
    np.minimum.at(first, codes, np.arange(n, dtype=np.intp))
    seen = first < n
    out = np.zeros(n, dtype=np.int64)
    out[first[seen]] = totals[seen]
    return out


def on_first_of(
    key_of: npt.NDArray[np.intp],
    count: int,
    wide: npt.NDArray[np.int64],
    apart: npt.NDArray[np.bool_],
    values: npt.NDArray[np.int64],
) -> npt.NDArray[np.int64]:
    """``on_first(wide, values)`` where most rows' wide key is told by a code they have.

    A row not ``apart`` has the wide key of every row with its ``key_of`` code (one of
    ``count``) and of no other row; only the ``apart`` rows' wide keys are hashed, and only
    they are given (``wide``: the wide key of each ``apart`` row, in row order).
    """
    if not apart.any():
        return on_first(key_of, values, size=count)
    dense = key_of.astype(np.int64, copy=True)
    found, uniques = pd.factorize(wide, sort=False)
    dense[apart] = count + found
    del found  # a row-long array, let go before the sums' own
    return on_first(dense, values, size=count + len(uniques))


def factorize_pairs(
    names: pd.Series, skus: pd.Series
) -> tuple[npt.NDArray[np.int64], list[tuple[str, str]]]:
    """Codes of distinct (name, SKU) pairs; five times faster than a MultiIndex factorize."""
    name_codes, name_values = factorize_text(names)
    sku_codes, sku_values = factorize_text(skus)
    width = max(len(sku_values), 1)
    combined = name_codes.astype(np.int64) * width + sku_codes
    codes, uniques = renumber(combined, len(name_values) * width)
    # Plain lists: indexing a pandas index once per pair costs more than the rest together.
    name_list = [str(n) for n in name_values.tolist()]
    sku_list = [str(k) for k in sku_values.tolist()]
    split = np.divmod(np.asarray(uniques, dtype=np.int64), width)
    pairs = [
        (name_list[n], sku_list[k])
        for n, k in zip(split[0].tolist(), split[1].tolist(), strict=True)
    ]
    return codes.astype(np.int64), pairs


def categorical(
    values: npt.NDArray[np.object_] | pd.Index,
    codes: npt.NDArray[np.intp],
    *,
    distinct: bool = False,
) -> pd.Series:
    """Text per row as a categorical column: each distinct text once (Arrow-backed) and a small
    integer code per row, where one string per row would repeat a client's or a product's
    name on every group. ``values`` may repeat a text unless ``distinct`` says it does not
    (default: it may); a code of -1 is a missing cell."""
    texts = np.asarray(values, dtype=object)
    present = codes >= 0
    if distinct:
        per_row = codes[present]
    else:
        first_of, texts = pd.factorize(texts, sort=False)
        per_row = first_of[codes[present]]
    # Only the texts the rows use, in the order they first appear.
    used_codes, used = first_seen_codes(per_row)
    final = np.full(len(codes), -1, dtype=np.int64)
    final[present] = used_codes
    categories = pd.Index(pd.array(np.asarray(texts, dtype=object)[used], dtype="str"))
    # The codes come from factorizing (or are -1) and the texts are distinct: not checked again.
    return coded_column(final, categories)


def first_seen_codes(
    codes: npt.NDArray[np.intp],
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """``pd.factorize(codes, sort=False)`` of codes that are not negative, without hashing
    them when they are numbered by first sight already (a group's client is: groups come in
    the order of their first line, clients too)."""
    if len(codes) and codes[0] == 0:
        highest = np.maximum.accumulate(codes)
        # Each new highest code one above the last: every code up to the highest has been
        # seen, in order, so factorizing would give the codes back.
        if bool((np.diff(highest) <= 1).all()):
            return codes, np.arange(int(highest[-1]) + 1, dtype=np.intp)
    found, uniques = pd.factorize(codes, sort=False)
    return found, np.asarray(uniques, dtype=np.intp)
