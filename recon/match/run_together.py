"""Words run together, read against the other name's words: "HeightsLaw" / "Heights Law",
"BrewingCompany" / "Brewing Co", "Klein MachineWorks" / "KleinMachine Works", "PT" for
"PhysicalTherapy", "SMAccounting" for "SM Accounting". Part of :func:`recon.match.names.diff_names`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from rapidfuzz.distance import OSA

from recon.match.name_words import (
    MIN_SHORT_FORM,
    MIN_TYPO,
    ORGANISATION_WORDS,
    Word,
    is_short_form,
    pair_equal,
)
from recon.match.postal_forms import postal_form_of
from recon.normalize import fold_word
from recon.normalize import is_legal_form as is_legal


def pair_run_together(a: list[Word], b: list[Word], readings: list[str]) -> bool:
    """A word of ``a`` that is two or three neighbouring words of ``b`` written together.

    Returns True when a half was read through a typo ("TwrraceHome" for "Terrace Home") or
    shortened ("ReesCommunications" for "Reeves Communications"): such a reading is a short
    one, merged only with the lines' support, as the same words written apart are ("Rees
    Communications"). Read as the same name, "ReesCommunications LLC" took a PSA-only "Reeves
    Communications" while its own client, "Reyes Commun.", shared every line with it.
    """
    typo = False
    ends: tuple[str, ...] | None = None  # b's free words; built once, again after a reading
    for word in a:
        if word.used or len(word.written) < 4:
            continue
        if ends is None:
            ends = tuple(f for w in b if not w.used for f in (w.written, w.token))
        if not (word.written.startswith(ends) or word.written.endswith(ends)):
            continue  # every reading has a word of ``b`` whole at one end of it
        for size in (2, 3):
            for start in range(len(b) - size + 1):
                span = b[start : start + size]
                if any(w.used for w in span):
                    continue
                how = _written_together(word.written, span)
                if how:
                    word.used = True
                    for w in span:
                        w.used = True
                    ends = None
                    typo |= how != _WHOLE
                    note = " with a typo" if how == _TYPO_HALF else ""
                    readings.append(
                        f"{word.shown!r} as {' '.join(w.shown for w in span)!r} run together{note}"
                    )
                    break
            if word.used:
                break
    return typo


_WHOLE, _SHORT_HALF, _TYPO_HALF = 1, 2, 3


def _written_together(text: str, span: Sequence[Word]) -> int:
    """How ``text`` is the span's words written together: 0 (it is not), each as written or
    folded, one of two shortened ("spgsfoundation" for "Springs Foundation", "gatersch" for
    "Gate Research", "emersonfamily" for "Emerson Fam."), or one of two mistyped by one edit
    ("twrracehome" for "Terrace Home")."""
    if text in ("".join(w.written for w in span), "".join(w.token for w in span)):
        return _WHOLE
    if len(span) != 2:
        return 0
    first, second = span
    if not (
        text.startswith((first.written, first.token))
        or text.endswith((second.written, second.token))
    ):
        return 0  # every reading below has one of the two words whole at its end
    if _postal_head(text, first, second):
        return _SHORT_HALF
    typo = 0
    for cut in range(MIN_SHORT_FORM, len(text) - MIN_SHORT_FORM + 1):
        head, tail = text[:cut], text[cut:]
        # One of the two words must be written whole: two shortened halves fit too many
        # names ("Harmon" is not "Har(bor) Mo(u)n(tain)").
        if _whole(head, first):
            other, word = tail, second
        elif _whole(tail, second):
            other, word = head, first
        else:
            continue
        if _part_of(other, word):
            return _SHORT_HALF
        if not typo and _typo_half(other, word):
            typo = _TYPO_HALF
    return typo


def _postal_head(text: str, first: Word, second: Word) -> bool:
    """``text`` is the first word's postal short form of one or two letters run into the
    second word written whole ("ptfitness" for "Point Fitness", "nmeadows" for "North
    Meadows"): too short for the cuts :func:`_written_together` tries, so read only as the
    listed form of the very word the other side spells out (:mod:`recon.match.postal_forms`)."""
    for size in (1, 2):
        if postal_form_of(text[:size], first.written) and _whole(text[size:], second):
            return True
    return False


def _whole(piece: str, word: Word) -> bool:
    return piece in (word.written, word.token)


def _part_of(piece: str, word: Word) -> bool:
    """``piece`` is the word, or one of the two is a short form of the other ("Fam" /
    "Family", "Bros" / "Brothers")."""
    return (
        piece in (word.written, word.token)
        or is_short_form(piece, word.written)
        or is_short_form(word.written, piece)
        or fold_word(piece) == word.token
    )


def _typo_half(piece: str, word: Word) -> bool:
    # Long words only, as for typos read on the name alone.
    if min(len(piece), len(word.written)) < MIN_TYPO:
        return False
    return OSA.distance(piece, word.written, score_cutoff=1) <= 1


def unglue(a: list[Word], b: list[Word], readings: list[str]) -> list[Word]:
    """``a`` with a word that is a word of ``b`` run together with a word keys drop
    ("TheWard", "BrewingCompany", "SurveyingGroup") written as two words: the word and the
    dropped one, which then counts as any other legal form or organisation word does."""
    if not any(not w.used and _glued(w.written) for w in a):
        return a
    free = {w.written for w in b if not w.used} | {w.token for w in b if not w.used}
    out: list[Word] = []
    for word in a:
        split = None if word.used else _glued(word.written)
        found = next((s for s in split or () if _stands_in(s[0], free)), None)
        if found is None:
            out.append(word)
            continue
        head, dropped = found
        readings.append(f"{word.shown!r} as {head!r} and {dropped!r} run together")
        out.append(Word(head, fold_word(head), word.qualifier, word.shown))
        if dropped != "the":
            # A legal form glued on is dropped as keys drop it; an organisation word stays a
            # word of the name, which never decides a merge alone.
            out.append(
                Word(dropped, fold_word(dropped), word.qualifier, dropped, used=is_legal(dropped))
            )
    pair_equal(out, b)
    return out


def _stands_in(head: str, free: set[str]) -> bool:
    """Whether a word read out of a glued one is a free word of the other name, written or
    folded, or the other name writes its postal short form ("THEEAST" beside "E. Park":
    :mod:`recon.match.postal_forms`)."""
    return (
        head in free
        or fold_word(head) in free
        or any(postal_form_of(short, head) for short in free if len(short) <= 2)
    )


def glued_parts_or_the(written: str) -> bool:
    """Whether :func:`unglue` may read ``written`` as two words: "The" in front, or a legal
    form or organisation word behind ("theward", "brewingcompany").

    Args:
        written: one word as written, lower case.
    """
    return bool(_glued(written))


@lru_cache(maxsize=65_536)
def _glued(written: str) -> tuple[tuple[str, str], ...]:
    """The ways ``written`` is a word and a word client keys drop written together: the
    article in front ("theward"), or a legal form or organisation word behind
    ("brewingcompany", "surveyinggroup")."""
    found = []
    if written.startswith("the") and len(written) - 3 >= MIN_SHORT_FORM:
        found.append((written[3:], "the"))
    for cut in range(MIN_SHORT_FORM, len(written) - _MIN_DROPPED + 1):
        head, tail = written[:cut], written[cut:]
        if dropped_word(tail):
            found.append((head, tail))
    return tuple(found)


_MIN_DROPPED = 4  # "Co", "Inc" glued on are too short to tell from a word's own letters


def dropped_word(tail: str) -> bool:
    """A legal form or an organisation word, written out ("company", "group", "services")."""
    return is_legal(tail) or fold_word(tail) in ORGANISATION_WORDS


def pair_respaced(a: list[Word], b: list[Word], readings: list[str]) -> None:
    """The words left on both sides are the same letters spaced at other places: "Klein
    MachineWorks" / "KleinMachine Works". Nothing is added or dropped, only spaces moved."""
    only_a = [w for w in a if not w.used]
    only_b = [w for w in b if not w.used]
    if len(only_a) + len(only_b) < 3:
        return  # one word each is a typo or a short form, read by the steps after this
    if "".join(w.written for w in only_a) != "".join(w.written for w in only_b):
        return
    for w in (*only_a, *only_b):
        w.used = True
    readings.append(
        f"{' '.join(w.shown for w in only_a)!r} as {' '.join(w.shown for w in only_b)!r}"
        " spaced otherwise"
    )


_CAMEL = re.compile(r"(?:[A-Z][a-z]{2,})+")
_CAMEL_PART = re.compile(r"[A-Z][a-z]{2,}")


@lru_cache(maxsize=65_536)
def camel_parts(shown: str) -> tuple[str, ...]:
    """The words of a word written as capitalised words run together ("PhysicalTherapy" ->
    "Physical", "Therapy"), or (): every part three letters or more, so "McDaniel" is one word.

    Args:
        shown: one word as written.
    """
    if not _CAMEL.fullmatch(shown):
        return ()
    parts = tuple(_CAMEL_PART.findall(shown))
    return parts if len(parts) > 1 else ()


def glued_parts(written: str) -> tuple[str, ...]:
    """A word and a legal form or organisation word run together ("parkassociates" -> "park",
    "associates"), or ().

    Args:
        written: one word as written, lower case.
    """
    found = [split for split in _glued(written) if split[1] != "the"]
    return found[0] if found else ()


_INITIALS_THEN_WORD = re.compile(r"([A-Z]{2,3})([A-Z][a-z]{2,})")


@lru_cache(maxsize=65_536)
def initials_glued(shown: str) -> tuple[str, ...]:
    """Initials and the word written after them without a space ("SMAccounting" -> "SM",
    "Accounting"; "WHSERVICES" -> "WH", "SERVICES"), or (). Without capitals to tell, the
    word must be a listed business word or one keys drop, so a name's own word is never cut.

    Args:
        shown: one word as written.
    """
    found = _INITIALS_THEN_WORD.fullmatch(shown)
    if found:
        return found.group(1), found.group(2)
    if not shown.isalpha() or not (shown.isupper() or shown.islower()):
        return ()
    lower = shown.casefold()
    for size in (2, 3):
        tail = lower[size:]
        if len(tail) >= _MIN_DROPPED and (fold_word(tail) != tail or dropped_word(tail)):
            return shown[:size], shown[size:]
    return ()


def split_initials(a: list[Word], b: list[Word]) -> list[Word]:
    """``a`` with its initials run together with a word written as two words, when the
    other side does not write that word as it is."""
    whole: set[str] | None = None  # b's words; built only when a word splits at all
    out: list[Word] = []
    for word in a:
        split = () if word.used else initials_glued(word.shown)
        if split:
            if whole is None:
                whole = {w.written for w in b}
            if word.written in whole:
                split = ()
        if not split:
            out.append(word)
            continue
        head, tail = split
        out.append(Word(head.casefold(), head.casefold(), word.qualifier, head))
        out.append(Word(tail.casefold(), fold_word(tail.casefold()), word.qualifier, tail))
    if len(out) != len(a):
        pair_equal(out, b)
    return out


@lru_cache(maxsize=65_536)
def camel_initials(shown: str) -> str:
    """The initials of capitalised words run together ("PhysicalTherapy" -> "pt"), or ""."""
    return "".join(p[0] for p in camel_parts(shown)).lower()
