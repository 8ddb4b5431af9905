"""A review item between a company and its department, the vendor's name typed with a slip.

``recon.engine.review_departments``: the vendor sells to "Cpllins Manufacturing, Inc." (its
admin's slip); the PSA bills "Collins Manufacturing Inc." and "Collins Manufacturing Inc.
Warehouse". Matching offers both and cannot choose; the item was paired pending review with
the company, whose share of the seats showed as the customer's shortfall while the department
billed the rest. Summed, their seats are the customer's: one family question, no false gap.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from recon.engine.review_departments import department_base, reads_as
from tests.recon.cli_run import reconcile_json

PARENT = "Collins Manufacturing Inc."
WAREHOUSE = "Collins Manufacturing Inc. Warehouse"
F1, EDR, PP1 = "Microsoft 365 F1", "Huntress Managed EDR", "Project Plan 1"
PRICES = {F1: ("2.22", "3.09"), EDR: ("3.17", "4.95"), PP1: ("8.64", "11.63")}
BOUGHT = {F1: 4, EDR: 4, PP1: 4}
#: The company and its warehouse summed are the customer's seats, exactly, on every product.
BILLED = {PARENT: {F1: 2, EDR: 3, PP1: 2}, WAREHOUSE: {F1: 2, EDR: 1, PP1: 2}}


def _files(tmp_path: Path, customer: str, *, lone: str = "") -> tuple[str, str, str]:
    vendor = ["Customer Name,Product Name,Quantity,Unit Cost"]
    psa = ["Company,Product,Quantity,Unit Price"]
    for i, client in enumerate(("Brightwater Plumbing", "Cedar Ridge Dental", "Northgate Inc")):
        vendor += [f"{client},{F1},{10 + i},2.22", f"{client},{PP1},{3 + i},8.64"]
        psa += [f"{client},{F1},{10 + i},3.09", f"{client},{PP1},{3 + i},11.63"]
    vendor += [f'"{customer}",{p},{n},{PRICES[p][0]}' for p, n in BOUGHT.items()]
    for company, lines in BILLED.items():
        psa += [f"{company},{p},{n},{PRICES[p][1]}" for p, n in lines.items()]
    if lone:
        psa.append(f"{lone},{F1},1,{PRICES[F1][1]}")
    (tmp_path / "vendor.csv").write_text("\n".join(vendor) + "\n")
    (tmp_path / "psa.csv").write_text("\n".join(psa) + "\n")
    return str(tmp_path / "vendor.csv"), str(tmp_path / "psa.csv"), str(tmp_path / "r.db")


def _family(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [q for q in report["questions"] if q.get("kind") == "family"]


def test_a_company_and_its_department_under_a_slip_are_one_question(tmp_path: Path) -> None:
    report = reconcile_json(_files(tmp_path, "Cpllins Manufacturing, Inc."))
    (question,) = _family(report)
    assert question["question"] == (
        f"Are {PARENT} and {WAREHOUSE} billed for Cpllins Manufacturing, Inc.'s licences?"
    )
    assert report["review"] == []
    assert report["gaps"] == []  # no false "bought 4, billed 2" beside the warehouse's lines


def test_a_lone_company_of_another_name_is_not_named(tmp_path: Path) -> None:
    """Sibling offices take a lone company of their site name; a department's item takes
    none: a lone company of another name is no part of it, and bills its own gap."""
    report = reconcile_json(_files(tmp_path, "Cpllins Manufacturing, Inc.", lone="Harbor Bakery"))
    (question,) = _family(report)
    assert "Harbor Bakery" not in question["question"]
    assert [g["client"] for g in report["gaps"]] == ["Harbor Bakery"]


def test_a_customer_two_slips_apart_stays_in_review(tmp_path: Path) -> None:
    report = reconcile_json(_files(tmp_path, "Cpllinz Manufacturing, Inc."))
    assert _family(report) == []


@pytest.mark.parametrize(
    ("customer", "companies", "base"),
    [
        ("cpllins mfg", ["collins mfg", "collins mfg warehouse"], "collins mfg"),
        ("collins mfg", ["collins mfg", "collins mfg warehouse"], "collins mfg"),
        # the first letter is rarely the one mistyped: another name
        ("rollins mfg", ["collins mfg", "collins mfg warehouse"], None),
        # a candidate of another name is no department of the company
        ("cpllins mfg", ["collins mfg", "collins bakery"], None),
        # one word names too many companies
        ("cpllins", ["collins", "collins warehouse"], None),
    ],
)
def test_department_base(customer: str, companies: list[str], base: str | None) -> None:
    assert department_base(customer, companies) == base


@pytest.mark.parametrize(
    ("customer", "parent", "same"),
    [
        ("cpllins mfg", "collins mfg", True),
        ("cpllins mgf", "collins mfg", False),  # two words apart
        ("ross dental", "rossi dental", False),  # a short word: two names, not a slip
        ("collins mfg north", "collins mfg", False),  # a word of its own
    ],
)
def test_reads_as(customer: str, parent: str, same: bool) -> None:
    assert reads_as(customer, parent) is same
