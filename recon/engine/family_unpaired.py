"""One question where a vendor customer no company is paired with is billed as several.

An organisation billed per office or subsidiary ("Silver Harbor Recruiting LP - TX (Raleigh)",
"... (Reno)") whose vendor customer is spelled so that no PSA company pairs with it ("Silver
Harbor Recruiting Group, LP") has no anchor: :mod:`recon.engine.family_questions` weighs a
lone company against a *matched* client's shortfall, and :mod:`recon.match.tenant_sites`
sums companies under a vendor customer whose name is their common base. Each site pairs
with nothing alone either (each holds part of the lines, :mod:`recon.match.leftovers`), so
every line of the organisation was a gap on both sides: bought and "missing in PSA", billed
and "missing in vendor".

Here, where the lines say so, the run asks one family question naming every company ("Are
Silver Harbor Recruiting LP - TX (Raleigh) and ... (Reno) billed for Silver Harbor
Recruiting Group, LP's licences?"): the gaps it holds wait for the answer and the gap a
"yes" implies (summed seats still apart from the vendor's) shows now, pending it. A "yes"
records the vendor customer with every company named, and the next run sums them
(:func:`recon.match.tenant_sites.find_families`). The evidence:

- the **customer** is a vendor customer with no PSA company, every line a one-sided gap;
  the **companies** (two to :data:`MAX_MEMBERS`) are PSA companies with no vendor customer,
  every line a one-sided gap, whose names begin with the customer's first word (the brand
  the offices of one organisation keep; a bare "No" or "So" read as North or South; the
  word typed with one slip, "Brrady Services" for "Brady Services", where the word's own
  companies fit nothing: :class:`recon.match.name_typos.SlipIndex`);
- the companies bill **only products the customer holds**, each company at least one of them
  where the summed seats agree (a company adding nothing is another client);
- the **summed seats** agree with the customer's exactly on at least
  :data:`~recon.engine.family_line_fits.STRONG_AGREE` products and within a seat or a tenth
  on at least half of the customer's products;
- **one agreement**: the companies bill a product they share at one unit price (offices
  billed under one agreement pay its price; two clients have two);
- **one answer**: a customer two sets of companies fit, or a company two customers fit, is
  asked about by none (a coincidence of sums is not evidence of whose they are).

People's "no" for any company named keeps the customer's question from being asked again.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections import defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from recon.engine.family_implied import below_cost_gap
from recon.engine.family_summed_below_cost import summed_below_cost
from recon.engine.pending import PENDING_CONFIDENCE
from recon.match.name_typos import SlipIndex
from recon.model import FamilyLine, FamilyQuestion, Gap, GapKind, pending_family
from recon.money import ZERO, cents
from recon.normalize import client_key

#: Companies one vendor customer may be billed as before the subsets are not weighed.
MAX_MEMBERS = 4
#: Products whose summed seats must agree exactly (as for a lone company's lines).
STRONG_AGREE = 2

#: (question, implied gaps by the key they replace, keys of the gaps it holds).
Asked = tuple[FamilyQuestion, dict[str, Gap], set[str]]


def near(whole: Decimal, part: Decimal) -> bool:
    """Seats that agree, or nearly: a seat apart, or a tenth of the whole's."""
    return abs(whole - part) <= max(Decimal(1), abs(whole) / 10)


@dataclass(frozen=True, slots=True)
class _Fit:
    customer: str
    companies: tuple[str, ...]


def ask_unpaired(
    customers: Mapping[str, Mapping[str, Gap]],
    companies: Mapping[str, Mapping[str, Gap]],
    *,
    apart: Collection[tuple[str, str]],
    first_word: Callable[[str], str],
) -> list[Asked]:
    """The family questions of vendor customers billed as several unpaired companies.

    Args:
        customers: each lone vendor customer's one-sided gaps, per product key.
        companies: each lone PSA company's one-sided gaps, per product key (those another
            family question names left out).
        apart: (vendor client key, PSA client key) pairs people said are not one
            organisation.
        first_word: a name's first key word.

    Returns:
        One (question, implied gaps, held gap keys) per customer asked about.
    """

    def kept(customer: str, company: str) -> bool:
        return (client_key(customer), client_key(company)) not in apart

    fits = sole_sets(customers, companies, first_word=first_word, kept=kept, agree=_agree)
    return [
        _question(_Fit(customer, members), customers[customer], companies)
        for customer, members in fits
    ]


def sole_sets(
    wholes: Mapping[str, Mapping[str, Gap]],
    parts: Mapping[str, Mapping[str, Gap]],
    *,
    first_word: Callable[[str], str],
    kept: Callable[[str, str], bool],
    agree: Callable[[Mapping[str, Gap], Sequence[Mapping[str, Gap]]], bool],
) -> list[tuple[str, tuple[str, ...]]]:
    """Each whole with the one set of parts its lines are split into, both directions' search.

    A whole (a customer here, a company for :mod:`recon.engine.family_tenants`) with at least
    :data:`STRONG_AGREE` lines is weighed against the parts that begin with its first word and
    hold only products it holds, when there are 2 to :data:`MAX_MEMBERS` of them (where those
    fit nothing, with the parts whose first word is that word typed with one slip joined to
    them: "Brrady Services - HR Department" beside "Brady Services"); the parts
    ``kept(whole, part)`` refuses (names, people's answers) are set aside, and every subset of
    two or more of the rest is tried with ``agree``. A whole two subsets fit (neither holding
    the other, :func:`_widest`), or a part two wholes' sets take, is asked about by none: one
    answer, or no question.

    Returns:
        (whole, its parts) in the wholes' sorted order.
    """
    by_word: dict[str, list[str]] = defaultdict(list)
    first_word = _directions_read(first_word)
    for part in sorted(parts):
        by_word[first_word(part)].append(part)
    slips: SlipIndex | None = None
    fits: list[tuple[str, tuple[str, ...]]] = []
    for whole, lines in sorted(wholes.items()):
        if len(lines) < STRONG_AGREE:
            continue
        held = set(lines)
        word = first_word(whole)
        widest = _fit(whole, lines, by_word.get(word, []), parts, kept, agree)
        if widest is None:
            # The brand typed with a slip on one side ("Brrady Services" offices of "Brady
            # Services", "Nible" of "Noble"): the word's slips join its group, weighed only
            # where the word's own group fits nothing (what fitted before stays as it was).
            if slips is None:
                slips = SlipIndex(by_word)
            typed = [c for w in sorted(slips.near(word)) for c in by_word[w]]
            if typed and any(set(parts[c]) <= held for c in typed):
                group = sorted({*by_word.get(word, []), *typed})
                widest = _fit(whole, lines, group, parts, kept, agree)
        if widest is not None:
            fits.append((whole, widest))
    taken: dict[str, int] = defaultdict(int)
    for _, members in fits:
        for part in members:
            taken[part] += 1
    return [(whole, members) for whole, members in fits if all(taken[c] == 1 for c in members)]


def _fit(
    whole: str,
    lines: Mapping[str, Gap],
    group: Sequence[str],
    parts: Mapping[str, Mapping[str, Gap]],
    kept: Callable[[str, str], bool],
    agree: Callable[[Mapping[str, Gap], Sequence[Mapping[str, Gap]]], bool],
) -> tuple[str, ...] | None:
    """The one set of the group's parts a whole's lines are split into (:func:`sole_sets`)."""
    held = set(lines)
    near_by = [c for c in group if set(parts[c]) <= held]
    if not 2 <= len(near_by) <= MAX_MEMBERS:
        return None
    near_by = [c for c in near_by if kept(whole, c)]
    found = [
        members
        for size in range(2, len(near_by) + 1)
        for members in itertools.combinations(near_by, size)
        if agree(lines, [parts[c] for c in members])
    ]
    return _widest(found)


#: Directions written with two letters and no full stop, as offices of one organisation are
#: named ("The No Meaadows Technologies Dayton" beside "North Meadows Technologies"): only to
#: weigh the companies together, the summed seats decide (recon.match.short_forms leaves a
#: bare "No" a word when names alone are read).
_BARE_DIRECTIONS = {"no": "north", "so": "south"}


def _directions_read(first_word: Callable[[str], str]) -> Callable[[str], str]:
    """``first_word`` with a bare two-letter direction read as the direction it stands for."""

    def read(name: str) -> str:
        word = first_word(name)
        return _BARE_DIRECTIONS.get(word, word)

    return read


def _widest(found: Sequence[tuple[str, ...]]) -> tuple[str, ...] | None:
    """The one set of parts to ask about: the only set that fits, or the set holding every
    other that fits; None where two sets fit apart (a coincidence of sums, no answer).

    Three offices whose seats add up to the customer's ("Silver Harbor Recruiting LP - TX
    (Raleigh)", "(Reno)", "(Madison)") leave two of them agreeing too where the third bills
    a few lines only (the customer's other lines then read as the family's real gaps): the
    two were one answer of two, and the customer's 14 false gaps on the site families' 20,000
    pair went unasked. A set holding every other fitting set is one answer, the widest
    reading of the same offices; two sets neither holding the other stay no answer.
    """
    if not found:
        return None
    widest = max(found, key=len)
    if all(set(members) <= set(widest) for members in found):
        return widest
    return None


def _agree(whole: Mapping[str, Gap], parts: Sequence[Mapping[str, Gap]]) -> bool:
    """True when the parts' seats, summed per product, are the whole's (module docstring)."""
    summed: dict[str, Decimal] = defaultdict(Decimal)
    prices: dict[str, set[Decimal]] = defaultdict(set)
    for part in parts:
        for product, gap in part.items():
            summed[product] += gap.psa_qty
            if gap.psa_unit_price is not None:
                prices[product].add(gap.psa_unit_price)
    if any(len(seen) > 1 for seen in prices.values()):
        return False  # two prices for one product: two agreements, two clients
    agreeing = {p for p, gap in whole.items() if near(gap.vendor_qty, summed.get(p, ZERO))}
    exact = sum(1 for p, gap in whole.items() if gap.vendor_qty == summed.get(p))
    if exact < STRONG_AGREE or 2 * len(agreeing) < len(whole):
        return False
    return all(agreeing & set(part) for part in parts)


def ask_one(
    customer: str,
    members: tuple[str, ...],
    lines: Mapping[str, Gap],
    companies: Mapping[str, Mapping[str, Gap]],
) -> Asked:
    """The question whether ``members`` (PSA companies) are billed for ``customer``'s
    licences, asked as :func:`ask_unpaired` asks it, on a set found by other evidence
    (:mod:`recon.engine.review_sites`).

    Args:
        customer: the vendor customer, as written.
        members: the companies, as written.
        lines: the customer's one-sided gaps, per product key.
        companies: each company's one-sided gaps, per product key.
    """
    return _question(_Fit(customer, members), lines, companies)


def _question(
    fit: _Fit, customer: Mapping[str, Gap], companies: Mapping[str, Mapping[str, Gap]]
) -> Asked:
    """The question on one fit, the customer's gaps a "yes" implies and the gaps it holds."""
    head = fit.companies[0]
    rests_on = pending_family(head, fit.customer)
    summed = " + ".join(fit.companies)
    lines: list[FamilyLine] = []
    new: dict[str, Gap] = {}
    gone: set[str] = set()
    held: set[tuple[str, str]] = set()
    below_cost: dict[str, Gap] = {}
    stake = ZERO
    for product, was in sorted(customer.items()):
        own = [(c, companies[c][product]) for c in fit.companies if product in companies[c]]
        if not own:
            continue  # bought, billed by no company: the organisation's real gap either way
        billed = sum((gap.psa_qty for _, gap in own), ZERO)
        stake += abs(was.monthly_impact) + sum(abs(gap.monthly_impact) for _, gap in own)
        held.add((was.client_key, product))
        held |= {(gap.client_key, product) for _, gap in own}
        gone |= {was.key, *(gap.key for _, gap in own)}
        lines.append(
            FamilyLine(
                was.product,
                ((fit.customer, was.vendor_qty),),
                tuple((c, gap.psa_qty) for c, gap in own),
            )
        )
        if billed != was.vendor_qty:
            # A company's line on a mapping question (review_sites) chains that question.
            also = next((gap.rests_on for _, gap in own if gap.rests_on), None)
            on = f"{rests_on} and {also}" if also else rests_on
            new[was.key] = _implied(was, own[0][1], billed, rests_on=on, summed=summed)
            gone.discard(was.key)
        elif len(own) == 1 and (
            below := below_cost_gap(was, own[0][1], rests_on=rests_on, summed=summed)
        ):
            # The seats agree but the one company bills them below the vendor's cost: the
            # family's loss, pending the question, as under a paired parent (family_implied).
            below_cost[was.key] = dataclasses.replace(below, psa_client=own[0][1].psa_client)
        elif below := summed_below_cost(
            was, [gap for _, gap in own], rests_on=rests_on, summed=summed
        ):
            # Several companies, each below cost (family_summed_below_cost).
            below_cost[was.key] = dataclasses.replace(below, psa_client=own[0][1].psa_client)
    agree = len(lines) - len(new)
    for key, gap in below_cost.items():
        new[key] = gap
        gone.discard(key)
    question = FamilyQuestion(
        vendor_client=fit.customer,
        psa_client=head,
        vendor_clients=(fit.customer,),
        psa_clients=fit.companies,
        lines=tuple(lines),
        money_at_stake=cents(stake),
        reason=f"{fit.customer!r} is paired with no PSA company and none of "
        f"{', '.join(repr(c) for c in fit.companies)} with a vendor customer; summed, their "
        f"seats are the customer's on {len(lines)} product(s), exactly on {agree}; the names "
        "do not say whether they are one organisation",
        held=frozenset(held),
        unpaired=True,
    )
    return question, new, gone


def _implied(was: Gap, own: Gap, billed: Decimal, *, rests_on: str, summed: str) -> Gap:
    """The customer's gap on the companies' summed seats, pending the question."""
    delta = was.vendor_qty - billed
    price = own.psa_unit_price
    unit = price if price is not None else was.vendor_unit_cost
    under = delta > 0
    return dataclasses.replace(
        was,
        kind=GapKind.QUANTITY_MISMATCH,
        psa_client=own.psa_client,
        psa_qty=billed,
        seat_delta=delta,
        monthly_impact=cents(delta * unit) if unit is not None else ZERO,
        psa_unit_price=price,
        psa_product=own.psa_product,
        confidence=min(was.confidence, PENDING_CONFIDENCE),
        why=f"{was.why}; seats summed over {summed}, pending the family question",
        rests_on=rests_on,
        reduce_possible_until=was.reduce_possible_until if under else None,
        act_by=was.act_by if under else None,
        bill_recovers=None,
        reduce_saves=None,
    )
