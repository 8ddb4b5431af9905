"""A late pair against the fuzzy step's review items: who has the lines?

The fuzzy step offers what names alone make plausible and holds every PSA client it offers, so
no gap is raised on it while a person decides. The name-shape rules that run after it
(:mod:`recon.match.late_pairs`) may then read the pair that really spells a client: "Russo
Auto Repair" is the company id "RussoAut" (five lines alike), while the fuzzy step asked
whether it is "Russo Auto" (no product in common); "PattonBrothersBehavioralH" is "patton
brothers behavioral health", while the fuzzy step offered it to "Patton Environmental". A
billing lead shown both takes the pair whose (product, seats) lines agree over candidates
whose lines do not. So a late pair settles the items in its way only when

- the late pair's lines agree (:attr:`Overlap.agrees`);
- the vendor client's own item, if it has one, offers no other candidate whose lines agree
  with it (and it is the only item of that name);
- no other vendor client whose item holds the PSA client has lines agreeing with it.

Then the vendor client's own item is settled (gone: the pair answers it), the PSA client leaves
the other items' candidates, an item left with none is dropped (its vendor client unmatched, as
the fuzzy step leaves one whose every candidate went elsewhere), and a PSA client no item
offers any more is no longer held. Otherwise the items stand and the late pair is not made
(:func:`recon.match.late_pairs.settle_reviews` drops it).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace

from recon.match.client_evidence import Footprints
from recon.match.names import ClientName
from recon.model import ReviewItem


def release_holds(
    pairs: Sequence[tuple[ClientName, ClientName, str]],
    review: Sequence[ReviewItem],
    held: set[str],
    vendor: Sequence[ClientName],
    psa: Sequence[ClientName],
    footprints: Footprints | None,
) -> tuple[list[ReviewItem], set[str]]:
    """The review items and held PSA identities once late pairs have settled what their lines
    win (module docstring).

    Args:
        pairs: the late pairs (vendor, PSA, note).
        review: the fuzzy step's review items.
        held: the PSA identities those items hold.
        vendor: every vendor client (to find each item's vendor client by its key).
        psa: every PSA client (to find each candidate by its name).
        footprints: each client's (product, seats) lines; without them nothing changes.

    Returns:
        The review items left (the settled ones gone, released candidates removed, an item
        left with none dropped), and the PSA identities still held.
    """
    if footprints is None or not review:
        return list(review), held
    holders: dict[str, list[ReviewItem]] = defaultdict(list)
    for item in review:
        for c in item.candidates:
            holders[c.psa_client].append(item)
    own = {item.vendor_key: item for item in review}
    items_of = Counter(item.vendor_key for item in review)
    contested = [
        (v, p) for v, p, _ in pairs if (p.identity in held or v.key in own) and items_of[v.key] <= 1
    ]
    if not contested:
        return list(review), held
    vendor_ids: dict[str, list[str]] = defaultdict(list)
    for client in vendor:
        vendor_ids[client.key].append(client.identity)
    psa_ids: dict[str, list[str]] = defaultdict(list)
    for client in psa:
        psa_ids[client.name].append(client.identity)
    rivals = {
        p.identity: [
            ident
            for item in holders[p.name]
            if item.vendor_key != v.key
            for ident in vendor_ids[item.vendor_key]
        ]
        for v, p in contested
    }
    offered = {
        v.identity: [
            ident
            for c in (own[v.key].candidates if v.key in own else ())
            if c.psa_client != p.name
            for ident in psa_ids[c.psa_client]
        ]
        for v, p in contested
    }
    footprints.prepare(
        [v.identity for v, _ in contested] + [i for ids in rivals.values() for i in ids],
        [p.identity for _, p in contested] + [i for ids in offered.values() for i in ids],
    )
    settled: set[str] = set()
    released: set[str] = set()  # PSA names
    for v, p in contested:
        if not footprints.overlap([v.identity], p.identity).agrees:
            continue
        if any(footprints.overlap([v.identity], o).agrees for o in offered[v.identity]):
            continue
        if any(footprints.overlap([r], p.identity).agrees for r in rivals[p.identity]):
            continue
        settled.add(v.key)
        released.add(p.name)
    if not settled:
        return list(review), held
    kept: list[ReviewItem] = []
    for item in review:
        if item.vendor_key in settled:
            continue
        left = tuple(c for c in item.candidates if c.psa_client not in released)
        if len(left) == len(item.candidates):
            kept.append(item)
        elif left:
            kept.append(replace(item, candidates=left))
    still = {ident for item in kept for c in item.candidates for ident in psa_ids[c.psa_client]}
    gone = {ident for item in review for c in item.candidates for ident in psa_ids[c.psa_client]}
    return kept, held - (gone - still)
