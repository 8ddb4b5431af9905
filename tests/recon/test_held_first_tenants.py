"""A first tenant held in review whose lone second tenant makes up the candidate's bill.

``recon.match.held_first_tenants``: Microsoft lists each tenant as a customer of its own, so
"Larkspur Peak Communications LP" keeps a second tenant, "... (Tampa)", while the MSP bills
the organisation as one PSA company, "Larkspur Peak Communications LP Denver". The first
tenant alone holds part of every line, so it waited in review and the second tenant's lines
all showed "bought, not billed"; summed, the two tenants are the company's bill line for line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.recon.cli_run import AUTOTASK, autotask_service, reconcile_json

FIRST = "Larkspur Peak Communications LP"
TENANT = "Larkspur Peak Communications LP (Tampa)"
COMPANY = "Larkspur Peak Communications LP Denver"
BP, E3 = "Microsoft 365 Business Premium", "Microsoft 365 E3"
STD, F1 = "Microsoft 365 Business Standard", "Microsoft 365 F1"
BASIC = "Microsoft 365 Business Basic"
DFO = "Microsoft Defender for Office 365 (Plan 1)"


def _files(tmp_path: Path, tenant_f1: int) -> tuple[str, str, str]:
    """Three plain clients, the two tenants, and the one company billing their sums (F1: the
    tenants buy 4 + ``tenant_f1``, the company bills 7)."""
    vendor = ["Customer Name,Product Name,Quantity,Unit Cost"]
    psa = [AUTOTASK]
    for i, client in enumerate(("Brightwater Plumbing", "Cedar Ridge Dental", "Northgate Inc")):
        vendor.append(f"{client},{BP},{10 + i},22.00")
        psa.append(autotask_service(client, BP, 10 + i, "26.00", "22.00"))
    vendor += [
        f"{FIRST},{BP},5,22.00",
        f"{FIRST},{BASIC},9,6.00",
        f"{FIRST},{STD},1,12.50",
        f"{FIRST},{DFO},9,2.00",
        f"{FIRST},{F1},4,2.25",
        f"{TENANT},{E3},5,36.00",
        f"{TENANT},{STD},3,12.50",
        f"{TENANT},{DFO},2,2.00",
        f"{TENANT},{F1},{tenant_f1},2.25",
    ]
    for text, seats, price, cost in (
        (BP, 5, "26.00", "22.00"),
        (BASIC, 9, "7.20", "6.00"),
        (E3, 5, "44.00", "36.00"),
        (STD, 4, "15.00", "12.50"),
        (DFO, 11, "2.90", "2.00"),
        (F1, 7, "3.10", "2.25"),
    ):
        psa.append(autotask_service(COMPANY, text, seats, price, cost))
    (tmp_path / "vendor.csv").write_text("\n".join(vendor) + "\n")
    (tmp_path / "psa.csv").write_text("\n".join(psa) + "\n")
    return str(tmp_path / "vendor.csv"), str(tmp_path / "psa.csv"), str(tmp_path / "r.db")


def _gaps(report: dict[str, Any]) -> list[tuple[str | None, str, str, int, int]]:
    return sorted(
        (g["vendor_client"], g["product"], g["kind"], g["vendor_qty"], g["psa_qty"])
        for g in report["gaps"]
    )


def test_two_tenants_summing_to_the_candidates_bill_are_its_client(tmp_path: Path) -> None:
    report = reconcile_json(_files(tmp_path, 3))
    assert report["review"] == []
    assert _gaps(report) == []
    paired = {(m["vendor_client"], m["psa_client"]) for m in report["matches"]}
    assert {(FIRST, COMPANY), (TENANT, COMPANY)} <= paired


def test_the_organisations_gap_shows_once_summed(tmp_path: Path) -> None:
    report = reconcile_json(_files(tmp_path, 5))
    assert report["review"] == []
    assert [g[1:] for g in _gaps(report)] == [(F1, "quantity_mismatch", 9, 7)]


def test_sums_off_on_most_lines_leave_the_review(tmp_path: Path) -> None:
    files = _files(tmp_path, 3)
    psa = Path(files[1])
    text = psa.read_text()
    text = text.replace(f"{COMPANY},{STD},4,", f"{COMPANY},{STD},9,")
    psa.write_text(text.replace(f"{COMPANY},{DFO},11,", f"{COMPANY},{DFO},20,"))
    report = reconcile_json(files)
    assert TENANT not in {m["vendor_client"] for m in report["matches"]}


def test_a_tenant_buying_what_the_company_never_bills_leaves_the_review(tmp_path: Path) -> None:
    files = _files(tmp_path, 3)
    vendor = Path(files[0])
    vendor.write_text(vendor.read_text() + f"{TENANT},Power BI Pro,4,10.00\n")
    report = reconcile_json(files)
    assert FIRST in {item["vendor_client"] for item in report["review"]}
