"""How two client names differ, word by word, and what kind of difference it is.

Fuzzy scores say how alike two names look; they cannot say *why* they differ, and the why is
what decides a merge. This lines the words of two names up and sets aside, strongest first:

- the same word (after :mod:`recon.normalize` folded case, punctuation, legal forms and the
  listed business abbreviations);
- words run together on one side ("HeightsLaw" / "Heights Law", "ofCommerce");
- a one-edit typo of a word of five letters or more that no other client spells that way
  ("Cleeaning" / "Cleaning"), with the population's real words never read as typos;
- a short form of the other side's word: a listed abbreviation, or a truncation or
  contraction (same first letter, the letters in order, at most six of them: "Fam",
  "Servs", "Spgs", "Cntr");
- initials standing for a run of words ("KH" for "Keystone Hollow", "E." for "East").

What is left is classified: legal forms, organisation words ("Group", "Services", the words
business registers disregard), places and sites ("- Denver", "(Austin)", "HQ", "Head Office",
a word after a legal form), and plain words ("Lab"). The result, a :class:`NameDiff`, has one
:attr:`~NameDiff.kind` the matcher acts on (see :mod:`recon.match.clients`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import IntEnum
from functools import lru_cache

from rapidfuzz.distance import OSA

from recon.match.places import is_place_name
from recon.normalize import (
    abbreviation_of,
    client_words,
    fold_word,
    full_words,
    looks_like_legal_form,
    typo_folds,
)
from recon.normalize import (
    is_legal_form as is_legal,
)

#: Organisation words (folded forms): business registers disregard them when telling names
#: apart (UK Companies House "same as" rules: "Group", "Holdings", "Services",
#: "International", ...). A difference made only of these never decides a merge alone.
ORGANISATION_WORDS = frozenset(
    {"grp", "hldg", "ptnr", "svc", "sol", "intl", "co", "cos", "company", "companies"}
    | {"ent", "assoc", "uk", "usa", "us", "global", "worldwide", "holdco", "alliance"}
    | {"network", "networks", "professionals", "specialists", "collective", "firm"}
    | {"practice", "team", "consult"}
)
#: Words that place a client or name a branch: never dropped on the name alone.
BRANCH_WORDS = frozenset(
    "north south east west northeast northwest southeast southwest ne nw se sw n s e w "
    "downtown uptown midtown central branch location site store office campus unit "
    "hq headquarters head "
    # A department billed as its own site ("Acme - Billing", "Acme Admin"): the PSA's
    # site or contact, never another company.
    "billing admn".split()
)
_QUALIFIER_MARKS = (" - ", "(", " \u2013 ", " \u2014 ")
_PLAIN_LEGAL = frozenset("inc llc llp lllp lp ltd corp plc pc pllc pa".split())
MIN_TYPO = 5  # a typo is read on the name alone only in words this long
TYPO_RATIO = 10
MAX_SHORT_FORM = 6
MIN_SHORT_FORM = 3  # "Fam", "Ped"; two letters ("SR") say too little


@dataclass(frozen=True, slots=True)
class ClientName:
    """One distinct client on one side, as the matcher sees it.

    Attributes:
        identity: unique on its side (vendor: ``id:<tenant>`` or the name key; PSA: the key).
        name: the name as written (the most common spelling).
        key: :func:`recon.normalize.client_key` of the name.
        external_id: the source's own id for the client, or "".
        money: monthly money on this side for the client (the stake if it goes to review).
    """

    identity: str
    name: str
    key: str
    external_id: str = ""
    money: Decimal = Decimal(0)


class DiffKind(IntEnum):
    """What two names differ by, best first (lower is closer)."""

    SAME = 0  # the same words, up to typos of long words and words run together
    SHORT_FORMS = 1  # also unlisted short forms, initials or short typos
    SOFT_EXTRA = 2  # one side adds legal forms, organisation words or a place / site
    EXTRA_WORD = 3  # one side adds a plain word ("Lab"): a near twin
    DIFFERENT = 4  # each side holds words the other lacks


@dataclass(frozen=True, slots=True)
class NameDiff:
    """How a vendor name differs from a PSA name.

    Attributes:
        kind: the class of the difference.
        vendor_only: words only the vendor name has, as written.
        psa_only: words only the PSA name has, as written.
        readings: the short forms, initials and typos read as the other side's words
            ("'Fam' as 'Family'"), for people.
        places: True when an extra word is a place, a number or a branch.
        typo: True when a word was read as a typo of the other side's.
    """

    kind: DiffKind
    vendor_only: tuple[str, ...] = ()
    psa_only: tuple[str, ...] = ()
    readings: tuple[str, ...] = ()
    places: bool = False
    typo: bool = False

    def words(self) -> str:
        """The words the names differ by, quoted, for a reason or a note."""
        return ", ".join(repr(w) for w in (*self.vendor_only, *self.psa_only))


@dataclass(slots=True)
class _Word:
    written: str  # as written, lower case, initials together
    token: str  # folded
    qualifier: bool  # in the name's qualifier ("- Denver", "(Austin)") or after a legal form
    shown: str  # as written, for people
    stopped: bool = False  # written with a full stop: an abbreviation ("So.", "No.")
    used: bool = False


def _qualifier_start(name: str) -> int:
    cut = max(name.rfind(mark) for mark in _QUALIFIER_MARKS)
    return cut if cut > 0 else len(name)


@lru_cache(maxsize=131_072)
def _words(name: str) -> tuple[tuple[str, str, bool, str, bool], ...]:
    """(written lower case, folded, in the qualifier, as written, written with a full stop)
    for each word of a key."""
    cut = _qualifier_start(name)
    qualifier_words = {t for _, t in client_words(name[cut:])} if cut < len(name) else set()
    raw = name.casefold().replace(".", "").split()
    if len(raw) >= 3 and raw[-2].strip(",") in _PLAIN_LEGAL:
        qualifier_words.add(raw[-1])  # "Harper CPA Group LP Boise": a place after the form
    stopped = {w.rstrip(",;:)").rstrip(".") for w in name.casefold().split() if _stopped(w)}
    out = []
    for written, token in client_words(name):
        lower = written.casefold().replace(" ", "")
        out.append((lower, token, token in qualifier_words, written, lower in stopped))
    if len(out) >= 3 and is_place_name(out[-1][0]):
        # A state or city written as the last word after a name of two words or more is a
        # site, as "(Boise)" would be; after one word it may be a surname ("Bennett Holt").
        lower, token, _, written, stop = out[-1]
        out[-1] = (lower, token, True, written, stop)
    return tuple(out)


def _stopped(raw: str) -> bool:
    """A word ending in one full stop ("So.", "No.,"), not initials ("L.L.C.")."""
    word = raw.rstrip(",;:)")
    return word.endswith(".") and word.count(".") == 1 and word[:-1].isalpha()


def _is_short_form(short: str, long: str) -> bool:
    """True when ``short`` is written the way people shorten ``long``: same first letter, its
    letters in order, three to six of them and at least two fewer ("Fam", "Servs", "Cntr")."""
    if len(short) == 2 and len(long) >= 4:
        # Two letters only as first and last ("Pt" for "Point", "Ft" for "Fort"): the
        # contraction style of the postal abbreviations; "SR" for "Shepherd" is no such.
        return short[0] == long[0] and short[1] == long[-1] and short.isalpha()
    if not (MIN_SHORT_FORM <= len(short) <= MAX_SHORT_FORM and len(short) <= len(long) - 2):
        return False
    if short[0] != long[0] or not short.isalpha():
        return False
    position = 0
    for letter in short:
        position = long.find(letter, position) + 1
        if position == 0:
            return False
    return True


def _typo(a: str, b: str, count: Callable[[str], int], min_length: int) -> bool:
    # A long typo needs both words long; a short one may drop a letter of a four-letter
    # word ("Vew" / "View"), and is read only with the lines' support.
    short_side = min_length if min_length >= MIN_TYPO else 3
    if a == b or a.isdigit() or b.isdigit() or min(len(a), len(b)) < short_side:
        return False
    if max(len(a), len(b)) < min_length:
        return False
    if OSA.distance(a, b, score_cutoff=1) > 1:
        return False
    return not _both_real(count(a), count(b))


def _two_typos(a: str, b: str, count: Callable[[str], int]) -> bool:
    """Two spellings each one edit from one real word ("Eneergy" / "Energgy" for Energy,
    "Systesm" / "Ssytems" for Systems): two edits apart, neither written by another client,
    and the word between them written by two clients or more. Read only with the lines'
    support, as a short typo is."""
    if min(len(a), len(b)) < MIN_TYPO or not (a.isalpha() and b.isalpha()):
        return False
    if max(count(a), count(b)) > 1 or OSA.distance(a, b, score_cutoff=2) != 2:
        return False
    return any(
        count(word) >= 2 and OSA.distance(word, b, score_cutoff=1) <= 1 for word in _one_edit(a)
    )


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _one_edit(word: str) -> set[str]:
    """Every word one edit from ``word``: a letter dropped, swapped, changed or added."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {head + tail[1:] for head, tail in splits if tail}
    out |= {head + tail[1] + tail[0] + tail[2:] for head, tail in splits if len(tail) > 1}
    out |= {head + c + tail[1:] for head, tail in splits if tail for c in _LETTERS}
    out |= {head + c + tail for head, tail in splits for c in _LETTERS}
    out.discard(word)
    return out


def _both_real(a: int, b: int) -> bool:
    """Two spellings are two real words ("Ross" / "Rossi") when each is written by two or more
    clients and neither is rare beside the other; a spelling one client writes, or one a tenth
    as common as its neighbour, is a typo of it ("Shday" beside "Shady")."""
    return min(a, b) >= 2 and max(a, b) < TYPO_RATIO * min(a, b)


def diff_names(
    vendor_name: str,
    psa_name: str,
    *,
    count: Callable[[str], int] = lambda _word: 1,
    rewrite: Callable[[str], str] = lambda token: token,
) -> NameDiff:
    """Line up the words of two names and classify what is left.

    Args:
        vendor_name: the vendor's name as written.
        psa_name: the PSA's name as written.
        count: how many client names in the population write a word (lower case); two
            words both written often are never read as typos of each other.
        rewrite: a learned rewrite of folded words (:class:`recon.match.evidence.Evidence`);
            a word rewritten to "" is noise and left out.

    Returns:
        The difference, its kind and the readings it rests on.

    Example:
        >>> diff_names("Lyons Fam Florist", "Lyons Family Florist").kind
        <DiffKind.SHORT_FORMS: 1>
    """
    a = [_Word(w, rewrite(t), q, s, d) for w, t, q, s, d in _words(vendor_name) if rewrite(t)]
    b = [_Word(w, rewrite(t), q, s, d) for w, t, q, s, d in _words(psa_name) if rewrite(t)]
    readings: list[str] = []
    short = False
    _pair_equal(a, b)
    if _left(a) and _left(b):
        # A word keys drop ("The", a legal form, an organisation word) run together with a
        # word of the name: "TheWard" / "Ward", "BrewingCompany" / "Brewing Co".
        a = _unglue(a, b, readings)
        b = _unglue(b, a, readings)
    if _left(a) and _left(b):
        # Initials run together with the next word ("SMAccounting", "WHSERVICES"): the
        # initials are then read against the other side's words as any others are.
        a = _split_initials(a, b)
        b = _split_initials(b, a)
    if _left(a) and _left(b):
        # Words run together leave one side with fewer words than the other, unless the
        # other side also adds a word ("CreekDental Group" / "Creek Dental").
        short |= _pair_run_together(a, b, readings)
        short |= _pair_run_together(b, a, readings)
    if _left(a) and _left(b):
        _pair_respaced(a, b, readings)
    if _left(a) and _left(b):
        short |= _pair_typos(a, b, count, readings)
    if _left(a) and _left(b):
        # Initials of two letters or more first, both ways: "WH" stands for "W. Hollow"
        # before "W." could be read as the initial of "WH".
        for fewest in (2, 1):
            short |= _pair_initials(a, b, readings, fewest)
            short |= _pair_initials(b, a, readings, fewest)
    if _left(a) and _left(b):
        short |= _pair_short_forms(a, b, readings)
    only_a = [w for w in a if not w.used]
    only_b = [w for w in b if not w.used]
    kind, places = _classify(only_a, only_b)
    if kind is DiffKind.SAME and short:
        kind = DiffKind.SHORT_FORMS
    return NameDiff(
        kind,
        tuple(w.shown for w in only_a),
        tuple(w.shown for w in only_b),
        tuple(readings),
        places,
        any("typo" in r for r in readings),
    )


def _left(words: Sequence[_Word]) -> bool:
    return not all(w.used for w in words)


def _pair_equal(a: list[_Word], b: list[_Word]) -> None:
    free: dict[str, list[_Word]] = {}
    for w in b:
        if not w.used:
            free.setdefault(w.token, []).append(w)
    for w in a:
        bucket = None if w.used else free.get(w.token)
        if bucket:
            w.used = bucket.pop().used = True


def _pair_run_together(a: list[_Word], b: list[_Word], readings: list[str]) -> bool:
    """A word of ``a`` that is two or three neighbouring words of ``b`` written together.

    Returns True when a half was read through a typo ("TwrraceHome" for "Terrace Home"):
    such a reading is a short one, merged only with the lines' support.
    """
    typo = False
    for word in a:
        if word.used or len(word.written) < 4:
            continue
        ends = tuple(f for w in b if not w.used for f in (w.written, w.token))
        if not (word.written.startswith(ends) or word.written.endswith(ends)):
            continue  # every reading has a word of ``b`` whole at one end of it
        for size in (2, 3):
            for start in range(len(b) - size + 1):
                span = b[start : start + size]
                if any(w.used for w in span):
                    continue
                how = _written_together(word.written, span)
                if how:
                    word.used = True
                    for w in span:
                        w.used = True
                    typo |= how == _TYPO_HALF
                    note = " with a typo" if how == _TYPO_HALF else ""
                    readings.append(
                        f"{word.shown!r} as {' '.join(w.shown for w in span)!r} run together{note}"
                    )
                    break
            if word.used:
                break
    return typo


_WHOLE, _SHORT_HALF, _TYPO_HALF = 1, 2, 3


def _written_together(text: str, span: Sequence[_Word]) -> int:
    """How ``text`` is the span's words written together: 0 (it is not), each as written or
    folded, one of two shortened ("spgsfoundation" for "Springs Foundation", "gatersch" for
    "Gate Research", "emersonfamily" for "Emerson Fam."), or one of two mistyped by one edit
    ("twrracehome" for "Terrace Home")."""
    if text in ("".join(w.written for w in span), "".join(w.token for w in span)):
        return _WHOLE
    if len(span) != 2:
        return 0
    first, second = span
    if not (
        text.startswith((first.written, first.token))
        or text.endswith((second.written, second.token))
    ):
        return 0  # every reading below has one of the two words whole at its end
    typo = 0
    for cut in range(MIN_SHORT_FORM, len(text) - MIN_SHORT_FORM + 1):
        head, tail = text[:cut], text[cut:]
        # One of the two words must be written whole: two shortened halves fit too many
        # names ("Harmon" is not "Har(bor) Mo(u)n(tain)").
        if _whole(head, first):
            other, word = tail, second
        elif _whole(tail, second):
            other, word = head, first
        else:
            continue
        if _part_of(other, word):
            return _SHORT_HALF
        if not typo and _typo_half(other, word):
            typo = _TYPO_HALF
    return typo


def _whole(piece: str, word: _Word) -> bool:
    return piece in (word.written, word.token)


def _part_of(piece: str, word: _Word) -> bool:
    """``piece`` is the word, or one of the two is a short form of the other ("Fam" /
    "Family", "Bros" / "Brothers")."""
    return (
        piece in (word.written, word.token)
        or _is_short_form(piece, word.written)
        or _is_short_form(word.written, piece)
        or fold_word(piece) == word.token
    )


def _typo_half(piece: str, word: _Word) -> bool:
    # Long words only, as for typos read on the name alone.
    if min(len(piece), len(word.written)) < MIN_TYPO:
        return False
    return OSA.distance(piece, word.written, score_cutoff=1) <= 1


def _unglue(a: list[_Word], b: list[_Word], readings: list[str]) -> list[_Word]:
    """``a`` with a word that is a word of ``b`` run together with a word keys drop
    ("TheWard", "BrewingCompany", "SurveyingGroup") written as two words: the word and the
    dropped one, which then counts as any other legal form or organisation word does."""
    if not any(not w.used and _glued(w.written) for w in a):
        return a
    free = {w.written for w in b if not w.used} | {w.token for w in b if not w.used}
    out: list[_Word] = []
    for word in a:
        split = None if word.used else _glued(word.written)
        found = next((s for s in split or () if s[0] in free or fold_word(s[0]) in free), None)
        if found is None:
            out.append(word)
            continue
        head, dropped = found
        readings.append(f"{word.shown!r} as {head!r} and {dropped!r} run together")
        out.append(_Word(head, fold_word(head), word.qualifier, word.shown))
        if dropped != "the":
            # A legal form glued on is dropped as keys drop it; an organisation word stays a
            # word of the name, which never decides a merge alone.
            out.append(
                _Word(dropped, fold_word(dropped), word.qualifier, dropped, used=is_legal(dropped))
            )
    _pair_equal(out, b)
    return out


@lru_cache(maxsize=65_536)
def _glued(written: str) -> tuple[tuple[str, str], ...]:
    """The ways ``written`` is a word and a word client keys drop written together: the
    article in front ("theward"), or a legal form or organisation word behind
    ("brewingcompany", "surveyinggroup")."""
    found = []
    if written.startswith("the") and len(written) - 3 >= MIN_SHORT_FORM:
        found.append((written[3:], "the"))
    for cut in range(MIN_SHORT_FORM, len(written) - _MIN_DROPPED + 1):
        head, tail = written[:cut], written[cut:]
        if _dropped_word(tail):
            found.append((head, tail))
    return tuple(found)


_MIN_DROPPED = 4  # "Co", "Inc" glued on are too short to tell from a word's own letters


def _dropped_word(tail: str) -> bool:
    """A legal form or an organisation word, written out ("company", "group", "services")."""
    return is_legal(tail) or fold_word(tail) in ORGANISATION_WORDS


def _pair_typos(
    a: list[_Word], b: list[_Word], count: Callable[[str], int], readings: list[str]
) -> bool:
    """One-edit typos; returns True when one of them was short (read only with evidence)."""
    short = False
    for x in a:
        if x.used:
            continue
        for y in b:
            if y.used:
                continue
            long_typo = _typo(x.written, y.written, count, MIN_TYPO) or (
                y.token in typo_folds(x.written)
                or (x.token in typo_folds(y.written) and count(x.written) <= 1)
            )
            short_typo = not long_typo and (
                _typo(x.written, y.written, count, 4) or _two_typos(x.written, y.written, count)
            )
            if long_typo or short_typo:
                x.used = y.used = True
                short |= short_typo
                readings.append(f"{x.shown!r} as a typo of {y.shown!r}")
                break
    return short


def _pair_short_forms(a: list[_Word], b: list[_Word], readings: list[str]) -> bool:
    found = False
    for x in a:
        if x.used:
            continue
        for y in b:
            if y.used:
                continue
            listed = abbreviation_of(x.written) == y.token or abbreviation_of(y.written) == x.token
            if (
                listed
                or _short_of_folded(x.written, y.token)
                or _short_of_folded(y.written, x.token)
                or _stopped_short_form(x, y)
                or _stopped_short_form(y, x)
                or _is_short_form(x.written, y.written)
                or _is_short_form(y.written, x.written)
            ):
                x.used = y.used = True
                found = True
                readings.append(f"{x.shown!r} as {y.shown!r}")
                break
    return found


def _short_of_folded(short: str, token: str) -> bool:
    """``short`` is a short form of a listed full word of the other side's folded word: "Servs"
    beside "Svcs" or a mistyped "Sevrices" (both folded to the form of Services). Two writers'
    own short forms of one word, or one writer's beside a typo the lists still fold.
    Contractions only: a bare truncation ("Comm") begins too many words to stand for one."""
    return any(
        _is_short_form(short, word) and not word.startswith(short) for word in full_words(token)
    )


def _pair_respaced(a: list[_Word], b: list[_Word], readings: list[str]) -> None:
    """The words left on both sides are the same letters spaced at other places: "Klein
    MachineWorks" / "KleinMachine Works". Nothing is added or dropped, only spaces moved."""
    only_a = [w for w in a if not w.used]
    only_b = [w for w in b if not w.used]
    if len(only_a) + len(only_b) < 3:
        return  # one word each is a typo or a short form, read by the steps after this
    if "".join(w.written for w in only_a) != "".join(w.written for w in only_b):
        return
    for w in (*only_a, *only_b):
        w.used = True
    readings.append(
        f"{' '.join(w.shown for w in only_a)!r} as {' '.join(w.shown for w in only_b)!r}"
        " spaced otherwise"
    )


#: Directions written with two letters and no full stop ("So Grove"): the postal and
#: everyday short forms of South. "No" is left out: without its stop it is a word ("No
#: Limits"), and a name's own word must never be read away.
_BARE_DIRECTIONS = {"so": "south"}


def _stopped_short_form(short: _Word, long: _Word) -> bool:
    """Two letters and a full stop for a word they begin ("So." for "South", "No." for
    "North"): ISO 4 marks a truncated word with a full stop. Also a stopped truncation of a
    listed word the other side abbreviates its own way ("Comm." beside "Cmty", both
    Community): two lists' abbreviations of one word."""
    if _BARE_DIRECTIONS.get(short.written) == long.written:
        return True
    if not short.stopped or len(short.written) < 2:
        return False
    if len(short.written) == 2:
        return len(long.written) >= 4 and long.written.startswith(short.written)
    return any(
        len(word) > len(short.written) and word.startswith(short.written)
        for word in full_words(long.token)
    )


def _pair_initials(a: list[_Word], b: list[_Word], readings: list[str], fewest: int = 1) -> bool:
    """Initials in ``a`` standing for a run of ``b``'s words: "KH" for "Keystone Hollow"."""
    found = False
    for word in a:
        letters = word.written
        if word.used or not letters.isalpha() or not fewest <= len(letters) <= 4:
            continue
        size = len(letters)
        for start in range(len(b) - size + 1):
            span = b[start : start + size]
            if any(w.used or not w.written for w in span):
                continue
            if "".join(w.written[0] for w in span) == letters and (
                size > 1 or len(span[0].written) > 1
            ):
                word.used = True
                for w in span:
                    w.used = True
                found = True
                readings.append(f"{word.shown!r} as {' '.join(w.shown for w in span)!r}")
                break
        if word.used or len(letters) < 2:
            continue
        # Initials of words written together, each with its capital: "PT" for
        # "PhysicalTherapy", "SV" for "StarValley".
        glued = next(
            (w for w in b if not w.used and _camel_initials(w.shown) == letters),
            None,
        )
        if glued is not None:
            word.used = glued.used = True
            found = True
            readings.append(f"{word.shown!r} as {glued.shown!r}")
    return found


_CAMEL = re.compile(r"(?:[A-Z][a-z]{2,})+")
_CAMEL_PART = re.compile(r"[A-Z][a-z]{2,}")


@lru_cache(maxsize=65_536)
def camel_parts(shown: str) -> tuple[str, ...]:
    """The words of a word written as capitalised words run together ("PhysicalTherapy" ->
    "Physical", "Therapy"), or (): every part three letters or more, so "McDaniel" is one word.

    Args:
        shown: one word as written.
    """
    if not _CAMEL.fullmatch(shown):
        return ()
    parts = tuple(_CAMEL_PART.findall(shown))
    return parts if len(parts) > 1 else ()


def glued_parts(written: str) -> tuple[str, ...]:
    """A word and a legal form or organisation word run together ("parkassociates" -> "park",
    "associates"), or ().

    Args:
        written: one word as written, lower case.
    """
    found = [split for split in _glued(written) if split[1] != "the"]
    return found[0] if found else ()


_INITIALS_THEN_WORD = re.compile(r"([A-Z]{2,3})([A-Z][a-z]{2,})")


@lru_cache(maxsize=65_536)
def initials_glued(shown: str) -> tuple[str, ...]:
    """Initials and the word written after them without a space ("SMAccounting" -> "SM",
    "Accounting"; "WHSERVICES" -> "WH", "SERVICES"), or (). Without capitals to tell, the
    word must be a listed business word or one keys drop, so a name's own word is never cut.

    Args:
        shown: one word as written.
    """
    found = _INITIALS_THEN_WORD.fullmatch(shown)
    if found:
        return found.group(1), found.group(2)
    if not shown.isalpha() or not (shown.isupper() or shown.islower()):
        return ()
    lower = shown.casefold()
    for size in (2, 3):
        tail = lower[size:]
        if len(tail) >= _MIN_DROPPED and (fold_word(tail) != tail or _dropped_word(tail)):
            return shown[:size], shown[size:]
    return ()


def _split_initials(a: list[_Word], b: list[_Word]) -> list[_Word]:
    """``a`` with its initials run together with a word written as two words, when the
    other side does not write that word as it is."""
    whole = {w.written for w in b}
    out: list[_Word] = []
    for word in a:
        split = () if word.used or word.written in whole else initials_glued(word.shown)
        if not split:
            out.append(word)
            continue
        head, tail = split
        out.append(_Word(head.casefold(), head.casefold(), word.qualifier, head))
        out.append(_Word(tail.casefold(), fold_word(tail.casefold()), word.qualifier, tail))
    if len(out) != len(a):
        _pair_equal(out, b)
    return out


def _camel_initials(shown: str) -> str:
    return "".join(p[0] for p in camel_parts(shown)).lower()


def _classify(only_a: list[_Word], only_b: list[_Word]) -> tuple[DiffKind, bool]:
    if not only_a and not only_b:
        return DiffKind.SAME, False
    kinds_a = [_word_kind(w) for w in only_a]
    kinds_b = [_word_kind(w) for w in only_b]
    kinds = kinds_a + kinds_b
    places = "place" in kinds
    soft = all(k in ("legal", "organisation", "place") for k in kinds)
    if only_a and only_b:
        # Each side holds words the other lacks: two clients, unless all of them are words
        # that never tell clients apart ("X Services" / "X - Denver"). Two places ("X -
        # Denver" / "X - Austin") are two sites, two clients.
        place_a = "place" in kinds_a
        place_b = "place" in kinds_b
        if soft and not (place_a and place_b):
            return DiffKind.SOFT_EXTRA, places
        return DiffKind.DIFFERENT, places
    if soft:
        return DiffKind.SOFT_EXTRA, places
    if sum(k == "word" for k in kinds) > 1:
        # Two plain words or more on one side are another name, not a dropped word.
        return DiffKind.DIFFERENT, places
    return DiffKind.EXTRA_WORD, places


def _word_kind(word: _Word) -> str:
    return _kind_of(word.token, word.written, word.qualifier)


@lru_cache(maxsize=65_536)
def _kind_of(token: str, written: str, qualifier: bool) -> str:
    if token in ORGANISATION_WORDS or written in ORGANISATION_WORDS:
        return "organisation"
    if _organisation_word(written):
        return "organisation"
    # A mistyped legal form ("Comany") is one only in words of four letters or more: three
    # letters one edit from "SAS" or "Inc" are words ("Sys", "Ink").
    if looks_like_legal_form(written) and (len(written) >= 4 or is_legal(token)):
        return "legal"
    if qualifier or token in BRANCH_WORDS or any(ch.isdigit() for ch in token):
        return "place"
    return "word"


@lru_cache(maxsize=65_536)
def _organisation_word(written: str) -> bool:
    """An organisation word mistyped ("Gropu") or shortened the way the lists shorten words
    ("Hold" for "Holdings"): it still never tells two clients apart."""
    if abbreviation_of(written) in ORGANISATION_WORDS:
        return True
    return any(folded in ORGANISATION_WORDS for folded in typo_folds(written))


def word_counts(names: Iterable[str]) -> Counter[str]:
    """How many of these names write each word (lower case, as written).

    A word only one client writes may be a typo; two words many clients write are real
    words (surnames, trades) and are never read as typos of each other.
    """
    counts: Counter[str] = Counter()
    for name in names:
        counts.update({written.casefold().replace(" ", "") for written, _ in client_words(name)})
    return counts
