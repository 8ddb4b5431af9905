"""Several sibling offices filling one parent's shortfall together: one question naming all.

An MSP opens a PSA company per office ("Crystal Mountain Enterprises - Phoenix Office",
"- Austin Office", "- Irvine Office") while the vendor sells to the organisation once, and
matching pairs the vendor customer with one office. :mod:`recon.engine.family_questions`
weighs each other office alone against the paired office's shortfall; where two or three
offices each bill part of it ("Apps for business": 4 bought, Phoenix 0, Austin 2, Irvine 2)
none fills it alone, and every line showed as "billed, not bought" at an office beside the
paired office's "bought, not billed" (16 false gaps on the site families' 20,000 pair, two
such organisations, one of them held in review).

Here the offices are weighed together, and one question names them all ("Are Crystal
Mountain Enterprises - Austin Office and ... - Irvine Office billed for Crystql Mountain
Enterprises' licences?"), the gap a "yes" implies (the parent's seats plus every office's,
still apart from the vendor's) shown now, pending it. The evidence, all required:

- **the names**: each office is named after the parent (its whole name plus a site label or
  words of its own) or as a sibling site of the parent's company (the name rule's own reading,
  :class:`recon.engine.family_names.NamedAfter`, :class:`recon.engine.family_sites.SiteSiblings`),
  and names that one parent only; two to :data:`MAX_OFFICES` such offices, none named in
  another question;
- **the lines**: every product an office bills is one the parent is short of, at the
  parent's price where its company bills it (:func:`recon.engine.family_fits.priced_apart`);
- **the seats add up**: summed over the offices, they are the parent's shortfall exactly on
  :data:`~recon.engine.family_unpaired.STRONG_AGREE` products (or every one, where they bill
  fewer) and within a seat or a tenth on at least half; each office bills a product where
  they agree (an office adding nothing is another client).

Never a sum: a person's yes (``recon family join``) records the customer with each office,
and the next run sums them; a no for any office keeps the question from being asked again.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Collection, Mapping
from decimal import Decimal

from recon.engine.family_fits import priced_apart
from recon.engine.family_implied import implied_gap
from recon.engine.family_unpaired import STRONG_AGREE, Asked, near
from recon.model import FamilyLine, FamilyQuestion, Gap, pending_family
from recon.money import ZERO, cents
from recon.normalize import client_key

#: Offices besides the paired one that one question may name.
MAX_OFFICES = 3


def ask_offices(
    lone: Mapping[str, Mapping[str, Gap]],
    parents: Mapping[str, Mapping[str, Gap]],
    named: Mapping[str, Collection[str]],
    *,
    apart: Collection[tuple[str, str]],
) -> list[Asked]:
    """The questions of parents whose shortfall several sibling offices fill together.

    Args:
        lone: each lone PSA company's one-sided gaps, per product key (those another family
            question names left out).
        parents: matched clients' shortfall gaps, per client key and product key.
        named: a company -> the parents it is named after or a sibling site of.
        apart: (vendor client key, PSA client key) pairs people said are not one
            organisation.

    Returns:
        One (question, implied gaps by the key they replace, keys of the gaps it holds) per
        parent asked about.
    """
    by_parent: dict[str, list[str]] = defaultdict(list)
    for company in sorted(lone):
        found = [p for p in named.get(company, ()) if p in parents]
        if len(found) == 1:
            by_parent[found[0]].append(company)
    asked = []
    for parent, offices in sorted(by_parent.items()):
        if 2 <= len(offices) <= MAX_OFFICES and _fits(parents[parent], offices, lone, apart):
            asked.append(_question(parents[parent], offices, lone))
    return asked


def _fits(
    parent: Mapping[str, Gap],
    offices: list[str],
    lone: Mapping[str, Mapping[str, Gap]],
    apart: Collection[tuple[str, str]],
) -> bool:
    """True when the offices' summed seats are the parent's shortfall (module docstring)."""
    vendor = client_key(next(iter(parent.values())).vendor_client or "")
    summed: dict[str, Decimal] = defaultdict(Decimal)
    for office in offices:
        lines = lone[office]
        if any(p not in parent for p in lines) or priced_apart(parent, lines):
            return False
        if (vendor, client_key(office)) in apart:
            return False
        for product, gap in lines.items():
            summed[product] += gap.psa_qty
    exact = sum(1 for p, seats in summed.items() if abs(parent[p].seat_delta) == seats)
    agree = {p for p, seats in summed.items() if near(abs(parent[p].seat_delta), seats)}
    if exact < min(STRONG_AGREE, len(summed)) or 2 * len(agree) < len(summed):
        return False
    return all(agree & set(lone[office]) for office in offices)


def _question(
    parent: Mapping[str, Gap], offices: list[str], lone: Mapping[str, Mapping[str, Gap]]
) -> Asked:
    """The question naming every office, the parent's gaps a "yes" implies (by the key they
    replace) and the keys of the gaps it holds."""
    first = next(iter(parent.values()))
    vendor_name, psa_name = first.vendor_client or "", first.psa_client or ""
    rests_on = pending_family(offices[0], vendor_name)
    summed_over = " + ".join((psa_name, *offices))
    lines: list[FamilyLine] = []
    new: dict[str, Gap] = {}
    gone: set[str] = set()
    held: set[tuple[str, str]] = set()
    stake = ZERO
    products = sorted({p for office in offices for p in lone[office]})
    for product in products:
        was = parent[product]
        own = [(office, lone[office][product]) for office in offices if product in lone[office]]
        stake += abs(was.monthly_impact) + sum(abs(gap.monthly_impact) for _, gap in own)
        held.add((was.client_key, was.product_key))
        held |= {(gap.client_key, gap.product_key) for _, gap in own}
        gone |= {was.key, *(gap.key for _, gap in own)}
        lines.append(
            FamilyLine(
                was.product,
                ((vendor_name, was.vendor_qty),),
                ((psa_name, was.psa_qty), *((office, gap.psa_qty) for office, gap in own)),
            )
        )
        billed = sum((gap.psa_qty for _, gap in own), ZERO)
        # the offices' lines as one company's: their seats summed, the first one's price
        together = dataclasses.replace(own[0][1], psa_qty=billed)
        implied = implied_gap(was, together, reverse=False, rests_on=rests_on, summed=summed_over)
        if implied is not None:
            new[was.key] = implied
            gone.discard(was.key)
    agree = len(lines) - len(new)
    question = FamilyQuestion(
        vendor_client=vendor_name,
        psa_client=offices[0],
        vendor_clients=(vendor_name,),
        psa_clients=tuple(offices),
        lines=tuple(lines),
        money_at_stake=cents(stake),
        reason=f"none of {', '.join(repr(o) for o in offices)} (offices of "
        f"{psa_name!r}'s name) has a vendor customer of its own; summed, their seats fill what "
        f"{psa_name!r} leaves short of what {vendor_name!r} holds on {len(lines)} product(s), "
        f"exactly on {agree}; the names do not say whether they are one organisation",
        held=frozenset(held),
        unpaired=True,
    )
    return question, new, gone
