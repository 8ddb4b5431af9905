"""The products a synthetic MSP resells: catalogue products, prices and how each side names them.

Products come from ``recon/catalog/products.csv`` (seat-based ones only), ranked by how
common they are at an MSP (Microsoft 365 Business Premium first, D365 and Teams Rooms last).
Each has a monthly list price (Microsoft's published per-user prices where known, else a
range for its family), a vendor spelling (the official name or a vendor name variant, with
"(NCE)" / "- Annual Commitment" decorations for Microsoft, and a SKU: the new-commerce
product id, the string id or a distributor code) and the PSA spellings an MSP types
(the official name, an abbreviation such as "M365 BP", an old name such as "O365 E3" or
"Office 365 Business Premium", with "- Per User" decorations).

Every spelling is checked against the engine's catalogue, so the benchmark measures client
matching and the pipeline, not catalogue gaps; rejected spellings are listed in the truth file.
"""

from __future__ import annotations

import csv
import random
import zlib
from dataclasses import dataclass
from importlib import resources

from recon.catalog import load_catalog

# Monthly list price per seat (USD), annual commitment billed monthly.
_LIST_PRICES = {
    "ms-m365-business-basic": 6.00, "ms-m365-business-standard": 12.50,
    "ms-m365-business-premium": 22.00, "ms-m365-apps-business": 8.25,
    "ms-m365-apps-enterprise": 12.00, "ms-m365-e3": 36.00, "ms-m365-e5": 57.00,
    "ms-m365-f1": 2.25, "ms-m365-f3": 8.00, "ms-o365-e1": 10.00, "ms-o365-e3": 23.00,
    "ms-o365-e5": 38.00, "ms-o365-f3": 4.00, "ms-exchange-online-p1": 4.00,
    "ms-exchange-online-p2": 8.00, "ms-exchange-online-kiosk": 2.00,
    "ms-exchange-online-archiving": 3.00, "ms-exchange-online-protection": 1.00,
    "ms-entra-id-p1": 6.00, "ms-entra-id-p2": 9.00, "ms-intune-p1": 8.00,
    "ms-intune-suite": 10.00, "ms-ems-e3": 10.60, "ms-ems-e5": 16.40, "ms-aip-p1": 2.00,
    "ms-defender-business": 3.00, "ms-defender-office-p1": 2.00, "ms-defender-office-p2": 5.00,
    "ms-defender-endpoint-p1": 3.00, "ms-defender-endpoint-p2": 5.20,
    "ms-m365-e5-security": 12.00, "ms-m365-e5-compliance": 12.00, "ms-teams-essentials": 4.00,
    "ms-teams-premium": 10.00, "ms-teams-enterprise": 5.25, "ms-teams-exploratory": 1.00,
    "ms-teams-phone-standard": 10.00, "ms-teams-phone-calling-plan": 15.00,
    "ms-teams-phone-resource-account": 1.00, "ms-teams-domestic-calling-plan": 12.00,
    "ms-audio-conferencing": 4.00, "ms-teams-rooms-pro": 40.00, "ms-teams-rooms-basic": 1.00,
    "ms-visio-p1": 5.00, "ms-visio-p2": 15.00, "ms-planner-p1": 10.00, "ms-project-p3": 30.00,
    "ms-project-p5": 55.00, "ms-power-bi-pro": 14.00, "ms-power-bi-ppu": 24.00,
    "ms-m365-copilot": 30.00, "ms-w365-business": 31.00, "ms-w365-enterprise": 31.00,
    "ms-windows-enterprise-e3": 7.00, "ms-windows-enterprise-e5": 11.50,
    "ms-d365-bc-essentials": 80.00, "ms-d365-bc-premium": 110.00,
    "ms-d365-bc-team-members": 8.00, "ms-onedrive-p1": 5.00, "ms-onedrive-p2": 10.00,
    "ms-sharepoint-p1": 5.00, "ms-sharepoint-p2": 10.00,
}  # fmt: skip
# Everything else: a per-seat (or per-device) monthly price range by product family.
_FAMILY_PRICES = {
    "EDR": (3.0, 9.0), "MDR": (7.0, 16.0), "ITDR": (3.0, 6.0), "Backup": (2.0, 6.0),
    "BCDR": (20.0, 90.0), "Email security": (1.0, 5.0), "Archiving": (2.0, 5.0),
    "Security awareness": (1.0, 4.0), "Password management": (2.0, 7.0), "MFA": (3.0, 9.0),
    "DNS filtering": (1.0, 3.5), "Secure web gateway": (4.0, 10.0),
    "Endpoint protection": (2.0, 6.0), "Security platform": (8.0, 15.0),
    "Application control": (3.0, 7.0), "Google Workspace": (6.0, 25.0),
    "Productivity apps": (12.0, 85.0), "RMM": (1.5, 4.5), "Remote access": (2.0, 6.0),
}  # fmt: skip

# How common a product is at a typical MSP, most common first; the rest follow in file order.
_POPULAR = (
    "ms-m365-business-premium", "ms-m365-business-standard", "ms-m365-business-basic",
    "ms-exchange-online-p1", "huntress-managed-edr", "s1-singularity-core",
    "datto-saas-protection", "ms-defender-business", "knowbe4-kmsat-silver", "dnsfilter",
    "ms-m365-apps-business", "ms-entra-id-p1", "ms-intune-p1", "ms-teams-phone-standard",
    "ms-visio-p1", "ms-power-bi-pro", "ms-exchange-online-archiving", "duo-essentials",
    "keeper-business", "ms-m365-e3", "ms-o365-e3", "ms-project-p3", "ms-m365-copilot",
    "huntress-managed-itdr", "mimecast-cloud-gateway", "proofpoint-essentials-business",
    "nable-cove", "datto-rmm", "connectwise-screenconnect", "ms-teams-essentials",
)  # fmt: skip

_SERVICE_ITEMS = (
    ("MSA-PU", "Managed Services - Per User"),
    ("HELPDESK-PU", "Helpdesk Support per User"),
    ("MSRV", "Managed Server"),
    ("NETMON", "Network Monitoring - Per Device"),
    ("VCIO", "vCIO Strategic Services"),
    ("ONSITE-10", "Onsite Support Block (10 hrs)"),
    ("BKMON", "Backup Monitoring & Verification"),
    ("FW-MGD", "Managed Firewall"),
    ("COMANAGED", "Co-Managed IT Agreement"),
    ("DOMAIN", "Domain & DNS Hosting"),
)
_MS_VENDOR_DECOR = ("", "", " (NCE)", " - Annual Commitment", " (NCE Monthly)", " NCE 1 Year")
_PSA_DECOR = ("", "", "", " - Per User", " (Monthly)", " License")


@dataclass(frozen=True, slots=True)
class Product:
    """One product the synthetic MSP resells.

    Attributes:
        id: the catalogue id (the truth key).
        name: the catalogue's official name.
        family: the catalogue family (agreement names and price ranges use it).
        list_price: monthly list price per seat in cents.
        vendor_names: (product name, SKU) spellings the vendor file uses; the first is the
            usual one.
        psa_names: (description, product id) spellings an MSP's PSA uses; the first is the
            MSP's current catalogue item, the others appear on older agreements.
    """

    id: str
    name: str
    family: str
    list_price: int
    vendor_names: tuple[tuple[str, str], ...]
    psa_names: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class ProductSet:
    """The products of one MSP, plus the PSA-only service items and catalogue rejects."""

    products: tuple[Product, ...]
    weights: tuple[float, ...]
    services: tuple[tuple[str, str], ...]
    usage: tuple[str, str]  # (vendor name, SKU) of a consumption product the engine skips
    rejected: tuple[str, ...]


def _aliases() -> dict[str, dict[str, list[str]]]:
    """product id -> alias kind -> aliases, from the bundled aliases.csv."""
    text = resources.files("recon.catalog").joinpath("aliases.csv").read_text(encoding="utf-8")
    rows = csv.reader(line for line in text.splitlines() if line and not line.startswith("#"))
    out: dict[str, dict[str, list[str]]] = {}
    for row in rows:
        if len(row) == 3 and row[0] != "product_id":
            out.setdefault(row[0], {}).setdefault(row[2], []).append(row[1])
    return out


def _price_cents(product_id: str, family: str) -> int:
    if product_id in _LIST_PRICES:
        return round(_LIST_PRICES[product_id] * 100)
    low, high = _FAMILY_PRICES.get(family, (2.0, 12.0))
    rng = random.Random(zlib.crc32(product_id.encode()))
    return round(rng.uniform(low, high) * 100)


def _psa_code(text: str) -> str:
    """An MSP's own product id for a PSA catalogue item, e.g. "M365BP-417-M"."""
    words = "".join(ch if ch.isalnum() else " " for ch in text.upper()).split()
    initials = "".join(w if any(c.isdigit() for c in w) else w[0] for w in words)
    return f"{initials[:8]}-{zlib.crc32(text.encode()) % 1000:03d}-M"


def load_products(count: int, rng: random.Random) -> ProductSet:
    """The ``count`` most common seat-based catalogue products, with spellings and prices.

    Args:
        count: how many products (capped at what the catalogue has).
        rng: the generator's random source (spelling choices).

    Returns:
        The product set; weights are Zipf-like popularity for picking a client's products.
    """
    catalog = load_catalog()
    aliases = _aliases()
    seat_based = [p for p in catalog.products() if p.seat_based]
    rank = {pid: i for i, pid in enumerate(_POPULAR)}
    seat_based.sort(key=lambda p: rank.get(p.id, len(rank)))
    rejected: list[str] = []

    def check(name: str, sku: str, product_id: str) -> bool:
        hit = catalog.identify(name=name, sku=sku)
        if hit is None or hit.id != product_id:
            rejected.append(f"{name!r} / {sku!r} -> {hit.id if hit else None} (want {product_id})")
            return False
        return True

    products: list[Product] = []
    for p in seat_based[:count]:
        kinds = aliases.get(p.id, {})
        microsoft = p.vendor == "Microsoft"
        skus = [*kinds.get("product_id", []), *kinds.get("string_id", [])] if microsoft else []
        sku = rng.choice(skus) if skus else _distributor_sku(p.id, rng)
        if sku in kinds.get("product_id", []) and rng.random() < 0.5:
            sku += f":{rng.randint(1, 4):04d}"
        base = rng.choice([p.name, p.name, *kinds.get("name_variant", [])])
        decor = _MS_VENDOR_DECOR if microsoft else ("",)
        vendor = [(base + d, sku) for d in decor if check(base + d, sku, p.id)]
        if not vendor:
            vendor = [(p.name, "")]
        psa_texts = [p.name]
        for kind in ("abbreviation", "old_name", "name_variant"):
            found = kinds.get(kind, [])
            if found and rng.random() < 0.7:
                psa_texts.append(rng.choice(found))
        rng.shuffle(psa_texts)
        psa = []
        for text in psa_texts:
            d = rng.choice(_PSA_DECOR)
            if check(text + d, _psa_code(text), p.id):
                psa.append((text + d, _psa_code(text)))
        if not psa:
            psa = [(p.name, _psa_code(p.name))]
        products.append(
            Product(p.id, p.name, p.family, _price_cents(p.id, p.family), tuple(vendor), tuple(psa))
        )
    services = tuple(
        (name, code)
        for code, name in _SERVICE_ITEMS
        if catalog.identify(name=name, sku=code) is None
    )
    weights = tuple(1.0 / (i + 2) ** 0.9 for i in range(len(products)))
    return ProductSet(
        tuple(products), weights, services, ("Azure plan", "DZH318Z0BPS6"), tuple(rejected)
    )


def _distributor_sku(product_id: str, rng: random.Random) -> str:
    """A distributor's own SKU code, which the catalogue does not know (or none at all)."""
    if rng.random() < 0.2:
        return ""
    parts = product_id.upper().split("-")
    return "-".join(part[:4] for part in parts[:3]) + f"-{rng.randint(100, 999)}"
