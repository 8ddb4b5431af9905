"""A text naming a kind by the words people bill it under ("Phishing Protection": email
security, ``recon/catalog/kinds.csv``) is weighed as naming that kind's products
(:mod:`recon.match.phrase_kinds`), through the CLI on small files.

"Phishing Protection" and "IRONSCALES Email Security" share no word: 67 of the text beside 69
unbilled IRONSCALES seats was "IRONSCALES missing in PSA" beside an unmapped text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.recon.cli_run import reconcile_json

IRONSCALES = "IRONSCALES Email Security"


def _report(tmp_path: Path, text: str) -> dict[str, Any]:
    vendor = [
        "Customer Name,Product Name,Quantity,Unit Cost",
        "Harbor Point Logistics,Microsoft 365 Business Basic,56,4.95",
        f"Harbor Point Logistics,{IRONSCALES},69,2.92",
        "Harbor Point Logistics,Huntress Managed ITDR,96,2.52",
    ]
    psa = [
        "Company,Product,Quantity,Unit Price",
        f"Harbor Point Logistics,{text},67,4.77",
        "Harbor Point Logistics,Huntress Managed ITDR,96,4.80",
    ]
    (tmp_path / "vendor.csv").write_text("\n".join(vendor) + "\n")
    (tmp_path / "psa.csv").write_text("\n".join(psa) + "\n")
    files = (str(tmp_path / "vendor.csv"), str(tmp_path / "psa.csv"), str(tmp_path / "r.db"))
    return reconcile_json(files, "--as-of", "2026-11-01")


def _gaps(report: dict[str, Any]) -> list[tuple[str, str | None, str | None, int, int]]:
    return sorted(
        (g["kind"], g["vendor_product"], g["psa_product"], g["vendor_qty"], g["psa_qty"])
        for g in report["gaps"]
    )


def test_phishing_protection_is_asked_as_the_email_security_product(tmp_path: Path) -> None:
    # Guard: the phrase names Email security, IRONSCALES's kind, though its name carries the
    # kind's own words: one mapping question, and the real two-seat gap shows pending it.
    report = _report(tmp_path, "Phishing Protection")
    (asked,) = report["questions"]
    assert asked["psa_product"] == "Phishing Protection"
    assert asked["candidates"][0]["vendor_product"] == IRONSCALES
    assert report["unmapped"] == []
    assert _gaps(report) == [
        ("missing_in_psa", "Microsoft 365 Business Basic", None, 56, 0),
        ("quantity_mismatch", IRONSCALES, "Phishing Protection", 69, 67),
    ]
    (short,) = [g for g in report["gaps"] if g["kind"] == "quantity_mismatch"]
    assert short["monthly_impact"] == "9.54"
    assert "Phishing Protection" in short["rests_on"]


def test_a_text_naming_no_kind_is_not_weighed_so(tmp_path: Path) -> None:
    # Without a phrase of the kind ("Inbox Shield"), the text is no name match for IRONSCALES.
    report = _report(tmp_path, "Inbox Shield")
    assert ("missing_in_psa", IRONSCALES, None, 69, 0) in _gaps(report)
