"""A customer held at its head office, billed as its branch offices: one question.

``recon.engine.family_heads``: the vendor holds "Harbor Point Legal Services LLC - Head
Office" (the organisation's one tenant, at the head office's address) while the MSP bills
"... Dayton" and "... - Spokane", one company per office, the Dayton office also billing
Business Basic bought elsewhere. Two site labels are two offices to the matcher, and the
extra product kept the offices out of the unpaired family's weighing: every line showed
twice, "missing in PSA" at the head office and "missing in vendor" at a branch.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.recon.cli_run import reconcile_json

HEAD = "Harbor Point Legal Services LLC - Head Office"
DAYTON, SPOKANE = (
    "Harbor Point Legal Services LLC Dayton",
    "Harbor Point Legal Services LLC - Spokane",
)
BP, APPS, EXO, PBI, BB = (
    "Microsoft 365 Business Premium",
    "Microsoft 365 Apps for business",
    "Exchange Online (Plan 1)",
    "Power BI Pro",
    "Microsoft 365 Business Basic",
)
COSTS = {BP: "18.44", APPS: "8.63", EXO: "3.20", PBI: "11.20", BB: "5.23"}
PLAIN = ("Brightwater Plumbing", "Cedar Ridge Dental", "Northgate Inc")
BOUGHT = {BP: 20, APPS: 12, EXO: 9, PBI: 5}
BILLED = {DAYTON: {BP: 8, APPS: 12, BB: 6}, SPOKANE: {BP: 12, EXO: 9, PBI: 5}}


def _files(
    tmp_path: Path,
    bought: dict[str, dict[str, int]],
    billed: dict[str, dict[str, int]],
) -> tuple[str, str, str]:
    """Three plain clients, each vendor customer in ``bought`` buying its seats and each PSA
    company in ``billed`` billing its seats."""
    vendor = ["Customer Name,Product Name,Quantity,Unit Cost"]
    psa = ["Company,Product,Quantity,Unit Price"]
    for i, client in enumerate(PLAIN):
        vendor.append(f"{client},{BP},{10 + i},18.44")
        psa.append(f"{client},{BP},{10 + i},24.02")
    for customer, lines in bought.items():
        vendor += [
            f"{customer},{product},{seats},{COSTS[product]}" for product, seats in lines.items()
        ]
    for company, lines in billed.items():
        psa += [f"{company},{product},{seats},30.00" for product, seats in lines.items()]
    (tmp_path / "vendor.csv").write_text("\n".join(vendor) + "\n")
    (tmp_path / "psa.csv").write_text("\n".join(psa) + "\n")
    return str(tmp_path / "vendor.csv"), str(tmp_path / "psa.csv"), str(tmp_path / "r.db")


def _family(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [q for q in report["questions"] if q.get("kind") == "family"]


def test_a_head_office_billed_as_its_branches_is_one_question(tmp_path: Path) -> None:
    report = reconcile_json(_files(tmp_path, {HEAD: BOUGHT}, BILLED))
    (question,) = _family(report)
    assert question["vendor_client"] == HEAD
    assert set(question["psa_clients"]) == {DAYTON, SPOKANE}
    # the summed seats agree on every product bought: only the branch's own product is a gap
    assert [(g["client"], g["product"], g["kind"]) for g in report["gaps"]] == [
        (DAYTON, BB, "missing_in_vendor")
    ]


@pytest.mark.parametrize(
    ("bought", "billed"),
    [
        # two sums exact of four: a coincidence at scale
        ({HEAD: BOUGHT}, {DAYTON: {BP: 9, APPS: 12, BB: 6}, SPOKANE: {BP: 12, EXO: 8, PBI: 5}}),
        # a second office bought apart: whose lines are whose is open
        ({HEAD: BOUGHT, "Harbor Point Legal Services LLC - Reno": {BP: 4}}, BILLED),
        # another base: "Harbor Point Realty" is another business
        (
            {HEAD: BOUGHT},
            {
                DAYTON: BILLED[DAYTON],
                "Harbor Point Realty - Spokane": BILLED[SPOKANE],
            },
        ),
    ],
    ids=["two-exact", "second-customer", "other-base"],
)
def test_branches_whose_lines_or_names_do_not_settle_it_are_not_asked_about(
    tmp_path: Path, bought: dict[str, dict[str, int]], billed: dict[str, dict[str, int]]
) -> None:
    report = reconcile_json(_files(tmp_path, bought, billed))
    assert all(HEAD not in q["vendor_clients"] for q in _family(report))
    assert (HEAD, "missing_in_psa") in {(g["client"], g["kind"]) for g in report["gaps"]}
