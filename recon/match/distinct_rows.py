"""Rows of a few count columns told apart by their values, without sorting the table.

:meth:`recon.match.client_evidence.Footprints.overlaps` makes one ``Overlap`` per distinct
row of counts (most pairs share nothing and hold as many lines as others). ``np.unique``
over the rows (``axis=0``) sorts them as opaque bytes, a tenth of a second at 60,000
clients; the counts are small non-negative integers, so each row packs into one integer
and one hash factorisation tells the rows apart. Only which rows are alike matters to the
caller, never the order the distinct rows come in.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

Ints = npt.NDArray[np.int64]

_ROOM = 2**62  # packed keys stay well inside int64


def distinct_rows(counts: Sequence[Ints], values: npt.NDArray[np.float64]) -> tuple[Ints, Ints]:
    """Which rows of the columns ``counts`` and ``values`` are alike.

    Args:
        counts: integer columns of one length (counts: non-negative).
        values: one float column of that length.

    Returns:
        (first, which): the first row of each distinct row, and per row the number of its
        distinct row (``first[which[r]]`` holds the values of row ``r``).
    """
    size = len(values)
    value_codes, found = pd.factorize(values, use_na_sentinel=False)
    key = np.asarray(value_codes, dtype=np.int64)
    room = max(len(found), 1)
    for given in counts:
        column = np.asarray(given, dtype=np.int64)
        low = int(column.min(initial=0))
        span = int(column.max(initial=0)) - low + 1
        if low < 0 or room * span >= _ROOM:
            return _sorted_rows(counts, values)
        key = key * span + (column - low)
        room *= span
    which = np.asarray(pd.factorize(key)[0], dtype=np.int64)
    if not size:
        return np.zeros(0, dtype=np.int64), which
    # Codes are given in order of first appearance: a row is a first exactly where its code
    # exceeds every code before it.
    new = np.empty(size, dtype=np.bool_)
    new[0] = True
    new[1:] = which[1:] > np.maximum.accumulate(which)[:-1]
    return np.flatnonzero(new).astype(np.int64), which


def _sorted_rows(counts: Sequence[Ints], values: npt.NDArray[np.float64]) -> tuple[Ints, Ints]:
    """:func:`distinct_rows` by sorting the rows (counts too large or negative to pack)."""
    table = np.column_stack([*(np.asarray(c, dtype=np.float64) for c in counts), values])
    _, first, which = np.unique(table, axis=0, return_index=True, return_inverse=True)
    return np.asarray(first, dtype=np.int64), np.asarray(which, dtype=np.int64).ravel()
