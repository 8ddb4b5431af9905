"""A subsidiary's unread line billed at its parent's price for the product: one question.

``recon.engine.family_prices``: "Harlow Staffing", with no vendor customer, bills one
Business Central Essentials seat as "Dynamics BC Ess /mo" (alike by letters only) at 112.41,
the price Harlow Animal Hospital's own company bills it at, one seat short of the vendor's
three. An Autotask sub-organization billed under its parent's contract pays the parent's
price; the line's own cost, years old, is far from the vendor's. Read at the parent's price,
the line fills the shortfall and the family step asks one question.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.recon.cli_run import AUTOTASK, autotask_service, reconcile_json

PARENT, COMPANY = "Harlow Animal Hospital", "Harlow Staffing"
BP, BC = "Microsoft 365 Business Premium", "Dynamics 365 Business Central Essentials"
TEXT = "Dynamics BC Ess /mo"
GONE = "Silver Meadows Machine Works LLC"


def _files(tmp_path: Path, price: str) -> tuple[str, str, str]:
    """Three plain clients; the parent buys 3 Business Central seats its company bills 2 of
    at 112.41, and the company bills 1 under :data:`TEXT` at ``price`` (own cost 40.00)."""
    vendor = ["Customer Name,Product Name,Quantity,Unit Cost"]
    psa = [AUTOTASK]
    for i, client in enumerate(("Brightwater Plumbing", "Cedar Ridge Dental", "Northgate Inc")):
        vendor.append(f"{client},{BP},{10 + i},22.00")
        psa.append(autotask_service(client, BP, 10 + i, "26.00", "22.00"))
    # A customer the PSA bills nowhere, as every real month has (test_family_unread): a text
    # no rule reads is then no mapping question on a lone company's line, only weighed here.
    vendor += [
        f"{GONE},Microsoft 365 Business Basic,7,5.21",
        f"{GONE},Proofpoint Essentials Business,4,2.61",
    ]
    vendor += [f"{PARENT},{BP},6,22.00", f"{PARENT},{BC},3,64.12"]
    psa.append(autotask_service(PARENT, BP, 6, "26.00", "22.00"))
    psa.append(autotask_service(PARENT, BC, 2, "112.41", "64.12"))
    psa.append(autotask_service(COMPANY, TEXT, 1, price, "40.00"))
    (tmp_path / "vendor.csv").write_text("\n".join(vendor) + "\n")
    (tmp_path / "psa.csv").write_text("\n".join(psa) + "\n")
    return str(tmp_path / "vendor.csv"), str(tmp_path / "psa.csv"), str(tmp_path / "r.db")


def _family(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [q for q in report["questions"] if q.get("kind") == "family"]


def test_an_unread_line_at_its_parents_price_is_one_question(tmp_path: Path) -> None:
    report = reconcile_json(_files(tmp_path, "112.41"))
    (question,) = _family(report)
    assert question["psa_clients"] == [PARENT, COMPANY]
    (line,) = question["lines"]
    assert line["billed"] == {PARENT: 2, COMPANY: 1}
    # the seats agree: neither the parent's shortfall nor the company's line is a gap
    assert [g for g in report["gaps"] if g["client"] in (PARENT, COMPANY)] == []


@pytest.mark.parametrize("price", ["109.00", "0.00"], ids=["other-price", "no-price"])
def test_an_unread_line_at_another_price_stays_as_it_was(tmp_path: Path, price: str) -> None:
    report = reconcile_json(_files(tmp_path, price))
    assert _family(report) == []
    kinds = {(g["client"], g["kind"]) for g in report["gaps"]}
    assert (PARENT, "quantity_mismatch") in kinds
