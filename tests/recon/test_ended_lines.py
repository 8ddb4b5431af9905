"""Cancelled vendor subscriptions as evidence (:mod:`recon.formats.ended`,
:mod:`recon.engine.ended_lines`): a PSA line for a product the vendor shows cancelled at its
client is "missing in vendor" on that product, never another maker's product of its kind,
and nothing else moves. Pax8 subscriptions in, Autotask contracts in, gaps out. Each test
fails when its guard is removed."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from recon import read_export, reconcile
from recon.model import Col, SeatCol, Side
from recon.plausibility import side_figures
from tests.recon.cli_run import reconcile_json

PAX8 = ["id", "companyId", "companyName", "productName", "vendorSkuId", "quantity",
        "startDate", "endDate", "status", "price", "currencyCode", "partnerCost",
        "billingTerm"]  # fmt: skip
AUTOTASK = ["Contract Name", "Contract Type", "Contract Status", "Organization Name",
            "Service Name", "Units", "Unit Price", "Adjusted Price", "Unit Cost", "Period Type",
            "Start Date", "End Date"]  # fmt: skip
PREMIUM = "Microsoft 365 Business Premium"
DATTO = "Datto SaaS Protection for Microsoft 365"
DROPSUITE = "Dropsuite Microsoft 365 Backup"
AS_OF = "2026-11-01"


def _sub(
    client: str, product: str, seats: int, cost: str, status: str = "Active", end: str = ""
) -> list[str]:
    return [f"s-{client}-{product}-{status}", f"id-{client}", client, product, "", str(seats),
            "2025-04-18", end, status, cost, "USD", cost, "Monthly"]  # fmt: skip


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
    files = (
        _write(tmp_path / "subscriptions.csv", PAX8, vendor),
        _write(tmp_path / "contracts.csv", AUTOTASK, psa),
        str(tmp_path / "recon.db"),
    )
    return reconcile_json(files, "--no-save", "--as-of", AS_OF)


def _gaps(report: dict[str, Any]) -> list[tuple[str, str | None, str | None, str, int]]:
    return sorted(
        (g["client"], g["vendor_product"], g["psa_product"], g["kind"], g["psa_qty"])
        for g in report["gaps"]
    )


def _backup_move(datto_status: str = "Cancelled") -> tuple[list[list[str]], list[list[str]]]:
    """Acme moved from Datto to Dropsuite: Datto's 3 seats ended at Pax8 in September, the
    PSA still bills them as "M365 Backup Licenses" beside "Mailbox Backup" for Dropsuite;
    Bolt and Cato bill Dropsuite as "Mailbox Backup" at its seats."""
    vendor = [
        _sub("Acme", PREMIUM, 10, "22.00"),
        _sub("Acme", DROPSUITE, 2, "2.14"),
        _sub("Acme", DATTO, 3, "2.67", datto_status, end="2026-09-18"),
        _sub("Bolt", PREMIUM, 5, "22.00"),
        _sub("Bolt", DROPSUITE, 4, "2.14"),
        _sub("Cato", PREMIUM, 3, "22.00"),
        _sub("Cato", DROPSUITE, 6, "2.14"),
    ]
    psa = [
        _line("Acme", PREMIUM, 10, "26.00", "22.00"),
        _line("Acme", "Mailbox Backup", 2, "3.00", "2.10"),
        _line("Acme", "M365 Backup Licenses", 3, "3.35", "2.79"),
        _line("Bolt", PREMIUM, 5, "26.00", "22.00"),
        _line("Bolt", "Mailbox Backup", 4, "3.00", "2.10"),
        _line("Cato", PREMIUM, 3, "26.00", "22.00"),
        _line("Cato", "Mailbox Backup", 6, "3.00", "2.10"),
    ]
    return vendor, psa


def test_a_backup_line_for_a_cancelled_maker_is_billed_after_cancellation(
    tmp_path: Path,
) -> None:
    # Before: "M365 Backup Licenses" was read as Dropsuite (Datto's row was dropped), a
    # false 5-against-2 quantity gap on Dropsuite, and Datto's billing went unseen.
    report = _run(tmp_path, *_backup_move())
    assert _gaps(report) == [
        ("Acme", DATTO, "M365 Backup Licenses", "missing_in_vendor", 3),
    ]
    (gap,) = report["gaps"]
    assert gap["vendor_qty"] == 0
    assert "cancelled on 2026-09-18" in gap["why"]


def test_the_cancelled_row_still_counts_as_skipped_and_adds_no_seats(tmp_path: Path) -> None:
    report = _run(tmp_path, *_backup_move())
    vendor_file = report["summary"]["files"][0]
    assert vendor_file["rows_used"] == 6
    assert vendor_file["rows_skipped"] == {"cancelled": 1}
    assert report["summary"]["clients"]["vendor"] == 3


def test_a_status_that_is_not_an_ending_keeps_the_old_reading(tmp_path: Path) -> None:
    # PendingManual is an order not yet placed (Pax8 status enum), not a product the client
    # had: its row is skipped as before and is no evidence.
    report = _run(tmp_path, *_backup_move("PendingManual"))
    assert ("Acme", DATTO, "M365 Backup Licenses", "missing_in_vendor", 3) not in _gaps(report)


def _filter_cancelled(text: str) -> tuple[list[list[str]], list[list[str]]]:
    """Acme's DNSFilter cancelled on 2026-09-13 while the PSA bills 27 seats of ``text``;
    Business Premium bought and billed in full at Acme and Bolt."""
    vendor = [
        _sub("Acme", PREMIUM, 10, "22.00"),
        _sub("Acme", "DNSFilter Pro", 27, "1.19", "Cancelled", end="2026-09-13"),
        _sub("Bolt", PREMIUM, 5, "22.00"),
    ]
    psa = [
        _line("Acme", PREMIUM, 10, "26.00", "22.00"),
        _line("Acme", text, 27, "1.97", "1.16"),
        _line("Bolt", PREMIUM, 5, "26.00", "22.00"),
    ]
    return vendor, psa


def test_a_kind_text_billed_as_itself_is_the_cancelled_product(tmp_path: Path) -> None:
    # "Content Filter" names DNS filtering (kinds.csv); with DNSFilter's row dropped it was
    # "missing in vendor" under its own text, now on the product the vendor shows cancelled.
    vendor, psa = _filter_cancelled("Content Filter")
    report = _run(tmp_path, vendor, psa)
    assert _gaps(report) == [
        ("Acme", "DNSFilter Pro", "Content Filter", "missing_in_vendor", 27),
    ]


def test_a_cancelled_product_nothing_bills_raises_no_gap(tmp_path: Path) -> None:
    vendor, psa = _backup_move()
    psa = [row for row in psa if row[4] != "M365 Backup Licenses"]
    assert _gaps(_run(tmp_path, vendor, psa)) == []


def test_a_client_with_only_cancelled_rows_adds_no_client(tmp_path: Path) -> None:
    vendor, psa = _backup_move()
    vendor.append(_sub("Dune", DROPSUITE, 4, "2.14", "Cancelled", end="2026-08-01"))
    report = _run(tmp_path, vendor, psa)
    assert report["summary"]["clients"]["vendor"] == 3
    assert len(_gaps(report)) == 1


def test_a_product_still_bought_on_another_row_is_no_ended_product(tmp_path: Path) -> None:
    # Acme cancelled one Dropsuite subscription and holds another: Dropsuite is bought, so
    # the backup lines are compared as before (5 billed against 2 bought).
    vendor, psa = _backup_move()
    vendor = [row for row in vendor if row[3] != DATTO]
    vendor.append(_sub("Acme", DROPSUITE, 3, "2.14", "Cancelled", end="2026-09-18"))
    gaps = _gaps(_run(tmp_path, vendor, psa))
    assert not [g for g in gaps if g[3] == "missing_in_vendor"]


def test_an_unreadable_quantity_on_a_cancelled_row_is_passed_over_as_before(
    tmp_path: Path,
) -> None:
    vendor, psa = _backup_move()
    vendor[2][5] = "n/a"
    report = _run(tmp_path, vendor, psa)
    assert report["summary"]["files"][0]["rows_skipped"] == {"cancelled": 1}


def test_the_one_text_billing_the_product_still_bought_keeps_it(tmp_path: Path) -> None:
    # Acme's only backup text bills Dropsuite's 2 seats in full: it is Dropsuite's, not the
    # cancelled Datto's, and no gap shows.
    vendor, psa = _backup_move()
    psa = [row for row in psa if not (row[3] == "Acme" and row[4] == "Mailbox Backup")]
    psa = [[*row[:5], "2", *row[6:]] if row[4] == "M365 Backup Licenses" else row for row in psa]
    assert _gaps(_run(tmp_path, vendor, psa)) == []


def test_a_text_of_another_kind_is_not_read_as_the_cancelled_product(tmp_path: Path) -> None:
    vendor, psa = _filter_cancelled("Email Archiving")
    gaps = _gaps(_run(tmp_path, vendor, psa))
    assert not [g for g in gaps if g[1] == "DNSFilter Pro"]


def test_a_product_billed_under_its_own_name_keeps_its_gap_alone(tmp_path: Path) -> None:
    # "Datto SaaS Protection" bills the cancelled product by name: that is its gap, and the
    # extra backup seat beside Dropsuite stays Dropsuite's quantity gap.
    vendor, psa = _backup_move()
    psa = [row for row in psa if row[4] != "M365 Backup Licenses"]
    psa.append(_line("Acme", "Datto SaaS Protection", 3, "3.35", "2.79"))
    psa.append(_line("Acme", "M365 Backup Licenses", 1, "3.35", "2.79"))
    gaps = _gaps(_run(tmp_path, vendor, psa))
    assert ("Acme", DATTO, "Datto SaaS Protection", "missing_in_vendor", 3) in gaps


def test_a_cancelled_row_of_a_product_still_bought_on_another_term_adds_nothing(
    tmp_path: Path,
) -> None:
    # Acme moved Dropsuite from an annual subscription (cancelled) to a monthly one: the
    # product is bought, so the cancelled row is no line of its own and no term is split.
    vendor, psa = _backup_move()
    psa = [row for row in psa if row[4] != "M365 Backup Licenses"]
    annual = _sub("Acme", DROPSUITE, 3, "25.68", "Cancelled", end="2026-09-18")
    annual[-1] = "Annual"
    vendor.append(annual)
    report = _run(tmp_path, vendor, psa)
    assert _gaps(report) == []
    lines = read_export(
        tmp_path / "subscriptions.csv", side=Side.VENDOR, as_of=dt.date(2026, 11, 1)
    )
    assert len(lines.lines) == 7  # six seats and Datto's ended line
    assert lines.skipped == {"cancelled": 2}


def test_a_kind_text_beside_a_cancelled_product_named_by_its_kind(tmp_path: Path) -> None:
    # Mimecast's own name carries its kind ("Email Security"); "Email Security Gateway"
    # still names that kind, and Mimecast is the one product of it the vendor shows here
    # (Bolt's IRONSCALES Email Security is as like the text by name: no name decides it).
    mimecast = "Mimecast Email Security, Cloud Gateway"
    ironscales = "IRONSCALES Email Security"
    vendor = [
        _sub("Acme", PREMIUM, 10, "22.00"),
        _sub("Acme", mimecast, 4, "3.79", "Cancelled", end="2026-10-22"),
        _sub("Bolt", PREMIUM, 5, "22.00"),
        _sub("Bolt", ironscales, 5, "2.80"),
    ]
    psa = [
        _line("Acme", PREMIUM, 10, "26.00", "22.00"),
        _line("Acme", "Email Security Gateway", 4, "4.58", "3.62"),
        _line("Bolt", PREMIUM, 5, "26.00", "22.00"),
        _line("Bolt", ironscales, 5, "4.10", "2.80"),
    ]
    assert _gaps(_run(tmp_path, vendor, psa)) == [
        ("Acme", mimecast, "Email Security Gateway", "missing_in_vendor", 4),
    ]


def test_an_ended_line_is_evidence_only_and_no_billable_line_or_run_figure(
    tmp_path: Path,
) -> None:
    # Datto's ended line is there for the engine's rule; the seat lines, the rows a run's
    # figures count and its money (kept with the run) are those of the file before it was kept.
    vendor, _ = _backup_move()
    path = _write(tmp_path / "subscriptions.csv", PAX8, vendor)
    lines = read_export(path, side=Side.VENDOR, as_of=dt.date(2026, 11, 1))
    datto = lines.lines[lines.lines[Col.PRODUCT] == DATTO]
    assert lines.evidence == frozenset(datto[Col.ROW].tolist()) and len(datto) == 1
    assert DATTO not in set(lines.billable[Col.PRODUCT])
    assert len(lines.billable) == lines.rows_used == len(lines.lines) - 1
    figures = side_figures(lines)
    assert figures.rows == lines.rows_used
    without = [row for row in vendor if row[3] != DATTO]
    before = side_figures(
        read_export(
            _write(tmp_path / "before.csv", PAX8, without),
            side=Side.VENDOR,
            as_of=dt.date(2026, 11, 1),
        )
    )
    assert (figures.rows, figures.clients, figures.money) == (
        before.rows,
        before.clients,
        before.money,
    )


def test_a_cancelled_product_billed_by_nobody_adds_no_seat_history_row(tmp_path: Path) -> None:
    # Nothing bills Datto after it ended: the run saw no seat of it, so the seat history it
    # keeps (and the anomalies read from it) is what it was without the ended line.
    vendor, psa = _backup_move()
    psa = [row for row in psa if row[4] != "M365 Backup Licenses"]
    day = dt.date(2026, 11, 1)

    def seats(rows: list[list[str]]) -> list[tuple[str, str, int, int]]:
        result = reconcile(
            read_export(_write(tmp_path / "v.csv", PAX8, rows), side=Side.VENDOR, as_of=day),
            read_export(_write(tmp_path / "p.csv", AUTOTASK, psa), side=Side.PSA, as_of=day),
            as_of=day,
        )
        frame = result.seats
        return sorted(
            zip(
                map(str, frame[SeatCol.CLIENT_KEY]),
                map(str, frame[SeatCol.PRODUCT_KEY]),
                frame[SeatCol.VENDOR_QTY].tolist(),
                frame[SeatCol.PSA_QTY].tolist(),
                strict=True,
            )
        )

    kept = seats(vendor)
    assert not any("datto" in product for _, product, _, _ in kept)
    assert kept == seats([row for row in vendor if row[3] != DATTO])


def test_a_line_billing_a_cancelled_product_with_another_is_billed_not_bought(
    tmp_path: Path,
) -> None:
    # "Email Security + M365 E3": one part names the Microsoft 365 E3 the vendor cancelled.
    vendor = [
        _sub("Acme", PREMIUM, 10, "22.00"),
        _sub("Acme", "Microsoft 365 E3", 4, "32.72", "Cancelled", end="2026-10-02"),
        _sub("Bolt", PREMIUM, 5, "22.00"),
    ]
    psa = [
        _line("Acme", PREMIUM, 10, "26.00", "22.00"),
        _line("Acme", "Email Security + M365 E3", 4, "48.56", "33.14"),
        _line("Bolt", PREMIUM, 5, "26.00", "22.00"),
    ]
    report = _run(tmp_path, vendor, psa)
    assert _gaps(report) == [
        ("Acme", "Microsoft 365 E3", "Email Security + M365 E3", "missing_in_vendor", 4),
    ]
    assert "'M365 E3'" in report["gaps"][0]["why"]
