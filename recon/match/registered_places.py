"""A place that is part of an organisation's registered name, not a site label.

A site label is added after the whole name: "Acme Law - Denver", "Acme Law LLC (Denver)",
"Acme Law Denver". Two ways of writing a place say instead that it belongs to another
organisation's own name:

- **"of <place>"**: "Dorsey Montessori School of Ohio" beside "Dorsey Montessori School",
  "Servpro of Tampa" beside "Servpro". A state or city after "of" is how a separately
  incorporated business names itself: a state-chartered company ("Blue Cross Blue Shield
  of Texas"), a franchisee named for its territory (the "<brand> of <territory>" names
  franchise systems give their franchisees), a regional company of a national name.
- **a place before the legal form**: "Pacific Landing Mechanical South LLC", "Lighthouse
  Canyon Systems - East PC" beside "Lighthouse Canyon Systems". US state business-entity
  statutes make the designator (LLC, Inc., PC, Ltd.) end the registered name, so a place
  written before it was registered with the name: a company of its own, not an office
  label someone appended.

So such a pair is another organisation unless the lines say otherwise: the place does not
keep the pair the way a site label does (:func:`recon.match.fuzzy_pairs.apart_by_a_word`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from recon.match.name_words import BRANCH_WORDS
from recon.match.names import NameDiff
from recon.match.places import is_place_name
from recon.normalize import is_legal_form

#: Words of spelled-out designators the legal-form list does not hold alone: "Professional
#: Corporation", "Limited Liability Company", "Limited Liability Partnership".
_DESIGNATOR_PARTS = frozenset({"professional", "liability", "partnership"})
_SPLIT = re.compile(r"[\s,()\-:/]+")
_NOT_ALNUM = re.compile(r"[^0-9a-z]")


def _folded(words: Sequence[str]) -> list[str]:
    return [_NOT_ALNUM.sub("", w.casefold()) for w in words]


def _is_place(word: str) -> bool:
    """A place word: a US state or city, or a direction or branch word of two letters or more
    (one letter is as often an initial, or the "s" of a possessive written apart)."""
    return len(word) >= 2 and (word in BRANCH_WORDS or is_place_name(word))


def _names_a_place(words: Sequence[str]) -> bool:
    """True when these words (one name's, as written) hold "of" followed by a place."""
    folded = _folded(words)
    return any(
        word == "of" and n + 1 < len(folded) and is_place_name(folded[n + 1])
        for n, word in enumerate(folded)
    )


def of_a_place(diff: NameDiff) -> bool:
    """True when exactly one name holds "of <place>" ("of Ohio", "OF TAMPA") among the words
    the other lacks.

    Args:
        diff: how the two names differ (:func:`recon.match.names.diff_names`).
    """
    if not diff.places:
        return False
    return _names_a_place(diff.vendor_only) != _names_a_place(diff.psa_only)


def _place_before_form(name: str, only: Sequence[str]) -> bool:
    """True when the word right before the name's legal form is a place only this name
    holds: "... Mechanical South LLC", "... Systems - East PC"."""
    words = [w for w in _folded(_SPLIT.split(name)) if w]
    end = len(words)
    while end and (is_legal_form(words[end - 1]) or words[end - 1] in _DESIGNATOR_PARTS):
        end -= 1
    # A legal form must end the name, and the place must not be its first word ("South
    # Landing Services LP" is named after a place, not registered for one).
    if end == len(words) or end < 2:
        return False
    word = words[end - 1]
    return _is_place(word) and word in set(_folded(only))


def registered_place(diff: NameDiff, vendor_name: str, psa_name: str) -> bool:
    """True when the place the names differ by is part of one organisation's registered
    name: "of <place>", or a place right before the legal form, on one side only.

    Args:
        diff: how the two names differ (:func:`recon.match.names.diff_names`).
        vendor_name: the vendor's name as written.
        psa_name: the PSA's name as written.
    """
    if not diff.places:
        return False
    if of_a_place(diff):
        return True
    vendor = bool(diff.vendor_only) and _place_before_form(vendor_name, diff.vendor_only)
    psa = bool(diff.psa_only) and _place_before_form(psa_name, diff.psa_only)
    return vendor != psa
