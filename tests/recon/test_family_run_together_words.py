"""A subsidiary named after its parent's run-together id, a word of it folded (issue 11).

``recon.engine.family_run_together``: the vendor sells "Whitcombe Association" Entra ID P1
and Defender for Office 365; the PSA bills the association under its run-together id
"WhitcombeAssociation" (Entra ID only) and the Defender seats under "WhitcombeAssociation
Property Services", a company of its own. The parent keys as "whitcombe assn" (business words
folded), the company's first word stayed "whitcombeassociation": not named after its parent,
so its one line showed as "billed, not bought" beside the parent's "bought, not billed".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.recon.cli_run import reconcile_json

CUSTOMER = "Whitcombe Association"
PARENT = "WhitcombeAssociation"
COMPANY = "WhitcombeAssociation Property Services"
DEFENDER = "Microsoft Defender for Office 365 (Plan 1)"


def _report(tmp_path: Path, company: str) -> dict[str, Any]:
    plain = ("Brightwater Plumbing", "Cedar Ridge Dental", "Northgate Inc")
    vendor = ["Customer Name,Product Name,Quantity,Unit Cost"]
    psa = ["Company,Product,Quantity,Unit Price"]
    for i, client in enumerate(plain):
        vendor += [f"{client},Microsoft 365 Business Basic,{10 + i},4.80"]
        psa += [f"{client},Microsoft 365 Business Basic,{10 + i},7.04"]
    vendor += [f"{CUSTOMER},Microsoft Entra ID P1,46,5.41", f"{CUSTOMER},{DEFENDER},39,1.60"]
    psa += [f"{PARENT},Microsoft Entra ID P1,46,7.85", f"{company},{DEFENDER},39,2.07"]
    (tmp_path / "vendor.csv").write_text("\n".join(vendor) + "\n")
    (tmp_path / "psa.csv").write_text("\n".join(psa) + "\n")
    return reconcile_json(
        (str(tmp_path / "vendor.csv"), str(tmp_path / "psa.csv"), str(tmp_path / "r.db"))
    )


def _family(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [q for q in report["questions"] if q.get("kind") == "family"]


def test_a_company_under_the_parents_run_together_id_is_one_question(tmp_path: Path) -> None:
    report = _report(tmp_path, COMPANY)
    (question,) = _family(report)
    assert question["question"] == f"Is {COMPANY} billed for {CUSTOMER}'s licences?"
    assert question["psa_clients"] == [PARENT, COMPANY]
    # 39 bought, 39 billed by the subsidiary: neither half shows.
    assert report["gaps"] == []


def test_a_word_the_key_leaves_whole_is_no_run_together_name(tmp_path: Path) -> None:
    # "Whitcombeassoc Property Services": the first word is no id the key splits, so the
    # company is not named after the parent, and one line is too little on seats alone.
    report = _report(tmp_path, "Whitcombeassoc Property Services")
    assert _family(report) == []
    assert {(g["client"], g["kind"]) for g in report["gaps"]} == {
        (PARENT, "missing_in_psa"),
        ("Whitcombeassoc Property Services", "missing_in_vendor"),
    }
