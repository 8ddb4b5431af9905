"""Company-name keys: one spelling for every way people write the same client.

"Wayne Enterprises, Inc.", "WAYNE ENT" and "The Wayne Enterprises LLC" all become
``wayne ent``. The key is what exact matching joins on and what fuzzy matching compares, so
it removes what never distinguishes two clients (case, accents, punctuation, a leading
"The", trailing legal forms) and folds common abbreviations to one form. It keeps every word
that could distinguish two clients ("Northside Dental" vs "Northside Dental Lab").

Called once per distinct name, never per row.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz.distance import OSA

# Trailing legal forms, as tokens after punctuation is removed ("L.L.C." -> "llc").
_LEGAL_FORMS = frozenset(
    """
    inc incorporated llc llp lllp lp ltd limited corp corporation co company plc pc pllc pa
    gmbh mbh ag kg sa sas sarl bv nv pty pte srl spa oy ab kk lda ulc
    """.split()
)
# "Smith & Co": the connector goes with the legal form it introduces.
_LEGAL_CONNECTORS = frozenset({"and"})

# Abbreviations and full forms folded to one token. Only words that never change which client
# is meant; "group" vs "grp" is folded, but "group" vs nothing is still a different word.
_FOLD: dict[str, str] = {}
for _canonical, _variants in {
    "ent": "enterprise enterprises ent ents entp",
    "tech": "technology technologies tech techs technol",
    "mfg": "manufacturing manufacturer manufacturers mfg mfrs mfr",
    "intl": "international intl intnl",
    "svc": "service services svc svcs srvc srvcs",
    "assoc": "associates associate assoc assocs",
    "assn": "association assn",
    "sol": "solution solutions soln solns",
    "sys": "system systems sys",
    "mgmt": "management mgmt mgt",
    "grp": "group grp",
    "hldg": "holding holdings hldg hldgs",
    "ind": "industries industry inds",
    "lab": "laboratory laboratories lab labs",
    "med": "medical med",
    "ctr": "center centre ctr",
    "dept": "department dept",
    "univ": "university univ",
    "hosp": "hospital hosp",
    "bros": "brothers bros",
    "st": "saint st",
    "mt": "mount mt",
    "ptnr": "partner partners ptnr ptnrs",
    "prop": "property properties prop props",
    "ins": "insurance ins",
    "fin": "financial fin",
    "fdn": "foundation fdn",
    "consult": "consulting consultants consultant consult",
    "acct": "accounting accountants acctg acct",
    "constr": "construction constr",
    "dist": "distribution distributors distributor dist distrib",
    "natl": "national natl",
    "amer": "american america amer",
    "co-op": "cooperative coop",
}.items():
    for _variant in _variants.split():
        _FOLD[_variant] = _canonical

# One-edit typos of long fold words and legal forms still fold ("Patners", "Cvmpany"): long
# words only, where one edit practically never turns one real word into another ("Medial" is
# not "Medical"), because a wrongly folded key could merge two clients.
_TOLERANT_LENGTH = 7
_FOLD_LONG = tuple((v, c) for v, c in _FOLD.items() if len(v) >= 8)
_LEGAL_LONG = tuple(f for f in _LEGAL_FORMS if len(f) >= _TOLERANT_LENGTH)


def _near(token: str, word: str) -> bool:
    return abs(len(token) - len(word)) <= 1 and OSA.distance(token, word, score_cutoff=1) <= 1


@lru_cache(maxsize=65_536)
def _fold(token: str) -> str:
    """The folded form of a word, forgiving one typo in long words."""
    if token in _FOLD or len(token) < _TOLERANT_LENGTH or token.isdigit():
        return _FOLD.get(token, token)
    return next((canonical for variant, canonical in _FOLD_LONG if _near(token, variant)), token)


@lru_cache(maxsize=65_536)
def _is_legal_form(token: str) -> bool:
    if token in _LEGAL_FORMS:
        return True
    return len(token) >= _TOLERANT_LENGTH and any(_near(token, form) for form in _LEGAL_LONG)


_DROP_CHARS = re.compile(r"['\u2019\u2018`.]")  # O'Brien -> obrien, L.L.C. -> llc
_NON_WORD = re.compile(r"[^0-9a-z]+")


def _ascii_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=262_144)
def client_tokens(name: str) -> tuple[str, ...]:
    """The words of a company name's key, in order (see :func:`client_key`).

    Args:
        name: the name as written in an export.

    Returns:
        The key's tokens; never empty for a name with any letter or digit in it.
    """
    text = _ascii_fold(name).casefold().replace("&", " and ").replace("+", " and ")
    text = _DROP_CHARS.sub("", text)
    raw = [token for token in _NON_WORD.split(text) if token]
    if not raw:
        return ()
    tokens = list(raw)
    if len(tokens) > 1 and tokens[0] == "the":
        tokens = tokens[1:]
    # Strip trailing legal forms ("Inc", "Pty Ltd", "& Co") but never the whole name.
    while len(tokens) > 1 and _is_legal_form(tokens[-1]):
        tokens.pop()
        if len(tokens) > 1 and tokens[-1] in _LEGAL_CONNECTORS:
            tokens.pop()
    return tuple(_fold(token) for token in tokens)


def client_key(name: str) -> str:
    """The normalised identity of a company name, used to join and compare clients.

    Case, accents, punctuation, ``&``/"and", a leading "The" and trailing legal forms don't
    matter; common abbreviations are folded ("Enterprises" and "Ent." are one word).
    Falls back to the trimmed, lower-cased name rather than ever returning "" for a name.

    Args:
        name: the name as written in an export.

    Returns:
        The key, e.g. ``client_key("Wayne Enterprises, Inc.") == "wayne ent"``.

    Example:
        >>> client_key("The Smith & Jones Co.")
        'smith and jones'
    """
    tokens = client_tokens(name)
    if tokens:
        return " ".join(tokens)
    return " ".join(name.casefold().split())
