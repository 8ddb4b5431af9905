"""Two words run together from the same words, one of them written in its listed short form:
"CrownHeights Pharmacy" / "Crownhts Pharmacy", "HarborView" / "HbrView".

A name run together on both sides has no word of the other side to read it against, so
:mod:`recon.match.run_together` (one word against two or three of the other name's words)
reads nothing, and the pair differs by a whole word. Exporters write place words short the
way the US Postal Service does (Publication 28, Appendix C1: "Hts" for Heights, "Hbr" for
Harbor, "Spgs" for Springs), and a name typed run together keeps that form. So a word of one
name is the other name's word when both start (or end) with the same letters and what is left
on each side is the same listed business word, each spelled exactly as the list writes it
(:func:`recon.normalize.same_listed_word`).

It is a short-form reading: the pair is merged only when the two clients' (product, seats)
lines agree, as "Crown Hts Pharmacy" written apart is (:mod:`recon.match.fuzzy`); on names
alone it stays a question.
"""

from __future__ import annotations

from recon.match.name_words import Word
from recon.normalize import same_listed_word

#: Letters the two words must share at one end: a whole word's worth ("Crown"), not a
#: syllable two unrelated names happen to start with.
MIN_SHARED = 4
#: Shortest word read: the shared end and a short form of at least two letters.
MIN_WORD = MIN_SHARED + 2


def pair_both_run_together(a: list[Word], b: list[Word], readings: list[str]) -> bool:
    """Read a free word of ``a`` as a free word of ``b`` written with one listed word in
    another listed spelling (module docstring). Returns True when a word was read."""
    read = False
    for wa in a:
        if wa.used or len(wa.written) < MIN_WORD:
            continue
        for wb in b:
            if wb.used:
                continue
            if one_word_respelled(wa.written, wb.written):
                wa.used = wb.used = True
                readings.append(f"{wa.shown!r} as {wb.shown!r}: one word in its short form")
                read = True
                break
    return read


def one_word_respelled(x: str, y: str) -> bool:
    """Whether ``x`` and ``y`` share an end of :data:`MIN_SHARED` letters or more and what is
    left of each is one listed word in two spellings ("crownheights" / "crownhts"): the test
    of :func:`pair_both_run_together` on two words as written, also asked by the name screen
    (:func:`recon.match.name_diffs.pair_reads`), so the pair reaches the reading."""
    if len(x) < MIN_WORD or len(y) < MIN_WORD or x == y:
        return False
    if x[:MIN_SHARED] != y[:MIN_SHARED] and x[-MIN_SHARED:] != y[-MIN_SHARED:]:
        return False
    # The shared end may run into the word itself ("crownh|eights" / "crownh|ts"): every cut
    # within it is tried.
    for cut in range(MIN_SHARED, _common_prefix(x, y) + 1):
        if same_listed_word(x[cut:], y[cut:]):
            return True
    for cut in range(MIN_SHARED, _common_prefix(x[::-1], y[::-1]) + 1):
        if same_listed_word(x[: len(x) - cut], y[: len(y) - cut]):
            return True
    return False


def _common_prefix(x: str, y: str) -> int:
    n = 0
    for c, d in zip(x, y, strict=False):
        if c != d:
            break
        n += 1
    return n
