"""A late pair's PSA client held by another vendor client's review item: who has the lines?

The fuzzy step holds every PSA client a review item offers, so no gap is raised on it while a
person decides. It offers what names alone make plausible, and the name-shape rules that run
after it (:mod:`recon.match.late_pairs`) may then read the pair that really spells the client:
"patton brothers behavioral health" for the company id "PattonBrothersBehavioralH", offered a
moment earlier to "Patton Environmental". A billing lead shown both would take the pair whose
(product, seats) lines agree over a candidate whose lines do not. So a late pair takes its PSA
client from the items holding it only when

- the late pair's lines agree (:attr:`Overlap.agrees`), and
- the lines of no vendor client whose item holds that PSA client agree with it;

otherwise the hold stands and the late pair is not made (:func:`settle_reviews` drops it).
The released PSA client leaves those items' candidates; an item with none left is dropped: its
vendor client is unmatched, as the fuzzy step leaves one whose every candidate went elsewhere.
"""

from __future__ import annotations

from collections import defaultdict
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
    footprints: Footprints | None,
) -> tuple[list[ReviewItem], set[str]]:
    """The review items and held PSA identities once late pairs have taken what their lines
    win (module docstring).

    Args:
        pairs: the late pairs (vendor, PSA, note).
        review: the fuzzy step's review items.
        held: the PSA identities those items hold.
        vendor: every vendor client (to find each item's vendor client by its key).
        footprints: each client's (product, seats) lines; without them nothing is released.

    Returns:
        The review items without the released candidates (an item left with none dropped),
        and the PSA identities still held.
    """
    if footprints is None or not review:
        return list(review), held
    holders: dict[str, list[ReviewItem]] = defaultdict(list)
    for item in review:
        for c in item.candidates:
            holders[c.psa_client].append(item)
    contested = [
        (v, p)
        for v, p, _ in pairs
        if p.identity in held and not any(i.vendor_key == v.key for i in holders[p.name])
    ]
    if not contested:
        return list(review), held
    by_key: dict[str, list[str]] = defaultdict(list)
    for client in vendor:
        by_key[client.key].append(client.identity)
    rivals = {
        p.identity: [ident for item in holders[p.name] for ident in by_key[item.vendor_key]]
        for _, p in contested
    }
    footprints.prepare(
        [v.identity for v, _ in contested] + [i for ids in rivals.values() for i in ids],
        [p.identity for _, p in contested],
    )
    released: dict[str, str] = {}  # PSA name -> identity
    for v, p in contested:
        if not footprints.overlap([v.identity], p.identity).agrees:
            continue
        if any(footprints.overlap([r], p.identity).agrees for r in rivals[p.identity]):
            continue
        released[p.name] = p.identity
    if not released:
        return list(review), held
    kept: list[ReviewItem] = []
    for item in review:
        left = tuple(c for c in item.candidates if c.psa_client not in released)
        if len(left) == len(item.candidates):
            kept.append(item)
        elif left:
            kept.append(replace(item, candidates=left))
    return kept, held - set(released.values())
