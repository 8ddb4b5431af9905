"""One client written at two sites: "X - Spokane" in the vendor file, "X (Tampa)" in the PSA.

The near-twin guard reads two different places as two sites, and two sites as two clients
(:mod:`recon.match.names`): "Smith Law (Denver)" is not "Smith Law (Austin)". That holds
while either side could bill the other site. When neither file holds another client of that
name, at any site, and the two clients' lines say they are one (they overwhelm: three or more
shared (product, seats) lines covering 80 % of both; or the same two or more products with
most of their seats agreeing; or, when both labels are only places and office words, two or
more rare exact lines covering half of the smaller client's: :func:`lines_settle`), the two
site words are two labels of one client: the exports were written by different people, each
naming the office they deal with.

The pair is matched with method ``evidence``, its note naming both sites and the lines. When
the lines are too thin to say so but do not say two clients, and both labels are only places
and office or department words, the pair is one review question (its one candidate) rather
than an unmatched client on each side whose every line would be a false gap.

One side only may write the site: "Tran Surveying" bought, "Tran Surveying - Columbus" billed
(a PSA company named after the office the MSP deals with, "- Main Office", "(Tampa)", "-
Billing"). The fuzzy step holds such a pair in review (a place is a distinguishing word). When
the label is only places and office or department words (never a direction, a number or a
branch: "- East", "II" are near twins; nor "of Tampa", part of a legal name), nothing else in
either file bears the name, the review item offers that one candidate to no other item, and
the lines do not say two clients (some product in common, or one side billing no product the
vendor file sells), the pair is matched (:func:`settle_site_labels`).
"""

from __future__ import annotations

import bisect
import dataclasses
import math
from collections import Counter
from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz

from recon.match.client_evidence import Footprints, Overlap
from recon.match.client_index import (
    by_identity,
    by_lone_name,
    by_name_and_key,
    keys_by_first_word,
)
from recon.match.clients import SPELLING_SEP, ClientMatching, shown_key
from recon.match.leftovers import REVIEW_BUDGET
from recon.match.names import ClientName, site_split
from recon.match.office_labels import site_label
from recon.model import Candidate, ClientMatch, MatchMethod, ReviewItem
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


#: Bits the shared lines of a two-site pair must weigh when they support it without
#: overwhelming it: two (product, seats) lines each held by at most 1 in 32 of the vendor
#: file's clients, or more of commoner ones.
SUPPORT_BITS = 10.0


def lines_settle(overlap: Overlap) -> bool:
    """True when two clients' lines settle a pair whose two labels are only places and office
    words, though they do not overwhelm: two or more exact (product, seats) lines in common,
    covering half the smaller client's lines (:attr:`Overlap.supports`, which no pair whose
    lines say two clients meets), weighing :data:`SUPPORT_BITS`. The rest is what the run is
    for: a licence one side has and the other lacks ("Office 365 E1" bought, never billed), a
    seat count that moved.

    Args:
        overlap: what the two clients hold in common.
    """
    return overlap.shared >= SAME_PRODUCTS and overlap.supports and overlap.bits >= SUPPORT_BITS


def _settled(v: ClientName, p: ClientName, overlap: Overlap) -> bool:
    """True when the lines make one client of a two-site pair: :func:`one_client`, or
    :func:`lines_settle` when both labels are only places and office words
    (:func:`site_label`; a direction, a number or a branch may name another client)."""
    if one_client(overlap):
        return True
    labelled = site_label(v.name) is not None and site_label(p.name) is not None
    return labelled and lines_settle(overlap)


def pair_sites(
    matching: ClientMatching,
    vendor: Sequence[ClientName],
    psa: Sequence[ClientName],
    footprints: Footprints,
    *,
    rejected: Iterable[tuple[str, str]] = (),
) -> ClientMatching:
    """Match unmatched clients that are one name at two sites (:func:`pair_two_sites`), then
    settle the review items whose names differ by one side's site label alone
    (:func:`settle_site_labels`).

    Args:
        matching: the client matching.
        vendor: the vendor side's distinct clients.
        psa: the PSA side's distinct clients.
        footprints: each client's (product, seats) lines.
        rejected: (vendor name, PSA name) pairs people said are two clients (default: none).
    """
    matching = pair_two_sites(matching, vendor, psa, footprints, rejected=rejected)
    # A rejected pair is never offered in review, so the labels need no rejections.
    return settle_site_labels(matching, vendor, psa, footprints)


def pair_two_sites(
    matching: ClientMatching,
    vendor: Sequence[ClientName],
    psa: Sequence[ClientName],
    footprints: Footprints,
    *,
    rejected: Iterable[tuple[str, str]] = (),
) -> ClientMatching:
    """Match unmatched clients that are one name at two sites, when nothing else bears the name
    and their lines say they are one client; ask about them (a review item) when the lines are
    too thin but fit one client (:func:`_ask_sites`).

    Args:
        matching: the client matching.
        vendor: the vendor side's distinct clients.
        psa: the PSA side's distinct clients.
        footprints: each client's (product, seats) lines.
        rejected: (vendor name, PSA name) pairs people said are two clients (default: none).

    Returns:
        The matching, with such pairs matched or asked and taken out of the unmatched lists.
    """
    vendor_by_id, psa_by_id = by_identity(vendor), by_identity(psa)
    lone_vendor = _by_base(vendor_by_id[i] for i in matching.unmatched_vendor)
    lone_psa = _by_base(psa_by_id[i] for i in matching.unmatched_psa if SPELLING_SEP not in i)
    shared = set(lone_vendor) & set(lone_psa)
    if not shared:
        return matching
    vendor_keys = _Prefixes(vendor, shared)
    psa_keys = _Prefixes(psa, shared)
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
        if _settled(v, p, overlap)
    ]
    asked = _ask_sites(matching, pairs, shares, len(vendor))
    if not found and not asked:
        return matching
    return settle_pairs(
        matching,
        [
            (
                v,
                p,
                f"one name at two sites ({_sites(v)} / {_sites(p)}), no other client "
                f"of that name; {overlap.words()}",
            )
            for v, p, overlap in found
        ],
        [
            (v, p, note, f"one name at two sites: the lines do not settle it; {note}")
            for v, p, note in asked
        ],
    )


def settle_pairs(
    matching: ClientMatching,
    found: Sequence[tuple[ClientName, ClientName, str]],
    asked: Sequence[tuple[ClientName, ClientName, str, str]],
) -> ClientMatching:
    """The matching with each found pair matched on its lines (vendor, PSA, the match's note)
    and each asked pair put to review (vendor, PSA, the candidate's note, the question), its
    PSA client held; both leave the unmatched lists. One home for the site passes' answers.
    """
    done_v = {v.identity for v, _, _ in found} | {v.identity for v, _, _, _ in asked}
    done_p = {p.identity for _, p, _ in found} | {p.identity for _, p, _, _ in asked}
    review = (
        *matching.review,
        *(
            ReviewItem(
                v.name,
                v.key,
                (Candidate(p.name, round(float(fuzz.token_sort_ratio(v.key, p.key)), 1), note),),
                question,
                v.money,
            )
            for v, p, note, question in asked
        ),
    )
    return dataclasses.replace(
        matching,
        review=tuple(sorted(review, key=lambda r: (-r.money_at_stake, r.vendor_client))),
        held_psa=matching.held_psa | {p.identity for _, p, _, _ in asked},
        notes={k: n for k, n in matching.notes.items() if k not in done_v},
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
                    note,
                )
                for v, p, note in found
            ),
        ),
        vendor_to_psa={**matching.vendor_to_psa, **{v.identity: p.identity for v, p, _ in found}},
        unmatched_vendor=tuple(i for i in matching.unmatched_vendor if i not in done_v),
        unmatched_psa=tuple(i for i in matching.unmatched_psa if i not in done_p),
    )


def _ask_sites(
    matching: ClientMatching,
    pairs: Sequence[tuple[ClientName, ClientName]],
    shares: Sequence[Overlap],
    vendor_clients: int,
) -> list[tuple[ClientName, ClientName, str]]:
    """The two-site pairs to ask about: both labels only places and office or department words
    (:func:`site_label`), lines too thin to match them (:func:`one_client`) that still fit one
    client (:func:`label_fits`). Left unmatched, every line of both would be a false gap on
    each side; asked, a person answers once. Most money first, while the review queue stays
    within the leftovers' review budget
    (:data:`recon.match.leftovers.REVIEW_BUDGET` of the vendor file's clients).
    """
    room = math.floor(REVIEW_BUDGET * vendor_clients) - len(matching.review)
    asked = [
        (
            v,
            p,
            f"one name at two sites ({_sites(v)} / {_sites(p)}), no other client of that "
            f"name; {overlap.words()}",
        )
        for (v, p), overlap in zip(pairs, shares, strict=True)
        if not _settled(v, p, overlap)
        and label_fits(overlap)
        and site_label(v.name) is not None
        and site_label(p.name) is not None
    ]
    asked.sort(key=lambda a: (-a[0].money, a[0].name))
    return asked[: max(room, 0)]


def _label_apart(vendor_name: str, psa_name: str) -> tuple[tuple[str, ...], str] | None:
    """The shared base and the one side's label, when two names differ by that alone."""
    v, p = site_label(vendor_name), site_label(psa_name)
    if v is None or p is None or v[0] != p[0] or len(v[0]) < MIN_BASE_WORDS:
        return None
    if bool(v[1]) == bool(p[1]):  # no label, or one on each side (pair_two_sites' case)
        return None
    return v[0], " ".join(v[1] or p[1])


def label_fits(overlap: Overlap) -> bool:
    """True when the lines leave a one-sided site label as one client: nothing contradicts,
    and the two hold a product in common, or one side bills no product the vendor file sells
    (its lines say nothing either way). Two clients that each hold products, none shared,
    stay in review.

    Args:
        overlap: what the two clients hold in common.
    """
    if overlap.contradicts:
        return False
    return overlap.shared_products >= 1 or min(overlap.vendor_lines, overlap.psa_lines) == 0


def settle_site_labels(
    matching: ClientMatching,
    vendor: Sequence[ClientName],
    psa: Sequence[ClientName],
    footprints: Footprints,
) -> ClientMatching:
    """Match the review items whose one candidate differs from the vendor name only by a site
    label one side writes ("Tran Surveying" / "Tran Surveying - Columbus"), when nothing else
    bears the name and the lines fit (:func:`label_fits`).

    Args:
        matching: the client matching.
        vendor: the vendor side's distinct clients.
        psa: the PSA side's distinct clients.
        footprints: each client's (product, seats) lines.

    Returns:
        The matching with those pairs matched (method ``evidence``) and out of review.
    """
    if not matching.review:
        return matching
    offered = Counter(c.psa_client for item in matching.review for c in item.candidates)
    in_review = Counter(item.vendor_key for item in matching.review)
    psa_by_name, vendor_by_name = by_lone_name(psa), by_name_and_key(vendor)
    chosen: list[tuple[ReviewItem, ClientName, ClientName, str]] = []
    for item in matching.review:
        # One pair, one question: a single candidate offered to no other item, a name
        # no rule found on the lines alone.
        if len(item.candidates) != 1 or item.vendor_key in matching.by_lines:
            continue
        best = item.candidates[0]
        if offered[best.psa_client] != 1 or in_review[item.vendor_key] != 1:
            continue
        v = vendor_by_name.get((item.vendor_client, item.vendor_key))
        p = psa_by_name.get(best.psa_client)
        if v is None or p is None or SPELLING_SEP in p.identity:
            continue
        apart = _label_apart(v.name, p.name)
        if apart is not None:
            chosen.append((item, v, p, " ".join(apart[0])))
    if not chosen:
        return matching
    # Nothing else bears the name: no other client's key is the base or extends it.
    bases = {c[3] for c in chosen}
    vendor_keys = _Prefixes(vendor, bases)
    psa_keys = _Prefixes(psa, bases)
    chosen = [c for c in chosen if vendor_keys.count(c[3]) == 1 and psa_keys.count(c[3]) == 1]
    if not chosen:
        return matching
    footprints.admit((v.identity for _, v, _, _ in chosen), (p.identity for _, _, p, _ in chosen))
    shares = footprints.overlaps([([v.identity], p.identity) for _, v, p, _ in chosen])
    found = [
        (item, v, p, overlap)
        for (item, v, p, _), overlap in zip(chosen, shares, strict=True)
        if label_fits(overlap)
    ]
    if not found:
        return matching
    done = {item.vendor_key for item, _, _, _ in found}
    return dataclasses.replace(
        matching,
        matches=(
            *matching.matches,
            *(
                ClientMatch(
                    v.name,
                    p.name,
                    MatchMethod.EVIDENCE,
                    item.candidates[0].score,
                    v.key,
                    shown_key(p.identity),
                    f"differs only by the site label '{_label_of(v, p)}', no other client "
                    f"of that name; {overlap.words()}",
                )
                for item, v, p, overlap in found
            ),
        ),
        review=tuple(r for r in matching.review if r.vendor_key not in done),
        vendor_to_psa={
            **matching.vendor_to_psa,
            **{v.identity: p.identity for _, v, p, _ in found},
        },
        held_psa=matching.held_psa - {p.identity for _, _, p, _ in found},
    )


def _label_of(v: ClientName, p: ClientName) -> str:
    apart = _label_apart(v.name, p.name)
    return apart[1] if apart is not None else ""


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
    searches per question.

    Only keys whose first word is the first word of a base to be ``asked`` about are sorted
    (a key that is a base or extends it begins with its first word): a few hundred of the
    keys of a 60,000-client run, where sorting them all, twice per side, took a tenth of a
    second.
    """

    def __init__(self, clients: Sequence[ClientName], asked: Iterable[str]) -> None:
        firsts = {base.partition(" ")[0] for base in asked}
        # The side's keys by first word are indexed once a run (four questions a side).
        by_first = keys_by_first_word(clients)
        self._keys = sorted({k for first in firsts for k in by_first.get(first, ())})

    def count(self, base: str) -> int:
        start = bisect.bisect_left(self._keys, base)
        end = bisect.bisect_left(self._keys, base + " \U0010ffff")
        return sum(1 for key in self._keys[start:end] if key == base or key.startswith(base + " "))
