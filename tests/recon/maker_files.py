"""Small export pairs for the maker questions ("Is Egnyte bought from Pax8?").

A Pax8 subscription list (a marketplace: Microsoft and Huntress bought there) and a PSA that
also bills Egnyte, a maker the Pax8 file sells nothing of, at two clients.
"""

from __future__ import annotations

from pathlib import Path

BP = "Microsoft 365 Business Premium"
EDR = "Huntress Managed EDR"
EGNYTE = "Egnyte Business"
CLIENTS = (
    "Brightwater Plumbing",
    "Cedar Ridge Dental",
    "Northgate Logistics",
    "Summit Legal Group",
)
#: (client, seats) billed for Egnyte: the seats and money the question lists.
EGNYTE_LINES = (("Cedar Ridge Dental", 9), ("Summit Legal Group", 4))
EGNYTE_PRICE = "20.00"

_PAX8 = (
    "id,companyName,productName,vendorSkuId,quantity,startDate,status,currencyCode,"
    "partnerCost,billingTerm,commitmentTerm,commitmentTermEndDate,provisioningDetails"
)


def _pax8_row(i: int, client: str, product: str, seats: int, cost: str) -> str:
    return f"sub-{i},{client},{product},,{seats},2026-01-01,Active,USD,{cost},Monthly,Monthly,,"


def write_pair(
    folder: Path,
    *,
    huntress: bool = True,
    egnyte_bought: bool = False,
    egnyte: str = EGNYTE,
    vendor_egnyte: str = EGNYTE,
    vendor_egnyte_at: str | None = None,
) -> tuple[str, str, str]:
    """Write vendor.csv (Pax8 subscriptions) and psa.csv; return (vendor, PSA, database).

    Args:
        folder: where to write.
        huntress: the Pax8 file sells Huntress too (default True); False leaves it a
            Microsoft-only customer list (the PSA still bills Huntress).
        egnyte_bought: the Pax8 file sells Egnyte at the first Egnyte client (default False).
        egnyte: how the PSA writes the Egnyte lines (default the catalogue's name).
        vendor_egnyte: how the Pax8 file writes the Egnyte it sells (default the same).
        vendor_egnyte_at: the client the Pax8 file sells it to (default the first Egnyte
            client, at its seats; another client gets 2 seats).
    """
    vendor = [_PAX8]
    psa = ["Company,Product,Quantity,Unit Price"]
    row = 0
    for i, client in enumerate(CLIENTS):
        row += 1
        vendor.append(_pax8_row(row, client, BP, 10 + i, "22.00"))
        psa.append(f"{client},{BP},{10 + i},26.00")
        if huntress:
            row += 1
            vendor.append(_pax8_row(row, client, EDR, 10 + i, "3.00"))
        psa.append(f"{client},{EDR},{10 + i},5.00")
    for client, seats in EGNYTE_LINES:
        psa.append(f"{client},{egnyte},{seats},{EGNYTE_PRICE}")
    if egnyte_bought:
        client, seats = EGNYTE_LINES[0]
        if vendor_egnyte_at is not None:
            client, seats = vendor_egnyte_at, 2
        vendor.append(_pax8_row(row + 1, client, vendor_egnyte, seats, "15.00"))
    (folder / "vendor.csv").write_text("\n".join(vendor) + "\n")
    (folder / "psa.csv").write_text("\n".join(psa) + "\n")
    return str(folder / "vendor.csv"), str(folder / "psa.csv"), str(folder / "r.db")
