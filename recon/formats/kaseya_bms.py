"""Kaseya BMS recurring services on contracts, exported to CSV.

Kaseya BMS export headers are not documented (no real file has been seen); this format is
modelled on the BMS UI and API vocabulary: Account (Name), Contract (Name / Number),
Service / Item (Name), Quantity, Price / Rate, (Billing) Frequency, Status, Start / End Date.
When a real export differs, detection falls back to ``generic_psa`` and the error names the
``--map`` to add; please send a header row so this module can be corrected.

Semantics: inactive (cancelled, expired, ...) rows are skipped, as are rows ended before
``as_of`` or starting after it; prices are made monthly by the frequency column.
"""

from __future__ import annotations

from recon.formats.spec import FormatSpec
from recon.model import Role, Side

_SIGNATURE = frozenset(
    {
        "Account Name", "Account", "Contract Name", "Contract Number", "Contract",
        "Service Name", "Service Item", "Recurring Service", "Frequency",
        "Billing Frequency", "Rate", "Service Type", "Item Name",
    }
)  # fmt: skip

SPEC = FormatSpec(
    name="kaseya_bms",
    label="Kaseya BMS recurring services",
    side=Side.PSA,
    signature=_SIGNATURE,
    min_hits=4,
    preferences={
        Role.CLIENT: ("Account Name", "Account"),
        Role.PRODUCT: ("Service Name", "Service", "Service Item", "Item Name", "Item"),
        Role.SKU: ("Service Code", "Item Code", "Item Number"),
        Role.QUANTITY: ("Quantity", "Qty"),
        Role.UNIT_PRICE: ("Price", "Rate", "Unit Price"),
        Role.AMOUNT: ("Amount", "Total"),
        Role.STATUS: ("Status", "Contract Status"),
        Role.BILLING_CYCLE: ("Frequency", "Billing Frequency"),
        Role.AGREEMENT: ("Contract Name", "Contract", "Contract Number"),
    },
    ignore=frozenset({"Cost", "Unit Cost"}),
    credits=True,  # discount and credit additions carry a negative price
)
