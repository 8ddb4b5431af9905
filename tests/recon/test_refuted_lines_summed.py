"""Lines that look like two clients one by one, but agree once each product's seats are summed.

Microsoft's new-commerce subscriptions run per term (Microsoft Learn, "New commerce experience
for license-based services": monthly, annual and three-year terms), and a PSA may bill each
term on its own line (Autotask help, "Introduction to contracts": several contracts for one
customer, each with its own rates). A distributor file may hold the product once per client
while the PSA holds it twice ("- Annual" 13, "- 3 Year" 2 against 15 bought). Compared line by
line, four products in common with one seat count near reads as two clients' lines, and
"Compass View, PA" / "Compass View Enterprises" (one organisation word apart) was left
unmatched: every product shown twice, once as bought-not-billed and once as billed-not-bought.
Summed per product, two lines agree exactly and one is a seat apart: the pair merges on
evidence, as it does when the lines are close but not refuting. Seats that do not add up even
summed still say two clients.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from tests.recon.cli_run import AUTOTASK, PAX8_INVOICE, pax8_item, reconcile_json

VENDOR, PSA = "Compass View, PA", "Compass View Enterprises"
#: Two other clients, matched by name, so the file is not one client.
FILLERS = [
    ("Nolan Financial Group", "Exchange Online (Plan 1)", 11, "3.27"),
    ("Baxter Trail Medical", "Microsoft 365 Business Basic", 6, "5.98"),
]


def _run(tmp_path: Path, psa_lines: list[tuple[str, int]]) -> dict[str, Any]:
    vendor = tmp_path / "vendor.csv"
    with vendor.open("w", newline="") as f:
        out = csv.writer(f)
        out.writerow(PAX8_INVOICE)
        for client, product, seats, cost in FILLERS:
            out.writerow(pax8_item("subscription", client, product, seats, cost))
        for product, seats, cost in [
            ("Microsoft 365 Business Standard", 14, "10.74"),
            ("Exchange Online Archiving", 15, "2.65"),
            ("Microsoft 365 Business Premium", 11, "22.13"),
            ("Microsoft 365 E5", 16, "48.76"),
        ]:
            out.writerow(pax8_item("subscription", VENDOR, product, seats, cost))
    rows = [AUTOTASK]
    for client, product, seats, cost in FILLERS:
        rows.append(_service(client, product, seats, cost))
    rows += [_service(PSA, text, seats, "9.00") for text, seats in psa_lines]
    psa = tmp_path / "psa.csv"
    psa.write_text("\n".join(rows) + "\n")
    return reconcile_json(
        (str(vendor), str(psa), str(tmp_path / "run.db")), "--as-of", "2026-11-01"
    )


def _service(company: str, text: str, seats: int, cost: str) -> str:
    return (
        f"Microsoft 365 Licensing,Recurring Service,Active,{company},{text},{seats},"
        f"80.00,,{cost},Monthly,01/01/2025,"
    )


def _gaps(report: dict[str, Any]) -> set[tuple[str, str, int, int]]:
    return {
        (g["kind"], g["client"], g["vendor_qty"], g["psa_qty"])
        for g in report["gaps"]
        if "Compass" in g["client"]
    }


#: Each product split over terms on the PSA side: 13 + 2 archiving, 8 + 3 Premium.
SPLIT = [
    ("Microsoft 365 Business Standard", 15),
    ("Exchange Online Archiving - Annual", 13),
    ("Exchange Online Archiving - 3 Year", 2),
    ("Microsoft 365 Business Premium - Annual", 8),
    ("Microsoft 365 Business Premium - Monthly", 3),
    ("Microsoft 365 E5", 20),
    ("Project Plan 5", 9),
]


def test_lines_agreeing_once_summed_pair_the_clients(tmp_path: Path) -> None:
    report = _run(tmp_path, SPLIT)
    (match,) = [m for m in report["matches"] if m["vendor_client"] == VENDOR]
    assert (match["psa_client"], match["method"]) == (PSA, "evidence")
    # The real gaps only: Standard and E5 under-bought, Project Plan 5 billed, not bought.
    assert _gaps(report) == {
        ("quantity_mismatch", PSA, 14, 15),
        ("quantity_mismatch", PSA, 16, 20),
        ("missing_in_vendor", PSA, 0, 9),
    }


def test_seats_that_do_not_add_up_summed_still_say_two_clients(tmp_path: Path) -> None:
    # 13 + 5 archiving and 8 + 6 Premium: summed, nothing agrees but a seat near.
    lines = [(t, 5 if q == 2 else 6 if q == 3 else q) for t, q in SPLIT]
    report = _run(tmp_path, lines)
    assert not [m for m in report["matches"] if m["vendor_client"] == VENDOR]
    assert ("missing_in_psa", VENDOR, 15, 0) in _gaps(report)
