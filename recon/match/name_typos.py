"""Typos read between two names' words: one edit in a long word on the name alone, one edit
in a short word or two spellings of one real word with the lines' support, never between
two words the population really writes (:func:`_both_real`).
"""

from __future__ import annotations

from collections.abc import Callable

from rapidfuzz.distance import OSA

from recon.match.name_words import MIN_TYPO
from recon.match.name_words import Word as _Word
from recon.normalize import typo_folds

TYPO_RATIO = 10


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


def one_typo_apart(a: str, b: str) -> bool:
    """True when two written words are one typing error apart: one letter inserted (a doubled
    letter, "Cannyon"), dropped, changed or two neighbours swapped, the four kinds Damerau
    (1964) found behind about 80 % of misspellings. Both must be words of :data:`MIN_TYPO`
    letters or more: shorter words one edit apart are as often two real words ("Ross" /
    "Rossi" is a name apart, not a typo). The names alone never settle it: callers read it only
    where the lines agree, and ask rather than merge."""
    if a == b or min(len(a), len(b)) < MIN_TYPO or not (a.isalpha() and b.isalpha()):
        return False
    return OSA.distance(a, b, score_cutoff=1) <= 1


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
