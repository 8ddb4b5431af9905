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
  of the others whose company bills none of each product, are the parents expected to fit
  as well by coincidence, read only where the run has :data:`MIN_PARENTS` parents or more.
  Seats near the shortfall (a seat or a tenth,
  :func:`~recon.engine.family_unpaired.near`) are asked where that stays within the run's
  own odds of a family (:func:`~recon.engine.family_practice.practice_odds`, capped at
  :data:`~recon.engine.family_chance.MAX_CHANCE`) or beats chance over every company compared
  (:func:`~recon.engine.family_chance.beyond_run`). Seats far from it are asked about only
  where the company's line alone closes the parent's gap (it bills at least the seats the
  parent lacks: the rest is the family's over-billing) or covers most of it and no more
  (at least half the seats the parent lacks: a company opened per subsidiary is billed for
  its own users' share of the one tenant's licences, ConnectWise's "separate Companies"
  per location each paying its own, visionary360.com "When to use sites vs separate
  companies in ConnectWise Manage"; the seats left are the family's real gap, five billed
  of seven short is two short), and then only where the first word and the wholly missing
  products beat chance over the run, or stay within half the practice odds; 8 seats billed
  where 21 are short say nothing of whose they are;
- it is a company **no rule before weighed**: one whose seats fit a parent exactly or near
  was decided by :mod:`recon.engine.family_questions` on its exact lines and the chance of
  those, and is not asked again on a looser reckoning.

On the 20,000-client dev sets without families, every such fit (38 seats billed where 5
were short, a different trade at a namesake) stayed above these bars.
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal

from recon.engine.family_chance import MAX_CHANCE, beyond_run
from recon.engine.family_fits import Fit
from recon.engine.family_index import parent_psa_names
from recon.engine.family_practice import brand_and_trade
from recon.engine.family_unpaired import near
from recon.engine.trade_phrases import read_phrase
from recon.model import Gap
from recon.normalize import client_key

#: Share of the capped practice odds a fit on far seats must stay within.
FAR_SHARE = 0.5
#: Parents the run must have before a share of them is read as the odds of a coincidence
#: (with one parent alone, none other could fit, and that says nothing).
MIN_PARENTS = 5

#: Words naming a line of business, from the NAICS 2022 sector, industry and index titles
#: (census.gov/naics; e.g. 48-49 Transportation and Warehousing, 484 Truck Transportation,
#: 541614 Logistics Consulting, 561320 Temporary Help Services: "temporary staffing
#: services", 621512 Diagnostic Imaging Centers, 6215 Medical and Diagnostic Laboratories,
#: 531 Real Estate: property managers and lessors). A company's own word must be one of
#: them (keyed as client names are: "Transport" is "transp"): "Lyons Fresno" names a place
#: and "Acme Holdings" a form of company, not another trade the family carries on.
TRADES = (
    "Transportation Transport Trucking Freight Logistics Courier Delivery Warehousing "
    "Storage Distribution Shipping Moving Towing Aviation Marine Staffing Employment "
    "Personnel Recruiting Imaging Laboratories Laboratory Diagnostics Testing Research "
    "Property Properties Realty Rentals Leasing Construction Builders Contractors Roofing "
    "Plumbing Electric Electrical Heating Painting Flooring Masonry Concrete Excavating "
    "Landscaping Janitorial Cleaning Security Manufacturing Fabrication Machining Printing "
    "Publishing Media Broadcasting Communications Telecom Software Systems Data Consulting "
    "Engineering Surveying Accounting Legal Marketing Advertising Insurance Mortgage Lending "
    "Investments Pharmacy Dental Medical Health Therapy Nursing Veterinary Fitness "
    "Recreation Entertainment Travel Catering Restaurant Foods Farms Dairy Brewing Winery "
    "Bakery Florist Jewelers Furniture Hardware Equipment Supply Wholesale Retail Motors "
    "Auto Automotive Tire Collision Repair Maintenance Waste Recycling Environmental Energy "
    "Solar Utilities Mining Forestry Fishing Education Training Childcare"
).split()


@functools.cache
def _trade_keys() -> frozenset[str]:
    return frozenset(client_key(word) for word in TRADES) - {""}


def trade_word(word: str) -> bool:
    """True when a client key's word names a line of business (:data:`TRADES`)."""
    return word in _trade_keys()


def _most_of(short: Decimal, billed: Decimal) -> bool:
    """True when ``billed`` seats are at least half the ``short`` ones and no more than them."""
    return short / 2 <= billed <= short


@dataclass(frozen=True, slots=True)
class TradeFit:
    """One brand-and-trade company's fit: the fit, its chance parents, its seats near."""

    fit: Fit
    expected: float
    near: bool
    closes: bool  # the company's seats cover the parent's whole shortfall on every product
    most: bool = False  # ... or most of it, never more (the rest the family's real gap)

    def asked(self, *, compared: int, odds: float) -> bool:
        """True when the fit beats chance over the run or stays within the run's odds."""
        if not (self.near or self.closes or self.most):
            return False  # a few seats of a wide shortfall say nothing of whose they are
        bar = min(odds, MAX_CHANCE) * (1.0 if self.near else FAR_SHARE)
        return beyond_run(self.expected, compared) or (odds > 0 and self.expected <= bar)


def trade_fits(
    lone: Mapping[str, Mapping[str, Gap]],
    parents: Mapping[str, Mapping[str, Gap]],
    *,
    key: Callable[[str], str] = client_key,
    apart: Collection[tuple[str, str]] = (),
    taken: Collection[str] = (),
    psa_names: Mapping[str, str] | None = None,
) -> list[TradeFit]:
    """Brand-and-trade companies billing only products one parent's company bills none of.

    Args:
        lone: each lone PSA company's one-sided lines (product key -> gap).
        parents: each short parent's gaps (product key -> gap), from ``index_parents``.
        key: a client name's key.
        apart: (vendor client key, PSA client key) pairs people said are two organisations.
        taken: companies and parents (client keys) a question already names.
        psa_names: each parent's PSA company name, where the caller read them already
            (:func:`recon.engine.family_index.parent_psa_names`; default: read here).
    """
    if len(parents) < MIN_PARENTS:
        return []  # too few parents to read any share from: no fit is rarer than another
    names = parent_psa_names(parents) if psa_names is None else psa_names
    psa_key = dict(zip(names, map(key, names.values()), strict=True))
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
        read = read_phrase(own, trade_word)  # "Property Services" is "Property" (trade_phrases)
        words = read.split()
        if len(words) != 2 or not trade_word(words[1]):
            continue  # not the family's brand and a line of business
        word = words[0]
        fits = [
            parent
            for parent in by_word.get(word, ())
            if parent not in taken
            and brand_and_trade(read, psa_key[parent])
            and all(p in parents[parent] and parents[parent][p].psa_qty == 0 for p in lines)
            and (key(next(iter(parents[parent].values())).vendor_client or ""), own) not in apart
        ]
        if len(fits) > 1:  # of several parents lacking them, the one short near as many
            fits = [
                p
                for p in fits
                if all(near(abs(parents[p][q].seat_delta), g.psa_qty) for q, g in lines.items())
            ]
        if len(fits) != 1:
            continue  # two parents of that name lack them: the seats do not say whose
        parent = fits[0]
        gaps = parents[parent]
        agree = all(near(abs(gaps[p].seat_delta), gap.psa_qty) for p, gap in lines.items())
        # Other parents that would fit as well by coincidence: the other parents of the
        # name, times the share of the others billing none of each product (where the seats
        # are near the shortfall, short near as many).
        chance = float(len(by_word[word]) - 1)
        for product, gap in lines.items():
            alike = sum(
                n
                for short, n in none_billed[product].items()
                if not agree or near(short, gap.psa_qty)
            )
            chance *= (alike - 1) / others
        closes = all(gap.psa_qty >= abs(gaps[p].seat_delta) for p, gap in lines.items())
        most = all(_most_of(abs(gaps[p].seat_delta), gap.psa_qty) for p, gap in lines.items())
        fit = Fit(parent, company, dict(lines), alike=True)
        found.append(TradeFit(fit, chance, agree, closes, most))
    per_parent = Counter(t.fit.parent for t in found)
    return [t for t in found if per_parent[t.fit.parent] == 1]
