"""A guessed line ("M365 Backup", read as Dropsuite Microsoft 365 Backup by its likeness to that
name) at a client buying no Dropsuite, completing Datto SaaS Protection only with a line another
question holds ("SaaS Backup" 7 asked about Datto's 11, "M365 Backup" 4 beside it): it waits
with that question, never a false "Dropsuite billed, not bought" (recon.engine.guess_surplus,
``completing_guesses``).

The files are a Pax8 subscriptions export and an Autotask contract services export, as the
CLI reads them: the client's lines are in both, named a little apart ("Dental" and "Dntl").
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner

from recon.cli import cli

#: The Pax8 subscriptions export's header; the columns not given below are left empty.
VENDOR_HEADER = [
    "id",
    "parentSubscriptionId",
    "companyId",
    "companyName",
    "productId",
    "productName",
    "vendorSubscriptionId",
    "vendorSkuId",
    "quantity",
    "startDate",
    "endDate",
    "createdDate",
    "updatedDate",
    "billingStart",
    "status",
    "price",
    "currencyCode",
    "partnerCost",
    "billingTerm",
    "commitmentTerm",
    "commitmentTermEndDate",
    "provisioningDetails",
]
VENDOR_COLUMNS = [
    "companyName",
    "productName",
    "quantity",
    "startDate",
    "endDate",
    "status",
    "currencyCode",
    "partnerCost",
    "billingTerm",
    "commitmentTerm",
    "commitmentTermEndDate",
]


def _rows(text: str) -> list[list[str]]:
    """Rows written as CSV text, one line a row, read back as lists of cells."""
    return list(csv.reader(io.StringIO(text)))


VENDOR_ROWS = _rows(
    """\
Summit Staffing,Microsoft 365 E3,1,2026-09-06,,Active,USD,28.89,Monthly,3-Year,2029-09-05
Summit Staffing,Microsoft 365 E3,6,2026-10-10,,Active,USD,34.67,Monthly,Monthly,2026-12-09
Summit Staffing,Microsoft 365 E3,1,2026-07-02,,Active,USD,34.67,Monthly,Monthly,2026-12-01
Summit Staffing,"Mimecast Email Security, Cloud Gateway",15,2025-06-30,,Active,USD,3.41,Monthly,Monthly,2026-12-27
Summit Staffing,Datto SaaS Protection for Microsoft 365,3,2025-11-17,,Active,USD,29.16,Annual,1-Year,2026-11-16
Summit Staffing,Datto SaaS Protection for Microsoft 365,9,2026-05-24,,Active,USD,2.43,Monthly,1-Year,2027-05-23
Summit Staffing,Huntress Managed EDR,3,2025-10-01,,Active,USD,3.40,Monthly,Monthly,2026-11-30
Summit Staffing,Huntress Managed EDR,11,2026-05-20,,Active,USD,38.76,Annual,1-Year,2027-05-19
Kestrel Plumbing LLP,Copilot for Microsoft 365,18,2026-01-10,,Active,USD,24.44,Monthly,1-Year,2027-01-09
Kestrel Plumbing LLP,Exchange Online (Plan 1),17,2026-08-19,,Active,USD,3.53,Monthly,1-Year,2027-08-18
Kestrel Plumbing LLP,Microsoft 365 E5 Security,21,2025-11-14,,Active,USD,9.99,Monthly,1-Year,2026-11-13
Kestrel Plumbing LLP,Microsoft 365 Business Premium,11,2026-04-05,,Active,USD,17.76,Monthly,1-Year,2027-04-04
Kestrel Plumbing LLP,"Mimecast Email Security, Cloud Gateway",12,2025-12-28,,Active,USD,3.24,Monthly,1-Year,2026-12-27
Kestrel Plumbing LLP,Microsoft 365 Business Standard,18,2026-08-21,,Active,USD,12.59,Monthly,Monthly,2026-12-20
Kestrel Plumbing LLP,Microsoft 365 Business Basic,3,2026-06-07,,Active,USD,5.36,Monthly,1-Year,2027-06-06
Kestrel Plumbing LLP,Microsoft 365 Business Basic,2,2025-09-02,,Active,USD,6.43,Monthly,Monthly,2026-12-01
Kestrel Plumbing LLP,Microsoft 365 Business Basic,9,2025-08-18,,Active,USD,6.43,Monthly,Monthly,2026-12-17
Kestrel Plumbing LLP,Dropsuite Microsoft 365 Backup,15,2025-10-06,,Active,USD,2.19,Monthly,Monthly,2026-12-05
Kestrel Plumbing LLP,Bitdefender GravityZone Business Security,5,2026-06-10,,Active,USD,1.78,Monthly,1-Year,2027-06-09
Kestrel Plumbing LLP,Bitdefender GravityZone Business Security,9,2026-06-30,,Active,USD,21.36,Annual,1-Year,2027-06-29
Kestrel Plumbing LLP,Exchange Online Archiving,10,2026-07-31,,Active,USD,31.80,Annual,1-Year,2027-07-30
Kestrel Plumbing LLP,Microsoft Teams Rooms Pro,15,2026-04-20,,Active,USD,405.60,Annual,1-Year,2027-04-19
Harbor Dental Group Inc.,Huntress Managed Security Awareness Training,13,2026-03-08,,Active,USD,1.67,Monthly,1-Year,2027-03-07
Harbor Dental Group Inc.,Microsoft 365 Business Premium,10,2026-02-24,,Active,USD,17.76,Monthly,1-Year,2027-02-23
Harbor Dental Group Inc.,Datto SaaS Protection for Microsoft 365,11,2025-12-29,,Active,USD,2.56,Monthly,Monthly,2026-12-27
Harbor Dental Group Inc.,Microsoft 365 Business Basic,12,2025-08-20,,Active,USD,6.43,Monthly,Monthly,2026-12-19
Harbor Dental Group Inc.,Microsoft 365 Business Standard,7,2026-06-28,,Active,USD,12.59,Monthly,Monthly,2026-12-27
Harbor Dental Group Inc.,OneDrive for business (Plan 1),4,2025-12-18,,Active,USD,5.21,Monthly,Monthly,2026-12-17
Harbor Dental Group Inc.,Egnyte Business,7,2026-01-19,,Active,USD,203.04,Annual,1-Year,2027-01-18
Harbor Dental Group Inc.,Microsoft 365 E3,6,2024-06-28,,Active,USD,28.89,Monthly,3-Year,2027-06-27
"""  # noqa: E501
)
PSA_HEADER = [
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
PSA_ROWS = _rows(
    """\
Microsoft 365 Licensing,Recurring Service,Active,Summit  Staffing,Microsoft 365 E3,8,50.00,,34.99,Monthly,02/06/2023,
Security Services,Recurring Service,Active,Summit  Staffing,Email Security Gateway,6,5.15,4.68,3.43,Monthly,07/18/2024,
Security Services,Recurring Service,Active,Summit  Staffing,Email Security Gateway,9,4.68,,3.56,Monthly,06/16/2023,
Managed Services Agreement,Recurring Service,Active,Summit  Staffing,M365 Backup,12,3.07,,2.48,Monthly,07/26/2026,
Security Services,Recurring Service,Active,Summit  Staffing,Managed Threat Detection - Annual,11,5.11,,3.49,Monthly,01/05/2025,
Security Services,Recurring Service,Active,Summit  Staffing,Managed Threat Detection - Monthly,3,5.62,5.11,3.44,Monthly,07/17/2026,
Security Services,Recurring Service,Active,Harbor Dntl Group,Security Training - Per User,13,2.60,,1.62,Monthly,02/23/2026,
Microsoft 365 Licensing,Recurring Service,Active,Harbor Dntl Group,Microsoft 365 Business Premium,10,28.04,25.49,18.43,Monthly,07/06/2026,
Managed Services Agreement,Recurring Service,Active,Harbor Dntl Group,M365 Backup,4,3.45,,2.66,Monthly,04/04/2026,
Managed Services Agreement,Recurring Service,Active,Harbor Dntl Group,SaaS Backup,7,3.45,,2.44,Monthly,05/09/2025,
Microsoft 365 Licensing,Recurring Service,Active,Harbor Dntl Group,Microsoft 365 Business Basic,11,6.95,,6.48,Monthly,07/20/2026,
Microsoft 365 Licensing,Recurring Service,Active,Harbor Dntl Group,Microsoft 365 Business Basic,1,7.64,6.95,6.48,Monthly,08/06/2023,
Microsoft 365 Licensing,Recurring Service,Active,Harbor Dntl Group,MS 365 Business Standard,7,15.34,,12.74,Monthly,07/01/2026,
Microsoft 365 Licensing (expired),Recurring Service,Inactive,Harbor Dntl Group,MS 365 Business Standard,7,15.34,,12.64,Monthly,04/04/2025,12/29/2025
Microsoft 365 Licensing,Recurring Service,Active,Harbor Dntl Group,Lic - One Drive for Business,4,6.84,,5.12,Monthly,09/06/2025,
Managed Services Agreement,Recurring Service,Active,Harbor Dntl Group,Egnyte Business,7,26.48,24.07,17.18,Monthly,09/30/2026,
Microsoft 365 Licensing,Recurring Service,Active,Harbor Dntl Group,365 E3,6,46.70,,28.09,Monthly,08/16/2026,
"""  # noqa: E501
)


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> str:
    with path.open("w", newline="") as out:
        writer = csv.DictWriter(out, header, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return str(path)


def _gaps(tmp_path: Path) -> list[tuple[str, str, str, int]]:
    vendor = _write(
        tmp_path / "vendor.csv",
        VENDOR_HEADER,
        [dict(zip(VENDOR_COLUMNS, row, strict=True)) for row in VENDOR_ROWS],
    )
    psa = _write(
        tmp_path / "psa.csv",
        PSA_HEADER,
        [dict(zip(PSA_HEADER, row, strict=True)) for row in PSA_ROWS],
    )
    args = ["reconcile", vendor, psa, "--format", "json", "--no-save", "--as-of", "2026-11-01"]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    return [
        (g["kind"], g["product"], g["psa_product"] or "", g["psa_qty"])
        for g in report["gaps"]
        if g["client"] == "Harbor Dntl Group"
    ]


def test_a_guess_completing_a_product_with_a_held_line_waits_with_its_question(
    tmp_path: Path,
) -> None:
    # Datto's 11 seats are 7 "SaaS Backup" (its question holds them) and 4 "M365 Backup".
    assert _gaps(tmp_path) == []
