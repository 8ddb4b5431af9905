"""The one sibling office billing a customer's licences, compared pending the review.

``recon.engine.office_holders``: "PINE HOLLOW SURVEYING" buys its licences once; the MSP bills
it as PSA companies opened per office, whose names score alike, so the customer sat in
review with its money hidden. One office bills the customer's products, its siblings bill
only the MSP's own services. Two shapes :mod:`recon.engine.office_rivals` left in review:
the office billing the licences is not the name's best candidate, and the office bills
most of the customer's products while one is billed nowhere (the organisation's real gap).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.recon.cli_run import AUTOTASK, autotask_service, reconcile_json

CUSTOMER = "PINE HOLLOW SURVEYING"
TULSA = "Pine Hollow Surveying - Tulsa Office"
ALBUQUERQUE = "Pine Hollow Surveying - Albuquerque Office"
BP, EXO = "Microsoft 365 Business Premium", "Exchange Online (Plan 1)"
ENTRA = "Microsoft Entra ID P1"
WEBROOT = "Webroot Business Endpoint Protection"


def _files(
    tmp_path: Path,
    bought: dict[str, int],
    billed: dict[str, int],
    *,
    holder: str = ALBUQUERQUE,
    sibling: str = "",
) -> tuple[str, str, str]:
    """Three plain clients; the customer buying ``bought``; ``holder`` billing ``billed``;
    the other office billing the MSP's services (and ``sibling``, a row's text and seats)."""
    other = TULSA if holder == ALBUQUERQUE else ALBUQUERQUE
    vendor = ["Customer Name,Product Name,Quantity,Unit Cost"]
    psa = [AUTOTASK]
    for i, client in enumerate(("Brightwater Plumbing", "Cedar Ridge Dental", "Northgate Inc")):
        vendor += [f"{client},{BP},{10 + i},22.00", f"{client},{ENTRA},{4 + i},5.00"]
        psa.append(autotask_service(client, BP, 10 + i, "26.00", "22.00"))
        psa.append(autotask_service(client, ENTRA, 4 + i, "6.80", "5.00"))
    vendor += [f"{CUSTOMER},{product},{seats},4.00" for product, seats in bought.items()]
    psa += [autotask_service(holder, p, n, "5.00", "4.00") for p, n in billed.items()]
    psa += [
        autotask_service(other, "Managed Services - Per User", 31, "95.00", "0.00"),
        autotask_service(other, "Help Desk Support", 17, "60.00", "0.00"),
    ]
    if sibling:
        text, seats = sibling.rsplit(",", 1)
        psa.append(autotask_service(other, text, int(seats), "2.97", "2.10"))
    (tmp_path / "vendor.csv").write_text("\n".join(vendor) + "\n")
    (tmp_path / "psa.csv").write_text("\n".join(psa) + "\n")
    return str(tmp_path / "vendor.csv"), str(tmp_path / "psa.csv"), str(tmp_path / "r.db")


def _gaps(report: dict[str, Any]) -> list[tuple[str, str, str, int, str | None]]:
    return [
        (g["client"], g["product"], g["kind"], g["seat_delta"], g["rests_on"])
        for g in report["gaps"]
    ]


def test_the_office_billing_the_licences_is_compared_though_its_sibling_scores_higher(
    tmp_path: Path,
) -> None:
    report = reconcile_json(_files(tmp_path, {EXO: 10}, {EXO: 12}))
    (item,) = report["review"]
    # The names put Tulsa first; the lines say Albuquerque.
    assert [c["psa_client"] for c in item["candidates"]] == [TULSA, ALBUQUERQUE]
    rests_on = f"the client review '{CUSTOMER}' = '{ALBUQUERQUE}'"
    assert _gaps(report) == [(ALBUQUERQUE, EXO, "quantity_mismatch", -2, rests_on)]


def _pending(report: dict[str, Any], office: str) -> list[tuple[str, str, int]]:
    """The gaps resting on the client review of the customer with ``office`` alone."""
    review = f"the client review '{CUSTOMER}' = '{office}'"
    return [
        (g["product"], g["kind"], g["seat_delta"])
        for g in report["gaps"]
        if g["rests_on"] == review
    ]


def test_a_product_the_office_does_not_bill_is_the_customers_gap(tmp_path: Path) -> None:
    # Albuquerque bills the Exchange seats, two over; Entra is billed nowhere.
    report = reconcile_json(_files(tmp_path, {EXO: 10, ENTRA: 6}, {EXO: 12}))
    (item,) = report["review"]
    assert [c["psa_client"] for c in item["candidates"]] == [TULSA, ALBUQUERQUE]
    assert sorted(_pending(report, ALBUQUERQUE)) == [
        (EXO, "quantity_mismatch", -2),
        (ENTRA, "missing_in_psa", 6),
    ]
    # the review stays the person's question: nothing is merged
    assert all(m["vendor_client"] != CUSTOMER for m in report["matches"])


def test_a_sibling_billing_one_of_the_products_is_not_set_aside(tmp_path: Path) -> None:
    # Tulsa bills Entra too: two offices hold the customer's products, the lines do not
    # choose one (the family step weighs both).
    files = _files(tmp_path, {EXO: 10, ENTRA: 6}, {EXO: 12}, sibling=f"{ENTRA},3")
    report = reconcile_json(files)
    assert _pending(report, ALBUQUERQUE) == []
    # Only the Entra seats show, on the customer pending its review: the two offices
    # together bill 3 of its 6, short whichever way it is answered (review_short).
    assert _pending(report, TULSA) == [(ENTRA, "quantity_mismatch", 3)]


def test_a_sibling_line_at_the_seats_of_a_product_not_billed_is_not_set_aside(
    tmp_path: Path,
) -> None:
    # "Lic - Webroot" x 2 at Tulsa may be the 2 Webroot seats Albuquerque does not bill: no
    # rule reads the text at matching, so the lines do not choose Albuquerque alone.
    files = _files(tmp_path, {EXO: 10, WEBROOT: 2}, {EXO: 12}, sibling="Lic - Webroot,2")
    assert _pending(reconcile_json(files), ALBUQUERQUE) == []
    # The same line at 9 seats is another purchase: Albuquerque is compared, Webroot the gap.
    (tmp_path / "far").mkdir()
    files = _files(tmp_path / "far", {EXO: 10, WEBROOT: 2}, {EXO: 12}, sibling="Lic - Webroot,9")
    assert (WEBROOT, "missing_in_psa", 2) in _pending(reconcile_json(files), ALBUQUERQUE)


def test_an_office_billing_mostly_other_products_is_not_compared(tmp_path: Path) -> None:
    # Albuquerque bills the Exchange seats beside Business Premium and Entra the customer
    # never bought: the one office holding its product, but mostly another client's lines.
    files = _files(tmp_path, {EXO: 10, WEBROOT: 2}, {EXO: 12, BP: 5, ENTRA: 4})
    assert _pending(reconcile_json(files), ALBUQUERQUE) == []


def test_candidates_that_are_not_offices_of_one_name_are_not_weighed(tmp_path: Path) -> None:
    # "Pine Hollow Surveying Group" is no site of the name: the lines do not choose
    # between two companies as they do between two offices of one.
    vendor, psa, db = _files(tmp_path, {EXO: 10, ENTRA: 6}, {EXO: 12})
    text = Path(psa).read_text().replace(TULSA, "Pine Hollow Surveying Group")
    Path(psa).write_text(text)
    report = reconcile_json((vendor, psa, db))
    assert _pending(report, ALBUQUERQUE) == []
