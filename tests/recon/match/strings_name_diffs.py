"""The replaced NameDiffs, on strings: the oracle the coded one in recon.match.name_diffs
is held to (tests/recon/match/test_name_diffs.py). Kept verbatim as it stood before words
were interned to codes; only this docstring is new."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

from rapidfuzz.distance import OSA

from recon.match.name_reading import _run_together_words, _words, kind_of, leading_kind
from recon.match.name_words import Word
from recon.match.names import DiffKind, NameDiff, _read_apart, classify_kinds
from recon.match.run_together import camel_initials, glued_parts_or_the, initials_glued
from recon.match.short_forms import _first_letters, _short_pair
from recon.normalize import abbreviation_of, typo_folds

_Spec = tuple[str, str, bool, str, bool]
#: A word with what the first tests of every reading ask of it, worked out once per word:
#: written lower case, folded, written with a full stop, as written, its kind
#: (:func:`recon.match.names.kind_of`), the listed words it is a typo of, the listed word it
#: abbreviates, its first letter, the letters a short form of it may begin with, whether it
#: is long enough to be words run together, whether it may be initials, whether it is
#: itself words run together that a reading may split (see ``_run_together_words``), and
#: the two ways apart: a word keys drop run on, initials run into a word.
_Feats = tuple[
    str,
    str,
    bool,
    str,
    str,
    frozenset[str],
    str | None,
    str,
    frozenset[str],
    bool,
    bool,
    bool,
    bool,
    bool,
]
#: One name as read once: its words, their features, their folded forms when no two are
#: alike (else None), whether no word is run together with another, whether a word of it
#: may be initials, its ``_run_together_words``, and whether a word of it is capitalised
#: words run together ("PhysicalTherapy", read as "PT").
_Name = tuple[
    tuple[_Spec, ...],
    tuple[_Feats, ...],
    frozenset[str] | None,
    bool,
    bool,
    tuple[bool, bool],
    bool,
]

_osa = OSA.distance
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
        specs_a, words_a, tokens_a, plain_a, initials_a, run_a, camel_a = a
        specs_b, words_b, tokens_b, plain_b, initials_b, run_b, camel_b = b
        if tokens_a is None or tokens_b is None:
            return self._diff_repeated(vendor_name, psa_name, a, b)
        # No word written twice on either side: a word is read as equal exactly when the
        # other side writes its folded form, and is free exactly when it does not.
        only_a = [w for w in words_a if w[1] not in tokens_b]
        only_b = [w for w in words_b if w[1] not in tokens_a]
        if plain_a and plain_b and not (only_a and only_b and _may_read(only_a, only_b)):
            # A name none of whose words may be initials leaves none among its free words.
            if not (initials_a and any(w[10] for w in only_a)) and not (
                initials_b and any(w[10] for w in only_b)
            ):
                return _unread(
                    only_a, only_b, _first_free(specs_a, tokens_b), _first_free(specs_b, tokens_a)
                )
            free_a = [s[1] not in tokens_b for s in specs_a]
            free_b = [s[1] not in tokens_a for s in specs_b]
            if not _initials_of(only_a, specs_b, free_b, camel_b) and not _initials_of(
                only_b, specs_a, free_a, camel_a
            ):
                return _unread(
                    only_a, only_b, bool(free_a) and free_a[0], bool(free_b) and free_b[0]
                )
        else:
            free_a = [s[1] not in tokens_b for s in specs_a]
            free_b = [s[1] not in tokens_a for s in specs_b]
        return self._read_apart(specs_a, free_a, run_a, specs_b, free_b, run_b)

    def _diff_repeated(self, vendor_name: str, psa_name: str, a: _Name, b: _Name) -> NameDiff:
        """:meth:`diff` when a name writes a word twice: which words stay free then depends
        on the order :func:`recon.match.name_words.pair_equal` reads them in."""
        specs_a, words_a, _, plain_a, _, run_a, camel_a = a
        specs_b, words_b, _, plain_b, _, run_b, camel_b = b
        free_a, free_b = _free_after_equal(specs_a, specs_b)
        only_a = [w for w, free in zip(words_a, free_a, strict=True) if free]
        only_b = [w for w, free in zip(words_b, free_b, strict=True) if free]
        if (
            plain_a
            and plain_b
            and not (only_a and only_b and _may_read(only_a, only_b))
            and not _initials_of(only_a, specs_b, free_b, camel_b)
            and not _initials_of(only_b, specs_a, free_a, camel_a)
        ):
            return _unread(only_a, only_b, bool(free_a) and free_a[0], bool(free_b) and free_b[0])
        return self._read_apart(specs_a, free_a, run_a, specs_b, free_b, run_b)

    def _read_apart(
        self,
        a: tuple[_Spec, ...],
        free_a: list[bool],
        run_a: tuple[bool, bool],
        b: tuple[_Spec, ...],
        free_b: list[bool],
        run_b: tuple[bool, bool],
    ) -> NameDiff:
        """Every reading, once per distinct leftover: the readings look only at the words
        left and at where the used ones stood ("Smith Dental Lab" / "Smith Dental" and
        "Jones Dental Lab" / "Jones Dental" are one question)."""
        key = (
            tuple([s if free else None for s, free in zip(a, free_a, strict=True)]),
            tuple([s if free else None for s, free in zip(b, free_b, strict=True)]),
            run_a,
            run_b,
            # Splitting initials run together looks at every word of the other name.
            frozenset([s[0] for s in b]) if run_a[0] or run_a[1] else None,
            frozenset([s[0] for s in a]) if run_b[0] or run_b[1] else None,
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
        words = tuple([feats.get(spec) or self._word(spec) for spec in specs])
        tokens = frozenset([s[1] for s in specs])
        glued = split = initials = False
        for w in words:  # one pass over the words for the name's flags
            glued, split, initials = glued or w[12], split or w[13], initials or w[10]
        # The words a rewrite left out count too.
        run = (glued, split) if self._rewrite is None else _run_together_words(name)
        found = (
            specs,
            words,
            tokens if len(tokens) == len(specs) else None,
            not (run[0] or run[1]),
            initials,
            run,
            any(camel_initials(s[3]) for s in specs),
        )
        self._names[name] = found
        return found

    def _word(self, spec: _Spec) -> _Feats:
        """A word's features, once per word (most words recur in many names)."""
        written, token, qualifier, shown, stopped = spec
        glued, initials = glued_parts_or_the(written), bool(initials_glued(shown))
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
            glued or initials,
            glued,
            initials,
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


def _first_free(specs: Sequence[_Spec], other: frozenset[str]) -> bool:
    """Whether a name's first word is free (the other name does not write its folded form)."""
    return bool(specs) and specs[0][1] not in other


def _unread(only_a: list[_Feats], only_b: list[_Feats], first_a: bool, first_b: bool) -> NameDiff:
    """The difference of two names no reading pairs a word of: the words left, classified
    (a name's first word as :func:`recon.match.name_reading.leading_kind` reads it)."""
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
    (never less), so a pair it clears is read by none: the same letters spaced otherwise; two
    words at most two edits apart, or one a listed typo of the other's folded form; a short
    form either way (:func:`recon.match.names._short_pair`, its two first tests inline); one
    word beginning or ending as the other is written or folded (words run together).
    Initials are :func:`_initials_of`'s."""
    if len(only_a) + len(only_b) >= 3 and "".join([w[0] for w in only_a]) == "".join(
        [w[0] for w in only_b]
    ):
        return True
    for x in only_a:
        x_written, x_token, x_stopped, _, _, x_folds, x_abbr, x_lead, x_leads, x_long = x[:10]
        for y in only_b:
            y_written, y_token = y[0], y[1]
            # The edit distance before the short forms: one call into rapidfuzz, where a
            # short form takes a cached Python call (all are pure tests: the order is free).
            if (
                y_token in x_folds
                or x_token in y[5]
                or x_abbr == y_token
                or y[6] == x_token
                or _osa(x_written, y_written, score_cutoff=2) <= 2
                or (
                    (x_lead in y[8] or y[7] in x_leads)
                    and _short_pair(x_written, x_token, x_stopped, y_written, y_token, y[2])
                )
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


def _initials_of(only: list[_Feats], other: Sequence[_Spec], free: list[bool], camel: bool) -> bool:
    """Whether a word of ``only`` may be read as initials of a run of ``other``'s free words
    (as :func:`recon.match.names._pair_initials` reads them), or of the capitals of one
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
                is_free and camel_initials(spec[3]) == letters
                for spec, is_free in zip(other, free, strict=True)
            )
        ):
            return True
    return False
