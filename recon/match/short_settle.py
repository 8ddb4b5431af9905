"""Names a short form apart: one client, when both hold a product or one side reads no line.

"Castillo Ped." / "Castillo Pediatrics", "Frost Pt Trucking" / "Frost Point Trucking",
"Hubbard Bluff Fncl Services" / "Hubbard Bluff Financial Services": the name is the same name
with a word written short (a truncation or a contraction, the way postal and journal
abbreviation lists shorten words: USPS Publication 28 "Pt", "Spgs"; ISO 4 "Res.",
"Found."). The fuzzy step merged such a pair only when its lines agree, so a client whose
seats changed (the very client whose gap the run exists to show) waited in review and its gap
was lost: 48 of the 185 review items the lines "do not settle" on the three dev 20,000-client
pairs, every one of them a true pair.

:func:`settled_by_short_forms` merges such a pair, besides the caller's own guards (no rival
name fits as well, the lines neither contradict nor refute), when:

- every difference is one word read as a short form of one word (never initials standing
  for a run of words, "BC" for "Baker Consulting": two letters name too many companies; never
  a typo, never a word left over on either side);
- every short form is marked as one (a listed abbreviation folds to the word itself, so the
  names read the same and never reach this): a contraction without a vowel after its first
  letter ("Pt", "Fncl", "Cnslg", "Spgs": no name is written so), or a
  truncation with its full stop ("Ped.", "Res.", the ISO 4 mark). A bare word that reads as
  a shortening of another ("Brady" / "Bradley", "Hart" / "Hartley") is as often another
  surname: it still needs agreeing lines;
- both clients hold a product in common, whatever its seats, or one of them holds no line of
  a product the vendor file carries (:func:`lines_unread`): the PSA client bills only texts
  no rule reads yet ("Business Premium", "365 F3 (Annual)"), so its lines neither confirm nor
  contradict, and the name is all a billing lead would go on too. "North Mountain Coffee
  Roasters" / "No. Mountain Coffee Roasters", "Graves Research" / "Graves Res.": the fuzzy
  step already merges a pair whose names differ by typos alone on such lines; a marked short
  form is no weaker a reading. Without a product in common a one-letter short form must be a
  directional (USPS Publication 28: N, S, E, W): "J." may stand for any first name. Two
  clients each holding lines, none of the same product, stay with a person.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from recon.match.names import DiffKind, NameDiff
from recon.match.overlap import Overlap

_VOWELS = frozenset("aeiou")

#: A reading of one word as another, as :mod:`recon.match.short_forms` writes it:
#: "'Fam' as 'Family'". Typos and words run together are written otherwise.
_ONE_WORD = re.compile(r"""^(?:'([^' ]+)'|"([^" ]+)") as (?:'([^' ]+)'|"([^" ]+)")$""")
#: Capitalised words run together ("PhysicalTherapy"): initials of those are initials of a
#: run of words, not a short form of one.
_GLUED = re.compile(r"[a-z][A-Z]")


def short_forms_only(diff: NameDiff, names: Sequence[str]) -> bool:
    """True when two names (``names``: both, as written) differ only by words written short,
    each standing for one word and marked as a short form (:func:`_marked`)."""
    # SHORT_FORMS leaves no word over on either side; a typo is read "as a typo of".
    if diff.kind is not DiffKind.SHORT_FORMS or not diff.readings:
        return False
    for reading in diff.readings:
        found = _ONE_WORD.match(reading)
        if found is None or _GLUED.search(reading):
            return False
        one, other = (a or b for a, b in (found.group(1, 2), found.group(3, 4)))
        if not _marked(min(one, other, key=len), names):
            return False
    return True


def _marked(short: str, names: Sequence[str]) -> bool:
    """Whether a short form is written as one: a contraction without a vowel after its first
    letter, or followed by a full stop in one of the names."""
    word = short.casefold()
    if not _VOWELS & set(word[1:]):
        return True
    stopped = re.compile(rf"(?<!\w){re.escape(short)}\.", re.IGNORECASE)
    return any(stopped.search(name) for name in names)


#: One-letter short forms read without a product in common: the USPS Publication 28
#: directionals, each of one word only.
_DIRECTIONS = {"n": "north", "s": "south", "e": "east", "w": "west"}


def lines_unread(overlap: Overlap) -> bool:
    """True when one of the two clients holds no line of a product the vendor file carries:
    its lines are texts no rule reads yet (or none), so they say nothing either way."""
    return min(overlap.vendor_lines, overlap.psa_lines) == 0


def settled_by_short_forms(diff: NameDiff, overlap: Overlap | None, names: Sequence[str]) -> bool:
    """Whether a pair the lines do not settle is one client: the names (``names``: both, as
    written) differ only by marked one-word short forms (:func:`short_forms_only`) and both
    clients hold a product in common, or one holds no line the other file carries
    (:func:`lines_unread`; then a one-letter short form only as a directional)."""
    if overlap is None or overlap.apart:
        return False
    # No product in common: settled only where one side's lines are unread.
    if overlap.shared_products < 1 and not (
        lines_unread(overlap) and _letters_are_directions(diff)
    ):
        return False
    return short_forms_only(diff, names)


def _letters_are_directions(diff: NameDiff) -> bool:
    """Whether every one-letter short form among the readings is a directional."""
    for reading in diff.readings:
        found = _ONE_WORD.match(reading)
        if found is None:
            continue  # short_forms_only refuses it
        one, other = (a or b for a, b in (found.group(1, 2), found.group(3, 4)))
        short, long = sorted((one.casefold(), other.casefold()), key=len)
        if len(short) == 1 and _DIRECTIONS.get(short) != long:
            return False
    return True
