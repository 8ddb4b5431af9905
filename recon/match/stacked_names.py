"""Two names of one client with several differences stacked: a short form *and* words run
together, a typo *and* a short form, initials *and* a dropped legal form.

"HeritageMountain Partners" / "Heritage MountainPtnrs", "West Park Fabrication" /
"WParkFabrication", "Eagle Crossing Assoc" / "Eagle Crrossing Assc", "LW Comm. Church" /
"Lighthouse Woods Community Church": each rule of :func:`recon.match.names.diff_names` reads
one difference between whole words; two stacked on one word leave it "a whole word apart". The
way people shorten a name keeps its letters in order: an abbreviation keeps the word's first
letter and some of the others (USPS Publication 28's street suffixes "Hbr", "Xing"; the
business abbreviations "Ptnrs", "Mfg", "Cnslg", "Bros"), initials keep first letters only, a
company id runs the words together and cuts the tail ("NashBro", "RochaCou", at most 25
characters in ConnectWise). So one name written without spaces (the *short* side) is read
against the other's words (the *long* side): each long word takes the next letters of the short
one, starting with its own first letter and in order within it; a number is taken whole; one
letter of the short side may be a typo (left over, doubled, changed or swapped), in a name of
:data:`MIN_TYPO_LETTERS` letters or more. Every long word must be taken, except trailing
organisation words ("Services", "Associates") and, after a company id, the words it cut.

A licensee and a practice of that profession built on the surname ("Dr. J. Byrne, M.D." /
"Byrne Family Medicine") are read here too (:func:`licensee_of`), for the leftovers:
:mod:`recon.match.people` pairs them only when no other practice of the surname is unpaired,
which at scale another one, paired elsewhere or not, often is.

This is a reading of letters, not a proof: :mod:`recon.match.leftovers` asks a person about
such a pair only when both clients are left unmatched by every other rule, their lines agree,
and no other leftover on either side reads and agrees as well. It never merges on it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from recon.match.name_columns import words_of
from recon.match.name_words import ORGANISATION_WORDS
from recon.match.people import Person, _people, firm
from recon.match.places import is_place_name
from recon.normalize import client_words, is_legal_form

#: A short side shorter than this says too little ("ARPT" fits too many names).
MIN_LETTERS = 6
#: One typo is read only in a short side this long, and only inside a long word this long
#: (the near-twin guard's own bar: "Reid" / "Reed" are two surnames).
MIN_TYPO_LETTERS = 8
MIN_TYPO_WORD = 5
#: A company id this long may end in a word it cut ("HastingsInsuranceAgencySe"): ConnectWise
#: cuts its company id at 25 characters.
LONG_ID_LETTERS = 20
#: A company id is one word this long or longer, written without spaces.
MIN_ID_LETTERS = 6
#: Words that join a legal name and a trade name ("Legal LLC dba Trade").
_TRADE_MARKERS = frozenset({"dba", "aka", "fka", "ta", "d b a", "a k a", "f k a", "t a"})
#: Words that number one of several like-named clients ("Fabrication II"): never cut.
_ROMAN = frozenset({"ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"})
#: A site label ending a name: after a dash, in brackets or after "of" ("Nochols Architects
#: PA - Spokane", "Weaver Pediatrics (Omaha)", "Bank of Tampa").
_LABEL = re.compile(r"(?:\s+[-\u2013\u2014]\s*|\s*\(|\s+of\s+)([A-Za-z .']+?)\)?\s*$")
#: Words of a site label that name an office of the client rather than a place.
_OFFICE_WORDS = frozenset("main head office offices hq headquarters admin billing".split())
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NOT_ALNUM = re.compile(r"[^0-9a-z]")


Parts = tuple[tuple[tuple[str, str], ...], ...]


@lru_cache(maxsize=65_536)
def name_parts(name: str) -> tuple[Parts, bool]:
    """The name's parts (the legal and the trade name of "X dba Y", else the whole name), each
    as its (written word lower case, folded word) pairs, words run together split at capitals;
    and whether the name is one word run together, like a company id ("WParkFabrication").

    Args:
        name: the name as written.
    """
    # The words the fuzzy step read for the whole column of leftover names (the same words
    # as client_words, which reads a name not in that column).
    words = words_of(name)
    is_id = len(words) == 1 and len(words[0][0]) >= MIN_ID_LETTERS and " " not in words[0][0]
    parts: list[list[tuple[str, str]]] = [[]]
    for written, token in words:
        if token in _TRADE_MARKERS or written.casefold() in _TRADE_MARKERS:
            parts.append([])
            continue
        for piece in _CAMEL.split(written):
            text = _NOT_ALNUM.sub("", piece.casefold())
            # A legal form or a leading "The" run into a word ("TheWard", "AgencyLlc") is
            # read apart and left out, as client_words leaves it out between spaces.
            if not text or is_legal_form(text) or (text == "the" and not parts[-1]):
                continue
            parts[-1].append((text, token if piece == written else _fold(text)))
    return tuple(tuple(p) for p in parts if p), is_id


def _fold(word: str) -> str:
    """The folded word of one piece of a word run together ("Services" is "svc")."""
    words = client_words(word)
    return words[0][1] if words else word


def read_as_one(a: str, b: str) -> bool:
    """True when one name, written without spaces, reads as the other's words shortened: each
    word by letters kept in order from its first, a number whole, at most one typo.

    Args:
        a: one client's name as written.
        b: the other client's name as written.

    Example: ``read_as_one("Heritage MountainPtnrs", "HeritageMountain Partners")`` is True;
    ``read_as_one("West Park Fabrication", "West Park Fabrication II")`` is False.
    """
    # A site label is read apart first: its letters are never a word of the other name
    # ("Spokane" from the last "s" of "Architects").
    bases = sites_apart(a, b)
    if bases is None:
        return False
    a, b = bases
    parts_a, a_id = name_parts(a)
    parts_b, b_id = name_parts(b)
    for pa in parts_a:
        for pb in parts_b:
            # The short side's letters are the long side's, but for one typo: most pairs the
            # leftovers meet fail this, and it costs a set difference.
            la, lb = _letters(pa), _letters(pb)
            if len(la - lb) <= 1 and _reads(pa, pb, a_id, b_id):
                return True
            if len(lb - la) <= 1 and _reads(pb, pa, b_id, a_id):
                return True
    return False


def sites_apart(a: str, b: str) -> tuple[str, str] | None:
    """The two names without their site labels (:func:`site_apart`), or None when each names
    a site and the sites differ: two different places are two sites (the near-twin guard's
    reading), never one name read another way.

    Args:
        a: one client's name as written.
        b: the other client's name as written.
    """
    a, site_a = site_apart(a)
    b, site_b = site_apart(b)
    if site_a and site_b and site_a != site_b:
        return None
    return a, b


@lru_cache(maxsize=65_536)
def site_apart(name: str) -> tuple[str, str]:
    """The name without a site label that ends it, and the label (lower case), when the label
    is only places (US states and cities) and office words; else the name and "".

    Args:
        name: the name as written.

    Example: ``site_apart("Nochols Architects PA - Spokane")`` is
    ``("Nochols Architects PA", "spokane")``; "Dorsey Capital (formerly Dorsey Services)" keeps
    its words.
    """
    found = _LABEL.search(name)
    if found is None:
        return _glued_office(name)
    words = found.group(1).replace(".", " ").casefold().split()
    base = name[: found.start()].rstrip(" ,")
    if not words or len(base) < 2:
        return name, ""
    if not all(is_place_name(w) or w in _OFFICE_WORDS for w in words):
        return name, ""
    return base, " ".join(words)


def _glued_office(name: str) -> tuple[str, str]:
    """The name without an office word run into its last word ("Sunrise Bend Capital
    PartnersAdmin": a company id or a PSA company opened for a department, written without a
    space), and that word; else the name and ""."""
    last = name.rstrip().rsplit(None, 1)[-1] if name.strip() else ""
    pieces = _CAMEL.split(last)
    if len(pieces) < 2 or pieces[-1].casefold() not in _OFFICE_WORDS:
        return name, ""
    base = name.rstrip()[: -len(pieces[-1])].rstrip(" ,")
    return (base, pieces[-1].casefold()) if len(base) >= 2 else (name, "")


@lru_cache(maxsize=65_536)
def _letters(part: tuple[tuple[str, str], ...]) -> frozenset[str]:
    """The letters a part of a name writes."""
    return frozenset("".join(w for w, _ in part))


def _reads(
    short: tuple[tuple[str, str], ...],
    long: tuple[tuple[str, str], ...],
    short_id: bool,
    long_id: bool,
) -> bool:
    """True when ``short``'s letters, run together, read as ``long``'s words. A short side
    written as a company id may stop before the long side's last words; a long side written
    as a long company id may end in a word it cut."""
    letters = "".join(w for w, _ in short)
    words = tuple(w for w, _ in long)
    tokens = tuple(t for _, t in long)
    if len(letters) < MIN_LETTERS or len(words) < 2:
        return False
    if long_id and len("".join(words)) >= LONG_ID_LETTERS and len(words) > 2:
        tokens = (*tokens[:-1], _CUT)
    # Whether the short side's last letter is a word of its own ("Smith Dental L"), the only
    # way it may stand for the long side's last word alone (see _fit).
    lone_last = len(short[-1][0]) == 1
    return _fit(letters, words, tokens, short_id, 0, 0, len(letters) < MIN_TYPO_LETTERS, lone_last)


#: The token of a long company id's last word, which the id may have cut.
_CUT = "\x00cut"


@lru_cache(maxsize=262_144)
def _fit(
    letters: str,
    words: tuple[str, ...],
    tokens: tuple[str, ...],
    cut: bool,
    i: int,
    j: int,
    typo_used: bool,
    lone_last: bool = True,
) -> bool:
    """Can ``letters[i:]`` be read as ``words[j:]`` (with the typo still free unless used)?"""
    if j == len(words):
        return i == len(letters)
    rest = words[j:]
    if i == len(letters):
        # The short side ended: the long side's other words may only be organisation words,
        # or the tail a company id cut, never a number that tells two clients apart.
        return all(
            (tokens[j + n] in ORGANISATION_WORDS or tokens[j + n] == _CUT or cut)
            and not word.isdigit()
            and word not in _ROMAN
            for n, word in enumerate(rest)
        )
    word = words[j]
    if word.isdigit() or word in _ROMAN:
        end = i + len(word)
        return letters[i:end] == word and _fit(
            letters, words, tokens, cut, end, j + 1, typo_used, lone_last
        )
    if letters[i] != word[0]:
        return False
    if j == len(words) - 1 and i == len(letters) - 1 and not lone_last and tokens[j] != _CUT:
        # The long side's last word read from the short side's last letter alone, a letter
        # of a longer written word: "Smith Dental" is not "Smith Dental Lab" (its "l").
        return False
    # Walk the word, taking the short side's letters in order; after each letter taken, the
    # rest may move to the next word. One letter of the short side may be left over (a typo).
    return _take(letters, words, tokens, cut, i + 1, j, 1, typo_used, lone_last)


def _take(
    letters: str,
    words: tuple[str, ...],
    tokens: tuple[str, ...],
    cut: bool,
    i: int,
    j: int,
    at: int,
    typo_used: bool,
    lone_last: bool = True,
) -> bool:
    """Letters ``[..i)`` are taken from ``words[j][..at)``: go on in this word or the next."""
    word = words[j]
    if _fit(letters, words, tokens, cut, i, j + 1, typo_used, lone_last):
        return True
    if i == len(letters):
        return False
    found = word.find(letters[i], at)
    if found >= 0 and _take(letters, words, tokens, cut, i + 1, j, found + 1, typo_used, lone_last):
        return True
    if typo_used or len(word) < MIN_TYPO_WORD or i + 1 == len(letters):
        return False
    # A typo sits inside a word: the letter after it is taken from the same word ("Crrossing",
    # "Trasnp"), never a stray letter read as the next word's initial ("Smith Dental Lab").
    after = word.find(letters[i + 1], at)
    return after >= 0 and _take(letters, words, tokens, cut, i + 2, j, after + 1, True, lone_last)


def licensee_of(a: str, b: str) -> bool:
    """True when one name is a licensee ("Dr. J. Byrne, M.D.", "Mary Grahaam DDS") and the
    other a practice of that profession built on the surname ("Byrne Family Medicine",
    "Graham Dental"), the surname letter for letter or, in a surname of
    :data:`MIN_TYPO_WORD` letters or more, one edit apart.

    Args:
        a: one client's name as written.
        b: the other client's name as written.
    """
    for one, other in ((a, b), (b, a)):
        readings = licensees(one)
        # Most names are no licensee: the practice is read only for those that are.
        practice = _firm(other) if readings else None
        if practice is None:
            continue
        surname, jobs = practice
        if any(r.job in jobs and _one_surname(r.surname, surname) for r in readings):
            return True
    return False


_firm = lru_cache(maxsize=65_536)(firm)


def licensees(name: str) -> tuple[Person, ...]:
    """The licensees a name may be written as (:func:`recon.match.people.person`, or both
    readings of an untitled one), or none."""
    # The leftovers' pass asks it of both names of every pair it reads (25,000 pairs at
    # 60,000 clients, a few thousand names): read once per name, in the licensee steps'
    # cache (emptied with the other name readings once matching ends).
    return _people(name)


def _one_surname(a: str, b: str) -> bool:
    """Equal surnames, or one edit apart when both are long enough to read a typo in."""
    if a == b:
        return True
    return min(len(a), len(b)) >= MIN_TYPO_WORD and Levenshtein.distance(a, b) <= 1
