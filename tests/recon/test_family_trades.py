"""A brand-and-trade subsidiary billing a product its parent's company bills none of.

``recon.engine.family_trades``: "Bay Transport" bills six F3 seats where the vendor sells
"Bay Brook Marine" three and its company bills none. The run used to show a "missing in PSA"
gap at the parent beside a "missing in vendor" gap at the company; it asks one question
instead, the family's real gap (billed three over) pending it, where the run has many parents
and few lack F3. Where another parent of that name lacks the product too, or chance would
give such a fit, nothing is asked.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.recon.cli_run import reconcile_json

BP = "Microsoft 365 Business Premium"
F3 = "Microsoft 365 F3"
EXO = "Exchange Online (Plan 1)"
PARENT, SUB = "Bay Brook Marine", "Bay Transport"
#: Parents short of mailboxes only.
FILLERS = 40
OTHERS = ("Brightwater Plumbing", "Cedar Ridge Dental", "Northgate Logistics", "Summit Legal Group")


def _report(
    tmp_path: Path,
    *,
    extra_vendor: tuple[str, ...] = (),
    extra_psa: tuple[str, ...] = (),
    company: str = SUB,
    bought: int = 3,
    billed: int = 6,
) -> dict[str, Any]:
    vendor = ["Customer Name,Product Name,Quantity,Unit Cost"]
    psa = ["Company,Product,Quantity,Unit Price"]
    for i, client in enumerate(OTHERS):
        vendor += [f"{client},{BP},{10 + i},22.00"]
        psa += [f"{client},{BP},{10 + i},26.00"]
    # Clients whose companies bill two of the five mailboxes bought: parents of no product
    # in question, making the run's parents many, as at scale.
    for i in range(FILLERS):
        vendor += [f"Filler {i:02d} Farms,{EXO},5,4.00"]
        psa += [f"Filler {i:02d} Farms,{EXO},2,5.00"]
    # The vendor sells Bay Brook three F3 seats its company bills none of; Bay Transport,
    # with no vendor customer, bills six.
    vendor += [f"{PARENT},{BP},5,22.00", f"{PARENT},{F3},{bought},8.00"]
    psa += [f"{PARENT},{BP},5,26.00", f"{company},{F3},{billed},10.00"]
    vendor += list(extra_vendor)
    psa += list(extra_psa)
    (tmp_path / "vendor.csv").write_text("\n".join(vendor) + "\n")
    (tmp_path / "psa.csv").write_text("\n".join(psa) + "\n")
    files = (str(tmp_path / "vendor.csv"), str(tmp_path / "psa.csv"), str(tmp_path / "r.db"))
    return reconcile_json(files)


def _families(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [q for q in report["questions"] if q.get("kind") == "family"]


def _gaps(report: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {(g["client"], g["product"], g["kind"]) for g in report["gaps"]}


def test_one_question_with_the_familys_real_gap_not_two_gaps(tmp_path: Path) -> None:
    report = _report(tmp_path)
    (question,) = _families(report)
    assert question["question"] == f"Is {SUB} billed for {PARENT}'s licences?"
    (gap,) = [g for g in report["gaps"] if g["client"] in (PARENT, SUB)]
    # Summed, the family bills six of the three seats bought: three over, pending the answer.
    assert (gap["client"], gap["kind"], gap["seat_delta"]) == (PARENT, "quantity_mismatch", -3)
    assert gap["rests_on"].startswith("the family question")


def test_two_parents_of_that_name_lacking_the_product_ask_nothing(tmp_path: Path) -> None:
    # "Bay Harbor Realty" lacks F3 too: the first word and the product do not say whose
    # (among so many parents, chance alone would allow either: 0.1 expected).
    report = _report(
        tmp_path,
        extra_vendor=(f"Bay Harbor Realty,{BP},4,22.00", f"Bay Harbor Realty,{F3},2,8.00"),
        extra_psa=(f"Bay Harbor Realty,{BP},4,26.00",),
    )
    assert _families(report) == []
    assert (SUB, F3, "missing_in_vendor") in _gaps(report)


def test_a_fit_chance_would_give_as_well_is_not_asked(tmp_path: Path) -> None:
    # Two more "Bay" parents (short of mailboxes only) and eight clients whose companies bill
    # none of their F3: three parents of the name, one in six billing none of F3, about 0.5
    # parents an unrelated "Bay" company would fit by coincidence, far above the bar.
    vendor, psa = [], []
    for name in ("Bay Harbor Realty", "Bay Ridge Dental"):
        vendor += [f"{name},{EXO},4,4.00"]
        psa += [f"{name},{EXO},2,5.00"]
    for i in range(8):
        name = f"Client {chr(65 + i)} Holdings"
        vendor += [f"{name},{BP},3,22.00", f"{name},{F3},{2 + i},8.00"]
        psa += [f"{name},{BP},3,26.00"]
    report = _report(tmp_path, extra_vendor=tuple(vendor), extra_psa=tuple(psa))
    assert all(q["psa_client"] != SUB for q in _families(report))
    assert {(SUB, F3, "missing_in_vendor"), (PARENT, F3, "missing_in_psa")} <= _gaps(report)


def test_a_place_after_the_first_word_is_not_a_line_of_business(tmp_path: Path) -> None:
    # "Bay Fresno" names a place, not a trade the family carries on (NAICS titles): no
    # question on a first word and far seats.
    report = _report(tmp_path, company="Bay Fresno")
    assert _families(report) == []
    assert ("Bay Fresno", F3, "missing_in_vendor") in _gaps(report)


def test_far_seats_leaving_the_parent_short_are_not_asked(tmp_path: Path) -> None:
    # Two seats billed where the parent lacks nine: the line closes no gap, far from it.
    report = _report(tmp_path, bought=9, billed=2)
    assert _families(report) == []
    assert (SUB, F3, "missing_in_vendor") in _gaps(report)


def test_seats_filling_most_of_the_shortfall_are_one_question_with_the_rest_its_gap(
    tmp_path: Path,
) -> None:
    # Five seats billed where the parent lacks seven: the subsidiary's own users' licences,
    # the two left the family's real gap (billed short), one question, not two gaps.
    report = _report(tmp_path, bought=7, billed=5)
    (question,) = _families(report)
    assert question["question"] == f"Is {SUB} billed for {PARENT}'s licences?"
    (gap,) = [g for g in report["gaps"] if g["client"] in (PARENT, SUB)]
    assert (gap["client"], gap["kind"], gap["seat_delta"]) == (PARENT, "quantity_mismatch", 2)
    assert gap["rests_on"].startswith("the family question")
