"""The first tenant, lone, beside its second tenant paired with the one PSA company.

``recon.engine.tenant_firsts``: Microsoft sells "Nolan Dental Group" Exchange (its first
tenant) and "Nolan Dental Group (Plano)" Intune and Visio (its second); the MSP bills all
three products as one company named after the office it serves, "Nolan Dental Group Plano".
Matching pairs the company with the second tenant: the first tenant's Exchange was "bought,
not billed" beside the company's Exchange "billed, not bought". One family question instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from recon.model import FAMILY_WORDS
from tests.recon.cli_run import reconcile_json

FIRST, SECOND = "Nolan Dental Group", "Nolan Dental Group (Plano)"
COMPANY = "Nolan Dental Group Plano"
EXO, INTUNE, VISIO = "Exchange Online (Plan 1)", "Microsoft Intune Plan 1", "Visio Plan 2"
COST = {EXO: "4.00", INTUNE: "8.00", VISIO: "12.00"}


def _report(tmp_path: Path, first: dict[str, int], billed: dict[str, int]) -> dict[str, Any]:
    vendor = ["Customer Name,Product Name,Quantity,Unit Cost"]
    psa = ["Company,Product,Quantity,Unit Price"]
    for i, client in enumerate(("Brightwater Plumbing", "Cedar Ridge Dental", "Northgate Inc")):
        vendor += [f"{client},{EXO},{10 + i},4.00", f"{client},{VISIO},{3 + i},12.00"]
        psa += [f"{client},{EXO},{10 + i},5.00", f"{client},{VISIO},{3 + i},15.00"]
    vendor += [f"{FIRST},{p},{n},{COST[p]}" for p, n in first.items()]
    vendor += [f"{SECOND},{INTUNE},5,8.00", f"{SECOND},{VISIO},4,12.00"]
    psa += [f"{COMPANY},{p},{n},20.00" for p, n in billed.items()]
    (tmp_path / "vendor.csv").write_text("\n".join(vendor) + "\n")
    (tmp_path / "psa.csv").write_text("\n".join(psa) + "\n")
    paths = (tmp_path / "vendor.csv", tmp_path / "psa.csv", tmp_path / "r.db")
    return reconcile_json(tuple(str(p) for p in paths))


def _family(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [q for q in report["questions"] if q.get("kind") == "family"]


def test_a_first_tenant_beside_its_paired_second_is_one_family_question(tmp_path: Path) -> None:
    report = _report(tmp_path, {EXO: 2}, {EXO: 2, INTUNE: 5, VISIO: 4})
    (question,) = _family(report)
    assert set(question["vendor_clients"]) >= {FIRST}
    assert question["psa_clients"] == [COMPANY]
    # The Exchange on both sides waits for the answer: no "bought, not billed" beside a
    # "billed, not bought".
    assert all(g["rests_on"].startswith(FAMILY_WORDS) for g in report["gaps"])


def test_a_first_tenant_holding_what_the_company_does_not_bill_is_asked_about_by_none(
    tmp_path: Path,
) -> None:
    # The lone customer's Exchange is far from the company's excess (2 billed, 9 bought).
    report = _report(tmp_path, {EXO: 9}, {EXO: 2, INTUNE: 5, VISIO: 4})
    assert _family(report) == []
