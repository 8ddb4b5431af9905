"""Integer codes numbered by first sight, as ``pd.factorize(codes, sort=False)`` numbers them,
without a hash table.

A distributor's month has a million lines: hashing a million integers costs 20-30 ms, and a
million wide keys (client x product x term) over 100 ms, as the table outgrows the cache.
Codes known to lie in a small range are numbered with one ``minimum.at`` pass; wide keys are
sorted once (``np.unique``) and the sorted codes numbered the same way.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd


def first_seen(
    codes: npt.NDArray[np.integer], size: int
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """``pd.factorize(codes, sort=False)`` of codes in ``0 .. size - 1``.

    Returns:
        Per row, its code renumbered by first sight; and the original code of each new one.
    """
    n = len(codes)
    first = np.full(size, n, dtype=np.intp)
    np.minimum.at(first, codes, np.arange(n, dtype=np.intp))
    present = np.flatnonzero(first < n)
    # First rows are distinct: sorting them orders the codes as the rows first show them.
    order = present[np.argsort(first[present])]
    renumber = np.zeros(size, dtype=np.intp)
    renumber[order] = np.arange(len(order), dtype=np.intp)
    return renumber[codes], order


def wide_first_seen(
    keys: npt.NDArray[np.int64],
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.int64]]:
    """``pd.factorize(keys, sort=False)`` of int64 keys of any range.

    Returns:
        Per row, its key numbered by first sight; and the key of each number.
    """
    distinct, inverse = np.unique(keys, return_inverse=True)
    codes, order = first_seen(inverse.reshape(-1), len(distinct))
    return codes, distinct[order]


def renumber(
    codes: npt.NDArray[np.integer], size: int
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """``pd.factorize(codes, sort=False)`` of codes in ``0 .. size - 1``: by :func:`first_seen`
    where the range is not much wider than the rows, else by hashing (a range of millions
    would cost more to lay out than to hash)."""
    if size <= max(2 * len(codes), 1 << 16):
        return first_seen(codes, size)
    found, uniques = pd.factorize(codes, sort=False)
    return found.astype(np.intp, copy=False), np.asarray(uniques, dtype=np.intp)


def factorize_text(values: pd.Series) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.object_]]:
    """``pd.factorize(values, sort=False)`` of a text column, the distinct texts as Python
    strings. A categorical column with no missing cell (every line frame's text column) is
    renumbered from its codes; its texts are never hashed again."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.cat.codes.to_numpy()
        categories = values.cat.categories
        if not len(codes) or int(codes.min()) >= 0:
            found, order = renumber(codes, len(categories))
            return found, np.asarray(categories.take(order), dtype=object)
    found, uniques = pd.factorize(values, sort=False)
    return found.astype(np.intp, copy=False), np.asarray(uniques, dtype=object)
