"""Autotask (Datto) PSA recurring service contracts: contract services exported to CSV.

The UI export's headers are not documented; spellings follow the UI and the REST entities
(``Contracts``, ``ContractServices``, ``ContractServiceUnits``): Contract Name, Organization /
Account / Company Name, Service (Name), Units, Unit Price, Adjusted Price, Period Type,
Contract Status, Contract Type, Start Date, End Date. When a real export differs, detection
falls back to ``generic_psa`` and the error names the ``--map`` to add.

Semantics: Adjusted Price wins over Unit Price when it is filled in; prices are made monthly by
Period Type (Quarterly /3, Semi-Annual /6, Yearly /12). Inactive contracts are skipped, as are
services whose contract ended before ``as_of`` or starts after it, and rows whose Contract Type
is given and is not a recurring service contract.
"""

from __future__ import annotations

from recon.formats.rows import Rows
from recon.formats.spec import FormatSpec
from recon.model import Role, Side


def _recurring_only(rows: Rows) -> None:
    column = rows.extra("Contract Type")
    if column is not None:
        rows.skip(
            column,
            lambda v: (
                "" if not v or "recurring" in v.lower() else f"not a recurring contract ({v})"
            ),
        )


_SIGNATURE = frozenset(
    {
        "Period Type", "Contract Period Type", "Adjusted Price", "Contract Status",
        "Contract Type", "Contract Category", "Service Bundle", "Internal Currency Adjusted Price",
        "Billing Code", "Contract Name",
    }
)  # fmt: skip

SPEC = FormatSpec(
    name="autotask",
    label="Autotask recurring service contracts",
    side=Side.PSA,
    signature=_SIGNATURE,
    min_hits=3,
    preferences={
        Role.CLIENT: ("Organization Name", "Organization", "Account Name", "Account", "Company"),
        Role.PRODUCT: ("Service Name", "Service", "Service Bundle", "Invoice Description"),
        Role.SKU: ("Service Code", "Billing Code", "Service ID"),
        Role.QUANTITY: ("Units", "Quantity"),
        Role.UNIT_PRICE: ("Adjusted Price", "Unit Price", "Price"),
        Role.AMOUNT: ("Extended Price", "Total Price"),
        Role.STATUS: ("Contract Status", "Status"),
        Role.BILLING_CYCLE: ("Period Type", "Contract Period Type", "Billing Period"),
        Role.START_DATE: ("Start Date", "Contract Start Date"),
        Role.END_DATE: ("End Date", "Contract End Date"),
        Role.AGREEMENT: ("Contract Name", "Contract"),
    },
    ignore=frozenset({"Unit Cost", "Internal Currency Unit Price", "Extended Cost"}),
    fallbacks={Role.UNIT_PRICE: ("Unit Price",)},
    extra_rules=_recurring_only,
    credits=True,  # discount and credit additions carry a negative price
    unit_cost=("Unit Cost",),
)
