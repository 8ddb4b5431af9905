"""Client keys for many names at once: :func:`recon.normalize.client_key` over whole columns.

A distributor's month names 60,000 clients a side, and one Python call per name costs more than
reading the file. Most names are plain ASCII words with perhaps a legal form at the end
("Nolan Financial Group LLC"): for those the key is worked out with Arrow string kernels over
all names together, and Python looks at each distinct *word* once (folded form, legal form or
not), never at each name. The names whose key takes the rarer rules (accents, initials written
apart, a qualifier such as "(Tampa)" or " - East", a legal form spelled out or standing before a
site, and what :mod:`recon.name_marks` reads off a name before its words: a former name, an id
run together, a legal form typed onto the last word) go to :func:`~recon.normalize.client_key`
one by one, so every key is exactly the one it gives. Grouping keys whole columns and matching
keys name by name, so a key that differed would split one client in two.
``tests/recon/test_bulk_keys.py`` holds the two to each other on a large sample and on names
built from each of those rules.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
from rapidfuzz import process
from rapidfuzz.distance import OSA

# The key's own tables and rules, read (never changed) from the module that defines them, so
# the two paths cannot drift apart.
from recon.codes import distinct_ints
from recon.name_marks import NUMBER_WORDS
from recon.normalize import (
    _FILLER,
    _FOLD,
    _FOLD_LONG,
    _LEGAL_PHRASES,
    _PLAIN_LEGAL,
    _TOLERANT_LENGTH,
    _is_legal_form,
    client_key,
    client_words,
)

# Legal forms written out take normalize's phrase rules ("Acme Professional Corporation" is
# "acme"); a name with a phrase's last word and one of its other words is keyed one by one.
_PHRASE_ENDS = frozenset(phrase[-1] for phrase in _LEGAL_PHRASES)
_PHRASE_LEADS = frozenset(word for phrase in _LEGAL_PHRASES for word in phrase[:-1])

# Names written with letters, digits, spaces and ". , &" only: full stops vanish ("L.L.C."), commas
# and ampersands separate words, as in normalize's byte table. Any other character (accents, an
# apostrophe, a qualifier's "(" or " - ", a tab) sends the name down the one-by-one path.
_UNUSUAL = r"[^0-9A-Za-z ,.&]"

# What :func:`recon.normalize.client_key` reads off a name before it keys its words (see
# :mod:`recon.name_marks`), tested wider than the rules themselves: a name any of these could
# change is keyed one by one. Arrow's regular expressions (RE2) have no look-behind, so each is
# written as a pattern the rule's own match always lies inside.
# A former name ("Acme Dental fka Smith Dental", "formerly", "f.k.a."; "f/k/a" is unusual).
_FORMER = r"(?i)formerly|fka|f\.k\.a"
# An id run together in camel case ("AlvaradoProperties"): one word, a capital first, a capital
# after a small letter somewhere (split_run_together splits nothing else).
_RUN_TOGETHER = r"^ *[A-Z][^ ]*[a-z][A-Z][^ ]* *$"
# A legal form typed onto the last word ("Aviationllc", "SolutionsLLC"): glued_legal_form's
# forms after four letters, in any case.
_GLUED = r"(?i)[a-z]{4}(?:llc|llp|pllc|inc|ltd) *$"
# A legal form's word run on at a camel-case seam ("SurveyingProfessional Corporation",
# "BrewingCompany", "LimitedLiability"), or a short one run into the site after it
# ("LLPBoise"): any such seam anywhere in the name, case-sensitive.
_CAMEL_GLUED = (
    r"[a-z](?:Professional|Limited|Liability|Partnership|Association|Company|Corporation"
    r"|Incorporated|Proprietary|Corp|Inc|Ltd|Llc|Llp|Pllc|Pty|LLC|LLP|PLLC|INC|LTD|CORP|PTY)"
    r"|(?:LLC|LLP|PLLC|INC|LTD|CORP)[A-Z][a-z]"
)
# A legal form's long word run on in one case ("BREWINGCOMPANY", "Titlecompany"): four
# letters and the word, case-blind.
_CASE_GLUED = (
    r"(?i)[a-z]{4}(?:professional|limited|liability|partnership|association|company"
    r"|corporation|incorporated|proprietary)"
)


def client_keys(names: Sequence[str] | npt.NDArray[np.object_]) -> npt.NDArray[np.object_]:
    """:func:`recon.normalize.client_key` of every name, computed for all of them at once.

    Args:
        names: company names as written (distinct or not; each is keyed on its own).

    Returns:
        The key of each name, in order, as an object array of ``str``.

    Example:
        >>> list(client_keys(["Wayne Enterprises, Inc.", "The Smith & Jones Co."]))
        ['wayne ent', 'smith jones']
    """
    return keyed_names(names).keys


@dataclass(frozen=True, slots=True)
class KeyedNames:
    """A column of names, their keys (:func:`client_keys`) and the words the keys keep, so the
    words can be counted later without reading the names again.

    Attributes:
        names: the names as written.
        keys: the key of each name, in order.
    """

    names: Sequence[str] | npt.NDArray[np.object_]
    keys: npt.NDArray[np.object_]
    _kept: _Kept | None

    def word_counts(self, picks: npt.NDArray[np.intp]) -> Counter[str]:
        """:func:`client_word_counts` of ``[names[i] for i in picks]``, on the words already
        read (a name picked twice counts twice, as it would in that list).

        Args:
            picks: indices into ``names``, repeats allowed.

        Returns:
            word -> how many of the picked names write it.
        """
        kept = self._kept
        if kept is None or len(picks) == 0:
            return Counter()
        times = np.bincount(np.asarray(picks, dtype=np.intp), minlength=len(self.names))
        return _counted(kept, times, self.names)


def keyed_names(names: Sequence[str] | npt.NDArray[np.object_]) -> KeyedNames:
    """:func:`client_keys` of these names, kept beside the words their keys keep
    (:meth:`KeyedNames.word_counts`).

    Args:
        names: company names as written.
    """
    n = len(names)
    out = np.empty(n, dtype=object)
    if n == 0:
        return KeyedNames(names, out, None)
    kept = _kept_words(names)
    chosen = kept.chosen
    folded = pa.array(fold_words(kept.vocabulary), type=pa.string())
    sizes = np.bincount(kept.owner[chosen], minlength=n)
    offsets = pa.array(np.concatenate(([0], np.cumsum(sizes))).astype(np.int32))
    joined = pc.binary_join(
        pa.ListArray.from_arrays(offsets, folded.take(pa.array(kept.tokens[chosen]))), " "
    )
    out[:] = joined.to_numpy(zero_copy_only=False)
    for at in np.flatnonzero(~kept.decided).tolist():
        out[at] = client_key(str(names[at]))
    return KeyedNames(names, out, kept)


def client_word_counts(names: Sequence[str]) -> Counter[str]:
    """:func:`recon.match.names.word_counts` of these names, for all of them at once.

    How many names write each word of their key (lower case, as written): the names the
    column rules decide (see :func:`client_keys`) are counted on word codes, each (name,
    word) once; the others word by word through :func:`recon.normalize.client_words`
    (``tests/recon/test_bulk_keys.py`` holds the two to each other).

    Args:
        names: company names as written.

    Returns:
        word -> how many of the names write it.
    """
    if not names:
        return Counter()
    return _counted(_kept_words(names), np.ones(len(names), dtype=np.intp), names)


def _counted(
    kept: _Kept,
    times: npt.NDArray[np.intp],
    names: Sequence[str] | npt.NDArray[np.object_],
) -> Counter[str]:
    """How many names write each word, each name counted ``times[name]`` times (a word
    once per name)."""
    counts: Counter[str] = Counter()
    chosen = kept.chosen
    width = np.int64(max(len(kept.vocabulary), 1))
    # A word written twice in one name counts once for it.
    pairs = distinct_ints(kept.owner[chosen].astype(np.int64) * width + kept.tokens[chosen])
    # Integer weights summed as float64: exact far beyond any count of names.
    per_word = np.bincount(
        pairs % width, weights=times[pairs // width], minlength=len(kept.vocabulary)
    )
    for at in np.flatnonzero(per_word).tolist():
        counts[kept.vocabulary[at]] = int(per_word[at])
    # A name no client takes adds nothing (its weight is 0): not read one by one at all.
    for at in np.flatnonzero(~kept.decided & (times > 0)).tolist():
        words = {w.casefold().replace(" ", "") for w, _ in client_words(str(names[at]))}
        for _ in range(int(times[at])):
            counts.update(words)
    return counts


@dataclass(frozen=True, slots=True)
class WordColumns:
    """The words of a column of names (:func:`word_columns`), each distinct word once.

    Attributes:
        pairs: each distinct (word as written, folded word) pair, as
            :func:`recon.normalize.client_words` gives them.
        codes: each word of each name in order, as a code into ``pairs``.
        sizes: how many words each name has.
    """

    pairs: list[tuple[str, str]]
    codes: npt.NDArray[np.intp]
    sizes: npt.NDArray[np.intp]

    def words(self) -> list[tuple[tuple[str, str], ...]]:
        """Each name's (word as written, folded word) pairs, as tuples."""
        pairs = self.pairs
        flat = [pairs[c] for c in self.codes.tolist()]
        out: list[tuple[tuple[str, str], ...]] = []
        at = 0
        for size in self.sizes.tolist():
            out.append(tuple(flat[at : at + size]))
            at += size
        return out


def word_columns(names: Sequence[str]) -> WordColumns:
    """:func:`recon.normalize.client_words` of every name, read over the whole column at once.

    The fuzzy step reads the leftover names' words several ways (derived forms, rare words,
    the screen); this reads them once. Names the column rules decide (see
    :func:`client_keys`) take their words from the column, each word as written (case kept,
    full stops gone, as normalize's ASCII path writes it) beside its folded form; the others
    take :func:`recon.normalize.client_words` one by one (``tests/recon/test_bulk_keys.py``
    holds the two to each other).

    Args:
        names: company names as written.

    Returns:
        The words of each name, on codes into the distinct words.
    """
    n = len(names)
    if n == 0:
        return WordColumns([], np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp))
    kept = _kept_words(names)
    text = pa.array(list(names), type=pa.string())
    # The lower-case split of _kept_words without lower case: the same words, as written.
    spaced = pc.replace_substring(pc.replace_substring(text, ",", " "), "&", " ")
    cleaned = pc.ascii_trim_whitespace(pc.replace_substring(spaced, ".", ""))
    chosen = np.flatnonzero(kept.chosen)
    split = pc.list_flatten(pc.ascii_split_whitespace(cleaned))
    written = pc.dictionary_encode(split.take(pa.array(chosen, type=pa.int64())))
    shown = written.indices.to_numpy(zero_copy_only=False).astype(np.intp)
    # Each distinct written word's pair made once (most words recur in many names): its
    # lower case is one of the vocabulary's words, whose folded form it takes.
    token_of = np.zeros(len(written.dictionary), dtype=np.intp)
    token_of[shown] = kept.tokens[chosen]
    folded = fold_words(kept.vocabulary)
    pairs = [
        (w, folded[t])
        for w, t in zip(written.dictionary.to_pylist(), token_of.tolist(), strict=True)
    ]
    owner = kept.owner[chosen]
    sizes = np.bincount(owner, minlength=n).astype(np.intp)
    # The others' words, one by one, coded beside the column's.
    index = {pair: at for at, pair in enumerate(pairs)}
    others: dict[int, list[int]] = {}
    for i in np.flatnonzero(~kept.decided).tolist():
        found = client_words(str(names[i]))
        others[i] = [index.setdefault(pair, len(index)) for pair in found]
        sizes[i] = len(found)
    pairs = list(index)
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.intp)
    codes = np.empty(int(sizes.sum()), dtype=np.intp)
    # A decided name's words stand together in the column, in order.
    first = np.concatenate(([0], np.cumsum(np.bincount(owner, minlength=n))[:-1]))
    codes[starts[owner] + np.arange(len(owner)) - first[owner]] = shown
    for i, found_codes in others.items():
        codes[starts[i] : starts[i] + len(found_codes)] = found_codes
    return WordColumns(pairs, codes, sizes)


@dataclass(frozen=True, slots=True)
class _Kept:
    """The words of a column of names a key keeps, on codes into the distinct words.

    Attributes:
        tokens: each word of each name, as a code into ``vocabulary`` (lower case, as
            written).
        owner: the name each word belongs to.
        chosen: the words the key keeps, for the names the column rules decide.
        decided: per name, whether the column rules decide its key (the others take
            :func:`recon.normalize.client_key`).
    """

    tokens: npt.NDArray[np.intp]
    owner: npt.NDArray[np.intp]
    chosen: npt.NDArray[np.bool_]
    decided: npt.NDArray[np.bool_]
    vocabulary: list[str]


def _kept_words(names: Sequence[str] | npt.NDArray[np.object_]) -> _Kept:
    """Which words of each name its key keeps, worked out over the whole column."""
    text = pa.array(names if isinstance(names, np.ndarray) else list(names), type=pa.string())
    n = len(text)
    usual = pc.invert(pc.match_substring_regex(text, _UNUSUAL))
    for marked in (_FORMER, _RUN_TOGETHER, _GLUED, _CAMEL_GLUED, _CASE_GLUED):
        usual = pc.and_(usual, pc.invert(pc.match_substring_regex(text, marked)))
    spaced = pc.replace_substring(pc.replace_substring(text, ",", " "), "&", " ")
    cleaned = pc.ascii_trim_whitespace(pc.replace_substring(pc.ascii_lower(spaced), ".", ""))
    words = pc.ascii_split_whitespace(cleaned)
    lengths = pc.list_value_length(words).to_numpy(zero_copy_only=False).astype(np.int64)
    encoded = pc.dictionary_encode(pc.list_flatten(words))
    tokens = encoded.indices.to_numpy(zero_copy_only=False).astype(np.intp)
    vocabulary = encoded.dictionary.to_pylist()

    # Each distinct word once: what the rules need to know about it.
    legal = np.array([_is_legal_form(w) for w in vocabulary], dtype=bool)
    filler = np.array([w in _FILLER for w in vocabulary], dtype=bool)
    plain_legal = np.array([w in _PLAIN_LEGAL for w in vocabulary], dtype=bool)
    alpha = np.array([w.isalpha() for w in vocabulary], dtype=bool)
    # Initials ("J B Hunt") take a rule that looks across words: such names go one by one.
    hard = np.array([len(w) <= 1 for w in vocabulary], dtype=bool)
    phrase_end = np.array([w in _PHRASE_ENDS for w in vocabulary], dtype=bool)
    phrase_lead = np.array([w in _PHRASE_LEADS for w in vocabulary], dtype=bool)

    owner = np.repeat(np.arange(n), lengths)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    position = np.arange(len(tokens)) - starts[owner]
    decided = np.asarray(usual.to_numpy(zero_copy_only=False), dtype=bool) & (lengths > 0)
    decided &= np.bincount(owner, weights=hard[tokens], minlength=n) == 0
    decided &= ~(
        (np.bincount(owner, weights=phrase_end[tokens], minlength=n) > 0)
        & (np.bincount(owner, weights=phrase_lead[tokens], minlength=n) > 0)
    )

    # Trailing legal forms go, never the first word ("Acme Inc LLC" -> "acme").
    kept = position <= np.maximum(_last(owner, position, ~legal[tokens], n), 0)[owner]
    # "The" and "and" go when other words stay ("The Smith & Jones" -> "smith jones").
    count = np.bincount(owner, weights=kept, minlength=n)
    others = np.bincount(owner, weights=kept & ~filler[tokens], minlength=n)
    kept &= ~(filler[tokens] & (count > 1)[owner] & (others > 0)[owner])
    # Legal forms the fillers stood behind go too ("Acme Inc The" -> "acme").
    first = _first(owner, position, kept, n)
    last = _last(owner, position, kept & ~legal[tokens], n)
    kept &= position <= np.maximum(last, first)[owner]
    # A plain legal form just before a last word is a legal form before a site ("Hubbard CPA
    # P.A. Boise"): normalize drops it, keyed one by one.
    rank = np.cumsum(kept) - 1
    total = np.bincount(owner, weights=kept, minlength=n).astype(np.int64)
    from_end = (np.cumsum(total) - 1)[owner] - rank
    before_last = kept & (from_end == 1)
    at_end = kept & (from_end == 0)
    site = np.zeros(n, dtype=bool)
    site[owner[at_end]] = alpha[tokens[at_end]]
    legal_before = np.zeros(n, dtype=bool)
    legal_before[owner[before_last]] = plain_legal[tokens[before_last]]
    decided &= ~((total >= 3) & site & legal_before)

    return _Kept(tokens, owner, kept & decided[owner], decided, vocabulary)


def _last(
    owner: npt.NDArray[np.intp], position: npt.NDArray[np.intp], mask: npt.NDArray[np.bool_], n: int
) -> npt.NDArray[np.intp]:
    """Per name, the position of its last word where ``mask`` holds (-1: none)."""
    found = np.full(n, -1, dtype=np.intp)
    np.maximum.at(found, owner[mask], position[mask])
    return found


def _first(
    owner: npt.NDArray[np.intp], position: npt.NDArray[np.intp], mask: npt.NDArray[np.bool_], n: int
) -> npt.NDArray[np.intp]:
    """Per name, the position of its first word where ``mask`` holds (-1: none)."""
    found = np.full(n, np.iinfo(np.intp).max, dtype=np.intp)
    np.minimum.at(found, owner[mask], position[mask])
    return np.where(found == np.iinfo(np.intp).max, -1, found)


def fold_words(words: Sequence[str]) -> list[str]:
    """:func:`recon.normalize.fold_word` of many distinct words at once.

    The one-edit typo search ("Patners" is "partners") runs for all the long unlisted words
    in one rapidfuzz pass, instead of one OSA call per word and listed word.

    Args:
        words: words as keys hold them (lower case, punctuation removed).

    Returns:
        The folded form of each word, in order.
    """
    out: list[str | None] = [
        NUMBER_WORDS[w]
        if w in NUMBER_WORDS
        else _FOLD.get(w, w)
        if w in _FOLD or w.isdigit() or len(w) < _TOLERANT_LENGTH
        else None
        for w in words
    ]
    open_ = [i for i, found in enumerate(out) if found is None]
    if open_:
        # Distances above the cutoff come back as cutoff + 1; the first listed variant one
        # edit away wins, as in normalize's own search (which keeps the list's order).
        distances = process.cdist(
            [words[i] for i in open_],
            [variant for variant, _ in _FOLD_LONG],
            scorer=OSA.distance,
            score_cutoff=1,
        )
        near = distances <= 1
        first = near.argmax(axis=1)
        for row, at in enumerate(open_):
            out[at] = _FOLD_LONG[int(first[row])][1] if near[row, first[row]] else words[at]
    return [w if w is not None else "" for w in out]
