"""The names' words read for the name differences over a whole column at once
(recon.match.name_reading.spec_columns, recon.match.name_diffs.NameDiffs.read_column) are
exactly what the per-name readers give (the oracle: recon.match.name_reading._words and
NameDiffs.read of a name never read before), on any name."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recon.match import name_columns
from recon.match.name_columns import read_words
from recon.match.name_diffs import NameDiffs
from recon.match.name_reading import _words, spec_columns

# Plain words, organisation words, initials, words run together, legal forms with and
# without full stops, a word ending in one full stop, places ending a name, numbers, an
# accent: every rule of _words and each way a name leaves the column path.
_WORDS = (
    "Smith Garrison Pediatrics Wolfe Signs Graphics Park Dental Eagle Crossing Jewelers "
    "Group Grp Services Holdings Company Co Co. Partners Associates North HQ Head Office "
    "GP MS J B SMAccounting ParkAssociates PhysicalTherapy lawgroup theward TheGranite "
    "LLC Inc Inc. Ltd. LP PA P.A. L.L.C. CPA The and & of 12 3rd So. No., St.) "
    "Denver Boise Austin Texas Spokane O'Brien A.B. Café fka"
).split()
_JOINS = (" ", " ", " ", " ", ", ", " & ", " - ", " (", ") ", ".", "  ", "\t", "\u00a0", " \u2013 ")

_names = st.builds(
    lambda words, joins: "".join(w + j for w, j in zip(words, joins, strict=False)).strip(),
    st.lists(st.sampled_from(_WORDS), min_size=0, max_size=6),
    st.lists(st.sampled_from(_JOINS), min_size=6, max_size=6),
)


@pytest.fixture(autouse=True)
def _empty_tables() -> None:
    name_columns._KNOWN.clear()
    _words.cache_clear()


def _by_value(diffs: NameDiffs, name: str) -> tuple[object, ...]:
    """A name as read, its word codes replaced by the words they code (codes are numbered
    in the order words are first met, which differs between the two ways of reading)."""
    codes, *rest = diffs.read(name)
    return (tuple(diffs._specs[c] for c in codes), *rest)


@settings(max_examples=500, deadline=None)
@given(st.lists(_names, min_size=1, max_size=25))
def test_spec_columns_read_each_plain_name_as_words_does(names: list[str]) -> None:
    found = spec_columns(names, read_words(names))
    at = 0
    for name, size, plain in zip(names, found.sizes.tolist(), found.plain.tolist(), strict=True):
        if plain:
            codes = found.codes[at : at + size].tolist()
            assert tuple(found.specs[c] for c in codes) == _words(name), name
        at += size


@settings(max_examples=300, deadline=None)
@given(st.lists(_names, min_size=1, max_size=25), st.lists(_names, max_size=5))
def test_names_read_as_a_column_are_read_as_one_by_one(names: list[str], before: list[str]) -> None:
    column = NameDiffs(lambda word: 1 if word.startswith("s") else 2)
    for name in before:  # names read before the column keep their reading
        column.read(name)
    column.read_column(names, read_words(names))
    one_by_one = NameDiffs(lambda word: 1 if word.startswith("s") else 2)
    for name in [*before, *names]:
        assert _by_value(column, name) == _by_value(one_by_one, name), name


@pytest.mark.parametrize(
    ("name", "plain"),
    [
        ("Smith Dental", True),
        ("Bennett Dental Boise", True),  # a place ending a long name: in the qualifier
        ("Harper CPA Group LP Boise", False),  # a legal form before the last word
        ("Ramsey Partners Inc.", True),  # a word ending in one full stop: read as a column too
        ("Smith Dental L.L.C.", True),  # initials with full stops: no such word
        ("Acme Law - Denver", False),
        ("Acme Law (Denver)", False),
        ("Café Bleu", False),
        ("Smith\tDental", False),
    ],
)
def test_which_names_the_column_path_reads(name: str, plain: bool) -> None:
    found = spec_columns([name], read_words([name]))
    assert found.plain.tolist() == [plain]
    if plain:
        assert tuple(found.specs[c] for c in found.codes.tolist()) == _words(name)


def test_a_place_ends_a_long_name_only() -> None:
    # "Boise" after two words is a site; after one it may be a surname ("Bennett Holt").
    names = ["Bennett Dental Boise", "Bennett Boise"]
    found = spec_columns(names, read_words(names))
    specs = [found.specs[c] for c in found.codes.tolist()]
    assert [s[2] for s in specs] == [False, False, True, False, False]
    assert [s[0] for s in specs] == ["bennett", "dental", "boise", "bennett", "boise"]


def test_no_names_read_nothing() -> None:
    diffs = NameDiffs(lambda _word: 1)
    diffs.read_column([], read_words([]))
    assert diffs.word_features == []


def test_a_learned_rewrite_reads_names_one_by_one() -> None:
    diffs = NameDiffs(lambda _word: 1, lambda token: "" if token == "dent" else token)
    diffs.read_column(["Smith Dental"], read_words(["Smith Dental"]))
    assert diffs.word_features == []  # nothing read ahead
    assert [w[1] for w in diffs.read("Smith Dental")[1]] == ["smith"]
