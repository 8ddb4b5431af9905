"""The postal short forms of two letters, read only beside the word they stand for.

USPS Publication 28 ("Postal Addressing Standards") writes the place words that recur in
business names short: Appendix C1 (street suffixes) "PT" for Point, "MT" for Mount, "FT" for
Fort, and section 233 (directionals) "N", "E", "NE" for North, East, Northeast. Client keys
never fold the forms of one or two letters (``recon/catalog/business_words.csv`` says why: a
name writes the same letters as initials, "PT" for physical therapy), so they are read here
only where the other name spells the word out beside them, as one reading among the others
:func:`recon.match.names.diff_names` weighs ("Sterling PtFitness" / "Sterling Point
Fitness": the short form run into the next word, which only agreeing lines may settle).
"""

from __future__ import annotations

#: Appendix C1's two-letter standard abbreviations of the words a business name writes, by
#: full word (https://pe.usps.com/text/pub28/28apc_002.htm).
STREET_SUFFIXES: dict[str, str] = {
    "court": "ct",
    "cove": "cv",
    "dale": "dl",
    "drive": "dr",
    "fort": "ft",
    "hill": "hl",
    "island": "is",
    "key": "ky",
    "lake": "lk",
    "lane": "ln",
    "mill": "ml",
    "mount": "mt",
    "place": "pl",
    "point": "pt",
    "prairie": "pr",
    "road": "rd",
    "square": "sq",
    "street": "st",
    "view": "vw",
    "ville": "vl",
}
#: Section 233's directionals (https://pe.usps.com/text/pub28/28c2_014.htm).
DIRECTIONALS: dict[str, str] = {
    "north": "n",
    "south": "s",
    "east": "e",
    "west": "w",
    "northeast": "ne",
    "northwest": "nw",
    "southeast": "se",
    "southwest": "sw",
}


def postal_form_of(short: str, word: str) -> bool:
    """True when ``short`` is the postal short form of two letters or fewer of ``word``
    ("pt" / "point", "e" / "east").

    Args:
        short: a piece of a name as written, lower case.
        word: a word of the other name as written, lower case.
    """
    return bool(short) and short in (STREET_SUFFIXES.get(word), DIRECTIONALS.get(word))
