"""Two offices of one name, the PSA writing a word of it shortened: one family question.

``recon.engine.family_site_short_forms``: the vendor's "Weston Orthodontics (Madison)" is
billed as the PSA's "WESTON ORTHO. (Omaha)". Two site labels are two offices, and the bases
("weston orthodontics", "weston ortho") differ by a word shortened, so no rule read them: the
one product showed as "missing in PSA" at the customer and "missing in vendor" at the company.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.recon.cli_run import reconcile_json

CUSTOMER, COMPANY = "Weston Orthodontics (Madison)", "WESTON ORTHO. (Omaha)"
BB = "Microsoft 365 Business Basic"
PLAIN = ("Brightwater Plumbing", "Cedar Ridge Dental", "Northgate Inc")


def _report(tmp_path: Path, billed: dict[str, int]) -> dict[str, Any]:
    vendor = ["Customer Name,Product Name,Quantity,Unit Cost"]
    psa = ["Company,Product,Quantity,Unit Price"]
    for i, client in enumerate(PLAIN):
        vendor.append(f"{client},Microsoft 365 Business Premium,{10 + i},18.44")
        psa.append(f"{client},Microsoft 365 Business Premium,{10 + i},24.02")
    vendor.append(f"{CUSTOMER},{BB},6,6.57")
    psa += [f"{company},{BB},{seats},8.06" for company, seats in billed.items()]
    (tmp_path / "vendor.csv").write_text("\n".join(vendor) + "\n")
    (tmp_path / "psa.csv").write_text("\n".join(psa) + "\n")
    files = (str(tmp_path / "vendor.csv"), str(tmp_path / "psa.csv"), str(tmp_path / "r.db"))
    return reconcile_json(files)


def _family(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [q for q in report["questions"] if q.get("kind") == "family"]


def test_an_office_named_with_a_word_shortened_is_one_question(tmp_path: Path) -> None:
    report = _report(tmp_path, {COMPANY: 6})
    (question,) = _family(report)
    assert (question["vendor_client"], question["psa_client"]) == (CUSTOMER, COMPANY)
    assert report["gaps"] == []


def test_two_offices_writing_the_short_name_are_no_one_answer(tmp_path: Path) -> None:
    # "WESTON ORTHO. (Omaha)" and "... (Tulsa)" each read so: whose lines are whose is open.
    report = _report(tmp_path, {COMPANY: 6, "WESTON ORTHO. (Tulsa)": 6})
    assert _family(report) == []
    assert len(report["gaps"]) == 3


def test_a_word_of_its_own_is_no_short_form(tmp_path: Path) -> None:
    # "Weston Orchards": not Orthodontics written short (letters out of order): two clients.
    report = _report(tmp_path, {"WESTON ORCHARDS (Omaha)": 6})
    assert _family(report) == []
    assert len(report["gaps"]) == 2
