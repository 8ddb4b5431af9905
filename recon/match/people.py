"""A professional firm under its owner's name: "Jane Doe DDS" / "Doe Family Dentistry",
"Law Office of J. Smith" / "Smith Law".

State boards license the person (a dentist's DDS or DMD, a physician's MD or DO, a CPA, a
DVM, an attorney), and the practice often trades under a firm name built on the surname, so
a PSA may bill the firm while a distributor's record carries the licensee, or the reverse.
Names alone cannot decide it: "Smith Dental" and "Smith Family Dentistry" may be two
practices, and "Dr. M. Everett, DVM" and "Dr. D. Everett, MD" are two people. So:

- a person form pairs with a firm form only when the surname and the profession agree, no
  other unpaired client on either side has that surname and profession in either form, and
  the two clients' (product, seats) lines agree (:meth:`Overlap.agrees`);
- such a pair whose lines hold a product in common without agreeing (and without saying two
  clients) is asked about, the evidence in the review item;
- two person forms with one surname but other initials or another profession are never
  one client, whatever their lines share (:func:`different_people`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from recon.match.client_evidence import Footprints, Overlap
from recon.match.names import ClientName

NOTE = "the firm is written under its licensed owner's name; their lines agree"
TWIN_NOTE = (
    "the firm is written under its licensed owner's name; of look-alikes, only their lines agree"
)
ASK = "one name is a licensee's, the other the firm of that surname and profession"

#: Profession -> (degrees its licensee writes, words its firm names hold).
_PROFESSIONS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "law": (frozenset({"esq", "jd", "attorney"}), frozenset({"law", "legal", "attorneys"})),
    "dental": (
        frozenset({"dds", "dmd"}),
        frozenset({"dental", "dentistry", "orthodontics", "dent"}),
    ),
    "medical": (
        frozenset({"md", "do"}),
        frozenset({"medical", "medicine", "pediatrics", "clinic", "med", "peds"}),
    ),
    "accounting": (frozenset({"cpa"}), frozenset({"cpa", "accounting", "tax", "acctg"})),
    "veterinary": (frozenset({"dvm", "vmd"}), frozenset({"veterinary", "animal", "vet"})),
    "optometry": (frozenset({"od"}), frozenset({"optometry", "eye", "vision"})),
    "chiropractic": (frozenset({"dc"}), frozenset({"chiropractic"})),
    "therapy": (frozenset({"dpt", "pt"}), frozenset({"physical", "therapy", "pt"})),
    "architecture": (frozenset({"aia", "architect"}), frozenset({"architects", "architecture"})),
}
_DEGREE_OF = {d: job for job, (degrees, _) in _PROFESSIONS.items() for d in degrees}
_FIRM_WORD_OF: dict[str, set[str]] = defaultdict(set)
for _job, (_, _words) in _PROFESSIONS.items():
    for _word in _words:
        _FIRM_WORD_OF[_word].add(_job)
#: Letters a firm's name may end with as well as a licensee's ("Central Point CPA").
_FIRM_DEGREES = frozenset({"cpa", "pt", "dpt", "dc", "od", "do", "aia", "architect", "attorney"})
_TOKENS = re.compile(r"[a-z]+")
#: "J. Gordon, CPA": the letters after a comma, ending the name (full stops already gone).
_COMMA_DEGREE = re.compile(r",\s*(?:" + "|".join(sorted(_FIRM_DEGREES)) + r")\s*$")
_OFFICE = re.compile(r"^law\s+offices?\s+of\s+(.+)$")
_TITLE = frozenset({"dr", "the"})
_LEGAL = frozenset({"llc", "inc", "pc", "pa", "pllc", "ltd", "llp", "lp", "corp", "co"})


@dataclass(frozen=True)
class Person:
    """A name written as a licensee: surname, given name or its initial, profession."""

    surname: str
    given: str
    job: str


@lru_cache(maxsize=65_536)
def person(name: str) -> Person | None:
    """The licensee a name is written as ("Dr. Jane Doe, DDS" -> doe, j, dental), or None."""
    text = name.lower().replace(".", "")
    office = _OFFICE.match(text.strip())
    if office:
        words = [w for w in _TOKENS.findall(office.group(1)) if w not in _LEGAL]
        job = "law"
    else:
        words = [w for w in _TOKENS.findall(text) if w not in _LEGAL]
        degrees = [w for w in words if w in _DEGREE_OF]
        if not degrees or words[-1] not in _DEGREE_OF:
            return None
        jobs = {_DEGREE_OF[d] for d in degrees}
        if len(jobs) != 1:
            return None
        (job,) = jobs
        weak = all(d in _FIRM_DEGREES for d in degrees)
        words = [w for w in words if w not in _DEGREE_OF]
        # "Central Point CPA", "Beacon Trail PT": firms write these letters too. Only a
        # title, an initial or a comma before the letters ("J. Gordon, CPA") makes a person.
        titled = (
            "dr" in words
            or _COMMA_DEGREE.search(text) is not None
            or (len(words) == 2 and len(words[0]) == 1)
        )
        if weak and not titled:
            return None
    words = [w for w in words if w not in _TITLE]
    if len(words) != 2 or len(words[1]) < 2:
        return None  # given name (or initial) and surname, nothing else
    return Person(words[1], words[0], job)


@lru_cache(maxsize=65_536)
def untitled(name: str) -> tuple[Person, ...]:
    """The two readings of "John Crawford AIA" / "Holt John DC": two words and letters a firm
    may also end with, no title, initial or comma. A roster or a board's licence list writes
    the surname first ("Holt, John"), a letterhead last, and nothing in two words says which
    is the surname; so both readings, and only a firm written on one of the two words (and
    lines that agree) can make either a licensee (:func:`owner_pairs`)."""
    if person(name) is not None:
        return ()
    text = name.lower().replace(".", "")
    words = [w for w in _TOKENS.findall(text) if w not in _LEGAL]
    if len(words) < 3 or words[-1] not in _FIRM_DEGREES or words[0] == "the":
        return ()  # "The Gentry PT LLP": a firm, "The" no given name
    jobs = {_DEGREE_OF[w] for w in words if w in _DEGREE_OF}
    words = [w for w in words if w not in _DEGREE_OF]
    if len(jobs) != 1 or len(words) != 2 or min(len(w) for w in words) < 2:
        return ()
    (job,) = jobs
    return (Person(words[1], words[0], job), Person(words[0], words[1], job))


def firm(name: str) -> tuple[str, frozenset[str]] | None:
    """A firm name built on a surname: (surname, professions its words name), or None."""
    words = [w for w in _TOKENS.findall(name.lower().replace(".", "")) if w != "the"]
    if len(words) < 2 or len(words[0]) < 3:
        return None
    jobs = frozenset(j for w in words[1:] for j in _FIRM_WORD_OF.get(w, ()))
    return (words[0], jobs) if jobs else None


def different_people(a: str, b: str) -> bool:
    """True when both names are licensees of one surname with other given names (or
    initials) or another profession: two people, never one client."""
    pa, pb = person(a), person(b)
    if pa is None or pb is None or pa.surname != pb.surname:
        return False
    if pa.job != pb.job or pa.given[0] != pb.given[0]:
        return True
    # "Jane" and "John": two given names written out; "J." and "Jane" may be one person.
    return len(pa.given) > 1 and len(pb.given) > 1 and pa.given != pb.given


def _forms(
    clients: Sequence[ClientName], surnames: set[str]
) -> dict[tuple[str, str], list[ClientName]]:
    """(surname, profession) -> the clients written so, as a person or as a firm (firms of
    ``surnames`` only: a firm no licensee could be needs no look)."""
    out: dict[tuple[str, str], list[ClientName]] = defaultdict(list)
    for c in clients:
        # A licensee's one reading, or the two untitled ones.
        readings = _people(c.name)
        for who in readings:
            out[(who.surname, who.job)].append(c)
        if readings:
            continue
        head = c.name.lower().split(maxsplit=2)
        if not head or (head[0] not in surnames and (len(head) < 2 or head[1] not in surnames)):
            continue  # the surname is the first word, or the second after "The"
        made = firm(c.name)
        if made is not None:
            for job in made[1]:
                out[(made[0], job)].append(c)
    return out


def _one_firm_name(a: str, b: str) -> bool:
    """True when an untitled name's two words are both in the other name: "Bay Bluff PT" and
    "Bay Bluff Physical Therapy" are one firm written twice, no licensee (the name steps pair
    those)."""
    for name, other in ((a, b), (b, a)):
        readings = untitled(name)
        if readings:
            words = set(_TOKENS.findall(other.lower().replace(".", "")))
            return readings[0].surname in words and readings[0].given in words
    return False


#: What :func:`person` and :func:`untitled` need before they read a licensee: a degree's
#: letters as a whole word of the name (lower case, full stops gone, words as ``_TOKENS``
#: cuts them), or "law office". One search: most names are neither, and each step that looks
#: for licensees asks it of every unpaired name (22,000 at 60,000 clients).
_MAY_BE_PERSON = re.compile(
    r"(?<![a-z])(?:" + "|".join(sorted(_DEGREE_OF)) + r")(?![a-z])|law\s+office"
)


def may_be_person(name: str) -> bool:
    """False when neither :func:`person` nor :func:`untitled` can read a licensee in the
    name (True says only: read it)."""
    return _MAY_BE_PERSON.search(name.lower().replace(".", "")) is not None


#: Every step that looks for licensees (the owner, twin and near-surname passes, early and
#: late) reads every unpaired name again, eight times or more at scale: each name is read
#: once. Emptied with the other name readings once matching ends (:mod:`recon.engine.forget`).
@lru_cache(maxsize=131_072)
def _people(name: str) -> tuple[Person, ...]:
    """Every licensee a name may be written as: its one reading, or the two untitled ones."""
    if not may_be_person(name):
        return ()
    who = person(name)
    return (who,) if who is not None else untitled(name)


@dataclass(frozen=True)
class Owners:
    """What the licensee step found: pairs to merge, and pairs to ask about (the one firm of
    that surname and profession, holding a product in common, whose seats do not agree)."""

    pairs: list[tuple[ClientName, ClientName]]
    asks: list[tuple[ClientName, ClientName, Overlap]]


def owner_pairs(
    leftovers: Sequence[ClientName],
    pool: Sequence[ClientName],
    footprints: Footprints | None,
    *,
    letterhead: bool = False,
) -> Owners:
    """(vendor, PSA) pairs of unpaired clients, one written as a licensee and the other as
    the firm, under the guards of the module docstring; those whose lines neither agree nor
    say two clients are asked about.

    Args:
        leftovers: vendor clients left unpaired; pool: PSA clients left unpaired.
        footprints: each client's (product, seats) lines; without them nothing is read.
        letterhead: also ask about an untitled licensee written given name first
            (:func:`_letterhead`); only once the fuzzy step has paired what names alone
            can, since a firm ending with those letters is the fuzzy step's (default False).
    """
    none = Owners([], [])
    if footprints is None:
        return none
    surnames = {who.surname for c in (*leftovers, *pool) for who in _people(c.name)}
    if not surnames:
        return none
    # A client already paired has its counterpart: the twins that count are the unpaired.
    unpaired_vendor, unpaired_psa = _forms(leftovers, surnames), _forms(pool, surnames)
    found: list[tuple[ClientName, ClientName, str]] = []
    for (surname, job), vs in unpaired_vendor.items():
        ps = unpaired_psa.get((surname, job), [])
        if len(vs) != 1 or len(ps) != 1:
            continue  # a twin in either form: names cannot say which
        v, p = vs[0], ps[0]
        if bool(_people(v.name)) == bool(_people(p.name)) or _one_firm_name(v.name, p.name):
            continue  # two firms or two people: the name steps decide those
        found.append((v, p, surname))
    if not found:
        return none
    footprints.prepare([v.identity for v, _, _ in found], [p.identity for _, p, _ in found])
    taken: set[str] = set()
    owners = Owners([], [])
    for v, p, surname in found:
        if v.identity in taken or p.identity in taken:
            continue
        taken |= {v.identity, p.identity}
        overlap = footprints.overlap([v.identity], p.identity)
        if overlap.agrees:
            owners.pairs.append((v, p))
        elif (untitled(v.name) or untitled(p.name)) and not (
            letterhead and _letterhead(v.name, p.name, surname)
        ):
            continue  # "Central Point CPA" may be a firm: only agreeing lines say licensee
        elif overlap.shared_products and not overlap.apart:
            owners.asks.append((v, p, overlap))
    return owners


def _letterhead(a: str, b: str, surname: str) -> bool:
    """True when the untitled one of two names is read as a letterhead writes a licensee,
    given name first ("John Hardy OD", "Linda Rivera CPA"), the firm built on the second
    word. A firm named on its first word ("Central Point CPA" / "Central Accounting") is read
    only as a roster writes a person, surname first ("Holt John DC"): a firm's own name ends
    with those letters at least as often, so only agreeing lines make it a licensee."""
    readings = untitled(a) or untitled(b)
    return bool(readings) and readings[0].surname == surname


#: Bits the agreeing lines of a licensee and a firm among look-alikes must weigh: one line
#: held by at most 1 in 32 of the vendor file's clients, or several commoner ones.
TWIN_BITS = 5.0
#: The same, once the licensee is alone on its side and every other firm is ruled out by its
#: own lines (two or more lines each and no product in common, or refuting:
#: :attr:`Overlap.apart`): the names then offer one licensee and one firm, as
#: :func:`owner_pairs` pairs them on agreeing lines, and the agreement still weighs at least a
#: line held by 1 in 6 of the file's clients (never a file of a handful of clients where every
#: line is common).
RULED_OUT_BITS = TWIN_BITS / 2


def twin_owner_pairs(
    leftovers: Sequence[ClientName], pool: Sequence[ClientName], footprints: Footprints
) -> list[tuple[ClientName, ClientName]]:
    """(vendor, PSA) pairs, one a licensee and the other a firm of that surname and
    profession, among several unpaired clients of that surname and profession.

    "Dr. Mary Baldwin, DDS", "Dr. Susan Baldwin, DDS" and "Baldwin Dental" on one side,
    "Baldwin Orthodontics", "Baldwin Dental Spokane" and "Dr. David Baldwin, DDS" on the
    other: names cannot say which practice is whose, the lines can. A licensee and a firm
    pair only when their lines agree with weight (:data:`TWIN_BITS`, some exact seats), the
    licensee's lines agree so with no other client of the group on the other side and the
    firm's with no other client of the group on this side (whatever form either is written
    in): one agreement each way. Anything less stays unpaired; the leftover pass may ask.
    A firm whose own lines say it is another client ("Zamora Physical Therapy Academy", no
    product in common with "J. Zamora, DPT") is no rival: when the licensee is alone on its
    side and every other firm is so, the pair needs only :data:`RULED_OUT_BITS`. A rival on
    the licensee's side ("Blair Dental Associates" beside "Linda Blair DDS", for "Blair
    Dental") is never ruled out so: its name may make it the firm.
    """
    surnames = {who.surname for c in (*leftovers, *pool) for who in _people(c.name)}
    if not surnames:
        return []
    by_vendor, by_psa = _forms(leftovers, surnames), _forms(pool, surnames)
    groups = [
        (vs, ps)
        for group, vs in by_vendor.items()
        if (ps := by_psa.get(group)) and (len(vs) > 1 or len(ps) > 1)
    ]
    if not groups:
        return []
    footprints.prepare(
        [v.identity for vs, _ in groups for v in vs], [p.identity for _, ps in groups for p in ps]
    )
    seen: dict[tuple[str, str], Overlap] = {}

    def overlap(v: ClientName, p: ClientName) -> Overlap:
        if (v.identity, p.identity) not in seen:
            seen[(v.identity, p.identity)] = footprints.overlap([v.identity], p.identity)
        return seen[(v.identity, p.identity)]

    def strong(v: ClientName, p: ClientName, vs: list[ClientName], ps: list[ClientName]) -> bool:
        o = overlap(v, p)
        if not (o.agrees and o.shared >= 1):
            return False
        if o.bits >= TWIN_BITS:
            return True
        # The licensee alone on its side, every other firm its lines rule out: the names
        # offer one pair. A rival on the licensee's side may be the firm by its name.
        if _people(v.name):
            ruled_out = len(vs) == 1 and all(overlap(v, q).apart for q in ps if q is not p)
        else:
            ruled_out = len(ps) == 1 and all(overlap(w, p).apart for w in vs if w is not v)
        return ruled_out and o.bits >= RULED_OUT_BITS

    found: dict[str, tuple[ClientName, ClientName]] = {}
    for vs, ps in groups:
        for v in vs:
            fits = [p for p in ps if strong(v, p, vs, ps)]
            if len(fits) != 1:
                continue
            (p,) = fits
            if bool(_people(v.name)) == bool(_people(p.name)) or _one_firm_name(v.name, p.name):
                continue  # two firms or two people: the name steps decide those
            if sum(strong(w, p, vs, ps) for w in vs) == 1:
                found[v.identity] = (v, p)
    psa_count: dict[str, int] = defaultdict(int)
    for _, p in found.values():
        psa_count[p.identity] += 1
    return [(v, p) for v, p in found.values() if psa_count[p.identity] == 1]
