"""An office billing the customer's product exactly, beside an office billing only an unread
text: one family question, not a review.

``recon.engine.office_unread``: "Whitfield Supply" buys Business Premium and Acrobat; the MSP
bills it as "Whitfield Supply Main Office - IT Dept" (the 16 Business Premium seats) and
"Whitfield Supply Main Office" (the Acrobat seats under its own text "PDF Suite - Annual",
a mapping question). Matching offers both offices and cannot choose, and the family question
wanted two offices billing the customer's products: the customer stayed in review with all
its money.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.recon.cli_run import reconcile_json

CUSTOMER = "Whitfield Supply"
DEPT, MAIN = "Whitfield Supply Main Office - IT Dept", "Whitfield Supply Main Office"
BP, EXO = "Microsoft 365 Business Premium", "Exchange Online (Plan 1)"
ACROBAT, TEXT = "Adobe Acrobat Pro for teams", "PDF Suite - Annual"


def _files(tmp_path: Path, dept: dict[str, int], customer: str = CUSTOMER) -> tuple[str, str, str]:
    vendor = ["Customer Name,Product Name,Quantity,Unit Cost"]
    psa = ["Company,Product,Quantity,Unit Price"]
    for i, client in enumerate(("Brightwater Plumbing", "Cedar Ridge Dental", "Northgate Inc")):
        vendor += [f"{client},{BP},{10 + i},22.00", f"{client},{EXO},{3 + i},4.00"]
        psa += [f"{client},{BP},{10 + i},26.00", f"{client},{EXO},{3 + i},5.00"]
    # The mapping question: Brightwater bills the text beside the Acrobat seats it buys.
    vendor.append(f"Brightwater Plumbing,{ACROBAT},5,18.00")
    psa.append(f"Brightwater Plumbing,{TEXT},5,24.00")
    vendor += [f"{customer},{BP},16,22.00", f"{customer},{ACROBAT},9,18.00"]
    psa += [f"{DEPT},{p},{n},26.00" for p, n in dept.items()]
    psa += [f"{MAIN},{TEXT},9,24.00", f"{MAIN},Managed Services - Per User,20,95.00"]
    (tmp_path / "vendor.csv").write_text("\n".join(vendor) + "\n")
    (tmp_path / "psa.csv").write_text("\n".join(psa) + "\n")
    return str(tmp_path / "vendor.csv"), str(tmp_path / "psa.csv"), str(tmp_path / "r.db")


def _family(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [q for q in report["questions"] if q.get("kind") == "family"]


def test_an_exact_office_beside_an_unread_one_is_one_family_question(tmp_path: Path) -> None:
    report = reconcile_json(_files(tmp_path, {BP: 16}))
    (question,) = _family(report)
    assert set(question["psa_clients"]) == {DEPT, MAIN}
    assert report["review"] == []


@pytest.mark.parametrize(
    ("dept", "customer"),
    [
        ({BP: 15}, CUSTOMER),  # a seat short: nothing on the lines confirms the names
        ({BP: 16}, "Whitfeld Supply"),  # offices of another spelling than the customer's
    ],
    ids=["other-seats", "other-name"],
)
def test_offices_the_lines_or_names_do_not_settle_keep_the_review(
    tmp_path: Path, dept: dict[str, int], customer: str
) -> None:
    report = reconcile_json(_files(tmp_path, dept, customer))
    assert _family(report) == []
