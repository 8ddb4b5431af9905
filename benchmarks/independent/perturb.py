"""Rewrite a share of a generated pair's PSA product texts into spellings no list holds.

A pseudo-holdout built from dev data only: the held-back spellings are never read. Each chosen
PSA text (one that names a product the vendor sells) is rewritten, at every line that bills it,
by one or two classes of variation seen in real PSA catalogues:

- the reseller's own suffix: a term, a commitment or a unit ("- Monthly", "(NCE)", "per user");
- the edition written differently: "Plan 1" / "P1" / "(Plan 1)" / "Plan1";
- vendor abbreviations used or spelled out ("Microsoft 365" / "M365", "Business" / "Bus.");
- the brand dropped or added (the brand is the first word of the vendor's own spelling);
- word order: a head moved behind the rest, "Business Premium (Microsoft 365)";
- punctuation and case: words run together, hyphens for spaces, brackets dropped, all caps;
- typing slips: two letters swapped, one dropped or doubled;
- the product under an older or newer public name ("Office 365 Business Essentials" for
  Microsoft 365 Business Basic, "Azure AD" for Entra ID, "Office 365 ATP" for Defender for
  Office 365, "Microsoft Flow" for Power Automate, "Firstline" for Frontline, a security
  maker's product under the name it had before an acquisition or rebrand);
- the "(no Teams)" editions Microsoft sells in the EU and since 2024 worldwide;
- the unit the reseller sells by: per device, per user, a seat, a bundle;
- a distributor's or Partner Center's offer style ("(NCE COM MTH)", "- Annual Commitment,
  Monthly Billing").

Shapes that carry more than a name (:mod:`benchmarks.independent.perturb_texts`; only with
``--classes``, so the default draw stays the one earlier pseudo-holdouts were made with):

- ``string_id``: the product's Microsoft String ID in place of, or beside, its name ("SPB",
  "ENTERPRISEPACK - Office 365 E3"), copied from Microsoft Learn's "Product names and service
  plan identifiers for licensing" (learn.microsoft.com/entra/identity/users/
  licensing-service-plan-reference);
- ``item_code``: the MSP's own catalogue item id ("MS-365BP", "CW-AGR-0042 ..."): ConnectWise
  PSA's catalogue keeps an item "identifier" (75 characters) apart from its "description"
  (60) (ConnectWise Manage REST API, POST /procurement/catalog, as documented by the
  ConnectWiseManageAPI PowerShell module, powershellgallery.com);
- ``quantity``: counts and prices typed into the text ("25 x ...", "... @ $22.00");
- ``client``: the client or agreement written into the text ("... - Contoso (Agreement)"): an
  agreement addition's free-text invoice description (same API, /finance/agreements/{id}/
  additions, "invoiceDescription", up to 6000 characters);
- ``category``: a catalogue category or service line before or after the product
  ("Managed Services: ...", "Microsoft Licensing / ...");
- ``bundle``: one line billing a product with an add-on ("... + Defender for Business"):
  ConnectWise's catalogue product class "Bundle" (same API, productClass);
- ``period``: the billing period in the text ("... (Nov 2026)", "... 11/01/2026-11/30/2026");
- ``symbols``: trademark signs, an HTML "&amp;", an en dash, as web catalogues and API exports
  write them ("Microsoft® 365 ...").

``--side vendor`` respells the VENDOR file's product names instead (a distributor renames its
offers; Partner Center shows an offer name beside a SKU name): a share of the vendor's
products is renamed on every line, by the classes a distributor uses (older or newer names,
offer styles, "(no Teams)", units, word order). ``--classes`` keeps only the named classes
(``renamed`` alone makes a pseudo-holdout of products billed under other names; ``shapes``
stands for every class below).

``truth.json`` maps every new spelling to the product of the text it replaces, so the scorer
reads the engine's gaps on it as on the original; the other file is copied unchanged.

Usage::

    python -m benchmarks.independent perturb PAIR_DIR OUT_DIR --seed 1 --share 0.4
    python -m benchmarks.independent perturb PAIR_DIR OUT_DIR --side vendor --share 0.3
    python -m benchmarks.independent perturb PAIR_DIR OUT_DIR --classes renamed --share 1
"""

from __future__ import annotations

import csv
import json
import random
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.independent import perturb_texts
from benchmarks.independent.perturb_texts import AGREEMENT, CLIENT

# The PSA column holding the product text, per PSA export format.
_TEXT_COLUMNS = ("Description", "Service Name")
_SUFFIXES = (
    " - Monthly",
    " (NCE)",
    " Annual Commit",
    " per user",
    " - NCE Annual",
    " (Monthly)",
    " /user/mo",
    " - M2M",
)
# Abbreviation classes MSPs type in their catalogues; each is used both ways.
_SHORT = (
    ("Microsoft 365", "M365"),
    ("Office 365", "O365"),
    ("Exchange Online", "EXO"),
    ("Microsoft", "MS"),
    ("Business", "Bus."),
    ("Premium", "Prem"),
    ("Standard", "Std"),
    ("Enterprise", "Ent"),
    ("Advanced", "Adv"),
    ("Protection", "Prot."),
    ("Backup", "BU"),
)

Variation = Callable[[str, str, random.Random], str]


def _suffix(text: str, brand: str, rng: random.Random) -> str:
    return text + rng.choice(_SUFFIXES)


def _edition(text: str, brand: str, rng: random.Random) -> str:
    plan = re.search(r"\(?\bPlan\s*(\d)\)?", text)
    if plan:
        digit = plan.group(1)
        new = rng.choice((f"P{digit}", f"(Plan {digit})", f"Plan{digit}", f"Plan-{digit}"))
        return text[: plan.start()] + new + text[plan.end() :]
    short = re.search(r"\b([PE])(\d)\b", text)
    if short:
        letter, digit = short.groups()
        word = "Plan" if letter == "P" else "E"
        new = rng.choice((f"{word} {digit}", f"({word}{digit})", f"{letter}-{digit}"))
        return text[: short.start()] + new + text[short.end() :]
    return text


def _abbreviate(text: str, brand: str, rng: random.Random) -> str:
    pairs = list(_SHORT)
    rng.shuffle(pairs)
    for long, short in pairs:
        if re.search(rf"\b{re.escape(long)}\b", text):
            return re.sub(rf"\b{re.escape(long)}\b", short, text, count=1)
        if re.search(rf"(?<![\w.]){re.escape(short)}(?![\w])", text):
            return re.sub(rf"(?<![\w.]){re.escape(short)}(?![\w])", long, text, count=1)
    return text


def _brand(text: str, brand: str, rng: random.Random) -> str:
    words = text.split()
    if not brand or len(brand) < 3:
        return text
    if words and words[0].lower() == brand.lower():
        return " ".join(words[1:]) if len(words) >= 3 else text
    if brand.lower() not in text.lower():
        return f"{brand} {text}"
    return text


def _order(text: str, brand: str, rng: random.Random) -> str:
    words = text.split()
    if len(words) >= 3 and brand and words[0].lower() == brand.lower():
        rest = " ".join(words[1:])
        return rng.choice((f"{rest} ({words[0]})", f"{rest} - {words[0]}", f"{rest}, {words[0]}"))
    if " - " in text:
        head, _, tail = text.partition(" - ")
        return f"{tail} - {head}"
    return text


def _punctuation(text: str, brand: str, rng: random.Random) -> str:
    words = text.split()
    pick = rng.randrange(4)
    if pick == 0 and len(words) >= 2:
        i = rng.randrange(len(words) - 1)
        return " ".join([*words[:i], words[i] + words[i + 1], *words[i + 2 :]])
    if pick == 1 and len(words) >= 2:
        return "-".join(words)
    if pick == 2 and re.search(r"[()]", text):
        return " ".join(re.sub(r"[()]", " ", text).split())
    return text.upper()


def _typo(text: str, brand: str, rng: random.Random) -> str:
    spots = list(re.finditer(r"[A-Za-z]{5,}", text))
    if not spots:
        return text
    word = rng.choice(spots)
    i = rng.randrange(word.start() + 1, word.end() - 1)
    pick = rng.randrange(3)
    if pick == 0:
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if pick == 1:
        return text[:i] + text[i + 1 :]
    return text[:i] + text[i] + text[i:]


# Public renames, each both ways where both names were sold: (a name as a pattern, the
# names it had or took). From Microsoft's announcements (Microsoft 365 rename, April 2020;
# Azure AD to Entra ID, 2023; Defender rebrand, 2020-2021; Flow to Power Automate, 2019;
# Firstline to Frontline, 2020; Teams Rooms Premium to Pro, 2022) and vendors' own rebrands
# (Avanan to Check Point Harmony Email, Barracuda Essentials to Email Protection, Backupify
# to Datto SaaS Protection, Acronis Backup Cloud to Cyber Protect Cloud, Dropsuite to
# NinjaOne SaaS Backup, Curricula to Huntress Security Awareness Training).
_RENAMES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"Microsoft 365 Business Basic", ("Office 365 Business Essentials", "O365 Essentials")),
    (r"Microsoft 365 Business Standard", ("Office 365 Business Premium", "O365 Bus Premium")),
    (r"Microsoft 365 Business Premium", ("Microsoft 365 Business", "M365 Business")),
    (r"Microsoft 365 Apps for business", ("Office 365 Business", "O365 Business Apps")),
    (r"Microsoft 365 Apps for enterprise", ("Office 365 ProPlus", "O365 Pro Plus")),
    (r"Microsoft 365 F3", ("Microsoft 365 Firstline", "M365 Firstline Worker")),
    (r"Office 365 E1", ("Office 365 Enterprise E1",)),
    (
        r"(?:Azure Active Directory|Microsoft Entra ID)(?: Premium)? P(\d)",
        ("Azure AD Premium P{0}", "Entra ID P{0}", "Azure AD P{0}"),
    ),
    (
        r"Microsoft Defender for Office 365 \(Plan (\d)\)",
        ("Office 365 Advanced Threat Protection (Plan {0})", "O365 ATP Plan {0}"),
    ),
    (
        r"Microsoft Defender for Endpoint P(\d)",
        ("Microsoft Defender ATP P{0}", "Windows Defender ATP Plan {0}"),
    ),
    (r"Power Automate Premium", ("Microsoft Flow per user", "Power Automate per user")),
    (r"Power BI Premium Per User", ("Power BI PPU",)),
    (r"Visio Plan 2", ("Visio Pro for Office 365", "Visio Online Plan 2")),
    (r"Visio Plan 1", ("Visio Online Plan 1",)),
    (r"Project Plan 3", ("Project Online Professional",)),
    (r"Project Plan 5", ("Project Online Premium",)),
    (r"Microsoft Teams Phone Standard", ("Microsoft 365 Phone System", "Teams Phone System")),
    (r"Microsoft Teams Rooms Pro", ("Microsoft Teams Rooms Premium",)),
    (
        r"(?:Microsoft 365 Copilot|Copilot for Microsoft 365)",
        ("Copilot for Microsoft 365", "Microsoft 365 Copilot"),
    ),
    (r"(?:Microsoft )?Intune Plan 1", ("Microsoft Endpoint Manager", "Intune")),
    (r"SharePoint \(Plan 1\)", ("SharePoint Online (Plan 1)",)),
    (r"OneDrive for business \(Plan 1\)", ("OneDrive for Business",)),
    (r"Windows 11 Enterprise E3", ("Windows 10 Enterprise E3",)),
    (r"Avanan Email Security", ("Check Point Harmony Email & Collaboration",)),
    (r"Barracuda Email Protection", ("Barracuda Essentials",)),
    (r"Datto SaaS Protection", ("Backupify",)),
    (r"Acronis Cyber Protect Cloud", ("Acronis Backup Cloud", "Acronis Cyber Cloud")),
    (r"Webroot Business Endpoint Protection", ("Webroot SecureAnywhere",)),
    (r"Sophos Intercept X Advanced", ("Sophos Central Endpoint Advanced",)),
    (r"Dropsuite Microsoft 365 Backup", ("NinjaOne SaaS Backup",)),
    (r"Huntress Managed Security Awareness Training", ("Curricula Security Awareness",)),
    (r"Bitdefender GravityZone Business Security", ("Bitdefender GravityZone Cloud",)),
    (r"Duo Essentials", ("Duo MFA",)),
    (r"Creative Cloud All Apps", ("Creative Cloud Complete",)),
)
# A term or unit the text already carries, kept when its product is renamed.
_TERM = re.compile(
    r"\s*(?:-\s*(?:Annual|Monthly|M2M|3 Year|NCE.*)|\((?:Annual|Monthly|1 Year|NCE)\)"
    r"|/mo|/user.*|per user|Licenses?|Subscription)\s*$",
    re.IGNORECASE,
)
_NO_TEAMS = (" (no Teams)", " EEA (no Teams)", " - No Teams", " without Teams")
_TEAMS_SUITES = re.compile(r"\b(?:365|O365|M365)\b.*\b(?:E\d|Business|Basic|Standard|Premium)\b")
_UNITS = (" - per device", " (per user)", " User License", " per seat", " - Device", " Bundle")
_OFFERS = (
    " (NCE COM MTH)",
    " (NCE COM AN)",
    " - Annual Commitment, Monthly Billing",
    " (New Commerce)",
    " - 1 Year Term",
    " [Month to Month]",
)


def renamed_as(text: str, rng: random.Random) -> str:
    """``text`` with the first product name it carries replaced by another public name of
    that product ("Microsoft 365 Business Basic" -> "Office 365 Business Essentials"), or
    ``text`` itself when it carries none."""
    for pattern, names in _RENAMES:
        found = re.search(rf"(?i)\b{pattern}", text)
        if found:
            new = rng.choice(names).format(*found.groups())
            if new.casefold() != found.group(0).casefold():
                return text[: found.start()] + new + text[found.end() :]
            others = [n.format(*found.groups()) for n in names]
            others = [n for n in others if n.casefold() != found.group(0).casefold()]
            if others:
                return text[: found.start()] + rng.choice(others) + text[found.end() :]
    return text


def _renamed(text: str, brand: str, rng: random.Random) -> str:
    return renamed_as(text, rng)


def _no_teams(text: str, brand: str, rng: random.Random) -> str:
    if not _TEAMS_SUITES.search(text) or "teams" in text.lower():
        return text
    term = _TERM.search(text)
    cut = term.start() if term else len(text)
    return text[:cut] + rng.choice(_NO_TEAMS) + text[cut:]


def _unit(text: str, brand: str, rng: random.Random) -> str:
    pick = rng.choice(_UNITS)
    if pick == " Bundle" and rng.random() < 0.5:
        return f"Bundle - {text}"
    return text + pick


def _offer(text: str, brand: str, rng: random.Random) -> str:
    return text + rng.choice(_OFFERS)


VARIATIONS: dict[str, Variation] = {
    "edition": _edition,
    "abbreviate": _abbreviate,
    "brand": _brand,
    "order": _order,
    "punctuation": _punctuation,
    "typo": _typo,
    "renamed": _renamed,
    "no_teams": _no_teams,
    "unit": _unit,
    "offer": _offer,
    "suffix": _suffix,
    "string_id": lambda text, brand, rng: perturb_texts.with_string_id(text, "", rng),
    "item_code": perturb_texts.with_item_code,
    "quantity": perturb_texts.with_quantity,
    "client": perturb_texts.with_client,
    "category": perturb_texts.with_category,
    "bundle": perturb_texts.with_addon,
    "period": perturb_texts.with_period,
    "symbols": perturb_texts.with_symbols,
}
#: The classes drawn when ``--classes`` names none (those earlier pseudo-holdouts used).
DEFAULT_CLASSES = (
    "edition",
    "abbreviate",
    "brand",
    "order",
    "punctuation",
    "typo",
    "renamed",
    "no_teams",
    "unit",
    "offer",
    "suffix",
)
#: Shapes that carry more than a name (ids, codes, billing words, bundles): ``--classes``.
TEXT_SHAPES = (
    "string_id",
    "item_code",
    "quantity",
    "client",
    "category",
    "bundle",
    "period",
    "symbols",
)
#: The classes a distributor's own offer names vary by (``--side vendor``).
VENDOR_CLASSES = ("renamed", "no_teams", "unit", "offer", "order")


def respell(
    text: str,
    brand: str,
    rng: random.Random,
    *,
    classes: tuple[str, ...] = (),
    vendor: str = "",
) -> tuple[str, tuple[str, ...]]:
    """One new spelling of ``text`` by one or two variation classes, and the classes used.

    Args:
        classes: the classes to draw from (default: every class).
        vendor: the vendor's spelling of the text's product: a rename starts from it (a PSA
            text typed under an older name says that name, not today's abbreviation of it),
            keeping the term the text carries.
    """
    pool = sorted(classes or DEFAULT_CLASSES)
    for _ in range(20):
        picked = set(rng.sample(pool, min(len(pool), rng.choice((1, 1, 2)))))
        # The reseller's suffix goes on last, as it does on a real catalogue line.
        names = tuple(name for name in VARIATIONS if name in picked)
        new = text
        for name in names:
            if name == "renamed" and vendor and renamed_as(vendor, rng) != vendor:
                term = _TERM.search(new)
                new = renamed_as(vendor, rng) + (new[term.start() :] if term else "")
                continue
            if name == "string_id":
                new = perturb_texts.with_string_id(new, vendor, rng)
                continue
            new = VARIATIONS[name](new, brand, rng)
        new = " ".join(new.split())
        if new and new.lower() != text.lower():
            return new, names
    return text, ()


@dataclass(frozen=True, slots=True)
class Perturbed:
    """What one perturbation wrote."""

    folder: Path
    texts: int
    rewritten: dict[str, str]
    classes: dict[str, tuple[str, ...]]


def _strip(text: str) -> str:
    return " ".join(text.split())


def _brands(vendor_spellings: dict[str, str]) -> dict[str, str]:
    """Product id -> its brand: the first word of its vendor spelling, where that word opens
    the spellings of four or more products (a maker's name, not a product's own first word)."""
    first: dict[str, str] = {}
    for spelling, pid in sorted(vendor_spellings.items()):
        if spelling.split():
            first.setdefault(pid, spelling.split()[0])
    makers: dict[str, set[str]] = {}
    for pid, word in first.items():
        makers.setdefault(word.lower(), set()).add(pid)
    return {pid: word for pid, word in first.items() if len(makers[word.lower()]) >= 4}


# The vendor file's product-name columns, per vendor export format (Partner Center carries
# an offer name and a SKU name; a distributor's rename reaches both).
_VENDOR_COLUMNS = ("productName", "ProductName", "SkuName", "Product", "Description")
# The columns whose value a text naming its line's client or agreement takes, per format.
_CLIENT_COLUMNS = ("Company Name", "Organization Name", "companyName", "CustomerName")
_AGREEMENT_COLUMNS = ("Agreement Name", "Contract Name")


def perturb(
    src: Path,
    dst: Path,
    *,
    seed: int,
    share: float = 0.4,
    side: str = "psa",
    classes: tuple[str, ...] = (),
) -> Perturbed:
    """Copy the pair in ``src`` to ``dst``, ``share`` of one side's product texts respelled.

    Args:
        side: "psa" (the PSA's texts of products the vendor sells) or "vendor" (the vendor's
            product names, each renamed on every line).
        classes: the variation classes to draw from (default: every class; on the vendor
            side, :data:`VENDOR_CLASSES`).
    """
    if "shapes" in classes:
        classes = tuple(c for c in classes if c != "shapes") + TEXT_SHAPES
    unknown = sorted(set(classes) - set(VARIATIONS))
    if unknown:
        raise ValueError(f"unknown variation classes: {', '.join(unknown)}")
    truth: dict[str, Any] = json.loads((src / "truth.json").read_text(encoding="utf-8"))
    psa_map: dict[str, str] = {_strip(k): v for k, v in truth["products"]["psa"].items()}
    vendor_map: dict[str, str] = {_strip(k): v for k, v in truth["products"]["vendor"].items()}
    brands = _brands(truth["products"]["vendor"])
    # The vendor's spelling of each product: what a rename starts from.
    vendor_name: dict[str, str] = {}
    for spelling, pid in sorted(truth["products"]["vendor"].items()):
        vendor_name.setdefault(pid, _strip(spelling))
    name = "vendor.csv" if side == "vendor" else "psa.csv"
    with (src / name).open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    if side == "vendor":
        cols = [header.index(c) for c in _VENDOR_COLUMNS if c in header]
        own, other = vendor_map, psa_map
        pool = classes or VENDOR_CLASSES
        texts = sorted({r[c] for r in body for c in cols if own.get(_strip(r[c]))})
    else:
        cols = [next(header.index(c) for c in _TEXT_COLUMNS if c in header)]
        own, other = psa_map, vendor_map
        pool = classes
        sold = set(vendor_map.values())
        texts = sorted({r[cols[0]] for r in body if psa_map.get(_strip(r[cols[0]])) in sold})
    rng = random.Random(seed)
    chosen = rng.sample(texts, round(len(texts) * share))
    rewritten: dict[str, str] = {}
    used_by: dict[str, tuple[str, ...]] = {}
    for text in sorted(chosen):
        pid = own[_strip(text)]
        for _ in range(10):
            new, used = respell(
                text, brands.get(pid, ""), rng, classes=pool, vendor=vendor_name.get(pid, "")
            )
            key = _strip(new)
            if used and own.get(key, pid) == pid and other.get(key, pid) == pid:
                own[key] = pid
                truth["products"][side][new] = pid
                rewritten[text], used_by[text] = new, used
                break
    dst.mkdir(parents=True, exist_ok=True)
    for copied in ("vendor.csv", "psa.csv", "commitments.csv"):
        if copied != name and (src / copied).exists():
            shutil.copyfile(src / copied, dst / copied)
    client_col = next((header.index(c) for c in _CLIENT_COLUMNS if c in header), None)
    agreement_col = next((header.index(c) for c in _AGREEMENT_COLUMNS if c in header), None)
    with (dst / name).open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(header)
        for row in body:
            out = list(row)
            for c in cols:
                new = rewritten.get(out[c], out[c])
                if CLIENT in new or AGREEMENT in new:
                    # A text naming its line's client is spelled once per client.
                    pid = own[_strip(out[c])]
                    client = row[client_col].strip() if client_col is not None else ""
                    agreement = row[agreement_col].strip() if agreement_col is not None else ""
                    new = new.replace(CLIENT, client or "Client")
                    new = _strip(new.replace(AGREEMENT, agreement or "Agreement"))
                    truth["products"][side].setdefault(new, pid)
                out[c] = new
            w.writerow(out)
    truth["spec"]["perturbed"] = {
        "seed": seed,
        "share": share,
        "side": side,
        "classes": list(classes),
        "texts": len(rewritten),
    }
    (dst / "truth.json").write_text(
        json.dumps(truth, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return Perturbed(dst, len(texts), rewritten, used_by)
