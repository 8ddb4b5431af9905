"""The name-shape rules once more, on what the fuzzy step left: fewer unpaired look-alikes.

The trade-name, licensee and company-id rules (:mod:`recon.match.trade_names`,
:mod:`recon.match.people`, :mod:`recon.match.company_ids`) run before the fuzzy step, and each
pairs only when exactly one client left unpaired on the other side fits: a look-alike unpaired
beside it ("Blair Dental" beside "Dr. Linda Blair, DDS" and "Blair Dental Group") is a twin
names cannot tell apart. But many such look-alikes are only waiting for the fuzzy step, which
pairs "Blair Dental Group" with "Blair Dental Grp" a moment later; a client already paired has
its counterpart and is no twin (the rules' own argument). At 20,000 clients most surnames and
first words have such a look-alike, so before the fuzzy step the rules found little.

So the same rules, with the same guards, look once more at the clients still unpaired after
the fuzzy step, those it sent to review included (they are unpaired look-alikes too). A pair
one of them makes settles a review item only when that item offers exactly that one PSA
client and no other item offers it (:func:`settle_reviews`); otherwise the item stays, and a
pair that would take a client a review item holds is not made. A pair the trade-name
rule finds here must also not be contradicted by the two clients' lines (before the fuzzy step
uniqueness alone sufficed; here the field has thinned, so the lines must not say two clients).

A review item of *another* vendor client may hold the PSA client a late pair wants: the fuzzy
step offers what names make plausible ("Patton Environmental" for "PattonBrothersBehavioralH"),
before the name-shape rules have read the pair that spells it. Such a hold gives way only to
evidence a person would accept at a glance (:func:`recon.match.held_release.release_holds`):
the late pair's lines agree, and the lines of no vendor client holding it do. The PSA client
then leaves those items; an item left with no candidate is no question any more, and its
vendor client's lines are gaps.

A licensee, a company id or a trade name written a little apart that exactly one unpaired
client fits, whose lines hold a product in common without agreeing or saying two clients
(seats moved since the names were typed), is one review question holding the PSA client
(:attr:`LatePairs.asks`): the names found the only candidate, and a person settles the seats.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field

from rapidfuzz.fuzz import token_sort_ratio

from recon.match.client_evidence import Footprints, Overlap
from recon.match.company_ids import ASK as ID_ASK
from recon.match.company_ids import NOTE as ID_NOTE
from recon.match.company_ids import id_readings
from recon.match.id_twins import NOTE as ID_TWIN_NOTE
from recon.match.id_twins import twin_id_pairs
from recon.match.names import ClientName
from recon.match.people import ASK as OWNER_ASK
from recon.match.people import NOTE as OWNER_NOTE
from recon.match.people import TWIN_NOTE, Owners, owner_pairs, twin_owner_pairs
from recon.match.people_near import ASK as NEAR_OWNER_ASK
from recon.match.people_near import NOTE as NEAR_OWNER_NOTE
from recon.match.people_near import near_owner_readings
from recon.match.trade_names import NOTE as TRADE_NOTE
from recon.match.trade_names import trade_name_pairs
from recon.match.trade_near import ASK as NEAR_ASK
from recon.match.trade_near import NOTE as NEAR_NOTE
from recon.match.trade_near import near_trade_readings
from recon.model import Candidate, ReviewItem


@dataclass
class LatePairs:
    """Pairs to merge (vendor, PSA, note), review items to add, and the PSA client each item
    holds (by the item's vendor key)."""

    pairs: list[tuple[ClientName, ClientName, str]] = field(default_factory=list)
    asks: list[ReviewItem] = field(default_factory=list)
    held: dict[str, str] = field(default_factory=dict)


def late_pairs(
    leftovers: Sequence[ClientName],
    pool: Sequence[ClientName],
    vendor: Sequence[ClientName],
    psa: Sequence[ClientName],
    footprints: Footprints | None,
    count: Callable[[str], int] | None = None,
) -> LatePairs:
    """The name-shape rules on the clients unpaired after the fuzzy step (module docstring).

    Args:
        leftovers: vendor clients nothing paired and the fuzzy step did not send to review.
        pool: PSA clients nothing took and no review item holds.
        vendor: every vendor client; psa: every PSA client (they guard the trade-name rule).
        footprints: each client's (product, seats) lines; without them nothing is paired.
        count: how many client names write a word; with it, a licensee whose surname the
            firm writes a little apart is read too (:mod:`recon.match.people_near`).
    """
    out = LatePairs()
    if footprints is None or not leftovers or not pool:
        return out
    taken: set[str] = set()

    def take(v: ClientName, p: ClientName, note: str) -> None:
        if v.identity not in taken and p.identity not in taken:
            taken.update((v.identity, p.identity))
            out.pairs.append((v, p, note))

    traded = trade_name_pairs(leftovers, pool, vendor, psa)
    if traded:
        footprints.prepare([v.identity for v, _ in traded], [p.identity for _, p in traded])
        for v, p in traded:
            if not footprints.overlap([v.identity], p.identity).apart:
                take(v, p, TRADE_NOTE)
    owned = owner_pairs(leftovers, pool, footprints, letterhead=True)
    for v, p in owned.pairs:
        take(v, p, OWNER_NOTE)
    twins = twin_owner_pairs(leftovers, pool, footprints)
    for v, p in twins:
        take(v, p, TWIN_NOTE)
    if twins:
        # Look-alikes the twin pass has paired have their counterpart and are no twins any
        # more (this module's argument once more): a licensee and a firm they left alone of
        # their surname and profession pair, or are asked about, as any other.
        again = owner_pairs(
            [v for v in leftovers if v.identity not in taken],
            [p for p in pool if p.identity not in taken],
            footprints,
            letterhead=True,
        )
        for v, p in again.pairs:
            take(v, p, OWNER_NOTE)
        owned = Owners(owned.pairs, [*owned.asks, *again.asks])
    near_asks: list[tuple[ClientName, ClientName, Overlap, str]] = []
    if count is not None:
        for v, p, overlap in near_owner_readings(leftovers, pool, footprints, count):
            if overlap.agrees:
                take(v, p, NEAR_OWNER_NOTE)
            elif overlap.shared_products and not overlap.apart:
                near_asks.append((v, p, overlap, NEAR_OWNER_ASK))
    coded = id_readings(leftovers, pool, footprints)
    for v, p in coded.pairs:
        take(v, p, ID_NOTE)
    for v, p in twin_id_pairs(leftovers, pool, footprints):
        take(v, p, ID_TWIN_NOTE)
    asks = [(*ask, OWNER_ASK) for ask in owned.asks] + [(*ask, ID_ASK) for ask in coded.asks]
    asks += near_asks
    for v, p, overlap in near_trade_readings(leftovers, pool, footprints):
        if overlap.agrees:
            take(v, p, NEAR_NOTE)
        elif overlap.shared_products and not overlap.apart:
            asks.append((v, p, overlap, NEAR_ASK))
    for v, p, overlap, reason in asks:
        if v.identity in taken or p.identity in taken:
            continue
        # Held like a fuzzy review's candidates: no gap on either until a person decides.
        taken.update((v.identity, p.identity))
        out.held[v.key] = p.identity
        score = round(token_sort_ratio(v.key, p.key), 1)
        offered = (Candidate(p.name, score, overlap.words()),)
        out.asks.append(ReviewItem(v.name, v.key, offered, reason, v.money))
    return out


def settle_reviews(
    late: LatePairs, review: Sequence[ReviewItem], held: Collection[str]
) -> set[str]:
    """Keep in ``late`` only the pairs the fuzzy step's review leaves free, and return the
    vendor keys of the review items they settle (module docstring). ``late.asks`` of a
    vendor client already in review are dropped: one question per client."""
    items = {item.vendor_key: item for item in review}
    offered = Counter(c.psa_client for item in review for c in item.candidates)
    settled: set[str] = set()
    kept = []
    for v, p, note in late.pairs:
        item = items.get(v.key)
        if item is None:
            if p.identity not in held:
                kept.append((v, p, note))
            continue
        if [c.psa_client for c in item.candidates] == [p.name] and offered[p.name] == 1:
            settled.add(v.key)
            kept.append((v, p, note))
    late.pairs = kept
    late.asks = [
        a for a in late.asks if a.vendor_key not in items and late.held[a.vendor_key] not in held
    ]
    late.held = {a.vendor_key: late.held[a.vendor_key] for a in late.asks}
    return settled
