"""A leftover pair the review budget had no room for is asked once a family question frees it.

``recon.match.leftovers`` asks about one client under two names only while at most 3 % of
the vendor file's clients are in review. A customer held in review between sibling offices
("Kestrel Orthodontics" / "Kestrel Ortho (Denver)", "(Boise)") counted against that budget,
though ``recon.engine.review_sites`` then takes it out of review as a family question: the
leftover pair ("Ostrander Park Fabrication" / "OParkFabrication") stayed two one-sided lists
of gaps in a queue that ended with room to spare.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from recon.match.clients import ClientMatching
from recon.match.leftovers import LeftoverPair, waiting_pairs
from recon.match.overlap import Overlap
from tests.recon.cli_run import reconcile_json
from tests.recon.match.test_clients import names

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


def test_a_waiting_pair_a_question_names_or_a_step_took_is_not_asked() -> None:
    vendor, psa, other = names(VENDOR_NAME, CUSTOMER), names(PSA_NAME, DENVER), names(BOISE)
    fits = [
        LeftoverPair(vendor[0], psa[0], Overlap(2, 2, 2, 2, bits=9.0)),
        LeftoverPair(vendor[1], psa[1], Overlap(2, 2, 2, 2, bits=8.0)),
        LeftoverPair(vendor[0], other[0], Overlap(2, 2, 2, 2, bits=7.0)),
    ]
    matching = ClientMatching(
        (),
        (),
        {},
        frozenset(),
        (vendor[0].identity, vendor[1].identity),
        (psa[0].identity, psa[1].identity),
    )
    # Denver is named in a family question; Boise is no longer unmatched.
    assert waiting_pairs(matching, fits, [CUSTOMER, DENVER]) == fits[:1]
    assert waiting_pairs(matching, fits, []) == fits[:2]
