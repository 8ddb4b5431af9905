"""A PSA client held by review items its lines do not back is free for a leftover they do.

The fuzzy step holds every PSA client it offers, so no gap is raised on it while a person
decides. When the item's own candidate went elsewhere, what it still offers may be a name
alone: at 60,000 clients "THE MISTY PT HOSP., PA" (a vendor-only client) is offered "PT
Hosp." ("differs by 'MISTY'"), sharing none of its 24 (product, seats) lines, while "Pacific
Terrace Hospitality Corp." holds 20 of PT Hosp.'s 23 lines at the same seats and, finding
it held, stays a vendor-only client: its every line a false "missing in PSA", PT Hosp.'s
gaps hidden behind a question a billing lead would answer no.

:func:`loosely_held` names the held PSA clients whose every holder's lines are not those of
one client (:attr:`recon.match.overlap.Overlap.agrees` false: nothing alike, or too little);
the leftovers pass (:func:`recon.match.leftovers.ask_leftovers`) weighs them as it weighs
unmatched PSA clients, with every bar of its own (lines that agree, a name link, no rival as
good), and :func:`release` takes a PSA client it asks about out of those holders' items (an
item left with no candidate goes, its vendor client unmatched, its lines gaps again). A
holder whose lines agree keeps its candidate and its hold.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Collection, Sequence

from recon.match.client_evidence import Footprints
from recon.match.client_index import clients_by_key, clients_by_name
from recon.match.clients import SPELLING_SEP, ClientMatching
from recon.match.names import ClientName
from recon.model import ReviewItem

#: Words a leftover's name and a holder's must begin with alike to be one organisation's.
MIN_OWN_WORDS = 2


def loosely_held(
    matching: ClientMatching,
    vendor: Sequence[ClientName],
    psa: Sequence[ClientName],
    footprints: Footprints,
) -> list[ClientName]:
    """The held PSA clients no holder's lines back (module docstring).

    Args:
        matching: the client matching, its review items holding PSA clients.
        vendor: the vendor side's distinct clients.
        psa: the PSA side's distinct clients.
        footprints: each client's (product, seats) lines.

    Returns:
        Those PSA clients. A PSA name two clients write, or a holder whose key two vendor
        clients write, keeps its hold (the lines of one client cannot be told).
    """
    if not matching.review:
        return []
    by_name, by_key = clients_by_name(psa), clients_by_key(vendor)
    holders: dict[str, list[ClientName]] = defaultdict(list)
    unread: set[str] = set()
    for item in matching.review:
        owners = by_key.get(item.vendor_key, [])
        for c in item.candidates:
            if len(by_name.get(c.psa_client, ())) != 1 or len(owners) != 1:
                unread.add(c.psa_client)
            else:
                holders[c.psa_client].append(owners[0])
    free = [
        by_name[name][0]
        for name in holders
        if name not in unread
        and by_name[name][0].identity in matching.held_psa
        and SPELLING_SEP not in by_name[name][0].identity
    ]
    if not free:
        return []
    footprints.prepare(
        {o.identity for p in free for o in holders[p.name]}, {p.identity for p in free}
    )
    return [
        p
        for p in free
        if footprints.psa_lines(p.identity)
        and not any(footprints.overlap([o.identity], p.identity).agrees for o in holders[p.name])
    ]


def held_by_own(vendor_key: str, psa_name: str, review: Sequence[ReviewItem]) -> bool:
    """True when a review item holding ``psa_name`` is the leftover's own organisation: one
    key is the other's words and more ("Herrera and Graham Laboratories - Madison Tenant"
    beside the holder "Herrera and Graham Laboratories"), so the PSA client is the holder's
    to be asked about, its tenant's lines the family's (two words or more in common).

    Args:
        vendor_key: the leftover vendor client's key.
        psa_name: the PSA client's name as written.
        review: the review items.
    """
    mine = vendor_key.split()
    for item in review:
        if not any(c.psa_client == psa_name for c in item.candidates):
            continue
        theirs = item.vendor_key.split()
        common = min(len(mine), len(theirs))
        if common >= MIN_OWN_WORDS and mine[:common] == theirs[:common]:
            return True
    return False


def release(
    matching: ClientMatching, taken: Collection[str], vendor: Sequence[ClientName]
) -> ClientMatching:
    """The matching with the PSA clients ``taken`` (names) out of every review item's
    candidates; an item left with none goes, its vendor client unmatched.

    Args:
        matching: the client matching.
        taken: the names of the loosely held PSA clients a leftover pair now asks about.
        vendor: the vendor side's distinct clients (to unmatch a dropped item's client).
    """
    if not taken:
        return matching
    kept = []
    dropped: set[str] = set()
    for item in matching.review:
        left = tuple(c for c in item.candidates if c.psa_client not in taken)
        if not left:
            dropped.add(item.vendor_key)
        elif len(left) == len(item.candidates):
            kept.append(item)
        else:
            kept.append(dataclasses.replace(item, candidates=left))
    freed = tuple(v.identity for v in vendor if v.key in dropped)
    return dataclasses.replace(
        matching,
        review=tuple(kept),
        unmatched_vendor=(*matching.unmatched_vendor, *freed),
        notes={
            **matching.notes,
            **dict.fromkeys(freed, "its review candidate's lines are another client's"),
        },
    )
