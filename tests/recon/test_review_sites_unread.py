"""An office billing only a text a mapping question asks about joins its siblings' question.

``recon.engine.review_sites``: "Kestrel Orthodontics" is held in review between its offices
"Kestrel Ortho (Denver)", "(Boise)" and "(Tulsa)". Tulsa bills one product under the
reseller's own text ("PDF Suite - Annual", a mapping question: Brightwater Plumbing bills it
beside Adobe Acrobat). The question on the offices used to name Denver and Boise only: Tulsa's
line showed as "billed, not bought" beside the customer's Acrobat "bought, not billed".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from recon.model import FAMILY_WORDS
from tests.recon.cli_run import reconcile_json

CUSTOMER = "Kestrel Orthodontics"
DENVER, BOISE, TULSA = "Kestrel Ortho (Denver)", "Kestrel Ortho (Boise)", "Kestrel Ortho (Tulsa)"
BP, EXO = "Microsoft 365 Business Premium", "Exchange Online (Plan 1)"
ENTRA = "Microsoft Entra ID P1"
ACROBAT, TEXT = "Adobe Acrobat Pro for teams", "PDF Suite - Annual"


def _files(tmp_path: Path, *, tulsa: int = 9, bought: str = ACROBAT) -> tuple[str, str, str]:
    vendor = ["Customer Name,Product Name,Quantity,Unit Cost"]
    psa = ["Company,Product,Quantity,Unit Price"]
    for i, client in enumerate(("Brightwater Plumbing", "Cedar Ridge Dental", "Northgate Inc")):
        vendor += [f"{client},{BP},{10 + i},22.00", f"{client},{EXO},{3 + i},4.00"]
        psa += [f"{client},{BP},{10 + i},26.00", f"{client},{EXO},{3 + i},5.00"]
    # The mapping question: Brightwater bills the text beside the Acrobat seats it buys.
    vendor.append(f"Brightwater Plumbing,{ACROBAT},5,18.00")
    psa.append(f"Brightwater Plumbing,{TEXT},5,24.00")
    vendor += [
        f"{CUSTOMER},{BP},16,22.00",
        f"{CUSTOMER},{EXO},14,4.00",
        f"{CUSTOMER},{ENTRA},15,6.00",
        f"{CUSTOMER},{bought},9,18.00",
    ]
    psa += [
        f"{DENVER},{BP},3,26.00",
        f"{DENVER},{EXO},13,5.00",
        f"{DENVER},{ENTRA},13,7.00",
        f"{BOISE},{BP},13,26.00",
        f"{BOISE},{EXO},1,5.00",
        f"{BOISE},{ENTRA},2,7.00",
        f"{TULSA},{TEXT},{tulsa},24.00",
    ]
    (tmp_path / "vendor.csv").write_text("\n".join(vendor) + "\n")
    (tmp_path / "psa.csv").write_text("\n".join(psa) + "\n")
    return str(tmp_path / "vendor.csv"), str(tmp_path / "psa.csv"), str(tmp_path / "r.db")


def _family(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [q for q in report["questions"] if q.get("kind") == "family"]


def test_an_office_billing_only_a_pending_text_is_named_in_its_siblings_question(
    tmp_path: Path,
) -> None:
    report = reconcile_json(_files(tmp_path))
    (question,) = _family(report)
    assert question["psa_clients"] == [DENVER, BOISE, TULSA]
    assert report["review"] == []
    # every summed line agrees, Tulsa's too: no gap is left showing
    assert report["gaps"] == []


def test_the_gap_a_yes_implies_rests_on_the_family_and_the_mapping_question(
    tmp_path: Path,
) -> None:
    report = reconcile_json(_files(tmp_path, tulsa=8))
    (gap,) = report["gaps"]
    assert (gap["client"], gap["product"], gap["seat_delta"]) == (CUSTOMER, ACROBAT, 1)
    assert gap["rests_on"].startswith(FAMILY_WORDS)
    assert "and the mapping question" in gap["rests_on"]


def test_an_office_whose_pending_text_is_no_product_of_the_customers_is_not_named(
    tmp_path: Path,
) -> None:
    # The customer buys Entra P2, not Acrobat: Tulsa's text waits on a product it never
    # bought, so Tulsa is not its office as far as anyone knows.
    report = reconcile_json(_files(tmp_path, bought="Microsoft Entra ID P2"))
    (question,) = _family(report)
    assert question["psa_clients"] == [DENVER, BOISE]
    assert any(g["psa_client"] == TULSA for g in report["gaps"])
