"""A company id that more than one name spells, or that a name spells only with a typo: the
lines decide.

:mod:`recon.match.company_ids` pairs an id ("GreenPea") with the one unpaired client on the
other side that spells it. An id cut short is often spelled by two: "GreenPea" by "Green Peak
Motors" and by "Green Peak Accounting". And the name or the id was typed by hand: "SpringSpr"
for "Sprring Springs Solutions", "SpirngGat" for "The Spring Gate Investments" (a letter
doubled, two swapped). A ConnectWise "Company ID" is the name run together and cut at 25
characters (or sooner, as the MSP chose); names cannot tell which of two spellers it was cut
from, nor read a typo as the same company. The (product, seats) lines can, as a billing lead
looking at both would:

- the spellers are the unpaired clients on the other side that spell the id, or, when none
  does, those that spell it with one letter changed, added, dropped or two swapped
  (:func:`spells_near`), or spell every word whole and go on (the name the id was made from
  held a word more: "HastingsInsuranceAgencySe");
- a pair is made only when exactly one speller's lines agree with the id client's with weight
  (:data:`recon.match.people.TWIN_BITS`: one rare line or several commoner ones), and that
  speller's lines agree so with no other id client it spells: one agreement each way.

It runs on the clients still unpaired after the fuzzy step (:mod:`recon.match.late_pairs`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from recon.match.client_evidence import Footprints
from recon.match.company_ids import _FORM_ENDS, _code, _spelt, _words
from recon.match.names import ClientName
from recon.match.people import TWIN_BITS

NOTE = (
    "one name is the other's company id, cut short or typed with a typo; of the names that "
    "spell it, only their lines agree"
)

#: Letters an id and a name must begin alike with before a typo is read between them.
_NEAR_LEAD = 2
#: Letters of a name an id must spell whole before it may go on past the name's end.
_WHOLE_NAME = 12


def _nearly_spelt(code: str, words: list[str]) -> bool:
    """True when ``code`` spells ``words`` with one typo (:func:`spells_near`, "and" kept or
    left out), or spells every word whole and goes on: the PSA's company name held a word
    more, a branch or "Services", when the id was made ("HastingsInsuranceAgencySe" of
    "Hastings Insurance Agency")."""
    bare = [w for w in words if w != "and"]
    if spells_near(code, words) or (bare != words and spells_near(code, bare)):
        return True
    while bare and bare[-1] in _FORM_ENDS:
        bare = bare[:-1]
    whole = "".join(bare)
    return len(whole) >= _WHOLE_NAME and len(code) > len(whole) and code.startswith(whole)


def spells_near(code: str, words: list[str]) -> bool:
    """True when ``code`` spells ``words`` as :func:`recon.name_marks.spells` does, up to one
    letter changed, added, dropped, or two neighbours swapped, anywhere after the first two
    letters; the first word keeps at least three of its letters."""
    # State: (code position, word index, letters of that word used, edits used).
    start = (0, 0, 0, 0)
    seen = {start}
    stack = [start]
    while stack:
        i, w, j, e = stack.pop()
        if i == len(code) and j >= 1 and w + 1 >= 2 and (w > 0 or j >= 3):
            return True
        moves = []
        if w < len(words):
            word = words[w]
            if j >= 1 and (w > 0 or j >= 3) and w + 1 < len(words):
                moves.append((i, w + 1, 0, e))  # this word ends, the next begins
            if i < len(code) and j < len(word):
                if code[i] == word[j]:
                    moves.append((i + 1, w, j + 1, e))
                elif e == 0 and i >= _NEAR_LEAD:
                    moves.append((i + 1, w, j + 1, 1))  # a letter changed
            if e == 0 and i >= _NEAR_LEAD:
                if i < len(code) and j >= 1:
                    moves.append((i + 1, w, j, 1))  # a letter added in the id
                if j < len(word) and j >= 1:
                    moves.append((i, w, j + 1, 1))  # a letter of the name dropped
                if (
                    i + 1 < len(code)
                    and j + 1 < len(word)
                    and code[i] == word[j + 1]
                    and code[i + 1] == word[j]
                ):
                    moves.append((i + 2, w, j + 2, 1))  # two letters swapped
        for state in moves:
            if state not in seen:
                seen.add(state)
                stack.append(state)
    return False


def _spellers(
    ids: Sequence[ClientName], others: Sequence[ClientName]
) -> list[tuple[ClientName, list[ClientName]]]:
    """(id client, the other side's clients spelling it, or nearly when none spells it)."""
    coded = [(c, code) for c in ids if (code := _code(c.name)) is not None]
    if not coded:
        return []
    by_lead: dict[str, list[tuple[ClientName, list[str]]]] = defaultdict(list)
    for o in others:
        words = _words(o.name)
        if len(words) >= 2 and len(words[0]) >= 3:
            by_lead[words[0][:_NEAR_LEAD]].append((o, words))
    out = []
    for c, code in coded:
        near = by_lead.get(code[:_NEAR_LEAD], [])
        spelt = [o for o, words in near if _spelt(code, words)]
        if not spelt:
            spelt = [o for o, words in near if _nearly_spelt(code, words)]
        if spelt:
            out.append((c, spelt))
    return out


def twin_id_pairs(
    leftovers: Sequence[ClientName], pool: Sequence[ClientName], footprints: Footprints
) -> list[tuple[ClientName, ClientName]]:
    """(vendor, PSA) pairs, one the other's company id among several spellers or with a
    typo, under the guards of the module docstring."""
    groups = [(p, vs, False) for p, vs in _spellers(pool, leftovers)]
    groups += [(v, ps, True) for v, ps in _spellers(leftovers, pool)]
    groups = [
        g
        for g in groups
        if len(g[1]) > 1 or not _spelt(_code(g[0].name) or "", _words(g[1][0].name))
    ]
    if not groups:
        return []
    vendor_ids = [c.identity for c, _, vendor_id in groups if vendor_id]
    vendor_ids += [s.identity for _, ss, vendor_id in groups if not vendor_id for s in ss]
    psa_ids = [c.identity for c, _, vendor_id in groups if not vendor_id]
    psa_ids += [s.identity for _, ss, vendor_id in groups if vendor_id for s in ss]
    footprints.prepare(vendor_ids, psa_ids)

    def strong(v: ClientName, p: ClientName) -> bool:
        o = footprints.overlap([v.identity], p.identity)
        return o.agrees and o.shared >= 1 and o.bits >= TWIN_BITS

    chosen: list[tuple[ClientName, ClientName, bool]] = []
    for c, spellers, vendor_id in groups:
        fits = [s for s in spellers if (strong(c, s) if vendor_id else strong(s, c))]
        if len(fits) == 1:
            chosen.append((c, fits[0], vendor_id))
    # One agreement each way: a speller chosen by two ids, or agreeing with another id it
    # spells, is no pair.
    by_speller: dict[tuple[bool, str], list[ClientName]] = defaultdict(list)
    for c, spellers, vendor_id in groups:
        for s in spellers:
            by_speller[(vendor_id, s.identity)].append(c)
    out = []
    for c, s, vendor_id in chosen:
        agreeing = [
            other
            for other in by_speller[(vendor_id, s.identity)]
            if (strong(other, s) if vendor_id else strong(s, other))
        ]
        if len(agreeing) == 1:
            out.append((c, s) if vendor_id else (s, c))
    return out
