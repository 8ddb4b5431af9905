"""HaloPSA recurring invoice lines, exported to CSV (a report or the recurring invoice list).

HaloPSA export headers are not documented (no real file has been seen); this format is
modelled on the Halo UI and API vocabulary: Client (Name), Recurring Invoice / Contract,
Item / Description (``item_shortdescription``), Quantity (``qty_order``), Unit Price / Price
(``unit_price``), Net Amount, Active, Billing Period. When a real export differs, detection
falls back to ``generic_psa`` and the error names the ``--map`` to add; please send a header
row so this module can be corrected.

Semantics: rows whose Active flag is No (or whose status is inactive) are skipped, as are rows
ended before ``as_of`` or starting after it; prices are made monthly by the billing period.
"""

from __future__ import annotations

from recon.formats.spec import FormatSpec
from recon.model import Role, Side

_SIGNATURE = frozenset(
    {
        "Recurring Invoice", "Recurring Invoice Name", "Recurring Invoice ID",
        "client_name", "qty_order", "unit_price", "item_shortdescription", "item_code",
        "net_amount", "Billing Period", "Next Invoice Date", "Active",
    }
)  # fmt: skip

SPEC = FormatSpec(
    name="halopsa",
    label="HaloPSA recurring invoices",
    side=Side.PSA,
    signature=_SIGNATURE,
    min_hits=3,
    preferences={
        Role.CLIENT: ("client_name", "Client Name", "Client", "Customer"),
        Role.PRODUCT: ("item_shortdescription", "Item Name", "Item", "Description"),
        Role.SKU: ("item_code", "Item Code"),
        Role.QUANTITY: ("qty_order", "Quantity", "Qty"),
        Role.UNIT_PRICE: ("unit_price", "Unit Price", "Price"),
        Role.AMOUNT: ("net_amount", "Net Amount", "Amount"),
        Role.STATUS: ("Active", "Status"),
        Role.BILLING_CYCLE: ("Billing Period", "Period", "Frequency"),
        Role.AGREEMENT: ("Recurring Invoice Name", "Recurring Invoice", "Contract"),
    },
    ignore=frozenset({"Cost", "Unit Cost", "Cost Price"}),
    credits=True,  # discount and credit additions carry a negative price
)
