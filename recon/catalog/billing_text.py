"""What a PSA line's text carries besides the product's name: counts, prices, periods, item
codes, catalogue categories, the reseller's own service bundled in, and licence string ids.

A ConnectWise or Autotask line is typed by people and fed by integrations, so one product's
text arrives as "25 x M365 Business Premium", "M365 BP @ $22.00", "Managed Services: Project
Plan 3", "MS-365BP Microsoft 365 Business Premium", "Office 365 E3 (Microsoft 365
Licensing)", "Project Plan 3 11/01/2026-11/30/2026" or "365 Standard (O365_BUSINESS_PREMIUM)".
None of those words names a product: ConnectWise's catalogue keeps an item's identifier apart
from its description, and an agreement addition's invoice text is free (ConnectWise Manage REST
API: /procurement/catalog "identifier" and "description", /finance/agreements/{id}/additions
"invoiceDescription"). :func:`billing_core` sets them aside, so the catalogue can read what is
left; the catalogue then accepts the reading only when it is one product, and never takes a
brand guess on top (two guesses are too many: that line is left to the seats and a question).

:func:`string_ids_in` finds Microsoft licence string ids written in a text ("SPB",
"ENTERPRISEPACK", "O365_BUSINESS_ESSENTIALS"): tenant-synced catalogues and engineers who read
the admin centre write them. Which product an id is comes from aliases.csv, copied from
Microsoft's public "Product names and service plan identifiers for licensing" table.
"""

from __future__ import annotations

import functools
import re

from recon.catalog._keys import noise_only, product_key

__all__ = ["billing_core", "bundle_parts", "core_key", "id_tokens", "is_category"]

# Counts and prices typed into the text: "25 x ...", "... x25", "... @ $22.00", "... - 50
# users @ $8.25/ea", "... (Qty 10)", "... $6.00/user/mo", "100 ... licenses".
_PRICE = r"[$\u20ac\u00a3]\s*\d+(?:[.,]\d{1,2})?"
_PER = r"(?:\s*/\s*(?:ea|each|user|seat|device|mo|month|yr|year|unit))*"
_COUNT_WORDS = r"(?:users?|seats?|licen[cs]es?|devices?)"
_QUANTITY = (
    re.compile(r"^\s*\d+\s*[x\u00d7]\s+(?=\S)", re.IGNORECASE),
    re.compile(r"\s+[x\u00d7]\s*\d+\s*$", re.IGNORECASE),
    re.compile(rf"\s*(?:-\s*)?(?:\d+\s+{_COUNT_WORDS}\s*)?@\s*{_PRICE}{_PER}\s*$", re.IGNORECASE),
    re.compile(rf"\s*(?:-\s*)?{_PRICE}{_PER}\s*$", re.IGNORECASE),
    re.compile(r"\s*[(\[]\s*(?:qty|quantity)\s*:?\s*\d+\s*[)\]]", re.IGNORECASE),
)
# A leading number that is part of a name ("365 Business Premium", "360 Total Security", a
# year) is never a count.
_COUNTED = re.compile(
    rf"^\s*(?!365\b|360\b|(?:19|20)\d\d\b)\d+\s+(?P<core>\D.*?)\s+{_COUNT_WORDS}\s*$",
    re.IGNORECASE,
)

# Billing periods: "(Nov 2026)", "Nov-26 ...", "- 11/2026", "11/01/2026-11/30/2026", "[2026-11]".
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE = r"\d{1,2}/\d{1,2}/\d{2,4}"
_PERIODS = (
    re.compile(rf"\s*(?:-\s*)?{_DATE}(?:\s*(?:-|\u2013|to)\s*{_DATE})?", re.IGNORECASE),
    re.compile(rf"\s*[(\[]?\b{_MONTH}[\s\-/']*(?:\d{{4}}|\d{{2}})\b[)\]]?", re.IGNORECASE),
    re.compile(r"\s*(?:-\s*)?[(\[]?\b\d{1,2}/\d{4}\b[)\]]?"),
    re.compile(r"\s*[(\[]\d{4}-\d{2}[)\]]"),
)

# An item code: capitals and digits joined by hyphens ("MS-365BP", "CW-AGR-0042", "365-SAM"),
# capitals then digits ("AGR0042"), or "#5581". Written before the name, or bracketed or
# "#"-numbered after it.
_CODE = r"(?:[A-Z0-9]+(?:-[A-Z0-9]+)+|[A-Z]{2,}\d{3,}|ITEM\s+\d{3,})"
_CODES = (
    re.compile(rf"^\s*\[{_CODE}\]\s*"),
    re.compile(rf"^\s*{_CODE}\s+(?:[-\u2013:]\s+)?(?=\S)"),
    re.compile(rf"\s*\({_CODE}\)\s*$"),
    re.compile(r"\s*#\d{3,}\s*$"),
)

# A catalogue category, service line or agreement, set off by a colon, "/", ">", "|" or a
# spaced dash, or bracketed at the end: its last word is one of these (how PSA catalogues and
# agreements name their groups: "Microsoft 365 Licensing", "Security Services", "Managed
# Services Agreement", "Security Stack", "MRR").
_CATEGORY_WORDS = frozenset(
    {
        "licensing",
        "licenses",
        "licences",
        "services",
        "agreement",
        "stack",
        "subscriptions",
        "software",
        "recurring",
        "mrr",
        "cloud",
    }
)
_LEAD = re.compile(r"^\s*(?P<seg>[^:/>|()\[\]]{2,60}?)\s*(?::|/|>|\||\s-\s|\s\u2013\s)\s*(?=\S)")
_TRAIL_DASH = re.compile(r"\s+[-\u2013]\s+(?P<seg>[^\-\u2013()]{2,60}?)\s*$")
_TRAIL_BRACKET = re.compile(r"\s*\((?P<seg>[^()]{2,60})\)\s*$")

# The reseller's own service billed on the product's line ("... with Premium Support",
# "Onboarding + ...", "... & Managed Support Bundle"): every word a service word.
_SERVICE_WORDS = frozenset(
    {
        "managed",
        "premium",
        "support",
        "onboarding",
        "monitoring",
        "setup",
        "set",
        "up",
        "management",
        "helpdesk",
        "help",
        "desk",
        "services",
        "service",
        "bundle",
    }
)
_ADDON_AFTER = re.compile(
    r"\s+(?:with|w/|incl\.?|including|\+|&)\s+(?P<seg>[A-Za-z][A-Za-z\s-]{1,40}?)\s*$",
    re.IGNORECASE,
)
_ADDON_BEFORE = re.compile(r"^\s*(?P<seg>[A-Za-z][A-Za-z\s-]{1,40}?)\s+(?:\+|&)\s+(?=\S)")

# Signs a web catalogue or an export writes into a name.
_SIGNS = re.compile(r"\u00ae|\u2122|\((?:R|TM)\)")


def _category(segment: str) -> bool:
    words = re.findall(r"[a-z]+", segment.casefold())
    return bool(words) and words[-1] in _CATEGORY_WORDS and len(words) <= 5


def is_category(segment: str) -> bool:
    """True when the words are a PSA catalogue category or agreement ("Microsoft 365
    Licensing", "Security Services"), not a product's name."""
    return _category(segment)


def _service(segment: str) -> bool:
    words = re.findall(r"[a-z]+", segment.casefold())
    return bool(words) and all(w in _SERVICE_WORDS for w in words)


def _named(core: str) -> bool:
    """True when what is left can still name a product: not only billing terms or units."""
    return bool(re.search(r"[A-Za-z]", core)) and not noise_only(core)


def _strip_once(text: str) -> str:
    """``text`` with one more billing decoration set aside (itself when none is left)."""
    for pattern in (*_QUANTITY, *_PERIODS, *_CODES):
        new = pattern.sub(" ", text, count=1).strip(" -,\u2013")
        if new != text.strip() and _named(new):
            return new
    cores = []
    counted = _COUNTED.match(text)
    if counted is not None:
        cores.append(counted.group("core"))
    lead = _LEAD.match(text)
    if lead is not None and _category(lead.group("seg")):
        cores.append(text[lead.end() :])
    for trail in (_TRAIL_DASH, _TRAIL_BRACKET):
        found = trail.search(text)
        if found is not None and _category(found.group("seg")):
            cores.append(text[: found.start()])
    after = _ADDON_AFTER.search(text)
    if after is not None and _service(after.group("seg")):
        cores.append(text[: after.start()])
    before = _ADDON_BEFORE.match(text)
    if before is not None and _service(before.group("seg")):
        cores.append(text[before.end() :])
    return next((core for core in cores if _named(core)), text)


@functools.lru_cache(maxsize=16_384)
def billing_core(name: str) -> str:
    """The name with every count, price, period, item code, category and bundled service it
    carries set aside; the name itself (space-normalised) when it carries none.

    Example:
        >>> billing_core("Managed Services: 25 x Project Plan 3 @ $22.00")
        'Project Plan 3'
    """
    text = " ".join(_SIGNS.sub(" ", name.replace("&amp;", "&")).split())
    for _ in range(8):
        new = " ".join(_strip_once(text).split())
        if new == text:
            break
        text = new
    return text


def core_key(name: str) -> str:
    """The :func:`product_key` of the name once its billing words are set aside: one key for
    "Office365 Essentials - 3 Year #5581", "25 x Office365 Essentials - 3 Year" and
    "Office365 Essentials - 3 Year", so a text the catalogue does not know is weighed with
    the spellings it shares a product with (the name's own key when nothing is set aside).
    """
    return product_key(billing_core(name)) or product_key(name)


#: A token that can be a licence string id: letters, digits and underscores.
_ID_TOKEN = re.compile(r"[A-Za-z0-9_]{3,}")


def id_tokens(name: str) -> tuple[tuple[str, int, int], ...]:
    """The tokens of ``name`` written as a licence string id can be, as (token, start, end).

    An id is written as Microsoft writes it: with an underscore ("INTUNE_A", "Teams_Ess"), or
    in capitals ("SPB", "ENTERPRISEPACK"). In a name typed all in capitals every word is, so
    there only a token with an underscore or a digit, or a long one, counts.
    """
    shouting = name.upper() == name
    out = []
    for match in _ID_TOKEN.finditer(name):
        token = match.group(0)
        capitals = token.isupper() and (
            not shouting or any(c.isdigit() for c in token) or len(token) >= 8
        )
        if "_" in token or capitals:
            out.append((token, match.start(), match.end()))
    return tuple(out)


# One line billing two products (an MSP's own bundle item, ConnectWise's product class
# "Bundle"): "Exchange Online P2 & Entra ID P1 Bundle", "M365 E3 + Defender for Endpoint P2",
# "Defender for Office 365 (Plan 1) with Entra ID P1". The joiners a catalogue writes between
# the two; "and" is left out, as it joins words of one name ("Tax and Accounting").
_JOINERS = re.compile(
    r"\s+(?:\+|&|with|w/|incl\.?|including)\s+|\s*\+\s*(?=[A-Za-z])", re.IGNORECASE
)
_BUNDLE_WORD = re.compile(r"^\s*bundle\s*[-:\u2013]\s*|\s*[-(\[]?\s*\bbundle\b\s*[)\]]?\s*$", re.I)


@functools.lru_cache(maxsize=4_096)
def bundle_parts(name: str) -> tuple[str, ...]:
    """The two (or three) names a text bills on one line, each with its billing words set
    aside; ``()`` when the text names one thing.

    Only a text whose every part still names something counts: "Office365 Essentials &
    Managed Support Bundle" is one product with the MSP's service (set aside by
    :func:`billing_core`, so never split here), "Domain & DNS Hosting" splits but its parts
    read as no product, which the caller checks with the catalogue.

    Example:
        >>> bundle_parts("Exchange Online P2 & Entra ID P1 Bundle")
        ('Exchange Online P2', 'Entra ID P1')
    """
    text = " ".join(_SIGNS.sub(" ", name.replace("&amp;", "&")).split())
    text = _BUNDLE_WORD.sub(" ", text).strip()
    pieces = [p.strip(" -,\u2013") for p in _JOINERS.split(text)]
    if not 2 <= len(pieces) <= 3:
        return ()
    parts = tuple(billing_core(p) for p in pieces)
    if not all(_named(p) and not _service(p) for p in parts):
        return ()
    return parts
