"""Build the example exports from the readable scenario table below.

The CSVs in this folder are committed; this script is how they were made, so every number in
them can be traced to a line here. Run it again after editing a scenario:

    python examples/build_examples.py

Vendor side: a Microsoft Partner Center new-commerce billed invoice reconciliation file
(the 47-column layout). PSA side: a ConnectWise Manage agreement-additions list view export.
"""

from __future__ import annotations

import csv
import uuid
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).parent
NCE_HEADER = (
    "PartnerId,CustomerId,CustomerName,CustomerDomainName,CustomerCountry,InvoiceNumber,MpnId,"
    "Tier2MpnId,OrderId,OrderDate,ProductId,SkuId,AvailabilityId,SkuName,ProductName,ChargeType,"
    "UnitPrice,Quantity,Subtotal,TaxTotal,Total,Currency,PriceAdjustmentDescription,PublisherName,"
    "PublisherId,SubscriptionDescription,SubscriptionId,ChargeStartDate,ChargeEndDate,"
    "TermAndBillingCycle,EffectiveUnitPrice,UnitType,AlternateId,BillableQuantity,"
    "BillingFrequency,PricingCurrency,PCToBCExchangeRate,PCToBCExchangeRateDate,MeterDescription,"
    "ReservationOrderId,CreditReasonCode,SubscriptionStartDate,SubscriptionEndDate,ReferenceId,"
    "ProductQualifiers,PromotionId,ProductCategory"
).split(",")
CW_HEADER = [
    "Company Name",
    "Agreement Name",
    "Agreement Type",
    "Product ID",
    "Description",
    "Quantity",
    "Less Included",
    "Price",
    "Ext Price",
    "Bill",
    "Addition Status",
    "Effective",
    "Cancelled",
]

# Partner Center product ids (see recon/catalog/aliases.csv for their sources), monthly cost.
PRODUCTS = {
    "BASIC": ("CFQ7TTC0LH18", "Microsoft 365 Business Basic", Decimal("6.00")),
    "STANDARD": ("CFQ7TTC0LDPB", "Microsoft 365 Business Standard", Decimal("12.50")),
    "PREMIUM": ("CFQ7TTC0LCHC", "Microsoft 365 Business Premium", Decimal("22.00")),
    "E3": ("CFQ7TTC0LFLX", "Microsoft 365 E3", Decimal("36.00")),
    "E5": ("CFQ7TTC0LFLZ", "Microsoft 365 E5", Decimal("57.00")),
    "EXO1": ("CFQ7TTC0LH16", "Exchange Online (Plan 1)", Decimal("4.00")),
    "DEFENDER": ("CFQ7TTC0HX56", "Microsoft Defender for Business", Decimal("3.00")),
    "ENTRA1": ("CFQ7TTC0LFLS", "Microsoft Entra ID P1", Decimal("6.00")),
    "TEAMS_ESS": ("CFQ7TTC0JN4R", "Microsoft Teams Essentials", Decimal("4.00")),
    "AZURE": ("DZH318Z0BPS6", "Azure plan", Decimal("0")),
}
# What the MSP charges per seat per month, and the ConnectWise product id it uses.
PSA_PRICE = {
    "BASIC": ("M365-BASIC", Decimal("7.20")),
    "STANDARD": ("M365-STD", Decimal("15.00")),
    "PREMIUM": ("M365-BP", Decimal("26.40")),
    "E3": ("M365-E3", Decimal("43.20")),
    "E5": ("M365-E5", Decimal("68.40")),
    "EXO1": ("EXO-P1", Decimal("4.80")),
    "DEFENDER": ("MDB", Decimal("3.60")),
    "ENTRA1": ("ENTRA-P1", Decimal("7.20")),
    "TEAMS_ESS": ("TEAMS-ESS", Decimal("4.80")),
}

# Vendor lines: (customer name as Partner Center spells it, product, charge type, quantity,
# billing frequency). A customer's tenant id is derived from its first spelling below, so
# "Hooli" and "Hooli Inc" are one tenant renamed mid-month.
VENDOR = [
    ("WAYNE ENTERPRISES", "PREMIUM", "cycleCharge", 10, "Monthly"),
    ("WAYNE ENTERPRISES", "PREMIUM", "addQuantity", 8, "Monthly"),  # 8 seats added: not billed
    ("WAYNE ENTERPRISES", "EXO1", "cycleCharge", 5, "Monthly"),
    ("Stark Industries LLC", "STANDARD", "cycleCharge", 25, "Monthly"),
    ("ACME MFG", "E3", "cycleCharge", 40, "Monthly"),
    ("Northside Dental", "PREMIUM", "cycleCharge", 12, "Monthly"),
    ("Northside Dental Lab", "BASIC", "new", 6, "Monthly"),  # a sibling business, never billed
    ("Smith Law", "STANDARD", "cycleCharge", 8, "Monthly"),
    ("Smith Law - East", "STANDARD", "new", 4, "Monthly"),  # a second office, never billed
    ("Gotham Medical Group", "PREMIUM", "cycleCharge", 15, "Monthly"),
    ("Gotham Medical Group", "PREMIUM", "cancelImmediate", -15, "Monthly"),  # offboarded
    ("The Daily Planet", "EXO1", "cycleCharge", 5, "Monthly"),
    ("Kord Industries Inc", "PREMIUM", "cycleCharge", 20, "Annual"),  # paid yearly: $264/seat
    ("LEXCORP", "TEAMS_ESS", "cycleCharge", 10, "Monthly"),
    ("Harbor View Dental Partners", "PREMIUM", "cycleCharge", 9, "Monthly"),  # review
    ("Mendza and Morris", "DEFENDER", "cycleCharge", 8, "Monthly"),  # typo: fuzzy match
    ("Pied Piper", "E5", "cycleCharge", 10, "Monthly"),  # E5 bought, E3 billed
    ("Queen Consolidated", "ENTRA1", "cycleCharge", 30, "Monthly"),
    ("Hooli", "PREMIUM", "cycleCharge", 30, "Monthly"),
    ("Hooli Inc", "PREMIUM", "addQuantity", 20, "Monthly"),  # same tenant, renamed
    ("Initech", "PREMIUM", "cycleCharge", 10, "Monthly"),
    ("Initech", "PREMIUM", "cycleCharge", 5, "Monthly"),  # a second subscription
    ("Umbrella Corporation", "BASIC", "cycleCharge", 20, "Monthly"),
    ("Umbrella Corporation", "AZURE", "usage", 1, "Monthly"),  # consumption: not seats
    ("Cyberdyne Systems", "BASIC", "cycleCharge", 30, "Monthly"),
    ("Cyberdyne Systems", "BASIC", "removeQuantity", -4, "Monthly"),  # 4 seats released
    ("Soylent Corp", "PREMIUM", "cycleCharge", 6, "Monthly"),
    ("Vandelay Industries", "PREMIUM", "cycleCharge", 12, "Monthly"),
    ("GLOBEX CORP", "E3", "cycleCharge", 22, "Monthly"),
    ("Tyrell Corporation", "STANDARD", "cycleCharge", 14, "Monthly"),
    ("Oscorp Industries", "EXO1", "cycleCharge", 3, "Monthly"),
    ("Oscorp Industries", "DEFENDER", "cycleCharge", 3, "Monthly"),
    ("Bluth Co.", "PREMIUM", "cycleCharge", 11, "Monthly"),
    ("Dunder Mifflin Paper Company", "STANDARD", "cycleCharge", 33, "Monthly"),
    ("Sterling Cooper", "STANDARD", "cycleCharge", 9, "Monthly"),
    ("Wonka Industries", "BASIC", "cycleCharge", 40, "Monthly"),
    ("Prestige Worldwide", "PREMIUM", "new", 5, "Monthly"),  # new client, not billed yet
    ("Monsters, Inc.", "EXO1", "cycleCharge", 12, "Monthly"),
    ("Monsters, Inc.", "TEAMS_ESS", "cycleCharge", 4, "Monthly"),
    ("Aperture Science", "E5", "cycleCharge", 5, "Monthly"),
]

# PSA additions: (company, description as typed in ConnectWise, product key, quantity,
# less included, bill, status, cancelled date, price override).
PSA = [
    ("Wayne Enterprises, Inc.", "M365 BP", "PREMIUM", 10, 0, "Billable", "Active", "", None),
    (
        "Wayne Enterprises, Inc.",
        "Exchange Online Plan 1",
        "EXO1",
        5,
        0,
        "Billable",
        "Active",
        "",
        None,
    ),
    # "O365 Business Premium" is the old name of Business STANDARD: no gap here.
    (
        "Stark Industries",
        "O365 Business Premium",
        "STANDARD",
        25,
        0,
        "Billable",
        "Active",
        "",
        None,
    ),
    (
        "Acme Manufacturing Corp",
        "Microsoft 365 E3",
        "E3",
        40,
        0,
        "Billable",
        "Active",
        "",
        Decimal("33.00"),
    ),
    (
        "Northside Dental",
        "Microsoft 365 Business Premium",
        "PREMIUM",
        12,
        0,
        "Billable",
        "Active",
        "",
        None,
    ),
    ("Smith Law", "M365 Business Standard", "STANDARD", 8, 0, "Billable", "Active", "", None),
    (
        "Gotham Medical Group",
        "M365 Business Premium",
        "PREMIUM",
        15,
        0,
        "Billable",
        "Active",
        "",
        None,
    ),
    ("Daily Planet", "Exchange Online (Plan 1)", "EXO1", 5, 0, "Billable", "Active", "", None),
    ("Daily Planet", "Exchange Online (Plan 1)", "EXO1", 3, 0, "Billable", "Cancelled", "", None),
    (
        "Daily Planet",
        "Exchange Online (Plan 1)",
        "EXO1",
        2,
        0,
        "Billable",
        "Active",
        "9/30/2026",
        None,
    ),
    ("Kord Industries", "M365 BP", "PREMIUM", 20, 5, "Billable", "Active", "", None),
    (
        "LexCorp",
        "Microsoft Teams Essentials",
        "TEAMS_ESS",
        10,
        0,
        "Do Not Bill",
        "Active",
        "",
        None,
    ),
    ("Harbor View Dental", "M365 BP", "PREMIUM", 9, 0, "Billable", "Active", "", None),
    (
        "Mendoza & Morris LLC",
        "Defender for Business",
        "DEFENDER",
        7,
        0,
        "Billable",
        "Active",
        "",
        None,
    ),
    ("Pied Piper Inc", "Microsoft 365 E3", "E3", 10, 0, "Billable", "Active", "", None),
    ("Queen Consolidated", "Azure AD Premium P1", "ENTRA1", 28, 0, "Billable", "Active", "", None),
    (
        "Hooli, Inc.",
        "Microsoft 365 Business Premium",
        "PREMIUM",
        50,
        0,
        "Billable",
        "Active",
        "",
        None,
    ),
    ("Initech", "M365 Business Premium", "PREMIUM", 15, 0, "Billable", "Active", "", None),
    (
        "Umbrella Corp",
        "Microsoft 365 Business Basic",
        "BASIC",
        20,
        0,
        "Billable",
        "Active",
        "",
        None,
    ),
    ("Cyberdyne Systems", "M365 Business Basic", "BASIC", 30, 0, "Billable", "Active", "", None),
    (
        "Soylent Corp",
        "Microsoft 365 Business Premium",
        "PREMIUM",
        6,
        0,
        "Billable",
        "Active",
        "",
        None,
    ),
    ("Vandelay Industries", "M365 BP", "PREMIUM", 12, 0, "Billable", "Active", "", None),
    ("Massive Dynamic", "M365 BP", "PREMIUM", 7, 0, "Billable", "Active", "", None),
    ("Globex Corporation", "Microsoft 365 E3", "E3", 20, 0, "Billable", "Active", "", None),
    (
        "Tyrell Corp",
        "Microsoft 365 Business Standard",
        "STANDARD",
        14,
        0,
        "Billable",
        "Active",
        "",
        None,
    ),
    ("Oscorp Industries", "EXO P1", "EXO1", 3, 0, "Billable", "Active", "", None),
    (
        "Oscorp Industries",
        "Microsoft Defender for Business",
        "DEFENDER",
        3,
        0,
        "Billable",
        "Active",
        "",
        None,
    ),
    ("Bluth Company", "M365 BP", "PREMIUM", 11, 0, "Billable", "Active", "", None),
    (
        "Dunder Mifflin Paper",
        "M365 Business Standard",
        "STANDARD",
        30,
        0,
        "Billable",
        "Active",
        "",
        None,
    ),
    ("Sterling Cooper", "M365 Business Standard", "STANDARD", 9, 0, "Billable", "Active", "", None),
    ("Wonka Industries", "M365 Business Basic", "BASIC", 40, 0, "Billable", "Active", "", None),
    ("Monsters, Inc.", "Exchange Online Plan 1", "EXO1", 12, 0, "Billable", "Active", "", None),
    ("Monsters, Inc.", "Teams Essentials", "TEAMS_ESS", 4, 0, "Billable", "Active", "", None),
    ("Aperture Science", "Microsoft 365 E5", "E5", 5, 0, "Billable", "Active", "", None),
]
# PSA lines no vendor line accounts for: labour, bundles, other vendors' products.
PSA_OTHER = [
    ("Soylent Corp", "Managed Services - Per User", "MSP-PU", 6, Decimal("95.00")),
    ("Soylent Corp", "Remote Support Block (10 h)", "LAB-10H", 1, Decimal("500.00")),
    ("Vandelay Industries", "Huntress Managed EDR", "HUNTRESS-EDR", 12, Decimal("5.00")),
]


def _uuid(*parts: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "recon-example:" + ":".join(parts)))


def _tenant_of(name: str) -> str:
    # One tenant per customer; Hooli was renamed during the month but kept its tenant.
    return _uuid("tenant", "Hooli" if name.startswith("Hooli") else name)


def vendor_rows() -> list[dict[str, str]]:
    rows = []
    for n, (customer, key, charge, qty, frequency) in enumerate(VENDOR, start=1):
        product_id, product_name, cost = PRODUCTS[key]
        unit = cost * 12 if frequency == "Annual" else cost
        tenant = _tenant_of(customer)
        subscription = _uuid("subscription", tenant, key, str(n) if "Initech" in customer else "")
        subtotal = unit * qty
        rows.append(
            {
                "PartnerId": _uuid("partner"),
                "CustomerId": tenant,
                "CustomerName": customer,
                "CustomerDomainName": "".join(ch for ch in customer.lower() if ch.isalnum())[:20]
                + ".onmicrosoft.com",
                "CustomerCountry": "US",
                "InvoiceNumber": "G012345678",
                "MpnId": "1234567",
                "Tier2MpnId": "",
                "OrderId": _uuid("order", subscription)[:13],
                "OrderDate": "11/1/2026",
                "ProductId": product_id,
                "SkuId": "0001",
                "AvailabilityId": "CFQ7TTC0TEST",
                "SkuName": product_name,
                "ProductName": product_name,
                "ChargeType": charge,
                "UnitPrice": f"{unit:.2f}",
                "Quantity": str(qty),
                "Subtotal": f"{subtotal:.2f}",
                "TaxTotal": "0.00",
                "Total": f"{subtotal:.2f}",
                "Currency": "USD",
                "PriceAdjustmentDescription": "",
                "PublisherName": "Microsoft Corporation",
                "PublisherId": "",
                "SubscriptionDescription": product_name,
                "SubscriptionId": subscription,
                "ChargeStartDate": "11/1/2026",
                "ChargeEndDate": "11/30/2026",
                "TermAndBillingCycle": (
                    "One-Year commitment for yearly billing"
                    if frequency == "Annual"
                    else "One-Month commitment for monthly billing"
                ),
                "EffectiveUnitPrice": f"{unit:.2f}",
                "UnitType": "Licenses",
                "AlternateId": _uuid("alt", str(n))[:12],
                "BillableQuantity": str(qty),
                "BillingFrequency": frequency,
                "PricingCurrency": "USD",
                "PCToBCExchangeRate": "1",
                "PCToBCExchangeRateDate": "11/1/2026",
                "MeterDescription": "",
                "ReservationOrderId": "",
                "CreditReasonCode": "",
                "SubscriptionStartDate": "1/1/2026",
                "SubscriptionEndDate": "12/31/2026",
                "ReferenceId": "",
                "ProductQualifiers": "",
                "PromotionId": "",
                "ProductCategory": "Azure" if key == "AZURE" else "OnlineServicesNCE",
            }
        )
    return rows


def psa_rows() -> list[dict[str, str]]:
    rows = []
    for company, description, key, qty, less, bill, status, cancelled, override in PSA:
        product_id, price = PSA_PRICE[key]
        price = override if override is not None else price
        rows.append(
            _psa_row(company, product_id, description, qty, less, price, bill, status, cancelled)
        )
    for company, description, product_id, qty, price in PSA_OTHER:
        rows.append(
            _psa_row(company, product_id, description, qty, 0, price, "Billable", "Active", "")
        )
    rows.sort(key=lambda r: (r["Company Name"], r["Product ID"]))
    return rows


def _psa_row(
    company: str,
    product_id: str,
    description: str,
    qty: int,
    less: int,
    price: Decimal,
    bill: str,
    status: str,
    cancelled: str,
) -> dict[str, str]:
    return {
        "Company Name": company,
        "Agreement Name": f"{company.split(',', 1)[0]} - Managed Services",
        "Agreement Type": "Managed Services",
        "Product ID": product_id,
        "Description": description,
        "Quantity": str(qty),
        "Less Included": str(less),
        "Price": f"${price:,.2f}",
        "Ext Price": f"${price * (qty - less):,.2f}",
        "Bill": bill,
        "Addition Status": status,
        "Effective": "1/1/2026",
        "Cancelled": cancelled,
    }


def write(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    write(HERE / "vendor_partner_center.csv", NCE_HEADER, vendor_rows())
    write(HERE / "psa_connectwise.csv", CW_HEADER, psa_rows())


if __name__ == "__main__":
    main()
