"""A lone vendor customer whose second tenant, named after it, is paired is that family's first
tenant (``recon.match.tenant_holders``).

Pax8 lists each Microsoft tenant of an organisation as a company of its own, the second named
after the first with the word "Tenant". "Heron Field Media Grp Corp." buys the organisation's
backup (1 Acronis Cyber Protect Cloud seat), "... - Raleigh Tenant" its 6 Office 365 E3 seats;
the MSP bills one company, its name typed a letter off ("Heron Fied Media Group"), the backup
under its own text ("Managed Backup - Workstation", which names Acronis's kind). The lines
pair the company with the second tenant only: the first tenant's seat was "bought, not
billed" beside the company's backup "billed, not bought".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.recon.cli_run import reconcile_json

E3, ACRONIS = "Office 365 E3", "Acronis Cyber Protect Cloud"
HOLDER = "Heron Field Media Grp Corp."
TENANT = f"{HOLDER} - Raleigh Tenant"
COMPANY = "Heron Fied Media Group"
OTHERS = ("Brightwater Plumbing", "Cedar Ridge Dental", "Northgate Logistics", "Summit Legal Group")


def _files(tmp_path: Path, tenant: str = TENANT) -> tuple[str, str, str]:
    vendor = ["Customer Name,Product Name,Quantity,Unit Cost"]
    psa = ["Company,Product,Quantity,Unit Price"]
    for i, client in enumerate(OTHERS):
        vendor += [f"{client},{E3},{10 + i},18.45", f"{client},{ACRONIS},{2 + i},4.29"]
        psa += [f"{client},{E3},{10 + i},23.76", f"{client},{ACRONIS},{2 + i},6.36"]
    vendor += [f"{HOLDER},{ACRONIS},1,4.29", f"{tenant},{E3},6,18.45"]
    psa += [f"{COMPANY},{E3},6,23.76", f"{COMPANY},Managed Backup - Workstation,1,6.36"]
    (tmp_path / "vendor.csv").write_text("\n".join(vendor) + "\n")
    (tmp_path / "psa.csv").write_text("\n".join(psa) + "\n")
    return str(tmp_path / "vendor.csv"), str(tmp_path / "psa.csv"), str(tmp_path / "r.db")


def _heron(report: dict[str, Any]) -> list[tuple[str, str]]:
    return [(g["kind"], g["product"]) for g in report["gaps"] if "Heron" in g["client"]]


def test_the_first_tenant_joins_its_paired_second_tenants_family(tmp_path: Path) -> None:
    report = reconcile_json(_files(tmp_path), "--no-save")
    assert _heron(report) == []
    paired = {m["vendor_client"]: m["psa_client"] for m in report["matches"]}
    assert paired[HOLDER] == paired[TENANT] == COMPANY


def test_a_label_that_does_not_say_tenant_joins_nothing(tmp_path: Path) -> None:
    report = reconcile_json(_files(tmp_path, f"{HOLDER} - Raleigh"), "--no-save")
    paired = {m["vendor_client"]: m["psa_client"] for m in report["matches"]}
    assert HOLDER not in paired
