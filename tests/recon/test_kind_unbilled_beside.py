"""A kind text beside an unbilled product of its kind at the same client
(:func:`recon.engine.kind_questions.kind_scope`): the seats beside each other decide what the
text bills, never a question whether the kind is bought from the file at all. Pax8
subscriptions in, Autotask contract services out through ``recon reconcile``. Each test fails
when its guard is removed."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tests.recon.cli_run import reconcile_json

PAX8 = ["id", "companyId", "companyName", "productName", "vendorSkuId", "quantity",
        "startDate", "endDate", "status", "price", "currencyCode", "partnerCost",
        "billingTerm"]  # fmt: skip
AUTOTASK = ["Contract Name", "Contract Type", "Contract Status", "Organization Name",
            "Service Name", "Units", "Unit Price", "Adjusted Price", "Unit Cost", "Period Type",
            "Start Date", "End Date"]  # fmt: skip
PREMIUM = "Microsoft 365 Business Premium"
EDR = "Huntress Managed EDR"
ACRONIS = "Acronis Cyber Protect Cloud"
BACKUP = "Managed Backup - Workstation License"


def _sub(client: str, product: str, seats: int, cost: str) -> list[str]:
    return [f"s-{client}-{product}", f"id-{client}", client, product, "", str(seats),
            "2025-04-18", "", "Active", cost, "USD", cost, "Monthly"]  # fmt: skip


def _line(client: str, service: str, seats: int, price: str, cost: str) -> list[str]:
    return ["MSA", "Recurring Service", "Active", client, service, str(seats), price, "", cost,
            "Monthly", "01/01/2025", ""]  # fmt: skip


def _write(path: Path, header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return str(path)


def _run(tmp_path: Path, vendor: list[list[str]], psa: list[list[str]]) -> dict[str, Any]:
    """Acme and Bolt buy Business Premium and Huntress EDR from Pax8 (two makers: a kind
    question may be asked of this file), billed in full; the rows given are added."""
    vendor = [
        _sub("Acme Dental", PREMIUM, 10, "22.00"),
        _sub("Bolt Freight", PREMIUM, 5, "22.00"),
        _sub("Acme Dental", EDR, 10, "3.00"),
        _sub("Bolt Freight", EDR, 5, "3.00"),
        *vendor,
    ]
    psa = [
        _line("Acme Dental", PREMIUM, 10, "26.00", "22.00"),
        _line("Bolt Freight", PREMIUM, 5, "26.00", "22.00"),
        _line("Acme Dental", EDR, 10, "5.00", "3.00"),
        _line("Bolt Freight", EDR, 5, "5.00", "3.00"),
        *psa,
    ]
    files = (
        _write(tmp_path / "subscriptions.csv", PAX8, vendor),
        _write(tmp_path / "contracts.csv", AUTOTASK, psa),
        str(tmp_path / "recon.db"),
    )
    return reconcile_json(files, "--no-save", "--as-of", "2026-11-01")


def _said(report: dict[str, Any], text: str) -> list[tuple[str, str | None, str]]:
    """What the report states about the text: its gaps and any question naming it."""
    gaps = [
        (g["kind"], g["vendor_product"], g["rests_on"] or "")
        for g in report["gaps"]
        if g["psa_product"] == text
    ]
    asked = [("question", None, str(q)) for q in report["questions"] if text in str(q)]
    return sorted(gaps + asked)


def test_a_kind_text_beside_an_unbilled_product_of_its_kind_is_not_asked_by_its_kind(
    tmp_path: Path,
) -> None:
    # Acme buys 9 seats of Acronis at $5.30 and bills none of it; the PSA bills 5 seats of
    # "Managed Backup - Workstation License" at a cost of $1.10, a price Acronis is not. A
    # price is a witness, never a proof: the text may be Acronis billed short. Asking
    # "Is Managed Backup bought from Pax8?" would state its 5 seats "missing in vendor"
    # beside Acronis' 9 "missing in PSA", two statements where one misnaming may be behind
    # both.
    report = _run(
        tmp_path,
        [_sub("Acme Dental", ACRONIS, 9, "5.30")],
        [_line("Acme Dental", BACKUP, 5, "5.86", "1.10")],
    )
    assert [s for s in _said(report, BACKUP) if s[0] in ("missing_in_vendor", "question")] == []
