"""When are two words one word mistyped, and when are they two different words?

This decides whether two client names differ "by typos only" (a fuzzy match may be accepted)
or "by a word" (a person must decide), so it errs towards "different":

- numbers are never typos of each other ("Store 12" is not "Store 13");
- a typo is one edit: an insertion, deletion, substitution or swap of neighbours (OSA
  distance 1), in words of four letters or more ("Mendza" / "Mendoza");
- a word that some PSA client really uses is a real word, not a typo, even one edit from
  another ("Ross" is not "Rossi" when the PSA bills both a Ross and a Rossi; "Berry" is not
  "Perry").
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from rapidfuzz.distance import OSA

MIN_TYPO_LENGTH = 4


def is_typo(written: str, meant: str, real_words: Collection[str] = ()) -> bool:
    """True when ``written`` can be a one-edit misspelling of ``meant``.

    Args:
        written: the word as one side wrote it.
        meant: the word it might stand for.
        real_words: words the PSA really uses; ``written`` among them is never a typo.
    """
    if written == meant:
        return True
    if written.isdigit() or meant.isdigit() or written in real_words:
        return False
    if min(len(written), len(meant)) < MIN_TYPO_LENGTH:
        return False
    return OSA.distance(written, meant, score_cutoff=1) <= 1


def unmatched_words(
    words: Sequence[str], others: Sequence[str], real_words: Collection[str] = ()
) -> list[str]:
    """The words of ``words`` with no counterpart in ``others``, not even a mistyped one.

    A word's counterpart is the same word, a word it is a typo of (when it isn't itself a
    real PSA word), or a word that is a typo of it (when that one isn't a real PSA word).
    """
    return [
        word
        for word in words
        if not any(
            is_typo(word, other, real_words) or is_typo(other, word, real_words) for other in others
        )
    ]
