"""A name written with its leading words as initials: "PT Hosp." / "Pacific Terrace
Hospitality Corp.", "WB Company" / "Wyatt Brewing Company L.P.", "FT Orthodontics" / "Fox
Terrace Ortho".

People shorten a company's name by writing its leading words as their initials, in capitals
or not ("ht company"), and often shorten a later word too ("Hosp.", "Ortho"); a compound
word's two parts take an initial each ("CV Vet. Clinic" for "Coastalview Veterinary
Clinic"). The reading (:func:`initials_of`) asks of one name (the *short* side) that:

- its first word is :data:`MIN_INITIALS` to :data:`MAX_INITIALS` letters, each the first
  letter of the other name's leading words in order, and those words are *distinctive*
  (no organisation word like "Group", no number): "WS" is "Watkins Salon";
- the rest of the two names agrees word for word: the same word, or one written short for
  the other (its first letter, then letters of the other in order: "Hosp" / "Hospitality");
  an organisation word ("Group", "Associates") on one side only may be left out, and a legal
  form is never a word (:func:`recon.match.stacked_names.name_parts`);
- or, for two initials only, that they are a compound first word's two parts, each three
  letters or more, and the rest of the names is not empty and agrees as above.

This reads letters, not identity: two letters fit many names. :mod:`recon.match.leftovers`
asks a person about such a pair only when both clients are left unmatched by every name rule,
their (product, seats) lines agree, and no other leftover on either side reads as one with
either of them and agrees as well; it never merges on it.

:mod:`recon.match.stacked_names` reads initials run into later words ("LW Comm. Church" as
letters of "Lighthouse Woods Community Church"), but only where the short side writes six
letters or more; this reading covers the shorter names, because the rest must agree word
for word.
"""

from __future__ import annotations

from recon.match.name_words import ORGANISATION_WORDS
from recon.match.stacked_names import name_parts, sites_apart

#: Initials read: two letters ("WB") up to four ("ABCD"); one letter is an initial, not a
#: short name, and five fit too many names.
MIN_INITIALS = 2
MAX_INITIALS = 4
#: Each part of a compound word read as two initials has at least this many letters.
MIN_PART = 3
#: A word written short keeps at least this many letters ("Ped", "Hosp"): "P" or "Pe" for
#: "Pediatrics" could be anything.
MIN_SHORT_WORD = 3

Word = tuple[str, str]


def initials_of(a: str, b: str) -> bool:
    """True when one name writes the other's leading words as their initials and the rest of
    the two names agrees word for word (see the module docstring).

    Args:
        a: one client's name as written.
        b: the other client's name as written.

    Example: ``initials_of("PT Hosp.", "Pacific Terrace Hospitality Corp.")`` is True;
    ``initials_of("PT Hosp.", "Pacific Terrace Holdings")`` is False ("Holdings" is no
    "Hosp"), and so is ``initials_of("AB Dental", "Ames Brothers Dental Lab")``.
    """
    # A site label is read apart first, as the stacked reading does: two different sites
    # are two clients.
    bases = sites_apart(a, b)
    if bases is None:
        return False
    a, b = bases
    parts_a, _ = name_parts(a)
    parts_b, _ = name_parts(b)
    for pa in parts_a:
        for pb in parts_b:
            if _reads(pa, pb) or _reads(pb, pa):
                return True
    return False


def _reads(short: tuple[Word, ...], long: tuple[Word, ...]) -> bool:
    """True when ``short``'s first word is the initials of ``long``'s leading words and the
    rest agrees."""
    if not short:
        return False
    initials = short[0][0]
    count = len(initials)
    if not (MIN_INITIALS <= count <= MAX_INITIALS) or not initials.isalpha():
        return False
    if _compound(initials, long[0][0]) and short[1:] and _rest_agrees(short[1:], long[1:]):
        return True
    if len(long) < count:
        return False
    leading = long[:count]
    for letter, (written, token) in zip(initials, leading, strict=True):
        # The initials stand for distinctive words: "Group" or a number is never initialled
        # away.
        if written[0] != letter or token in ORGANISATION_WORDS or written.isdigit():
            return False
    return _rest_agrees(short[1:], long[count:])


def _compound(initials: str, word: str) -> bool:
    """True when two initials are those of a compound word's two parts ("CV" for
    "Coastalview", "WB" for "Wolfbend"): the word begins with the first and writes the second
    later, each part at least :data:`MIN_PART` letters. Only two initials are read this way,
    and only where the rest of the name agrees and is not empty (see :func:`_reads`): a
    dictionary would be needed to tell a compound from any word with that letter inside."""
    if len(initials) != 2 or word[:1] != initials[0] or not word.isalpha():
        return False
    at = word.find(initials[1], MIN_PART)
    return at >= 0 and len(word) - at >= MIN_PART


def _rest_agrees(short: tuple[Word, ...], long: tuple[Word, ...]) -> bool:
    """True when the two rests agree word for word, an organisation word on one side only
    left out."""
    i = j = 0
    while i < len(short) or j < len(long):
        if i < len(short) and j < len(long) and _same_word(short[i], long[j]):
            i, j = i + 1, j + 1
        elif i < len(short) and short[i][1] in ORGANISATION_WORDS:
            i += 1
        elif j < len(long) and long[j][1] in ORGANISATION_WORDS:
            j += 1
        else:
            return False
    return True


def _same_word(a: Word, b: Word) -> bool:
    """The same word, or one written short for the other: its first letter, then letters of
    the other in order ("Hosp" / "Hospitality", "Assc" / "Associates")."""
    if a[1] == b[1] or a[0] == b[0]:
        return True
    if a[0].isdigit() or b[0].isdigit():
        return False
    short, long = sorted((a[0], b[0]), key=len)
    if len(short) < MIN_SHORT_WORD or short[0] != long[0]:
        return False
    at = 1
    for letter in short[1:]:
        at = long.find(letter, at) + 1
        if at == 0:
            return False
    return True
