"""NameDiffs on word codes answers as the NameDiffs on strings it replaced, pair for pair.

The replaced class is kept verbatim in ``strings_name_diffs.py`` as the oracle. Pairs are
made the way two exports spell one client or two near clients: a name and a changed copy of
it (a word shortened or abbreviated, a run of words written as initials, "&" for "and", a
word dropped or added, a place or site added, a typo, words run together, a distinguishing
word swapped for another), so that the readings, not only the shortcut for strangers, are
exercised; strangers are mixed in.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from recon.match.name_diffs import NameDiffs
from recon.match.names import DiffKind, word_counts
from tests.recon.match.strings_name_diffs import NameDiffs as StringNameDiffs

_BASE = (
    "Smith Jones Keystone Hollow Lyons Family Florist Cleaning Energy Ross Rossi Pham Terrace "
    "Home Health Springs Foundation Community Center Pediatrics Dental Physical Therapy "
    "Creek Heights Law Ward Brewing Klein Machine Works Red Valley North South East Park "
    # words run together: capitalised, with a word keys drop, with initials
    "PhysicalTherapy StarValley TheWard BrewingCompany SMAccounting HeightsLaw"
).split()
_TAILS = ("", " LLC", " Inc", " Co", " Group", " Holdings", " Services", " Partners")
_PLACES = ("", " - Denver", " (Austin)", " Boise", " - Head Office", " HQ", " Store 12")
#: Shortened spellings people write, listed and unlisted, with and without a full stop.
_SHORT = {
    "Family": ("Fam", "Fam."),
    "Services": ("Servs", "Svcs", "Sevrices"),
    "Center": ("Cntr", "Ctr"),
    "Springs": ("Spgs",),
    "South": ("So", "So."),
    "North": ("No.", "N."),
    "East": ("E.",),
    "Community": ("Comm.", "Cmty"),
    "Pediatrics": ("Ped.", "Peds"),
    "Dental": ("Dent", "Dentl"),
    "Foundation": ("Fdn", "Found."),
    "Health": ("Hlth",),
}
_CAPITALS = re.compile(r"[A-Z](?=[a-z])")
_OTHER = ("Lab", "Clinic", "Rossi", "Smyth", "Partners", "West", "Studio")


def _typo(word: str, at: int) -> str:
    if len(word) < 3:
        return word
    at = at % (len(word) - 1)
    return word[:at] + word[at + 1] + word[at] + word[at + 2 :]  # two letters swapped


@st.composite
def _pair(draw: st.DrawFn) -> tuple[str, str]:
    words = draw(st.lists(st.sampled_from(_BASE), min_size=1, max_size=4))
    name = " ".join(words) + draw(st.sampled_from(_TAILS))
    other = list(words)
    for _ in range(draw(st.integers(min_value=0, max_value=2))):
        at = draw(st.integers(min_value=0, max_value=len(other) - 1))
        how = draw(
            st.sampled_from(
                ["short", "initials", "and", "drop", "add", "typo", "glue", "twin", "case", "caps"]
            )
        )
        word = other[at]
        if how == "short" and word in _SHORT:
            other[at] = draw(st.sampled_from(_SHORT[word]))
        elif how == "initials" and at + 1 < len(other) and other[at].isalpha():
            other[at : at + 2] = [other[at][0] + other[at + 1][0]]
        elif how == "and" and at + 1 < len(other):
            other.insert(at + 1, draw(st.sampled_from(["&", "and", "+"])))
        elif how == "drop" and len(other) > 1:
            del other[at]
        elif how == "add":
            other.insert(at, draw(st.sampled_from(_OTHER)))
        elif how == "typo":
            other[at] = _typo(word, draw(st.integers(min_value=0, max_value=20)))
        elif how == "glue" and at + 1 < len(other):
            other[at : at + 2] = [other[at] + other[at + 1]]
        elif how == "twin":
            other[at] = draw(st.sampled_from(_OTHER))
        elif how == "caps" and len(_CAPITALS.findall(word)) > 1:
            other[at] = "".join(_CAPITALS.findall(word))  # "PT" for "PhysicalTherapy"
        elif how == "case":
            other[at] = word.upper()
        if not other:
            other = [word]
    changed = " ".join(other) + draw(st.sampled_from(_TAILS)) + draw(st.sampled_from(_PLACES))
    return (name, changed) if draw(st.booleans()) else (changed, name)


def _learned(token: str) -> str:
    return {"dent": "", "lab": "clinic", "smith": "smyth", "ross": "rossi"}.get(token, token)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(_pair(), min_size=1, max_size=10),
    st.booleans(),
    st.booleans(),
)
def test_coded_diffs_answer_as_the_string_diffs_they_replaced(
    pairs: list[tuple[str, str]], common: bool, learned: bool
) -> None:
    names = [n for pair in pairs for n in pair]
    # Strangers too: each vendor name against the next pair's PSA name.
    pairs = pairs + [(pairs[at][0], pairs[at - 1][1]) for at in range(len(pairs))]
    counts = word_counts(names * (2 if common else 1))

    def count(word: str) -> int:
        return counts.get(word, 0)

    rewrite: Callable[[str], str] | None = _learned if learned else None
    coded, strings = NameDiffs(count, rewrite), StringNameDiffs(count, rewrite)
    for vendor, psa in pairs * 2:  # asked again: names and leftovers answered from memory
        assert coded.diff(vendor, psa) == strings.diff(vendor, psa), (vendor, psa)


def test_each_distinct_word_is_read_once_into_one_code() -> None:
    diffs = NameDiffs(lambda _word: 1)
    pairs = [
        ("Lyons Fam Florist", "Lyons Family Florist"),
        ("Lyons Family Florist", "Smith Family Dental"),
        ("Smith Dental", "Lyons Fam Florist"),
    ]
    found = [diffs.diff(v, p).kind for v, p in pairs]
    assert found == [DiffKind.SHORT_FORMS, DiffKind.DIFFERENT, DiffKind.DIFFERENT]
    # lyons, fam, florist, family, smith, dental: six words, however often names repeat them.
    assert len(diffs._specs) == 6
    assert diffs._names["Lyons Fam Florist"][0] == (0, 1, 2)


def test_two_typos_of_one_word_are_read_and_two_real_words_are_not() -> None:
    # "Eneergy" / "Energgy" are two edits apart, each one edit from "Energy", which two
    # clients write: the first test lets the pair through to the typo reading. "Rossi" /
    # "Rossa" are one edit apart but each is written by two clients: two real words.
    names = [
        "Eneergy Partners",
        "Energgy Partners",
        "Energy Works",
        "Energy Labs",
        "Rossi Dental",
        "Rossi Labs",
        "Rossa Dental",
        "Rossa Labs",
    ]
    counts = word_counts(names)

    def count(word: str) -> int:
        return counts.get(word, 0)

    coded, strings = NameDiffs(count), StringNameDiffs(count)
    typos = coded.diff("Eneergy Partners", "Energgy Partners")
    assert typos == strings.diff("Eneergy Partners", "Energgy Partners")
    assert typos.kind is DiffKind.SHORT_FORMS
    assert typos.typo
    apart = coded.diff("Rossi Dental", "Rossa Dental")
    assert apart == strings.diff("Rossi Dental", "Rossa Dental")
    assert apart.kind is DiffKind.DIFFERENT
