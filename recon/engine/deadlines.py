"""Reduction deadlines of a run's lines, and a group's earliest one packed in one integer.

:mod:`recon.commitments` says, per subscription, until when its seats can be reduced; this
applies it to a side's line frame. Each distinct (term, dates) combination is worked out once,
so the cost is in the number of subscriptions, not lines. Dates are day ordinals
(:meth:`datetime.date.toordinal`); 0 is unknown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from recon.codes import renumber
from recon.commitments import TermRules, deadline, load_rules
from recon.model import Col

#: Columns :func:`deadlines` adds to a line frame (int64 day ordinals; 0 unknown).
NEXT_END = "next_end"  # last day of the term running on as_of
REDUCE_UNTIL = "reduce_until"  # last day a reduction is possible
WINDOW_OPEN = "window_open"  # 1 when the reduction would take effect now (window open)
_ADDED = (NEXT_END, REDUCE_UNTIL, WINDOW_OPEN)


def deadlines(
    lines: pd.DataFrame,
    *,
    policy: str,
    as_of: dt.date,
    rules: TermRules | None = None,
) -> pd.DataFrame:
    """Per line: :data:`NEXT_END`, :data:`REDUCE_UNTIL` and :data:`WINDOW_OPEN`.

    Args:
        lines: canonical lines; commitment columns that are absent count as unknown.
        policy: the vendor policy of these lines (:func:`policy_for`).
        as_of: today.
        rules: the window table (default: the bundled one).

    Returns:
        The three columns (int64), one row per line.
    """
    rules = rules or load_rules()
    columns = (Col.TERM, Col.TERM_START, Col.TERM_END, Col.CANCEL_BY, Col.AUTO_RENEW)
    n = len(lines)
    values = [
        lines[c].to_numpy(dtype=np.int64)
        if c in lines.columns
        else np.full(n, int(Col.UNKNOWN[c]), dtype=np.int64)
        for c in columns
    ]
    out = pd.DataFrame({name: np.zeros(n, dtype=np.int64) for name in _ADDED}, index=lines.index)
    if n == 0 or not any(v.any() for v in values[:4]):  # no commitment in this export
        return out
    inverse, distinct = _distinct_rows(values)
    table = np.zeros((len(distinct), 3), dtype=np.int64)
    for i, (term, start, end, cancel, auto) in enumerate(distinct):
        hours = rules.window_hours(policy, term)
        next_end, until, is_open = deadline(
            term, start, end, cancel, auto, as_of=as_of, window_hours=hours
        )
        table[i] = (next_end, until, int(is_open))
    per_row: npt.NDArray[np.int64] = table[inverse]
    out[NEXT_END] = per_row[:, 0]
    out[REDUCE_UNTIL] = per_row[:, 1]
    out[WINDOW_OPEN] = per_row[:, 2]
    return out


def _distinct_rows(
    columns: list[npt.NDArray[np.int64]],
) -> tuple[npt.NDArray[np.intp], list[tuple[int, ...]]]:
    """Codes of the distinct rows of several int columns, and those rows (hashing, no sort)."""
    codes = np.zeros(len(columns[0]), dtype=np.int64)
    count = 1
    for column in columns:
        own, uniques = pd.factorize(column, sort=False)
        width = len(uniques) + 1
        # The pair (rows so far, this column) has a known range: numbered, not hashed.
        found, seen = renumber(codes * width + own, count * width)
        codes, count = found.astype(np.int64, copy=False), len(seen)
    inverse = codes.astype(np.intp)
    first = np.zeros(int(inverse.max()) + 1, dtype=np.intp)
    first[inverse[::-1]] = np.arange(len(inverse))[::-1]
    return inverse, [tuple(int(c[i]) for c in columns) for i in first]


# A group's deadline packed in one integer, so the earliest one wins a plain ``min`` and
# carries its own term end and window state with it: (reduce_until * 2 + closed) * SHIFT +
# next_end. Unknown deadlines are NO_DEADLINE.
_SHIFT = 10_000_000
NO_DEADLINE = np.iinfo(np.int64).max


def pack(
    reduce_until: npt.NDArray[np.int64],
    window_open: npt.NDArray[np.int64],
    next_end: npt.NDArray[np.int64],
) -> npt.NDArray[np.int64]:
    """Per line, its deadline as one integer (:data:`NO_DEADLINE` when unknown)."""
    packed = (reduce_until * 2 + (1 - window_open)) * _SHIFT + next_end
    return np.where(reduce_until > 0, packed, NO_DEADLINE).astype(np.int64)


@dataclass(frozen=True, slots=True)
class Deadline:
    """A group's earliest deadline: what its gap says about reducing seats."""

    reduce_until: dt.date
    term_end: dt.date | None
    window_open: bool


def unpack(value: int) -> Deadline | None:
    """The deadline of :func:`pack`, or None when unknown."""
    if value >= NO_DEADLINE or value <= 0:
        return None
    head, next_end = divmod(int(value), _SHIFT)
    until, closed = divmod(head, 2)
    return Deadline(
        dt.date.fromordinal(until),
        dt.date.fromordinal(next_end) if next_end else None,
        not closed,
    )
