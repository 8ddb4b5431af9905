"""Which pairs of names can only differ as two clients, told for a whole batch at once without
reading any pair (:meth:`recon.match.name_diffs.NameDiffs.diff` reads the rest).

Most pairs the fuzzy step asks about are two clients ("Smith Dental" / "Jones Plumbing"):
93 % end :attr:`~recon.match.names.DiffKind.DIFFERENT`. This finds most of them from the
words alone, as arrays, and never a pair that could end otherwise. The rule, exactly:

Set aside the words both names write alike (folded). Every reading then pairs free words
only (for names with no word written twice and none run together with a dropped word or
initials: other names are never screened), and each reading first asks something of a word
of each side:

- a typo, a listed typo or abbreviation, a short form: the two words pass
  :func:`recon.match.name_diffs.pair_reads` (one word pair, both words used);
- initials: a word of k <= 4 letters stands for k neighbouring free words of the other side,
  or (two letters or more) for one word written as capitals run together ("PT" for
  "PhysicalTherapy"), each beginning with one of its letters (each such pair is counted as
  reading both words);
- words run together: a long word beginning or ending as a free word of the other side is
  written, where that side leaves two words or more; such a pair is never screened;
- the same letters spaced otherwise (three words or more, as many letters each side, their
  code points summing alike): never screened.

A free word no such test pairs with any free word of the other side stays to the end. What
stays is classified as :func:`recon.match.names.classify_kinds` does, so the pair is two
clients for certain when the words that must stay hold two plain words, or a plain word on
one side and any word on the other, or a place on each side. Otherwise the pair is read.
``tests/recon/match/test_name_screen.py`` holds the rule to the full reading, and the fuzzy
step with it to the fuzzy step reading every pair.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import OSA
from rapidfuzz.process import cpdist

from recon.match.name_diffs import NameDiffs, WordFeatures, pair_reads

Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

# A word pair's relations, one bit each: the two may be read as one another (typo, short
# form), the first may be words of the second side run together, the second may be words of
# the first side run together, the first may be initials of words of the second side with
# this one among them, the second initials of words of the first.
_READ, _GLUE_A, _GLUE_B, _INITIALS_A, _INITIALS_B = 1, 2, 4, 8, 16
_LETTER = (1 << 21) - 1
_LOW = (1 << 32) - 1  # a word pair's code: the first word's code above, the second's here


class NameScreen:
    """Tell, for many (vendor name, PSA name) pairs at once, which are two clients for certain.

    Args:
        diffs: the population's :class:`~recon.match.name_diffs.NameDiffs`: its names and
            words, read once, are the ones the screen reads (a learned rewrite turns the
            screen off: every pair is then read).

    Example:
        >>> NameScreen(NameDiffs(lambda _word: 1)).apart([("Smith Dental", "Jones Plumbing")])
        [True]
    """

    def __init__(self, diffs: NameDiffs) -> None:
        self._diffs = diffs
        # Per word code, grown as the diffs intern words: its folded form's id, its kind as
        # bits, its length as written.
        self._token_ids: dict[str, int] = {}
        self._tokens: list[int] = []
        self._plain: list[bool] = []
        self._place: list[bool] = []
        self._lengths: list[int] = []
        self._written: list[str] = []
        self._letter_sums: list[int] = []  # its letters' code points summed
        self._lead: list[int] = []  # the first letter's bit (_letter)
        self._two: list[bool] = []  # may be one of two typos of one word
        self._long: list[bool] = []  # long enough to be words run together
        self._ends: list[int] = []  # four per word: how its two forms begin and end
        self._has_reach: list[bool] = []
        self._leads: list[int] = []  # letter bits (_letter)
        self._initials: list[int] = []  # letter bits, or 0 when it may not be initials
        # Per name (row): where its word codes start in one flat column, how many, whether
        # it may be screened, whether a word is capitals run together.
        self._rows: dict[str, int] = {}
        self._starts: list[int] = []
        self._sizes: list[int] = []
        self._eligible: list[bool] = []
        self._camel: list[bool] = []
        self._codes: list[int] = []
        # Per word pair (its code, see _each_pair): whether the two may be read as one
        # another (pair_reads), and how one may begin or end as the other (_glue_bits).
        self._reads: dict[int, int] = {}
        self._glued: dict[int, int] = {}

    def apart(self, pairs: Sequence[tuple[str, str]]) -> list[bool]:
        """For each (vendor name, PSA name) pair, True when its name difference is certainly
        :attr:`~recon.match.names.DiffKind.DIFFERENT` (False: it has to be read).

        Args:
            pairs: the pairs, names as written.

        Returns:
            One flag per pair, in order.
        """
        if not pairs:
            return []
        at = self.rows([n for pair in pairs for n in pair])
        return [bool(found) for found in self.apart_rows(at[0::2], at[1::2])]

    def rows(self, names: Sequence[str]) -> Ints:
        """Each name's row in the screen's tables, the names not seen before read once."""
        known = self._rows
        for name in names:
            if name not in known:
                self._add(name)
        return np.asarray([known[name] for name in names], dtype=np.int64)

    def _add(self, name: str) -> None:
        codes, _, tokens, plain, _, _, camel = self._diffs.read(name)
        self._rows[name] = len(self._starts)
        self._starts.append(len(self._codes))
        self._sizes.append(len(codes))
        # Words written twice, or run together with a dropped word or initials: read in full.
        self._eligible.append(tokens is not None and plain)
        self._camel.append(camel)
        self._codes.extend(codes)

    def apart_rows(self, vendor: Ints, psa: Ints) -> Bools:
        """:meth:`apart` for pairs of rows (:meth:`rows`): one flag per pair.

        Args:
            vendor: the vendor name's row of each pair.
            psa: the PSA name's row of each pair.
        """
        out = np.zeros(len(vendor), dtype=np.bool_)
        if not len(vendor) or self._diffs.learned:
            return out
        self._grow()
        eligible = np.asarray(self._eligible, dtype=np.bool_)
        keep = np.flatnonzero(eligible[vendor] & eligible[psa])
        if not len(keep):
            return out
        a, b = vendor[keep], psa[keep]
        starts = np.asarray(self._starts, dtype=np.int64)
        sizes = np.asarray(self._sizes, dtype=np.int64)
        codes = np.asarray(self._codes, dtype=np.int64)
        camel = np.asarray(self._camel, dtype=np.bool_)
        # Each pair's words, side by side: pair k's vendor words, then the next pair's.
        a_rows, a_codes = _words_of(a, starts, sizes, codes)
        b_rows, b_codes = _words_of(b, starts, sizes, codes)
        out[keep] = self._apart(
            len(keep), a_codes, a_rows, b_codes, b_rows, np.stack([camel[a], camel[b]], axis=1)
        )
        return out

    def _grow(self) -> None:
        """Columns for the words the diffs interned since the last batch."""
        feats = self._diffs.word_features
        ids = self._token_ids
        for code in range(len(self._tokens), len(feats)):
            word = feats[code]
            written = word[0]
            self._written.append(written)
            self._tokens.append(ids.setdefault(word[1], len(ids)))
            self._plain.append(word[4] == "word")
            self._place.append(word[4] == "place")
            self._lengths.append(len(written))
            self._letter_sums.append(sum(map(ord, written)))
            self._lead.append(_letter(written[:1]))
            self._two.append(word[11])
            self._long.append(word[9])
            # How its written and folded forms begin, then how they end: two letters each.
            self._ends.extend(
                [_two(form[:2]) for form in word[6]] + [_two(form[-2:]) for form in word[6]]
            )
            # Whether it reads as listed forms; the letters a short form of it may begin
            # with; its letters, when it may be initials.
            self._has_reach.append(bool(word[5]))
            self._leads.append(_mask(word[8]))
            self._initials.append(_mask(written) if word[10] else 0)

    def _apart(
        self,
        rows: int,
        ac: Ints,
        ar: Ints,
        bc: Ints,
        br: Ints,
        camel: Bools,
    ) -> Bools:
        tokens = np.asarray(self._tokens, dtype=np.int64)
        # A word is free when the other name of its pair writes no word folded alike: every
        # word of a pair against every word of the other name (a few each), no sorting.
        ia, ib, _ = _cross(ar, br, rows)
        alike = tokens[ac[ia]] == tokens[bc[ib]]
        free_a = np.bincount(ia[alike], minlength=len(ac)) == 0
        free_b = np.bincount(ib[alike], minlength=len(bc)) == 0
        la_code, la_row = ac[free_a], ar[free_a]
        lb_code, lb_row = bc[free_b], br[free_b]
        na = np.bincount(la_row, minlength=rows)
        nb = np.bincount(lb_row, minlength=rows)
        read_a = np.zeros(len(la_code), dtype=np.bool_)
        read_b = np.zeros(len(lb_code), dtype=np.bool_)
        unread = np.zeros(rows, dtype=np.bool_)  # rows a word run together or respaced may pair
        ia, ib, row_of = _cross(la_row, lb_row, rows)
        if len(ia):
            x, y = la_code[ia], lb_code[ib]
            bits = self._relations(x, y)
            # Initials of k letters stand for k neighbouring free words of the other side,
            # or (two letters or more) for one word written as capitals run together.
            lengths = np.asarray(self._lengths, dtype=np.int64)
            size_a, size_b = lengths[x], lengths[y]
            span_a, span_b = na[row_of], nb[row_of]
            initials_a = ((bits & _INITIALS_A) != 0) & (
                (size_a <= span_b) | (camel[row_of, 1] & (size_a >= 2))
            )
            initials_b = ((bits & _INITIALS_B) != 0) & (
                (size_b <= span_a) | (camel[row_of, 0] & (size_b >= 2))
            )
            hit = ((bits & _READ) != 0) | initials_a | initials_b
            read_a[ia[hit]] = True
            read_b[ib[hit]] = True
            glued = (((bits & _GLUE_A) != 0) & (span_b >= 2)) | (
                ((bits & _GLUE_B) != 0) & (span_a >= 2)
            )
            unread[row_of[glued]] = True
        # The same letters spaced otherwise: three words or more, as many letters on each
        # side, and the same letters (their code points summed alike).
        respaced = (na > 0) & (nb > 0) & (na + nb >= 3)
        for column in (self._lengths, self._letter_sums):
            values = np.asarray(column, dtype=np.int64)
            sum_a = np.bincount(la_row, weights=values[la_code], minlength=rows)
            sum_b = np.bincount(lb_row, weights=values[lb_code], minlength=rows)
            respaced &= sum_a == sum_b
        unread |= respaced
        plain = np.asarray(self._plain, dtype=np.bool_)
        place = np.asarray(self._place, dtype=np.bool_)
        stay_a, stay_b = ~read_a, ~read_b
        kept_a = np.bincount(la_row[stay_a], minlength=rows)
        kept_b = np.bincount(lb_row[stay_b], minlength=rows)
        plain_a = np.bincount(la_row[stay_a & plain[la_code]], minlength=rows)
        plain_b = np.bincount(lb_row[stay_b & plain[lb_code]], minlength=rows)
        place_a = np.bincount(la_row[stay_a & place[la_code]], minlength=rows)
        place_b = np.bincount(lb_row[stay_b & place[lb_code]], minlength=rows)
        two_clients = (
            (plain_a >= 2)
            | (plain_b >= 2)
            | ((plain_a >= 1) & (kept_b >= 1))
            | ((plain_b >= 1) & (kept_a >= 1))
            | ((place_a >= 1) & (place_b >= 1))
        )
        result: Bools = two_clients & ~unread
        return result

    def _relations(self, x: Ints, y: Ints) -> Ints:
        """The relation bits of each word pair: array tests first, each a necessary condition
        of its Python test, which then runs on the few pairs passing it."""
        lead = np.asarray(self._lead, dtype=np.int64)
        written = self._written
        lengths = np.asarray(self._lengths, dtype=np.int64)
        # Two edits or fewer apart: lengths at most two apart first.
        near = np.flatnonzero(np.abs(lengths[x] - lengths[y]) <= 2)
        edits = np.full(len(x), 3, dtype=np.int64)
        edits[near] = cpdist(
            [written[c] for c in x[near].tolist()],
            [written[c] for c in y[near].tolist()],
            scorer=OSA.distance,
            score_cutoff=2,
            dtype=np.int64,
        )
        two = np.asarray(self._two, dtype=np.bool_)
        # pair_reads: its typo test as arrays; its listed forms and short forms (the first
        # letters _short_pair asks first) then read in Python, on the few pairs left.
        reads = (edits <= 1) | ((edits == 2) & two[x] & two[y])
        leads = np.asarray(self._leads, dtype=np.int64)
        reach = np.asarray(self._has_reach, dtype=np.bool_)
        maybe = ~reads & (
            reach[x] | reach[y] | ((leads[y] & lead[x]) != 0) | ((leads[x] & lead[y]) != 0)
        )
        asked = np.flatnonzero(maybe)
        reads[asked] = self._each_pair(x[asked], y[asked], self._reads, pair_reads)
        bits = np.where(reads, _READ, 0).astype(np.int64)
        # Initials: a word of at most four letters holding the other's first letter.
        initials = np.asarray(self._initials, dtype=np.int64)
        bits |= np.where((initials[x] & lead[y]) != 0, _INITIALS_A, 0)
        bits |= np.where((initials[y] & lead[x]) != 0, _INITIALS_B, 0)
        # Words run together: a long word begins as the other is written or folded, or ends
        # so: it begins (ends) with the two letters such a form begins (ends) with, or the
        # one letter a one-letter form is.
        long_words = np.asarray(self._long, dtype=np.bool_)
        ends = np.asarray(self._ends, dtype=np.int64).reshape(-1, 4)
        ex, ey = ends[x], ends[y]
        glue_a = long_words[x] & _begins_or_ends(ex, ey)
        glue_b = long_words[y] & _begins_or_ends(ey, ex)
        glued = np.flatnonzero(glue_a | glue_b)
        bits[glued] |= self._each_pair(x[glued], y[glued], self._glued, _glue_bits)
        return bits

    def _each_pair(
        self,
        x: Ints,
        y: Ints,
        known: dict[int, int],
        test: Callable[[WordFeatures, WordFeatures], int],
    ) -> Ints:
        """``test`` of each word pair (codes ``x``, ``y``), run once per distinct pair in the
        life of the screen: the same two words meet in many pairs of names ("dental" and
        "dentistry"), half the pairs a batch asks at 60,000 clients, and a word's features
        never change once interned (the tests are pure)."""
        out = np.zeros(len(x), dtype=np.int64)
        if not len(x):
            return out
        pairs, inverse = np.unique((x << 32) | y, return_inverse=True)
        feats = self._diffs.word_features
        found = []
        for pair in pairs.tolist():
            value = known.get(pair)
            if value is None:
                value = known[pair] = int(test(feats[pair >> 32], feats[pair & _LOW]))
            found.append(value)
        out[:] = np.asarray(found, dtype=np.int64)[inverse]
        return out


def _cross(a_rows: Ints, b_rows: Ints, rows: int) -> tuple[Ints, Ints, Ints]:
    """Every element of ``a_rows`` against every element of ``b_rows`` in the same row (both
    in row order): their positions, and the row of each."""
    na = np.bincount(a_rows, minlength=rows)
    nb = np.bincount(b_rows, minlength=rows)
    cross = na * nb
    total = int(cross.sum())
    row_of = np.repeat(np.arange(rows, dtype=np.int64), cross)
    at = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(cross) - cross, cross)
    span = nb[row_of]
    ia = (np.cumsum(na) - na)[row_of] + at // np.maximum(span, 1)
    ib = (np.cumsum(nb) - nb)[row_of] + at % np.maximum(span, 1)
    return ia, ib, row_of


def _letter(c: str) -> int:
    """A letter's bit: one per letter a to z, one more for every other character, one for
    none (the first letter of an empty word)."""
    if not c:
        return 1 << 27
    return 1 << (ord(c) - 97) if "a" <= c <= "z" else 1 << 26


def _words_of(rows: Ints, starts: Ints, sizes: Ints, codes: Ints) -> tuple[Ints, Ints]:
    """For the names at ``rows``, each word's pair number and code, pair by pair."""
    counts = sizes[rows]
    pair = np.repeat(np.arange(len(rows), dtype=np.int64), counts)
    offset = np.arange(int(counts.sum()), dtype=np.int64) - np.repeat(
        np.cumsum(counts) - counts, counts
    )
    return pair, codes[starts[rows][pair] + offset]


def _mask(letters: Iterable[str]) -> int:
    """The bits (:func:`_letter`) of these letters."""
    found = 0
    for c in letters:
        found |= _letter(c)
    return found


def _two(letters: str) -> int:
    """Two letters (or one, or none) as one number: a one-letter form has no second."""
    return sum(ord(c) << (21 * n) for n, c in enumerate(letters)) + (len(letters) << 42)


def _begins_or_ends(word: Ints, other: Ints) -> Bools:
    """Whether each word (its :func:`_two` columns) may begin or end as the other's written
    or folded form: the same two letters, or a one-letter form's letter."""
    found = np.zeros(len(word), dtype=np.bool_)
    for column, own in ((0, 0), (1, 0), (2, 2), (3, 2)):
        form = other[:, column]
        single = (form >> 42) == 1
        # A one-letter form: the word's first (last) letter is it.
        letter = word[:, own] if column < 2 else _last_letter(word[:, own])
        found |= np.where(single, (letter & _LETTER) == (form & _LETTER), word[:, own] == form)
        found |= form == 0  # every word begins and ends with an empty form
    return found


def _last_letter(two: Ints) -> Ints:
    """The last letter of a :func:`_two` pair of letters."""
    last: Ints = np.where((two >> 42) >= 2, (two >> 21) & _LETTER, two & _LETTER)
    return last


def _glue_bits(x: WordFeatures, y: WordFeatures) -> int:
    """Whether one of two free words begins or ends as the other is written or folded (the
    first test of words run together), each way round as a bit."""
    found = 0
    if x[9] and (x[0].startswith(y[6]) or x[0].endswith(y[6])):
        found |= _GLUE_A
    if y[9] and (y[0].startswith(x[6]) or y[0].endswith(x[6])):
        found |= _GLUE_B
    return found
