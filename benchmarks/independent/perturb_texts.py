"""PSA text shapes that carry more than a product name: ids, codes, billing words, bundles.

The classes :mod:`benchmarks.independent.perturb` draws from besides its spellings. Each one
is a shape public PSA and distributor material shows a product line in (sources in
:mod:`benchmarks.independent.perturb`'s docstring). Like the rest of the generator this
module imports nothing from ``recon``: its lists are its own, written from public material.

A class that puts the line's client or agreement into the text writes a marker
(:data:`CLIENT`, :data:`AGREEMENT`) that the perturbation fills in per line.
"""

from __future__ import annotations

import random
import re

#: Markers filled in per line with the line's client and agreement name.
CLIENT = "<<client>>"
AGREEMENT = "<<agreement>>"

# Microsoft's String IDs (skuPartNumber), copied from its public table "Product names and
# service plan identifiers for licensing" (learn.microsoft.com/entra/identity/users/
# licensing-service-plan-reference): a product's name as a pattern, its string id. A PSA
# synced from a tenant or an RMM (or typed by an engineer who reads the admin centre) shows
# these in place of, or beside, the product's name.
_STRING_IDS: tuple[tuple[str, str], ...] = (
    (r"(?:Microsoft|Office) 365 Business Basic", "O365_BUSINESS_ESSENTIALS"),
    (r"Microsoft 365 Business Standard", "O365_BUSINESS_PREMIUM"),
    (r"Microsoft 365 Business Premium", "SPB"),
    (r"Microsoft 365 Apps for business", "O365_BUSINESS"),
    (r"Microsoft 365 Apps for enterprise", "OFFICESUBSCRIPTION"),
    (r"Microsoft 365 E3", "SPE_E3"),
    (r"Microsoft 365 E5 Security", "IDENTITY_THREAT_PROTECTION"),
    (r"Microsoft 365 E5", "SPE_E5"),
    (r"Microsoft 365 F1", "M365_F1_COMM"),
    (r"Microsoft 365 F3", "SPE_F1"),
    (r"Office 365 E1", "STANDARDPACK"),
    (r"Office 365 E3", "ENTERPRISEPACK"),
    (r"Office 365 E5", "ENTERPRISEPREMIUM"),
    (r"Exchange Online \(Plan 1\)", "EXCHANGESTANDARD"),
    (r"Exchange Online \(Plan 2\)", "EXCHANGEENTERPRISE"),
    (r"Exchange Online Kiosk", "EXCHANGEDESKLESS"),
    (r"Exchange Online Archiving", "EXCHANGEARCHIVE_ADDON"),
    (r"(?:Microsoft Entra ID|Azure Active Directory Premium) P1", "AAD_PREMIUM"),
    (r"(?:Microsoft Entra ID|Azure Active Directory Premium) P2", "AAD_PREMIUM_P2"),
    (r"Microsoft Intune Plan 1", "INTUNE_A"),
    (r"Microsoft Defender for Business", "MDE_SMB"),
    (r"Microsoft Defender for Office 365 \(Plan 1\)", "ATP_ENTERPRISE"),
    (r"Microsoft Defender for Office 365 \(Plan 2\)", "THREAT_INTELLIGENCE"),
    (r"Microsoft Defender for Endpoint P1", "DEFENDER_ENDPOINT_P1"),
    (r"Microsoft Defender for Endpoint P2", "WIN_DEF_ATP"),
    (r"Microsoft Teams Essentials", "Teams_Ess"),
    (r"Microsoft Teams Premium", "Microsoft_Teams_Premium"),
    (r"Microsoft Teams Phone Standard", "MCOEV"),
    (r"Microsoft Teams Rooms Pro", "Microsoft_Teams_Rooms_Pro"),
    (r"Visio Plan 1", "VISIOONLINE_PLAN1"),
    (r"Visio Plan 2", "VISIOCLIENT"),
    (r"Project Plan 1", "PROJECT_P1"),
    (r"Project Plan 3", "PROJECTPROFESSIONAL"),
    (r"Project Plan 5", "PROJECTPREMIUM"),
    (r"Power BI Pro", "POWER_BI_PRO"),
    (r"Power BI Premium Per User", "PBI_PREMIUM_PER_USER"),
    (r"Power Apps Premium", "POWERAPPS_PER_USER"),
    (r"Power Automate Premium", "FLOW_PER_USER"),
    (r"Microsoft 365 Copilot", "Microsoft_365_Copilot"),
    (r"Windows 365 Business 2 vCPU, 4 GB, 128 GB", "CPC_B_2C_4RAM_128GB"),
    (r"Windows 1[01] Enterprise E3", "WIN10_VDA_E3"),
    (r"OneDrive for business \(Plan 1\)", "WACONEDRIVESTANDARD"),
    (r"SharePoint (?:Online )?\(Plan 1\)", "SHAREPOINTSTANDARD"),
    (r"Dynamics 365 Business Central Essentials", "DYN365_BUSCENTRAL_ESSENTIAL"),
)
_ID_FORMS = ("{id}", "{id}", "{id} - {text}", "{text} ({id})", "{text} [{id}]", "{id}: {text}")

# An MSP's own catalogue item id: ConnectWise PSA keeps an item's "identifier" (up to 75
# characters) apart from its "description" (up to 60), and both are shown on agreement
# additions; many MSPs' identifiers are a maker prefix and the product's initials.
_CODE_FORMS = (
    "{code}",
    "{code} {text}",
    "{code} - {text}",
    "{text} ({code})",
    "[{code}] {text}",
    "{number} {text}",
    "{text} #{digits}",
)
_NUMBER_PREFIXES = ("CW-AGR-", "LIC-", "SKU-", "AGR", "MSP-", "ITEM ")

# Billing words and numbers a reseller types into the line itself.
_QUANTITY_FORMS = (
    "{n} x {text}",
    "{text} x{n}",
    "{text} @ ${price}",
    "{text} - {n} users @ ${price}/ea",
    "{text} (Qty {n})",
    "{text} ${price}/user/mo",
    "{n} {text} licenses",
)
_PRICES = ("6.00", "12.50", "22.00", "36.00", "4.99", "8.25", "57.00", "3.00")

# The client or the agreement written into the product text (ConnectWise's invoice
# description of an agreement addition is free text an MSP often fills this way).
_CLIENT_FORMS = (
    "{text} - " + CLIENT,
    CLIENT + " - {text}",
    "{text} - " + CLIENT + " (Agreement)",
    "{text} (" + AGREEMENT + ")",
    AGREEMENT + ": {text}",
)

# The catalogue category or service line written before or after the product.
_CATEGORIES = (
    "Managed Services: {text}",
    "Licensing - {text}",
    "Cloud Services | {text}",
    "MRR: {text}",
    "Recurring - {text}",
    "{text} - Managed Services",
    "Microsoft Licensing / {text}",
    "Security Stack > {text}",
)

# One line billing a product with an add-on or a second product (ConnectWise's product
# class "Bundle"; Pax8 and Microsoft sell add-ons bought beside a suite).
_ADDONS = (
    "Defender for Business",
    "Exchange Online Archiving",
    "Teams Phone",
    "Datto SaaS Protection",
    "Huntress EDR",
    "Email Security",
    "Backup",
    "Intune",
    "Entra ID P1",
    "Copilot",
    "Advanced Threat Protection",
    "Security Awareness Training",
)
# Add-ons a non-Microsoft product is billed with: the reseller's own service around it.
_SERVICE_ADDONS = ("Managed Support", "Onboarding", "Monitoring", "Premium Support", "Setup")
_MICROSOFT_WORDS = re.compile(
    r"(?i)\b(?:microsoft|ms|office|o365|m365|365|exchange|exo|teams|entra|intune|defender|"
    r"visio|project|power|sharepoint|onedrive|windows|copilot|dynamics)\b"
)
_BUNDLE_FORMS = (
    "{text} + {addon}",
    "{text} w/ {addon}",
    "{text} & {addon} Bundle",
    "{text} incl. {addon}",
    "{text} with {addon}",
    "{addon} + {text}",
)

# The billing period written into the text (invoice lines carry it).
_PERIOD_FORMS = (
    "{text} (Nov 2026)",
    "{text} - 11/2026",
    "{text} 11/01/2026-11/30/2026",
    "Nov-26 {text}",
    "{text} [2026-11]",
)

# Characters that exports and web catalogues put in names: trademark signs (vendors'
# own marketplace listings write "Microsoft® 365", "Acrobat® Pro"), an HTML entity left by an
# API or a web export, an en dash for a hyphen.
_SYMBOL_WORDS = ("Microsoft", "Acrobat", "Office", "Windows", "Adobe", "Datto", "Huntress")


def _first_words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9]+", text)


def string_id_of(vendor: str) -> str:
    """Microsoft's string id for the product ``vendor`` names, or "" when none is listed."""
    for pattern, string_id in _STRING_IDS:
        if re.search(rf"(?i)\b{pattern}", vendor):
            return string_id
    return ""


def with_string_id(text: str, vendor: str, rng: random.Random) -> str:
    string_id = string_id_of(vendor) or string_id_of(text)
    if not string_id:
        return text
    return rng.choice(_ID_FORMS).format(id=string_id, text=text)


def _item_code(text: str, brand: str) -> str:
    words = _first_words(text)
    if not words:
        return ""
    maker = words[0]
    prefix = "MS" if maker.lower() in {"microsoft", "office", "m365", "o365"} else maker[:4].upper()
    rest = words[1:] or words
    initials = "".join(w if any(c.isdigit() for c in w) else w[0].upper() for w in rest[:4])
    return f"{prefix}-{initials}"


def with_item_code(text: str, brand: str, rng: random.Random) -> str:
    code = _item_code(text, brand)
    if not code:
        return text
    digits = f"{rng.randrange(10, 9999):04d}"
    number = rng.choice(_NUMBER_PREFIXES) + digits
    return rng.choice(_CODE_FORMS).format(code=code, text=text, number=number, digits=digits)


def with_quantity(text: str, brand: str, rng: random.Random) -> str:
    n = rng.choice((1, 2, 5, 10, 12, 25, 50, 100))
    return rng.choice(_QUANTITY_FORMS).format(text=text, n=n, price=rng.choice(_PRICES))


def with_client(text: str, brand: str, rng: random.Random) -> str:
    return rng.choice(_CLIENT_FORMS).format(text=text)


def with_category(text: str, brand: str, rng: random.Random) -> str:
    return rng.choice(_CATEGORIES).format(text=text)


def with_addon(text: str, brand: str, rng: random.Random) -> str:
    words = set(text.lower().split())
    pool = _ADDONS if _MICROSOFT_WORDS.search(text) else _SERVICE_ADDONS
    addons = [a for a in pool if not set(a.lower().split()) & words]
    return rng.choice(_BUNDLE_FORMS).format(text=text, addon=rng.choice(addons))


def with_period(text: str, brand: str, rng: random.Random) -> str:
    return rng.choice(_PERIOD_FORMS).format(text=text)


def with_symbols(text: str, brand: str, rng: random.Random) -> str:
    pick = rng.randrange(3)
    if pick == 1 and "&" in text:
        return text.replace("&", "&amp;")
    if pick == 2 and " - " in text:
        return text.replace(" - ", " \u2013 ")
    for word in _SYMBOL_WORDS:
        if re.search(rf"\b{word}\b", text):
            return re.sub(
                rf"\b{word}\b", word + rng.choice(("\u00ae", "\u2122", "(R)")), text, count=1
            )
    return text + rng.choice(("\u00ae", "\u2122"))
