"""A vendor customer named as a PSA company billed only cancelled lines is that company's.

``recon.formats.gone_companies`` / ``recon.engine.gone_companies``: the PSA bills "Bay
Prairie Pools and Spas" one line, cancelled, and "Bay Staffing", with no vendor customer,
the seven Business Standard seats the vendor sells "Bay Prairie Pools and Spas, L.P.". The
cancelled company was dropped on reading, so the customer had no PSA company and no family
rule weighed it: the seven seats showed as "bought, not billed" beside "billed, not bought".
Now the customer is read as the cancelled company's client, and one family question holds
the seven seats; the cancelled Business Premium stays the customer's real gap.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.recon.cli_run import invoke, reconcile_json
from tests.recon.test_family_tenants import COMPANY, MAIN, OMAHA
from tests.recon.test_family_tenants import _files as tenant_files

BP = "Microsoft 365 Business Premium"
BS = "Microsoft 365 Business Standard"
EXO = "Exchange Online (Plan 1)"
CUSTOMER, PARENT, SUB = (
    "Bay Prairie Pools and Spas, L.P.",
    "Bay Prairie Pools and Spas",
    "Bay Staffing",
)
OTHERS = ("Brightwater Plumbing", "Cedar Ridge Dental", "Northgate Logistics", "Summit Legal Group")


def _report(tmp_path: Path, *, parent: str = PARENT, save: bool = False) -> dict[str, Any]:
    vendor = ["Customer Name,Product Name,Quantity,Unit Cost"]
    psa = ["Company,Product,Quantity,Unit Price,Status"]
    for i, client in enumerate(OTHERS):
        vendor += [f"{client},{BP},{10 + i},22.00", f"{client},{EXO},{5 + i},4.00"]
        psa += [f"{client},{BP},{10 + i},26.00,Active", f"{client},{EXO},{5 + i},5.00,Active"]
    vendor += [f'"{CUSTOMER}",{BP},7,22.00', f'"{CUSTOMER}",{BS},7,10.14']
    psa += [f"{parent},{BP},7,26.00,Cancelled", f"{SUB},{BS},7,16.79,Active"]
    (tmp_path / "vendor.csv").write_text("\n".join(vendor) + "\n")
    (tmp_path / "psa.csv").write_text("\n".join(psa) + "\n")
    files = (str(tmp_path / "vendor.csv"), str(tmp_path / "psa.csv"), str(tmp_path / "r.db"))
    return reconcile_json(files) if save else reconcile_json(files, "--no-save")


def test_the_customer_of_a_cancelled_company_is_its_subsidiarys_parent(tmp_path: Path) -> None:
    report = _report(tmp_path)
    (question,) = [q for q in report["questions"] if q.get("kind") == "family"]
    assert question["psa_clients"] == [PARENT, SUB]
    assert question["vendor_clients"] == [CUSTOMER]
    # the seven Business Standard seats agree, summed: no gap on them, at either company
    assert not [g for g in report["gaps"] if g["product"] == BS]
    # the cancelled Business Premium is the customer's real gap, named at its company
    (gap,) = [g for g in report["gaps"] if g["client"] in (CUSTOMER, PARENT)]
    assert (gap["product"], gap["kind"], gap["seat_delta"]) == (BP, "missing_in_psa", 7)
    assert gap["psa_client"] == PARENT
    assert gap["why"].startswith(f"client: PSA company '{PARENT}' of the same name bills only")


def test_a_cancelled_company_of_another_name_pairs_nothing(tmp_path: Path) -> None:
    # "Bay Prairie Pool Supply" is not the customer's name: the customer stays unpaired.
    report = _report(tmp_path, parent="Bay Prairie Pool Supply")
    assert not [q for q in report["questions"] if q.get("kind") == "family"]
    gaps = [g for g in report["gaps"] if g["client"] == CUSTOMER]
    assert {g["product"] for g in gaps} == {BP, BS}
    assert all(g["psa_client"] is None for g in gaps)


def test_a_yes_pairs_the_customer_with_its_one_company(tmp_path: Path) -> None:
    # recon.match.tenant_sites: one company confirmed for a customer paired with nothing is
    # its company from the next run, the seats compared; the question is not asked again.
    _report(tmp_path, save=True)
    invoke("family", "join", CUSTOMER, SUB, "--db", str(tmp_path / "r.db"))
    report = _report(tmp_path, save=True)
    assert not [q for q in report["questions"] if q.get("kind") == "family"]
    (match,) = [m for m in report["matches"] if m["vendor_client"] == CUSTOMER]
    assert match["psa_client"] == SUB
    (gap,) = [g for g in report["gaps"] if g["vendor_client"] == CUSTOMER]
    assert (gap["product"], gap["kind"], gap["seat_delta"]) == (BP, "missing_in_psa", 7)


def test_a_company_confirmed_for_two_customers_stays_one_family(tmp_path: Path) -> None:
    # The mirror (recon.engine.family_tenants): a company confirmed for two customers paired
    # with nothing is bought for as both; neither customer takes it as its one company.
    files = tenant_files(tmp_path)
    reconcile_json(files)
    invoke("family", "join", MAIN, COMPANY, "--db", files[2])
    (gap,) = reconcile_json(files)["gaps"]
    assert f"one organisation: {MAIN} + {OMAHA} billed as {COMPANY}" in gap["why"]
