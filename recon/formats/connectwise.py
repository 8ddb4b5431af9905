"""ConnectWise Manage (PSA) agreement additions: the Additions list view exported to CSV.

ConnectWise exports list views, so the columns depend on the user's view. Spellings come from
the Agreement Search Additions tab, the per-agreement Additions tab (Company Name / Company,
Agreement Name, Product ID, Description, Quantity, Less Included, Price, Ext Price, Bill,
Addition Status, Agreement Status, Effective, Cancelled) and the API's ``Addition`` fields
(``lessIncluded``, ``unitPrice``, ``billCustomer``, ``effectiveDate``, ``cancelledDate``).

Semantics: billed seats are Quantity - Less Included (never below 0). An addition is billed
only while its Addition Status is Active, its agreement is not cancelled/expired/inactive, its
Bill is not Do Not Bill / No Charge, it is not cancelled on or before ``as_of`` and its
Effective date is not after ``as_of``. Product is Description (Product ID when empty), SKU is
Product ID. Price is per agreement billing cycle; a "Billing Cycle" column makes it monthly.
"""

from __future__ import annotations

from recon.formats.cells import flag_key
from recon.formats.rows import Rows
from recon.formats.rules import INACTIVE_STATUSES
from recon.formats.spec import FormatSpec
from recon.model import Role, Side


def _agreement_status(rows: Rows) -> None:
    column = rows.extra("Agreement Status")
    if column is not None:
        rows.skip(
            column,
            lambda v: (
                f"agreement {INACTIVE_STATUSES[k]}"
                if (k := flag_key(v)) in INACTIVE_STATUSES and k.isalpha() and len(k) > 1
                else ""
            ),
        )


_SIGNATURE = frozenset(
    {
        "Agreement Name", "Agreement Type", "Agreement Status", "Addition Status",
        "Addition Level", "Less Included", "Product Class", "Ext Price", "Prorate Price",
        "Bill", "Effective", "Cancelled", "Sequence", "Recurring Revenue", "Recurring Cost",
        "Purchase Item", "Drop Ship", "Special Order", "Ext Cost", "Bill Customer",
        "Effective Date", "Cancelled Date", "Agreement Id", "Invoice Description",
        "Sequence Number", "Prorate Current Period Flag", "Billed Quantity",
    }
)  # fmt: skip
_IGNORE = frozenset(
    {
        "Cost", "Unit Cost", "Ext Cost", "Extended Cost", "Recurring Cost", "Prorate Price",
        "Prorate Cost", "Margin", "Billed Quantity", "Agreement Status", "Agreement Type",
    }
)  # fmt: skip

SPEC = FormatSpec(
    name="connectwise",
    label="ConnectWise Manage agreement additions",
    side=Side.PSA,
    signature=_SIGNATURE,
    min_hits=3,
    preferences={
        Role.CLIENT: ("Company Name", "Company", "Company Identifier"),
        Role.PRODUCT: ("Description", "Invoice Description", "Product Description"),
        Role.SKU: ("Product ID", "Product Identifier", "Product"),
        Role.QUANTITY: ("Quantity",),
        Role.LESS_INCLUDED: ("Less Included", "lessIncluded"),
        Role.UNIT_PRICE: ("Price", "Unit Price"),
        Role.AMOUNT: ("Ext Price", "Extended Price"),
        Role.BILLABLE: ("Bill", "Bill Customer"),
        Role.STATUS: ("Addition Status",),
        Role.START_DATE: ("Effective", "Effective Date"),
        Role.END_DATE: ("Cancelled", "Cancelled Date"),
        Role.AGREEMENT: ("Agreement Name", "Agreement"),
        Role.BILLING_CYCLE: ("Billing Cycle",),
    },
    ignore=_IGNORE,
    fallbacks={Role.PRODUCT: ("Product ID", "Product Identifier")},
    active_statuses=frozenset({"active"}),
    extra_rules=_agreement_status,
    credits=True,  # discount and credit additions carry a negative price
    unit_cost=("Cost", "Unit Cost"),
)
