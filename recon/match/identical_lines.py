"""Identical lines that settle a review question: the same client, no person needed.

A review item whose one candidate holds exactly the vendor client's (product, seats) lines
used to wait for a person however strong those lines were ("Buckley Deental Grp" /
"Buckley DentalGroup Corp.": the same five products at 13, 19, 7, 16 and 12 seats). Lines
alike are evidence only as far as other companies do not hold them too, and the dev sets
say how far that is (``docs/matching.md``, "Identical lines"):

- one identical line is no evidence at scale: at 20,000 clients some 350,000 pairs of
  different companies hold the same single (product, seats) line;
- two lines alike still join about a thousand pairs of different companies at 20,000;
- three or more, each at its own seat count, join 0-10 pairs of different companies per
  file (20,000 and 60,000 clients), none of them under names a review would offer, and
  those lines weigh at most 8.1 bits beyond log2 of the file's clients; lines at one
  seat count ("1 seat" of four products, a bundle sold per head) join different small
  companies far more often and are not counted as several.

So a pair is matched outright (:func:`identical_pairs`) when the names already made it a
review question with this one candidate, and the lines are identical (:func:`settles`): every
vendor line held by the candidate at the same seats and nothing else of the products the
vendor file sells on either side, at least :data:`MIN_LINES` lines, no two at one seat count,
weighing :data:`MARGIN_BITS` more than log2(n) for a file of n clients (a line held by k of
them weighs log2(n / k)): another of the file's clients would hold such lines by chance less
than once in a thousand files, in the vendor file and, counted the same way, in the PSA
file. And they single the pair out: no other client of either file holds them all (a second
PSA company billing the same lines leaves the names to choose, and names are a person's to
confirm). Everything weaker stays a question.

A pair found on the lines alone whose names share a link (a leftover pair,
:mod:`recon.match.leftovers`) is also settled when only *most* of its lines are identical
(:func:`mostly_settles`): a client with a real seat gap on one product holds the others
alike, and those alike lines are the same evidence whatever the gap's line says. The alike
lines (each at a seat count no other of them has) must number :data:`MIN_LINES`, weigh the
same log2(n) + :data:`MARGIN_BITS` in each file, be held by no third client of either file,
and the lines both hold at the same seats must be half of the larger client's; nothing
contradicts and no product was compared summed. The lines that differ are then the pair's
gaps, shown as gaps, not pending a question a billing lead answers yes every time (at 60,000
clients some fifty such questions, every one the right pair).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from recon.codes import distinct_ints
from recon.match.client_evidence import IDENTITY, PRODUCT, QTY, Footprints
from recon.match.frame_codes import wanted_codes
from recon.match.overlap import Overlap

#: Identical lines a pair needs at least: below it, different companies hold them alike.
MIN_LINES = 3
#: Bits the identical lines must weigh beyond log2 of the vendor file's clients.
MARGIN_BITS = 10.0

Line = tuple[str, int]


def settles(overlap: Overlap, vendor_lines: Iterable[Line], clients: int) -> bool:
    """True when two clients' lines are identical and rare enough to be one client.

    Args:
        overlap: what the two clients hold in common (:meth:`Footprints.overlap`).
        vendor_lines: the vendor client's (product, seats) lines.
        clients: the vendor file's clients (the ``n`` the lines' bits are counted over).
    """
    if overlap.summed or overlap.near or overlap.shared < MIN_LINES:
        return False
    if not overlap.shared == overlap.vendor_lines == overlap.psa_lines:
        return False
    seats = [qty for _, qty in vendor_lines]
    if len(seats) != overlap.shared or len(set(seats)) != len(seats):
        return False
    return overlap.bits >= math.log2(max(clients, 1)) + MARGIN_BITS


def alike_lines(vendor_lines: Iterable[Line], psa_lines: Iterable[Line]) -> frozenset[Line]:
    """The lines two clients hold at the same seats.

    Args:
        vendor_lines: the vendor client's (product, seats) lines.
        psa_lines: the PSA client's.
    """
    return frozenset(vendor_lines) & frozenset(psa_lines)


def mostly_settles(overlap: Overlap, alike: Iterable[Line]) -> bool:
    """True when a pair's lines, some seats apart, may settle it (module docstring): alike
    lines at :data:`MIN_LINES` seat counts or more (lines at one seat count, a bundle sold per
    head, count once), the lines at the same seats half of the larger client's, nothing
    contradicting, nothing compared summed. Their weight, one line per seat count, is
    checked on both files by :func:`identical_pairs`.

    Args:
        overlap: what the two clients hold in common (:meth:`Footprints.overlap`).
        alike: their alike lines (:func:`alike_lines`).
    """
    if overlap.summed or overlap.contradicts:
        return False
    if len({qty for _, qty in alike}) < MIN_LINES:
        return False
    larger = max(overlap.vendor_lines, overlap.psa_lines)
    return 2 * overlap.shared >= larger


def identical_pairs(
    footprints: Footprints,
    pairs: Sequence[tuple[str, str, Overlap]],
    mostly: Sequence[bool] | None = None,
) -> list[bool]:
    """Which (vendor identity, PSA identity, overlap) pairs their identical lines settle
    (module docstring): :func:`settles`, and no third client holds all their lines.

    Args:
        footprints: both sides' lines (the pairs' clients prepared).
        pairs: the review pairs with one candidate, and what each shares.
        mostly: per pair, whether most lines alike may settle it (:func:`mostly_settles`,
            leftover pairs the names link; default: none).
    """
    lines = [footprints.vendor_lines(v) for v, _, _ in pairs]
    # Most runs have no pair of three identical lines: the file's clients are counted only
    # when one has.
    if not any(o.shared >= MIN_LINES for _, _, o in pairs):
        return [False] * len(pairs)
    vendor = footprints.side_lines("v")
    clients = max(int(vendor[IDENTITY].nunique()), 1)
    bar = [settles(o, mine, clients) for (_, _, o), mine in zip(pairs, lines, strict=True)]
    # A pair most of whose lines are alike is weighed on those lines alone.
    partly = [False] * len(pairs)
    for i, ((_, p, o), ok) in enumerate(zip(pairs, bar, strict=True)):
        if ok or mostly is None or not mostly[i] or o.shared < MIN_LINES:
            continue
        alike = alike_lines(lines[i], footprints.psa_lines(p))
        if mostly_settles(o, alike):
            lines[i], bar[i], partly[i] = alike, True, True
    if not any(bar):
        return bar
    wanted = {line for ok, mine in zip(bar, lines, strict=True) if ok for line in mine}
    held_v = _holders(vendor, wanted)
    psa = footprints.side_lines("p")
    held_p = _holders(psa, wanted)
    # Of the alike lines at one seat count only the commonest counts (the least evidence).
    lines = [
        _one_per_seat_count(mine, held_v, held_p) if part else mine
        for mine, part in zip(lines, partly, strict=True)
    ]
    # Rare in the PSA file too: a line many PSA companies bill weighs little, whatever the
    # vendor file says.
    psa_clients = max(int(psa[IDENTITY].nunique()), 1)
    floor = math.log2(psa_clients) + MARGIN_BITS
    out = []
    for ok, mine, part, (v, p, _) in zip(bar, lines, partly, pairs, strict=True):
        alone = ok and not (held_v.all_held(mine) - {v}) and not (held_p.all_held(mine) - {p})
        weight = math.fsum(math.log2(psa_clients / max(held_p.count(x), 1)) for x in mine)
        if part:
            # The alike lines alone must weigh in the vendor file what identical ones do.
            own = math.fsum(math.log2(clients / max(held_v.count(x), 1)) for x in mine)
            alone = alone and own >= math.log2(clients) + MARGIN_BITS
        out.append(alone and weight >= floor)
    return out


def _one_per_seat_count(lines: Iterable[Line], held_v: _Held, held_p: _Held) -> frozenset[Line]:
    """Per seat count, the line most clients of both files hold (ties: the first by name)."""
    commonest: dict[int, Line] = {}
    for line in sorted(lines):
        have = commonest.get(line[1])
        size = held_v.count(line) + held_p.count(line)
        if have is None or size > held_v.count(have) + held_p.count(have):
            commonest[line[1]] = line
    return frozenset(commonest.values())


@dataclass(frozen=True, slots=True)
class _Held:
    """Per wanted (product, qty) line, the clients of one side holding it, as sorted integer
    codes into ``names``: arrays, not sets of names, since a mostly-alike pair's lines may be
    common ones thousands of clients hold (at 60,000 clients sets of names for them raised
    the run's peak memory by some 100 MB)."""

    codes: dict[Line, npt.NDArray[np.int64]]
    names: npt.NDArray[np.object_]

    def count(self, line: Line) -> int:
        """How many clients hold ``line``."""
        found = self.codes.get(line)
        return 0 if found is None else len(found)

    def all_held(self, lines: Iterable[Line]) -> set[str]:
        """The clients holding every one of ``lines``."""
        held: npt.NDArray[np.int64] | None = None
        for line in lines:
            found = self.codes.get(line)
            if found is None:
                return set()
            held = found if held is None else np.intersect1d(held, found, assume_unique=True)
            if not len(held):
                return set()
        return set() if held is None else {str(name) for name in self.names[held].tolist()}


#: Seat counts are offset into an unsigned 32-bit field of a line's integer key.
_QTY_OFFSET = 1 << 31


def _holders(frame: pd.DataFrame, wanted: set[Line]) -> _Held:
    """Per wanted (product, qty) line, every client of a side holding it, counted on integer
    codes over the side's rows (no Python object per row)."""
    # Text columns are looked up and coded in Arrow (index_in, factorize): no Python string
    # is made per row, only one per distinct product and client found.
    wanted_products = sorted({p for p, _ in wanted})
    code = {product: n for n, product in enumerate(wanted_products)}
    # Each row's product as its place among the wanted ones, in one Arrow lookup: taking the
    # wanted rows' texts out of the PSA side's Arrow column and factorising them cost some
    # 80 MiB at 60,000 clients, client matching's peak (the same codes either way).
    product_at = wanted_codes(frame[PRODUCT], wanted_products)
    rows = np.flatnonzero(product_at >= 0)
    qty = frame[QTY].to_numpy()[rows].astype(np.int64) + _QTY_OFFSET
    keys = product_at[rows] * (1 << 32) + qty
    # Each row-long array goes once what is made of it is made (4 MiB each at 60,000
    # clients, five were held at once under client matching's peak, the pending pairs).
    del product_at, qty
    lines = sorted(wanted)
    line_keys = np.asarray(
        [code[p] * (1 << 32) + q + _QTY_OFFSET for p, q in lines],
        dtype=np.int64,
    )
    order = np.argsort(line_keys)
    at = np.searchsorted(line_keys[order], keys)
    np.minimum(at, len(lines) - 1, out=at)
    keep = line_keys[order][at] == keys
    del keys
    line_of = order[at[keep]]
    del at
    codes, names = pd.factorize(frame[IDENTITY].iloc[rows[keep]])
    del rows, keep
    width = max(len(names), 1)
    # One sorted run of distinct (line, client) codes, cut per line: by a sort (numpy 2's
    # ``np.unique`` hashes, 60 times slower on 200,000 keys).
    pairs = distinct_ints(line_of.astype(np.int64) * width + codes)
    line_no, client = pairs // width, pairs % width
    cuts = np.searchsorted(line_no, np.arange(len(lines) + 1))
    held = {
        line: client[cuts[n] : cuts[n + 1]] for n, line in enumerate(lines) if cuts[n + 1] > cuts[n]
    }
    return _Held(held, np.asarray(names, dtype=object))


def settled_note(overlap: Overlap) -> str:
    """Why an identical pair was matched without a question, in words."""
    larger = max(overlap.vendor_lines, overlap.psa_lines)
    if overlap.shared < larger:
        return (
            f"{overlap.shared} of {larger} lines with the same seats at both, three or more "
            f"each at its own seat count and rare in both files: lines this rare are one "
            f"client's; the others' seats differ (the gaps)"
        )
    return (
        f"the same {overlap.shared} products with the same seats at both, each at its own "
        f"seat count ({overlap.bits:g} bits): lines this rare are one client's"
    )
