"""The family step's first words, keyed as one column, equal the names keyed one by one."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from recon.engine.family_names import FirstWords, first_word
from recon.normalize import client_key

# Shapes whose keys take client_key's cross-word rules (number words, initials, legal forms
# written out or glued on, accents, run-together words, a qualifier): the column path must
# send each to the one-by-one key or fold it the same way.
_SHAPES = [
    "Fifth Abbott Winery",
    "5th Abbott Winery",
    "BradfordCounselingCenter",
    "Christensen Aviationllc",
    "Beacon Woods Consulting (formerly Beacon & Sons)",
    "The Crystal Park Signs + Graphics",
    "Strícklánd Events, LLP",
    "J. R. Hardy OD",
    "Spring Island Solar, Professional Corporation",
    "Harbor Canyon Fitness (HARBCA364)",
    "East Vista Coffee Roasters - Spokane",
    "",
]
_WORDS = st.sampled_from(
    ["Acme", "First", "Third", "Twelve", "the", "Group", "LLC", "Inc.", "Dental", "Ctr", "&"]
)


def testfirst_words_equal_the_one_by_one_key_on_names_of_every_shape() -> None:
    first = FirstWords(_SHAPES)
    assert [first(name) for name in _SHAPES] == [first_word(name) for name in _SHAPES]
    assert first("Fifth Abbott Winery") == "5th"  # a number word is folded as client_key folds it


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_WORDS, min_size=1, max_size=5).map(" ".join), max_size=20))
def testfirst_words_equal_the_one_by_one_key_on_generated_names(names: list[str]) -> None:
    first = FirstWords(names)
    assert [first(name) for name in names] == [first_word(name) for name in names]


def test_a_name_not_given_up_front_is_keyed_on_its_own() -> None:
    first = FirstWords(["Acme Dental"])
    assert first("Third Baxter Trail Medical") == first_word("Third Baxter Trail Medical")


def test_names_whose_keys_are_known_are_read_from_them_the_rest_keyed() -> None:
    # The sides' clients carry their keys from grouping (ClientName.key): handed in, they
    # are taken as they are, and every other name is keyed as before.
    known = {name: client_key(name) for name in _SHAPES[:5]}
    first = FirstWords(_SHAPES, known=known)
    assert [first(name) for name in _SHAPES] == [first_word(name) for name in _SHAPES]
    assert [first.key(name) for name in _SHAPES] == [client_key(name) for name in _SHAPES]
    # A known key is the one read (not keyed again).
    assert FirstWords(["Acme Dental"], known={"Acme Dental": "zeta acme"})("Acme Dental") == "zeta"
