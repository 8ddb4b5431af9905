"""One PSA catalogue item under two descriptions at one client is read as one product.

ConnectWise lists each agreement addition with the catalogue item it was added from
("Product ID") and a description a person may retype. Two lines of one item at one client
are one product, whatever their descriptions say, so their seats are read together. Each test
fails when its guard in :mod:`recon.engine.product_ids` is removed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.recon.cli_run import reconcile_json

ITDR = "Huntress Managed ITDR"
HEADER = (
    "Company Name,Agreement Name,Agreement Type,Agreement Status,Product ID,Description,"
    "Quantity,Less Included,Price,Cost,Ext Price,Bill,Addition Status,Effective,Cancelled\n"
)


def _psa_line(client: str, item: str, text: str, seats: int, price: str = "3.54") -> str:
    ext = f"{seats * float(price):.2f}"
    return (
        f"{client},Security Services,Licensing,Active,{item},{text},{seats},,{price},2.58,{ext},"
        "Billable,Active,01/05/2025,\n"
    )


def _vendor(*lines: tuple[str, str, int]) -> str:
    rows = "".join(f"{client},{product},{seats},2.60\n" for client, product, seats in lines)
    return "Customer Name,Product Name,Quantity,Unit Cost\n" + rows


@pytest.fixture
def write(tmp_path: Path):
    def _write(vendor: str, psa: str) -> tuple[str, str, str]:
        v, p = tmp_path / "vendor.csv", tmp_path / "psa.csv"
        v.write_text(vendor)
        p.write_text(HEADER + psa)
        return str(v), str(p), str(tmp_path / "recon.db")

    return _write


def _gaps(report: dict) -> list[tuple[str, str, int, int]]:
    return sorted((g["client"], g["kind"], g["vendor_qty"], g["psa_qty"]) for g in report["gaps"])


def test_two_descriptions_of_one_item_at_one_client_are_read_on_their_seats_together(
    write,
) -> None:
    # Lindgren's 19 ITDR seats are billed as "ITDR" 3 and "Huntress M365 Monitoring" 16,
    # both added from item HMI-NCE. Read apart, one text was weighed against the vendor's
    # line and the other showed a false "missing in vendor" of 3 seats.
    files = write(
        _vendor(("Lindgren Communications", ITDR, 19), ("Acme Dental", ITDR, 4)),
        _psa_line("Lindgren Communications", "HMI-NCE", "ITDR", 3)
        + _psa_line("Lindgren Communications", "HMI-NCE", "Huntress M365 Monitoring - M2M", 16)
        + _psa_line("Acme Dental", "HMI-NCE", "ITDR", 4),
    )
    report = reconcile_json(files, "--no-save")
    assert _gaps(report) == []
    assert report["unmapped"] == []


def test_descriptions_of_one_item_that_never_meet_at_a_client_stay_apart(write) -> None:
    # The item id alone, across clients, is not enough to join two texts: "Backup Add-on"
    # at Bolt and "ITDR" at Acme share a generic item, but no client has both.
    files = write(
        _vendor(("Acme Dental", ITDR, 4), ("Bolt Freight", ITDR, 6)),
        _psa_line("Acme Dental", "SEC-ADDON", "ITDR", 4)
        + _psa_line("Bolt Freight", "SEC-ADDON", "Backup Add-on", 6)
        + _psa_line("Bolt Freight", "HMI-NCE", "ITDR", 6),
    )
    report = reconcile_json(files, "--no-save")
    assert _gaps(report) == []  # joined, Bolt's ITDR read 12 seats beside the vendor's 6
    assert [u["psa_product"] for u in report["unmapped"]] == ["Backup Add-on"]


def test_a_description_a_rule_reads_keeps_its_reading_under_a_shared_item(write) -> None:
    # Acme's MSP files Business Premium and its own backup add-on under one generic item:
    # the licence is read by its name, and the add-on is not counted as 6 more of it.
    premium = "Microsoft 365 Business Premium"
    files = write(
        _vendor(("Acme Dental", premium, 10)),
        _psa_line("Acme Dental", "LICENSE", premium, 10, "26.00")
        + _psa_line("Acme Dental", "LICENSE", "Backup Add-on", 6),
    )
    report = reconcile_json(files, "--no-save")
    assert _gaps(report) == []
    assert [u["psa_product"] for u in report["unmapped"]] == ["Backup Add-on"]
