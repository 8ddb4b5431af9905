"""The run's gaps are put in list order a column at a time (issue 16): the order, ties and
all, must be ``sorted(gaps, key=gap_order)``, the key every other list sorts by."""

from __future__ import annotations

import dataclasses
import random

from recon.engine.gap_order import in_list_order
from recon.listing import gap_order
from recon.model import GapKind
from tests.recon.store.build import make_gap

_CLIENTS = ("Acme Corp", "acme corp", "ACME CORP", "Zeta", "zeta", "Beta LLC", "Ärzte GmbH")
_PRODUCTS = ("M365 E3", "m365 e3", "Defender", "defender", "Ärzte Suite", "Exchange")
#: Equal amounts written with other exponents and signs: one money at stake.
_IMPACTS = ("10", "10.00", "-10.0", "-10", "0", "-0.00", "0.00", "2.5", "-2.50", "100")


def _gaps(seed: int, n: int) -> list:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        gap = make_gap(
            rng.choice(_CLIENTS),
            rng.choice(_PRODUCTS),
            kind=rng.choice(list(GapKind)),
            impact=rng.choice(_IMPACTS),
        )
        # The why tells equal-keyed gaps apart: their order is the input's.
        out.append(dataclasses.replace(gap, why=f"gap {i}"))
    return out


def test_list_order_is_sorted_by_gap_order_ties_and_all() -> None:
    for seed in range(20):
        gaps = _gaps(seed, 300)
        fast = in_list_order(gaps)
        slow = tuple(sorted(gaps, key=gap_order))
        assert [g.why for g in fast] == [g.why for g in slow]


def test_list_order_reads_names_case_insensitively() -> None:
    a = dataclasses.replace(make_gap("beta", impact="5"), why="b")
    b = dataclasses.replace(make_gap("Alpha", impact="5"), why="a")
    c = dataclasses.replace(make_gap("ALPHA", impact="-5.00"), why="c")
    assert [g.why for g in in_list_order([a, b, c])] == ["a", "c", "b"]


def test_list_order_of_nothing_and_one() -> None:
    assert in_list_order([]) == ()
    gap = make_gap()
    assert in_list_order([gap]) == (gap,)
