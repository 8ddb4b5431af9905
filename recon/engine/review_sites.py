"""A vendor customer held in review between sibling offices of one name: one family question.

An MSP opens a PSA company per office ("Carmichael Ortho (Madison)", "Carmichael Ortho
(Spokane)") while the vendor sells to the organisation once, under a name none of the
offices writes ("Carmichael Orthodontics"). Matching offers every office as a candidate of
the customer and cannot choose (each holds part of the lines): the customer was held in
review with all its money, or paired pending the review with the office clearly ahead, whose
share of the seats then showed as the customer's shortfall ("bought 16, billed 3") while its
sibling billed the rest. :mod:`recon.match.tenant_sites` sums offices only under a customer
whose name is their common base; :mod:`recon.engine.family_unpaired` weighs only customers
and companies no review holds.

Here such a review item becomes the family question :mod:`recon.engine.family_unpaired` asks
("Are Carmichael Ortho (Madison) and Carmichael Ortho (Spokane) billed for Carmichael
Orthodontics' licences?"): its clients are compared apart, the one-sided gaps wait for the
answer, and the gap a "yes" implies on the summed seats shows now, pending it. A "yes"
records the customer with every office and the next run sums them
(:func:`recon.match.tenant_sites.find_families`); a "no" for any office keeps the review as
it was. The evidence, both required:

- **the names**: every candidate of the item (two to
  :data:`~recon.engine.family_unpaired.MAX_MEMBERS`) is one name of two words or more
  followed by a label that only names a place, an office or a department
  (:func:`recon.engine.family_sites.site_base`, the name rule's own test), the same name for
  all, or is that name itself (the parent company beside its departments); no candidate is
  offered to another review item ("X - Columbus" beside "X - Columbus Foundation" is a near
  twin, never a family);
- **the lines**: the offices billing any product the customer holds (at least two; one
  billing mostly what it never bought makes the item another client's) have summed seats
  equal to the customer's on :data:`~recon.engine.family_unpaired.STRONG_AGREE` products (or
  every one, where it holds fewer) and within a seat or a tenth on at least half; offices
  under the customer's own name need one product equal where every product is that near
  (ConnectWise bills agreements per company site; an office's seat short is its real gap).

A PSA company of the same name offered to nobody and paired with nothing (an office whose
lines matched nothing alone) is weighed as one of the offices. An office billing nothing the
customer holds is compared apart but not named: its lines are the family's own gaps.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from recon.engine.family_sites import site_base
from recon.engine.family_unpaired import MAX_MEMBERS, STRONG_AGREE, Asked, ask_one
from recon.engine.office_shares import split_between
from recon.engine.office_subsets import only_theirs
from recon.engine.office_unread import beside_unread
from recon.engine.review_departments import department_base
from recon.engine.review_short_forms import short_form_parent
from recon.match.client_evidence import Footprints, seats_by_product
from recon.match.clients import ClientMatching
from recon.match.names import ClientName
from recon.model import Gap, ReviewItem


@dataclass(frozen=True, slots=True)
class SiteReview:
    """A review item read as one customer billed as sibling offices.

    Attributes:
        customer: the vendor customer, as written.
        companies: the offices, as written, in the review's order.
    """

    customer: str
    companies: tuple[str, ...]


def site_reviews(
    matching: ClientMatching,
    vendor: Sequence[ClientName],
    psa: Sequence[ClientName],
    footprints: Footprints,
    *,
    apart: Collection[tuple[str, str]] = (),
) -> tuple[ClientMatching, tuple[SiteReview, ...]]:
    """Take the review items whose candidates are sibling offices out of review (module
    docstring), their clients compared apart for the family question.

    Args:
        matching: the matching so far.
        vendor: every vendor client.
        psa: every PSA client.
        footprints: both sides' lines per client.
        apart: (vendor client key, PSA client key) pairs people said are not one
            organisation: an item naming one stays in review.

    Returns:
        The matching without those items (their customer and offices unmatched), and the
        items taken, in review order.
    """
    items = [i for i in matching.review if 2 <= len(i.candidates) <= MAX_MEMBERS]
    if not items:
        return matching, ()
    offered = Counter(c.psa_client for i in matching.review for c in i.candidates)
    keys = {i.vendor_key for i in items}
    shown = {c.psa_client for i in items for c in i.candidates}
    v_by_key = {c.key: c for c in reversed(vendor) if c.key in keys}
    p_by_name = {c.name: c for c in reversed(psa) if c.name in shown}
    taken: list[tuple[ReviewItem, ClientName, tuple[ClientName, ...]]] = []
    for item in items:
        customer = v_by_key.get(item.vendor_key)
        offices = tuple(p_by_name.get(c.psa_client) for c in item.candidates)
        if customer is None or item.vendor_key in matching.by_lines:
            continue  # paired on the lines alone: the names say nothing of a family
        if any(o is None or offered[o.name] > 1 for o in offices):
            continue  # a candidate another item may take is not this family's to ask about
        sure = tuple(o for o in offices if o is not None)
        if (
            _common_base(sure) is None
            and department_base(customer.key, [o.key for o in sure]) is None
            and short_form_parent(customer, sure) is None  # a word shortened (review_short_forms)
        ):
            continue  # nor a company beside its department under a slip (review_departments)
        if any((customer.key, o.key) in apart for o in sure):
            continue  # people said one of them is another client: the review stands
        taken.append((item, customer, sure))
    if not taken:
        return matching, ()
    siblings = _lone_siblings(matching, psa, taken, apart=apart)
    footprints.prepare(
        [c.identity for _, c, _ in taken],
        [o.identity for _, _, os in taken for o in os]
        + [o.identity for os in siblings.values() for o in os],
    )
    fits = [
        (item, customer, offices, members)
        for item, customer, offices in taken
        if (
            members := _members(
                footprints,
                customer,
                offices,
                siblings.get(item.vendor_key, ()),
                own_name=_own_name(customer, offices),
            )
        )
    ]
    if not fits:
        return matching, ()
    gone = {item.vendor_key for item, _, _, _ in fits}
    v_ids = [c.identity for _, c, _, _ in fits]
    # Every office is compared apart, those the question does not name too (their lines,
    # nothing the customer holds, are the family's own gaps whatever the answer).
    p_ids = [o.identity for _, _, offices, _ in fits for o in offices]
    freed = dataclasses.replace(
        matching,
        review=tuple(i for i in matching.review if i.vendor_key not in gone),
        held_psa=matching.held_psa - set(p_ids),
        unmatched_vendor=(*matching.unmatched_vendor, *v_ids),
        unmatched_psa=(*matching.unmatched_psa, *p_ids),
    )
    return freed, tuple(
        SiteReview(customer.name, tuple(o.name for o in members))
        for _, customer, _, members in fits
    )


def _common_base(offices: Sequence[ClientName]) -> str | None:
    """The one name every office is a site of, or is itself (the parent company beside its
    department, "X" and "X - Billing"); None where the names are not so."""
    keys = [o.key for o in offices]
    bases = {base for key in keys if (base := site_base(key)) is not None}
    if len(bases) != 1 or len(set(keys)) != len(keys):
        return None
    base = next(iter(bases))
    plain = [key for key in keys if site_base(key) is None]
    if plain not in ([], [base]):
        return None  # a candidate of another name ("X Realty") is no office of X
    return base


def _own_name(customer: ClientName, offices: Sequence[ClientName]) -> bool:
    """True when the offices' common name is the customer's own (its key, or that key with
    the spaces gone: "Logan Bakery" beside "Logan Bakery Tulsa" and "Logan Bakery Boston")."""
    base = _common_base(offices)
    if base is None:
        return False
    return base.replace(" ", "") == customer.key.replace(" ", "")


def _lone_siblings(
    matching: ClientMatching,
    psa: Sequence[ClientName],
    taken: Sequence[tuple[ReviewItem, ClientName, tuple[ClientName, ...]]],
    *,
    apart: Collection[tuple[str, str]],
) -> dict[str, tuple[ClientName, ...]]:
    """Per item (vendor key), the PSA companies with no vendor customer and no review that
    are sites of the same name as its candidates: the offices matching did not offer (a
    third office whose lines pair with nothing is as much the family's)."""
    by_base: dict[str, list[str]] = defaultdict(list)
    for item, _, offices in taken:
        base = _common_base(offices)
        if base is not None:  # a department's item (review_departments) takes no sibling
            by_base[base].append(item.vendor_key)
    # A name two items' offices share: whose a lone office is, the names cannot tell.
    wanted = {base: keys[0] for base, keys in by_base.items() if len(keys) == 1}
    customers = {item.vendor_key: customer.key for item, customer, _ in taken}
    lone = set(matching.unmatched_psa)
    out: dict[str, list[ClientName]] = defaultdict(list)
    for client in psa:
        if client.identity not in lone:
            continue
        item_key = wanted.get(site_base(client.key) or "")
        if item_key is not None and (customers[item_key], client.key) not in apart:
            out[item_key].append(client)
    return {key: tuple(sorted(found, key=lambda c: c.name)) for key, found in out.items()}


def _members(
    footprints: Footprints,
    customer: ClientName,
    offices: Sequence[ClientName],
    siblings: Sequence[ClientName] = (),
    *,
    own_name: bool = False,
) -> tuple[ClientName, ...]:
    """The offices the family question names: the candidates (and lone ``siblings``) billing
    the customer's products, when their summed seats say they are the customer's (module
    docstring); none otherwise.

    Offices under the customer's own name and a site label (``own_name``) need one product
    summed exactly where every product of the customer's is within a seat or a tenth: the
    names already say what a second exact line would (an MSP opening a company per office,
    ConnectWise and Autotask alike), and each office's real gap (the seat one office bills
    short) is what the run is for."""
    whole = dict(seats_by_product(footprints.vendor_lines(customer.identity)))
    members = []
    # A candidate whose every line is a text no rule reads yet (a mapping question) says
    # nothing either way: it is named after the evidence of the others holds, and the
    # question takes its lines only where they wait on the customer's products
    # (ask_site_reviews; recon.engine.family_lone.lines_with_pending).
    unread = []
    for office in (*offices, *siblings):
        part = dict(seats_by_product(footprints.psa_lines(office.identity)))
        if not part and office not in siblings:
            unread.append(office)
            continue
        held = sum(1 for product in part if product in whole)
        if held == 0:
            continue  # nothing the customer holds: its lines are the family's own gaps
        if 2 * held < len(part):
            if office in siblings:
                continue  # a lone office billing other things stays a client of its own
            return ()  # a candidate billing mostly what the customer never bought: another
        members.append((office, part))
    if len(members) == 1 and own_name:  # beside offices whose lines are unread (office_unread)
        return beside_unread(whole, members[0][0], members[0][1], unread)
    if not 2 <= len(members) <= MAX_MEMBERS:
        return ()  # one office alone is a pair, the review's (recon.engine.pending_review)
    summed: dict[str, int] = defaultdict(int)
    for _, part in members:
        for product, qty in part.items():
            summed[product] += qty
    exact = sum(1 for product, qty in whole.items() if summed.get(product) == qty)
    agree = sum(1 for product, qty in whole.items() if _near(qty, summed.get(product, 0)))
    strong = exact >= min(STRONG_AGREE, len(whole)) and 2 * agree >= len(whole)
    named_so = own_name and exact >= 1 and agree == len(whole)
    # Offices each billing products of their own: the split is the evidence (office_shares).
    split = split_between(whole, [part for _, part in members], _near)
    # Offices of the customer's own name billing only what it buys: the names and the
    # lines say it where real gaps keep the seats apart (office_subsets).
    theirs = own_name and only_theirs(whole, [part for _, part in members])
    if not strong and not named_so and not split and not theirs:
        return ()
    named = [office for office, _ in members]
    if len(named) + len(unread) <= MAX_MEMBERS:
        named += unread
    return tuple(named)


def _near(whole: int, summed: int) -> bool:
    """Seats (milli-seats) that agree, or nearly: a seat apart, or a tenth of the whole's."""
    return abs(whole - summed) <= max(1000, whole // 10)


def ask_site_reviews(
    sites: Sequence[SiteReview],
    customers: Mapping[str, Mapping[str, Gap]],
    companies: Mapping[str, Mapping[str, Gap]],
) -> list[Asked]:
    """One family question per review item taken by :func:`site_reviews`.

    Args:
        sites: the items taken.
        customers: their customers' one-sided gaps, per product key (a customer with other
            gaps is left out, and asked about by none).
        companies: their offices' one-sided gaps, per product key.

    Returns:
        One (question, implied gaps, held gap keys) per item whose customer and offices all
        hold one-sided lines.
    """
    asked: list[Asked] = []
    for site in sites:
        lines = customers.get(site.customer)
        if not lines:
            continue
        # An office with another gap (a family or a question of its own) is not this one's,
        # nor one billing none of the customer's products (an unread line on another).
        members = tuple(
            c for c in site.companies if c in companies and any(p in lines for p in companies[c])
        )
        if len(members) < 2:
            continue
        question, new, gone = ask_one(site.customer, members, lines, companies)
        if not question.lines:
            continue
        reason = (
            f"none of {', '.join(repr(c) for c in members)} (offices of one name) is "
            f"{site.customer!r} alone; summed, their "
            f"seats are the customer's on {len(question.lines)} product(s), exactly on "
            f"{len(question.lines) - len(new)}; the names do not say whether they are one "
            "organisation"
        )
        asked.append((dataclasses.replace(question, reason=reason), new, gone))
    return asked
