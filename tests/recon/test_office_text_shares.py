"""A shortfall at an office that its sibling office bills under the same text is no gap
(:mod:`recon.engine.office_text_shares`), through the CLI on small files.

"Quinn Dental Group, P.L.L.C." buys 19 Huntress SAT and 26 Entra ID P1; the PSA bills it as
two offices, "Quinn DentalGrp: Dayton Office" (11 "SAT (NCE)" and the 26 Entra ID P1) and
"...: Spokane Office" (the other 8 "SAT (NCE)"). The customer is held in review between the
offices and Dayton compared pending it: "bought 19, billed 11" at Dayton was a false gap.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.recon.cli_run import reconcile_json

CUSTOMER = '"Quinn Dental Group, P.L.L.C."'
DAYTON = "Quinn DentalGrp: Dayton Office"
SPOKANE = "Quinn DentalGrp: Spokane Office"
SAT = "Huntress Managed Security Awareness Training"


def _report(tmp_path: Path, spokane_sat: int) -> dict[str, Any]:
    vendor = [
        "Customer Name,Product Name,Quantity,Unit Cost",
        "Brightwater Plumbing,Microsoft 365 Business Premium,10,19.72",
        f"Brightwater Plumbing,{SAT},10,1.62",
        "Cedar Ridge Dental,Microsoft 365 Business Premium,11,19.72",
        f"Cedar Ridge Dental,{SAT},11,1.62",
        "Northgate Inc,Microsoft 365 Business Premium,12,19.72",
        "Northgate Inc,Microsoft Entra ID P1,4,6.17",
        f"{CUSTOMER},{SAT},19,1.62",
        f"{CUSTOMER},Microsoft Entra ID P1,26,6.17",
    ]
    psa = [
        "Company,Product,Quantity,Unit Price",
        "Brightwater Plumbing,Microsoft 365 Business Premium,10,22.00",
        "Brightwater Plumbing,SAT (NCE),10,2.66",
        "Cedar Ridge Dental,Microsoft 365 Business Premium,11,22.00",
        "Cedar Ridge Dental,Huntress SAT,11,2.66",
        "Northgate Inc,Microsoft 365 Business Premium,12,22.00",
        "Northgate Inc,Entra ID P1,4,7.99",
        f"{DAYTON},SAT (NCE),11,2.66",
        f"{DAYTON},Entra ID P1,26,7.99",
        f"{DAYTON},Managed Workstation,27,45.00",
        f"{SPOKANE},SAT (NCE),{spokane_sat},2.66",
        f"{SPOKANE},Managed Workstation,28,45.00",
    ]
    (tmp_path / "vendor.csv").write_text("\n".join(vendor) + "\n")
    (tmp_path / "psa.csv").write_text("\n".join(psa) + "\n")
    files = (str(tmp_path / "vendor.csv"), str(tmp_path / "psa.csv"), str(tmp_path / "r.db"))
    return reconcile_json(files, "--as-of", "2026-11-01")


def _office_gaps(report: dict[str, Any]) -> list[tuple[str, str, int, int]]:
    return [
        (g["kind"], g["client"], g["vendor_qty"], g["psa_qty"])
        for g in report["gaps"]
        if g["client"] in (DAYTON, SPOKANE)
    ]


def test_a_shortfall_the_sibling_office_bills_is_no_gap(tmp_path: Path) -> None:
    # Guard: Spokane bills the 8 SAT (NCE) seats Dayton is short of, so no gap at Dayton.
    report = _report(tmp_path, spokane_sat=8)
    assert _office_gaps(report) == []
    # The customer stays in review between its offices, with its money: one question.
    (item,) = [r for r in report["review"] if r["vendor_client"] == CUSTOMER.strip('"')]
    assert {c["psa_client"] for c in item["candidates"]} == {DAYTON, SPOKANE}
    assert item["money_at_stake"] == "191.20"


def test_a_real_shortfall_beside_the_sibling_still_shows(tmp_path: Path) -> None:
    # Spokane bills 6 of the 8: the offices are 2 seats short, and the gap shows pending.
    report = _report(tmp_path, spokane_sat=6)
    assert _office_gaps(report) == [("quantity_mismatch", DAYTON, 19, 11)]
    (gap,) = [g for g in report["gaps"] if g["client"] == DAYTON]
    assert gap["monthly_impact"] == "21.28"
    assert gap["rests_on"]
