"""One misread PSA text billing two vendor products, each at clients of its own.

An MSP's catalogue may bill two editions under one text ("Microsoft 365 F1" typed before the
2020 Frontline renames, kept for F3 at some clients and for another edition at others), and
a name rule reads that text as a third product the vendor does not sell there. The seats of
:mod:`recon.engine.readings` then point to two vendor products, each with about half the
text's clients: neither is a clear majority, and each looks like the other's rival, so the
text stayed read as the wrong product and every client holding it showed two false gaps.

A rival is a doubt only where it agrees at the *same* clients: two products whose agreeing
clients are apart are two answers, one per client. So the two best candidates are taken
together (:func:`family_pair`) when:

- each agrees at :data:`~recon.engine.readings.ASK_CLIENTS` clients or more where the other
  does not (clients where both agree are in doubt and count for neither);
- no third product agrees at a third of the smaller one's clients;
- together they clear the bars one product must clear alone (a clear majority to act, each
  at :data:`~recon.engine.readings.ACT_CLIENTS` clients of its own, or a third at scale with
  one of them beside the text at a clear majority; a majority to ask).

Each row of the text is then compared as the product that sits unbilled beside it at its
client (its seats decide where both do; the larger one where neither tells), except where the
vendor sells the read product and neither of the two (the name was right there) and where the
row's seats are both products' together (held by the question: one row is never two
products).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from recon.engine.join import IntArray

#: (agreeing clients, vendor product code, the clients, clients where it sits beside).
Candidate = tuple[int, int, list[int], int]


@dataclass(frozen=True, slots=True)
class Bars:
    """The bars one vendor product must clear alone (see :mod:`recon.engine.readings`)."""

    act_clients: int
    act_share: float
    ask_clients: int
    ask_share: float
    rival_factor: int
    scale_clients: int
    scale_share: float


@dataclass(frozen=True, slots=True)
class Pair:
    """Two vendor products one text bills, each at clients of its own.

    Attributes:
        first: the product code agreeing at more clients.
        second: the other product code.
        first_at: clients where only the first agrees (sorted).
        second_at: clients where only the second agrees (sorted).
        act: True to compare the text's rows as the two products; False to ask.
    """

    first: int
    second: int
    first_at: IntArray
    second_at: IntArray
    act: bool


def family_pair(
    found: list[Candidate],
    rivals: list[int],
    total: int,
    beside: IntArray,
    bars: Bars,
) -> Pair | None:
    """The two best candidates as one text's two products, or None.

    Args:
        found: the text's candidates, most agreeing clients first (at least two).
        rivals: the agreeing clients of each candidate after the first two (less those
            another doubted text claims).
        total: matched clients holding the text.
        beside: clients where either of the two sits unbilled beside the text (unique).
        bars: the bars of one product alone.
    """
    (_, first, at_first, _), (_, second, at_second, _) = found[0], found[1]
    one = np.unique(np.asarray(at_first, dtype=np.int64))
    two = np.unique(np.asarray(at_second, dtype=np.int64))
    both = np.intersect1d(one, two, assume_unique=True)
    own_one = np.setdiff1d(one, both, assume_unique=True)
    own_two = np.setdiff1d(two, both, assume_unique=True)
    smaller = min(len(own_one), len(own_two))
    apart = len(own_one) + len(own_two)
    if smaller < bars.ask_clients:
        return None
    if max(rivals, default=0) * bars.rival_factor > smaller:
        return None
    act = False
    if smaller >= bars.act_clients:
        act = apart >= bars.act_share * total
        if not act and apart >= bars.scale_clients and apart >= bars.scale_share * total:
            act = len(beside) >= bars.act_share * total
    if not act and apart < bars.ask_share * total:
        return None
    return Pair(first, second, own_one, own_two, act)


def second_rows(
    pair: Pair,
    pc: IntArray,
    beside_first: IntArray,
    beside_second: IntArray,
    seats_say_second: npt.NDArray[np.bool_],
) -> npt.NDArray[np.bool_]:
    """Which rows of the text are compared as the second product.

    A row goes to the second where the second alone agrees at its client, or sits unbilled
    beside it alone, or where both sit beside it and its seats agree with the second only;
    the other rows go to the first (the larger).

    Args:
        pair: the two products.
        pc: PSA client code per row of the text.
        beside_first: clients where the first sits unbilled beside the text (sorted, unique).
        beside_second: the same for the second.
        seats_say_second: per row, its seats agree with the second's there, not the first's.
    """
    on_first = np.isin(pc, beside_first)
    on_second = np.isin(pc, beside_second)
    own = np.isin(pc, pair.second_at)
    return np.asarray(own | (on_second & ~on_first) | (on_second & seats_say_second), dtype=bool)


def read_right(
    pair: Pair, pc: IntArray, beside: IntArray, read_sold: npt.NDArray[np.bool_]
) -> npt.NDArray[np.bool_]:
    """Rows the name rule read right: at a client where the vendor sells the product the
    rule read and neither product of the pair agrees or sits unbilled beside the text.

    Args:
        pair: the two products.
        pc: PSA client code per row of the text.
        beside: clients where either product sits unbilled beside the text (sorted, unique).
        read_sold: per row, the vendor sells the read product at its client.
    """
    theirs = np.isin(pc, pair.first_at) | np.isin(pc, pair.second_at) | np.isin(pc, beside)
    return np.asarray(read_sold & ~theirs, dtype=bool)
