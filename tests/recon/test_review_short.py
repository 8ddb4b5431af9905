"""A vendor client in review that its candidates together bill short of: a gap either way.

``recon.engine.review_short``: "Kestrel Orthodontics" buys 5 Exchange Online Plan 1 and 30
Entra ID P1 seats; the PSA bills three offices ("Kestrel Ortho (Denver)", "(Boise)",
"(Austin)") that matching cannot choose between, and only Denver bills Exchange (3 seats),
no office any Entra. Whichever office the review names, or all three summed, Exchange is 2
seats short and Entra is billed nowhere: the review hid both (sites6 pax8-autotask c300:
61 Office 365 E3 seats; sites3, sites10, sites14 the seat shortfalls).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from recon.model import REVIEW_WORDS
from tests.recon.cli_run import office_files, reconcile_json

CUSTOMER = "Kestrel Orthodontics"
DENVER, BOISE, AUSTIN = "Kestrel Ortho (Denver)", "Kestrel Ortho (Boise)", "Kestrel Ortho (Austin)"
BP, EXO = "Microsoft 365 Business Premium", "Exchange Online (Plan 1)"
ENTRA, SERVICE = "Microsoft Entra ID P1", "Managed Services - Per User"
PRICES = {
    BP: ("22.00", "26.00"),
    EXO: ("4.00", "5.00"),
    ENTRA: ("6.00", "7.00"),
    SERVICE: ("0.00", "95.00"),
}
BOUGHT = {EXO: 5, ENTRA: 30}


def _report(
    tmp_path: Path, denver_exo: int, boise_exo: int = 0, **more: dict[str, int]
) -> dict[str, Any]:
    offices = {
        DENVER: {EXO: denver_exo, SERVICE: 38},
        BOISE: {EXO: boise_exo, SERVICE: 23} if boise_exo else {SERVICE: 23},
        AUSTIN: {SERVICE: 28},
        **more,
    }
    return reconcile_json(office_files(tmp_path, CUSTOMER, BOUGHT, offices, PRICES, (BP, EXO)))


def _gaps(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {g["product"]: g for g in report["gaps"] if g["client"] == CUSTOMER}


def test_seats_every_candidate_together_bills_short_of_show_pending_the_review(
    tmp_path: Path,
) -> None:
    report = _report(tmp_path, denver_exo=3)
    (item,) = report["review"]
    assert {c["psa_client"] for c in item["candidates"]} == {DENVER, BOISE, AUSTIN}
    gaps = _gaps(report)
    exo, entra = gaps[EXO], gaps[ENTRA]
    assert (exo["kind"], exo["vendor_qty"], exo["psa_qty"], exo["seat_delta"]) == (
        "quantity_mismatch",
        5,
        3,
        2,
    )
    assert exo["monthly_impact"] == "8.00"  # 2 seats at the vendor's $4.00
    assert (entra["kind"], entra["vendor_qty"], entra["psa_qty"]) == ("missing_in_psa", 30, 0)
    for gap in (exo, entra):
        assert gap["rests_on"].startswith(REVIEW_WORDS)
        assert "whichever way the review is answered" in gap["why"]


def test_seats_the_candidates_bill_in_full_together_wait_for_the_review(tmp_path: Path) -> None:
    # Denver 3 and Boise 2 are the 5 Exchange seats: only the Entra seats are short either way.
    report = _report(tmp_path, denver_exo=3, boise_exo=2)
    assert report["review"]
    gaps = _gaps(report)
    assert EXO not in gaps
    assert gaps[ENTRA]["kind"] == "missing_in_psa"


def test_a_company_of_the_name_paired_with_nothing_may_bill_the_rest(tmp_path: Path) -> None:
    # "Kestrel Labs", offered to no one, bills 2 Exchange seats: maybe the family's rest.
    gaps = _gaps(_report(tmp_path, denver_exo=3, **{"Kestrel Labs": {EXO: 2}}))
    assert EXO not in gaps
    assert gaps[ENTRA]["kind"] == "missing_in_psa"
