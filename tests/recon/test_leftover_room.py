"""A leftover pair is asked when the budget's room is taken only by a family question's items.

``recon.match.leftovers`` asks about one client under two names only while at most 3 % of
the vendor file's clients are in review. A customer held in review between sibling offices
("Kestrel Orthodontics" / "Kestrel Ortho (Denver)", "(Boise)") counted against that budget,
though ``recon.engine.review_sites`` then takes it out of review as a family question: the
leftover pair ("Ostrander Park Fabrication" / "OParkFabrication") stayed two one-sided lists
of gaps in a queue that ended with room to spare. The budget now counts only the items
that stay in review (``recon.engine.review_budget``); these scenarios hold it end to end.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.recon.cli_run import reconcile_json

BP, EXO = "Microsoft 365 Business Premium", "Exchange Online (Plan 1)"
ENTRA = "Microsoft Entra ID P1"
CUSTOMER = "Kestrel Orthodontics"
DENVER, BOISE = "Kestrel Ortho (Denver)", "Kestrel Ortho (Boise)"
VENDOR_NAME, PSA_NAME = "Ostrander Park Fabrication", "OParkFabrication"
#: Fillers matched by name: with the customer and the pair, 39 vendor clients, so the
#: budget (3 %) holds one review item, the customer's, until the family question takes it.
FILLERS = [f"{a} {b} Supply" for a in ("Amber", "Birch", "Cobalt") for b in "FGHJKLMNPQRST"]


def _files(tmp_path: Path, *, offices: bool = True) -> tuple[str, str, str]:
    vendor = ["Customer Name,Product Name,Quantity,Unit Cost"]
    psa = ["Company,Product,Quantity,Unit Price"]
    for i, client in enumerate(FILLERS[:37]):
        vendor += [f"{client},{BP},{10 + i},22.00", f"{client},{EXO},{3 + i},4.00"]
        psa += [f"{client},{BP},{10 + i},26.00", f"{client},{EXO},{3 + i},5.00"]
    vendor += [f"{CUSTOMER},{BP},16,22.00", f"{CUSTOMER},{EXO},14,4.00"]
    vendor += [f"{CUSTOMER},{ENTRA},15,6.00"]
    if offices:
        psa += [f"{DENVER},{BP},3,26.00", f"{DENVER},{EXO},13,5.00", f"{DENVER},{ENTRA},13,7.00"]
        psa += [f"{BOISE},{BP},13,26.00", f"{BOISE},{EXO},1,5.00", f"{BOISE},{ENTRA},2,7.00"]
    vendor += [f"{VENDOR_NAME},{BP},101,22.00", f"{VENDOR_NAME},{EXO},7,4.00"]
    psa += [f"{PSA_NAME},{BP},101,26.00", f"{PSA_NAME},{EXO},7,5.00"]
    (tmp_path / "vendor.csv").write_text("\n".join(vendor) + "\n")
    (tmp_path / "psa.csv").write_text("\n".join(psa) + "\n")
    return str(tmp_path / "vendor.csv"), str(tmp_path / "psa.csv"), str(tmp_path / "r.db")


def _asked(report: dict[str, Any]) -> list[tuple[str, list[str]]]:
    return [
        (r["vendor_client"], [c["psa_client"] for c in r["candidates"]]) for r in report["review"]
    ]


def test_the_pair_is_asked_in_the_room_a_family_question_left(tmp_path: Path) -> None:
    report = reconcile_json(_files(tmp_path))
    assert [q["question"] for q in report["questions"] if q.get("kind") == "family"] == [
        f"Are {DENVER} and {BOISE} billed for {CUSTOMER}'s licences?"
    ]
    assert _asked(report) == [(VENDOR_NAME, [PSA_NAME])]
    one_sided = [g for g in report["gaps"] if g["kind"] in ("missing_in_psa", "missing_in_vendor")]
    assert [g for g in one_sided if VENDOR_NAME in (g["client"], g.get("psa_client"))] == []


def test_without_a_family_question_the_pair_is_asked_as_before(tmp_path: Path) -> None:
    # No offices: the customer is a vendor client alone, the queue empty: the pair is asked.
    report = reconcile_json(_files(tmp_path, offices=False))
    assert _asked(report) == [(VENDOR_NAME, [PSA_NAME])]
