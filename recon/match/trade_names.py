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

from collections import Counter, defaultdict
from collections.abc import Sequence

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
    vendor_keys = Counter(v.key for v in vendor)
    psa_keys = Counter(p.key for p in psa)
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


def _first_word(c: ClientName) -> str:
    return c.key.split(maxsplit=1)[0] if c.key else ""


def _uncontested(
    found: list[tuple[ClientName, ClientName]],
    leftovers: Sequence[ClientName],
    pool: Sequence[ClientName],
) -> list[tuple[ClientName, ClientName]]:
    """The pairs no look-alike contests (:func:`_contested`), each side looked at."""
    if not found:
        return found
    vendor_by_first: dict[str, list[ClientName]] = defaultdict(list)
    psa_by_first: dict[str, list[ClientName]] = defaultdict(list)
    for v in leftovers:
        vendor_by_first[_first_word(v)].append(v)
    for p in pool:
        psa_by_first[_first_word(p)].append(p)
    return [
        (v, p)
        for v, p in found
        if not _contested(p, v, vendor_by_first[_first_word(p)], psa_side=False)
        and not _contested(v, p, psa_by_first[_first_word(v)], psa_side=True)
    ]


def _contested(
    named: ClientName, claimant: ClientName, rivals: Sequence[ClientName], *, psa_side: bool
) -> bool:
    """True when a client other than ``claimant``, unpaired on the claimant's side, reads as
    ``named`` up to short forms and typos: the name is that client's as much as the trade
    name's, and names alone cannot say whose."""
    for rival in rivals:
        if rival.identity == claimant.identity:
            continue
        vendor_name, psa_name = (named.name, rival.name) if psa_side else (rival.name, named.name)
        if diff_names(vendor_name, psa_name).kind <= DiffKind.SHORT_FORMS:
            return True
    return False
