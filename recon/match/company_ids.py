"""Pair a client written as its PSA company id alone ("ChapmanPhy", "COASTALPEAKENGINEERING")
with the client whose name the id is spelled from.

ConnectWise Manage's "Company ID" has no spaces and at most 25 characters; MSPs make it from
the name run together and cut ("WayneEnt"), and an export may show it where the name would
be. An id that cuts words short can be spelled from two names ("HighlandCro": Highland
Crossing Chiropractic, Highland Crest Dental), so it pairs only when exactly one unpaired
client on the other side spells it, that client is wanted by no other id, and the two
clients' (product, seats) lines agree; otherwise the fuzzy step asks.

An id at the field's full 25 characters was cut, and what was cut may be a site written
after the name ("BanksCreekLawOfficesHeadO" of "Banks Creek Law Offices - Head Office",
"WeberGallagherMuseumLtdMa"): the name's words whole, then at most :data:`_CUT_TAIL` letters
of a further word, spell the id too (:func:`_cut_after_name`).

Once the fuzzy step has run (:mod:`recon.match.late_pairs`), an id exactly one unpaired
client spells, whose lines hold a product in common with that client's without agreeing and
without saying two clients (seats changed since the id was typed), is one review question
with the money (:attr:`IdReadings.asks`), never a merge and never two unpaired clients.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from recon.match.client_evidence import Footprints, Overlap
from recon.match.names import ClientName
from recon.name_marks import spells

NOTE = "one name is the other's company id (its words run together and cut); their lines agree"
ASK = "one name is the other's company id (its words run together and cut); the lines differ"

_ID = re.compile(r"^[A-Za-z][A-Za-z0-9]{5,24}$")
_WORDS = re.compile(r"[a-z0-9]+")
_LEAD = 3  # an id keeps at least the first word's first three letters ("Way" of Wayne)
_FULL = 25  # ConnectWise Manage's Company ID holds at most 25 characters: a full one was cut
#: Letters of a word after the name a full id may end with: the start of a site ("HeadO"
#: of Head Office), never most of a second name.
_CUT_TAIL = 6


#: Legal forms an id may end with after the name's words ("ERICKSONPLUMBINGCOMPANYCO").
_FORM_ENDS = ("pllc", "llc", "llp", "corp", "inc", "ltd", "lp", "pc", "pa", "co")


def _words(name: str) -> list[str]:
    return _words_in(_text(name))


def _text(name: str) -> str:
    """The text a name's words are read from."""
    return name.lower().replace("&", " and ")


def _words_in(text: str) -> list[str]:
    return [w for w in _WORDS.findall(text) if w != "the"]


def _spelt(code: str, words: list[str]) -> bool:
    """True when ``code`` spells ``words`` (:func:`spells`), or does with "and" left out
    ("GarnerCreekTaxAccountingI" of "Garner Creek Tax and Accounting"), or does before a
    legal form the id adds at its end."""
    bare = [w for w in words if w != "and"]
    codes = [code, *(code[: -len(f)] for f in _FORM_ENDS if code.endswith(f))]
    if any(spells(c, w) for c in codes if len(c) >= _LEAD for w in (words, bare)):
        return True
    return len(code) == _FULL and any(_cut_after_name(code, w) for w in (words, bare))


def _cut_after_name(code: str, words: list[str]) -> bool:
    """True when ``code`` is ``words`` run together whole (a legal form at the end may be
    left out) and then 1 to :data:`_CUT_TAIL` letters of a word cut at the field's end."""
    while len(words) >= 2:
        joined = "".join(words)
        if code.startswith(joined) and 1 <= len(code) - len(joined) <= _CUT_TAIL:
            return True
        if words[-1] not in _FORM_ENDS:
            return False
        words = words[:-1]
    return False


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
    # Only the leads an id asks about are indexed. A name's first word is in its text, so a
    # text holding none of those leads anywhere is never read into words: one search in C
    # per name, not a word list (at 60,000 clients a few hundred ids ask, 22,000 names wait).
    leads = {code[:_LEAD] for _, code in coded}
    asked = re.compile("|".join(re.escape(lead) for lead in sorted(leads)))
    by_lead: dict[str, list[tuple[ClientName, list[str]]]] = defaultdict(list)
    for o in others:
        text = _text(o.name)
        if asked.search(text) is None:
            continue
        words = _words_in(text)
        if len(words) >= 2 and len(words[0]) >= _LEAD and words[0][:_LEAD] in leads:
            by_lead[words[0][:_LEAD]].append((o, words))
    found = []
    for c, code in coded:
        spelt = [o for o, words in by_lead.get(code[:_LEAD], ()) if _spelt(code, words)]
        if len(spelt) == 1:
            found.append((c, spelt[0]))
    return found


@dataclass
class IdReadings:
    """Pairs whose lines agree, and pairs to ask about with their lines' overlap."""

    pairs: list[tuple[ClientName, ClientName]] = field(default_factory=list)
    asks: list[tuple[ClientName, ClientName, Overlap]] = field(default_factory=list)


def id_pairs(
    leftovers: Sequence[ClientName], pool: Sequence[ClientName], footprints: Footprints | None
) -> list[tuple[ClientName, ClientName]]:
    """(vendor, PSA) pairs of unpaired clients, one written as the other's company id, under
    the guards of the module docstring."""
    return id_readings(leftovers, pool, footprints).pairs


def id_readings(
    leftovers: Sequence[ClientName], pool: Sequence[ClientName], footprints: Footprints | None
) -> IdReadings:
    """The pairs :func:`id_pairs` makes, and the id pairs whose lines share a product
    without agreeing or saying two clients (module docstring), to be asked about.

    Args:
        leftovers: vendor clients left unpaired.
        pool: PSA clients left unpaired.
        footprints: each client's (product, seats) lines; without them nothing is read.
    """
    out = IdReadings()
    if footprints is None:
        return out
    found = [(v, p) for p, v in _spellers(pool, leftovers)]
    found += _spellers(leftovers, pool)
    if not found:
        return out
    wanted: dict[str, int] = defaultdict(int)
    for v, p in found:
        wanted[v.identity] += 1
        wanted[p.identity] += 1
    found = [(v, p) for v, p in found if wanted[v.identity] == 1 and wanted[p.identity] == 1]
    footprints.prepare([v.identity for v, _ in found], [p.identity for _, p in found])
    for v, p in found:
        overlap = footprints.overlap([v.identity], p.identity)
        if overlap.agrees:
            out.pairs.append((v, p))
        elif overlap.shared_products and not overlap.apart:
            out.asks.append((v, p, overlap))
    return out
