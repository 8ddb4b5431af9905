"""The column-wide client keys are exactly :func:`recon.normalize.client_key`, name by name."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.names import Noise, noisy, random_name
from recon.bulk_keys import client_keys, client_word_counts, fold_words, word_columns
from recon.match.names import word_counts
from recon.name_marks import NUMBER_WORDS
from recon.normalize import (
    _FOLD,
    _LEGAL_FORMS,
    _LEGAL_PHRASES,
    _PLAIN_LEGAL,
    client_key,
    client_words,
    fold_word,
)

# Words that take every rule: each listed business word and abbreviation, every legal form
# (and typos of long ones), written-out legal phrases, fillers, initials, digits, accents.
_WORDS = sorted(
    {
        *_FOLD,
        *_FOLD.values(),
        *_LEGAL_FORMS,
        *_PLAIN_LEGAL,
        *(word for phrase in _LEGAL_PHRASES for word in phrase),
        "Corporatoin", "Incorporatd", "Companie", "L.L.C.", "P.A.", "Co.", "Inc.", "S.A.R.L.",
        "The", "and", "&", "+", "A", "B.", "J", "x", "A.B.C.", "7", "360", "1st", "#12",
        "Smith", "Jones", "Nolan", "O'Brien", "D`Arcy", "Wayne", "Hunt", "Boise", "Tampa",
        "Café", "Müller", "Straße", "Ørsted", "İstanbul", "ﬁnance", "Ærø", "Nuñez", "Łódź",
        "Admin", "East", "Dental", "Lab", "Northside", "Rogers", "Vet",
    }
)  # fmt: skip
_JOINS = (" ", " ", " ", " ", ", ", " & ", "  ", "-", " - ", ".", " (", ") ", "/", "\t", " – ")


def _made_up(rng: random.Random) -> str:
    parts = [rng.choice(_WORDS) for _ in range(rng.randint(1, 6))]
    text = parts[0]
    for part in parts[1:]:
        text += rng.choice(_JOINS) + part
    case = rng.random()
    if case < 0.15:
        text = text.upper()
    elif case < 0.3:
        text = text.lower()
    if rng.random() < 0.05:
        text = f"  {text} "
    return text


def _sample(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    names = ["", " ", "&", "...", "Inc", "The", "The and", "LLC Inc", "A B C", "J. B. Hunt LLC"]
    for _ in range(count):
        if rng.random() < 0.5:
            names.append(_made_up(rng))
        else:
            names.append(noisy(random_name(rng), rng, Noise())[0])
    return names


@pytest.mark.parametrize("seed", [7, 42])
def test_column_keys_equal_client_key_on_a_large_sample(seed: int) -> None:
    names = _sample(12_000, seed)
    fast = client_keys(names)
    slow = [client_key(name) for name in names]
    wrong = [(n, f, s) for n, f, s in zip(names, fast, slow, strict=True) if f != s]
    assert wrong == []


def test_column_keys_decide_most_generated_names_without_the_per_name_function() -> None:
    # The fast path must carry the bulk of a real export's names, or it is no fast path:
    # count how many names reach client_key's own code.
    rng = random.Random(3)
    names = [noisy(random_name(rng), rng, Noise())[0] for _ in range(4_000)]
    client_key.cache_clear()
    client_keys(names)
    assert client_key.cache_info().misses < len(names) // 10


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Wayne Enterprises, Inc.", "wayne ent"),
        ("The Smith & Jones Co.", "smith jones"),
        ("Acme Inc The", "acme"),
        ("Hubbard CPA Group P.A. Boise", "hubbard cpa grp boise"),
        ("J. B. Hunt Transport Services LLC", "jb hunt transp svc"),
        ("Acme LLP (Tampa)", "acme tampa"),
        ("Café Müller GmbH", "cafe muller"),
        ("Inc", "inc"),
        ("", ""),
    ],
)
def test_column_keys_of_names_that_take_each_rule(name: str, key: str) -> None:
    assert client_keys([name])[0] == key == client_key(name)


def test_column_keys_take_an_object_array_and_keep_its_order() -> None:
    names = np.array(
        ["Nolan Financial Group LLC", "nolan financial grp", "Beta Corp"], dtype=object
    )
    assert list(client_keys(names)) == ["nolan fin grp", "nolan fin grp", "beta"]
    assert len(client_keys([])) == 0


def _one_edit(word: str, rng: random.Random) -> str:
    at = rng.randrange(len(word))
    letter = rng.choice("abcdefghijklmnopqrstuvwxyz")
    kind = rng.randrange(4)
    if kind == 0:
        return word[:at] + word[at + 1 :]
    if kind == 1:
        return word[:at] + letter + word[at:]
    if kind == 2:
        return word[:at] + letter + word[at + 1 :]
    return word[:at] + word[at + 1 : at + 2] + word[at] + word[at + 2 :]


def test_words_folded_together_equal_fold_word_for_listed_words_and_their_typos() -> None:
    rng = random.Random(11)
    listed = sorted({*_FOLD, *_FOLD.values(), *_LEGAL_FORMS})
    words = [*listed, *(_one_edit(w, rng) for w in listed for _ in range(3)), "12345678", ""]
    words += ["patners", "cvmpany", "medial", "technologie", "xxxxxxxxxx"]
    distinct = sorted(set(words))
    assert fold_words(distinct) == [fold_word(w) for w in distinct]


@pytest.mark.parametrize("seed", [7, 42])
def test_column_word_counts_equal_word_counts_on_a_large_sample(seed: int) -> None:
    names = _sample(12_000, seed)
    names += names[:500]  # a name twice counts twice, as word_counts counts it
    assert client_word_counts(names) == word_counts(names)
    assert client_word_counts([]) == word_counts([])


# Names in the shapes :func:`recon.normalize.client_key` reads before it keys words (the rules
# of recon.name_marks), written with the characters the column path keys itself (letters,
# digits, spaces, ". , &"), so each reaches the column rules unless they send it on.
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_PLAIN = st.text(_LETTERS, min_size=2, max_size=9)
_LISTED = st.sampled_from(sorted({*_FOLD, *_FOLD.values()}))
_NUMBERS = st.sampled_from(sorted({*NUMBER_WORDS, *NUMBER_WORDS.values()}))
_FORMS = st.sampled_from(sorted({*_LEGAL_FORMS, *_PLAIN_LEGAL}))
_WORD = st.one_of(_PLAIN, _LISTED, _NUMBERS, _FORMS)
_CASE = st.sampled_from([str.lower, str.upper, str.title, str.capitalize])
_FORMER_MARKS = st.sampled_from(["fka", "FKA", "formerly", "Formerly known as", "f.k.a.", "F.K.A"])


@st.composite
def _marked_name(draw: st.DrawFn) -> str:
    words = [draw(_CASE)(w) for w in draw(st.lists(_WORD, min_size=1, max_size=5))]
    shape = draw(st.sampled_from(["plain", "run together", "glued", "former"]))
    if shape == "run together":  # split_run_together: "AlvaradoProperties", "...OptometryLP"
        name = "".join(w.capitalize() for w in words)
        if draw(st.booleans()):
            name += draw(_CASE)(draw(_FORMS))
    elif shape == "glued":  # glued_legal_form: "Christensen Aviationllc"
        name = " ".join(words) + draw(_CASE)(draw(_FORMS))
    elif shape == "former":  # without_former_name: "Acme Dental fka Smith Dental"
        other = [draw(_CASE)(w) for w in draw(st.lists(_WORD, min_size=1, max_size=3))]
        name = " ".join([*words, draw(_FORMER_MARKS), *other])
    else:  # number words and ordinals among plain, listed and legal words: "Fifth Abbott Co"
        name = " ".join(words)
    return name


@settings(max_examples=300, deadline=None)
@given(st.lists(_marked_name(), min_size=1, max_size=20))
def test_column_keys_equal_client_key_on_names_client_key_reads_before_its_words(
    names: list[str],
) -> None:
    # Grouping keys a column, matching keys name by name: one client keyed two ways in one
    # run misses an exact pair. Number words fold, marked names go one by one.
    assert list(client_keys(names)) == [client_key(n) for n in names]
    assert client_word_counts(names) == word_counts(names)
    assert word_columns(names).words() == [client_words(n) for n in names]


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Fifth Abbott Winery", "5th abbott winery"),
        ("Seventh Street Dental", "7th street dent"),
        ("AlvaradoProperties", "alvarado prop"),
        ("SilverMountainOptometryLP", "silver mtn optometry"),
        ("Christensen Aviationllc", "christensen aviation"),
        ("Acme Dental fka Smith Dental", "acme dent"),
    ],
)
def test_column_keys_of_names_with_marks_and_number_words(name: str, key: str) -> None:
    assert client_keys([name])[0] == key == client_key(name)


@pytest.mark.parametrize("seed", [7, 42])
def test_column_words_equal_client_words_on_a_large_sample(seed: int) -> None:
    # The fuzzy step's readers take a name's words from the column: a word written or
    # folded differently would read one client as two.
    names = _sample(12_000, seed)
    names += names[:500]
    assert word_columns(names).words() == [client_words(n) for n in names]
    assert word_columns([]).words() == []
