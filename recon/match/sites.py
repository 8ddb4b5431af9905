"""One client written at two sites: "X - Spokane" in the vendor file, "X (Tampa)" in the PSA.

The near-twin guard reads two different places as two sites, and two sites as two clients
(:mod:`recon.match.names`): "Smith Law (Denver)" is not "Smith Law (Austin)". That holds
while either side could bill the other site. When neither file holds another client of that
name, at any site, and the two clients' lines say they are one (they overwhelm: three or more
shared (product, seats) lines covering 80 % of both; or the same two or more products with
most of their seats agreeing), the two site words are two labels of one client: the exports
were written by different people, each naming the office they deal with.

The pair is matched with method ``evidence``, its note naming both sites and the lines.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections import Counter
from collections.abc import Iterable, Sequence

from recon.match.client_evidence import Footprints, Overlap
from recon.match.clients import SPELLING_SEP, ClientMatching, shown_key
from recon.match.names import ClientName, site_split
from recon.model import ClientMatch, MatchMethod
from recon.normalize import client_key

#: Words the name without its sites must keep: one word alone ("Smith") names too many.
MIN_BASE_WORDS = 2
#: Products both clients hold, and nothing else, when the lines do not overwhelm.
SAME_PRODUCTS = 2


def one_client(overlap: Overlap) -> bool:
    """True when two clients' lines say they are one: they overwhelm, or the two hold exactly
    the same products (two or more) and the shared lines support the pair.

    Args:
        overlap: what the two clients hold in common.
    """
    if overlap.overwhelms:
        return True
    products = overlap.shared_products
    return (
        products >= SAME_PRODUCTS
        and overlap.vendor_lines == products == overlap.psa_lines
        and overlap.supports
    )


def pair_sites(
    matching: ClientMatching,
    vendor: Sequence[ClientName],
    psa: Sequence[ClientName],
    footprints: Footprints,
    *,
    rejected: Iterable[tuple[str, str]] = (),
) -> ClientMatching:
    """Match unmatched clients that are one name at two sites, when nothing else bears the name
    and their lines say they are one client.

    Args:
        matching: the client matching.
        vendor: the vendor side's distinct clients.
        psa: the PSA side's distinct clients.
        footprints: each client's (product, seats) lines.
        rejected: (vendor name, PSA name) pairs people said are two clients (default: none).

    Returns:
        The matching, with such pairs matched and taken out of the unmatched lists.
    """
    vendor_by_id = {v.identity: v for v in vendor}
    psa_by_id = {p.identity: p for p in psa}
    lone_vendor = _by_base(vendor_by_id[i] for i in matching.unmatched_vendor)
    lone_psa = _by_base(psa_by_id[i] for i in matching.unmatched_psa if SPELLING_SEP not in i)
    shared = set(lone_vendor) & set(lone_psa)
    if not shared:
        return matching
    vendor_keys = _Prefixes(v.key for v in vendor)
    psa_keys = _Prefixes(p.key for p in psa)
    no = {(client_key(v), client_key(p)) for v, p in rejected}
    pairs = [
        (lone_vendor[base], lone_psa[base])
        for base in sorted(shared)
        if vendor_keys.count(base) == 1
        and psa_keys.count(base) == 1
        and (lone_vendor[base].key, lone_psa[base].key) not in no
    ]
    if not pairs:
        return matching
    footprints.admit((v.identity for v, _ in pairs), (p.identity for _, p in pairs))
    shares = footprints.overlaps([([v.identity], p.identity) for v, p in pairs])
    found = [
        (v, p, overlap)
        for (v, p), overlap in zip(pairs, shares, strict=True)
        if one_client(overlap)
    ]
    if not found:
        return matching
    matched_v = {v.identity for v, _, _ in found}
    matched_p = {p.identity for _, p, _ in found}
    return dataclasses.replace(
        matching,
        matches=(
            *matching.matches,
            *(
                ClientMatch(
                    v.name,
                    p.name,
                    MatchMethod.EVIDENCE,
                    100.0,
                    v.key,
                    shown_key(p.identity),
                    f"one name at two sites ({_sites(v)} / {_sites(p)}), no other client "
                    f"of that name; {overlap.words()}",
                )
                for v, p, overlap in found
            ),
        ),
        vendor_to_psa={
            **matching.vendor_to_psa,
            **{v.identity: p.identity for v, p, _ in found},
        },
        unmatched_vendor=tuple(i for i in matching.unmatched_vendor if i not in matched_v),
        unmatched_psa=tuple(i for i in matching.unmatched_psa if i not in matched_p),
    )


def _sites(client: ClientName) -> str:
    return " ".join(site_split(client.name)[1])


def _by_base(clients: Iterable[ClientName]) -> dict[str, ClientName]:
    """Base key -> the one client of it that writes a site (bases two clients write, and
    names too short or without a site, are left out)."""
    found: dict[str, ClientName] = {}
    seen: Counter[str] = Counter()
    for client in clients:
        base, site = site_split(client.name)
        if not site or len(base) < MIN_BASE_WORDS:
            continue
        key = " ".join(base)
        seen[key] += 1
        found[key] = client
    return {key: client for key, client in found.items() if seen[key] == 1}


class _Prefixes:
    """How many keys are a base key or extend it by whole words: one sorted list, two binary
    searches per question."""

    def __init__(self, keys: Iterable[str]) -> None:
        self._keys = sorted(set(keys))

    def count(self, base: str) -> int:
        start = bisect.bisect_left(self._keys, base)
        end = bisect.bisect_left(self._keys, base + " \U0010ffff")
        return sum(1 for key in self._keys[start:end] if key == base or key.startswith(base + " "))
