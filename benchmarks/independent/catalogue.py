"""The products the synthetic MSP resells, with this package's own product ids.

Names and list prices follow the vendors' public price lists and product pages as of 2025
(Microsoft's "Product names and service plan identifiers for licensing" page and its
commercial pricing pages; the product pages of the Pax8 marketplace vendors). Prices are US
dollars per unit per month on an annual commitment; a monthly commitment costs 20 % more
(Microsoft new commerce). They are approximate: only their order of magnitude matters here.

New-commerce product ids: the ten listed in the research notes (domain.md section 4) are the
real ones; every other ``nce_id`` is made up (prefix ``CFQ7TTX0``, which Microsoft does not
use) so that a matcher can only link it by name, as with a product it has never seen.

Products are listed in order of popularity among MSP clients; the generator draws them with
Zipf weights over this order.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Product:
    """One resold product."""

    pid: str  # this package's own id, used in truth.json
    vendor: str
    name: str  # the vendor's own product name
    price: Decimal  # list, per unit per month, annual commitment
    unit: str = "user"
    microsoft: bool = False  # sold through Partner Center (new commerce) as well as Pax8
    nce_id: str = ""
    terms: tuple[str, ...] = ("monthly", "annual")
    one_time: bool = False  # a one-time purchase (perpetual licence, setup fee): never recurring


def _ms(
    pid: str,
    name: str,
    price: str,
    nce_id: str,
    terms: tuple[str, ...] = ("monthly", "annual", "three_year"),
) -> Product:
    return Product(
        pid, "Microsoft", name, Decimal(price), microsoft=True, nce_id=nce_id, terms=terms
    )


def _p8(
    pid: str,
    vendor: str,
    name: str,
    price: str,
    unit: str = "user",
    terms: tuple[str, ...] = ("monthly", "annual"),
) -> Product:
    return Product(pid, vendor, name, Decimal(price), unit=unit, terms=terms)


PRODUCTS: tuple[Product, ...] = (
    _ms("m365-bus-premium", "Microsoft 365 Business Premium", "22.00", "CFQ7TTC0LCHC"),
    _ms("m365-bus-basic", "Microsoft 365 Business Basic", "6.00", "CFQ7TTC0LH18"),
    _ms("m365-bus-standard", "Microsoft 365 Business Standard", "12.50", "CFQ7TTC0LDCX"),
    _ms("exo-plan1", "Exchange Online (Plan 1)", "4.00", "CFQ7TTC0LH16"),
    _ms("m365-e3", "Microsoft 365 E3", "36.00", "CFQ7TTC0LFLX"),
    _p8("huntress-edr", "Huntress", "Huntress Managed EDR", "4.00", "device"),
    _ms("entra-p1", "Microsoft Entra ID P1", "6.00", "CFQ7TTC0LFK5"),
    _ms("o365-e3", "Office 365 E3", "23.00", "CFQ7TTX0A003"),
    _ms("defender-o365-p1", "Microsoft Defender for Office 365 (Plan 1)", "2.00", "CFQ7TTC0LH0R"),
    _p8("datto-saas", "Kaseya", "Datto SaaS Protection for Microsoft 365", "3.00"),
    _ms("teams-essentials", "Microsoft Teams Essentials", "4.00", "CFQ7TTC0LH8L"),
    _ms("m365-apps-business", "Microsoft 365 Apps for business", "8.25", "CFQ7TTX0A001"),
    _ms("intune-p1", "Microsoft Intune Plan 1", "8.00", "CFQ7TTX0A002"),
    _ms("power-bi-pro", "Power BI Pro", "14.00", "CFQ7TTX0A004"),
    _p8("sentinelone-control", "SentinelOne", "SentinelOne Singularity Control", "4.50", "device"),
    _ms("exo-plan2", "Exchange Online (Plan 2)", "8.00", "CFQ7TTC0LH1P"),
    _p8("proofpoint-ess-bus", "Proofpoint", "Proofpoint Essentials Business", "3.25"),
    _ms("m365-copilot", "Microsoft 365 Copilot", "30.00", "CFQ7TTX0A005", ("monthly", "annual")),
    _p8("keeper-business", "Keeper Security", "Keeper Business", "3.75"),
    _ms("m365-e5", "Microsoft 365 E5", "57.00", "CFQ7TTC0LFLZ"),
    _p8("acronis-cpc", "Acronis", "Acronis Cyber Protect Cloud", "5.00", "workload", ("monthly",)),
    _ms("visio-plan2", "Visio Plan 2", "15.00", "CFQ7TTX0A006"),
    _ms("m365-apps-enterprise", "Microsoft 365 Apps for enterprise", "12.00", "CFQ7TTX0A007"),
    _ms("teams-phone", "Microsoft Teams Phone Standard", "10.00", "CFQ7TTX0A008"),
    _p8("huntress-itdr", "Huntress", "Huntress Managed ITDR", "3.00"),
    _ms("o365-e1", "Office 365 E1", "10.00", "CFQ7TTX0A009"),
    _ms("m365-f3", "Microsoft 365 F3", "8.00", "CFQ7TTX0A010"),
    _ms("defender-business", "Microsoft Defender for Business", "3.00", "CFQ7TTX0A011"),
    _p8("duo-essentials", "Cisco", "Duo Essentials", "6.00"),
    _ms("project-plan3", "Project Plan 3", "30.00", "CFQ7TTX0A012"),
    _p8(
        "bitdefender-gz",
        "Bitdefender",
        "Bitdefender GravityZone Business Security",
        "2.10",
        "device",
    ),
    _ms("visio-plan1", "Visio Plan 1", "5.00", "CFQ7TTX0A013"),
    _ms("defender-endpoint-p1", "Microsoft Defender for Endpoint P1", "3.00", "CFQ7TTX0A014"),
    _ms("exo-archiving", "Exchange Online Archiving", "3.00", "CFQ7TTX0A015"),
    _p8("ironscales", "IRONSCALES", "IRONSCALES Email Security", "3.50"),
    _ms("power-bi-ppu", "Power BI Premium Per User", "24.00", "CFQ7TTX0A016"),
    _ms("entra-p2", "Microsoft Entra ID P2", "9.00", "CFQ7TTX0A017"),
    _p8("huntress-sat", "Huntress", "Huntress Managed Security Awareness Training", "2.00"),
    _ms(
        "w365-business",
        "Windows 365 Business 2 vCPU, 4 GB, 128 GB",
        "31.00",
        "CFQ7TTX0A018",
        ("monthly", "annual"),
    ),
    _p8("dropsuite-m365", "Dropsuite", "Dropsuite Microsoft 365 Backup", "2.50"),
    _ms("m365-f1", "Microsoft 365 F1", "2.25", "CFQ7TTX0A019"),
    _ms("teams-premium", "Microsoft Teams Premium", "10.00", "CFQ7TTX0A020", ("monthly", "annual")),
    _p8("harmony-email", "Check Point", "Harmony Email & Collaboration", "3.60"),
    _ms("project-plan1", "Project Plan 1", "10.00", "CFQ7TTX0A021"),
    _p8("adobe-acrobat-pro", "Adobe", "Acrobat Pro for teams", "22.99", "user", ("annual",)),
    _ms("defender-o365-p2", "Microsoft Defender for Office 365 (Plan 2)", "5.00", "CFQ7TTX0A022"),
    _p8("mimecast-email", "Mimecast", "Mimecast Email Security, Cloud Gateway", "4.25"),
    _ms("power-automate-premium", "Power Automate Premium", "15.00", "CFQ7TTX0A023"),
    _p8(
        "sentinelone-complete", "SentinelOne", "SentinelOne Singularity Complete", "7.00", "device"
    ),
    _ms("defender-endpoint-p2", "Microsoft Defender for Endpoint P2", "5.20", "CFQ7TTX0A024"),
    _p8("webroot-endpoint", "OpenText", "Webroot Business Endpoint Protection", "2.50", "device"),
    _ms("m365-e5-security", "Microsoft 365 E5 Security", "12.00", "CFQ7TTX0A025"),
    _p8("sophos-ix-adv", "Sophos", "Sophos Intercept X Advanced", "3.20", "device"),
    _ms("windows-e3", "Windows 11 Enterprise E3", "7.00", "CFQ7TTX0A026"),
    _p8("keeper-enterprise", "Keeper Security", "Keeper Enterprise", "5.00"),
    _ms("project-plan5", "Project Plan 5", "55.00", "CFQ7TTX0A027"),
    _p8("barracuda-email", "Barracuda", "Barracuda Email Protection Advanced", "3.50"),
    _ms("power-apps-premium", "Power Apps Premium", "20.00", "CFQ7TTX0A028"),
    _p8("dnsfilter", "DNSFilter", "DNSFilter Pro", "1.50"),
    _ms(
        "teams-rooms-pro",
        "Microsoft Teams Rooms Pro",
        "40.00",
        "CFQ7TTX0A029",
        ("monthly", "annual"),
    ),
    _p8(
        "adobe-cc-all-apps",
        "Adobe",
        "Creative Cloud All Apps for teams",
        "89.99",
        "user",
        ("annual",),
    ),
    _ms("exo-kiosk", "Exchange Online Kiosk", "2.00", "CFQ7TTX0A030"),
    _ms(
        "bc-essentials",
        "Dynamics 365 Business Central Essentials",
        "80.00",
        "CFQ7TTX0A031",
        ("monthly", "annual"),
    ),
    _p8("egnyte-business", "Egnyte", "Egnyte Business", "20.00"),
    _ms("sharepoint-plan1", "SharePoint (Plan 1)", "5.00", "CFQ7TTX0A032"),
    _ms("onedrive-plan1", "OneDrive for business (Plan 1)", "5.00", "CFQ7TTX0A033"),
)

# One-time purchases: perpetual software through CSP, and a distributor's setup service.
ONE_TIME: tuple[Product, ...] = (
    Product(
        "office-ltsc-std-2024",
        "Microsoft",
        "Office LTSC Standard 2024",
        Decimal("420.00"),
        microsoft=True,
        nce_id="DG7GMGF0X01",
        terms=("one_time",),
        one_time=True,
    ),
    Product(
        "windows-11-pro-upgrade",
        "Microsoft",
        "Windows 11 Pro Upgrade",
        Decimal("99.00"),
        microsoft=True,
        nce_id="DG7GMGF0X02",
        terms=("one_time",),
        one_time=True,
    ),
    Product(
        "pax8-onboarding",
        "Pax8",
        "Pax8 Professional Services - Tenant Onboarding",
        Decimal("250.00"),
        unit="each",
        terms=("one_time",),
        one_time=True,
    ),
)

# Work the MSP bills that no vendor sells (labour, monitoring, its own bundles): PSA only.
SERVICES: tuple[tuple[str, str, Decimal], ...] = (
    ("svc-managed-user", "Managed Services - Per User", Decimal("95.00")),
    ("svc-managed-device", "Managed Workstation", Decimal("45.00")),
    ("svc-managed-server", "Managed Server", Decimal("150.00")),
    ("svc-helpdesk", "Help Desk Support", Decimal("60.00")),
    ("svc-rmm", "RMM Monitoring & Patching", Decimal("12.00")),
    ("svc-backup-monitoring", "Backup Monitoring", Decimal("25.00")),
    ("svc-vciso", "vCISO Services", Decimal("500.00")),
    ("svc-network", "Network Management - Per Site", Decimal("200.00")),
    ("svc-firewall", "Firewall Management", Decimal("75.00")),
    ("svc-phone-support", "VoIP Support", Decimal("8.00")),
    ("svc-onsite-block", "Onsite Support Block (4 hrs)", Decimal("480.00")),
    ("svc-domain-dns", "Domain & DNS Hosting", Decimal("5.00")),
)


def by_pid() -> dict[str, Product]:
    """Every product (recurring and one-time) by its id."""
    return {p.pid: p for p in (*PRODUCTS, *ONE_TIME)}
