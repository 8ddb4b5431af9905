"""Lines billed after the vendor stopped, read by what public material says they are (issue
11): a product line billed without its edition beside that edition's cancellation ("Duo
(NCE) with Onboarding", :mod:`recon.engine.ended_line_names`), a Teams add-on billed by the
bare name Microsoft gives its licences ("Phone System Licenses",
:mod:`recon.catalog.licensed_names`), a licence bought beside a review whose candidate bills
only a block of hours (:mod:`recon.engine.service_lines`), and a Huntress product billed with
what Huntress does ("Huntress M365 Monitoring", :mod:`recon.catalog.maker_monitoring`). Pax8
invoice CSV in, Autotask contracts in, gaps out. Each test fails when its rule is removed.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tests.recon.cli_run import (
    AUTOTASK,
    PAX8_INVOICE,
    autotask_service,
    pax8_item,
    reconcile_json,
)

PREMIUM = "Microsoft 365 Business Premium"
ITDR = "Huntress Managed ITDR"
DUO = "Duo Essentials"
TEAMS_ESSENTIALS = "Microsoft Teams Essentials"
AS_OF = "2026-11-01"


def _run(
    tmp_path: Path, vendor: list[list[str]], psa: Sequence[tuple[str, str, int, str, str]]
) -> dict[str, Any]:
    invoice = tmp_path / "invoice.csv"
    with invoice.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(PAX8_INVOICE)
        writer.writerows(vendor)
    contracts = tmp_path / "contracts.csv"
    contracts.write_text(
        "\n".join([AUTOTASK, *(autotask_service(*line) for line in psa)]) + "\n",
        encoding="utf-8",
    )
    files = (str(invoice), str(contracts), str(tmp_path / "recon.db"))
    return reconcile_json(files, "--no-save", "--as-of", AS_OF)


def _gaps(report: dict[str, Any]) -> list[tuple[str, str, str, int, int]]:
    return sorted(
        (g["client"], g["product"], g["kind"], g["vendor_qty"], g["psa_qty"])
        for g in report["gaps"]
    )


def _unmapped(report: dict[str, Any]) -> set[str]:
    return {u["psa_product"] for u in report["unmapped"]}


# --- Huntress's own monitoring, written into the product's name --------------------------


def _huntress(text: str) -> tuple[list[list[str]], list[tuple[str, str, int, str, str]]]:
    """Acme buys Premium and Huntress ITDR and is billed both; Bolt buys Premium only and is
    billed Premium and ``text`` for 4 seats: Huntress stopped, or never sold, and the MSP
    bills it."""
    vendor = [
        pax8_item("subscription", "Acme", PREMIUM, 10, "22.00"),
        pax8_item("subscription", "Acme", ITDR, 10, "2.50"),
        pax8_item("subscription", "Bolt", PREMIUM, 5, "22.00"),
    ]
    psa = [
        ("Acme", PREMIUM, 10, "26.00", "22.00"),
        ("Acme", ITDR, 10, "3.90", "2.50"),
        ("Bolt", PREMIUM, 5, "26.00", "22.00"),
        ("Bolt", text, 4, "3.86", "2.50"),
    ]
    return vendor, psa


def test_huntress_m365_monitoring_billed_with_no_purchase_is_missing_in_vendor(
    tmp_path: Path,
) -> None:
    # Before: "Monitoring" made the text the MSP's own service, so the 4 seats Huntress does
    # not sell Bolt were an unmapped line and no gap.
    report = _run(tmp_path, *_huntress("Huntress M365 Monitoring - M2M"))
    assert _gaps(report) == [("Bolt", ITDR, "missing_in_vendor", 0, 4)]
    assert "Huntress M365 Monitoring - M2M" not in _unmapped(report)


def test_monitoring_of_a_product_its_maker_does_not_watch_stays_the_msps_service(
    tmp_path: Path,
) -> None:
    # Keeper sells a password vault, not a watch over it: monitoring it is the MSP's own work.
    report = _run(tmp_path, *_huntress("Keeper Business Monitoring"))
    assert _gaps(report) == []
    assert "Keeper Business Monitoring" in _unmapped(report)


# --- a product line billed by its line's name after its edition was cancelled ------------


def _duo(text: str) -> dict[str, Any]:
    """Acme cancelled Duo Essentials at Pax8 on 2026-10-19 (the November invoice credits it)
    and still buys Premium; the PSA bills Premium and ``text`` for 3 seats."""
    vendor = [
        pax8_item("subscription", "Acme", PREMIUM, 10, "22.00"),
        pax8_item(
            "prorate", "Acme", DUO, -1, "28.62", start="2026-10-19", details="Cancellation credit"
        ),
        pax8_item("subscription", "Bolt", PREMIUM, 5, "22.00"),
    ]
    psa = [
        ("Acme", PREMIUM, 10, "26.00", "22.00"),
        ("Acme", text, 3, "8.68", "4.64"),
        ("Bolt", PREMIUM, 5, "26.00", "22.00"),
    ]
    return {"vendor": vendor, "psa": psa}


def test_a_line_name_billed_after_its_edition_was_cancelled_is_missing_in_vendor(
    tmp_path: Path,
) -> None:
    # Before: "Duo" names three editions, so the text was unmapped and the 3 seats billed
    # after Duo Essentials ended showed nowhere.
    case = _duo("Duo (NCE) with Onboarding")
    report = _run(tmp_path, case["vendor"], case["psa"])
    assert _gaps(report) == [("Acme", DUO, "missing_in_vendor", 0, 3)]
    (gap,) = report["gaps"]
    assert "line (Duo" in gap["why"] and "cancelled" in gap["why"]


def test_another_makers_line_beside_the_cancellation_is_not_read_as_it(tmp_path: Path) -> None:
    # "Creative Cloud" is a line, but not Duo's: nothing says the MSP bills Duo.
    case = _duo("Creative Cloud - Monthly")
    report = _run(tmp_path, case["vendor"], case["psa"])
    assert ("Acme", DUO, "missing_in_vendor", 0, 3) not in _gaps(report)


# --- a Teams add-on billed by its bare name as Microsoft writes its licences -------------


def _phone(text: str) -> dict[str, Any]:
    """Acme buys Premium only; the PSA bills Premium and ``text`` for 6 seats."""
    vendor = [
        pax8_item("subscription", "Acme", PREMIUM, 10, "22.00"),
        pax8_item("subscription", "Bolt", PREMIUM, 5, "22.00"),
    ]
    psa = [
        ("Acme", PREMIUM, 10, "26.00", "22.00"),
        ("Acme", text, 6, "12.67", "10.34"),
        ("Bolt", PREMIUM, 5, "26.00", "22.00"),
    ]
    return {"vendor": vendor, "psa": psa}


def test_phone_system_licenses_are_teams_phone_billed_and_not_bought(tmp_path: Path) -> None:
    # Before: "Phone System" alone may be the MSP's own phone service, so the text was
    # unmapped and 6 Teams Phone seats billed with none bought showed nowhere.
    case = _phone("Phone System Licenses")
    report = _run(tmp_path, case["vendor"], case["psa"])
    assert _gaps(report) == [("Acme", "Microsoft Teams Phone Standard", "missing_in_vendor", 0, 6)]


def test_a_bare_phone_system_stays_the_msps_own_service(tmp_path: Path) -> None:
    case = _phone("Phone System")
    report = _run(tmp_path, case["vendor"], case["psa"])
    assert _gaps(report) == []
    assert "Phone System" in _unmapped(report)


# --- bought, never billed, beside a review whose candidate bills only the MSP's time ------


def test_a_licence_beside_a_review_is_not_hidden_by_a_block_of_hours_of_its_seats(
    tmp_path: Path,
) -> None:
    # The candidate bills one support block and managed services only: before, the block's 1
    # beside the vendor's 1 Teams Essentials seat might have been that seat under another
    # name, so the seat bought and billed under neither answer showed nowhere.
    vendor = [
        pax8_item("subscription", "Acme", PREMIUM, 10, "22.00"),
        pax8_item("subscription", "Blair & Mann Partners Corp.", TEAMS_ESSENTIALS, 1, "3.42"),
    ]
    psa = [
        ("Acme", PREMIUM, 10, "26.00", "22.00"),
        ("Blair & Mann Ptnrs Services Corp.", "Onsite Support Block (4 hrs)", 1, "480.00", "0"),
        ("Blair & Mann Ptnrs Services Corp.", "Managed Services - Per User", 8, "95.00", "0"),
    ]
    report = _run(tmp_path, vendor, psa)
    assert [r["vendor_client"] for r in report["review"]] == ["Blair & Mann Partners Corp."]
    assert _gaps(report) == [
        ("Blair & Mann Partners Corp.", TEAMS_ESSENTIALS, "missing_in_psa", 1, 0)
    ]
