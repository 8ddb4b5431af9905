"""Typos read between two names' words: one edit in a long word on the name alone, one edit
in a short word or two spellings of one real word with the lines' support, never between
two words the population really writes (:func:`_both_real`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

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


class SlipIndex:
    """Words one typing error apart that keep their first letter, found by lookup.

    The family questions group companies by the first word of their names (the brand the
    offices and tenants of one organisation keep), and a slip in that word ("Brrady Services"
    for "Brady Services", "Nible CPA Grp" for "Noble CPA Group") kept a family out of its
    group. A slip is one letter added, dropped, changed or two neighbours swapped (Damerau
    1964), rarely in the first letter (Yannakoudakis and Fawthrop 1983): each word is indexed
    under itself and every spelling with one letter after the first dropped, so two words one
    such slip apart share a key (a swap leaves one dropped-letter spelling in common), and a
    question reads only the few words sharing one, never every word of the run.
    """

    def __init__(self, words: Iterable[str]) -> None:
        self._by_key: dict[str, set[str]] = defaultdict(set)
        for word in set(words):
            if len(word) >= MIN_TYPO and word.isalpha():
                for key in _dropped(word):
                    self._by_key[key].add(word)

    def near(self, word: str) -> set[str]:
        """The indexed words one slip from ``word`` (:func:`one_typo_apart`, the first
        letter kept), ``word`` itself left out."""
        if len(word) < MIN_TYPO or not word.isalpha():
            return set()
        found: set[str] = set()
        for key in _dropped(word):
            found |= self._by_key.get(key, set())
        found.discard(word)
        return {w for w in found if w[0] == word[0] and one_typo_apart(w, word)}


def _dropped(word: str) -> set[str]:
    """The word and each spelling of it with one letter after the first dropped."""
    return {word, *(word[:i] + word[i + 1 :] for i in range(1, len(word)))}


def _two_typos(a: str, b: str, count: Callable[[str], int]) -> bool:
    """Two spellings each one edit from one real word ("Eneergy" / "Energgy" for Energy,
    "Systesm" / "Ssytems" for Systems): two edits apart, neither written by another client,
    and the word between them written by two clients or more, or no client writing it, each
    spelling one typing slip from it (:func:`_slip`: "Becaon" / "Beqcon" for Beacon). Read
    only with the lines' support, as a short typo is."""
    if min(len(a), len(b)) < MIN_TYPO or not (a.isalpha() and b.isalpha()):
        return False
    if max(count(a), count(b)) > 1 or OSA.distance(a, b, score_cutoff=2) != 2:
        return False
    return any(
        (count(word) >= 2 and OSA.distance(word, b, score_cutoff=1) <= 1)
        # Two letters dropped, one each side, would read any two words of one length as
        # one word: one side at least keeps every letter of the word meant.
        or (len(word) <= max(len(a), len(b)) and _slip(a, word) and _slip(b, word))
        for word in _one_edit(a)
    )


#: Keys side by side on a QWERTY keyboard (rows and the keys above and below): a substituted
#: letter is most often a neighbour of the one meant (Kukich 1992, "Techniques for
#: automatically correcting words in text", on typed substitution errors).
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def _keyboard() -> dict[str, frozenset[str]]:
    """Each letter's neighbouring keys: beside it on its row, and the three nearest on the
    rows above and below."""
    out: dict[str, frozenset[str]] = {}
    for r, row in enumerate(_ROWS):
        for i, key in enumerate(row):
            near = {row[j] for j in (i - 1, i + 1) if 0 <= j < len(row)}
            for other in (r - 1, r + 1):
                if 0 <= other < len(_ROWS):
                    keys = _ROWS[other]
                    near |= {keys[j] for j in (i - 1, i, i + 1) if 0 <= j < len(keys)}
            out[key] = frozenset(near)
    return out


_NEIGHBOURS = _keyboard()


def _added(written: str, meant: str) -> bool:
    """True when ``written`` is ``meant`` with one letter added as fingers add one: the letter
    beside it again ("Cannyon"), or a key beside a letter next to it."""
    for i, extra in enumerate(written):
        if written[:i] + written[i + 1 :] != meant:
            continue
        beside = {written[j] for j in (i - 1, i + 1) if 0 <= j < len(written)}
        if extra in beside or any(extra in _NEIGHBOURS.get(c, frozenset()) for c in beside):
            return True
    return False


def _slip(written: str, meant: str) -> bool:
    """True when ``written`` is ``meant`` with one typing slip that keeps its first letter (a
    first letter is rarely the one mistyped: Yannakoudakis and Fawthrop 1983): a letter
    dropped, a letter doubled or a key beside its neighbour struck too, two neighbours
    swapped, or one letter struck as a key beside it.

    Two spellings each one slip from one word no client writes ("Becaon" / "Beqcon" for
    "Beacon": a swap, a neighbour key) are one word typed twice; two surnames two edits apart
    ("Harper" / "Parker") are not, their changed letters lying far apart on the keys.
    """
    if written[0] != meant[0] or OSA.distance(written, meant, score_cutoff=1) != 1:
        return False
    if len(written) < len(meant):
        return True  # a letter dropped
    if len(written) > len(meant):
        return _added(written, meant)
    diff = [i for i in range(len(written)) if written[i] != meant[i]]
    if len(diff) == 2:
        return True  # two neighbours swapped
    wrong, right = written[diff[0]], meant[diff[0]]
    return wrong in _NEIGHBOURS.get(right, frozenset())


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
