"""Offices under the customer's own name, each billing only what it buys: one family question.

``recon.engine.office_subsets``: "Sweetwater Dermatology" buys Business Premium, Exchange and
Entra; the MSP bills it as "Sweetwater Dermatology - Plano" and "Sweetwater Dermatology -
Denver" (a PSA company per office). Entra sums to the seat; Business Premium and Exchange are
each three seats apart, the organisation's real gaps. The seats alone left the customer in
review with its money; the names and the offices' lines say one organisation.
"""

from __future__ import annotations

from pathlib import Path

from recon.model import FAMILY_WORDS
from tests.recon.cli_run import reconcile_json
from tests.recon.test_review_sites import BP, ENTRA, EXO, _family, _files

CUSTOMER = "Sweetwater Dermatology"
PLANO, DENVER = f"{CUSTOMER} - Plano", f"{CUSTOMER} - Denver"
#: Bought: 16 BP, 14 EXO, 15 Entra (test_review_sites.BOUGHT). Entra sums exactly (13 + 2);
#: BP is billed 3 short (9 + 4), EXO 3 over (10 + 7).
OFFICES = {PLANO: {BP: 9, EXO: 10, ENTRA: 13}, DENVER: {BP: 4, EXO: 7, ENTRA: 2}}


def test_offices_of_its_own_name_billing_only_its_products_are_one_family_question(
    tmp_path: Path,
) -> None:
    report = reconcile_json(_files(tmp_path, OFFICES, customer=CUSTOMER))
    (question,) = _family(report)
    assert set(question["psa_clients"]) == {PLANO, DENVER}
    assert report["review"] == []
    # The two real gaps show now, pending the question; the exact Entra sum shows nothing.
    assert all(g["rests_on"].startswith(FAMILY_WORDS) for g in report["gaps"])
    assert sorted((g["product"], g["kind"], g["seat_delta"]) for g in report["gaps"]) == [
        (EXO, "quantity_mismatch", -3),
        (BP, "quantity_mismatch", 3),
    ]


def test_an_office_billing_a_product_never_bought_keeps_the_review(tmp_path: Path) -> None:
    # Denver also bills Visio (which the vendor sells, to Northgate), and the customer never
    # bought it: another client's lines may be in it, so the seats must say it (they do
    # not) and the review stands.
    vendor, psa, db = _files(tmp_path, OFFICES, customer=CUSTOMER)
    with open(vendor, "a") as out:
        out.write("Northgate Inc,Visio Plan 2,3,12.00\n")
    with open(psa, "a") as out:
        out.write(f"Northgate Inc,Visio Plan 2,3,15.00\n{DENVER},Visio Plan 2,3,15.00\n")
    report = reconcile_json((vendor, psa, db))
    assert _family(report) == []
    (item,) = report["review"]
    assert item["vendor_client"] == CUSTOMER


def test_offices_with_no_exact_sum_keep_the_review(tmp_path: Path) -> None:
    # No product sums to the seat: nothing on the lines confirms the names.
    offices = {PLANO: {**OFFICES[PLANO], ENTRA: 12}, DENVER: OFFICES[DENVER]}
    report = reconcile_json(_files(tmp_path, offices, customer=CUSTOMER))
    assert _family(report) == []
    (item,) = report["review"]
    assert item["vendor_client"] == CUSTOMER


def test_offices_of_another_name_keep_the_seats_test(tmp_path: Path) -> None:
    # "Sweetwater Derm - Plano" is not the customer's own name written out: the names say
    # less, and the three-seat gaps keep the customer in review as before.
    offices = {
        f"Sweetwater Derm - {p}": lines
        for p, lines in zip(("Plano", "Denver"), OFFICES.values(), strict=True)
    }
    report = reconcile_json(_files(tmp_path, offices, customer=CUSTOMER))
    assert _family(report) == []


def test_offices_billing_one_product_between_them_keep_the_review(tmp_path: Path) -> None:
    # Both offices bill only Entra, summed to the seat: one product two unrelated clients'
    # lines may fill as well; the other two products billed nowhere, the review stands.
    offices = {PLANO: {ENTRA: 13}, DENVER: {ENTRA: 2}}
    report = reconcile_json(_files(tmp_path, offices, customer=CUSTOMER))
    assert _family(report) == []
