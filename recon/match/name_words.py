"""The words of a client name as :mod:`recon.match.names` lines them up, and the lists and
rules every reading of them shares: organisation and branch words, short forms, and pairing
equal words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

#: Organisation words (folded forms): business registers disregard them when telling names
#: apart (UK Companies House "same as" rules: "Group", "Holdings", "Services",
#: "International", ...). A difference made only of these never decides a merge alone.
ORGANISATION_WORDS = frozenset(
    {"grp", "hldg", "ptnr", "svc", "sol", "intl", "co", "cos", "company", "companies"}
    | {"ent", "assoc", "uk", "usa", "us", "global", "worldwide", "holdco", "alliance"}
    | {"network", "networks", "professionals", "specialists", "collective", "firm"}
    | {"practice", "team", "consult"}
)
#: Words that place a client or name a branch: never dropped on the name alone.
BRANCH_WORDS = frozenset(
    "north south east west northeast northwest southeast southwest ne nw se sw n s e w "
    "downtown uptown midtown central branch location site store office campus unit "
    "hq headquarters head "
    # A department billed as its own site ("Acme - Billing", "Acme Admin"): the PSA's
    # site or contact, never another company.
    "billing admn".split()
)
MIN_TYPO = 5  # a typo is read on the name alone only in words this long
MAX_SHORT_FORM = 6
MIN_SHORT_FORM = 3  # "Fam", "Ped"; two letters ("SR") say too little


@dataclass(slots=True)
class Word:
    """One word of a name being lined up with the other name's words; ``used`` once read."""

    written: str  # as written, lower case, initials together
    token: str  # folded
    qualifier: bool  # in the name's qualifier ("- Denver", "(Austin)") or after a legal form
    shown: str  # as written, for people
    stopped: bool = False  # written with a full stop: an abbreviation ("So.", "No.")
    used: bool = False


def is_short_form(short: str, long: str) -> bool:
    """True when ``short`` is written the way people shorten ``long``: same first letter, its
    letters in order, three to six of them and at least two fewer ("Fam", "Servs", "Cntr")."""
    if len(short) == 2 and len(long) >= 4:
        # Two letters only as first and last ("Pt" for "Point", "Ft" for "Fort"): the
        # contraction style of the postal abbreviations; "SR" for "Shepherd" is no such.
        return short[0] == long[0] and short[1] == long[-1] and short.isalpha()
    if not (MIN_SHORT_FORM <= len(short) <= MAX_SHORT_FORM and len(short) <= len(long) - 2):
        return False
    if short[0] != long[0] or not short.isalpha():
        return False
    position = 0
    for letter in short:
        position = long.find(letter, position) + 1
        if position == 0:
            return False
    return True


def left(words: Sequence[Word]) -> bool:
    """True while some word is not yet read."""
    # A plain loop: called several times per name pair, where a generator costs more than
    # the test itself.
    for w in words:  # noqa: SIM110
        if not w.used:
            return True
    return False


def pair_equal(a: list[Word], b: list[Word]) -> None:
    """Mark the words both sides write alike (folded) as read, each word once."""
    free: dict[str, list[Word]] = {}
    for w in b:
        if not w.used:
            free.setdefault(w.token, []).append(w)
    for w in a:
        bucket = None if w.used else free.get(w.token)
        if bucket:
            w.used = bucket.pop().used = True
