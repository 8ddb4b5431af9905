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
from functools import lru_cache

import numpy as np
from rapidfuzz.distance import OSA

from recon.bulk_keys import WordColumns
from recon.match.name_reading import (
    _run_together_words,
    _words,
    kind_of,
    leading_kind,
    spec_columns,
)
from recon.match.name_words import MIN_TYPO, Word
from recon.match.names import DiffKind, NameDiff, _read_apart, classify_kinds
from recon.match.run_together import camel_initials, glued_parts_or_the, initials_glued
from recon.match.run_together_short import one_word_respelled
from recon.match.short_forms import _first_letters, _short_pair
from recon.normalize import abbreviation_of, typo_folds

_Spec = tuple[str, str, bool, str, bool]
#: A word with what the first tests of every reading ask of it, worked out once per word:
#: written lower case, folded, written with a full stop, as written, its kind
#: (:func:`recon.match.name_reading.kind_of`), the folded words it reads as directly (the
#: listed words it is a typo of, the listed word it abbreviates), its written and folded
#: forms as one tuple (what a word run together begins or ends with), its first letter,
#: the letters a short form of it may begin with, whether it is long enough to be words
#: run together, whether it may be initials, whether it may be one of two typos of one
#: word (:func:`recon.match.name_typos._two_typos`: letters only, long, no other client
#: writes it).
_Feats = tuple[
    str,
    str,
    bool,
    str,
    str,
    frozenset[str],
    tuple[str, str],
    str,
    frozenset[str],
    bool,
    bool,
    bool,
]
#: A word's features, as :class:`NameDiffs` keeps them (``_Feats``), for other modules.
WordFeatures = _Feats
#: One name as read once: its words' codes, their features, their folded forms when no two
#: are alike (else None), whether no word is run together with another, whether a word of
#: it may be initials, its ``_run_together_words``, and whether a word of it is capitalised
#: words run together ("PhysicalTherapy", read as "PT").
_Name = tuple[
    tuple[int, ...],
    tuple[_Feats, ...],
    frozenset[str] | None,
    bool,
    bool,
    tuple[bool, bool],
    bool,
]

_osa = OSA.distance
_MAX_INITIALS = 4  # as recon.match.short_forms._pair_initials reads them
_MIN_RUN_TOGETHER = 4  # as recon.match.run_together.pair_run_together reads them
# A word's marks, one bit each, so a name's are its words' OR'd: a word keys drop run on
# ("TheWard"), initials run into a word ("SMAccounting"), may be initials, capitalised
# words run together ("PhysicalTherapy").
_GLUED, _SPLIT, _INITIALS, _CAMEL = 1, 2, 4, 8


class NameDiffs:
    """:func:`diff_names` for many pairs of names of one population, each name read once.

    Every distinct word (as a name writes it, after the rewrite) is interned once to an
    integer code with its features; a name is the tuple of its words' codes, and what a
    pair's full reading is remembered by is the codes of the words it leaves.

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
        self._codes: dict[_Spec, int] = {}
        # Per code: the word as lined up, its features, its marks.
        self._specs: list[_Spec] = []
        self._feats: list[_Feats] = []
        self._marks: list[int] = []
        self._found: dict[tuple[object, ...], NameDiff] = {}

    @property
    def learned(self) -> bool:
        """Whether a learned rewrite changes the words read."""
        return self._rewrite is not None

    @property
    def word_features(self) -> Sequence[_Feats]:
        """Each interned word's features, by code (grows as names are read)."""
        return self._feats

    def read(self, name: str) -> _Name:
        """The name as read once: its words' codes, their features, its folded words when
        none is written twice (else None), whether no word is run together, whether a word
        may be initials, its words run together, whether a word is capitals run together."""
        return self._names.get(name) or self._read(name)

    def read_column(self, names: Sequence[str], columns: WordColumns) -> None:
        """Read these names at once, as :meth:`read` would one by one: the plain majority's
        words from the column (:func:`recon.match.name_reading.spec_columns`), each distinct
        word interned once, the others (and every name under a learned rewrite) left to
        :meth:`read`. ``tests/recon/match/test_name_specs.py`` holds the two to each other.

        Args:
            names: names as written (the fuzzy step's leftover names: it reads nearly all).
            columns: their words (:func:`recon.match.name_columns.read_words`).
        """
        if self._rewrite is not None or not names:
            return
        read = spec_columns(names, columns)
        known = self._codes
        interned = np.asarray(
            [known[s] if s in known else self._intern(s) for s in read.specs] or [0],
            dtype=np.intp,
        )
        chosen = read.codes >= 0
        codes = np.where(chosen, interned[np.where(chosen, read.codes, 0)], -1)
        # A name's marks are its words' OR'd (as _read ORs them), over the column.
        marks = np.asarray(self._marks, dtype=np.int64)[codes[chosen]]
        owner = np.repeat(np.arange(len(names)), read.sizes)[chosen]
        mark_of = np.zeros(len(names), dtype=np.int64)
        np.bitwise_or.at(mark_of, owner, marks)
        flat = codes.tolist()
        feats, found = self._feats, self._names
        at = 0
        for name, size, plain, mark in zip(
            names, read.sizes.tolist(), read.plain.tolist(), mark_of.tolist(), strict=True
        ):
            start, at = at, at + size
            if not plain or name in found:
                continue
            word_codes = tuple(flat[start:at])
            words = tuple([feats[c] for c in word_codes])
            tokens = frozenset([w[1] for w in words])
            run = (bool(mark & _GLUED), bool(mark & _SPLIT))
            found[name] = (
                word_codes,
                words,
                tokens if len(tokens) == size else None,
                not (run[0] or run[1]),
                bool(mark & _INITIALS),
                run,
                bool(mark & _CAMEL),
            )

    def diff(self, vendor_name: str, psa_name: str) -> NameDiff:
        """:func:`diff_names` of the two names, with this population's count and rewrite."""
        a = self._names.get(vendor_name) or self._read(vendor_name)
        b = self._names.get(psa_name) or self._read(psa_name)
        codes_a, words_a, tokens_a, plain_a, initials_a, run_a, camel_a = a
        codes_b, words_b, tokens_b, plain_b, initials_b, run_b, camel_b = b
        if tokens_a is None or tokens_b is None:
            return self._diff_repeated(a, b)
        # No word written twice on either side: a word is read as equal exactly when the
        # other side writes its folded form, and is free exactly when it does not.
        only_a = [w for w in words_a if w[1] not in tokens_b]
        only_b = [w for w in words_b if w[1] not in tokens_a]
        if plain_a and plain_b and not (only_a and only_b and _may_read(only_a, only_b)):
            # Each side's first word is free exactly when it begins the side's free words.
            first_a = bool(only_a) and only_a[0] is words_a[0]
            first_b = bool(only_b) and only_b[0] is words_b[0]
            # A name none of whose words may be initials leaves none among its free words.
            if not (initials_a and any(w[10] for w in only_a)) and not (
                initials_b and any(w[10] for w in only_b)
            ):
                return _unread(only_a, only_b, first_a, first_b)
            free_a = [w[1] not in tokens_b for w in words_a]
            free_b = [w[1] not in tokens_a for w in words_b]
            if not _initials_of(only_a, words_b, free_b, camel_b) and not _initials_of(
                only_b, words_a, free_a, camel_a
            ):
                return _unread(only_a, only_b, first_a, first_b)
        else:
            free_a = [w[1] not in tokens_b for w in words_a]
            free_b = [w[1] not in tokens_a for w in words_b]
        return self._read_apart(codes_a, free_a, run_a, codes_b, free_b, run_b)

    def _diff_repeated(self, a: _Name, b: _Name) -> NameDiff:
        """:meth:`diff` when a name writes a word twice: which words stay free then depends
        on the order :func:`recon.match.name_words.pair_equal` reads them in."""
        codes_a, words_a, _, plain_a, _, run_a, camel_a = a
        codes_b, words_b, _, plain_b, _, run_b, camel_b = b
        free_a, free_b = _free_after_equal(words_a, words_b)
        only_a = [w for w, free in zip(words_a, free_a, strict=True) if free]
        only_b = [w for w, free in zip(words_b, free_b, strict=True) if free]
        if (
            plain_a
            and plain_b
            and not (only_a and only_b and _may_read(only_a, only_b))
            and not _initials_of(only_a, words_b, free_b, camel_b)
            and not _initials_of(only_b, words_a, free_a, camel_a)
        ):
            return _unread(only_a, only_b, bool(free_a) and free_a[0], bool(free_b) and free_b[0])
        return self._read_apart(codes_a, free_a, run_a, codes_b, free_b, run_b)

    def _read_apart(
        self,
        a: tuple[int, ...],
        free_a: list[bool],
        run_a: tuple[bool, bool],
        b: tuple[int, ...],
        free_b: list[bool],
        run_b: tuple[bool, bool],
    ) -> NameDiff:
        """Every reading, once per distinct leftover: the readings look only at the words
        left and at where the used ones stood ("Smith Dental Lab" / "Smith Dental" and
        "Jones Dental Lab" / "Jones Dental" are one question), all in word codes."""
        key = (
            tuple([c if free else -1 for c, free in zip(a, free_a, strict=True)]),
            tuple([c if free else -1 for c, free in zip(b, free_b, strict=True)]),
            run_a,
            run_b,
            # Splitting initials run together looks at every word of the other name.
            b if run_a[0] or run_a[1] else None,
            a if run_b[0] or run_b[1] else None,
        )
        found = self._found.get(key)
        if found is None:
            specs = self._specs
            words_a = [Word(*specs[c], not free) for c, free in zip(a, free_a, strict=True)]
            words_b = [Word(*specs[c], not free) for c, free in zip(b, free_b, strict=True)]
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
        known = self._codes
        codes = tuple([known[s] if s in known else self._intern(s) for s in specs])
        feats, marks = self._feats, self._marks
        words = tuple([feats[c] for c in codes])
        tokens = frozenset([w[1] for w in words])
        mark = 0
        for c in codes:  # one pass over the words for the name's marks
            mark |= marks[c]
        # The words a rewrite left out count too.
        run = (
            (bool(mark & _GLUED), bool(mark & _SPLIT))
            if self._rewrite is None
            else _run_together_words(name)
        )
        found = (
            codes,
            words,
            tokens if len(tokens) == len(specs) else None,
            not (run[0] or run[1]),
            bool(mark & _INITIALS),
            run,
            bool(mark & _CAMEL),
        )
        self._names[name] = found
        return found

    def _intern(self, spec: _Spec) -> int:
        """A new word's code, its features and marks worked out once (most words recur in
        many names)."""
        written, token, qualifier, shown, stopped = spec
        abbreviates = abbreviation_of(written)
        folds = typo_folds(written)
        initials = len(written) <= _MAX_INITIALS and written.isalpha()
        code = len(self._specs)
        self._specs.append(spec)
        self._feats.append(
            (
                written,
                token,
                stopped,
                shown,
                kind_of(token, written, qualifier),
                folds if abbreviates is None else folds | {abbreviates},
                (written, token),
                written[:1],
                _first_letters(written, token),
                len(written) >= _MIN_RUN_TOGETHER,
                initials,
                len(written) >= MIN_TYPO and written.isalpha() and self._count(written) <= 1,
            )
        )
        self._marks.append(
            (_GLUED if glued_parts_or_the(written) else 0)
            | (_SPLIT if initials_glued(shown) else 0)
            | (_INITIALS if initials else 0)
            | (_CAMEL if camel_initials(shown) else 0)
        )
        self._codes[spec] = code
        return code


def _free_after_equal(a: Sequence[_Feats], b: Sequence[_Feats]) -> tuple[list[bool], list[bool]]:
    """Which words stay free once the words both sides write alike are read, exactly as
    :func:`recon.match.name_words.pair_equal` reads them (each of ``a``'s words in order takes
    the last free word of ``b`` with its folded form)."""
    free: dict[str, list[int]] = {}
    for at, word in enumerate(b):
        free.setdefault(word[1], []).append(at)
    free_a, free_b = [True] * len(a), [True] * len(b)
    for at, word in enumerate(a):
        bucket = free.get(word[1])
        if bucket:
            free_b[bucket.pop()] = False
            free_a[at] = False
    return free_a, free_b


def _unread(only_a: list[_Feats], only_b: list[_Feats], first_a: bool, first_b: bool) -> NameDiff:
    """The difference of two names no reading pairs a word of: the words left, classified;
    ``first_a`` / ``first_b`` when a side's first free word is its name's first word (read as
    :func:`recon.match.name_reading.leading_kind` reads it)."""
    kinds_a = [w[4] for w in only_a]
    kinds_b = [w[4] for w in only_b]
    if first_a:
        kinds_a[0] = leading_kind(kinds_a[0], only_a[0][1])
    if first_b:
        kinds_b[0] = leading_kind(kinds_b[0], only_b[0][1])
    kind, places = _classified(tuple(kinds_a), tuple(kinds_b))
    return NameDiff(kind, tuple([w[3] for w in only_a]), tuple([w[3] for w in only_b]), (), places)


@lru_cache(maxsize=4_096)
def _classified(kinds_a: tuple[str, ...], kinds_b: tuple[str, ...]) -> tuple[DiffKind, bool]:
    """:func:`recon.match.names.classify_kinds`, once per two runs of kinds: there are four
    kinds and few words left over, so the same runs recur across most pairs."""
    return classify_kinds(kinds_a, kinds_b)


def _may_read(only_a: list[_Feats], only_b: list[_Feats]) -> bool:
    """False when no reading of :func:`recon.match.names._read_apart` but initials can pair a
    word of ``only_a`` with words of ``only_b`` (names with no word run together with another).

    Each reading first asks something of a free word of each side; this asks the same
    (never less), so a pair it clears is read by none: the same letters spaced otherwise; a
    typo (:mod:`recon.match.name_typos`): two words one edit apart, or two edits apart where
    both may be one of two typos of one word, or one a listed typo of the other's folded
    form; a short form either way (:func:`recon.match.short_forms._short_pair`, its first
    test inline); one word beginning or ending as a word of the other side is written or
    folded, where that side leaves two words or more (words run together: two or three of
    them). Initials are :func:`_initials_of`'s."""
    if len(only_a) + len(only_b) >= 3 and "".join([w[0] for w in only_a]) == "".join(
        [w[0] for w in only_b]
    ):
        return True
    # A word of one side is words of the other run together only if that side has two.
    glue_a, glue_b = len(only_b) >= 2, len(only_a) >= 2
    for x in only_a:
        x_written, x_ends, x_long = x[0], x[6], x[9]
        x_glue = glue_a and x_long
        for y in only_b:
            y_written = y[0]
            if pair_reads(x, y):
                return True
            if x_glue and (x_written.startswith(y[6]) or x_written.endswith(y[6])):
                return True
            if glue_b and y[9] and (y_written.startswith(x_ends) or y_written.endswith(x_ends)):
                return True
    return False


def pair_reads(x: _Feats, y: _Feats) -> bool:
    """Whether a reading may pair the two words one to one: the first test of a typo (two
    words one edit apart, or two edits apart where both may be one of two typos of one word,
    or one a listed typo of the other's folded form) or of a short form either way
    (:func:`recon.match.short_forms._short_pair`, its first test inline). Pure, and the one
    test :func:`_may_read` and :mod:`recon.match.name_screen` both ask."""
    x_written, x_token, y_written, y_token = x[0], x[1], y[0], y[1]
    # The edit distance before the short forms: one call into rapidfuzz, where a short form
    # takes a cached Python call (all are pure tests: the order is free).
    return (
        y_token in x[5]
        or x_token in y[5]
        or (
            (edits := _osa(x_written, y_written, score_cutoff=2)) <= 1
            or (edits == 2 and x[11] and y[11])
        )
        or (
            (x[7] in y[8] or y[7] in x[8])
            and _short_pair(x_written, x_token, x[2], y_written, y_token, y[2])
        )
        or one_word_respelled(x_written, y_written)
    )


def _initials_of(
    only: list[_Feats], other: Sequence[_Feats], free: list[bool], camel: bool
) -> bool:
    """Whether a word of ``only`` may be read as initials of a run of ``other``'s free words
    (as :func:`recon.match.short_forms._pair_initials` reads them), or of the capitals of one
    free word written as words run together (``camel``: a word of ``other`` has such
    capitals; most names have none)."""
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
        if (
            camel
            and size >= 2
            and any(
                is_free and camel_initials(word[3]) == letters
                for word, is_free in zip(other, free, strict=True)
            )
        ):
            return True
    return False
