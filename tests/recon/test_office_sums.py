"""Sibling offices whose seats refute one by one but sum to the customer's: its shares.

``recon.match.office_sums``: "Quarry Lane Fam. Dentistry" buys six products; the PSA bills
them as "Quarry Lane Family Dentistry: Madison Office" and "...: Fresno Office", each office a
share of nearly every product (ConnectWise companies per site, Autotask child accounts).
Line by line each office agrees with the customer at one product of five or six, which reads
as another client's lines; summed, the offices' seats are the customer's on every product.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from recon.model import FAMILY_WORDS
from tests.recon.cli_run import office_files, reconcile_json

CUSTOMER = "Quarry Lane Fam. Dentistry"
MADISON = "Quarry Lane Family Dentistry: Madison Office"
FRESNO = "Quarry Lane Family Dentistry: Fresno Office"
BP, BS = "Microsoft 365 Business Premium", "Microsoft 365 Business Standard"
E3, E1, E5 = "Microsoft 365 E3", "Office 365 E1", "Microsoft 365 E5"
APPS, VISIO = "Microsoft 365 Apps for business", "Visio Plan 1"
PRICES = {
    BP: ("22.00", "26.00"),
    BS: ("12.50", "15.00"),
    E3: ("36.00", "40.00"),
    E1: ("10.00", "13.00"),
    E5: ("57.00", "74.00"),
    APPS: ("8.25", "10.00"),
    VISIO: ("5.00", "6.50"),
}
BOUGHT = {BP: 40, BS: 20, E3: 30, E1: 24, APPS: 18, VISIO: 12}
#: Summed, the offices bill every product bought exactly; Fresno also bills E5, never bought
#: (the family's real gap). Madison agrees with the customer at Apps alone, Fresno nowhere.
OFFICES = {
    MADISON: {BP: 3, BS: 8, E3: 20, E1: 10, APPS: 18, VISIO: 5},
    FRESNO: {BP: 37, BS: 12, E3: 10, E1: 14, VISIO: 7, E5: 5},
}


def _files(
    tmp_path: Path, offices: dict[str, dict[str, int]] = OFFICES, customer: str = CUSTOMER
) -> tuple[str, str, str]:
    return office_files(tmp_path, customer, BOUGHT, offices, PRICES, (BP, E1))


def _family(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [q for q in report["questions"] if q.get("kind") == "family"]


def _one_sided(report: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {
        (g["client"], g["product"], g["kind"])
        for g in report["gaps"]
        if g["kind"] in ("missing_in_psa", "missing_in_vendor")
    }


def test_offices_whose_seats_sum_to_the_customers_are_one_family_question(
    tmp_path: Path,
) -> None:
    report = reconcile_json(_files(tmp_path))
    (question,) = _family(report)
    assert set(question["psa_clients"]) == {MADISON, FRESNO}
    assert question["vendor_client"] == CUSTOMER
    # Not every product on both sides: the one gap is E5, billed at Fresno and never bought.
    assert _one_sided(report) == {(FRESNO, E5, "missing_in_vendor")}


def test_offices_whose_seats_do_not_sum_to_the_customers_stay_other_clients(
    tmp_path: Path,
) -> None:
    # Fresno bills half the seats it did: summed, the offices agree with the customer
    # nowhere but at Apps (Madison's own line); two clients' lines, each refuting.
    fresno = {p: n // 2 for p, n in OFFICES[FRESNO].items()}
    report = reconcile_json(_files(tmp_path, {MADISON: OFFICES[MADISON], FRESNO: fresno}))
    assert _family(report) == []
    assert report["review"] == []
    assert (CUSTOMER, BP, "missing_in_psa") in _one_sided(report)
    assert not any((g["rests_on"] or "").startswith(FAMILY_WORDS) for g in report["gaps"])


def test_an_office_billing_more_than_the_customer_holds_is_no_share(tmp_path: Path) -> None:
    # Madison bills 45 Business Premium where the customer holds 40: not a share of the
    # customer's seats but a client of its own, whatever the other products sum to.
    madison = {**OFFICES[MADISON], BP: 45}
    report = reconcile_json(_files(tmp_path, {MADISON: madison, FRESNO: OFFICES[FRESNO]}))
    assert _family(report) == []
    assert (CUSTOMER, BP, "missing_in_psa") in _one_sided(report)
