"""A PSA company named as a vendor customer the file shows only ended is never asked about as
another customer's family (:mod:`recon.engine.gone_names`, :mod:`recon.formats.gone_clients`).

Kern Academy cancelled its Business Premium at Pax8 (the invoice holds only the cancellation
credit) and the MSP still bills "Kern Academy - Dayton" for it. Kern Aviation, another
customer, is short as many seats of the same product. The family step used to ask whether
Kern Academy - Dayton is billed for Kern Aviation's licences: a question naming two companies
that hid both companies' true gaps. Pax8 invoice CSV in, Autotask contracts in, gaps out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.recon.cli_run import PAX8_INVOICE, pax8_item, reconcile_json
from tests.recon.test_cancel_credits import _psa, _write

PREMIUM = "Microsoft 365 Business Premium"
EXO = "Exchange Online (Plan 1)"
OTHERS = ("Brightwater Plumbing", "Cedar Ridge Dental", "Northgate Logistics", "Summit Legal")


def _report(
    tmp_path: Path, academy: str = "Kern Academy", company: str = "Kern Academy - Dayton"
) -> dict[str, Any]:
    vendor = [
        pax8_item("subscription", "Kern Aviation", PREMIUM, 12, "22.00"),
        pax8_item("subscription", "Kern Aviation", EXO, 4, "4.00"),
        # Every product the customer bought, ended: only the cancellation credit is left.
        pax8_item(
            "prorate",
            academy,
            PREMIUM,
            -5,
            "22.00",
            start="2026-09-20",
            details="Cancellation credit",
        ),
    ]
    psa = [
        ("Kern Aviation Company", PREMIUM, 7, "26.00", "22.00"),
        ("Kern Aviation Company", EXO, 4, "5.00", "4.00"),
        (company, PREMIUM, 5, "26.00", "22.00"),
    ]
    for i, client in enumerate(OTHERS):
        vendor.append(pax8_item("subscription", client, PREMIUM, 10 + i, "22.00"))
        psa.append((client, PREMIUM, 10 + i, "26.00", "22.00"))
    files = (
        _write(tmp_path / "invoice.csv", PAX8_INVOICE, vendor),
        _psa(tmp_path / "contracts.csv", psa),
        str(tmp_path / "recon.db"),
    )
    return reconcile_json(files, "--no-save", "--as-of", "2026-11-01")


def _families(report: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (q["vendor_client"], q["psa_client"]) for q in report["questions"] if q["kind"] == "family"
    ]


def test_a_company_named_as_an_ended_customer_is_not_another_customers_family(
    tmp_path: Path,
) -> None:
    report = _report(tmp_path)
    assert _families(report) == []
    gaps = sorted((g["client"], g["kind"], g["vendor_qty"], g["psa_qty"]) for g in report["gaps"])
    assert ("Kern Academy - Dayton", "missing_in_vendor", 0, 5) in gaps
    assert ("Kern Aviation Company", "quantity_mismatch", 12, 7) in gaps


@pytest.mark.parametrize(
    ("ended", "company"),
    [
        # the ended customer under a name no company carries: weighed as it was
        ("Quill Stationers", "Kern Academy - Dayton"),
        # one word begins the names of many companies: it names no site of its own
        ("Kern", "Kern Academy - Dayton"),
        # an ended spelling of a live customer's name: the name is the live customer's, and
        # its department is asked about as before
        ("Kern Aviation LLC", "Kern Aviation Warehouse"),
    ],
)
def test_a_name_that_is_not_the_companys_guards_nothing(
    tmp_path: Path, ended: str, company: str
) -> None:
    report = _report(tmp_path, academy=ended, company=company)
    assert _families(report) == [("Kern Aviation", company)]
