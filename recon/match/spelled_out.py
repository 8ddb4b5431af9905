"""Initials another client spells out: "PC of Commerce" beside "Pierce Chamber of Commerce".

Two clients may share a key once their initials are all that is left; the exact pair in
:mod:`recon.match.clients` is undone when a client that spells the initials out shares the
vendor client's lines (``_spelled_out_fits_better``). This module answers the two questions
that rule asks of names: does a name write initials, and which keys spell a key's initials
out as words.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

MIN_INITIALS, MAX_INITIALS = 2, 4


#: A word of two to four capitals between spaces, in a name of ASCII letters: what
#: :func:`writes_initials` looks for, found by one regular expression search.
_ASCII_INITIALS = re.compile(rf"(?<!\S)[A-Z]{{{MIN_INITIALS},{MAX_INITIALS}}}(?!\S)")


def writes_initials(name: str) -> bool:
    """Whether a name writes initials: a word of two to four letters, all capitals ("PC",
    "P.C."). Most names are ASCII, where a regular expression finds such a word without a
    Python test per word; \\s is what ``str.split`` splits on."""
    text = name.replace(".", "")
    if text.isascii():
        return _ASCII_INITIALS.search(text) is not None
    return any(
        MIN_INITIALS <= len(w) <= MAX_INITIALS and w.isalpha() and w.isupper() for w in text.split()
    )


class SpelledOut:
    """Which keys hold initials ("pc of commerce") that another client's key spells out as
    words ("pierce chamber of commerce"). Such a key's words begin with the letters of the
    words before the initials, the initials themselves and the letters of the words after
    ("pcoc"): the keys are indexed by their words' first letters, so a question reads only
    the few keys beginning so, never a range of keys sharing a common first word. Indexed on
    first question: most runs ask none."""

    def __init__(self, keys: Iterable[str]) -> None:
        self._keys = keys
        self._by_letters: dict[str, list[str]] | None = None

    def exists(self, key: str) -> bool:
        return bool(self.spelling_out(key))

    def spelling_out(self, key: str) -> list[str]:
        """The keys that spell out initials of ``key`` as words."""
        found: list[str] = []
        tokens = key.split()
        if len(tokens) < 2:
            return found  # initials alone say too little to name a rival
        firsts = [w[0] for w in tokens]
        index = self._index()
        for at, letters in enumerate(tokens):
            if not (MIN_INITIALS <= len(letters) <= MAX_INITIALS and letters.isalpha()):
                continue
            before, after = tokens[:at], tokens[at + 1 :]
            for text in index.get("".join([*firsts[:at], letters, *firsts[at + 1 :]]), ()):
                other = text.split()
                if (
                    other[:at] == before
                    and other[at + len(letters) :] == after
                    and "".join(w[0] for w in other[at : at + len(letters)]) == letters
                ):
                    found.append(text)
        return found

    def _index(self) -> dict[str, list[str]]:
        """Keys of three words or more (initials of two stand beside another word) by their
        words' first letters."""
        if self._by_letters is None:
            by_letters: dict[str, list[str]] = defaultdict(list)
            for key in set(self._keys):
                words = key.split()
                if len(words) >= 3:
                    by_letters["".join([w[0] for w in words])].append(key)
            self._by_letters = by_letters
        return self._by_letters
