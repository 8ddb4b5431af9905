"""A second tenant's seat change on the first tenant's subscription is that customer's.

``recon.formats.subscription_owners``: Partner Center bills "Eagle Cove Foods" 15 Business
Premium seats (its cycle charge) and shows 3 seats given back on the same subscription under
the name of the organisation's second tenant ("Eagle Cove Foods - Austin Tenant"). The
subscription bills 12, as the PSA does: no gap, and no customer of 3 seats given back.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from tests.recon.cli_run import reconcile_json

BP = "Microsoft 365 Business Premium"
OWNER, TENANT = "Eagle Cove Foods", "Eagle Cove Foods - Austin Tenant"
NOV = ("11/1/2026", "11/30/2026")


def _row(client: str, client_id: str, charge: str, qty: int, sub: str, start: str) -> list[str]:
    return [
        client_id, client, "CFQ7TTC0LCHC", "0002", BP, BP, charge, "20.00", str(qty), str(qty),
        sub, start, NOV[1], "1 Month, Monthly", "Monthly", "USD", "USD", "1/1/2026", "12/31/2026",
        "20.00", "X", "Microsoft Corporation",
    ]  # fmt: skip


HEADER = [
    "CustomerId", "CustomerName", "ProductId", "SkuId", "SkuName", "ProductName", "ChargeType",
    "UnitPrice", "Quantity", "BillableQuantity", "SubscriptionId", "ChargeStartDate",
    "ChargeEndDate", "TermAndBillingCycle", "BillingFrequency", "Currency", "PricingCurrency",
    "SubscriptionStartDate", "SubscriptionEndDate", "EffectiveUnitPrice", "AvailabilityId",
    "PublisherName",
]  # fmt: skip
#: Other customers, so the run has more than one pair.
OTHERS = [("Brightwater Plumbing", "t-bw", 10, "s-bw"), ("Cedar Ridge Dental", "t-cr", 7, "s-cr")]


def _report(tmp_path: Path, vendor_rows: list[list[str]], billed: int = 12) -> dict[str, Any]:
    rows = [*vendor_rows]
    psa = [["Company", "Product", "Quantity", "Unit Price"], [OWNER, BP, str(billed), "26.00"]]
    for name, tid, qty, sub in OTHERS:
        rows.append(_row(name, tid, "cycleCharge", qty, sub, NOV[0]))
        psa.append([name, BP, str(qty), "26.00"])
    for path, table in (("vendor.csv", [HEADER, *rows]), ("psa.csv", psa)):
        with (tmp_path / path).open("w", newline="") as handle:
            csv.writer(handle).writerows(table)
    return reconcile_json(
        (str(tmp_path / "vendor.csv"), str(tmp_path / "psa.csv"), str(tmp_path / "r.db"))
    )


def test_a_tenants_seat_reduction_on_its_organisations_subscription_sums_with_it(
    tmp_path: Path,
) -> None:
    report = _report(
        tmp_path,
        [
            _row(OWNER, "t-owner", "cycleCharge", 15, "s-1", NOV[0]),
            _row(TENANT, "t-second", "removeQuantity", -3, "s-1", "11/18/2026"),
        ],
    )
    assert report["gaps"] == []
    assert report["review"] == []


def test_a_tenant_buying_on_its_own_stays_a_customer_of_its_own(tmp_path: Path) -> None:
    # The second tenant holds a cycle charge of its own (another subscription): a client of
    # its own, its 4 seats billed by no PSA company. The 3 seats it gave back were the first
    # tenant's subscription's: that subscription bills 12, as the PSA does.
    report = _report(
        tmp_path,
        [
            _row(OWNER, "t-owner", "cycleCharge", 15, "s-1", NOV[0]),
            _row(TENANT, "t-second", "removeQuantity", -3, "s-1", "11/18/2026"),
            _row(TENANT, "t-second", "cycleCharge", 4, "s-2", NOV[0]),
        ],
    )
    gaps = {(g["vendor_client"], g["vendor_qty"]) for g in report["gaps"]}
    assert (TENANT, 4) in gaps
    assert not any(client == OWNER for client, _ in gaps)


def test_a_tenant_buying_on_its_own_sums_with_its_organisation(tmp_path: Path) -> None:
    # "Campbell Solar" keeps a "(Legacy Tenant)" with a monthly subscription of its own and
    # changes 3 seats up and 5 down on the first tenant's annual one: the annual bills 4 + 3 -
    # 5 = 2, the organisation 5 + 2 + 1 = 8, as the one PSA company does.
    legacy = "Eagle Cove Foods (Legacy Tenant)"
    report = _report(
        tmp_path,
        [
            _row(OWNER, "t-owner", "cycleCharge", 5, "s-1", NOV[0]),
            _row(OWNER, "t-owner", "cycleCharge", 4, "s-2", NOV[0]),
            _row(legacy, "t-second", "addQuantity", 3, "s-2", "11/3/2026"),
            _row(legacy, "t-second", "removeQuantity", -5, "s-2", "11/5/2026"),
            _row(legacy, "t-second", "cycleCharge", 1, "s-3", NOV[0]),
        ],
        billed=8,
    )
    assert report["gaps"] == []


def test_a_subscription_two_customers_hold_in_full_moves_nothing(tmp_path: Path) -> None:
    # Both names hold a cycle charge of s-1: whose it is, the file does not say.
    report = _report(
        tmp_path,
        [
            _row(OWNER, "t-owner", "cycleCharge", 15, "s-1", NOV[0]),
            _row(TENANT, "t-second", "cycleCharge", 2, "s-1", NOV[0]),
            _row(TENANT, "t-second", "removeQuantity", -3, "s-1", "11/18/2026"),
        ],
    )
    assert (OWNER, 15) in {(g["vendor_client"], g["vendor_qty"]) for g in report["gaps"]}
