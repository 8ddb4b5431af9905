"""Pair a client written as its PSA company id alone ("ChapmanPhy", "COASTALPEAKENGINEERING")
with the client whose name the id is spelled from.

ConnectWise Manage's "Company ID" has no spaces and at most 25 characters; MSPs make it from
the name run together and cut ("WayneEnt"), and an export may show it where the name would
be. An id that cuts words short can be spelled from two names ("HighlandCro": Highland
Crossing Chiropractic, Highland Crest Dental), so it pairs only when exactly one unpaired
client on the other side spells it, that client is wanted by no other id, and the two
clients' (product, seats) lines agree; otherwise the fuzzy step asks.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from recon.match.client_evidence import Footprints
from recon.match.names import ClientName
from recon.name_marks import spells

NOTE = "one name is the other's company id (its words run together and cut); their lines agree"

_ID = re.compile(r"^[A-Za-z][A-Za-z0-9]{5,24}$")
_WORDS = re.compile(r"[a-z0-9]+")
_LEAD = 3  # an id keeps at least the first word's first three letters ("Way" of Wayne)


#: Legal forms an id may end with after the name's words ("ERICKSONPLUMBINGCOMPANYCO").
_FORM_ENDS = ("pllc", "llc", "llp", "corp", "inc", "ltd", "lp", "pc", "pa", "co")


def _words(name: str) -> list[str]:
    return [w for w in _WORDS.findall(name.lower().replace("&", " and ")) if w != "the"]


def _spelt(code: str, words: list[str]) -> bool:
    """True when ``code`` spells ``words`` (:func:`spells`), or does with "and" left out
    ("GarnerCreekTaxAccountingI" of "Garner Creek Tax and Accounting"), or does before a
    legal form the id adds at its end."""
    bare = [w for w in words if w != "and"]
    codes = [code, *(code[: -len(f)] for f in _FORM_ENDS if code.endswith(f))]
    return any(spells(c, w) for c in codes if len(c) >= _LEAD for w in (words, bare))


def _code(name: str) -> str | None:
    text = name.strip()
    if not _ID.match(text):
        return None
    letters = text.rstrip("0123456789").lower()
    return letters if len(letters) >= 6 and letters.isalpha() else None


def _spellers(
    ids: Sequence[ClientName], others: Sequence[ClientName]
) -> list[tuple[ClientName, ClientName]]:
    """(id client, the one other client spelling it) for ids exactly one other spells."""
    coded = [(c, code) for c in ids if (code := _code(c.name)) is not None]
    if not coded:
        return []
    by_lead: dict[str, list[tuple[ClientName, list[str]]]] = defaultdict(list)
    for o in others:
        words = _words(o.name)
        if len(words) >= 2 and len(words[0]) >= _LEAD:
            by_lead[words[0][:_LEAD]].append((o, words))
    found = []
    for c, code in coded:
        spelt = [o for o, words in by_lead.get(code[:_LEAD], ()) if _spelt(code, words)]
        if len(spelt) == 1:
            found.append((c, spelt[0]))
    return found


def id_pairs(
    leftovers: Sequence[ClientName], pool: Sequence[ClientName], footprints: Footprints | None
) -> list[tuple[ClientName, ClientName]]:
    """(vendor, PSA) pairs of unpaired clients, one written as the other's company id, under
    the guards of the module docstring."""
    if footprints is None:
        return []
    found = [(v, p) for p, v in _spellers(pool, leftovers)]
    found += _spellers(leftovers, pool)
    if not found:
        return []
    wanted: dict[str, int] = defaultdict(int)
    for v, p in found:
        wanted[v.identity] += 1
        wanted[p.identity] += 1
    found = [(v, p) for v, p in found if wanted[v.identity] == 1 and wanted[p.identity] == 1]
    footprints.prepare([v.identity for v, _ in found], [p.identity for _, p in found])
    return [(v, p) for v, p in found if footprints.overlap([v.identity], p.identity).agrees]
