"""A registered place's pair agreeing on one subscription whose product's total does not.

``recon.match.registered_sums``: Partner Center bills "Harlan Bakery Group of Tampa" (a
franchisee named for its territory) 9 Business Standard seats as two subscriptions, 6 and
3; the PSA bills "Harlan Bakery Group" 3 Business Standard and 3 Defender. The 3 agreed line
by line, so the pair was held in review with "6 short" pending it, hiding the franchise's 9
seats billed nowhere and the other company's 3 bought nowhere.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from tests.recon.cli_run import reconcile_json

CUSTOMER, COMPANY = "Harlan Bakery Group of Tampa", "Harlan Bakery Group"
BS, BP = "Microsoft 365 Business Standard", "Microsoft 365 Business Premium"
DEFENDER = "Microsoft Defender for Office 365 (Plan 2)"
HEADER = [
    "CustomerId", "CustomerName", "ProductId", "SkuId", "SkuName", "ProductName", "ChargeType",
    "UnitPrice", "Quantity", "BillableQuantity", "SubscriptionId", "ChargeStartDate",
    "ChargeEndDate", "TermAndBillingCycle", "BillingFrequency", "Currency", "PricingCurrency",
    "SubscriptionStartDate", "SubscriptionEndDate", "EffectiveUnitPrice", "AvailabilityId",
    "PublisherName",
]  # fmt: skip
#: Other customers: forty, so a line one client holds is rare evidence (the leftovers pass
#: weighs a line by how few clients hold it).
OTHERS = [(f"Client {n:02d} Holdings", f"t-{n}", 10 + n) for n in range(40)]


def _row(
    client: str, client_id: str, product: str, qty: int, sub: str, price: str, term: str
) -> list[str]:
    """One November cycle charge of one subscription."""
    return [
        client_id, client, "CFQ7TTC0LCHC", "0002", product, product, "cycleCharge", price,
        str(qty), str(qty), sub, "11/1/2026", "11/30/2026", term, "Monthly", "USD",
        "USD", "1/1/2026", "12/31/2026", price, "X", "Microsoft Corporation",
    ]  # fmt: skip


def _report(tmp_path: Path, bought: tuple[int, ...]) -> dict[str, Any]:
    """The customer buys Business Standard as ``bought`` subscriptions; the company is
    billed 3 Business Standard and 3 Defender."""
    # seats added on another term: another subscription, at that term's price
    terms = (("12.85", "1 Month, Monthly"), ("10.71", "1 Year, Monthly"))
    rows = [_row(CUSTOMER, "t-hb", BS, n, f"s-hb{i}", *terms[i]) for i, n in enumerate(bought)]
    psa = [["Company", "Product", "Quantity", "Unit Price"]]
    psa += [[COMPANY, BS, "3", "17.35"], [COMPANY, DEFENDER, "3", "7.01"]]
    for name, tid, qty in OTHERS:
        rows.append(_row(name, tid, BP, qty, f"s-{tid}", "20.00", "1 Year, Monthly"))
        psa.append([name, BP, str(qty), "26.00"])
    for path, table in (("vendor.csv", [HEADER, *rows]), ("psa.csv", psa)):
        with (tmp_path / path).open("w", newline="") as handle:
            csv.writer(handle).writerows(table)
    files = (str(tmp_path / "vendor.csv"), str(tmp_path / "psa.csv"), str(tmp_path / "r.db"))
    return reconcile_json(files)


def _gaps(report: dict[str, Any]) -> set[tuple[str, str, str, int]]:
    return {(g["client"], g["product"], g["kind"], g["seat_delta"]) for g in report["gaps"]}


def test_one_subscription_agreeing_is_no_line_agreeing(tmp_path: Path) -> None:
    report = _report(tmp_path, (6, 3))
    assert report["review"] == []
    assert _gaps(report) == {
        (CUSTOMER, BS, "missing_in_psa", 9),
        (COMPANY, BS, "missing_in_vendor", -3),
        (COMPANY, DEFENDER, "missing_in_vendor", -3),
    }


@pytest.mark.parametrize("bought", [(3,), (1, 2)], ids=["one-line", "summed-alike"])
def test_a_line_agreeing_once_summed_keeps_the_question(
    tmp_path: Path, bought: tuple[int, ...]
) -> None:
    (item,) = _report(tmp_path, bought)["review"]
    assert item["vendor_client"] == CUSTOMER
