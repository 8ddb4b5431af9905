"""A client name's words as :func:`recon.match.names.diff_names` reads them, once per name:
each word as written and folded, whether it stands in the name's qualifier ("- Denver",
"(Austin)", a place after a legal form or ending a longer name), whether it was written
with a full stop; and what a word a name holds alone is (a legal form, an organisation
word, a place, or a plain word).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from recon.bulk_keys import WordColumns
from recon.match.name_columns import words_of
from recon.match.name_words import BRANCH_WORDS, ORGANISATION_WORDS
from recon.match.places import is_place_name
from recon.match.run_together import glued_parts_or_the, initials_glued
from recon.normalize import (
    abbreviation_of,
    looks_like_legal_form,
    typo_folds,
)
from recon.normalize import (
    is_legal_form as is_legal,
)

_QUALIFIER_MARKS = (" - ", "(", " \u2013 ", " \u2014 ")
_PLAIN_LEGAL = frozenset("inc llc llp lllp lp ltd corp plc pc pllc pa".split())


def _qualifier_start(name: str) -> int:
    # The marks spelled out, not a generator over them: this runs once per name read.
    dash, bracket, en_dash, em_dash = _QUALIFIER_MARKS
    cut = max(name.rfind(dash), name.rfind(bracket), name.rfind(en_dash), name.rfind(em_dash))
    return cut if cut > 0 else len(name)


@lru_cache(maxsize=131_072)
def _words(name: str) -> tuple[tuple[str, str, bool, str, bool], ...]:
    """(written lower case, folded, in the qualifier, as written, written with a full stop)
    for each word of a key."""
    cut = _qualifier_start(name)
    qualifier_words = {t for _, t in words_of(name[cut:])} if cut < len(name) else set()
    raw = name.casefold().replace(".", "").split()
    if len(raw) >= 3 and raw[-2].strip(",") in _PLAIN_LEGAL:
        qualifier_words.add(raw[-1])  # "Harper CPA Group LP Boise": a place after the form
    # A name without a full stop has no word written with one (most names).
    stopped = (
        {w.rstrip(",;:)").rstrip(".") for w in name.casefold().split() if _stopped(w)}
        if "." in name
        else set()
    )
    out = []
    for written, token in words_of(name):
        lower = written.casefold().replace(" ", "")
        out.append((lower, token, token in qualifier_words, written, lower in stopped))
    if len(out) >= 3 and is_place_name(out[-1][0]):
        # A state or city written as the last word after a name of two words or more is a
        # site, as "(Boise)" would be; after one word it may be a surname ("Bennett Holt").
        lower, token, _, written, stop = out[-1]
        out[-1] = (lower, token, True, written, stop)
    return tuple(out)


#: One word of a name as :func:`_words` reads it: written lower case, folded, in the
#: qualifier, as written, written with a full stop.
Spec = tuple[str, str, bool, str, bool]

# What sends a name to :func:`_words` one by one rather than down the column path (each
# wider than its rule, never narrower): a character outside printable ASCII (casefold and
# str.split differ from Arrow's lower case and split there), a qualifier's mark (" - ",
# "("; the long dashes are not ASCII), and (below) a plain legal form before the last word.
_NOT_PLAIN = r"[^ -~]| - |\("
# :func:`_stopped` of a word of a printable ASCII name in lower case: letters, one full stop,
# then only what it strips ("inc.", "co.,", "st.)").
_STOPPED = r"^[a-z]+\.[,;:)]*$"


@dataclass(frozen=True, slots=True)
class SpecColumns:
    """:func:`_words` of a column of names (:func:`spec_columns`), each distinct word once.

    Attributes:
        plain: per name, whether the column path read it (the others go to :func:`_words`).
        specs: each distinct word as read.
        codes: for the plain names, each word in order as a code into ``specs`` (-1 for the
            words of the others).
        sizes: how many words each name has.
    """

    plain: npt.NDArray[np.bool_]
    specs: list[Spec]
    codes: npt.NDArray[np.intp]
    sizes: npt.NDArray[np.intp]


def spec_columns(names: Sequence[str], columns: WordColumns) -> SpecColumns:
    """:func:`_words` of the plain majority of these names, over the whole column at once.

    A name of printable ASCII with no qualifier's mark and no plain legal form before its
    last word has no word in a qualifier but a place ending a name of three words or more:
    each of its words is read from its (written, folded) pair alone, whether it is such a
    place and whether the name writes it with one full stop ("Inc.", 14 % of names: read
    over the column too), once per distinct (pair, place, full stop). The others are left to
    :func:`_words` (``tests/recon/match/test_name_specs.py`` holds the two to each other).

    Args:
        names: names as written.
        columns: their words (:func:`recon.match.name_columns.read_words`).

    Returns:
        The words of the plain names, on codes into the distinct words.
    """
    n = len(names)
    sizes = columns.sizes
    text = pa.array(list(names), type=pa.string())
    plain = ~np.asarray(
        pc.match_substring_regex(text, _NOT_PLAIN).to_numpy(zero_copy_only=False), dtype=bool
    )
    lowered = pc.ascii_lower(text)
    # _words' "Harper CPA Group LP Boise": the split of the whole name, full stops gone.
    raw = pc.ascii_split_whitespace(
        pc.ascii_trim_whitespace(pc.replace_substring(lowered, ".", ""))
    )
    lengths = pc.list_value_length(raw).to_numpy(zero_copy_only=False).astype(np.int64)
    ends = np.cumsum(lengths)
    long_enough = np.flatnonzero(lengths >= 3)
    before_last = pc.utf8_trim(pc.list_flatten(raw).take(pa.array(ends[long_enough] - 2)), ",")
    legal = pc.is_in(before_last, value_set=pa.array(sorted(_PLAIN_LEGAL), type=pa.string()))
    plain[long_enough[np.asarray(legal.to_numpy(zero_copy_only=False), dtype=bool)]] = False

    owner = np.repeat(np.arange(n), sizes)
    pair_codes = columns.codes
    chosen = plain[owner]
    # The last word of a plain name of three words or more is in the qualifier when it is a
    # place: such a word is a distinct spec of its own, (pair, True).
    starts = np.cumsum(sizes) - sizes
    last = np.zeros(len(pair_codes), dtype=bool)
    long_names = np.flatnonzero(plain & (sizes >= 3))
    last[starts[long_names] + sizes[long_names] - 1] = True
    pairs = columns.pairs
    # Each distinct (pair, in the qualifier) once: its spec made from the pair alone.
    last_pairs = np.unique(pair_codes[last])
    placed = np.zeros(len(pairs), dtype=bool)
    placed[last_pairs] = [
        is_place_name(pairs[at][0].casefold().replace(" ", "")) for at in last_pairs.tolist()
    ]
    stop = _stop_flags(lowered, plain, owner, pair_codes, pairs)
    keyed = (
        pair_codes[chosen].astype(np.int64) * 4
        + (last & placed[pair_codes])[chosen] * 2
        + stop[chosen]
    )
    distinct, inverse = np.unique(keyed, return_inverse=True)
    specs: list[Spec] = []
    for key in distinct.tolist():
        written, token = pairs[key >> 2]
        lower = written.casefold().replace(" ", "")
        specs.append((lower, token, bool(key & 2), written, bool(key & 1)))
    codes = np.full(len(pair_codes), -1, dtype=np.intp)
    codes[chosen] = inverse.reshape(-1)
    return SpecColumns(plain, specs, codes, sizes)


def _stop_flags(
    lowered: pa.Array,
    plain: npt.NDArray[np.bool_],
    owner: npt.NDArray[np.intp],
    pair_codes: npt.NDArray[np.intp],
    pairs: Sequence[tuple[str, str]],
) -> npt.NDArray[np.bool_]:
    """Per word of the column, whether :func:`_words` marks it written with a full stop: its
    lower case is the letters of a word of its (plain) name that :func:`_stopped` holds."""
    stop = np.zeros(len(pair_codes), dtype=bool)
    split = pc.ascii_split_whitespace(lowered)
    lengths = pc.list_value_length(split).to_numpy(zero_copy_only=False).astype(np.int64)
    flat = pc.list_flatten(split)
    word_owner = np.repeat(np.arange(len(lengths)), lengths)
    hit = np.asarray(
        pc.match_substring_regex(flat, _STOPPED).to_numpy(zero_copy_only=False), dtype=bool
    )
    hit &= plain[word_owner]
    if not hit.any():
        return stop  # most columns' names hold few such words; none, nothing to mark
    at = np.flatnonzero(hit)
    letters = pc.replace_substring_regex(
        flat.take(pa.array(at)), pattern=r"\.[,;:)]*$", replacement=""
    ).to_pylist()
    # A word and a stopped word meet on the lower case of the word: one code per distinct one.
    code_of: dict[str, int] = {}
    lower_code = np.array(
        [code_of.setdefault(w.casefold().replace(" ", ""), len(code_of)) for w, _ in pairs],
        dtype=np.int64,
    )
    stopped = np.array([code_of.get(w, -1) for w in letters], dtype=np.int64)
    width = np.int64(len(code_of) + 1)
    known = stopped >= 0
    marked = word_owner[at[known]].astype(np.int64) * width + stopped[known]
    words = owner.astype(np.int64) * width + lower_code[pair_codes]
    stop[:] = np.isin(words, marked)
    return stop


def _stopped(raw: str) -> bool:
    """A word ending in one full stop ("So.", "No.,"), not initials ("L.L.C.")."""
    word = raw.rstrip(",;:)")
    return word.endswith(".") and word.count(".") == 1 and word[:-1].isalpha()


@lru_cache(maxsize=131_072)
def _run_together_words(name: str) -> tuple[bool, bool]:
    """Whether a word of the name may be read by :func:`recon.match.run_together.unglue` (a
    word and a word keys drop written together) and by
    :func:`recon.match.run_together.split_initials` (initials and a word written together).
    False means the reading changes nothing, whatever the other name."""
    spelled = _words(name)
    return (
        any(glued_parts_or_the(written) for written, *_ in spelled),
        any(initials_glued(shown) for _, _, _, shown, _ in spelled),
    )


@lru_cache(maxsize=65_536)
def kind_of(token: str, written: str, qualifier: bool) -> str:
    """What a word a name holds alone is: "organisation", "legal", "place" or a plain "word"."""
    if token in ORGANISATION_WORDS or written in ORGANISATION_WORDS:
        return "organisation"
    if _organisation_word(written):
        return "organisation"
    # A mistyped legal form ("Comany") is one only in words of four letters or more: three
    # letters one edit from "SAS" or "Inc" are words ("Sys", "Ink").
    if looks_like_legal_form(written) and (len(written) >= 4 or is_legal(token)):
        return "legal"
    if qualifier or token in BRANCH_WORDS or any(ch.isdigit() for ch in token):
        return "place"
    return "word"


#: The compass words (USPS Publication 28, section 233: the directionals and their one- and
#: two-letter abbreviations).
COMPASS_WORDS = frozenset(
    "north south east west northeast northwest southeast southwest ne nw se sw n s e w".split()
)


def leading_kind(kind: str, token: str) -> str:
    """The kind of a name's first word: a compass word that begins a name is a word of it,
    not a site ("South Shore Furniture" is no "South" office of "Shore Furniture"). Site words
    follow a name or sit after a separator; Publication 28 likewise reads a directional as
    part of the street name when it comes before the word it qualifies (section 233.2)."""
    return "word" if kind == "place" and token in COMPASS_WORDS else kind


@lru_cache(maxsize=65_536)
def _organisation_word(written: str) -> bool:
    """An organisation word mistyped ("Gropu") or shortened the way the lists shorten words
    ("Hold" for "Holdings"): it still never tells two clients apart."""
    if abbreviation_of(written) in ORGANISATION_WORDS:
        return True
    return any(folded in ORGANISATION_WORDS for folded in typo_folds(written))


def word_counts(names: Iterable[str]) -> Counter[str]:
    """How many of these names write each word (lower case, as written).

    A word only one client writes may be a typo; two words many clients write are real
    words (surnames, trades) and are never read as typos of each other.
    """
    counts: Counter[str] = Counter()
    for name in names:
        counts.update({written.casefold().replace(" ", "") for written, _ in words_of(name)})
    return counts


def site_split(name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A name's key words apart from its site words: "Weber & Dunn Medical Associates -
    Spokane" -> (("weber", "dunn", "med", "assoc"), ("spokane",)).

    Site words are places, branches and numbers (the qualifier after " - " or in brackets, a
    state or city ending a name of three words or more, "HQ", "Head Office"), never a compass
    word that begins the name (:func:`leading_kind`); legal forms are left out of both, as
    keys leave them out.

    Args:
        name: the name as written.

    Returns:
        (the other words, the site words), folded as keys fold them.
    """
    base: list[str] = []
    site: list[str] = []
    for at, (_, token, qualifier, written, _) in enumerate(_words(name)):
        kind = kind_of(token, written, qualifier)
        if at == 0:
            kind = leading_kind(kind, token)
        if kind == "place":
            site.append(token)
        elif kind != "legal":
            base.append(token)
    return tuple(base), tuple(site)
