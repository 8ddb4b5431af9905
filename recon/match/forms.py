"""Where the fuzzy step looks for a name's client beyond its closest-scored spellings.

Fuzzy scores rank names by their letters, so a name whose own words are rare but whose other
words are common ("Wright Mech." beside a hundred "... Mechanical" clients) loses its client
to names sharing the common words. Two sources find it anyway, each exact and cheap:

- **derived forms** that two spellings of one name share exactly: the name written together,
  without organisation or branch words, without a trailing place, with initials for a run of
  its words (also for words run together, "Lone ParkAssociates" is "LP Associates"), a
  name that writes initials without the place or site it adds ("BC Center - TX"), and a
  PSA name that is nothing but initials ("GP Company" for "Garrison Pediatrics");
- **rare words**: the clients that write one of the name's rarest words (by its first four
  letters, so "SuttonLaw" is found from "Sutton"), when few enough do.

Each source proposes candidates only; :func:`recon.match.names.diff_names` and the lines then
judge them as any other.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from recon.bulk_keys import WordColumns
from recon.match.name_columns import words_of
from recon.match.name_words import BRANCH_WORDS, ORGANISATION_WORDS
from recon.match.run_together import camel_parts, glued_parts, initials_glued
from recon.normalize import abbreviation_of, fold_word, full_words

#: A derived form more names share than this is no evidence of anything.
FORM_BUCKET = 8
#: A word (its first letters) more clients write than this is no rare word.
RARE_BUCKET = 48
#: How many of the clients writing a name's rare words are read against it.
RARE_TAKE = 6
#: ... all of them when this few write it.
RARE_ALL = 16
#: How many of a name's rarest words are looked up.
RARE_WORDS = 2
_RARE_PREFIX = 4
_RARE_SHORTEST = 3  # "Kim": a short surname is as rare as a long one


def forms(key: str) -> set[str]:
    """Derived forms of a key that two spellings of one name share exactly: written together,
    without organisation or branch words, without a trailing place, with initials.

    Args:
        key: a client key (folded words).

    Returns:
        The forms, prefixed by their kind ("c:" written together, "i:" with initials).
    """
    return _forms(key)[0]


def _forms(key: str) -> tuple[set[str], list[str], list[str]]:
    """:func:`forms`, the key's words and their initials (:func:`_initials`), which
    :func:`query_forms` reads again."""
    tokens = key.split()
    size = len(tokens)
    found = {"c:" + "".join(tokens)}
    initial = _initials(tokens)
    # Most keys hold no organisation or branch word: their core is the key itself, and the
    # forms the core would add are the key's own (one set test in C, no filtering).
    if ORGANISATION_WORDS.isdisjoint(tokens):
        core = tokens
    else:
        core = [t for t in tokens if t not in ORGANISATION_WORDS]
        if core:
            found.add("c:" + "".join(core))
    if not BRANCH_WORDS.isdisjoint(core):
        bare = [t for t in core if t not in BRANCH_WORDS]
        if bare:
            found.add("c:" + "".join(bare))
    for words in (tokens, core) if core is not tokens else (tokens,):
        if len(words) >= 3:
            found.add("c:" + "".join(words[:-1]))  # a trailing place or site left out
        if len(words) >= 4:
            found.add("c:" + "".join(words[:-2]))
    # Initials beside another change: a trailing place or site left out as well ("EC
    # Jewelers" / "Eagle Crossing Jewelers - Albany"); the name still judges the pair.
    if size > 2:
        # Each word's initial taken once for both runs of words.
        _add_initials(found, tokens, initial)
        if size >= 4:
            _add_initials(found, tokens[:-1], initial[:-1])
    if size > 1 and any(2 <= len(t) <= 3 and t.isalpha() for t in tokens):
        found.add("i:" + key)
        # A name written with initials that adds a place, a site or an organisation word
        # ("BC Center - TX", "LP Consulting Group Austin").
        for words in _shortened(tokens, core):
            if any(2 <= len(t) <= 3 and t.isalpha() for t in words):
                found.add("i:" + " ".join(words))
    if len(core) == 1 and _is_initials(core[0]):
        found.add("w:" + core[0])  # "GP Company", "MS Services": a name of initials
    read = _contractions_read(tokens) if size >= 3 else None
    if read is not None:
        # A contraction of a listed word beside a site ("Brooks Ppty - Denver" for "Brooks
        # Properties"): the keys keep the contraction (a surname can look like one), so
        # neither the name without its site nor the score finds the client; the form with
        # the word read and the site left out does, and the names and lines then judge the
        # pair as any other. Only beside a site: a contraction alone scores close enough
        # ("Gleason Ppty Corp." is found for "Gleason Properties"), and a form for it would
        # make every site of that client want it too.
        found.add("c:" + "".join(read[:-1]))
    return found, tokens, initial


@lru_cache(maxsize=65_536)
def _contraction(token: str) -> str | None:
    """The folded listed word a key's word contracts the way the public lists do ("ppty" ->
    ``prop``, as USPS Publication 28 writes "Vly" for Valley), or None."""
    if len(token) < 3 or not token.isalpha():
        return None
    meant = abbreviation_of(token)
    return None if meant is None or meant == token else meant


def _contractions_read(tokens: Sequence[str]) -> list[str] | None:
    """The key's words with each contraction of a listed word read as that word, or None
    when the key writes none (most keys)."""
    read = [_contraction(token) or token for token in tokens]
    return read if read != list(tokens) else None


def query_forms(key: str) -> set[str]:
    """:func:`forms`, and for a vendor name of two to four words the initials of all of them
    ("Garrison Pediatrics" -> "w:gp"), to find a PSA client written only with initials.

    Only this way round: a name of initials ("GP") has too many spelled-out readings for
    them to be looked up, while few clients are written with exactly these initials.

    Args:
        key: a vendor client key.
    """
    found, tokens, initial = _forms(key)
    # A word's initial is "" exactly when it is not letters only.
    if _WHOLE_INITIALS[0] <= len(tokens) <= _WHOLE_INITIALS[1] and all(initial):
        found.add("w:" + "".join(initial))
    return found


_WHOLE_INITIALS = (2, 4)


def _is_initials(token: str) -> bool:
    return _WHOLE_INITIALS[0] <= len(token) <= _WHOLE_INITIALS[1] and token.isalpha()


def _shortened(tokens: list[str], core: list[str]) -> list[list[str]]:
    out = []
    if len(tokens) >= 3:
        out.append(tokens[:-1])
    if len(tokens) >= 4:
        out.append(tokens[:-2])
    if len(core) >= 2 and core != tokens:
        out.append(core)
    return out


def _initials(words: Sequence[str]) -> list[str]:
    """Each word's initial (:func:`_initial`), or "" for a word not written in letters only
    (never read as an initial)."""
    return [_letter(t) for t in words]


def _add_initials(
    found: set[str], words: Sequence[str], initial: Sequence[str] | None = None
) -> None:
    # Run for every PSA name: each word's letters-only test and initial are taken once, not
    # once per run of words it stands in.
    size = len(words)
    if size <= 2:
        return  # a run of two needs a word beside it
    if initial is None:
        initial = _initials(words)
    # Most names are letters only: then every run of words has its initials.
    every = all(initial)
    for k in (2, 3):
        if size <= k:
            break
        for at in range(size - k + 1):
            run = initial[at : at + k]
            if every or all(run):
                found.add("i:" + " ".join([*words[:at], "".join(run), *words[at + k :]]))


@lru_cache(maxsize=65_536)
def _letter(token: str) -> str:
    """:func:`_initial` of a word written in letters only, else "" (cached: most words recur
    in many names)."""
    return _initial(token) if token.isalpha() else ""


@lru_cache(maxsize=65_536)
def _initial(token: str) -> str:
    """The letter a folded word's initial is written with: its full word's ("xing" is
    Crossing, so "C")."""
    full = full_words(token)
    return full[0][0] if full else token[0]


def written_forms(name: str) -> set[str]:
    """The name's words as written run together, with and without organisation words, and
    initials over words run together ("Lone ParkAssociates" -> "lp assoc").

    "SloanFoundation" and "Sloan Foundation" share them where their keys ("sloanfoundation",
    "sloan fdn") share nothing, since keys fold only whole words.

    Args:
        name: the name as written.
    """
    words = words_of(name)
    # Each word read once per word (most words recur in many names), not once per name.
    read = [_written_word(written) for written, _ in words]
    written = [lower for lower, _, _ in read]
    found = set()
    # Most names hold no organisation word: their core is all of their words.
    if ORGANISATION_WORDS.isdisjoint([token for _, token in words]):
        runs: tuple[list[str], ...] = (written,)
    else:
        core = [
            lower
            for (_, token), (lower, _, _) in zip(words, read, strict=True)
            if token not in ORGANISATION_WORDS
        ]
        runs = (written, core)
    for run in runs:
        text = "".join(run)
        if text:
            found.add("c:" + text)
            if text.startswith("the"):
                found.add("c:" + text[3:])  # "TheGranite Pines": the article written on
    apart = [parts for _, parts, _ in read]
    if any(apart):  # most names write no word run together
        split = _written_apart(words, apart)
        if split is not None:
            _add_initials(found, split)
    glued = _written_apart(words, [initials for _, _, initials in read])
    if glued is not None:
        found.add("i:" + " ".join(glued))  # "SMAccounting" is "SM Accounting"
    return found


def written_forms_of(names: Sequence[str], columns: WordColumns) -> list[set[str]]:
    """:func:`written_forms` of many names, the plain majority over the whole column.

    A name none of whose words is written run together or runs initials into a word (most
    names) has only its words run together in lower case as forms, with and without its
    organisation words (and, after a leading "the", the rest): those are joined for all
    such names at once, each distinct word read once; the others take
    :func:`written_forms` one by one (``tests/recon/match/test_name_columns.py`` holds the
    two to each other).

    Args:
        names: names as written.
        columns: their words (:func:`recon.match.name_columns.read_words`).

    Returns:
        The forms of each name, in order.
    """
    n = len(names)
    if n == 0:
        return []
    read = [_written_word(written) for written, _ in columns.pairs]
    codes, sizes = columns.codes, columns.sizes
    owner = np.repeat(np.arange(n), sizes)
    apart = np.array([parts != () or glued != () for _, parts, glued in read], dtype=bool)
    plain = np.bincount(owner, weights=apart[codes], minlength=n) == 0
    lower = pa.array([lower for lower, _, _ in read], type=pa.string())
    # The core: the words that are no organisation word (all of them, in most names).
    kept = ~np.array([token in ORGANISATION_WORDS for _, token in columns.pairs], dtype=bool)
    kept = kept[codes]
    runs = []
    for taken, counts in ((codes, sizes), (codes[kept], np.bincount(owner[kept], minlength=n))):
        offsets = pa.array(np.concatenate(([0], np.cumsum(counts))).astype(np.int32))
        runs.append(pc.binary_join(pa.ListArray.from_arrays(offsets, lower.take(taken)), ""))
    out: list[set[str]] = []
    for name, whole, core, simple in zip(
        names, runs[0].to_pylist(), runs[1].to_pylist(), plain.tolist(), strict=True
    ):
        if not simple:
            out.append(written_forms(name))
            continue
        found = set()
        for text in (whole, core):
            if text:
                found.add("c:" + text)
                if text.startswith("the"):
                    found.add("c:" + text[3:])  # "TheGranite Pines"
        out.append(found)
    return out


@lru_cache(maxsize=131_072)
def _written_word(written: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """One word as :func:`written_forms` reads it: lower case without spaces; its words run
    together written apart ("LawOffices", "parkassociates"), folded, or (); the initials run
    into the word after them and that word ("SMAccounting" -> sm, acct), folded, or ()."""
    parts = camel_parts(written) or glued_parts(written.casefold())
    glued = initials_glued(written)
    return (
        written.casefold().replace(" ", ""),
        tuple(fold_word(p.casefold()) for p in parts),
        (glued[0].casefold(), fold_word(glued[1].casefold())) if glued else (),
    )


def _written_apart(
    words: Sequence[tuple[str, str]], apart: Sequence[tuple[str, ...]]
) -> list[str] | None:
    """The folded words of a name with the words that have one written apart (``apart``, per
    word: its words, or ()) replaced by them ("Patel LawOffices" -> patel, law, offices), or
    None when no word has."""
    if not any(apart):
        return None
    out: list[str] = []
    for (_, token), parts in zip(words, apart, strict=True):
        if parts:
            out.extend(parts)
        else:
            out.append(token)
    return out


class RareWords:
    """The pool's names by the first letters of each word they write, and by the initials they
    write as a word ("DB" in "DB Ped."), to look a name up by its rarest words.

    Args:
        names: the pool's names as written.
    """

    def __init__(self, names: Sequence[str]) -> None:
        self._by_word: dict[str, list[int]] = defaultdict(list)
        # A name's shape is read only when it is among more than RARE_ALL members of a
        # lookup: few names are, so it is worked out then, not for the whole pool (a tenth
        # of the fuzzy step's second look at 60,000 clients).
        self._names = names
        by_word = self._by_word
        for i, name in enumerate(names):
            # Each word's keys are the word's alone, read once per distinct word (most words
            # recur in many names): the name's are their union (_rare_keys | _written_initials).
            found = frozenset().union(*[_index_keys(w, t) for w, t in words_of(name)])
            for word in found | _glued_keys(name):
                by_word[word].append(i)

    def find(self, name: str) -> list[int]:
        """Pool indices of the names writing one of ``name``'s rarest words or its initials,
        when at most :data:`RARE_BUCKET` names do: all when :data:`RARE_ALL` or fewer, else
        the :data:`RARE_TAKE` whose words begin most like this name's.

        Args:
            name: the vendor name as written.
        """
        # Words and initials apart: a name's initials are often rarer than its words, and
        # must not crowd them out.
        members: set[int] = set()
        for keys, take in (
            (_rare_keys(name), RARE_WORDS),
            (_derived_initials(name), 1),
            (_glued_queries(name), 1),
        ):
            buckets = sorted(
                (len(found), word)
                for word in keys
                if 0 < len(found := self._by_word.get(word, ())) <= RARE_BUCKET
            )
            members.update(i for _, word in buckets[:take] for i in self._by_word[word])
        if len(members) <= RARE_ALL:
            return sorted(members)
        shape = _shape(name)
        # Words beginning alike survive abbreviation ("Ped." / "Pediatrics"): the cheap
        # ranking before the names are read word by word. Most shared first, then fewest
        # apart: |a ^ b| is |a| + |b| - 2|a & b|, so among members sharing as many, the one
        # with the fewest words apart is the one with the fewest: one set operation each.
        names = self._names
        shapes = {i: _shape(names[i]) for i in members}
        common = {i: len(shape & shapes[i]) for i in members}
        ranked = sorted(members, key=lambda i: (-common[i], len(shapes[i]), i))
        return ranked[:RARE_TAKE]


@lru_cache(maxsize=131_072)
def _shape(name: str) -> frozenset[str]:
    """The first three letters of the name's words, organisation words left out."""
    return frozenset(t[:3] for _, t in words_of(name) if t not in ORGANISATION_WORDS)


@lru_cache(maxsize=131_072)
def _written_initials(name: str) -> frozenset[str]:
    """The initials a name writes as a word ("DB Ped." -> "i:db")."""
    return frozenset().union(*[_word_initials(written, token) for written, token in words_of(name)])


@lru_cache(maxsize=131_072)
def _word_initials(written: str, token: str) -> frozenset[str]:
    """The initials one word of a name writes (:func:`_written_initials`): its own letters
    when they may be initials, or those run into the word after them ("DBPed")."""
    glued = initials_glued(written)
    initials = glued[0].casefold() if glued else token
    if 2 <= len(initials) <= 3 and initials.isalpha() and initials.isascii():
        return frozenset(("i:" + initials,))
    return frozenset()


@lru_cache(maxsize=131_072)
def _index_keys(written: str, token: str) -> frozenset[str]:
    """What :class:`RareWords` indexes one word of a name under: its rare keys and initials."""
    return _word_rare_keys(written, token) | _word_initials(written, token)


@lru_cache(maxsize=131_072)
def _derived_initials(name: str) -> frozenset[str]:
    """The initials of each run of two or three words of a name of three words or more
    ("Deer Bend Pediatrics" -> "i:db", "i:bp", "i:dbp"): a shorter name's initials are
    all of it, too many names' ("GP Company")."""
    tokens = [t for _, t in words_of(name)]
    if len(tokens) < 3:
        return frozenset()
    out = set()
    for k in (2, 3):
        for at in range(len(tokens) - k + 1):
            run = tokens[at : at + k]
            if len(tokens) > k and all(t.isalpha() for t in run):
                out.add("i:" + "".join(_initial(t) for t in run))
    return frozenset(out)


@lru_cache(maxsize=131_072)
def _rare_keys(name: str) -> frozenset[str]:
    """The first four letters of the name's plain words (never organisation or branch words,
    legal forms, numbers or words of two letters), also of words run together ("SuttonLaw":
    sutt, law)."""
    return frozenset().union(
        *[_word_rare_keys(written, token) for written, token in words_of(name)]
    )


@lru_cache(maxsize=131_072)
def _word_rare_keys(written: str, token: str) -> frozenset[str]:
    """:func:`_rare_keys` of one word of a name (its written and folded forms): the keys
    are each word's alone, so each distinct word is read once, not once per name."""
    if token in ORGANISATION_WORDS or token in BRANCH_WORDS:
        return frozenset()
    lower = written.casefold().replace(" ", "")
    parts = [p.casefold() for p in camel_parts(written)] or [lower]
    return frozenset(
        part[:_RARE_PREFIX] for part in parts if len(part) >= _RARE_SHORTEST and part.isalpha()
    )


#: Letters of the second word a glued key keeps: "Peds", "Ped." and "Pediatrics" all begin
#: with them, as a short form keeps a word's first letters (ISO 4, the LTWA's rule).
_GLUED_SECOND = 3


@lru_cache(maxsize=131_072)
def _glued_keys(name: str) -> frozenset[str]:
    """What :class:`RareWords` indexes a name writing two words run together under: the first
    word whole and the first letters of the second ("ArcherPeds" -> "g:archer ped").

    A short form run into the word before it ("ArcherPeds, Corp." for "Archer Pediatrics")
    shares no rare key with the name written out ("peds" is not "pedi"), and the first word
    alone is too common a surname at scale to be looked up: the two together are rare.
    """
    out = set()
    for written, _ in words_of(name):
        parts = camel_parts(written)
        for first, second in itertools.pairwise(parts):
            key = _glued_key(first.casefold(), second.casefold())
            if key:
                out.add(key)
    return frozenset(out)


@lru_cache(maxsize=131_072)
def _glued_queries(name: str) -> frozenset[str]:
    """:func:`_glued_keys` of each two words written apart in a name, to find the PSA name
    that runs them together ("Archer Pediatrics" -> "g:archer ped")."""
    words = [written.casefold() for written, _ in words_of(name)]
    found = (_glued_key(first, second) for first, second in itertools.pairwise(words))
    return frozenset(key for key in found if key)


def _glued_key(first: str, second: str) -> str:
    """The glued key of two words, or "" when either is too short to say anything."""
    if len(first) < _RARE_SHORTEST or len(second) < _GLUED_SECOND:
        return ""
    if not (first.isalpha() and second.isalpha()):
        return ""
    return f"g:{first} {second[:_GLUED_SECOND]}"
