"""A department's line on a mapping question beside a parent pair waiting on its review.

``recon.engine.family_review_lines``: the vendor sells to "Harbor Bend Motors Group LP" once;
the PSA bills "Harbor Bend Motors LP" (in review: the names are an organisation word apart)
and its laboratory, opened as a company of its own, which bills the rest of every product,
its Intune seats under the MSP's own text (a mapping question). The parent's lines wait on
the client review, the laboratory's Intune line on the mapping question: read as two
different questions, the laboratory was never asked about and every product showed as both
halves ("bought, not billed" at the parent beside "billed, not bought" at the laboratory).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from recon.model import FAMILY_WORDS, PENDING_WORDS, REVIEW_WORDS
from tests.recon.cli_run import reconcile_json

CUSTOMER = "Harbor Bend Motors Group LP"
PARENT = "Harbor Bend Motors LP"
LAB = "Harbor Bend Motors LP Laboratory"
BB = "Microsoft 365 Business Basic"
EXO = "Exchange Online (Plan 1)"
INTUNE = "Microsoft Intune Plan 1"


def _files(tmp_path: Path, intune_bought: int) -> tuple[str, str, str]:
    plain = ("Brightwater Plumbing", "Cedar Ridge Dental", "Northgate Inc")
    vendor = ["Customer Name,Product Name,Quantity,Unit Cost"]
    psa = ["Company,Product,Quantity,Unit Price"]
    for i, client in enumerate(plain):
        vendor += [f"{client},{BB},{10 + i},4.80", f"{client},{EXO},{3 + i},3.77"]
        psa += [f"{client},{BB},{10 + i},7.04", f"{client},{EXO},{3 + i},5.31"]
    vendor += [
        f"{CUSTOMER},{BB},23,4.80",
        f"{CUSTOMER},{EXO},21,3.77",
        f"{CUSTOMER},Duo Essentials,12,5.01",
        f"{CUSTOMER},Microsoft 365 E5,10,47.34",
        f"{CUSTOMER},{INTUNE},{intune_bought},7.06",
    ]
    psa += [
        f"{PARENT},{BB},7,7.04",
        f"{PARENT},{EXO},6,5.31",
        f"{PARENT},Duo Essentials,12,7.48",
        f"{LAB},{BB},16,7.04",
        f"{LAB},{EXO},15,5.31",
        f"{LAB},Microsoft 365 E5,10,63.76",
        f"{LAB},Intune Device Mgmt,7,10.27",  # the MSP's own text: a mapping question
    ]
    (tmp_path / "vendor.csv").write_text("\n".join(vendor) + "\n")
    (tmp_path / "psa.csv").write_text("\n".join(psa) + "\n")
    return str(tmp_path / "vendor.csv"), str(tmp_path / "psa.csv"), str(tmp_path / "r.db")


def _family(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [q for q in report["questions"] if q.get("kind") == "family"]


def test_the_laboratory_is_one_family_question_not_both_halves_of_each_product(
    tmp_path: Path,
) -> None:
    report = reconcile_json(_files(tmp_path, 7))
    # The pair is still a person's to decide: nothing was merged.
    assert [r["vendor_client"] for r in report["review"]] == [CUSTOMER]
    (question,) = _family(report)
    assert question["question"] == f"Is {LAB} billed for {CUSTOMER}'s licences?"
    assert question["psa_clients"] == [PARENT, LAB]
    assert {line["product"] for line in question["lines"]} == {
        BB,
        EXO,
        INTUNE,
        "Microsoft 365 E5",
    }
    # Summed, every product agrees: no half of any is shown.
    assert report["gaps"] == []


def test_the_gap_a_yes_implies_rests_on_the_family_the_review_and_the_mapping_question(
    tmp_path: Path,
) -> None:
    report = reconcile_json(_files(tmp_path, 8))
    assert len(_family(report)) == 1
    (gap,) = report["gaps"]
    assert (gap["client"], gap["product"], gap["kind"]) == (PARENT, INTUNE, "quantity_mismatch")
    assert (gap["vendor_qty"], gap["psa_qty"], gap["seat_delta"]) == (8, 7, 1)
    rests = gap["rests_on"]
    assert rests.startswith(FAMILY_WORDS)
    assert REVIEW_WORDS in rests and f"{PENDING_WORDS}'Intune Device Mgmt'" in rests
