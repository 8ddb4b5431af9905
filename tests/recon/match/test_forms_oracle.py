"""The derived forms the fuzzy step looks names up by, worked out with fast paths (no
organisation or branch word, letters only, no word run together), are the forms the
replaced functions gave (tests/recon/match/strings_forms.py), on any name."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from recon.match.forms import (
    RareWords,
    _rare_keys,
    _written_initials,
    forms,
    query_forms,
    written_forms,
)
from recon.normalize import client_key
from tests.recon.match import strings_forms as oracle

_WORDS = (
    # plain words and surnames
    "Smith Garrison Pediatrics Wolfe Signs Graphics Park Dental Eagle Crossing Jewelers "
    # organisation and branch words, and their listed short forms
    "Group Grp Services Svcs Holdings Company Co Partners Associates North South East West "
    "Downtown HQ Head Office Billing Center Cntr Xing Mountain Mtn Ppty Properties Mgmt Hldgs "
    # initials, alone and run into a word, and capitalised words run together
    "GP MS EC WS KH SM J B SMAccounting WHSERVICES ParkAssociates PhysicalTherapy lawgroup "
    # legal forms, articles, numbers, places and signs
    "LLC Inc PA The TheGranite & of 12 3rd Denver Boise Austin O'Brien A.B."
).split()
_QUALIFIERS = ("", " - Denver", " (Austin)", " - Head Office", " Boise")

_names = st.builds(
    lambda words, qualifier: " ".join(words) + qualifier,
    st.lists(st.sampled_from(_WORDS), min_size=1, max_size=6),
    st.sampled_from(_QUALIFIERS),
)


@settings(max_examples=800, deadline=None)
@given(_names)
def test_forms_are_the_replaced_forms(name: str) -> None:
    key = client_key(name)
    assert forms(key) == oracle.forms(key), key
    assert query_forms(key) == oracle.query_forms(key), key
    assert written_forms(name) == oracle.written_forms(name), name


def test_the_fast_paths_leave_no_form_out() -> None:
    # No organisation word, letters only: every run of two or three words as initials.
    key = "eagle crossing jewelers albany"
    assert forms(key) == oracle.forms(key)
    assert "i:ec jewelers albany" in forms(key)
    assert "i:eagle cj albany" in forms(key)
    assert "w:gp" in query_forms("garrison pediatrics")
    # Organisation and branch words: the name without them too.
    assert {"c:parkdental", "c:parkdentalnorth"} <= forms("park dental grp north")
    assert written_forms("Patel lawgroup Dental") == oracle.written_forms("Patel lawgroup Dental")


# Names sharing one rare word ("Wright") and other words of distinct beginnings: a look-up
# finds more than RARE_ALL of them and must rank them by the words they share and differ by.
_others = "Mechanical Pediatrics Bend Sutton Harbor Linden Orchard Quarry Vista Kettle".split()
_pool_names = st.builds(
    lambda words: " ".join(["Wright", *words]),
    st.lists(st.sampled_from(_others), min_size=0, max_size=4),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_pool_names, min_size=17, max_size=48), _pool_names)
def test_rare_words_rank_as_the_replaced_ranking(pool: list[str], name: str) -> None:
    rare = RareWords(pool)
    assert rare.find(name) == oracle.rare_find(rare, pool, name)


# Words whose rare keys and initials take each rule: camel case and words run together,
# initials run into a word, organisation and branch words, short words, digits, accents.
_INDEX_WORDS = (
    "SuttonLaw PhysicalTherapy McDaniel DBPed SMAccounting WHSERVICES DB Ped. KH Kim Ng "
    "Group Services North HQ Office Co 12 3rd Café Łódź STRAßE Ørsted Ål O'Brien A.B. & The "
    "Wright Mechanical Garrison Pediatrics LLC Inc"
).split()
_index_names = st.builds(
    lambda words, qualifier: " ".join(words) + qualifier,
    st.lists(st.sampled_from(_INDEX_WORDS), min_size=1, max_size=5),
    st.sampled_from(_QUALIFIERS),
)


@settings(max_examples=600, deadline=None)
@given(_index_names)
def test_rare_keys_and_initials_read_word_by_word_are_the_replaced_ones(name: str) -> None:
    assert _rare_keys(name) == oracle.rare_keys(name), name
    assert _written_initials(name) == oracle.written_initials(name), name


@settings(max_examples=200, deadline=None)
@given(st.lists(_index_names, min_size=1, max_size=30, unique=True))
def test_the_rare_word_index_is_the_replaced_index(pool: list[str]) -> None:
    assert dict(RareWords(pool)._by_word) == oracle.rare_index(pool)
