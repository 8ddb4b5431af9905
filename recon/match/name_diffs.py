"""How many pairs of names of one population differ (:func:`recon.match.names.diff_names`),
each name read once and each pair at the cost of what is left over.

The matcher asks about tens of thousands of pairs; most are two clients ("Smith Dental" /
"Jones Dental"), whose leftover words no reading can pair. Each name's words, their kinds
and whether a word of it is written together with another are worked out once per name.
A pair then sets the words both names write alike aside and asks, of the words left, the
tests that start every reading (a typo's edit distance, a short form, one word being the
start or end of another, initials spelling a run of words, the same letters spaced
otherwise). When none holds, no reading can pair a word, and the difference is the words
left, classified; only the other pairs are read in full, each distinct leftover once.
``tests/recon/match/test_name_diffs.py`` holds both ways to :func:`diff_names`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rapidfuzz.distance import OSA

from recon.match.name_words import Word
from recon.match.names import (
    NameDiff,
    _first_letters,
    _read_apart,
    _run_together_words,
    _short_pair,
    _words,
    classify_kinds,
    kind_of,
)
from recon.match.run_together import camel_initials, glued_parts_or_the, initials_glued
from recon.normalize import abbreviation_of, typo_folds

_Spec = tuple[str, str, bool, str, bool]
#: A word with what the first tests of every reading ask of it, worked out once per word:
#: written lower case, folded, written with a full stop, as written, its kind
#: (:func:`recon.match.names.kind_of`), the listed words it is a typo of, the listed word it
#: abbreviates, its first letter, the letters a short form of it may begin with, whether it
#: is long enough to be words run together, whether it may be initials, and whether it is
#: itself words run together that a reading may split (see ``_run_together_words``).
_Feats = tuple[
    str, str, bool, str, str, frozenset[str], str | None, str, frozenset[str], bool, bool, bool
]
#: One name as read once: its words, their features, their folded forms when no two are
#: alike (else None), and whether no word is run together with another.
_Name = tuple[tuple[_Spec, ...], tuple[_Feats, ...], frozenset[str] | None, bool]

_MAX_INITIALS = 4  # as recon.match.names._pair_initials reads them
_MIN_RUN_TOGETHER = 4  # as recon.match.run_together.pair_run_together reads them


class NameDiffs:
    """:func:`diff_names` for many pairs of names of one population, each name read once.

    Args:
        count: how many client names write a word (see :func:`diff_names`).
        rewrite: a learned rewrite of folded words, or None (see :func:`diff_names`).

    Example:
        >>> NameDiffs(lambda _word: 1).diff("Lyons Fam Florist", "Lyons Family Florist").kind
        <DiffKind.SHORT_FORMS: 1>
    """

    def __init__(
        self, count: Callable[[str], int], rewrite: Callable[[str], str] | None = None
    ) -> None:
        self._count, self._rewrite = count, rewrite
        self._names: dict[str, _Name] = {}
        self._feats: dict[_Spec, _Feats] = {}
        self._found: dict[tuple[object, ...], NameDiff] = {}

    def diff(self, vendor_name: str, psa_name: str) -> NameDiff:
        """:func:`diff_names` of the two names, with this population's count and rewrite."""
        a = self._names.get(vendor_name) or self._read(vendor_name)
        b = self._names.get(psa_name) or self._read(psa_name)
        specs_a, words_a, tokens_a, plain_a = a
        specs_b, words_b, tokens_b, plain_b = b
        if tokens_a is not None and tokens_b is not None:
            # No word written twice on either side: a word is read as equal exactly when
            # the other side writes its folded form.
            only_a = [w for w in words_a if w[1] not in tokens_b]
            only_b = [w for w in words_b if w[1] not in tokens_a]
            free_a: list[bool] | None = None
            free_b: list[bool] | None = None
        else:
            free_a, free_b = _free_after_equal(specs_a, specs_b)
            only_a = [w for w, free in zip(words_a, free_a, strict=True) if free]
            only_b = [w for w, free in zip(words_b, free_b, strict=True) if free]
        if plain_a and plain_b and not (only_a and only_b and _may_read(only_a, only_b)):
            if not any(w[10] for w in only_a) and not any(w[10] for w in only_b):
                return _unread(only_a, only_b)
            if free_a is None or free_b is None:
                free_a, free_b = _free_after_equal(specs_a, specs_b)
            if not _initials_of(only_a, specs_b, free_b) and not _initials_of(
                only_b, specs_a, free_a
            ):
                return _unread(only_a, only_b)
        if free_a is None or free_b is None:
            free_a, free_b = _free_after_equal(specs_a, specs_b)
        return self._read_apart(vendor_name, psa_name, specs_a, free_a, specs_b, free_b)

    def _read_apart(
        self,
        vendor_name: str,
        psa_name: str,
        a: tuple[_Spec, ...],
        free_a: list[bool],
        b: tuple[_Spec, ...],
        free_b: list[bool],
    ) -> NameDiff:
        """Every reading, once per distinct leftover: the readings look only at the words
        left and at where the used ones stood ("Smith Dental Lab" / "Smith Dental" and
        "Jones Dental Lab" / "Jones Dental" are one question)."""
        run_a, run_b = _run_together_words(vendor_name), _run_together_words(psa_name)
        key = (
            tuple(s if free else None for s, free in zip(a, free_a, strict=True)),
            tuple(s if free else None for s, free in zip(b, free_b, strict=True)),
            run_a,
            run_b,
            # Splitting initials run together looks at every word of the other name.
            frozenset(s[0] for s in b) if run_a[0] or run_a[1] else None,
            frozenset(s[0] for s in a) if run_b[0] or run_b[1] else None,
        )
        found = self._found.get(key)
        if found is None:
            words_a = [Word(*s, not free) for s, free in zip(a, free_a, strict=True)]
            words_b = [Word(*s, not free) for s, free in zip(b, free_b, strict=True)]
            found = _read_apart(words_a, words_b, run_a, run_b, self._count)
            self._found[key] = found
        return found

    def _read(self, name: str) -> _Name:
        if self._rewrite is None:
            specs = _words(name)
        else:
            rewrite = self._rewrite
            specs = tuple(
                (written, folded, qualifier, shown, stopped)
                for written, token, qualifier, shown, stopped in _words(name)
                if (folded := rewrite(token))
            )
        feats = self._feats
        words = tuple(feats.get(spec) or self._word(spec) for spec in specs)
        tokens = frozenset(s[1] for s in specs)
        if self._rewrite is None:
            plain = not any(w[11] for w in words)
        else:  # the words a rewrite left out count too
            plain = not any(_run_together_words(name))
        found = (specs, words, tokens if len(tokens) == len(specs) else None, plain)
        self._names[name] = found
        return found

    def _word(self, spec: _Spec) -> _Feats:
        """A word's features, once per word (most words recur in many names)."""
        written, token, qualifier, shown, stopped = spec
        found = (
            written,
            token,
            stopped,
            shown,
            kind_of(token, written, qualifier),
            typo_folds(written),
            abbreviation_of(written),
            written[:1],
            _first_letters(written, token),
            len(written) >= _MIN_RUN_TOGETHER,
            len(written) <= _MAX_INITIALS and written.isalpha(),
            glued_parts_or_the(written) or bool(initials_glued(shown)),
        )
        self._feats[spec] = found
        return found


def _free_after_equal(a: Sequence[_Spec], b: Sequence[_Spec]) -> tuple[list[bool], list[bool]]:
    """Which words stay free once the words both sides write alike are read, exactly as
    :func:`recon.match.name_words.pair_equal` reads them (each of ``a``'s words in order takes
    the last free word of ``b`` with its folded form)."""
    free: dict[str, list[int]] = {}
    for at, spec in enumerate(b):
        free.setdefault(spec[1], []).append(at)
    free_a, free_b = [True] * len(a), [True] * len(b)
    for at, spec in enumerate(a):
        bucket = free.get(spec[1])
        if bucket:
            free_b[bucket.pop()] = False
            free_a[at] = False
    return free_a, free_b


def _unread(only_a: list[_Feats], only_b: list[_Feats]) -> NameDiff:
    """The difference of two names no reading pairs a word of: the words left, classified."""
    kind, places = classify_kinds([w[4] for w in only_a], [w[4] for w in only_b])
    return NameDiff(kind, tuple(w[3] for w in only_a), tuple(w[3] for w in only_b), (), places)


def _may_read(only_a: list[_Feats], only_b: list[_Feats]) -> bool:
    """False when no reading of :func:`recon.match.names._read_apart` but initials can pair a
    word of ``only_a`` with words of ``only_b`` (names with no word run together with another).

    Each reading first asks something of a free word of each side; this asks the same
    (never less), so a pair it clears is read by none: the same letters spaced otherwise; two
    words at most two edits apart, or one a listed typo of the other's folded form; a short
    form either way (:func:`recon.match.names._short_pair`, its two first tests inline); one
    word beginning or ending as the other is written or folded (words run together).
    Initials are :func:`_initials_of`'s."""
    if len(only_a) + len(only_b) >= 3 and "".join(w[0] for w in only_a) == "".join(
        w[0] for w in only_b
    ):
        return True
    for x in only_a:
        x_written, x_token, _, _, _, x_folds, x_abbr, x_lead, x_leads, x_long, _, _ = x
        for y in only_b:
            y_written, y_token = y[0], y[1]
            if (
                y_token in x_folds
                or x_token in y[5]
                or x_abbr == y_token
                or y[6] == x_token
                or (
                    (x_lead in y[8] or y[7] in x_leads)
                    and _short_pair(x_written, x_token, x[2], y_written, y_token, y[2])
                )
                or OSA.distance(x_written, y_written, score_cutoff=2) <= 2
            ):
                return True
            if x_long and (
                x_written.startswith((y_written, y_token))
                or x_written.endswith((y_written, y_token))
            ):
                return True
            if y[9] and (
                y_written.startswith((x_written, x_token))
                or y_written.endswith((x_written, x_token))
            ):
                return True
    return False


def _initials_of(only: list[_Feats], other: Sequence[_Spec], free: list[bool]) -> bool:
    """Whether a word of ``only`` may be read as initials of a run of ``other``'s free words
    (as :func:`recon.match.names._pair_initials` reads them), or of the capitals of one
    free word written as words run together."""
    for x in only:
        if not x[10]:
            continue
        letters = x[0]
        size = len(letters)
        for start in range(len(other) - size + 1):
            for at in range(size):
                written = other[start + at][0]
                if not free[start + at] or not written or written[0] != letters[at]:
                    break
            else:
                if size > 1 or len(other[start][0]) > 1:
                    return True
        if size >= 2 and any(
            is_free and camel_initials(spec[3]) == letters
            for spec, is_free in zip(other, free, strict=True)
        ):
            return True
    return False
