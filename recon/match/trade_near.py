"""A trade name ("Legal LLC dba Trade") against the other side's name written a little apart.

:mod:`recon.match.trade_names` pairs a "Legal dba Trade" client with the client written as
exactly one of its parts. In CRM and billing records the part is rarely copied letter for
letter: the other system adds a site ("Hensley Cleaning Services (Reno)"), an organisation
word ("Crane Pest Control Group"), drops the legal form, or a hand typed the name with a
typo ("Twin Valley Fabricqtion"). CRM data-quality guides (Salesforce "Duplicate Management":
fuzzy matching rules for account names; HubSpot "Deduplicate companies") treat exactly these
as the same account written twice, and the state assumed-name filing behind a "d/b/a" says
the two names are one company.

Twins hide here more than anywhere: "Smith Holdings LLC dba Smith Plumbing" beside a "Smith
Plumbing Supply" that is another client. So a part and a name are *near* only when they start
with the same word and, with organisation words, branch words and places set aside, one's
words are the other's or the two differ by a typo; or when the two names as written differ by
short forms, words run together or typos only ("Baldwin Meadows Ortho" / "Baldwin Meadows
Orthodontics", "Fitzgerald Capital Partners" / "Fitzgerald Cap. Ptnrs LP": the readings of
:func:`recon.match.names.diff_names`); and a pair is made only when

- exactly one client on the other side is near the name (by any of its parts), and that
  client is near no other client on this side, and
- the two clients' (product, seats) lines agree (:meth:`Overlap.agrees`).

It runs on the clients still unpaired after the fuzzy step (:mod:`recon.match.late_pairs`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from rapidfuzz.fuzz import ratio

from recon.match.client_evidence import Footprints, Overlap
from recon.match.name_words import BRANCH_WORDS, ORGANISATION_WORDS
from recon.match.names import ClientName, DiffKind, diff_names
from recon.match.places import is_place_name
from recon.name_marks import trade_parts
from recon.normalize import client_key

NOTE = "one name is the other's trade name (d/b/a), written a little apart; their lines agree"
ASK = "one name is the other's trade name (d/b/a), written a little apart; the lines differ"

#: Two cores a typo apart: at least this similar (rapidfuzz ratio, 0-100).
TYPO_RATIO = 90.0


def _core(key: str) -> tuple[str, ...]:
    """A key's words that name the company: no organisation word, branch word or place,
    except its first word. A name that begins with a place's word is built on it ("Arnold
    Springs Investments", "Carmichael Plumbing": Arnold MO, Carmichael CA) as a name built
    on a surname is, and the place is what tells it from "Cedar Springs Investments"; a
    place that names a site comes after the name ("... Investments Boise")."""
    words = key.split()
    return tuple(
        w
        for i, w in enumerate(words)
        if w not in ORGANISATION_WORDS
        and (i == 0 or (w not in BRANCH_WORDS and not is_place_name(w)))
    )


def _written_cores(c: ClientName) -> list[tuple[tuple[str, ...], str]]:
    """The cores a client may be known by (its parts when it writes a trade name, else its
    whole key), each with the text it was read from (the part, or the name)."""
    parts = trade_parts(c.name)
    texts = list(parts) if parts else [c.name]
    keys = [client_key(p) for p in parts] if parts else [c.key]
    return [
        (core, text)
        for k, text in zip(keys, texts, strict=True)
        if len(core := _core(k)) >= 2 or len("".join(core)) >= 8
    ]


#: Letters two cores must begin alike with before their written names are read apart.
_WRITTEN_LEAD = 3


def _near_written(a: tuple[str, ...], a_text: str, b: tuple[str, ...], b_text: str) -> bool:
    """:func:`near`, or the two texts differ by short forms, words run together, typos or
    soft extras only (:func:`recon.match.names.diff_names`); read only for cores that begin
    with the same letters, which most pairs of one first letter do not."""
    if near(a, b):
        return True
    if not a or not b or "".join(a)[:_WRITTEN_LEAD] != "".join(b)[:_WRITTEN_LEAD]:
        return False
    # Short forms, initials and typos keep a word's first letter: cores whose second words
    # begin otherwise cannot read alike, and are never diffed (most pairs at scale).
    if len(a) > 1 and len(b) > 1 and a[1][:1] != b[1][:1]:
        return False
    return diff_names(a_text, b_text).kind <= DiffKind.SOFT_EXTRA


def near(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """True when two cores name one company written a little apart: the same first word and
    one's words all the other's, or the letters (spaces aside) a typo apart."""
    if not a or not b or a[0][:1] != b[0][:1]:
        return False
    if a == b:
        return True
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    if len(small) >= 2 and a[0] == b[0] and set(small) <= set(large):
        return True
    # Run together or a typo apart ("GroveFoods", "Fabricqtion"): the letters, spaces aside.
    return ratio("".join(a), "".join(b)) >= TYPO_RATIO


def near_trade_pairs(
    leftovers: Sequence[ClientName], pool: Sequence[ClientName], footprints: Footprints
) -> list[tuple[ClientName, ClientName]]:
    """(vendor, PSA) pairs, one writing a trade name the other is near, under the guards of
    the module docstring."""
    return [
        (v, p)
        for v, p, overlap in near_trade_readings(leftovers, pool, footprints)
        if overlap.agrees
    ]


def near_trade_readings(
    leftovers: Sequence[ClientName], pool: Sequence[ClientName], footprints: Footprints
) -> list[tuple[ClientName, ClientName, Overlap]]:
    """Each (vendor, PSA) pair the names alone make near and unrivalled, with its lines'
    overlap: :func:`near_trade_pairs` keeps those that agree, and
    :mod:`recon.match.late_pairs` asks about those sharing a product without agreeing or
    saying two clients.

    Args:
        leftovers: vendor clients left unpaired; pool: PSA clients left unpaired.
        footprints: each client's (product, seats) lines.
    """
    traded_v = [v for v in leftovers if trade_parts(v.name)]
    traded_p = [p for p in pool if trade_parts(p.name)]
    if not traded_v and not traded_p:
        return []
    Indexed = dict[str, list[tuple[ClientName, tuple[str, ...], str]]]
    by_first: Indexed = defaultdict(list)
    traded_first: Indexed = defaultdict(list)
    for p in pool:
        for core, text in _written_cores(p):
            by_first[core[0][:1]].append((p, core, text))
    for p in traded_p:
        for core, text in _written_cores(p):
            traded_first[core[0][:1]].append((p, core, text))
    wants: dict[str, dict[str, ClientName]] = defaultdict(dict)  # vendor id -> PSA clients
    wanted: dict[str, set[str]] = defaultdict(set)  # PSA id -> vendor ids
    traded_vendor = {v.identity for v in traded_v}
    for v in leftovers:
        # A name with no trade name looks only at PSA names that write one.
        index = by_first if v.identity in traded_vendor else traded_first
        for core, text in _written_cores(v):
            for p, other, other_text in index.get(core[0][:1], ()):
                if _near_written(core, text, other, other_text):
                    wants[v.identity][p.identity] = p
                    wanted[p.identity].add(v.identity)
    found = []
    by_id = {v.identity: v for v in leftovers}
    for v_id, ps in wants.items():
        if len(ps) == 1:
            ((p_id, p),) = ps.items()
            if len(wanted[p_id]) == 1:
                found.append((by_id[v_id], p))
    if not found:
        return []
    # A PSA name with no trade name was looked at only from trade names: any other vendor
    # leftover near it is a rival too ("Smith Plumbing Supply" beside "Smith Plumbing").
    vendor_first: Indexed = defaultdict(list)
    for v in leftovers:
        for core, text in _written_cores(v):
            vendor_first[core[0][:1]].append((v, core, text))
    found = [
        (v, p)
        for v, p in found
        if not any(
            rival.identity != v.identity and _near_written(other, other_text, core, text)
            for core, text in _written_cores(p)
            for rival, other, other_text in vendor_first.get(core[0][:1], ())
        )
    ]
    footprints.prepare([v.identity for v, _ in found], [p.identity for _, p in found])
    return [(v, p, footprints.overlap([v.identity], p.identity)) for v, p in found]
