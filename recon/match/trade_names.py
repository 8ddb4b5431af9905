"""Pair a "Legal LLC dba Trade" client with the client written under one of its names.

A state or city assumed-name filing (a "doing business as", trade-name or fictitious-name
certificate) lets one company transact under a second name; invoices, bank records and CRM
entries then print both, "Smith Holdings LLC d/b/a Smith Plumbing", "t/a", "a/k/a". The
filing says the two names are one company, so the client written as either part alone on
the other side is that company.

Twins hide here too: "Smith Holdings" and "Smith Plumbing" may both be clients on the other
side (a holding company billed for its own licences). A part pairs only when it names exactly
one client left unpaired on the other side, that client is wanted by no other name, and no
client on the first side has that client's name as its own (that one is the client's own).
Nor when another unpaired client on the first side reads as that client up to short forms and
typos (:func:`_contested`): "Atwood Assoc." names "Atwood Ebergy d/b/a Atwood Associates" by
its trade name, but "Atwood Association" writes it as well ("Assoc." is short for either).
Anything else is left to the fuzzy step, which asks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from recon.match.client_index import key_counts
from recon.match.name_words import ORGANISATION_WORDS
from recon.match.names import ClientName, DiffKind, diff_names
from recon.name_marks import trade_parts
from recon.normalize import client_key

NOTE = "one name is the other's trade name (d/b/a) or legal name"


def _part_keys(name: str) -> set[str]:
    """The keys of a name's trade-name parts that can name a company alone: not a bare
    organisation word ("Holdings") or a single letter."""
    keys = set()
    for part in trade_parts(name):
        key = client_key(part)
        words = key.split()
        if any(len(w) > 1 and w not in ORGANISATION_WORDS for w in words):
            keys.add(key)
    return keys


def trade_name_pairs(
    leftovers: Sequence[ClientName],
    pool: Sequence[ClientName],
    vendor: Sequence[ClientName],
    psa: Sequence[ClientName],
) -> list[tuple[ClientName, ClientName]]:
    """(vendor, PSA) pairs of unpaired clients one of whose names is a trade-name part of the
    other's (see the module docstring for the guards).

    Args:
        leftovers: vendor clients no earlier step paired.
        pool: PSA clients no earlier step took.
        vendor: every vendor client (their own keys guard the PSA side).
        psa: every PSA client (likewise for the vendor side).
    """
    pool_by_key: dict[str, list[ClientName]] = defaultdict(list)
    pool_by_part: dict[str, list[ClientName]] = defaultdict(list)
    for p in pool:
        pool_by_key[p.key].append(p)
        for key in _part_keys(p.name):
            pool_by_part[key].append(p)
    parted = {v.identity: keys for v in leftovers if (keys := _part_keys(v.name))}
    if not parted and not pool_by_part:
        return []  # no trade name on either side (most files)
    vendor_keys, psa_keys = key_counts(vendor), key_counts(psa)
    wanted: dict[str, list[tuple[ClientName, ClientName]]] = defaultdict(list)
    for v in leftovers:
        found: dict[str, ClientName] = {}
        for key in parted.get(v.identity, ()):
            # A vendor client of that very name is the PSA client's own.
            if vendor_keys[key] == 0:
                found.update((p.identity, p) for p in pool_by_key.get(key, ()))
        if psa_keys[v.key] == 0:  # likewise: a PSA client named so is the vendor client's own
            found.update((p.identity, p) for p in pool_by_part.get(v.key, ()))
        if len(found) == 1:
            (p,) = found.values()
            wanted[p.identity].append((v, p))
    unique = [pairs[0] for pairs in wanted.values() if len(pairs) == 1]
    return _uncontested(unique, leftovers, pool)


#: A key's look-up: its first word, and the first letter of its second word (None for a
#: one-word key).
_Sig = tuple[str, str | None]


def _signature(key: str) -> _Sig:
    words = key.split()
    if not words:
        return "", None
    return words[0], words[1][:1] if len(words) > 1 else None


def _look_alikes(
    clients: Sequence[ClientName],
) -> dict[str, dict[str | None, list[ClientName]]]:
    """first word -> second word's first letter -> the clients keyed so."""
    out: dict[str, dict[str | None, list[ClientName]]] = defaultdict(lambda: defaultdict(list))
    for c in clients:
        first, letters = _signature(c.key)
        out[first][letters].append(c)
    return out


def _rivals(
    named: ClientName, index: dict[str, dict[str | None, list[ClientName]]]
) -> list[ClientName]:
    """The clients that may read as ``named`` up to short forms and typos: the same first
    word and, both keys of two words or more, second words beginning alike (short forms,
    initials and typos keep a word's first letter; most look-alikes at scale differ there and
    are never diffed)."""
    first, letters = _signature(named.key)
    group = index.get(first)
    if not group:
        return []
    if letters is None:
        return [c for cs in group.values() for c in cs]
    return [*group.get(letters, ()), *group.get(None, ())]


def _uncontested(
    found: list[tuple[ClientName, ClientName]],
    leftovers: Sequence[ClientName],
    pool: Sequence[ClientName],
) -> list[tuple[ClientName, ClientName]]:
    """The pairs no look-alike contests (:func:`_contested`), each side looked at."""
    if not found:
        return found
    vendor_index, psa_index = _look_alikes(leftovers), _look_alikes(pool)
    return [
        (v, p)
        for v, p in found
        if not _contested(p, v, _rivals(p, vendor_index), psa_side=False)
        and not _contested(v, p, _rivals(v, psa_index), psa_side=True)
    ]


#: Words this short may be initials ("PT" for Physical Therapy): each letter may begin a word.
_INITIALS = 3


def letters_fit(a: str, b: str) -> bool:
    """A necessary test for two keys to read alike up to short forms, initials and typos,
    which keep each word's first letter: every word of each begins with a letter that
    begins a word of the other, or stands in initials there."""

    def letters(words: list[str]) -> set[str]:
        return {w[0] for w in words} | {ch for w in words if len(w) <= _INITIALS for ch in w}

    wa, wb = a.split(), b.split()
    return {w[0] for w in wa} <= letters(wb) and {w[0] for w in wb} <= letters(wa)


def _contested(
    named: ClientName, claimant: ClientName, rivals: Sequence[ClientName], *, psa_side: bool
) -> bool:
    """True when a client other than ``claimant``, unpaired on the claimant's side, reads as
    ``named`` up to short forms and typos: the name is that client's as much as the trade
    name's, and names alone cannot say whose."""
    size = len(named.key.split())
    for rival in rivals:
        if rival.identity == claimant.identity:
            continue
        if abs(len(rival.key.split()) - size) > 1 or not letters_fit(named.key, rival.key):
            continue  # cannot read alike: never diffed
        vendor_name, psa_name = (named.name, rival.name) if psa_side else (rival.name, named.name)
        if diff_names(vendor_name, psa_name).kind <= DiffKind.SHORT_FORMS:
            return True
    return False
