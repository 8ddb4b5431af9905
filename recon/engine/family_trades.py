"""A subsidiary named for its brand and a line of business, billing what its parent bills none of.

A subsidiary billed as a PSA company of its own under the family's first word and its own
line of business ("Bay Transport" beside "Bay Brook Marine", the way an operating company
is named for the trade it carries on: the census and NAICS list businesses by such titles,
"Transportation and Warehousing", "Employment Services") often bills the one product its
parent's company bills none of. The seats need not be the parent's shortfall: six F3 seats
billed where the vendor sells three is the family's real gap (billed three over), and the
rules of :mod:`recon.engine.family_questions` read only exact or near seats, so the run
reported a "missing in PSA" gap at the parent beside a "missing in vendor" gap at the
company: one misreading shown as two gaps, and the real quantity gap missed.

Here such a company is asked about (one question, the summed seats' gap pending it) where:

- its name is the parent's first word and **one** word of its own
  (:func:`~recon.engine.family_practice.brand_and_trade`);
- its parent's company bills **none** of every product it bills (the vendor sells them,
  the parent's company has no line), and no other parent so named lacks them all: one
  parent, and each parent asked about for one such company;
- it beats **chance**: the other parents named with the same first word, times the share
  of parents whose company bills none of each product, are the parents expected to fit as
  well by coincidence (:func:`expected`). Seats near the shortfall (a seat or a tenth,
  :func:`~recon.engine.family_unpaired.near`) are asked where that stays within the run's
  own odds of a family (:func:`~recon.engine.family_practice.practice_odds`, capped at
  :data:`~recon.engine.family_chance.MAX_CHANCE`) or beats chance over every company compared
  (:func:`~recon.engine.family_chance.beyond_run`); seats far from it say nothing of the
  parent, so there the first word and the wholly missing products must beat chance over the
  run, or stay within half the practice odds.

On the 20,000-client dev sets without families, every such fit (38 seats billed where 5
were short, a different trade at a namesake) stayed above these bars.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal

from recon.engine.family_chance import MAX_CHANCE, beyond_run
from recon.engine.family_fits import Fit
from recon.engine.family_practice import brand_and_trade
from recon.engine.family_unpaired import near
from recon.model import Gap
from recon.normalize import client_key

#: Share of the capped practice odds a fit on far seats must stay within.
FAR_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class TradeFit:
    """One brand-and-trade company's fit: the fit, its chance parents, its seats near."""

    fit: Fit
    expected: float
    near: bool

    def asked(self, *, compared: int, odds: float) -> bool:
        """True when the fit beats chance over the run or stays within the run's odds."""
        bar = min(odds, MAX_CHANCE) * (1.0 if self.near else FAR_SHARE)
        return beyond_run(self.expected, compared) or (odds > 0 and self.expected <= bar)


def trade_fits(
    lone: Mapping[str, Mapping[str, Gap]],
    parents: Mapping[str, Mapping[str, Gap]],
    *,
    key: Callable[[str], str] = client_key,
    apart: Collection[tuple[str, str]] = (),
    taken: Collection[str] = (),
) -> list[TradeFit]:
    """Brand-and-trade companies billing only products one parent's company bills none of.

    Args:
        lone: each lone PSA company's one-sided lines (product key -> gap).
        parents: each short parent's gaps (product key -> gap), from ``index_parents``.
        key: a client name's key.
        apart: (vendor client key, PSA client key) pairs people said are two organisations.
        taken: companies and parents (client keys) a question already names.
    """
    psa_key = {p: key(next(iter(gaps.values())).psa_client or "") for p, gaps in parents.items()}
    by_word: dict[str, list[str]] = defaultdict(list)
    for parent, name in psa_key.items():
        by_word[(name.split() or [""])[0]].append(parent)
    # Per product, the shortfalls of the parents whose company bills none of it.
    none_billed: dict[str, Counter[Decimal]] = defaultdict(Counter)
    for gaps in parents.values():
        for product, gap in gaps.items():
            if gap.psa_qty == 0:
                none_billed[product][abs(gap.seat_delta)] += 1
    others = max(len(parents) - 1, 1)
    found: list[TradeFit] = []
    for company, lines in lone.items():
        own = key(company)
        if not lines or company in taken or own in taken:
            continue
        word = (own.split() or [""])[0]
        fits = [
            parent
            for parent in by_word.get(word, ())
            if parent not in taken
            and brand_and_trade(own, psa_key[parent])
            and all(p in parents[parent] and parents[parent][p].psa_qty == 0 for p in lines)
            and (key(next(iter(parents[parent].values())).vendor_client or ""), own) not in apart
        ]
        if len(fits) != 1:
            continue  # two parents of that name lack them: the seats do not say whose
        parent = fits[0]
        gaps = parents[parent]
        agree = all(near(abs(gaps[p].seat_delta), gap.psa_qty) for p, gap in lines.items())
        chance = float(len(by_word[word]) - 1)
        for product, gap in lines.items():
            # Parents that would fit as well: billing none of it, and where the seats are
            # near the shortfall, short near as many seats (the parent itself not counted).
            alike = sum(
                n
                for short, n in none_billed[product].items()
                if not agree or near(short, gap.psa_qty)
            )
            chance *= (alike - 1) / others
        found.append(TradeFit(Fit(parent, company, dict(lines), alike=True), chance, agree))
    per_parent = Counter(t.fit.parent for t in found)
    return [t for t in found if per_parent[t.fit.parent] == 1]
