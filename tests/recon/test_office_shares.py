"""Offices that split a customer's products between them: one family question.

``recon.engine.office_shares``: "Kestrel Orthodontics" buys Business Premium and Exchange;
the PSA bills the Business Premium seats at "Kestrel Ortho (Denver)" and the Exchange seats
at "Kestrel Ortho (Boise)", each a seat apart from the purchase. No product sums exactly, so
the seats alone left the customer in review with its money; the split is the evidence.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from recon.model import FAMILY_WORDS
from tests.recon.cli_run import reconcile_json
from tests.recon.test_review_sites import BOISE, BP, CUSTOMER, DENVER, ENTRA, EXO, _family, _files

#: The customer holds two products; each office bills one of them, a seat apart.
BOUGHT = {BP: 16, EXO: 14}
SPLIT = {DENVER: {BP: 17}, BOISE: {EXO: 13}}


def _report(tmp_path: Path, offices: dict[str, dict[str, int]]) -> dict[str, Any]:
    vendor, psa, db = _files(tmp_path, offices)
    # The customer buys only BP and EXO here (the shared writer adds Entra: drop it).
    text = Path(vendor).read_text().splitlines()
    Path(vendor).write_text("\n".join(r for r in text if not r.startswith(f"{CUSTOMER},{ENTRA}")))
    return reconcile_json((vendor, psa, db))


def test_offices_each_billing_a_product_of_their_own_are_one_family_question(
    tmp_path: Path,
) -> None:
    report = _report(tmp_path, SPLIT)
    (question,) = _family(report)
    assert set(question["psa_clients"]) == {DENVER, BOISE}
    assert report["review"] == []
    # Each office's seat apart is the family's real gap, shown pending the question.
    assert all(g["rests_on"].startswith(FAMILY_WORDS) for g in report["gaps"])
    assert sorted((g["product"], g["kind"], g["seat_delta"]) for g in report["gaps"]) == [
        (EXO, "quantity_mismatch", 1),
        (BP, "quantity_mismatch", -1),
    ]


def test_offices_billing_one_product_twice_are_weighed_on_their_sums(tmp_path: Path) -> None:
    # Boise bills Business Premium too: a product two offices bill is the seats' evidence,
    # and its sum (18 of 16) holds nothing: the review stands.
    offices = {DENVER: {BP: 17}, BOISE: {EXO: 13, BP: 1}}
    report = _report(tmp_path, offices)
    assert _family(report) == []
    (item,) = report["review"]
    assert item["vendor_client"] == CUSTOMER


def test_a_split_far_from_the_customers_seats_is_no_family(tmp_path: Path) -> None:
    # Boise's 7 Exchange seats are half the 14 bought: another purchase, not a seat short.
    report = _report(tmp_path, {DENVER: {BP: 17}, BOISE: {EXO: 7}})
    assert _family(report) == []


def test_a_product_both_offices_bill_must_sum_exactly(tmp_path: Path) -> None:
    # Entra is billed at both offices: 13 + 2 is the 15 bought, exactly, so the split holds
    # (Business Premium and Exchange each one office's, a seat apart).
    offices = {DENVER: {BP: 17, ENTRA: 13}, BOISE: {EXO: 13, ENTRA: 2}}
    vendor, psa, db = _files(tmp_path, offices)
    report = reconcile_json((vendor, psa, db))
    (question,) = _family(report)
    assert set(question["psa_clients"]) == {DENVER, BOISE}
    assert sorted((g["product"], g["seat_delta"]) for g in report["gaps"]) == [(EXO, 1), (BP, -1)]
    # A seat apart on the Entra both bill: whose gap, the lines cannot say; the review stands.
    offices[BOISE][ENTRA] = 1
    (tmp_path / "apart").mkdir()
    report = reconcile_json(_files(tmp_path / "apart", offices))
    assert _family(report) == []
    assert [i["vendor_client"] for i in report["review"]] == [CUSTOMER]
