"""Cancellation credits on a vendor invoice (:mod:`recon.formats.credits`): a Pax8 invoice's
cancellation credit and Partner Center's cancel charge are the product's end at the vendor,
kept as 0-seat evidence. The PSA line still billing it is "missing in vendor" with the day it
ended, never a negative-seat line or a second gap; a credit beside a product still billed is a
seat reduction and changes nothing. Invoice CSV in, Autotask contracts in, gaps out. Each test
fails when its guard is removed."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from recon import read_export
from recon.model import Col, Side
from recon.plausibility import side_figures
from tests.recon.cli_run import (
    AUTOTASK,
    PAX8_INVOICE,
    autotask_service,
    pax8_item,
    reconcile_json,
)

#: Partner Center's new-commerce billed reconciliation file, the columns the reader uses.
NCE = ["CustomerId", "CustomerName", "InvoiceNumber", "ProductId", "SkuId", "SkuName",
       "ProductName", "ChargeType", "UnitPrice", "Quantity", "Subtotal", "Total", "Currency",
       "SubscriptionId", "ChargeStartDate", "ChargeEndDate", "TermAndBillingCycle",
       "EffectiveUnitPrice", "BillableQuantity", "BillingFrequency",
       "SubscriptionStartDate", "SubscriptionEndDate"]  # fmt: skip
PREMIUM = "Microsoft 365 Business Premium"
EGNYTE = "Egnyte Business"
FILES = "Cloud File Server - Egnyte"
AS_OF = "2026-11-01"


def _write(path: Path, header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return str(path)


def _psa(path: Path, lines: Sequence[tuple[str, str, int, str, str]]) -> str:
    path.write_text(
        "\n".join([AUTOTASK, *(autotask_service(*line) for line in lines)]) + "\n",
        encoding="utf-8",
    )
    return str(path)


def _run(
    tmp_path: Path,
    vendor: list[list[str]],
    psa: Sequence[tuple[str, str, int, str, str]],
    header: Sequence[str] = PAX8_INVOICE,
) -> dict[str, Any]:
    files = (
        _write(tmp_path / "invoice.csv", header, vendor),
        _psa(tmp_path / "contracts.csv", psa),
        str(tmp_path / "recon.db"),
    )
    return reconcile_json(files, "--no-save", "--as-of", AS_OF)


def _gaps(report: dict[str, Any]) -> list[tuple[str, str, int, int]]:
    return sorted((g["client"], g["kind"], g["vendor_qty"], g["psa_qty"]) for g in report["gaps"])


def _egnyte(details: str = "Cancellation credit") -> list[list[str]]:
    """Acme cancelled Egnyte at Pax8 on 2026-09-20: the November invoice bills its Premium
    seats and credits Egnyte's 18 seats; Bolt buys Premium only."""
    return [
        pax8_item("subscription", "Acme", PREMIUM, 10, "22.00"),
        pax8_item("prorate", "Acme", EGNYTE, -18, "20.30", start="2026-09-20", details=details),
        pax8_item("subscription", "Bolt", PREMIUM, 5, "22.00"),
    ]


PSA_EGNYTE = [
    ("Acme", PREMIUM, 10, "26.00", "22.00"),
    ("Acme", FILES, 18, "28.12", "20.30"),
    ("Bolt", PREMIUM, 5, "26.00", "22.00"),
]


def test_a_pax8_cancellation_credit_raises_the_billing_after_it(tmp_path: Path) -> None:
    # Before: the credit was set aside as a proration, Egnyte was a product the file did not
    # know, and the PSA's 18 seats were an unmapped text with no gap.
    report = _run(tmp_path, _egnyte(), PSA_EGNYTE)
    assert _gaps(report) == [("Acme", "missing_in_vendor", 0, 18)]
    (gap,) = report["gaps"]
    assert (gap["vendor_product"], gap["psa_product"]) == (EGNYTE, FILES)
    assert "cancelled on 2026-09-20" in gap["why"]
    assert gap["why"].count("cancelled") == 1  # said once, by the reading that found it
    assert FILES not in {u["psa_product"] for u in report["unmapped"]}


def test_a_credit_that_does_not_say_cancel_keeps_the_old_reading(tmp_path: Path) -> None:
    # A prorated credit is a seat change for part of a period: it says nothing ended.
    report = _run(tmp_path, _egnyte("Prorated charge"), PSA_EGNYTE)
    assert _gaps(report) == []
    assert FILES in {u["psa_product"] for u in report["unmapped"]}


def test_a_cancellation_credit_beside_the_product_still_billed_is_a_reduction(
    tmp_path: Path,
) -> None:
    # Acme still buys 12 Egnyte seats: the credit took 6 off, it did not end the product.
    vendor = [*_egnyte(), pax8_item("subscription", "Acme", EGNYTE, 12, "20.30")]
    psa = [*PSA_EGNYTE[:1], ("Acme", EGNYTE, 12, "28.12", "20.30"), PSA_EGNYTE[2]]
    assert _gaps(_run(tmp_path, vendor, psa)) == []


def test_the_credit_row_is_evidence_only_and_no_run_figure(tmp_path: Path) -> None:
    path = _write(tmp_path / "invoice.csv", PAX8_INVOICE, _egnyte())
    lines = read_export(path, side=Side.VENDOR, as_of=dt.date(2026, 11, 1))
    assert lines.evidence_rows == 1
    assert lines.rows_used == 2
    assert lines.skipped == {"proration": 1}
    assert list(lines.billable[Col.PRODUCT]) == [PREMIUM, PREMIUM]
    plain = _write(tmp_path / "plain.csv", PAX8_INVOICE, _egnyte("Prorated charge"))
    before = side_figures(read_export(plain, side=Side.VENDOR, as_of=dt.date(2026, 11, 1)))
    figures = side_figures(lines)
    assert (figures.rows, figures.clients, figures.money) == (
        before.rows,
        before.clients,
        before.money,
    )


def _nce(charge: str, client: str, product: str, seats: int, sub: str) -> list[str]:
    return [f"t-{client}", client, "G1", "CFQ7TTC0LCHC", "0001", product, product, charge,
            "22.00", str(seats), f"{seats * 22:.2f}", f"{seats * 22:.2f}", "USD", sub,
            "10/1/2026", "11/30/2026", "1 Month, Monthly", "22.00", str(seats), "Monthly",
            "9/1/2026", "11/30/2026"]  # fmt: skip


def test_a_partner_center_refund_without_its_charge_is_no_negative_seat_line(
    tmp_path: Path,
) -> None:
    # The cancelImmediate refund is on this invoice, the charge it refunds on an earlier one:
    # summed as seats it was -4 bought against 4 billed, a gap of 8 seats.
    vendor = [
        _nce("cycleCharge", "Acme", "Exchange Online (Plan 1)", 10, "s1"),
        _nce("cancelImmediate", "Acme", PREMIUM, -4, "s2"),
        _nce("cycleCharge", "Bolt", PREMIUM, 5, "s3"),
    ]
    psa = [
        ("Acme", "Exchange Online (Plan 1)", 10, "26.00", "22.00"),
        ("Acme", PREMIUM, 4, "26.00", "22.00"),
        ("Bolt", PREMIUM, 5, "26.00", "22.00"),
    ]
    report = _run(tmp_path, vendor, psa, NCE)
    assert _gaps(report) == [("Acme", "missing_in_vendor", 0, 4)]
    assert "cancelled on 2026-10-01" in report["gaps"][0]["why"]


def test_a_maker_text_beside_that_maker_still_bought_is_not_the_ended_product(
    tmp_path: Path,
) -> None:
    # Acme still buys Egnyte Enterprise Lite and "Cloud File Server - Egnyte" is asked about
    # as it: a text read as a product the vendor sells is not the cancelled Egnyte Business
    # on its maker's name alone.
    vendor = [*_egnyte(), pax8_item("subscription", "Acme", "Egnyte Enterprise Lite", 5, "9.00")]
    report = _run(tmp_path, vendor, PSA_EGNYTE)
    assert EGNYTE not in {g["vendor_product"] for g in report["gaps"]}


def test_a_refund_whose_charge_is_under_the_tenant_sums_with_it(tmp_path: Path) -> None:
    # The same subscription's charge is listed under "Acme - Raleigh Tenant", its refund under
    # Acme: they net to 0 seats, so the PSA's 4 seats are billed, not bought.
    vendor = [
        _nce("cycleCharge", "Acme", "Exchange Online (Plan 1)", 10, "s1"),
        ["t-Acme", *_nce("new", "Acme - Raleigh Tenant", PREMIUM, 4, "s2")[1:]],
        _nce("cancelImmediate", "Acme", PREMIUM, -4, "s2"),
        _nce("cycleCharge", "Bolt", PREMIUM, 5, "s3"),
    ]
    psa = [
        ("Acme", "Exchange Online (Plan 1)", 10, "26.00", "22.00"),
        ("Acme", PREMIUM, 4, "26.00", "22.00"),
        ("Bolt", PREMIUM, 5, "26.00", "22.00"),
    ]
    report = _run(tmp_path, vendor, psa, NCE)
    assert _gaps(report) == [("Acme", "missing_in_vendor", 0, 4)]
