"""Write the PSA side: ConnectWise Manage agreement additions or Autotask contract services.

Neither PSA documents its CSV export's header (domain.md 2c, 2d), so the columns use the
vocabulary of their UI and public APIs: ConnectWise's Additions tab (Company Name, Agreement
Name, Product ID, Description, Quantity, Less Included, Price, Cost, Ext Price, Bill,
Addition Status, Effective, Cancelled) and Autotask's recurring service contracts (Contract
Name, Contract Type, Contract Status, Organization Name, Service Name, Units, Unit Price,
Adjusted Price, Unit Cost, Period Type, Start Date, End Date). Billed seats are Quantity -
Less Included on an Active, Billable addition; an Autotask service counts on an Active
Recurring Service contract.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from benchmarks.independent.model import Client, PsaLine
from benchmarks.independent.vendor_files import _Writer

CONNECTWISE_HEADER = [
    "Company Name",
    "Agreement Name",
    "Agreement Type",
    "Agreement Status",
    "Product ID",
    "Description",
    "Quantity",
    "Less Included",
    "Price",
    "Cost",
    "Ext Price",
    "Bill",
    "Addition Status",
    "Effective",
    "Cancelled",
]
AUTOTASK_HEADER = [
    "Contract Name",
    "Contract Type",
    "Contract Status",
    "Organization Name",
    "Service Name",
    "Units",
    "Unit Price",
    "Adjusted Price",
    "Unit Cost",
    "Period Type",
    "Start Date",
    "End Date",
]
CENT = Decimal("0.01")


def _date(day: dt.date | None) -> str:
    return f"{day.month:02d}/{day.day:02d}/{day.year}" if day else ""


def _lines(client: Client) -> list[PsaLine]:
    lines = [line for h in client.holdings for line in h.psa]
    return lines + client.services


def write_connectwise(path: Path, clients: list[Client], as_of: dt.date) -> int:
    """ConnectWise agreement additions; returns data lines."""
    out = _Writer(path, CONNECTWISE_HEADER)
    for client in clients:
        if client.psa_name is None:
            continue
        for line in _lines(client):
            out.row(
                {
                    "Company Name": client.psa_name,
                    "Agreement Name": line.agreement,
                    "Agreement Type": "Managed Services"
                    if line.pid.startswith("svc-")
                    else "Licensing",
                    "Agreement Status": "Active",
                    "Product ID": line.catalogue_id,
                    "Description": line.spelling,
                    "Quantity": line.quantity,
                    "Less Included": line.less_included or "",
                    "Price": str(line.unit_price),
                    "Cost": str(line.unit_cost),
                    "Ext Price": str((line.unit_price * line.billed).quantize(CENT)),
                    "Bill": "Billable",
                    "Addition Status": "Active" if line.active else "Cancelled",
                    "Effective": _date(line.start),
                    "Cancelled": _date(line.end),
                }
            )
    return out.close()


def write_autotask(path: Path, clients: list[Client], as_of: dt.date) -> int:
    """Autotask recurring service contract services; returns data lines."""
    out = _Writer(path, AUTOTASK_HEADER)
    for client in clients:
        if client.psa_name is None:
            continue
        for i, line in enumerate(_lines(client)):
            adjusted = i % 4 == 1  # a quarter of services carry a negotiated price
            out.row(
                {
                    "Contract Name": line.agreement
                    if line.active
                    else f"{line.agreement} (expired)",
                    "Contract Type": "Recurring Service",
                    "Contract Status": "Active" if line.active else "Inactive",
                    "Organization Name": client.psa_name,
                    "Service Name": line.spelling,
                    "Units": line.quantity,
                    "Unit Price": str((line.unit_price * Decimal("1.10")).quantize(CENT))
                    if adjusted
                    else str(line.unit_price),
                    "Adjusted Price": str(line.unit_price) if adjusted else "",
                    "Unit Cost": str(line.unit_cost),
                    "Period Type": "Yearly" if line.period_months == 12 else "Monthly",
                    "Start Date": _date(line.start),
                    "End Date": _date(line.end),
                }
            )
    return out.close()


PSA_WRITERS = {"connectwise": write_connectwise, "autotask": write_autotask}
