"""A review candidate whose lines are another company's is no candidate.

The name steps offer a PSA client for review when the names are alike and the lines do not
settle it, and hold it: neither client raises a gap while a person decides. At 60,000 clients
"Keller Meadows Financial Services, LP", a customer the vendor sells 17 licences to and the
PSA bills nowhere, was offered "Keller Fncl Services", a PSA company billed for 25 lines the
vendor sells it nothing of; the names a word apart, the seats agreeing at 7 of 25 lines. The
question hid 38 gaps, among them a customer bought for and billed nowhere, the largest leak
an MSP has, and a billing lead would answer it "no".

One client's two files agree at most lines (a seat added, a licence not yet billed: a line in
ten or so); two companies buying from one catalogue share products but seldom seats. Of the
56,342 true pairs of the 60,000-client dev pair, 2 hold five lines or more on a side with
seats agreeing at 30 % of them or fewer; of the 18 review candidates there that were another
company, 15 do. So a candidate is dropped from its review item when (:func:`other_company`):

- one side holds at least :data:`APART_LINES` lines (fewer say too little: a single licence
  not yet billed is a third of a three-line client);
- the seats agree (equal, or within a seat or a tenth) at no more than :data:`APART_SHARE` of
  the larger side's lines, line by line and with each product's subscriptions summed;
- the candidate is not one of two offices of one name offered together (the customer billed
  per office, its seats split: :mod:`recon.engine.review_sites` weighs them summed);
- the lines are not one part of a family: a tenant or office whose products are nearly all
  the other side's, each at no more seats (one organisation billed in one sum for several
  tenants, "Meadow Gate Heating & Air" and "... - Boston", agrees at few lines by seats
  and yet is one client: :mod:`recon.engine.family_sites` asks about it).

A PSA client several items hold goes, the same way, from a holder sharing no product with it
while another holder's lines agree with it (:func:`lost_contests`): the lines say whose it is.

An item left with no candidate goes: its vendor client is unmatched and each of its lines a
gap. A PSA client no item offers any more is no longer held: its lines are gaps too. Names
are never read here: the rule rests on the lines alone, and only ever releases, never pairs.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import defaultdict
from collections.abc import Sequence

from recon.match.client_evidence import Footprints, Overlap
from recon.match.client_index import clients_by_name
from recon.match.clients import ClientMatching
from recon.match.names import ClientName
from recon.match.office_sums import part_of
from recon.match.site_labels import sibling_offices

logger = logging.getLogger(__name__)

#: Lines the larger side must hold for its lines to say "another company".
APART_LINES = 5
#: Share of the larger side's lines at most agreeing (by seats) for the two to be apart.
APART_SHARE = 0.3
#: The note of a vendor client whose every review candidate was another company.
NOTE = "its review candidates' lines are other companies'"


def lines_apart(overlap: Overlap) -> bool:
    """True when enough lines agree by seats at too few of them to be one client's.

    Args:
        overlap: what the two clients share, line by line or summed.
    """
    larger = max(overlap.vendor_lines, overlap.psa_lines)
    agreeing = overlap.shared + overlap.near
    return larger >= APART_LINES and agreeing <= APART_SHARE * larger


def other_company(footprints: Footprints, vendor_ids: Sequence[str], psa_id: str) -> bool:
    """True when a review candidate's lines are another company's (module docstring).

    Args:
        footprints: each client's (product, seats) lines, prepared for these clients.
        vendor_ids: the review item's vendor identities (one name, one or more spellings).
        psa_id: the candidate's PSA identity.
    """
    if not lines_apart(footprints.overlap(list(vendor_ids), psa_id)):
        return False
    summed = footprints.summed(vendor_ids, psa_id)
    if summed is not None and not lines_apart(summed):
        return False
    mine = [line for i in vendor_ids for line in footprints.vendor_lines(i)]
    theirs = list(footprints.psa_lines(psa_id))
    return not part_of(mine, theirs) and not part_of(theirs, mine)


def lost_contests(
    offers: Sequence[tuple[str, str, Sequence[str], str]], footprints: Footprints
) -> set[tuple[str, str]]:
    """The offers of a PSA client that several review items hold, made to a vendor client
    sharing no product with it, while another holder's lines agree with it.

    "GordonHav", offered to "Gordon Haven Insurance Services LP" (its one line alike) and to
    "GORDON CONSULTING, L.P." (no product in common): the lines say whose it is, and the
    other vendor client is bought for and billed nowhere.

    Args:
        offers: (vendor key, candidate name, vendor identities, PSA identity) of each offer.
        footprints: each client's lines, prepared for these clients.

    Returns:
        The (vendor key, candidate name) offers lost.
    """
    by_name: dict[str, list[tuple[str, Overlap]]] = defaultdict(list)
    for key, name, ids, psa_id in offers:
        by_name[name].append((key, footprints.overlap(list(ids), psa_id)))
    lost: set[tuple[str, str]] = set()
    for name, holders in by_name.items():
        if len(holders) < 2 or not any(o.agrees for _, o in holders):
            continue
        lost.update((key, name) for key, o in holders if o.disjoint)
    return lost


def release_other_companies(
    matching: ClientMatching,
    vendor: Sequence[ClientName],
    psa: Sequence[ClientName],
    footprints: Footprints,
) -> ClientMatching:
    """The matching with every review candidate whose lines are another company's dropped.

    Args:
        matching: the client matching, its review items holding their candidates.
        vendor: the vendor side's distinct clients.
        psa: the PSA side's distinct clients.
        footprints: each client's (product, seats) lines.

    Returns:
        The matching with those candidates out of their items; an item left with none gone
        (its vendor client unmatched, with :data:`NOTE`), and a PSA client no item offers
        any more no longer held (unmatched). Unchanged when no candidate is dropped.
    """
    if not matching.review:
        return matching
    vendor_ids: dict[str, list[str]] = defaultdict(list)
    for v in vendor:
        if v.identity not in matching.vendor_to_psa:
            vendor_ids[v.key].append(v.identity)
    psa_by_name = clients_by_name(psa)
    # A candidate name two PSA clients write, or an item whose key names no unmatched vendor
    # client, cannot be read line by line: it stays.
    asked = [
        (item, c, psa_by_name[c.psa_client][0].identity)
        for item in matching.review
        if vendor_ids.get(item.vendor_key)
        for c in item.candidates
        if len(psa_by_name.get(c.psa_client, ())) == 1
        and psa_by_name[c.psa_client][0].identity in matching.held_psa
    ]
    if not asked:
        return matching
    footprints.prepare(
        {i for item, _, _ in asked for i in vendor_ids[item.vendor_key]},
        {p for _, _, p in asked},
    )
    keys = {p.name: p.key for p in psa}
    offices = {
        (item.vendor_key, name)
        for item in matching.review
        for name in (c.psa_client for c in item.candidates)
        if keys.get(name) in sibling_offices([keys.get(c.psa_client, "") for c in item.candidates])
    }
    dropped = {
        (item.vendor_key, c.psa_client)
        for item, c, p in asked
        if (item.vendor_key, c.psa_client) not in offices
        and other_company(footprints, vendor_ids[item.vendor_key], p)
    }
    dropped |= lost_contests(
        [(item.vendor_key, c.psa_client, vendor_ids[item.vendor_key], p) for item, c, p in asked],
        footprints,
    )
    if not dropped:
        return matching
    for key, name in sorted(dropped):
        logger.debug("review candidate %r of %r: another company's lines", name, key)
    kept = []
    gone: set[str] = set()
    for item in matching.review:
        left = tuple(c for c in item.candidates if (item.vendor_key, c.psa_client) not in dropped)
        if not left:
            gone.add(item.vendor_key)
        elif len(left) == len(item.candidates):
            kept.append(item)
        else:
            kept.append(dataclasses.replace(item, candidates=left))
    still = {c.psa_client for item in kept for c in item.candidates}
    freed_psa = {
        p.identity
        for _, name in dropped
        if name not in still
        for p in psa_by_name.get(name, ())
        if p.identity in matching.held_psa
    }
    freed = tuple(i for key in sorted(gone) for i in vendor_ids.get(key, ()))
    return dataclasses.replace(
        matching,
        review=tuple(kept),
        held_psa=matching.held_psa - freed_psa,
        unmatched_vendor=(*matching.unmatched_vendor, *freed),
        unmatched_psa=(*matching.unmatched_psa, *sorted(freed_psa)),
        notes={**matching.notes, **dict.fromkeys(freed, NOTE)},
    )
