"""Column operations the engine's steps share (pandas in, numpy out)."""

from __future__ import annotations

from collections.abc import Container

import numpy as np
import numpy.typing as npt
import pandas as pd


def member(column: pd.Series, values: Container[str]) -> npt.NDArray[np.bool_]:
    """``column.isin(values)`` by distinct value: one hash per distinct text, not per row
    (``isin`` on Arrow-backed text is many times slower)."""
    codes, uniques = pd.factorize(column, sort=False)
    # One conversion to Python objects: iterating Arrow-backed uniques costs a call per item.
    distinct = np.asarray(uniques, dtype=object).tolist()
    inside = np.fromiter((str(u) in values for u in distinct), dtype=bool, count=len(distinct))
    # A missing cell has code -1: the False appended last answers for it, as isin does.
    return np.append(inside, False)[codes]
