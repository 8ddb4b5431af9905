"""A customer named after one office, billed as a company named after another: one question.

``recon.engine.family_site_pairs``: the vendor's "Falcon Vista Insurance Agency Reno" and the
PSA's "Falcon Vista Insurance Agency - Spokane" are one organisation named after two
offices. Two site labels are two offices as far as names go, so neither is paired, and every
line showed twice ("missing in PSA" at the customer, "missing in vendor" at the company).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.recon.cli_run import reconcile_json

CUSTOMER, COMPANY = "Falcon Vista Insurance Agency Reno", "Falcon Vista Insurance Agency - Spokane"
BP, APPS, BB = (
    "Microsoft 365 Business Premium",
    "Microsoft 365 Apps for business",
    "Microsoft 365 Business Basic",
)
PLAIN = ("Brightwater Plumbing", "Cedar Ridge Dental", "Northgate Inc")


def _files(
    tmp_path: Path,
    bought: dict[str, int],
    billed: dict[str, dict[str, int]],
) -> tuple[str, str, str]:
    """Three plain clients, the customer buying ``bought`` and each PSA company in
    ``billed`` billing its seats."""
    costs = {BP: "18.44", APPS: "8.63", BB: "5.23"}
    vendor = ["Customer Name,Product Name,Quantity,Unit Cost"]
    psa = ["Company,Product,Quantity,Unit Price"]
    for i, client in enumerate(PLAIN):
        vendor.append(f"{client},{BP},{10 + i},18.44")
        psa.append(f"{client},{BP},{10 + i},24.02")
    vendor += [
        f"{CUSTOMER},{product},{seats},{costs[product]}" for product, seats in bought.items()
    ]
    for company, lines in billed.items():
        psa += [f"{company},{product},{seats},30.00" for product, seats in lines.items()]
    (tmp_path / "vendor.csv").write_text("\n".join(vendor) + "\n")
    (tmp_path / "psa.csv").write_text("\n".join(psa) + "\n")
    return str(tmp_path / "vendor.csv"), str(tmp_path / "psa.csv"), str(tmp_path / "r.db")


def _family(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [q for q in report["questions"] if q.get("kind") == "family"]


def test_a_customer_and_a_company_named_after_two_offices_are_one_question(
    tmp_path: Path,
) -> None:
    report = reconcile_json(_files(tmp_path, {BP: 24}, {COMPANY: {BP: 24}}))
    (question,) = _family(report)
    assert (question["vendor_client"], question["psa_client"]) == (CUSTOMER, COMPANY)
    assert question["question"] == f"Is {COMPANY} billed for {CUSTOMER}'s licences?"
    # the seats agree: neither the 24 bought nor the 24 billed shows as a gap
    assert report["gaps"] == []


@pytest.mark.parametrize(
    ("bought", "billed"),
    [
        # near, not exact: one line's seats near another's are a coincidence at scale
        ({BP: 24}, {COMPANY: {BP: 23}}),
        # the company bills a product the customer does not buy
        ({BP: 24}, {COMPANY: {BP: 24, BB: 3}}),
        # a second office of the base billed apart: whose lines are whose is open
        ({BP: 24}, {COMPANY: {BP: 24}, "Falcon Vista Insurance Agency - Boise": {BP: 24}}),
        # another base: "Falcon Vista Realty" is another business
        ({BP: 24}, {"Falcon Vista Realty - Spokane": {BP: 24}}),
    ],
    ids=["near-seats", "product-not-bought", "two-offices", "other-base"],
)
def test_offices_whose_lines_or_names_do_not_settle_it_are_not_asked_about(
    tmp_path: Path, bought: dict[str, int], billed: dict[str, dict[str, int]]
) -> None:
    report = reconcile_json(_files(tmp_path, bought, billed))
    assert _family(report) == []
    assert (CUSTOMER, "missing_in_psa") in {(g["client"], g["kind"]) for g in report["gaps"]}
