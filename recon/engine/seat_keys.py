"""Seats on integer join keys: the array steps the seat readings share.

A join key is one client x product pair as one int64 (``client * products + product``). The
readings (:mod:`recon.engine.readings`), the readings on a line's cost
(:mod:`recon.engine.price_readings`) and the questions built from them
(:mod:`recon.engine.reading_questions`) all ask the same few things of such keys: which are in
a sorted set, what seats sum to per key, and whether two seat counts agree.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from recon.engine.join import IntArray, sorted_distinct
from recon.model import QTY_SCALE

#: Seats "agree" when equal, or within this many seats or this share of the larger count.
NEAR_SEATS = 1
NEAR_SHARE = 0.1


def key_table(keys: IntArray, size: int) -> npt.NDArray[np.bool_]:
    """A lookup table: True at each key (keys must lie in ``range(size)``)."""
    out = np.zeros(size, dtype=bool)
    out[keys] = True
    return out


def shared_keys(keys: IntArray, unit: IntArray, units: int) -> npt.NDArray[np.bool_]:
    """Which keys (client x product) rows of two or more units share, by one sort."""
    ordered = sorted_distinct(keys * units + unit) // units
    twice = ordered[1:][ordered[1:] == ordered[:-1]]
    return in_sorted(keys, sorted_distinct(twice))


def clients_per_unit(pc: IntArray, unit: IntArray, units: int) -> IntArray:
    """Distinct clients per unit code (a unit on two terms at one client counts once)."""
    span = int(pc.max()) + 1 if len(pc) else 1
    distinct = sorted_distinct(unit * span + pc)
    return np.bincount(distinct // span, minlength=units).astype(np.int64)


def sums_at(needed: IntArray, keys: IntArray, qty: IntArray) -> IntArray:
    """Seats summed per key of ``needed`` (sorted, unique); keys elsewhere are left out."""
    if not len(needed):
        return np.zeros(0, dtype=np.int64)
    # One binary search per key, read twice (is it needed, and where): searched again over
    # the kept keys, it was a second pass as long as the first (800,000 keys at 60,000
    # clients, several calls a run).
    at = np.searchsorted(needed, keys)
    inside = needed[at.clip(0, len(needed) - 1)] == keys
    return np.bincount(
        at[inside],
        weights=qty[inside].astype(np.float64),
        minlength=len(needed),
    ).astype(np.int64)


def counts_agree(a: IntArray, b: IntArray) -> npt.NDArray[np.bool_]:
    """Seats that agree: equal, or within :data:`NEAR_SEATS` or :data:`NEAR_SHARE`."""
    slack = np.maximum(NEAR_SEATS * QTY_SCALE, (NEAR_SHARE * np.maximum(a, b)).astype(np.int64))
    return np.asarray(np.abs(a - b) <= slack, dtype=bool)


def in_sorted(values: IntArray, sorted_unique: IntArray) -> npt.NDArray[np.bool_]:
    """``np.isin`` against an already sorted, unique array, by binary search."""
    if not len(sorted_unique):
        return np.zeros(len(values), dtype=bool)
    at = np.searchsorted(sorted_unique, values).clip(0, len(sorted_unique) - 1)
    return np.asarray(sorted_unique[at] == values, dtype=bool)
