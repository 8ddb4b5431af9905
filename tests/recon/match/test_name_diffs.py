"""NameDiffs answers as the plain diff_names computation, pair for pair.

NameDiffs reads each name once and answers a pair no reading can pair a word of without
reading it; the plain computation of ``test_names_fast_paths`` (every reading tried in full)
is the oracle, on names drawn from words that exercise every reading: typos of one and two
edits, short forms, initials, words run together, legal forms, organisation words, places,
qualifiers and words written twice.
"""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from recon.match.name_diffs import NameDiffs
from recon.match.names import DiffKind, diff_names, word_counts
from tests.recon.match.test_names_fast_paths import _PAIRS, _plain_diff

_WORDS = (
    # plain words, and their typos of one and two edits
    "Smith Smyth Smiht Cleaning Cleeaning Energy Eneergy Energgy Lee Lea Ross Rossi "
    # short forms, listed abbreviations and stopped truncations
    "Family Fam Fam. Services Servs Svcs Sevrices Center Cntr Springs Spgs South So So. "
    "North No. Community Comm. Cmty Pediatrics Ped. Dental Dent Dentl "
    # initials, alone and written together
    "KH Keystone Hollow E. East WS SM SMAccounting Accounting PT PhysicalTherapy Physical "
    "Therapy WHSERVICES "
    # words run together, with a word keys drop
    "HeightsLaw Heights Law CreekDental Creek TheWard Ward BrewingCompany Brewing "
    "MachineWorks KleinMachine Klein Machine Works "
    # legal forms, organisation words, places, numbers
    "LLC Inc Co Group Holdings Partners Denver Boise Austin HQ 12 & of The"
).split()
_QUALIFIERS = ("", " - Denver", " (Austin)", " - Head Office", " Boise")

_names = st.builds(
    lambda words, qualifier: " ".join(words) + qualifier,
    st.lists(st.sampled_from(_WORDS), min_size=1, max_size=5),
    st.sampled_from(_QUALIFIERS),
)


def _identity(token: str) -> str:
    return token


def _learned(token: str) -> str:
    return {"dent": "", "lab": "clinic", "smith": "smyth"}.get(token, token)


@settings(max_examples=600, deadline=None)
@given(st.lists(st.tuples(_names, _names), min_size=1, max_size=8), st.booleans(), st.booleans())
def test_name_diffs_answer_as_every_reading_tried_in_full(
    pairs: list[tuple[str, str]], common: bool, learned: bool
) -> None:
    counts = word_counts([n for pair in pairs for n in pair] * (2 if common else 1))

    def count(word: str) -> int:
        return counts.get(word, 0)

    rewrite: Callable[[str], str] = _learned if learned else _identity
    diffs = NameDiffs(count, _learned if learned else None)
    for vendor, psa in pairs * 2:  # asked again: the names and leftovers read once
        assert diffs.diff(vendor, psa) == _plain_diff(vendor, psa, count, rewrite), (vendor, psa)


def test_most_pairs_are_answered_without_reading_them() -> None:
    # Two clients' names leave words no reading pairs: only the other pairs are read in full.
    names = [n for pair in _PAIRS for n in pair]
    counts = word_counts(names)
    diffs = NameDiffs(lambda word: counts.get(word, 0))
    strangers = [(v, p) for v in names[:60] for p in names[60:120]]
    for vendor, psa in strangers:
        diffs.diff(vendor, psa)
    assert len(diffs._found) < 0.3 * len(strangers)
    assert diffs.diff("Lyons Fam Florist", "Lyons Family Florist").kind is DiffKind.SHORT_FORMS
    assert diffs.diff("Smith Dental", "Jones Dental") == diff_names("Smith Dental", "Jones Dental")


def test_pairs_only_a_full_reading_pairs_are_read_in_full() -> None:
    # Each pair leaves words the first tests of a reading cannot pair: only initials can,
    # over a run of the other name's words or over one word's capitals, with no word written
    # twice on either side (the fast path) and with one ("Park Park", the other path).
    pairs = [
        ("PT Clinic", "PhysicalTherapy Clinic"),
        ("Smith PT", "Smith PhysicalTherapy"),
        ("KH Dental", "Keystone Hollow Dental"),
        ("Park Park PT", "Park Park PhysicalTherapy"),
        ("Park Park KH", "Park Park Keystone Hollow"),
    ]
    names = [n for pair in pairs for n in pair]
    counts = word_counts(names)

    def count(word: str) -> int:
        return counts.get(word, 0)

    diffs = NameDiffs(count)
    for vendor, psa in pairs:
        found = diffs.diff(vendor, psa)
        assert found == _plain_diff(vendor, psa, count, _identity), (vendor, psa)
        assert found.kind is DiffKind.SHORT_FORMS, (vendor, psa)
