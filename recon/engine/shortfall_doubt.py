"""Shortfalls that put a name-only pairing in doubt (see :func:`shortfall_seats`).

An MSP may bill one product on two PSA lines: "Proofpoint Essentials Business" 1 and "Email
Security" 1 at a client buying 2 Proofpoint seats. A name rule reads "Email Security" as
another maker's email security product with the brand left out (a guess), which the vendor
does not sell at that client: the run said "missing in vendor" of that product and "1 seat
short" of Proofpoint, two false statements about one seat. The guess is doubted where the
vendor lacks the name's product at the client and the seats the catalogue-read line leaves
unbilled on another vendor line there are exactly the guessed row's
(:func:`recon.engine.doubt.doubtful_rows`): the row is then weighed like an unmapped one,
and the shortfall pass (:mod:`recon.engine.questions`) pairs it or asks about it.
"""

from __future__ import annotations

import numpy as np

from recon.codes import distinct_ints
from recon.engine.join import IntArray


def shortfall_seats(
    held_keys: IntArray,
    held_qty: IntArray,
    billed_keys: IntArray,
    billed_qty: IntArray,
    width: int,
) -> IntArray:
    """The (client, seats) keys of the seats each billed vendor line is short by.

    Args:
        held_keys: the (client, product) keys of the vendor's lines at matched clients.
        held_qty: their seats (thousandths).
        billed_keys: the (client, target) keys of the PSA rows compared with a vendor
            product at matched clients.
        billed_qty: those rows' seats (thousandths).
        width: the key space's product width (a key is client x width + product).

    Returns:
        One (client << 32 | seats) key per vendor (client, product) that PSA rows bill, but
        for fewer seats than bought; the same layout as
        :meth:`recon.engine.question_keys.RowKeys.seats`.
    """
    known = held_keys >= 0
    if not known.any() or not len(billed_keys):
        return np.empty(0, dtype=np.int64)
    billed_ok = billed_keys >= 0
    held, bought = _sums(held_keys[known], np.asarray(held_qty, dtype=np.int64)[known])
    paid_keys, paid = _sums(
        billed_keys[billed_ok], np.asarray(billed_qty, dtype=np.int64)[billed_ok]
    )
    # Both sides' keys come sorted: each held key found among the billed by binary search.
    at = np.minimum(np.searchsorted(paid_keys, held), max(len(paid_keys) - 1, 0))
    both = paid_keys[at] == held if len(paid_keys) else np.zeros(len(held), dtype=bool)
    short = bought[both] - paid[at[both]]
    keys = held[both][short > 0]
    seats = short[short > 0]
    return np.asarray(((keys // width) << 32) | (seats & 0xFFFFFFFF), dtype=np.int64)


def unbilled_seats(keys: IntArray, qty: IntArray, width: int) -> IntArray:
    """The (client, seats) keys of the vendor lines no PSA row bills: each line's own seats,
    and each (client, product)'s seats summed over its lines.

    A vendor may hold one product on several subscriptions (Pax8: 5 annual, 4 annual and 3
    monthly SentinelOne seats) that the PSA bills on one line for the total ("Managed EDR
    /user" 12). Each subscription's seats alone are never the PSA line's, so a name-only
    reading of that line (Huntress with the brand left out) went undoubted: "12 missing in
    vendor" of one maker beside "12 missing in PSA" of the other, for the same 12 seats.

    Args:
        keys: the (client, product) keys of the unbilled vendor lines.
        qty: their seats (thousandths).
        width: the key space's product width (a key is client x width + product).

    Returns:
        (client << 32 | seats) keys, the layout of
        :meth:`recon.engine.question_keys.RowKeys.seats`; a product on one line gives its
        key once.
    """
    keys = np.asarray(keys, dtype=np.int64)
    qty = np.asarray(qty, dtype=np.int64)
    ok = keys >= 0
    keys, qty = keys[ok], qty[ok]
    if not len(keys):
        return np.empty(0, dtype=np.int64)
    summed_keys, summed = _sums(keys, np.maximum(qty, 0))
    lines = ((keys // width) << 32) | (qty & 0xFFFFFFFF)
    totals = ((summed_keys // width) << 32) | (summed & 0xFFFFFFFF)
    # np.union1d by a sort: its ``np.unique`` hashes (numpy 2), 60 times slower at scale.
    return distinct_ints(np.concatenate([lines, totals]))


def _sums(keys: IntArray, qty: IntArray) -> tuple[IntArray, IntArray]:
    """Each distinct key, sorted, and its rows' summed ``qty``.

    Keys and seats that fit 31 and 32 bits (a 60,000-client month's keys are under 2**25)
    are packed into one int64 and sorted as one array, several times faster than a hash
    grouping of random keys; anything else is grouped by a stable argsort.
    """
    keys = np.asarray(keys, dtype=np.int64)
    if not len(keys):
        return keys, np.asarray(qty, dtype=np.int64)
    if keys.max() < (1 << 31) and qty.min() >= 0 and qty.max() < (1 << 32):
        # Timsort ("stable"): the keys come in runs (rows grouped per client), which it merges
        # in a pass, four times faster here than the default quicksort; equal ints sort alike.
        packed = np.sort((keys << 32) | qty, kind="stable")
        keys, qty = packed >> 32, packed & 0xFFFFFFFF
    else:
        order = np.argsort(keys, kind="stable")
        keys, qty = keys[order], qty[order]
    start = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    return keys[start], np.add.reduceat(qty, start)
