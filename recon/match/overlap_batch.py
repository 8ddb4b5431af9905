"""What many (vendor client, PSA client) pairs share, counted in one pass over integer codes.

The fuzzy step asks the lines of tens of thousands of pairs once its candidates are picked;
one :meth:`recon.match.client_evidence.Footprints.overlap` per pair walks Python sets per
pair. Here each (product, seats) line is an integer code, each side's distinct lines are
sorted by client, and every pair's vendor lines are laid out beside its PSA client so shared
lines, products in common and near seats are counted by array operations for all at once.

The same thresholds and the same exact sum as the per-pair count: a pair's bits are the
``math.fsum`` of its terms. One or two terms are added as floats (one addition is exactly
rounded, so that is the fsum), more are summed by ``math.fsum`` itself, pair by pair (few).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from recon.codes import distinct_ints

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class LineCodes:
    """The lines both sides hold, coded: a line code stands for one (product, seats) line.

    Attributes:
        product: per line code, its product's code.
        qty: per line code, its seats (milli-seats).
        weight: per line code, its bits when shared (a near line weighs half).
    """

    product: Ints
    qty: Ints
    weight: Floats


@dataclass(frozen=True, slots=True)
class Counts:
    """Per pair, the fields of its :class:`recon.match.client_evidence.Overlap` (``bits``
    not yet rounded)."""

    shared: Ints
    vendor_lines: Ints
    psa_lines: Ints
    shared_products: Ints
    near: Ints
    bits: Floats


def distinct_lines(owner: Ints, line: Ints, lines: LineCodes) -> tuple[Ints, Ints]:
    """The distinct (owner, line) rows, sorted by owner then line (a client holds a set):
    what :func:`count_overlaps` reads of each side."""
    width = max(len(lines.product), 1)
    keys = distinct_ints(owner * width + line)
    return keys // width, keys % width


@dataclass(frozen=True, slots=True)
class PsaSide:
    """The PSA clients' distinct lines as :func:`count_overlaps` reads them.

    Attributes:
        owner: per distinct (client, line) row, sorted, its client.
        line: its line code.
        products: how many product codes there are.
        held: the sorted keys ``client * products + product`` of what each client holds,
            then a sentinel no key reaches (every look-up stays in bounds).
        largest: per held key, the client's largest count of the product (the sentinel: 0).
    """

    owner: Ints
    line: Ints
    products: int
    held: Ints
    largest: Ints


def psa_side(owner: Ints, line: Ints, lines: LineCodes) -> PsaSide:
    """The PSA side from its rows' (client, line code): built once, read by every batch."""
    owner, line = distinct_lines(owner, line, lines)
    products = int(lines.product.max(initial=0)) + 1
    keys = owner * products + lines.product[line]
    seats = lines.qty[line]
    span = int(seats.max(initial=0)) + 1
    if seats.min(initial=0) >= 0 and (int(keys.max(initial=0)) + 1) * span < 2**62:
        # Key and seats in one integer: one sort instead of a two-key lexsort.
        both = np.sort(keys * span + seats)
        keys, seats = both // span, both % span
    else:
        order = np.lexsort((seats, keys))
        keys, seats = keys[order], seats[order]
    last = np.r_[keys[1:] != keys[:-1], True] if len(keys) else np.zeros(0, dtype=bool)
    held = np.append(keys[last], np.iinfo(np.int64).max)
    return PsaSide(owner, line, products, held, np.append(seats[last], 0))


def count_overlaps(
    vendor: tuple[Ints, Ints],
    psa: PsaSide,
    lines: LineCodes,
    pair_vendor: Ints,
    pair_psa: Ints,
    *,
    near_floor: int,
    near_share: float,
) -> Counts:
    """Per pair (``pair_vendor[j]``, ``pair_psa[j]``), what the two share.

    Args:
        vendor: distinct (vendor owner, line code) rows from :func:`distinct_lines`; an
            owner with no row holds nothing.
        psa: the PSA clients' lines (:func:`psa_side`).
        lines: what each line code stands for.
        pair_vendor: per pair, the vendor owner (any int: one with no row holds nothing).
        pair_psa: per pair, the PSA client.
        near_floor: seats (milli) within which two counts of one product still agree.
        near_share: the share of the larger count within which they agree too.

    Returns:
        Per pair: shared lines, each side's lines, products in common, near lines, bits.
    """
    v_owner, v_line = vendor
    n_lines = max(len(lines.product), 1)
    # Each pair's vendor lines: the owner's slice of the sorted rows, repeated per pair.
    v_start = np.searchsorted(v_owner, pair_vendor, side="left")
    v_count = (np.searchsorted(v_owner, pair_vendor, side="right") - v_start).astype(np.int64)
    p_count = (
        np.searchsorted(psa.owner, pair_psa, side="right")
        - np.searchsorted(psa.owner, pair_psa, side="left")
    ).astype(np.int64)
    psa_keys = psa.owner * n_lines + psa.line
    # Every pair's counts are its own: counted a few thousand pairs at a time, the same
    # answers, while a dozen arrays with a cell per (pair, vendor line) laid out for all
    # pairs at once were 30 MiB over client matching's live data at 60,000 clients (the
    # leftover pass's tens of thousands of pairs: its peak, and the run's).
    parts = [
        _count_part(
            v_line,
            psa,
            psa_keys,
            lines,
            (v_start[lo:hi], v_count[lo:hi], pair_psa[lo:hi]),
            near_floor=near_floor,
            near_share=near_share,
        )
        for lo, hi in _chunks(v_count, PART_CELLS)
    ]
    shared, shared_products, near, bits = (
        np.concatenate([part[i] for part in parts]) if parts else np.zeros(0, dtype=dtype)
        for i, dtype in enumerate((np.int64, np.int64, np.int64, np.float64))
    )
    return Counts(shared, v_count, p_count, shared_products, near, bits)


#: About this many (pair, vendor line) cells are counted at once (one int64 array of them is
#: 2 MiB): a pair is never split, so a part holds more when one pair alone has more lines.
PART_CELLS = 1 << 18


def _chunks(counts: Ints, cells: int) -> list[tuple[int, int]]:
    """(start, end) slices of consecutive pairs, each holding about ``cells`` cells (its
    pairs' ``counts`` summed), at least one pair each; none for no pairs."""
    ends = np.cumsum(counts)
    out: list[tuple[int, int]] = []
    lo, n = 0, len(counts)
    while lo < n:
        floor = int(ends[lo - 1]) if lo else 0
        hi = int(np.searchsorted(ends, floor + cells, side="right"))
        hi = max(hi, lo + 1)
        out.append((lo, hi))
        lo = hi
    return out


def _count_part(
    v_line: Ints,
    psa: PsaSide,
    psa_keys: Ints,
    lines: LineCodes,
    pairs_of: tuple[Ints, Ints, Ints],
    *,
    near_floor: int,
    near_share: float,
) -> tuple[Ints, Ints, Ints, Floats]:
    """:func:`count_overlaps`' shared lines, products in common, near lines and bits of
    some of its pairs (``pairs_of``: each pair's first vendor row, its vendor rows and its
    PSA client); ``psa_keys``: the PSA side's rows as ``owner * lines + line``."""
    v_start, v_count, pair_psa = pairs_of
    n_lines = max(len(lines.product), 1)
    n_products = psa.products
    pairs = len(v_count)
    pair = np.repeat(np.arange(pairs, dtype=np.int64), v_count)
    first = np.repeat(np.cumsum(v_count) - v_count, v_count)
    row = np.repeat(v_start, v_count) + (np.arange(len(pair), dtype=np.int64) - first)
    del first
    line = v_line[row]
    del row
    product, qty = lines.product[line], lines.qty[line]
    client = pair_psa[pair]
    common = member(psa_keys, client * n_lines + line)
    held_key = client * n_products + product
    del client
    at = np.searchsorted(psa.held, held_key)
    in_held = psa.held[at] == held_key
    del held_key
    shared = np.bincount(pair[common], minlength=pairs).astype(np.int64)
    # Products in common, each once (a vendor side may hold two lines of one product).
    both = distinct_ints(pair[in_held] * n_products + product[in_held])
    shared_products = np.bincount(both // n_products, minlength=pairs).astype(np.int64)
    # Near seats are counted only where a product in common has no shared line, as the
    # per-pair count does (it looks only when there are more such products than lines).
    other = psa.largest[at]
    looks = (shared_products > shared)[pair]
    near_line = (
        looks
        & in_held
        & ~common
        & (np.abs(other - qty) <= np.maximum(near_floor, near_share * np.maximum(qty, other)))
    )
    near = np.bincount(pair[near_line], minlength=pairs).astype(np.int64)
    term = np.where(common, lines.weight[line], np.where(near_line, 0.5 * lines.weight[line], 0))
    bits = np.bincount(pair, weights=term, minlength=pairs).astype(np.float64)
    many = np.flatnonzero(shared + near > 2)
    if len(many):
        counted = common | near_line
        starts = np.searchsorted(pair, many, side="left")
        ends = np.searchsorted(pair, many, side="right")
        for j, lo, hi in zip(many.tolist(), starts.tolist(), ends.tolist(), strict=True):
            bits[j] = math.fsum(term[lo:hi][counted[lo:hi]].tolist())
    return shared, shared_products, near, bits


def line_bits(
    rows: Ints,
    held: Ints,
    product: Ints,
    products: int,
    clients: int,
    *,
    rare: float,
) -> Floats:
    """Bits per line code as ``Footprints._weights`` weighs a (product, seats) line,
    counted on codes: log2(n / k) for a line k of the vendor file's n clients hold.

    Only vendor lines are ever summed; a line no vendor row holds, or whose product is
    missing (coded at or after ``products``), weighs ``rare``.

    Args:
        rows: each vendor row's line code.
        held: each distinct (vendor client, line) row's line code (clients known).
        product: per line code, its product code.
        products: how many products the vendor column names.
        clients: the vendor file's distinct clients.
        rare: what a line no vendor client is known to hold weighs.
    """
    size = len(product)
    weight = np.full(size, rare, dtype=np.float64)
    present = (np.bincount(rows, minlength=size) > 0) & (product < products)
    holders = np.bincount(held, minlength=size)[present].astype(np.float64)
    # As the per-line count divides: a line whose rows name no client weighs infinitely.
    with np.errstate(divide="ignore"):
        weight[present] = np.log2(max(clients, 1) / holders)
    return weight


def held_twice(client: Ints, product: Ints, width: int, missing: int) -> Ints:
    """The rows (ascending) of a client holding two rows or more of one product, as a
    frame's ``duplicated(keep=False)`` of the two columns finds them, less the rows a
    grouping drops: a missing client (code -1) or product (code ``missing``).

    Args:
        client: each row's client code.
        product: each row's product code, below ``width``.
        width: how many product codes there are.
        missing: the code of a missing product.
    """
    keys = client * width + product
    # The keys held twice or more, by one sort of the keys (each repeat once per extra row),
    # then each row's key looked up among them: a hash of every row's key (a Series'
    # ``duplicated``) cost twice as much at 60,000 clients, the same rows found.
    ordered = np.sort(keys)
    repeated = ordered[1:][ordered[1:] == ordered[:-1]]
    if not len(repeated):
        return np.zeros(0, dtype=np.int64)
    at = np.minimum(np.searchsorted(repeated, keys), len(repeated) - 1)
    twice = repeated[at] == keys
    return np.flatnonzero(twice & (client >= 0) & (product != missing)).astype(np.int64)


def member(sorted_keys: Ints, keys: Ints) -> npt.NDArray[np.bool_]:
    """Which ``keys`` are in ``sorted_keys`` (sorted ascending)."""
    if not len(sorted_keys):
        return np.zeros(len(keys), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    return np.asarray(sorted_keys[at] == keys, dtype=bool)
