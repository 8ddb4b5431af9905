"""A second tenant's product billed on the PSA company under the MSP's own text is summed.

``recon.match.tenant_texts``: Microsoft lists each tenant as a customer of its own, so
"Underhill Systems" keeps a second one, "Underhill Systems (Tampa)", which buys the
archiving add-on for its mailboxes, while the MSP bills the organisation as one PSA company
under its own text for the add-on. Client matching reads that text only later, so the
tenant held no line the company bills: it stayed a client of its own, its archiving a false
"bought, not billed", and the company's archiving line was read beside the first tenant
alone as a false seat gap on Exchange. The organisation's one gap is Exchange bought for
both tenants and billed nowhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.recon.cli_run import AUTOTASK, autotask_service, reconcile_json

FIRST = "Underhill Systems"
TENANT = "Underhill Systems (Tampa)"
BP, EXO = "Microsoft 365 Business Premium", "Exchange Online (Plan 1)"
ARCHIVING = "Exchange Online Archiving"
#: The MSP's own catalogue text for the archiving add-on.
BILLED_AS = "Mailbox Archiving - Exchange"


def _files(tmp_path: Path, billed: int) -> tuple[str, str, str]:
    """Three plain clients, the first tenant buying Business Premium and Exchange, the second
    tenant 40 archiving seats and Exchange, the one PSA company billing Business Premium and
    ``billed`` seats of archiving under its own text."""
    vendor = ["Customer Name,Product Name,Quantity,Unit Cost"]
    psa = [AUTOTASK]
    for i, client in enumerate(("Brightwater Plumbing", "Cedar Ridge Dental", "Northgate Inc")):
        vendor.append(f"{client},{BP},{10 + i},22.00")
        psa.append(autotask_service(client, BP, 10 + i, "26.00", "22.00"))
    vendor += [
        f"{FIRST},{BP},25,22.00",
        f"{FIRST},{EXO},6,4.00",
        f"{TENANT},{ARCHIVING},40,2.51",
        f"{TENANT},{EXO},9,4.00",
    ]
    psa.append(autotask_service(FIRST, BP, 25, "26.00", "22.00"))
    psa.append(autotask_service(FIRST, BILLED_AS, billed, "3.79", "2.51"))
    (tmp_path / "vendor.csv").write_text("\n".join(vendor) + "\n")
    (tmp_path / "psa.csv").write_text("\n".join(psa) + "\n")
    return str(tmp_path / "vendor.csv"), str(tmp_path / "psa.csv"), str(tmp_path / "r.db")


def _gaps(report: dict[str, Any]) -> list[tuple[str, str, str, int, int]]:
    return sorted(
        (g["client"], g["product"], g["kind"], g["vendor_qty"], g["psa_qty"])
        for g in report["gaps"]
    )


def test_a_second_tenants_add_on_billed_under_the_msps_text_is_the_organisations(
    tmp_path: Path,
) -> None:
    report = reconcile_json(_files(tmp_path, 40))
    gaps = _gaps(report)
    assert [g[1:] for g in gaps] == [(EXO, "missing_in_psa", 15, 0)]
    assert not any(g["vendor_client"] == TENANT for g in report["gaps"] if g["psa_client"] is None)


def test_seats_apart_leave_the_tenant_to_the_lines(tmp_path: Path) -> None:
    report = reconcile_json(_files(tmp_path, 12))
    assert (TENANT, ARCHIVING, "missing_in_psa", 40, 0) in [
        (g["vendor_client"], g["vendor_product"], g["kind"], g["vendor_qty"], g["psa_qty"])
        for g in report["gaps"]
    ]
