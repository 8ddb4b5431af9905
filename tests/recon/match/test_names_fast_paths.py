"""diff_names' shortcuts give the NameDiff of the plain computation, pair for pair.

The plain computation is kept here as the oracle: every word read afresh through the
rewrite, every reading tried in full (four initials passes, the short-form tests one by one,
the other side's free words gathered again for every word). Names are the tricky spellings
the matcher's tests pin down, and names drawn from the benchmark generator with its noise
(legal forms, abbreviations, typos, twins).
"""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest

from benchmarks.names import Noise, noisy, random_name, twin_of
from recon.match import run_together
from recon.match.forms import _add_initials, _initial, _initials
from recon.match.name_diffs import NameDiffs
from recon.match.name_reading import _words
from recon.match.name_typos import _pair_typos
from recon.match.name_words import Word, is_short_form, left, pair_equal
from recon.match.names import DiffKind, NameDiff, _classify, diff_names, word_counts
from recon.match.run_together import (
    _TYPO_HALF,
    _WHOLE,
    initials_glued,
    pair_respaced,
    unglue,
)
from recon.match.short_forms import _pair_initials, _short_of_folded, _short_pair, _straddles
from recon.normalize import abbreviation_of, client_key, fold_word, full_words

_TRICKY = [
    ("Byrne McDaniel", "Byrne MD"),
    ("So Grove Foods", "South Grove Foods"),
    ("No Limits Gym", "North Limits Gym"),
    ("Klein MachineWorks", "KleinMachine Works"),
    ("Klein MachineWorks", "KleinMachine Parts"),
    ("Jacobs Insurance Servs", "Jacobs Insurance Services"),
    ("Red Valley Comm Center", "Red Valley Cmty Center"),
    ("Red Valley Comm. Center", "Red Valley Coop Center"),
    ("Smith Accounting", "SMAccounting"),
    ("WHSERVICES", "W Hollow Services"),
    ("Vega SurveyingGroup", "Vega Surveying"),
    ("Herrera Creek Dental", "Herrera CreekDental Group"),
    ("Pham TwrraceHome Health", "Pham Terrace Home Health"),
    ("Pham TwrraceHme Health", "Pham Terrace Home Health"),
    ("North Peak Hospice", "No. Peak Hospice"),
    ("So. Canyon Foods", "South Canyon Foods"),
    ("West Point Properties", "West Point Ppty"),
    ("Bennett Family Dentistry", "Bennett Family Dentistry Boise"),
    ("Weaver Roofing Co Reno", "Weaver Roofing - Spokane"),
    ("Bennett", "Bennett Holt"),
    ("Austin Family Dentistry", "Family Dentistry"),
    ("KH Dental", "Keystone Hollow Dental"),
    ("PT of Boise", "PhysicalTherapy of Boise"),
    ("TheWard Group", "Ward Group"),
    ("Lyons Fam Florist", "Lyons Family Florist"),
    ("Cleeaning Crew LLC", "Cleaning Crew"),
    ("Eneergy Partners", "Energgy Partners"),
    ("Smith Law - East", "Smith Law"),
    ("Pizza Palace Store 12", "Pizza Palace Store 14"),
    ("E. Ridge Dental", "East Ridge Dental"),
    ("Harper CPA Group LP Boise", "Harper CPA Group"),
    ("Emerson Fam. Foods", "EmersonFamily Foods"),
    ("Spgs Foundation Trust", "SpringsFoundation Trust"),
    ("ABCD Dental", "Apex Bay Cedar Delta Dental"),
    ("HeightsLaw ParkDental", "Heights Law Park Dental"),
    ("WS & Graphcis", "Wolfe Signs & Graphics"),
]


def _generated(count: int, seed: int) -> list[tuple[str, str]]:
    """Vendor spellings against their PSA name, a twin, and a stranger."""
    rng = random.Random(seed)
    noise = Noise(typo=0.5)
    bases = [random_name(rng) for _ in range(count)]
    pairs = []
    for at, base in enumerate(bases):
        psa = base.render(comma=rng.random() < 0.5)
        vendor, _ = noisy(base, rng, noise)
        twin = twin_of(base, rng).render()
        stranger = bases[(at * 7 + 3) % len(bases)].render()
        pairs += [(vendor, psa), (vendor, twin), (twin, psa), (vendor, stranger)]
    return pairs


def _line_up(name: str, rewrite: Callable[[str], str]) -> list[Word]:
    out = []
    for written, token, qualifier, shown, stopped in _words(name):
        folded = rewrite(token)
        if folded:
            out.append(Word(written, folded, qualifier, shown, stopped))
    return out


def _stopped(short: Word, long: Word) -> bool:
    if {"so": "south", "no": "north"}.get(short.written) == long.written:
        return True
    if not short.stopped or len(short.written) < 2:
        return False
    if len(short.written) == 2:
        return len(long.written) >= 4 and long.written.startswith(short.written)
    return any(
        len(word) > len(short.written) and word.startswith(short.written)
        for word in full_words(long.token)
    )


def _short_forms(
    a: list[Word], b: list[Word], readings: list[str], *, whole_words: bool = True
) -> bool:
    found = False
    for x in a:
        if x.used:
            continue
        for y in b:
            if y.used:
                continue
            # A plain word is no short form of two words run together across the glue
            # ("Pines" / "PtFitness"): the reading's own guard, not one of its shortcuts.
            if whole_words and _straddles(x, y):
                continue
            listed = abbreviation_of(x.written) == y.token or abbreviation_of(y.written) == x.token
            if (
                listed
                or _short_of_folded(x.written, y.token)
                or _short_of_folded(y.written, x.token)
                or _stopped(x, y)
                or _stopped(y, x)
                or is_short_form(x.written, y.written)
                or is_short_form(y.written, x.written)
            ):
                x.used = y.used = True
                found = True
                readings.append(f"{x.shown!r} as {y.shown!r}")
                break
    return found


def _run_together(a: list[Word], b: list[Word], readings: list[str]) -> bool:
    typo = False
    for word in a:
        if word.used or len(word.written) < 4:
            continue
        ends = tuple(f for w in b if not w.used for f in (w.written, w.token))
        if not (word.written.startswith(ends) or word.written.endswith(ends)):
            continue
        for size in (2, 3):
            for start in range(len(b) - size + 1):
                span = b[start : start + size]
                if any(w.used for w in span):
                    continue
                how = run_together._written_together(word.written, span)
                if how:
                    word.used = True
                    for w in span:
                        w.used = True
                    typo |= how != _WHOLE
                    note = " with a typo" if how == _TYPO_HALF else ""
                    readings.append(
                        f"{word.shown!r} as {' '.join(w.shown for w in span)!r} run together{note}"
                    )
                    break
            if word.used:
                break
    return typo


def _split_initials(a: list[Word], b: list[Word]) -> list[Word]:
    whole = {w.written for w in b}
    out: list[Word] = []
    for word in a:
        split = () if word.used or word.written in whole else initials_glued(word.shown)
        if not split:
            out.append(word)
            continue
        head, tail = split
        out.append(Word(head.casefold(), head.casefold(), word.qualifier, head))
        out.append(Word(tail.casefold(), fold_word(tail.casefold()), word.qualifier, tail))
    if len(out) != len(a):
        pair_equal(out, b)
    return out


def _plain_diff(
    vendor: str, psa: str, count: Callable[[str], int], rewrite: Callable[[str], str]
) -> NameDiff:
    """diff_names as written before its shortcuts."""
    a, b = _line_up(vendor, rewrite), _line_up(psa, rewrite)
    readings: list[str] = []
    short = False
    pair_equal(a, b)
    if left(a) and left(b):
        a = unglue(a, b, readings)
        b = unglue(b, a, readings)
    if left(a) and left(b):
        a = _split_initials(a, b)
        b = _split_initials(b, a)
    if left(a) and left(b):
        pair_respaced(a, b, readings)
    if left(a) and left(b):
        short |= _run_together(a, b, readings)
        short |= _run_together(b, a, readings)
    if left(a) and left(b):
        short |= _pair_typos(a, b, count, readings)
    if left(a) and left(b):
        for fewest in (2, 1):
            short |= _pair_initials(a, b, readings, fewest)
            short |= _pair_initials(b, a, readings, fewest)
    if left(a) and left(b):
        short |= _short_forms(a, b, readings)
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


_PAIRS = _TRICKY + _generated(150, seed=16)


def test_generated_pairs_cover_every_kind_of_difference() -> None:
    # The oracle comparison below only means something if the pairs exercise the readings.
    kinds = {diff_names(v, p).kind for v, p in _PAIRS}
    assert len(kinds) == 5
    readings = " ".join(r for v, p in _PAIRS for r in diff_names(v, p).readings)
    for reading in ("typo", "run together", " as "):
        assert reading in readings


@pytest.mark.parametrize("common", [False, True])
def test_diff_names_equals_the_plain_computation(common: bool) -> None:
    names = [n for pair in _PAIRS for n in pair]
    counts = word_counts(names) if common else None

    def count(word: str) -> int:
        return counts.get(word, 0) if counts is not None else 1

    for vendor, psa in _PAIRS:
        for one, other in ((vendor, psa), (psa, vendor)):
            plain = _plain_diff(one, other, count, lambda token: token)
            assert diff_names(one, other, count=count) == plain, (one, other)
            # Asked again (cached word tests) and with a rewrite given: the same answer.
            assert diff_names(one, other, count=count) == plain, (one, other)
            same = diff_names(one, other, count=count, rewrite=lambda token: token)
            assert same == plain, (one, other)


def test_a_learned_rewrite_is_still_applied() -> None:
    # The shortcut that reuses a name's words must not skip a rewrite that is given.
    def rewrite(token: str) -> str:
        return {"dent": "", "lab": "clinic"}.get(token, token)

    for vendor, psa in [*_TRICKY, ("North Dental Lab", "North Clinic"), ("A Dental", "A")]:
        plain = _plain_diff(vendor, psa, lambda _w: 1, rewrite)
        assert diff_names(vendor, psa, rewrite=rewrite) == plain, (vendor, psa)


# Names sharing words with many others, so many pairs leave the same words over ("Smith
# Dental Lab" / "Smith Dental" and "Jones Dental Lab" / "Jones Dental").
_FAMILY = [
    f"{head} {tail}"
    for head in ("Smith", "Jones", "KH", "TheWard", "SMAccounting")
    for tail in ("Dental Lab", "Dental", "Dentl Group", "Dental - Boise", "Keystone Hollow")
]


@pytest.mark.parametrize("learned", [False, True])
def test_name_diffs_read_each_leftover_once_and_answer_as_diff_names(learned: bool) -> None:
    names = [n for pair in _PAIRS for n in pair] + _FAMILY
    counts = word_counts(names)

    def count(word: str) -> int:
        return counts.get(word, 0)

    def rewrite(token: str) -> str:
        return {"dent": "", "lab": "clinic"}.get(token, token)

    diffs = NameDiffs(count, rewrite if learned else None)
    asked = [*_PAIRS, *((v, p) for v in _FAMILY for p in _FAMILY)]
    for vendor, psa in asked:
        for one, other in ((vendor, psa), (psa, vendor)):
            plain = _plain_diff(one, other, count, rewrite if learned else lambda token: token)
            assert diffs.diff(one, other) == plain, (one, other)
    # The answers were shared: far fewer leftovers were read than pairs were asked.
    assert len(diffs._found) < 2 * len(asked) * 0.6


def test_cached_short_form_test_equals_the_plain_tests() -> None:
    # The cached word-pair test gives the plain tests' answer for every pair of words met.
    words = sorted({w for v, p in _PAIRS for n in (v, p) for w in _words(n)})
    for x in words[:120]:
        for y in words[:120]:
            a = Word(x[0], x[1], x[2], x[3], x[4])
            b = Word(y[0], y[1], y[2], y[3], y[4])
            plain = _short_forms([a], [b], [], whole_words=False)
            assert _short_pair(x[0], x[1], x[4], y[0], y[1], y[4]) is plain, (x, y)


def _plain_add_initials(found: set[str], words: list[str]) -> None:
    for k in (2, 3):
        for at in range(len(words) - k + 1):
            run = words[at : at + k]
            if len(words) > k and all(t.isalpha() for t in run):
                initials = "".join(_initial(t) for t in run)
                found.add("i:" + " ".join([*words[:at], initials, *words[at + k :]]))


def test_initials_forms_equal_the_plain_computation() -> None:
    keys = {client_key(n) for pair in _PAIRS for n in pair}
    keys |= {"a b c d", "xing 12 park ave", "pc of commerce", "north 1st st dental lab"}
    for key in sorted(keys):
        words = key.split()
        for run in (words, words[:-1]):
            fast: set[str] = set()
            plain: set[str] = set()
            _add_initials(fast, run)
            _plain_add_initials(plain, run)
            assert fast == plain, run
            # The initials forms() takes once for a name and again for it less its last word.
            given: set[str] = set()
            _add_initials(given, run, _initials(words)[: len(run)])
            assert given == plain, run
