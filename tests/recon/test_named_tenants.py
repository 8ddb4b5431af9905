"""A vendor customer its own name calls a tenant of a paired customer is summed into it.

``recon.match.named_tenants``: Microsoft lists each tenant as a customer of its own, so
"Rolling Creek Counseling Center Co." keeps a second one, "... - Tulsa Tenant", while the
MSP bills the organisation as one PSA company. The PSA bills 10 Exchange seats, the two
tenants buy 1 + 4: the seats do not agree, so the lines alone never summed the family and the
run showed a quantity gap of 9 beside a false "bought, not billed" of 4. The organisation's
gap is 5.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.recon.cli_run import AUTOTASK, autotask_service, reconcile_json

FIRST = "Rolling Creek Counseling Center Co."
TENANT = "Rolling Creek Counseling Center Co. - Tulsa Tenant"
BP, EXO = "Microsoft 365 Business Premium", "Exchange Online (Plan 1)"


def _files(tmp_path: Path, tenant: list[str]) -> tuple[str, str, str]:
    """Three plain clients, the first tenant buying one Exchange seat, the second tenant
    ``tenant`` (vendor rows), and the one PSA company billing 10 Exchange seats."""
    vendor = ["Customer Name,Product Name,Quantity,Unit Cost"]
    psa = [AUTOTASK]
    for i, client in enumerate(("Brightwater Plumbing", "Cedar Ridge Dental", "Northgate Inc")):
        vendor.append(f"{client},{BP},{10 + i},22.00")
        psa.append(autotask_service(client, BP, 10 + i, "26.00", "22.00"))
    vendor += [f"{FIRST},{EXO},1,3.54", *(f"{TENANT},{row}" for row in tenant)]
    psa.append(autotask_service(FIRST, EXO, 10, "4.45", "4.06"))
    (tmp_path / "vendor.csv").write_text("\n".join(vendor) + "\n")
    (tmp_path / "psa.csv").write_text("\n".join(psa) + "\n")
    return str(tmp_path / "vendor.csv"), str(tmp_path / "psa.csv"), str(tmp_path / "r.db")


def _gaps(report: dict[str, Any]) -> list[tuple[str, str, str, int, int]]:
    return sorted(
        (g["client"], g["product"], g["kind"], g["vendor_qty"], g["psa_qty"])
        for g in report["gaps"]
    )


def test_a_named_tenant_filling_part_of_the_billed_seats_is_the_organisations(
    tmp_path: Path,
) -> None:
    report = reconcile_json(_files(tmp_path, [f"{EXO},4,4.25"]))
    assert _gaps(report) == [(FIRST, EXO, "quantity_mismatch", 5, 10)]


def test_a_named_tenant_buying_what_the_company_never_bills_is_left_to_the_lines(
    tmp_path: Path,
) -> None:
    report = reconcile_json(_files(tmp_path, [f"{EXO},4,4.25", f"{BP},6,22.00"]))
    assert (TENANT, EXO, "missing_in_psa", 4, 0) in _gaps(report)
    assert (FIRST, EXO, "quantity_mismatch", 1, 10) in _gaps(report)


def test_tenants_buying_more_than_the_company_bills_show_the_organisations_gap(
    tmp_path: Path,
) -> None:
    report = reconcile_json(_files(tmp_path, [f"{EXO},12,4.25"]))
    assert _gaps(report) == [(FIRST, EXO, "quantity_mismatch", 13, 10)]


def test_a_company_billing_only_the_first_tenants_seats_is_left_to_the_lines(
    tmp_path: Path,
) -> None:
    files = _files(tmp_path, [f"{EXO},4,4.25"])
    psa = Path(files[1])
    psa.write_text(psa.read_text().replace(f"{FIRST},{EXO},10,", f"{FIRST},{EXO},1,"))
    report = reconcile_json(files)
    assert (TENANT, EXO, "missing_in_psa", 4, 0) in _gaps(report)
