"""What a company name carries beside the name itself: a former name, the PSA's company id,
a trade name, number words. Pure text functions; :mod:`recon.normalize` keys what is left.

Sources for the shapes:

- a former name ("X (formerly Y)", "X fka Y", "f/k/a"): a renamed company keeps its old name
  beside the new one on invoices and in CRM records for a while; the current name is the name;
- "doing business as" ("Legal LLC dba Trade", "d/b/a", "t/a" trading as, "a/k/a"): state and
  city assumed-name (trade-name, fictitious-name) filings let an LLC or a corporation transact
  under another name, and banks and invoices print "Legal Name d/b/a Trade Name"; either part
  names the one company (see :func:`trade_parts`);
- the PSA's company identifier: ConnectWise Manage keeps a "Company ID" (no spaces, often the
  name run together or cut, "WayneEnt", or a code "ACME001") that integrations sync on and
  exports show beside the name ("EagleHei - Eagle Heights Property Management", "Weber Auto
  Repair (WEBEAU219)"); an id spelled from the name's own words is not a site;
- number words: USPS Publication 28, 235 "Numeric Street Names": a numbered name is written
  "7TH" or "SEVENTH" alike, so "First Graves Electric" is "1st Graves Electric".
"""

from __future__ import annotations

import csv
import functools
import re
from importlib import resources

_FORMER = re.compile(
    r"(?:\s+-\s+|\s*[(\[]\s*|\s+)"
    r"(?:formerly(?:\s+known\s+as)?|fka|f/k/a|f\.k\.a\.?)\s+[^)\]]*[)\]]?\s*$",
    re.IGNORECASE,
)
_TRADE = re.compile(
    r"\s+(?:dba:?|d/b/a|d\.b\.a\.?|t/a|a/k/a|aka|doing\s+business\s+as|trading\s+as)\s+",
    re.IGNORECASE,
)
_ID_FIRST = re.compile(r"^\s*([A-Za-z][A-Za-z0-9]{3,24})\s+-\s+(.+)$")
_ID_LAST = re.compile(r"^(.+?)\s*[(\[]([A-Za-z][A-Za-z0-9]{3,24})[)\]]\s*$")
_WORDS = re.compile(r"[a-z0-9]+")
#: Number words as the numerals a name may hold instead ("First" / "1st", "Three" / "3").
NUMBER_WORDS: dict[str, str] = {
    **dict(
        zip(
            "first second third fourth fifth sixth seventh eighth ninth tenth".split(),
            "1st 2nd 3rd 4th 5th 6th 7th 8th 9th 10th".split(),
            strict=True,
        )
    ),
    **dict(
        zip(
            "two three four five six seven eight nine ten eleven twelve".split(),
            "2 3 4 5 6 7 8 9 10 11 12".split(),
            strict=True,
        )
    ),
}


def without_former_name(name: str) -> str:
    """``name`` without a trailing former name: "Acme Dental (formerly Smith Dental)" ->
    "Acme Dental". A name that is nothing but the clause is kept whole."""
    low = name.lower()
    if "formerly" not in low and "fka" not in low and "f/k/a" not in low and "f.k.a" not in low:
        return name
    hit = _FORMER.search(name)
    if hit is None or not any(ch.isalnum() for ch in name[: hit.start()]):
        return name
    return name[: hit.start()].rstrip(" ,-")


def trade_parts(name: str) -> tuple[str, ...]:
    """The names a "Legal dba Trade" name joins, each a name of the one company ("" parts
    dropped); () when ``name`` holds no trade-name mark."""
    low = name.lower()
    if not any(mark in low for mark in ("dba", "d/b/a", "d.b.a", "t/a", "aka", "a/k/a", " as ")):
        return ()
    parts = [p.strip(" ,-:") for p in _TRADE.split(name)]
    parts = [p for p in parts if any(ch.isalnum() for ch in p)]
    return tuple(parts) if len(parts) >= 2 else ()


def spells(code: str, words: list[str]) -> bool:
    """True when ``code`` (lower case, letters) is the first word's prefix followed by
    prefixes of the next words in order, covering at least two words or one whole word and
    more ("eaglehei": eagle + hei(ghts); "wolfbe": wolf + be(nd))."""
    ends = {0: 0}  # code position -> words used
    for pos in range(len(code) + 1):
        if pos not in ends:
            continue
        used = ends[pos]
        if pos == len(code):
            return used >= 2
        if used >= len(words):
            continue
        word = words[used]
        for size in range(1, len(word) + 1):
            if code[pos : pos + size] != word[:size]:
                break
            ends.setdefault(pos + size, used + 1)
    return False


def is_company_id_of(code: str, rest: str) -> bool:
    """True when ``code`` is a company id spelled from ``rest``'s words: a run of their
    prefixes ("EagleHei", "WOLFBE"), upper case or camel case, with or without a number
    after it ("WOLFBE747"); never a plain word of the name or a place ("Boise")."""
    letters = code.rstrip("0123456789")
    if len(letters) < 4 or not letters.isalpha():
        return False
    words = [w for w in _WORDS.findall(rest.lower()) if w != "the"]
    return spells(letters.lower(), words)


def without_company_id(name: str) -> str:
    """``name`` without a company id written beside it: "EagleHei - Eagle Heights Property
    Management" and "Weber Auto Repair (WEBEAU219)" are the names after and before the id."""
    if " - " in name:
        hit = _ID_FIRST.match(name)
        if hit is not None and is_company_id_of(hit.group(1), hit.group(2)):
            return hit.group(2)
    if name.endswith((")", "]")):
        hit = _ID_LAST.match(name)
        if hit is not None and is_company_id_of(hit.group(2), hit.group(1)):
            return hit.group(1)
    return name


_CAMEL = re.compile(r"[A-Z][a-z]{2,}")
#: A legal form an id or a hand types onto the last word ("...OptometryLP", "Aviationllc"),
#: in capitals or, as the statutes spell the words, capitalised ("...BuildersCo",
#: "...GroupInc", "...BrewingCompany").
_CAPS_FORM = re.compile(
    r"(?<=[a-z])(LLC|LLP|PLLC|LP|INC|PC|PA|CO|LTD|CORP"
    r"|Llc|Llp|Pllc|Inc|Co|Corp|Ltd|Company|Corporation|Incorporated|Limited)$"
)
_GLUED_FORM = re.compile(
    r"(?<=[A-Za-z]{4})(llc|llp|pllc|inc|ltd|LLC|LLP|PLLC|INC|LTD|Llc|Inc|Ltd)$"
)
#: The words of a legal form written out, as the statutes spell them: US entity acts ("Limited
#: Liability Company", "Professional Corporation", "Incorporated": Model Business Corporation
#: Act 4.01, Revised Uniform Limited Liability Company Act 108, Uniform Limited Partnership
#: Act 108) and Australia's Corporations Act 2001 ss 148-149 ("Proprietary Limited", with its
#: one abbreviation "Pty"); and the short forms written in capitals.
_FORM_WORDS = (
    "Professional|Limited|Liability|Partnership|Association|Company|Corporation"
    "|Incorporated|Proprietary|Corp|Inc|Ltd|Llc|Llp|Pllc|Pty|LLC|LLP|PLLC|INC|LTD|CORP|PTY"
)
#: A token ending in legal-form words run onto its word at a camel-case seam ("Surveying"
#: + "Professional", "BrewingCompany", "LimitedLiability"; "Professional" glued to
#: "Corporation" with nothing before it too).
_CAMEL_FORM = re.compile(rf"^(?P<head>[A-Za-z0-9&'-]*?[a-z]?)(?P<tail>(?:{_FORM_WORDS})+)$")
_ONE_FORM = re.compile(rf"{_FORM_WORDS}")
#: The same words written out run on in one case ("BREWINGCOMPANY", "Titlecompany",
#: "Professionalcorporation"): no seam shows then, so only the long words (seven letters or
#: more) after four letters of a word; a word that ends so has fewer before it ("accompany",
#: "unlimited", "incorporation").
_LONG_FORM_WORDS = (
    "professional|limited|liability|partnership|association|company|corporation"
    "|incorporated|proprietary"
)
_LONG_FORM = re.compile(rf"^(?P<head>[a-z0-9&'-]*?)(?P<tail>(?:{_LONG_FORM_WORDS})+)$")
_ONE_LONG_FORM = re.compile(_LONG_FORM_WORDS)
_WORD_END = re.compile(r"[a-z]{4}$")
#: A short legal form in capitals run into the site that follows it ("Silva Systems LLPBoise").
_FORM_THEN_SITE = re.compile(r"^(LLC|LLP|PLLC|INC|LTD|CORP)([A-Z][a-z]{2,})$")
#: The words a name's legal ending may hold after a glued one ("MechanicalCompany P.A.").
_ENDING_WORDS = frozenset(
    """
    inc incorporated llc llp lllp lp ltd limited corp corporation co company plc pc pllc pa
    pty proprietary professional liability partnership association
    """.split()
)


def split_run_together(name: str) -> str:
    """A company id that is the whole name run together in camel case, as words:
    "BlueIslandSeniorLiving" -> "Blue Island Senior Living", a legal form after it too
    ("SilverMountainOptometryLP", "StarTerraceBuildersCo", "DunnRealtyLP"). Only a single token
    made of capitalised words (three or more, or two of five letters or more, or of four
    before a legal form) is split ("McDonald" and "MacKenzie" are not)."""
    text = name.strip()
    if " " in text or len(text) < 9 or not text[:1].isupper():
        return name
    form = _CAPS_FORM.search(text)
    body = text[: form.start()] if form else text
    parts = _CAMEL.findall(body)
    shortest = 4 if form else 5
    if (
        "".join(parts) != body
        or len(parts) < 2
        or (len(parts) == 2 and min(map(len, parts)) < shortest)
    ):
        return name
    return " ".join(parts + ([form.group(1)] if form else []))


def glued_legal_form(name: str) -> str:
    """A legal form typed onto a word without a space, set apart: "Christensen
    Aviationllc" -> "Christensen Aviation llc", "Wilder SolutionsLLC"; written out and run on
    at a camel-case seam ("Dudley SurveyingProfessional Corporation", "Liberty Rock Solutions
    LimitedLiability Company", "Greer Tire & ServiceCompany", "AcmeLLC"); or run into the
    site after it ("Silva Systems LLPBoise"). Lower case, only the unambiguous forms (LLC,
    LLP, PLLC, Inc, Ltd: no English word of four letters or more ends so, unlike "-co" or
    "-pa") after at least four letters of a name of two words or more; at a camel-case seam,
    only where the name's legal ending follows (the end of the name, or its qualifier)."""
    name = _camel_legal_forms(name)
    words = name.rsplit(None, 1)
    if len(words) != 2:
        return name
    hit = _GLUED_FORM.search(words[1])
    if hit is None:
        return name
    start = hit.start()
    if hit.group(1).casefold() == "pllc" and words[1][: start + 1].casefold() in _listed_words():
        # "Groupllc" is "Group" + "llc", not "Grou" + "pllc": the "p" ends a listed word.
        start += 1
    return f"{words[0]} {words[1][:start]} {words[1][start:]}"


def _camel_legal_forms(name: str) -> str:
    """The legal-form words run on at a camel-case seam, or written out in one case, set
    apart (see :func:`glued_legal_form`)."""
    main, bar, rest = name.partition(" - ")
    if "(" in main:
        main, paren, tail = main.partition("(")
        rest = paren + tail + bar + rest
        bar = ""
    tokens = main.split()
    if not tokens:
        return name
    last = tokens[-1].rstrip(".,")
    site = _FORM_THEN_SITE.match(last) if len(tokens) >= 2 else None
    if site is not None:
        tokens[-1] = f"{site.group(1)} {site.group(2)}{tokens[-1][len(last) :]}"
        return _joined(tokens, main, bar, rest)
    # From the end, past the words of the legal ending, to the token holding the seam.
    at = len(tokens) - 1
    while at > 0 and tokens[at].strip(".,").replace(".", "").casefold() in _ENDING_WORDS:
        at -= 1
    token = tokens[at]
    bare = token.rstrip(".,")
    hit = _CAMEL_FORM.match(bare)
    if hit is not None:
        head, tail = hit.group("head"), hit.group("tail")
        pieces = _ONE_FORM.findall(tail)
        # A seam: a small letter before the form's capital, four letters of a word before.
        seam = head[-1:].islower() and sum(ch.isalpha() for ch in head) >= 4
    else:
        hit = _LONG_FORM.match(bare.casefold())
        if hit is None:
            return name
        head, tail = bare[: hit.start("tail")], bare[hit.start("tail") :]
        pieces = []
        for found in _ONE_LONG_FORM.finditer(hit.group("tail")):
            pieces.append(tail[found.start() : found.end()])
        seam = _WORD_END.search(hit.group("head")) is not None
    if head:
        if not seam:
            return name
    elif len(pieces) < 2 or at == 0:
        return name  # a lone form word is a word of the name ("Limited" stays as written)
    tokens[at] = " ".join([*([head] if head else []), *pieces]) + token[len(bare) :]
    return _joined(tokens, main, bar, rest)


def _joined(tokens: list[str], main: str, bar: str, rest: str) -> str:
    spaced = " ".join(tokens) + (" " if main.endswith(" ") else "")
    return f"{spaced}{bar}{rest}"


@functools.cache
def _listed_words() -> frozenset[str]:
    """The full words of the public business-word lists (``recon/catalog/business_words.csv``):
    "group", "partnership", "cooperative"."""
    text = resources.files("recon.catalog").joinpath("business_words.csv").read_text("utf-8")
    rows = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return frozenset(
        word.casefold() for row in csv.reader(rows[1:]) for word in row[0].split() if row
    )


_N_AND = re.compile(r"(?<=\s)'?n['\u2019](?=\s)", re.IGNORECASE)


def and_marks(name: str) -> str:
    """ "Salon n' Spa" as "Salon & Spa": the "n'" shop names write for "and"."""
    if "n'" not in name and "N'" not in name and "n\u2019" not in name:
        return name
    return _N_AND.sub("&", name)
