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

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import IntEnum

from recon.match.name_reading import (
    _run_together_words,
    _words,
    kind_of,
    leading_kind,
    site_split,
    word_counts,
)
from recon.match.name_typos import _pair_typos
from recon.match.name_words import Word as _Word
from recon.match.name_words import pair_equal as _pair_equal
from recon.match.run_together import pair_respaced as _pair_respaced
from recon.match.run_together import pair_run_together as _pair_run_together
from recon.match.run_together import split_initials as _split_initials
from recon.match.run_together import unglue as _unglue
from recon.match.run_together_short import pair_both_run_together as _pair_both_run_together
from recon.match.short_forms import _pair_initials, _pair_short_forms

#: What callers import from here: the names' types and diff, and the readings of one name
#: that moved to :mod:`recon.match.name_reading`.
__all__ = [
    "ClientName",
    "DiffKind",
    "NameDiff",
    "classify_kinds",
    "diff_names",
    "kind_of",
    "site_split",
    "word_counts",
]


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
        # The same letters spaced at other places first: nothing added or dropped is the
        # strongest reading, and the run-together reading below would otherwise take "Royal
        # PinesFlooring" for "ROYALPINES" with "Flooring" cut short, leaving "FLOORING" a
        # word apart.
        _pair_respaced(a, b, readings)
    if _both_left(a, b):
        # Words run together leave one side with fewer words than the other, unless the
        # other side also adds a word ("CreekDental Group" / "Creek Dental").
        short |= _pair_run_together(a, b, readings)
        short |= _pair_run_together(b, a, readings)
    if _both_left(a, b):
        # Run together on both sides, one word written short: "CrownHeights" / "Crownhts".
        short |= _pair_both_run_together(a, b, readings)
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
    kind, places = _classify(only_a, only_b, a[0] if a else None, b[0] if b else None)
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


def _classify(
    only_a: list[_Word], only_b: list[_Word], first_a: _Word | None, first_b: _Word | None
) -> tuple[DiffKind, bool]:
    """:func:`classify_kinds` of the words left; a name's first word (``first_a``,
    ``first_b``) read as one (:func:`recon.match.name_reading.leading_kind`)."""
    return classify_kinds(
        [_word_kind(w, w is first_a) for w in only_a], [_word_kind(w, w is first_b) for w in only_b]
    )


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


def _word_kind(word: _Word, first: bool = False) -> str:
    kind = kind_of(word.token, word.written, word.qualifier)
    return leading_kind(kind, word.token) if first else kind
