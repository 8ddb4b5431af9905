"""The replaced derived forms (:mod:`recon.match.forms` before round fourteen): the oracle
the faster ones are held to (tests/recon/match/test_forms_oracle.py). Kept verbatim as they
stood but for the contractions read as their words (round twenty-six), added at the end of
:func:`forms`, and the glued keys (round twenty-seven: ``_glued_keys`` / ``_glued_queries``,
their own rule, taken as they are) in the rare-word index and look-up."""

from __future__ import annotations

from collections.abc import Sequence

from recon.match.forms import (
    _RARE_PREFIX,
    _RARE_SHORTEST,
    _WHOLE_INITIALS,
    RARE_ALL,
    RARE_BUCKET,
    RARE_TAKE,
    RARE_WORDS,
    RareWords,
    _derived_initials,
    _glued_keys,
    _glued_queries,
    _initial,
    _is_initials,
    _rare_keys,
    _shape,
    _shortened,
    _written_apart,
    _written_word,
)
from recon.match.name_words import BRANCH_WORDS, ORGANISATION_WORDS
from recon.match.run_together import camel_parts, initials_glued
from recon.normalize import abbreviation_of, client_words


def forms(key: str) -> set[str]:
    tokens = key.split()
    found = {"c:" + "".join(tokens)}
    core = [t for t in tokens if t not in ORGANISATION_WORDS]
    bare = [t for t in core if t not in BRANCH_WORDS]
    for words in (core, bare):
        if words and words != tokens:
            found.add("c:" + "".join(words))
    for words in (tokens, core):
        if len(words) >= 3:
            found.add("c:" + "".join(words[:-1]))  # a trailing place or site left out
        if len(words) >= 4:
            found.add("c:" + "".join(words[:-2]))
    if len(tokens) > 2:
        initial = _initials(tokens)
        _add_initials(found, tokens, initial)
        if len(tokens) >= 4:
            _add_initials(found, tokens[:-1], initial[:-1])
    if len(tokens) > 1 and any(2 <= len(t) <= 3 and t.isalpha() for t in tokens):
        found.add("i:" + key)
        for words in _shortened(tokens, core):
            if any(2 <= len(t) <= 3 and t.isalpha() for t in words):
                found.add("i:" + " ".join(words))
    if len(core) == 1 and _is_initials(core[0]):
        found.add("w:" + core[0])  # "GP Company", "MS Services": a name of initials
    read = [(abbreviation_of(t) if len(t) >= 3 and t.isalpha() else None) or t for t in tokens]
    if read != tokens and len(read) >= 3:
        found.add("c:" + "".join(read[:-1]))
    return found


def query_forms(key: str) -> set[str]:
    found = forms(key)
    tokens = key.split()
    if _WHOLE_INITIALS[0] <= len(tokens) <= _WHOLE_INITIALS[1] and all(t.isalpha() for t in tokens):
        found.add("w:" + "".join(_initial(t) for t in tokens))
    return found


def _initials(words: Sequence[str]) -> list[str]:
    return [_initial(t) if t.isalpha() else "" for t in words]


def _add_initials(
    found: set[str], words: Sequence[str], initial: Sequence[str] | None = None
) -> None:
    size = len(words)
    if size <= 2:
        return  # a run of two needs a word beside it
    if initial is None:
        initial = _initials(words)
    for k in (2, 3):
        if size <= k:
            break
        for at in range(size - k + 1):
            run = initial[at : at + k]
            if all(run):
                found.add("i:" + " ".join([*words[:at], "".join(run), *words[at + k :]]))


def written_forms(name: str) -> set[str]:
    words = client_words(name)
    read = [_written_word(written) for written, _ in words]
    written = [lower for lower, _, _ in read]
    core = [
        lower
        for (_, token), (lower, _, _) in zip(words, read, strict=True)
        if token not in ORGANISATION_WORDS
    ]
    found = set()
    for run in (written, core):
        text = "".join(run)
        if text:
            found.add("c:" + text)
            if text.startswith("the"):
                found.add("c:" + text[3:])  # "TheGranite Pines": the article written on
    split = _written_apart(words, [parts for _, parts, _ in read])
    if split is not None:
        _add_initials(found, split)
    glued = _written_apart(words, [initials for _, _, initials in read])
    if glued is not None:
        found.add("i:" + " ".join(glued))  # "SMAccounting" is "SM Accounting"
    return found


def rare_find(rare: RareWords, pool: Sequence[str], name: str) -> list[int]:
    """:meth:`recon.match.forms.RareWords.find` as it stood, ranking by two set operations
    on the shapes its index worked out for every pool name up front (round eighteen reads
    them only for the members ranked; ``pool`` gives them here as they were)."""
    shapes = [_shape(n) for n in pool]
    members: set[int] = set()
    for keys, take in (
        (_rare_keys(name), RARE_WORDS),
        (_derived_initials(name), 1),
        (_glued_queries(name), 1),
    ):
        buckets = sorted(
            (len(found), word)
            for word in keys
            if 0 < len(found := rare._by_word.get(word, ())) <= RARE_BUCKET
        )
        members.update(i for _, word in buckets[:take] for i in rare._by_word[word])
    if len(members) <= RARE_ALL:
        return sorted(members)
    shape = _shape(name)
    ranked = sorted(
        members,
        key=lambda i: (-len(shape & shapes[i]), len(shape ^ shapes[i]), i),
    )
    return ranked[:RARE_TAKE]


def rare_keys(name: str) -> frozenset[str]:
    """:func:`recon.match.forms._rare_keys` as it stood before round nineteen, reading a
    name's words one by one (now each distinct word's keys are read once)."""
    keys = set()
    for written, token in client_words(name):
        lower = written.casefold().replace(" ", "")
        parts = [p.casefold() for p in camel_parts(written)] or [lower]
        for part in parts:
            if len(part) < _RARE_SHORTEST or not part.isalpha():
                continue
            if token in ORGANISATION_WORDS or token in BRANCH_WORDS:
                continue
            keys.add(part[:_RARE_PREFIX])
    return frozenset(keys)


def written_initials(name: str) -> frozenset[str]:
    """:func:`recon.match.forms._written_initials` as it stood before round nineteen."""
    found = set()
    for written, token in client_words(name):
        glued = initials_glued(written)
        initials = glued[0].casefold() if glued else token
        if 2 <= len(initials) <= 3 and initials.isalpha() and initials.isascii():
            found.add("i:" + initials)
    return frozenset(found)


def rare_index(names: Sequence[str]) -> dict[str, list[int]]:
    """The index :class:`recon.match.forms.RareWords` built before round nineteen."""
    by_word: dict[str, list[int]] = {}
    for i, name in enumerate(names):
        for word in rare_keys(name) | written_initials(name) | _glued_keys(name):
            by_word.setdefault(word, []).append(i)
    return by_word
