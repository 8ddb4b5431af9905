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

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import IntEnum
from functools import lru_cache

from rapidfuzz.distance import OSA

from recon.match.name_words import (
    BRANCH_WORDS,
    MIN_TYPO,
    ORGANISATION_WORDS,
)
from recon.match.name_words import Word as _Word
from recon.match.name_words import is_short_form as _is_short_form
from recon.match.name_words import pair_equal as _pair_equal
from recon.match.places import is_place_name
from recon.match.run_together import camel_initials as _camel_initials
from recon.match.run_together import glued_parts_or_the, initials_glued
from recon.match.run_together import pair_respaced as _pair_respaced
from recon.match.run_together import pair_run_together as _pair_run_together
from recon.match.run_together import split_initials as _split_initials
from recon.match.run_together import unglue as _unglue
from recon.normalize import (
    abbreviation_of,
    client_words,
    full_words,
    looks_like_legal_form,
    typo_folds,
)
from recon.normalize import (
    is_legal_form as is_legal,
)

_QUALIFIER_MARKS = (" - ", "(", " \u2013 ", " \u2014 ")
_PLAIN_LEGAL = frozenset("inc llc llp lllp lp ltd corp plc pc pllc pa".split())
TYPO_RATIO = 10


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


def _qualifier_start(name: str) -> int:
    # The marks spelled out, not a generator over them: this runs once per name read.
    dash, bracket, en_dash, em_dash = _QUALIFIER_MARKS
    cut = max(name.rfind(dash), name.rfind(bracket), name.rfind(en_dash), name.rfind(em_dash))
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
    # A name without a full stop has no word written with one (most names).
    stopped = (
        {w.rstrip(",;:)").rstrip(".") for w in name.casefold().split() if _stopped(w)}
        if "." in name
        else set()
    )
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
    rewrite: Callable[[str], str] | None = None,
) -> NameDiff:
    """Line up the words of two names and classify what is left.

    Args:
        vendor_name: the vendor's name as written.
        psa_name: the PSA's name as written.
        count: how many client names in the population write a word (lower case); two
            words both written often are never read as typos of each other.
        rewrite: a learned rewrite of folded words (:class:`recon.match.evidence.Evidence`);
            a word rewritten to "" is noise and left out (default: None, no rewrite).

    Returns:
        The difference, its kind and the readings it rests on.

    Example:
        >>> diff_names("Lyons Fam Florist", "Lyons Family Florist").kind
        <DiffKind.SHORT_FORMS: 1>
    """
    a, b = _line_up(vendor_name, rewrite), _line_up(psa_name, rewrite)
    _pair_equal(a, b)
    return _read_apart(
        a,
        b,
        _run_together_words(vendor_name),
        _run_together_words(psa_name),
        count,
    )


def _read_apart(
    a: list[_Word],
    b: list[_Word],
    run_a: tuple[bool, bool],
    run_b: tuple[bool, bool],
    count: Callable[[str], int],
) -> NameDiff:
    """The readings after the words both names write alike were marked used, and the
    classification of what is left (the body of :func:`diff_names`). Only the free words, and
    where each used word stands, are read; the used words' text only where a word run together
    may be split (:class:`recon.match.name_diffs.NameDiffs` keys its answers on that)."""
    readings: list[str] = []
    short = False
    # Most names write no word run together with a dropped word or with initials: a name
    # known (once, cached) to have none skips those readings, which would change nothing.
    glued_a, split_a = run_a
    glued_b, split_b = run_b
    if _both_left(a, b):
        # A word keys drop ("The", a legal form, an organisation word) run together with a
        # word of the name: "TheWard" / "Ward", "BrewingCompany" / "Brewing Co".
        lined_a, lined_b = a, b
        if glued_a:
            a = _unglue(a, b, readings)
        if glued_b:
            b = _unglue(b, a, readings)
        # Words unglue made are the name's no longer: they are tried as any others.
        split_a |= a is not lined_a
        split_b |= b is not lined_b
    if _both_left(a, b):
        # Initials run together with the next word ("SMAccounting", "WHSERVICES"): the
        # initials are then read against the other side's words as any others are.
        if split_a:
            a = _split_initials(a, b)
        if split_b:
            b = _split_initials(b, a)
    if _both_left(a, b):
        # Words run together leave one side with fewer words than the other, unless the
        # other side also adds a word ("CreekDental Group" / "Creek Dental").
        short |= _pair_run_together(a, b, readings)
        short |= _pair_run_together(b, a, readings)
    if _both_left(a, b):
        _pair_respaced(a, b, readings)
    if _both_left(a, b):
        short |= _pair_typos(a, b, count, readings)
    if _both_left(a, b):
        # Initials of two letters or more first, both ways: "WH" stands for "W. Hollow"
        # before "W." could be read as the initial of "WH".
        # Words only ever become used, so a side with no free word initials could be read
        # from now has none in any of the four passes: skip them.
        a_initials, b_initials = _may_be_initials(a), _may_be_initials(b)
        for fewest in (2, 1):
            if a_initials:
                short |= _pair_initials(a, b, readings, fewest)
            if b_initials:
                short |= _pair_initials(b, a, readings, fewest)
    if _both_left(a, b):
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


@lru_cache(maxsize=131_072)
def _run_together_words(name: str) -> tuple[bool, bool]:
    """Whether a word of the name may be read by :func:`recon.match.run_together.unglue` (a
    word and a word keys drop written together) and by
    :func:`recon.match.run_together.split_initials` (initials and a word written together).
    False means the reading changes nothing, whatever the other name."""
    spelled = _words(name)
    return (
        any(glued_parts_or_the(written) for written, *_ in spelled),
        any(initials_glued(shown) for _, _, _, shown, _ in spelled),
    )


def _both_left(a: list[_Word], b: list[_Word]) -> bool:
    """True while both sides hold a word not yet read (:func:`left` of each, one call)."""
    for w in a:
        if not w.used:
            break
    else:
        return False
    for w in b:  # noqa: SIM110
        if not w.used:
            return True
    return False


def _may_be_initials(words: list[_Word]) -> bool:
    """Whether a free word could be read as initials by :func:`_pair_initials`: letters
    only, at most four of them."""
    for w in words:  # noqa: SIM110
        if not w.used and len(w.written) <= 4 and w.written.isalpha():
            return True
    return False


def _line_up(name: str, rewrite: Callable[[str], str] | None) -> list[_Word]:
    """Fresh words of a name (readings mark them used), rewritten; a word rewritten to "" is
    left out."""
    if rewrite is None:
        # The name's words are read once (cached); only the Word objects, which readings
        # mark used, are new per comparison.
        return [_Word(*spec) for spec in _words(name)]
    out = []
    for written, token, qualifier, shown, stopped in _words(name):
        folded = rewrite(token)
        if folded:
            out.append(_Word(written, folded, qualifier, shown, stopped))
    return out


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
            folds = y.token in typo_folds(x.written) or (
                x.token in typo_folds(y.written) and count(x.written) <= 1
            )
            if OSA.distance(x.written, y.written, score_cutoff=2) > 2:
                # Most pairs: too far apart for a typo of one or two edits, so only the
                # lists' typo folds can pair them (what _typo and _two_typos would say).
                long_typo, short_typo = folds, False
            else:
                long_typo = _typo(x.written, y.written, count, MIN_TYPO) or folds
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
            if _short_pair(x.written, x.token, x.stopped, y.written, y.token, y.stopped):
                x.used = y.used = True
                found = True
                readings.append(f"{x.shown!r} as {y.shown!r}")
                break
    return found


@lru_cache(maxsize=262_144)
def _short_pair(
    x_written: str, x_token: str, x_stopped: bool, y_written: str, y_token: str, y_stopped: bool
) -> bool:
    """Whether one of two words is a short form of the other, either way round. A pure test
    of the two words alone, so cached: the same two words meet in many name pairs ("Dent" /
    "Dental")."""
    if abbreviation_of(x_written) == y_token or abbreviation_of(y_written) == x_token:
        return True
    # Every reading below has the short word begin as the other word, or one of its listed
    # full words, begins: most pairs of words two names leave over fail that at once.
    if x_written[:1] not in _first_letters(y_written, y_token) and y_written[:1] not in (
        _first_letters(x_written, x_token)
    ):
        return False
    return (
        _short_of_folded(x_written, y_token)
        or _short_of_folded(y_written, x_token)
        or _stopped_short_form(x_written, x_stopped, y_written, y_token)
        or _stopped_short_form(y_written, y_stopped, x_written, x_token)
        or _is_short_form(x_written, y_written)
        or _is_short_form(y_written, x_written)
    )


@lru_cache(maxsize=131_072)
def _first_letters(written: str, token: str) -> frozenset[str]:
    """The letters a short form of this word may begin with: its own first letter and those
    of the listed full words of its folded form."""
    return frozenset((written[:1], *(word[:1] for word in full_words(token))))


def _short_of_folded(short: str, token: str) -> bool:
    """``short`` is a short form of a listed full word of the other side's folded word: "Servs"
    beside "Svcs" or a mistyped "Sevrices" (both folded to the form of Services). Two writers'
    own short forms of one word, or one writer's beside a typo the lists still fold.
    Contractions only: a bare truncation ("Comm") begins too many words to stand for one."""
    return any(
        _is_short_form(short, word) and not word.startswith(short) for word in full_words(token)
    )


#: Directions written with two letters and no full stop ("So Grove"): the postal and
#: everyday short forms of South. "No" is left out: without its stop it is a word ("No
#: Limits"), and a name's own word must never be read away.
_BARE_DIRECTIONS = {"so": "south"}


def _stopped_short_form(short: str, stopped: bool, long: str, long_token: str) -> bool:
    """Two letters and a full stop for a word they begin ("So." for "South", "No." for
    "North"): ISO 4 marks a truncated word with a full stop. Also a stopped truncation of a
    listed word the other side abbreviates its own way ("Comm." beside "Cmty", both
    Community): two lists' abbreviations of one word.

    Args:
        short: the word that may be short, as written (lower case); ``stopped`` when it was
            written with a full stop.
        long: the other word as written (lower case), and ``long_token`` folded.
    """
    if _BARE_DIRECTIONS.get(short) == long:
        return True
    if not stopped or len(short) < 2:
        return False
    if len(short) == 2:
        return len(long) >= 4 and long.startswith(short)
    return any(len(word) > len(short) and word.startswith(short) for word in full_words(long_token))


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


def _classify(only_a: list[_Word], only_b: list[_Word]) -> tuple[DiffKind, bool]:
    return classify_kinds([_word_kind(w) for w in only_a], [_word_kind(w) for w in only_b])


def classify_kinds(kinds_a: Sequence[str], kinds_b: Sequence[str]) -> tuple[DiffKind, bool]:
    """The kind of a difference from the kinds (:func:`kind_of`) of the words only the vendor
    name and only the PSA name hold, and whether one of them is a place."""
    if not kinds_a and not kinds_b:
        return DiffKind.SAME, False
    kinds = [*kinds_a, *kinds_b]
    places = "place" in kinds
    soft = all(k in ("legal", "organisation", "place") for k in kinds)
    if kinds_a and kinds_b:
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
    return kind_of(word.token, word.written, word.qualifier)


@lru_cache(maxsize=65_536)
def kind_of(token: str, written: str, qualifier: bool) -> str:
    """What a word a name holds alone is: "organisation", "legal", "place" or a plain "word"."""
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


def site_split(name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A name's key words apart from its site words: "Weber & Dunn Medical Associates -
    Spokane" -> (("weber", "dunn", "med", "assoc"), ("spokane",)).

    Site words are places, branches and numbers (the qualifier after " - " or in brackets, a
    state or city ending a name of three words or more, "HQ", "Head Office"); legal forms are
    left out of both, as keys leave them out.

    Args:
        name: the name as written.

    Returns:
        (the other words, the site words), folded as keys fold them.
    """
    base: list[str] = []
    site: list[str] = []
    for _, token, qualifier, written, _ in _words(name):
        kind = kind_of(token, written, qualifier)
        if kind == "place":
            site.append(token)
        elif kind != "legal":
            base.append(token)
    return tuple(base), tuple(site)
