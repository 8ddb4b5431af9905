"""Shortcuts the client matcher takes for speed give the answers of the plain computation."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz import fuzz

from recon.match import candidates
from recon.match.candidates import top_candidates
from recon.match.clients import match_clients
from recon.match.fuzzy import population_words
from recon.match.name_typos import _pair_typos, _two_typos, _typo
from recon.match.name_words import MIN_TYPO, Word, left
from recon.match.names import ClientName
from recon.match.spelled_out import MAX_INITIALS, MIN_INITIALS, SpelledOut, writes_initials
from recon.normalize import client_key, fold_word, typo_folds

VENDOR = ["jones smith dental", "smith jones", "north star cafe", "cafe star north west"]
PSA = ["smith jones dental", "dental smith", "star north cafe", "west north cafe star", "jones"]


@pytest.mark.parametrize("full_pairs", [candidates.FULL_PAIRS, 0])
def test_candidate_scores_are_token_sort_ratios(
    monkeypatch: pytest.MonkeyPatch, full_pairs: int
) -> None:
    # Keys are sorted once up front and scored with plain ratio, in both the all-pairs and
    # the blocked path; every score must still be token_sort_ratio of the keys as written.
    monkeypatch.setattr(candidates, "FULL_PAIRS", full_pairs)
    found = top_candidates(VENDOR, VENDOR, PSA, PSA, set())
    assert all(found)
    for key, scored in zip(VENDOR, found, strict=True):
        for index, score in scored:
            assert score == pytest.approx(fuzz.token_sort_ratio(key, PSA[index]), abs=1e-4)
    assert found[1][0] == (0, pytest.approx(fuzz.token_sort_ratio("smith jones", PSA[0]), abs=1e-4))


def _slow_typo(x: Word, y: Word, count: Callable[[str], int]) -> tuple[bool, bool]:
    """(long, short) typo as read before the shortcut for words far apart."""
    long_typo = _typo(x.written, y.written, count, MIN_TYPO) or (
        y.token in typo_folds(x.written)
        or (x.token in typo_folds(y.written) and count(x.written) <= 1)
    )
    short_typo = not long_typo and (
        _typo(x.written, y.written, count, 4) or _two_typos(x.written, y.written, count)
    )
    return long_typo, short_typo


_TYPO_WORDS = ["hfolding", "holdings", "hldg", "cleaning", "cleeaning", "clenaing", "ross"]
_TYPO_WORDS += ["rossi", "view", "vew", "energy", "eneergy", "energgy", "sevice", "services"]


@pytest.mark.parametrize("common", [frozenset(), frozenset({"ross", "rossi", "energy"})])
def test_typos_read_as_the_plain_reading_would(common: frozenset[str]) -> None:
    def count(word: str) -> int:
        return 5 if word in common else 1

    for left_word in _TYPO_WORDS:
        for right_word in _TYPO_WORDS:
            x = Word(left_word, fold_word(left_word), False, left_word)
            y = Word(right_word, fold_word(right_word), False, right_word)
            readings: list[str] = []
            short = _pair_typos([x], [y], count, readings)
            long_typo, short_typo = _slow_typo(x, y, count)
            assert x.used is (long_typo or short_typo), (left_word, right_word)
            assert short is short_typo, (left_word, right_word)


def test_words_are_left_while_one_is_unread() -> None:
    words = [Word("a", "a", False, "A"), Word("b", "b", False, "B")]
    assert left(words)
    words[0].used = True
    assert left(words)
    words[1].used = True
    assert not left(words)
    assert not left([])


_SPELLED_KEYS = [
    "pierce chamber of commerce",
    "pc of commerce",
    "parker cole of commerce",
    "pierce chamber",
    "of commerce",
    "pierce chamber of commerce west",
    "kh dental",
    "keystone hollow dental",
    "kings hill dental group",
    "dental",
]


def _spelling_out_plainly(key: str, keys: list[str]) -> list[str]:
    """Every key spelling out initials of ``key``, by scanning all of them."""
    tokens = key.split()
    found = []
    for at, letters in enumerate(tokens):
        if not (2 <= len(letters) <= 4 and letters.isalpha()) or len(tokens) == 1:
            continue
        for other in (k.split() for k in set(keys)):
            if (
                len(other) == len(tokens) - 1 + len(letters)
                and other[:at] == tokens[:at]
                and other[at + len(letters) :] == tokens[at + 1 :]
                and "".join(w[0] for w in other[at : at + len(letters)]) == letters
            ):
                found.append(" ".join(other))
    return sorted(found)


@pytest.mark.parametrize("key", _SPELLED_KEYS)
def test_spelled_out_keys_are_found_as_a_scan_of_every_key_finds_them(key: str) -> None:
    # The index is by word and length; it must find what scanning every key finds.
    found = SpelledOut(_SPELLED_KEYS).spelling_out(key)
    assert sorted(found) == _spelling_out_plainly(key, _SPELLED_KEYS)
    expected = {"pc of commerce": 2, "kh dental": 1}  # "kings hill dental group" is longer
    assert len(found) == expected.get(key, 0)


_KEY_WORDS = st.sampled_from(["a", "b", "c", "ab", "ba", "abc", "bca", "abcd", "1", "a1", "dent"])
_KEYS = st.lists(st.lists(_KEY_WORDS, min_size=1, max_size=6).map(" ".join), max_size=30)


@given(keys=_KEYS, asked=_KEYS)
def test_spelled_out_keys_by_first_letters_are_what_a_scan_finds(
    keys: list[str], asked: list[str]
) -> None:
    # The index by the words' first letters must find every key a scan of all keys finds,
    # each once per place its initials stand, and nothing else.
    spelled = SpelledOut(keys)
    # Every key with a run of its words written as initials is asked too: found ones.
    shortened = [
        " ".join([*words[:at], "".join(w[0] for w in words[at : at + size]), *words[at + size :]])
        for words in (k.split() for k in keys)
        for size in (2, 3, 4)
        for at in range(len(words) - size + 1)
    ]
    for key in [*keys, *asked, *shortened]:
        assert sorted(spelled.spelling_out(key)) == _spelling_out_plainly(key, keys), key


def test_matching_hands_on_the_word_counts_it_took_for_later_steps() -> None:
    # Later steps (pending reviews settled outright) weigh words against the same clients:
    # they reuse these counts instead of counting every name's words again.
    vendor_names = ["Smith Dental", "Smith Dentl Lab", "Jones Law"]
    psa_names = ["Smith Dental Lab", "Jones Law Group", "Jones Law"]
    vendor = [ClientName(client_key(n), n, client_key(n)) for n in vendor_names]
    psa = [ClientName(client_key(n), n, client_key(n)) for n in psa_names]
    result = match_clients(vendor, psa)
    assert result.word_count is not None
    expected = population_words([*vendor_names, *psa_names])
    for word in ("smith", "dental", "dentl", "jones", "law", "group", "lab", "nobody"):
        assert result.word_count(word) == expected(word), word
    # Three names write "Jones", two clients: "Jones Law Group" only adds a word after "Jones
    # Law", that client's other name, and their words count once (recon.match.office_words).
    assert result.word_count("jones") == 2


@given(st.text(alphabet="ABCab .\t\x1c-&1\u00c9\u4e2d\u01c5\u00df", max_size=14))
def test_initials_are_found_as_a_test_of_every_word_finds_them(name: str) -> None:
    # A regular expression on ASCII names, the test per word on others: the same answer,
    # with the whitespace str.split splits on (\x1c among it) and letters without case.
    plain = any(
        MIN_INITIALS <= len(w) <= MAX_INITIALS and w.isalpha() and w.isupper()
        for w in name.replace(".", "").split()
    )
    assert writes_initials(name) == plain
