"""Product-name keys and tier words: one spelling for every way a product is written.

:func:`product_key` is what the catalogue and the matcher compare; :func:`tier_tokens` are the
words that tell sibling products apart, and :func:`tier_relation` says whether two names agree
on them, leave one of them out, or contradict each other.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from enum import StrEnum

# --- product_key ---------------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Every ASCII character that is not a letter or digit becomes a space.
_ASCII_TO_SPACE = str.maketrans(
    {chr(c): " " for c in range(128) if not chr(c).isalnum() and chr(c) != " "}
)
_NON_WORD = re.compile(r"[\W_]+")
_PER_SLASH = re.compile(r"/\s*(users?|seats?|months?|mo|mth|years?|yr|licen[cs]es?|devices?)\b")

# Billing terms, commitment words and filler that vendors add to the same product's name.
_NOISE = _words(
    """
    nce csp monthly annual annually yearly commitment commit committed term billing billed paid
    subscription subscriptions license licenses licence licences lic seat seats month months
    year years mth mths yr yrs renewal renew upfront prepaid edition for the and
    microsoft ms msft payment payments nonprofit nonprofits nfp ngo
    """
)
_PERIOD_WORDS = _words("month months mo mos mth mths year years yr yrs day days")
_PER_WORDS = _words(
    "user users seat seats month mo mth year yr license licenses licence licences device devices"
)
_TERM_TOKEN = re.compile(r"p\d+[my]|\d+(?:y|yr|yrs|year|years|m|mo|mos|mth|month|months)")
_PLAN_TOKEN = re.compile(r"plan(\d{1,2})")
_VENDOR_PREFIX = frozenset({"microsoft", "ms", "msft"})
_M365_PREFIX = frozenset({"m"})
_O365_PREFIX = frozenset({"office", "o", "off"})

# One spelling for the words people abbreviate. Values must map to themselves (idempotence).
_WORDS: dict[str, tuple[str, ...]] = {}
for _canonical, _variants in {
    "m365": "m365 microsoft365 ms365 msft365",
    "o365": "o365 office365 off365",
    "business": "business bus biz bsns busi",
    "premium": "premium prem",
    "standard": "standard std stnd",
    "essentials": "essentials essential ess",
    "enterprise": "enterprise ent",
    "advanced": "advanced adv",
    "security": "security sec",
    "managed": "managed mgd",
    "management": "management mgmt",
    "defender": "defender def",
    "exchange": "exchange exch",
    "server": "server servers",
    "workstation": "workstation workstations",
    "pc": "pc pcs",
}.items():
    for _variant in _variants.split():
        _WORDS[_variant] = (_canonical,)
_WORDS["exo"] = ("exchange", "online")
_WORDS["aad"] = ("azure", "ad")
# Microsoft's own short forms, also run together with the plan ("SPO P1", "AADP1", "Win E3").
_WORDS["spo"] = ("sharepoint", "online")
_WORDS["aadp1"] = ("azure", "ad", "p1")
_WORDS["aadp2"] = ("azure", "ad", "p2")
_WORDS["win"] = ("windows",)
# Vendor abbreviations PSA catalogues use (Microsoft's own product pages spell these out).
_WORDS["atp"] = ("advanced", "threat", "protection")
_WORDS["pbi"] = ("power", "bi")
_WORDS["w365"] = ("windows", "365")
_WORDS["d365"] = ("dynamics", "365")
_WORDS["prof"] = ("professional",)
_F_CODE = re.compile(r"f\d{1,2}")
# The F plans were sold for "Firstline" workers until Microsoft renamed them "Frontline" (2020;
# learn.microsoft.com/microsoft-365/frontline): both words only describe the F code beside them.
_FRONTLINE = frozenset({"frontline", "firstline"})


def _fold_chars(text: str) -> str:
    """Lower-case, strip accents and turn punctuation into spaces."""
    if text.isascii():
        text = text.lower()
        if "/" in text:
            text = _PER_SLASH.sub(r" per \1 ", text)
        return text.translate(_ASCII_TO_SPACE)
    for _ in range(3):  # casefold and NFKD feed each other; settle on a fixed point
        folded = unicodedata.normalize("NFKD", text.casefold())
        folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
        if folded == text:
            break
        text = folded
    if "/" in text:
        text = _PER_SLASH.sub(r" per \1 ", text)
    return _NON_WORD.sub(" ", text)


def _key_tokens(tokens: list[str]) -> list[str]:
    # One left-to-right pass. Every rule that joins two tokens looks back at the output, so a
    # token dropped in between cannot hide a pattern, and the result is a fixed point.
    out: list[str] = []
    last = len(tokens) - 1
    for i, raw in enumerate(tokens):
        nxt = tokens[i + 1] if i < last else ""
        if raw in _VENDOR_PREFIX:
            if nxt == "365":
                out.append("m365")
            continue
        if raw == "365":
            prev = out[-1] if out else ""
            if prev == "m365" and i > 0 and tokens[i - 1] in _VENDOR_PREFIX:
                continue  # "Microsoft 365": the prefix already became m365
            if prev in _M365_PREFIX:
                out[-1] = "m365"
                continue
            if prev in _O365_PREFIX:
                out[-1] = "o365"
                continue
            out.append(raw)
            continue
        if raw == "to" and i > 0 and tokens[i - 1] in _PERIOD_WORDS and nxt in _PERIOD_WORDS:
            continue  # "month to month"
        if raw in _PERIOD_WORDS and out and out[-1].isdigit():
            out.pop()  # "1 year", "12 months"
            continue
        if raw in _PER_WORDS and out and out[-1] == "per":
            out.pop()  # "per user", "/seat"
            continue
        if raw in _NOISE or raw in _PERIOD_WORDS:
            continue
        first = raw[0]
        if (first == "p" or first.isdigit()) and _TERM_TOKEN.fullmatch(raw):
            continue  # "P1Y", "12mo"
        if len(raw) <= 2 and raw.isdigit() and out and out[-1] == "plan":
            out[-1] = _plan(raw)  # "Plan 1" -> "p1"
            continue
        if first == "p" and raw.startswith("plan") and _PLAN_TOKEN.fullmatch(raw):
            out.append(_plan(raw[4:]))  # "Plan1" -> "p1"
            continue
        if raw in _FRONTLINE and (_F_CODE.fullmatch(nxt) or (out and _F_CODE.fullmatch(out[-1]))):
            continue  # "Microsoft 365 Frontline F3" is "Microsoft 365 F3"
        if raw == "directory" and len(out) >= 2 and out[-2:] == ["azure", "active"]:
            out[-1] = "ad"  # "Azure Active Directory" -> "azure ad"
            continue
        out.extend(_WORDS.get(raw, (raw,)))
    return out


def _plan(digits: str) -> str:
    return "p" + (digits.lstrip("0") or "0")


# Called for the same text from many places (identification, qualifiers, brands): a
# distributor's month asks for 3,400 distinct texts about 27,000 times.
@functools.lru_cache(maxsize=65_536)
def product_key(name: str) -> str:
    """A normalised identity for a product name: one spelling for every way it is written.

    Lower-cases, strips accents, turns punctuation into spaces and drops what vendors append
    to the same product (``(NCE)``, ``(Monthly)``, ``- Annual Commitment``, ``1 year``,
    ``P1Y``, ``per user``, ``/seat``, ``license``, ``subscription``, ``Microsoft``, ``for``).
    Folds common equivalents: "Microsoft 365"/"MS365"/"M365" -> ``m365``, "Office 365"/"O365"
    -> ``o365`` (never merged with ``m365``: they are different products), "Plan 1" -> ``p1``,
    "Bus" -> ``business``, "Prem" -> ``premium``, "Std" -> ``standard``, "EXO" ->
    ``exchange online``, "AAD"/"Azure Active Directory" -> ``azure ad``.

    Args:
        name: a product name as written.

    Returns:
        The key; never empty for a name with any non-space character (a name made only of
        noise keeps its lower-cased text). ``product_key(product_key(x)) == product_key(x)``.
    """
    tokens = _key_tokens(_fold_chars(name).split())
    if tokens:
        return " ".join(tokens)
    return " ".join(_fold_fallback(name).split())


def noise_only(name: str) -> bool:
    """True when a name holds only what :func:`product_key` drops (billing terms, units,
    "Microsoft"): "1 Year Term", "(NCE)", "per user"."""
    return not _key_tokens(_fold_chars(name).split())


def _fold_fallback(name: str) -> str:
    for _ in range(3):
        folded = name.casefold()
        if folded == name:
            break
        name = folded
    return name


# --- tiers ---------------------------------------------------------------------------------

_TIER_WORDS = _words(
    """
    basic standard premium essentials business enterprise professional advanced advantage
    premier beginner entry starter plus elite ultimate foundation foundations core control
    complete go pro lite free kiosk silver gold platinum diamond security compliance backup
    edr xdr mdr itdr server workstation pc m365 o365
    """
)
_TIER_CODE = re.compile(r"[aefp]\d{1,2}")
_UNIT_WORDS = {"min": "min", "mins": "min", "minute": "min", "minutes": "min", "gb": "gb"}
_UNIT_WORDS |= {"tb": "tb", "vcpu": "vcpu", "cpu": "vcpu", "core": "core", "cores": "core"}
_UNIT_TOKEN = re.compile(r"(\d+)(min|gb|tb|vcpu)")


@functools.lru_cache(maxsize=65_536)
def tier_tokens(name: str) -> frozenset[str]:
    """The words that tell sibling products apart: edition, plan, suite and size.

    Editions (basic, standard, premium, essentials, business, enterprise, pro, go, core,
    control, complete, silver ... diamond, advantage, premier), plan and suite codes (E3, F1,
    A5, P1 from "Plan 1"), the suite itself (``m365`` vs ``o365``: "Office 365 E3" is not
    "Microsoft 365 E3"), add-on words (security, compliance, backup, EDR/XDR/MDR/ITDR),
    server vs workstation, and sizes ("120 minutes", "8 GB", "2 vCPU").

    Args:
        name: a product name as written (it is keyed with :func:`product_key` first).

    Returns:
        The tier tokens, e.g. ``{"m365", "business", "premium"}``.
    """
    tokens = product_key(name).split()
    found: set[str] = set()
    for i, token in enumerate(tokens):
        unit = _UNIT_WORDS.get(token)
        if unit and i > 0 and tokens[i - 1].isdigit():
            found.add(tokens[i - 1] + unit)
        elif token in _TIER_WORDS or _TIER_CODE.fullmatch(token):
            found.add(token)
        elif match := _UNIT_TOKEN.fullmatch(token):
            found.add(match.group(1) + match.group(2))
        elif swapped := _SWAPPED.get(token):
            found.add(swapped)
    return frozenset(found)


def _swaps(word: str) -> set[str]:
    return {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}


#: A tier word typed with two neighbouring letters swapped ("Bacukp" for "Backup") is that
#: word: the slip people make most when typing a catalogue by hand. Only words of five
#: letters or more, and only where the slip is no other tier word's, so that a short or
#: ambiguous token never gains a tier it does not name. Without it a misspelt add-on word
#: leaves the suite word alone to decide ("Office 365 Bacukp" against "... Microsoft 365
#: Backup": O365 against M365, a conflict no seats may override).
_SWAPPED: dict[str, str] = {}
for _word in sorted(_TIER_WORDS):
    if len(_word) >= 5:
        for _slip in _swaps(_word) - {_word}:
            _SWAPPED[_slip] = "" if _slip in _SWAPPED or _slip in _TIER_WORDS else _word


def tiers_compatible(a: str, b: str) -> bool:
    """True only when two product names carry exactly the same tier tokens.

    The engine asks this before accepting any fuzzy product pair, so "Business Standard" and
    "Business Premium", E3 and E5, F1 and F3, Plan 1 and Plan 2 never pair. Two names with no
    tier words at all are compatible.

    Args:
        a: one product name as written.
        b: the other.

    Returns:
        Whether :func:`tier_tokens` of both are equal.
    """
    return tier_tokens(a) == tier_tokens(b)


# --- how two names' tiers relate -----------------------------------------------------------

#: Tier words grouped by what they tell apart; two names conflict when both carry words of one
#: class and those words differ ("Business Standard" / "Business Premium": level).
_TIER_CLASSES: dict[str, str] = {}
for _class, _members in {
    "level": """basic standard premium essentials advanced advantage premier beginner entry
        starter plus elite ultimate foundation foundations core control complete go pro lite
        free kiosk silver gold platinum diamond professional""",
    "segment": "business enterprise",
    "suite": "m365 o365",
    "addon": "security compliance backup edr xdr itdr",
    # "Managed detection and response" is a service resellers wrap around an EDR or ITDR
    # product ("MDR - Endpoint" for a managed EDR): it says how the product is sold, not
    # which one it is, so it never contradicts another add-on word, it only leaves one out.
    "service": "mdr",
    "platform": "server workstation pc",
}.items():
    for _member in _members.split():
        _TIER_CLASSES[_member] = _class


class TierRelation(StrEnum):
    """How the tier words of two product names relate (see :func:`tier_relation`)."""

    SAME = "same"  # identical tier words: siblings are told apart the same way
    PARTIAL = "partial"  # one name leaves out a tier word the other has ("Power BI" / "Pro")
    CONFLICT = "conflict"  # both say which tier, and they differ (E3 / E5): never one product


def tier_class(token: str) -> str:
    """The class of one tier token: level, segment, suite, addon, service, platform, code or
    size (see :func:`tier_relation`)."""
    found = _TIER_CLASSES.get(token)
    if found is not None:
        return found
    if _TIER_CODE.fullmatch(token):
        return "code"
    return "size"


@functools.lru_cache(maxsize=65_536)
def tier_relation(a: str, b: str) -> TierRelation:
    """Whether two product names agree on their tier, leave one out, or contradict each other.

    Tier words are grouped in classes (edition level, business/enterprise, the M365/O365 suite,
    plan and suite codes such as E3 or P1, add-ons such as Security or XDR, server/workstation,
    sizes). Two names conflict when, in some class, both carry words and the words differ;
    they are partial when one carries a class the other leaves out.

    Args:
        a: one product name as written.
        b: the other.

    Returns:
        :class:`TierRelation`; ``CONFLICT`` is never overridden, not even by evidence.

    Example:
        >>> tier_relation("Microsoft 365 E3", "Microsoft 365 E5")
        <TierRelation.CONFLICT: 'conflict'>
    """
    tiers_a, tiers_b = tier_tokens(a), tier_tokens(b)
    if tiers_a == tiers_b:
        return TierRelation.SAME
    by_class_a: dict[str, set[str]] = {}
    by_class_b: dict[str, set[str]] = {}
    for token in tiers_a:
        by_class_a.setdefault(tier_class(token), set()).add(token)
    for token in tiers_b:
        by_class_b.setdefault(tier_class(token), set()).add(token)
    if "backup" in tiers_a and "backup" in tiers_b:
        # A backup product names the suite it protects, not a suite it is: vendors renamed
        # "Backup for Office 365" to "... for Microsoft 365" when Microsoft renamed the suite
        # (Veeam Backup for Microsoft 365 v6, 2022), so the two are one workload here.
        by_class_a.pop("suite", None)
        by_class_b.pop("suite", None)
    for klass, words in by_class_a.items():
        other = by_class_b.get(klass)
        if other is not None and other != words:
            return TierRelation.CONFLICT
    return TierRelation.PARTIAL
