"""A mapping question weighs a family's offices as the one client they are compared as.

``recon.engine.office_seats``: "Pruitt & Vance Roofing LLC" buys 10 Duo Essentials and 10
DNSFilter Pro seats once (Pax8 sells the customer, not its offices); the MSP bills them
across two PSA companies opened per office, under texts no rule reads ("Duo (NCE)" 6 + 4,
"DNS Filtering" 4 + 6). Weighed per office, each share looked "seats apart" from the whole
purchase, and Reno's 6 Duo seats plus its 4 DNS seats made exactly the other text's
shortfall: both questions held the vendor's lines while Tucson's shares showed as "billed,
not bought", two false gaps. Summed over the family (as the comparison sums it) the seats
agree and the questions hold every line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.recon.cli_run import AUTOTASK, autotask_service, reconcile_json

CUSTOMER = "Pruitt & Vance Roofing LLC"
RENO, TUCSON = "Pruitt & Vance Roofing - Reno", "Pruitt & Vance Roofing - Tucson"
BP, BS, EDR = (
    "Microsoft 365 Business Premium",
    "Microsoft 365 Business Standard",
    "Huntress Managed EDR",
)


def _files(tmp_path: Path, tucson_duo: int) -> tuple[str, str, str]:
    """Three plain clients and the customer, billed across its two offices: the products the
    catalogue reads split so they sum, Duo and DNS under texts no rule reads."""
    vendor = ["Customer Name,Product Name,Quantity,Unit Cost"]
    psa = [AUTOTASK]
    for i, client in enumerate(("Brightwater Plumbing", "Cedar Ridge Dental", "Northgate Inc")):
        vendor.append(f"{client},{BP},{10 + i},22.00")
        psa.append(autotask_service(client, BP, 10 + i, "26.00", "22.00"))
    vendor += [
        f"{CUSTOMER},{BP},12,22.00",
        f"{CUSTOMER},{BS},9,12.50",
        f"{CUSTOMER},{EDR},15,3.14",
        f"{CUSTOMER},Duo Essentials,10,4.77",
        f"{CUSTOMER},DNSFilter Pro,10,1.29",
    ]
    psa += [
        autotask_service(RENO, BP, 2, "26.00", "22.00"),
        autotask_service(TUCSON, BP, 10, "26.00", "22.00"),
        autotask_service(RENO, BS, 1, "14.00", "12.50"),
        autotask_service(TUCSON, BS, 8, "14.00", "12.50"),
        autotask_service(RENO, EDR, 4, "5.63", "3.14"),
        autotask_service(TUCSON, EDR, 11, "5.63", "3.14"),
        autotask_service(RENO, "Duo (NCE)", 6, "6.25", "4.56"),
        autotask_service(TUCSON, "Duo (NCE)", tucson_duo, "6.25", "4.56"),
        autotask_service(RENO, "DNS Filtering", 4, "1.79", "1.27"),
        autotask_service(TUCSON, "DNS Filtering", 6, "1.79", "1.27"),
    ]
    (tmp_path / "vendor.csv").write_text("\n".join(vendor) + "\n")
    (tmp_path / "psa.csv").write_text("\n".join(psa) + "\n")
    return str(tmp_path / "vendor.csv"), str(tmp_path / "psa.csv"), str(tmp_path / "r.db")


def _gaps(report: dict[str, Any]) -> set[tuple[str, str, str, str]]:
    return {(g["client"], g["product"], g["kind"], g["psa_qty"]) for g in report["gaps"]}


def _seats(report: dict[str, Any]) -> dict[str, str]:
    return {q["psa_product"]: str(q["seats"]) for q in report["questions"] if "psa_product" in q}


def test_offices_shares_of_one_purchase_are_weighed_summed_and_show_no_gap(
    tmp_path: Path,
) -> None:
    report = reconcile_json(_files(tmp_path, tucson_duo=4))
    assert _gaps(report) == set()
    # each question speaks of the family's seats, not one office's share
    assert _seats(report) == {"Duo (NCE)": "10", "DNS Filtering": "10"}


def test_a_family_billing_more_than_it_buys_still_shows_the_difference(tmp_path: Path) -> None:
    report = reconcile_json(_files(tmp_path, tucson_duo=7))
    duo = [g for g in report["gaps"] if g["product"] == "Duo Essentials"]
    assert [(g["kind"], g["vendor_qty"], g["psa_qty"]) for g in duo] == [
        ("quantity_mismatch", 10, 13)
    ]
    assert duo[0]["rests_on"] == "the mapping question 'Duo (NCE)' = 'Duo Essentials'"
