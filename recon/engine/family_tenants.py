"""One question where a PSA company no vendor customer is paired with buys as several.

The mirror of :mod:`recon.engine.family_unpaired`. An organisation that kept a second tenant
(an acquired office's own Microsoft tenant, "Kirby Creek Cleaning Services - Omaha", beside
"Kirby Creek Cleaning Services") is billed as one PSA company whose name pairs with neither
tenant ("Kirby Creek Cleanig Services", typed a letter off). Each tenant holds part of the
seats, so neither pairs on the lines either, and every line was a gap on both sides: bought
and "missing in PSA" on each tenant, billed and "missing in vendor" on the company.

Here, where the lines say so, the run asks one family question naming every tenant ("Is
Kirby Creek Cleanig Services billed for Kirby Creek Cleaning Services and ... - Omaha's
licences?"): the gaps it holds wait for the answer and the gap a "yes" implies (summed seats
still apart from the billed ones) shows now, pending it. A "yes" records the company with
every tenant named, and the next run sums them
(:func:`recon.match.tenant_sites.find_families`). The evidence is the mirror's:

- the **company** is a PSA company with no vendor customer, every line a one-sided gap; the
  **tenants** (two to :data:`~recon.engine.family_unpaired.MAX_MEMBERS`) are vendor
  customers with no PSA company, every line a one-sided gap, whose names begin with the
  company's first two name words ("Atwood Brothers ...": a first word alone, "Valley", begins
  too many companies' names), each word alike or one typing error apart (the first word
  found by its slips too, :func:`~recon.engine.family_unpaired.sole_sets`: "Bshop Ridge
  Architects" tenants of "Bishop Ridge Architects");
- the tenants hold **only products the company bills**, each tenant at least one of them
  where the summed seats agree (a tenant adding nothing is another customer);
- the **summed seats** agree with the billed ones exactly on at least
  :data:`~recon.engine.family_unpaired.STRONG_AGREE` products and within a seat or a tenth
  on at least half of the company's products;
- **one answer**: a company two sets of tenants fit, or a tenant two companies fit, is asked
  about by none.

There is no price test: tenants buy at the distributor's list cost, which says nothing about
whose they are (the PSA price is the agreement; here there is one company, one agreement).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence
from decimal import Decimal

from recon.engine.family_unpaired import STRONG_AGREE, Asked, near, sole_sets
from recon.engine.pending import PENDING_CONFIDENCE
from recon.match.name_typos import one_typo_apart
from recon.model import FamilyLine, FamilyQuestion, Gap, GapKind, pending_family
from recon.money import ZERO, cents
from recon.normalize import client_key

#: Name words every tenant keeps from the company's name: one word alone ("Valley", "North")
#: begins the names of too many companies for small seat sums not to coincide.
NAME_WORDS = 2


def ask_tenants(
    companies: Mapping[str, Mapping[str, Gap]],
    customers: Mapping[str, Mapping[str, Gap]],
    *,
    apart: Collection[tuple[str, str]],
    first_word: Callable[[str], str],
) -> list[Asked]:
    """The family questions of PSA companies bought for as several unpaired vendor customers.

    Args:
        companies: each lone PSA company's one-sided gaps, per product key.
        customers: each lone vendor customer's one-sided gaps, per product key (those another
            family question names left out).
        apart: (vendor client key, PSA client key) pairs people said are not one
            organisation.
        first_word: a name's first key word.

    Returns:
        One (question, implied gaps, held gap keys) per company asked about.
    """

    def kept(company: str, customer: str) -> bool:
        key = client_key(company)
        return _same_words(client_key(customer), key) and (client_key(customer), key) not in apart

    fits = sole_sets(companies, customers, first_word=first_word, kept=kept, agree=_agree)
    return [_question(company, members, companies[company], customers) for company, members in fits]


def _same_words(customer: str, company: str) -> bool:
    """True when the two keys begin with the same :data:`NAME_WORDS` words, each alike or one
    typing error apart ("Beacon Cannyon ..." tenants of "Beacon Canyon ..."): the summed
    seats are the evidence, and the outcome is a question, never a merge."""
    mine, theirs = customer.split()[:NAME_WORDS], company.split()[:NAME_WORDS]
    return len(mine) == len(theirs) and all(
        a == b or one_typo_apart(a, b) for a, b in zip(mine, theirs, strict=True)
    )


def _agree(whole: Mapping[str, Gap], parts: Sequence[Mapping[str, Gap]]) -> bool:
    """True when the tenants' seats, summed per product, are the billed ones (docstring)."""
    summed: dict[str, Decimal] = defaultdict(Decimal)
    for part in parts:
        for product, gap in part.items():
            summed[product] += gap.vendor_qty
    agreeing = {p for p, gap in whole.items() if near(gap.psa_qty, summed.get(p, ZERO))}
    exact = sum(1 for p, gap in whole.items() if gap.psa_qty == summed.get(p))
    if exact < STRONG_AGREE or 2 * len(agreeing) < len(whole):
        return False
    return all(agreeing & set(part) for part in parts)


def _question(
    company: str,
    members: tuple[str, ...],
    billed: Mapping[str, Gap],
    customers: Mapping[str, Mapping[str, Gap]],
) -> Asked:
    """The question on one fit, the company's gaps a "yes" implies and the gaps it holds."""
    rests_on = pending_family(company, members[0])
    summed = " + ".join(members)
    lines: list[FamilyLine] = []
    new: dict[str, Gap] = {}
    gone: set[str] = set()
    held: set[tuple[str, str]] = set()
    below_cost: dict[str, Gap] = {}
    stake = ZERO
    for product, was in sorted(billed.items()):
        own = [(c, customers[c][product]) for c in members if product in customers[c]]
        if not own:
            continue  # billed, bought by no tenant: the organisation's real gap either way
        bought = sum((gap.vendor_qty for _, gap in own), ZERO)
        stake += abs(was.monthly_impact) + sum(abs(gap.monthly_impact) for _, gap in own)
        held.add((was.client_key, product))
        held |= {(gap.client_key, product) for _, gap in own}
        gone |= {was.key, *(gap.key for _, gap in own)}
        lines.append(
            FamilyLine(
                was.product,
                tuple((c, gap.vendor_qty) for c, gap in own),
                ((company, was.psa_qty),),
            )
        )
        if bought != was.psa_qty:
            new[was.key] = _implied(was, own[0][1], bought, rests_on=rests_on, summed=summed)
            gone.discard(was.key)
        elif below := _below_cost(was, [gap for _, gap in own], rests_on=rests_on, summed=summed):
            below_cost[was.key] = below
    agree = len(lines) - len(new)
    for key, gap in below_cost.items():
        new[key] = gap
        gone.discard(key)
    question = FamilyQuestion(
        vendor_client=members[0],
        psa_client=company,
        vendor_clients=members,
        psa_clients=(company,),
        lines=tuple(lines),
        money_at_stake=cents(stake),
        reason=f"{company!r} is paired with no vendor customer and none of "
        f"{', '.join(repr(c) for c in members)} with a PSA company; summed, their seats are "
        f"the billed ones on {len(lines)} product(s), exactly on {agree}; the names do not "
        "say whether they are one organisation",
        held=frozenset(held),
        tenants=True,
    )
    return question, new, gone


def _implied(was: Gap, own: Gap, bought: Decimal, *, rests_on: str, summed: str) -> Gap:
    """The company's gap on the tenants' summed seats, pending the question."""
    delta = bought - was.psa_qty
    price = was.psa_unit_price
    unit = price if price is not None else own.vendor_unit_cost
    under = delta > 0
    return dataclasses.replace(
        was,
        kind=GapKind.QUANTITY_MISMATCH,
        vendor_client=own.vendor_client,
        vendor_qty=bought,
        seat_delta=delta,
        monthly_impact=cents(delta * unit) if unit is not None else ZERO,
        vendor_unit_cost=own.vendor_unit_cost,
        vendor_product=own.vendor_product,
        confidence=min(was.confidence, PENDING_CONFIDENCE),
        why=f"{was.why}; seats summed over {summed}, pending the family question",
        rests_on=rests_on,
        term=own.term,
        term_end=own.term_end,
        reduce_possible_until=own.reduce_possible_until if under else None,
        act_by=own.act_by if under else None,
        bill_recovers=None,
        reduce_saves=None,
    )


def _below_cost(was: Gap, own: Sequence[Gap], *, rests_on: str, summed: str) -> Gap | None:
    """Where the tenants' summed seats are the billed ones but the company bills them below
    the tenants' one unit cost: the family's price-below-cost gap, pending the question (as
    :func:`recon.engine.family_implied.below_cost_gap` says it under a paired parent).

    None where the tenants' costs differ or are unknown, or the price is unknown or $0.00
    (included in a bundle, never a price)."""
    costs = {gap.vendor_unit_cost for gap in own}
    price = was.psa_unit_price
    if len(costs) != 1 or price is None or price <= 0:
        return None
    (cost,) = costs
    if cost is None or price >= cost:
        return None
    first = own[0]
    return dataclasses.replace(
        was,
        kind=GapKind.PRICE_BELOW_COST,
        vendor_client=first.vendor_client,
        vendor_qty=was.psa_qty,
        seat_delta=ZERO,
        monthly_impact=cents((cost - price) * was.psa_qty),
        vendor_unit_cost=cost,
        vendor_product=first.vendor_product,
        confidence=min(was.confidence, PENDING_CONFIDENCE),
        why=f"{was.why}; seats summed over {summed} agree, billed below the vendor's cost, "
        "pending the family question",
        rests_on=rests_on,
        term=first.term,
        term_end=first.term_end,
        reduce_possible_until=None,
        act_by=None,
        bill_recovers=None,
        reduce_saves=None,
    )
