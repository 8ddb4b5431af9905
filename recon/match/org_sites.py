"""One client written with a site label and an organisation word apart: "Wright Dental Group
INC" bought, "Wright Dental Main Office" billed.

A PSA company is often named after the office the MSP deals with ("- Main Office", "(Tampa)",
"- Admin"), while the distributor's customer record carries the registered name, with its
"Group", "Holdings" or "Services". Each difference alone is read elsewhere: a site label one
side writes (:func:`recon.match.sites.settle_site_labels`), two site labels
(:func:`recon.match.sites.pair_two_sites`), an organisation word business registers disregard
when comparing names (UK Companies House "same as" rules; :mod:`recon.match.clients`). Both
at once, no rule pairs the names, and every line of the client becomes a false gap on each
side: at 60,000 clients one such client with seventeen products is 34 false gaps.

So, of the clients left unmatched (never one a review item holds), a vendor client and a PSA
client are read as one when:

- each name is its base words and a site label made only of places and office or
  department words (:func:`recon.match.office_labels.site_label`; a direction, a number or a branch
  may name another client), and at least one side writes a label;
- the two bases differ, and only by organisation words (:data:`ORGANISATION_WORDS`), and
  keep :data:`MIN_BASE_WORDS` other words ("Smith" alone names too many);
- no other client in either file bears that name (its key, organisation words set aside,
  is not the base and does not extend it: "Wright Dental Lab" beside them is a near twin
  and stops the rule);
- the lines say one client, as they must for two site labels
  (:func:`recon.match.sites.one_client` or :func:`recon.match.sites.lines_settle`).

Lines too thin to say so, that still fit one client (:func:`recon.match.sites.label_fits`),
make the pair one review question (its one candidate), while the review queue stays within
:data:`recon.match.leftovers.REVIEW_BUDGET`; never a silent merge.
"""

from __future__ import annotations

import dataclasses
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence

from recon.match.client_evidence import Footprints, Overlap
from recon.match.client_index import by_identity
from recon.match.clients import SPELLING_SEP, ClientMatching
from recon.match.leftovers import REVIEW_BUDGET
from recon.match.name_words import ORGANISATION_WORDS
from recon.match.names import ClientName
from recon.match.office_labels import site_label
from recon.match.sites import (
    MIN_BASE_WORDS,
    label_fits,
    lines_settle,
    one_client,
    settle_pairs,
)
from recon.normalize import client_key

NOTE = "one name with a site label and an organisation word apart, no other client of that name"
ASK = "one name with a site label and an organisation word apart: the lines do not settle it"


@dataclasses.dataclass(frozen=True, slots=True)
class Reading:
    """A name read as its base words, the same without organisation words (its core), and
    its site label (folded as keys fold them)."""

    base: tuple[str, ...]
    core: tuple[str, ...]
    label: tuple[str, ...]


def org_site_reading(name: str) -> Reading | None:
    """A name's reading, when its site label is only places and office or department words
    and its core keeps :data:`MIN_BASE_WORDS` words; None otherwise.

    Example:
        >>> org_site_reading("Wright Dental Main Office")
        Reading(base=('wright', 'dent'), core=('wright', 'dent'), label=('main', 'office'))
    """
    read = site_label(name)
    if read is None:
        return None
    base, label = read
    core = tuple(w for w in base if w not in ORGANISATION_WORDS)
    if len(core) < MIN_BASE_WORDS:
        return None
    return Reading(base, core, label)


def _core_of_key(key: str) -> tuple[str, ...]:
    return tuple(w for w in key.split() if w not in ORGANISATION_WORDS)


def _bearers(keys: Iterable[str], cores: set[tuple[str, ...]]) -> dict[tuple[str, ...], int]:
    """Core -> how many of these keys, organisation words set aside, are the core or extend
    it by whole words. Only keys starting with a core's first word are read."""
    firsts = {core[0] for core in cores}
    count: dict[tuple[str, ...], int] = defaultdict(int)
    for key in keys:
        if key.partition(" ")[0] not in firsts:
            continue
        words = _core_of_key(key)
        for n in range(MIN_BASE_WORDS, len(words) + 1):
            if words[:n] in cores:
                count[words[:n]] += 1
    return count


def name_pairs(
    matching: ClientMatching, vendor: Sequence[ClientName], psa: Sequence[ClientName]
) -> list[tuple[ClientName, ClientName]]:
    """The unmatched (vendor, PSA) pairs whose names differ by a site label and organisation
    words alone, no other client bearing the name (module docstring)."""
    vendor_by_id, psa_by_id = by_identity(vendor), by_identity(psa)
    Read = tuple[ClientName, Reading]
    by_core: dict[tuple[str, ...], tuple[list[Read], list[Read]]] = defaultdict(lambda: ([], []))
    for i in matching.unmatched_vendor:
        read = org_site_reading(vendor_by_id[i].name)
        if read is not None:
            by_core[read.core][0].append((vendor_by_id[i], read))
    for i in matching.unmatched_psa:
        if SPELLING_SEP in i:
            continue  # a PSA company sharing its key with another: never one name
        read = org_site_reading(psa_by_id[i].name)
        if read is not None:
            by_core[read.core][1].append((psa_by_id[i], read))
    found = {
        core: (vs[0], ps[0])
        for core, (vs, ps) in by_core.items()
        if len(vs) == 1
        and len(ps) == 1
        and vs[0][1].base != ps[0][1].base  # the same base: the site rules' case
        and (vs[0][1].label or ps[0][1].label)
    }
    if not found:
        return []
    cores = set(found)
    vendor_count = _bearers((v.key for v in vendor), cores)
    psa_count = _bearers((p.key for p in psa), cores)
    return [
        (v[0], p[0])
        for core, (v, p) in sorted(found.items())
        if vendor_count[core] == 1 and psa_count[core] == 1
    ]


def pair_org_sites(
    matching: ClientMatching,
    vendor: Sequence[ClientName],
    psa: Sequence[ClientName],
    footprints: Footprints,
    *,
    rejected: Iterable[tuple[str, str]] = (),
) -> ClientMatching:
    """Match (or ask about) unmatched clients whose names differ by a site label and
    organisation words alone (module docstring).

    Args:
        matching: the client matching (after :func:`recon.match.sites.pair_sites`).
        vendor: the vendor side's distinct clients.
        psa: the PSA side's distinct clients.
        footprints: each client's (product, seats) lines.
        rejected: (vendor name, PSA name) pairs people said are two clients (default: none).

    Returns:
        The matching with such pairs matched (method ``evidence``) or in review, and out of
        the unmatched lists.
    """
    no = {(client_key(v), client_key(p)) for v, p in rejected}
    pairs = [(v, p) for v, p in name_pairs(matching, vendor, psa) if (v.key, p.key) not in no]
    if not pairs:
        return matching
    footprints.admit((v.identity for v, _ in pairs), (p.identity for _, p in pairs))
    shares = footprints.overlaps([([v.identity], p.identity) for v, p in pairs])
    found: list[tuple[ClientName, ClientName, Overlap]] = []
    thin: list[tuple[ClientName, ClientName, Overlap]] = []
    for (v, p), overlap in zip(pairs, shares, strict=True):
        if one_client(overlap) or lines_settle(overlap):
            found.append((v, p, overlap))
        elif label_fits(overlap):
            thin.append((v, p, overlap))
    room = math.floor(REVIEW_BUDGET * len(vendor)) - len(matching.review)
    thin.sort(key=lambda a: (-a[0].money, a[0].name))
    asked = thin[: max(room, 0)]
    if not found and not asked:
        return matching
    return settle_pairs(
        matching,
        [(v, p, f"{NOTE}; {o.words()}") for v, p, o in found],
        [(v, p, o.words(), f"{ASK}; {o.words()}") for v, p, o in asked],
    )
