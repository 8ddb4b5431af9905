"""A licensee and the firm of a surname written a little apart: a typo or words run together.

:mod:`recon.match.people` pairs "Dr. Robert Hoffman, O.D." with "Hoffman Optometry" when the
surname and the profession agree letter for letter. Records typed by hand often do not: one
system has "Hoffmaan Optometry PC", "Luceto Orthodontics" or "Chmabers Law" (a letter doubled,
changed or two swapped), or writes a two-word surname run together ("Law Office of D.
ShadyGate" beside "Shady Gate Law PC"). State licence boards list the person, the PSA bills the
firm; a billing lead pairs the two on sight when nothing else fits and the lines agree.

The firm may write its own word loosely too: a typo ("Bishop Opotmetry", "Tucker
Chiropracric"), a short form ("Conley Dntl", "Choi Ortho") or run together with the surname
("HANCOCKPEDIATRICS"); such a firm is read as one of that profession (:func:`loose_firm`).

So a person form pairs with a firm form of its profession whose surname reading (its first
word, or its first two run together) is the licensee's surname with the firm word read
loosely, or one edit from it, or the same letters run together, only when

- the surname is at least :data:`~recon.match.name_words.MIN_TYPO` letters and the two
  spellings are not both real words the population writes (:func:`name_typos._both_real`:
  "Ross" / "Rossi");
- exactly one unpaired firm on the other side is so near, that firm is near no other
  unpaired licensee of the profession on this side, and no firm of that very surname and
  profession waits unpaired (then the names are twins, and :mod:`recon.match.people` decides);
  a firm two licensees are near pairs with neither;
- the two clients' (product, seats) lines agree (:attr:`Overlap.agrees`).

It runs on the clients still unpaired after the fuzzy step (:mod:`recon.match.late_pairs`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from functools import lru_cache

from rapidfuzz.distance import OSA

from recon.match.client_evidence import Footprints, Overlap
from recon.match.name_typos import _both_real
from recon.match.name_words import MIN_TYPO, is_short_form
from recon.match.names import ClientName
from recon.match.people import _FIRM_WORD_OF, Person, _people, firm

NOTE = (
    "the firm is written under its licensed owner's name, the surname a typo or run "
    "together; their lines agree"
)
ASK = (
    "one name is a licensee's, the other the one firm of that profession with the surname "
    "a typo or run together"
)


#: Letters a firm word written short keeps at least ("Ortho" of Orthodontics).
_SHORT_FIRM_WORD = 4


#: Firm words by first letter: a short form keeps it, and so does a typo read here.
_FIRM_WORDS_BY_LETTER: dict[str, list[tuple[str, set[str]]]] = defaultdict(list)
for _full, _of in _FIRM_WORD_OF.items():
    if len(_full) >= MIN_TYPO:
        _FIRM_WORDS_BY_LETTER[_full[0]].append((_full, _of))


@lru_cache(maxsize=16_384)
def _firm_word_jobs(word: str) -> frozenset[str]:
    """The professions a word names as a firm word written loosely: a typo of one
    ("Opotmetry", "Chiropracric"), or a short form of one ("Dntl", "Ortho"); the first
    letter written right."""
    jobs: set[str] = set()
    for full, of in _FIRM_WORDS_BY_LETTER.get(word[:1], ()):
        if word == full:
            continue
        typo = len(word) >= MIN_TYPO and OSA.distance(word, full, score_cutoff=1) <= 1
        short = is_short_form(word, full) or (
            len(word) >= _SHORT_FIRM_WORD and full.startswith(word)
        )
        if typo or short:
            jobs |= of
    return frozenset(jobs)


def loose_firm(name: str) -> tuple[tuple[str, ...], frozenset[str]] | None:
    """A firm name whose firm word is written loosely (a typo, a short form) or run together
    with the surname ("HANCOCKPEDIATRICS"): (surname readings, professions), or None."""
    if firm(name) is not None:
        return None
    words = [w for w in name.lower().replace(".", "").split() if w != "the"]
    words = ["".join(ch for ch in w if ch.isalpha()) for w in words]
    words = [w for w in words if w]
    if not words:
        return None
    for full, of in _FIRM_WORD_OF.items():
        head = words[0]
        if len(full) >= MIN_TYPO and head.endswith(full) and len(head) - len(full) >= 3:
            return (head[: -len(full)],), frozenset(of)
    if len(words) < 2 or len(words[0]) < 3:
        return None
    jobs = frozenset(j for w in words[1:] for j in _firm_word_jobs(w))
    return ((words[0],), jobs) if len(jobs) == 1 else None


def _surnames(name: str) -> tuple[str, ...]:
    """The surnames a firm name may be built on: its first word, and its first two run
    together ("Shady Gate Law" -> shady, shadygate); () when it names no profession."""
    made = firm(name)
    if made is None:
        return ()
    words = [w for w in name.lower().replace(".", "").split() if w != "the"]
    joined = "".join(ch for ch in "".join(words[:2]) if ch.isalpha())
    return (made[0], joined) if len(words) >= 3 else (made[0],)


def _near(surname: str, reading: str, count: Callable[[str], int]) -> bool:
    """True when a firm's surname reading is the licensee's written a little apart."""
    if surname == reading:
        return False  # the same surname: people.owner_pairs decides those
    if len(surname) < MIN_TYPO or len(reading) < MIN_TYPO:
        return False
    if OSA.distance(surname, reading, score_cutoff=1) > 1:
        return False
    return not _both_real(count(surname), count(reading))


def _reads(surname: str, readings: tuple[str, ...], count: Callable[[str], int]) -> bool:
    """True when a firm's readings hold the surname run together or a little apart."""
    return surname in readings[1:] or any(_near(surname, r, count) for r in readings)


Firms = dict[str, list[tuple[ClientName, tuple[str, ...], bool]]]


def _firms(clients: Sequence[ClientName]) -> Firms:
    """profession -> the clients written as a firm of it, with their surname readings and
    whether the firm word was read loosely (:func:`loose_firm`)."""
    out: Firms = defaultdict(list)
    for c in clients:
        if _people(c.name):
            continue
        made = firm(c.name)
        if made is not None:
            for job in made[1]:
                out[job].append((c, _surnames(c.name), False))
            continue
        loose = loose_firm(c.name)
        if loose is not None:
            for job in loose[1]:
                out[job].append((c, loose[0], True))
    return out


def _persons(clients: Sequence[ClientName]) -> list[tuple[ClientName, Person]]:
    return [(c, who) for c in clients for who in _people(c.name)]


def near_owner_pairs(
    leftovers: Sequence[ClientName],
    pool: Sequence[ClientName],
    footprints: Footprints,
    count: Callable[[str], int],
) -> list[tuple[ClientName, ClientName]]:
    """(vendor, PSA) pairs, one a licensee and the other the firm of that profession with the
    surname written a little apart, under the guards of the module docstring."""
    return [
        (v, p)
        for v, p, overlap in near_owner_readings(leftovers, pool, footprints, count)
        if overlap.agrees
    ]


def near_owner_readings(
    leftovers: Sequence[ClientName],
    pool: Sequence[ClientName],
    footprints: Footprints,
    count: Callable[[str], int],
) -> list[tuple[ClientName, ClientName, Overlap]]:
    """Each (vendor, PSA) pair the names alone make a licensee and the one firm of that
    surname written a little apart, with its lines' overlap: :func:`near_owner_pairs` keeps
    those that agree, and :mod:`recon.match.late_pairs` asks about those holding a product in
    common without agreeing or saying two clients (seats moved since: "Frankklin Pediatrics"
    / "Dr. M. Franklin, M.D." on three products, one at the same seats)."""
    found: list[tuple[ClientName, ClientName, bool]] = []  # (licensee, firm, licensee is vendor)
    wanted: dict[tuple[bool, str], int] = defaultdict(int)  # firm -> licensees near or exact
    for people_side, firm_side, vendor_first in ((leftovers, pool, True), (pool, leftovers, False)):
        persons = _persons(people_side)
        if not persons:
            continue
        firms = _firms(firm_side)
        for c, who in persons:
            exact = [
                f
                for f, readings, loose in firms[who.job]
                if readings[0] == who.surname and not loose
            ]
            near = [
                f
                for f, readings, loose in firms[who.job]
                if (loose and readings[0] == who.surname) or _reads(who.surname, readings, count)
            ]
            for ident in {f.identity for f in (*exact, *near)}:
                wanted[(vendor_first, ident)] += 1
            if not exact and len(near) == 1:
                found.append((c, near[0], vendor_first))
    licensee_count: dict[tuple[bool, str], int] = defaultdict(int)
    for c, _, vendor_first in found:
        licensee_count[(vendor_first, c.identity)] += 1  # two readings, two firms: neither
    pairs = [
        (c, f) if vendor_first else (f, c)
        for c, f, vendor_first in found
        if wanted[(vendor_first, f.identity)] == 1
        and licensee_count[(vendor_first, c.identity)] == 1
    ]
    if not pairs:
        return []
    footprints.prepare([v.identity for v, _ in pairs], [p.identity for _, p in pairs])
    return [(v, p, footprints.overlap([v.identity], p.identity)) for v, p in pairs]
