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
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import pandas as pd

from recon.match.client_evidence import IDENTITY, PRODUCT, QTY, Footprints
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


def identical_pairs(
    footprints: Footprints, pairs: Sequence[tuple[str, str, Overlap]]
) -> list[bool]:
    """Which (vendor identity, PSA identity, overlap) pairs their identical lines settle
    (module docstring): :func:`settles`, and no third client holds all their lines.

    Args:
        footprints: both sides' lines (the pairs' clients prepared).
        pairs: the review pairs with one candidate, and what each shares.
    """
    lines = [footprints.vendor_lines(v) for v, _, _ in pairs]
    # Most runs have no pair of three identical lines: the file's clients are counted only
    # when one has.
    if not any(o.shared >= MIN_LINES for _, _, o in pairs):
        return [False] * len(pairs)
    vendor = footprints.side_lines("v")
    clients = max(int(vendor[IDENTITY].nunique()), 1)
    bar = [settles(o, mine, clients) for (_, _, o), mine in zip(pairs, lines, strict=True)]
    if not any(bar):
        return bar
    wanted = {line for ok, mine in zip(bar, lines, strict=True) if ok for line in mine}
    held_v = _holders(vendor, wanted)
    psa = footprints.side_lines("p")
    held_p = _holders(psa, wanted)
    # Rare in the PSA file too: a line many PSA companies bill weighs little, whatever the
    # vendor file says.
    psa_clients = max(int(psa[IDENTITY].nunique()), 1)
    floor = math.log2(psa_clients) + MARGIN_BITS
    out = []
    for ok, mine, (v, p, _) in zip(bar, lines, pairs, strict=True):
        alone = ok and not (_all_held(held_v, mine) - {v}) and not (_all_held(held_p, mine) - {p})
        weight = math.fsum(math.log2(psa_clients / max(len(held_p.get(x, ())), 1)) for x in mine)
        out.append(alone and weight >= floor)
    return out


def _all_held(holders: dict[Line, set[str]], lines: Iterable[Line]) -> set[str]:
    """The clients holding every one of ``lines``."""
    return set.intersection(*(holders.get(line, set()) for line in lines))


def _holders(frame: pd.DataFrame, wanted: set[Line]) -> dict[Line, set[str]]:
    """Per wanted (product, qty) line, every client of a side holding it (one pass)."""
    rows = frame.loc[frame[PRODUCT].isin({p for p, _ in wanted}).to_numpy()]
    rows = rows.loc[rows[QTY].isin({q for _, q in wanted}).to_numpy()]
    found: dict[Line, set[str]] = {}
    for identity, product, qty in zip(
        rows[IDENTITY].tolist(), rows[PRODUCT].tolist(), rows[QTY].tolist(), strict=True
    ):
        line = (str(product), int(qty))
        if line in wanted:
            found.setdefault(line, set()).add(str(identity))
    return found


def settled_note(overlap: Overlap) -> str:
    """Why an identical pair was matched without a question, in words."""
    return (
        f"the same {overlap.shared} products with the same seats at both, each at its own "
        f"seat count ({overlap.bits:g} bits): lines this rare are one client's"
    )
