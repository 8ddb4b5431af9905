"""Short forms and initials read between two names' words: a listed abbreviation, a
truncation or contraction of the other side's word ("Fam", "Servs", "So."), initials for a
run of words ("KH" for "Keystone Hollow") or for capitalised words run together ("PT" for
"PhysicalTherapy").
"""

from __future__ import annotations

import re
from functools import lru_cache

from recon.match.name_words import Word as _Word
from recon.match.name_words import is_short_form as _is_short_form
from recon.match.run_together import camel_initials as _camel_initials
from recon.normalize import abbreviation_of, full_words


def _pair_short_forms(a: list[_Word], b: list[_Word], readings: list[str]) -> bool:
    found = False
    for x in a:
        if x.used:
            continue
        for y in b:
            if y.used:
                continue
            if _straddles(x, y):
                continue
            if _short_pair(x.written, x.token, x.stopped, y.written, y.token, y.stopped):
                x.used = y.used = True
                found = True
                readings.append(f"{x.shown!r} as {y.shown!r}")
                break
    return found


_GLUED = re.compile(r"[a-z][A-Z]")
_GLUE_POINT = re.compile(r"(?<=[a-z])(?=[A-Z])")
_NOT_ALNUM = re.compile(r"[^0-9a-z]")


def _straddles(x: _Word, y: _Word) -> bool:
    """Whether a plain word would be read as a short form of two words run together, a
    capital inside ("PtFitness", "HarborView"), across the glue: "Pines" keeps the letters of
    "PtFitness" in order, but takes its "P" from "Pt" and the rest from "Fitness". A
    contraction shortens one word: the plain word must be one part of the glued word
    shortened, its letters in order from that part's first ("Bros" of "BrothersEngineering",
    "Title" of "TitleCo", "Hven" of "HavenFlooring"). Words run together are read against
    words by :mod:`recon.match.run_together`."""
    glued_x, glued_y = _glued(x), _glued(y)
    if glued_x == glued_y:
        return False
    plain, glued = (y.written, x.shown) if glued_x else (x.written, y.shown)
    return not any(
        _kept_in(plain, _NOT_ALNUM.sub("", part.casefold())) for part in _GLUE_POINT.split(glued)
    )


def _glued(word: _Word) -> bool:
    """Whether the word is written as words run together, a capital inside it, and as it
    stands (not a piece a reading cut out of such a word)."""
    return (
        _GLUED.search(word.shown) is not None
        and _NOT_ALNUM.sub("", word.shown.casefold()) == word.written
    )


def _kept_in(short: str, word: str) -> bool:
    """``short``'s letters are ``word``'s, in order, from its first letter."""
    if not short or not word or short[0] != word[0]:
        return False
    position = 0
    for letter in short:
        position = word.find(letter, position) + 1
        if position == 0:
            return False
    return True


@lru_cache(maxsize=262_144)
def _short_pair(
    x_written: str, x_token: str, x_stopped: bool, y_written: str, y_token: str, y_stopped: bool
) -> bool:
    """Whether one of two words is a short form of the other, either way round. A pure test
    of the two words alone, so cached: the same two words meet in many name pairs ("Dent" /
    "Dental")."""
    if abbreviation_of(x_written) == y_token or abbreviation_of(y_written) == x_token:
        return True
    # Every reading below has the short word begin as the other word, or one of its listed
    # full words, begins: most pairs of words two names leave over fail that at once.
    if x_written[:1] not in _first_letters(y_written, y_token) and y_written[:1] not in (
        _first_letters(x_written, x_token)
    ):
        return False
    return (
        _short_of_folded(x_written, y_token)
        or _short_of_folded(y_written, x_token)
        or _stopped_short_form(x_written, x_stopped, y_written, y_token)
        or _stopped_short_form(y_written, y_stopped, x_written, x_token)
        or _is_short_form(x_written, y_written)
        or _is_short_form(y_written, x_written)
    )


@lru_cache(maxsize=131_072)
def _first_letters(written: str, token: str) -> frozenset[str]:
    """The letters a short form of this word may begin with: its own first letter and those
    of the listed full words of its folded form."""
    return frozenset((written[:1], *(word[:1] for word in full_words(token))))


def _short_of_folded(short: str, token: str) -> bool:
    """``short`` is a short form of a listed full word of the other side's folded word: "Servs"
    beside "Svcs" or a mistyped "Sevrices" (both folded to the form of Services). Two writers'
    own short forms of one word, or one writer's beside a typo the lists still fold.
    Contractions only: a bare truncation ("Comm") begins too many words to stand for one."""
    return any(
        _is_short_form(short, word) and not word.startswith(short) for word in full_words(token)
    )


#: Directions written with two letters and no full stop ("So Grove", "No Prairie"): the
#: everyday short forms of South and North (the American Heritage Dictionary gives "No." and
#: "So."; road signs write "No White Plains", addresses "No Little Rock"). A bare "No" is also
#: a word ("No Limits"), so it is read as North only beside the other name's "North", and
#: like every short form it merges two clients only on agreeing (product, seats) lines: on
#: names alone the pair stays a question.
_BARE_DIRECTIONS = {"so": "south", "no": "north"}


def _stopped_short_form(short: str, stopped: bool, long: str, long_token: str) -> bool:
    """Two letters and a full stop for a word they begin ("So." for "South", "No." for
    "North"): ISO 4 marks a truncated word with a full stop. Also a stopped truncation of a
    listed word the other side abbreviates its own way ("Comm." beside "Cmty", both
    Community): two lists' abbreviations of one word.

    Args:
        short: the word that may be short, as written (lower case); ``stopped`` when it was
            written with a full stop.
        long: the other word as written (lower case), and ``long_token`` folded.
    """
    if _BARE_DIRECTIONS.get(short) == long:
        return True
    if not stopped or len(short) < 2:
        return False
    if len(short) == 2:
        return len(long) >= 4 and long.startswith(short)
    return any(len(word) > len(short) and word.startswith(short) for word in full_words(long_token))


def _pair_initials(a: list[_Word], b: list[_Word], readings: list[str], fewest: int = 1) -> bool:
    """Initials in ``a`` standing for a run of ``b``'s words: "KH" for "Keystone Hollow"."""
    found = False
    for word in a:
        letters = word.written
        if word.used or not letters.isalpha() or not fewest <= len(letters) <= 4:
            continue
        size = len(letters)
        for start in range(len(b) - size + 1):
            span = b[start : start + size]
            if any(w.used or not w.written for w in span):
                continue
            if "".join(w.written[0] for w in span) == letters and (
                size > 1 or len(span[0].written) > 1
            ):
                word.used = True
                for w in span:
                    w.used = True
                found = True
                readings.append(f"{word.shown!r} as {' '.join(w.shown for w in span)!r}")
                break
        if word.used or len(letters) < 2:
            continue
        # Initials of words written together, each with its capital: "PT" for
        # "PhysicalTherapy", "SV" for "StarValley".
        glued = next(
            (w for w in b if not w.used and _camel_initials(w.shown) == letters),
            None,
        )
        if glued is not None:
            word.used = glued.used = True
            found = True
            readings.append(f"{word.shown!r} as {glued.shown!r}")
    return found
