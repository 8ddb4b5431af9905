"""A second tenant held in review beside its first, for the one company, is no question.

``recon.match.held_second_tenants``: "Maple Ridge CPA Group Ltd." and its second Microsoft
tenant "... (Omaha)" each looked like the one PSA company "Maple Ridge CPA", so both waited in
review and the company, offered to two items, was compared for neither: the organisation's
two real shortfalls (Business Premium 3 bought, 6 billed; Exchange 5 bought, 9 billed) hid
behind two questions. The tenant's EDR seats make the company's exactly with the first's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.recon.cli_run import AUTOTASK, autotask_service, reconcile_json

FIRST = "Maple Ridge CPA Group Ltd."
TENANT = "Maple Ridge CPA Group Ltd. (Omaha)"
COMPANY = "Maple Ridge CPA"
BP, EXO, EDR = "Microsoft 365 Business Premium", "Exchange Online (Plan 1)", "Huntress Managed EDR"


def _files(tmp_path: Path, tenant_edr: int) -> tuple[str, str, str]:
    vendor = ["Customer Name,Product Name,Quantity,Unit Cost"]
    psa = [AUTOTASK]
    for i, client in enumerate(("Brightwater Plumbing", "Cedar Ridge Dental", "Northgate Inc")):
        vendor.append(f"{client},{BP},{10 + i},22.00")
        psa.append(autotask_service(client, BP, 10 + i, "26.00", "22.00"))
    vendor += [
        f"{FIRST},{BP},3,19.07",
        f"{FIRST},{EDR},4,3.55",
        f"{FIRST},{EXO},5,4.25",
        f"{TENANT},{EDR},{tenant_edr},3.55",
    ]
    for text, seats, price, cost in (
        (BP, 6, "28.33", "19.07"),
        (EDR, 6, "4.22", "3.55"),
        (EXO, 9, "5.64", "4.25"),
    ):
        psa.append(autotask_service(COMPANY, text, seats, price, cost))
    (tmp_path / "vendor.csv").write_text("\n".join(vendor) + "\n")
    (tmp_path / "psa.csv").write_text("\n".join(psa) + "\n")
    return str(tmp_path / "vendor.csv"), str(tmp_path / "psa.csv"), str(tmp_path / "r.db")


def _gaps(report: dict[str, Any]) -> set[tuple[str, str, int, int]]:
    return {(g["product"], g["kind"], g["vendor_qty"], g["psa_qty"]) for g in report["gaps"]}


def test_the_organisations_shortfalls_show_pending_the_first_tenants_question(
    tmp_path: Path,
) -> None:
    report = reconcile_json(_files(tmp_path, 2))
    assert [item["vendor_client"] for item in report["review"]] == [FIRST]
    assert {(BP, "quantity_mismatch", 3, 6), (EXO, "quantity_mismatch", 5, 9)} <= _gaps(report)
    assert not any(g["vendor_client"] == TENANT for g in report["gaps"])


def test_a_tenant_filling_no_shortfall_stays_in_review(tmp_path: Path) -> None:
    report = reconcile_json(_files(tmp_path, 1))
    assert TENANT in {item["vendor_client"] for item in report["review"]}
