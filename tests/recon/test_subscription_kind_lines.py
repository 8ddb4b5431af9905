"""A held pair's kind text agreeing with one of the vendor's subscriptions of a product.

``recon.match.line_seats`` with ``recon.match.kind_lines``: the vendor sells "Tucker
Insurance Services, PLLC" Keeper Business on two subscriptions, 2 seats and 3 (Pax8 lists
each subscription apart); the MSP bills "Password Manager" 2 at "Tucker Insurance", a
company held in review. The text used to be weighed against the summed 5 only, read as
nothing, and the pair showed 5 seats missing; it is now read as Keeper Business, the pair
compared pending its review and one mapping question, and the gap is the 3 seats short.
Seats matching no subscription, or one subscription bought alone, still read nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.recon.cli_run import reconcile_json

KEEPER = "Keeper Business"
VENDOR_NAME = "TUCKER INSURANCE SERVICES, PLLC"
PSA_NAME = "Tucker Insurance"


def _report(tmp_path: Path, *, billed: int = 2, lines: tuple[int, ...] = (2, 3)) -> dict[str, Any]:
    vendor = ["Customer Name,Product Name,Quantity,Unit Cost"]
    vendor += [f'"{VENDOR_NAME}",{KEEPER},{n},3.21' for n in lines]
    psa = ["Company,Product,Quantity,Unit Price", f"{PSA_NAME},Password Manager,{billed},4.64"]
    for name, product, seats in (
        ("Harbor Legal", "Microsoft 365 Business Premium", 5),
        ("Bolt Dental", "Microsoft 365 Business Basic", 9),
        ("Quill Logistics", "Exchange Online (Plan 1)", 12),
    ):
        vendor.append(f"{name},{product},{seats},5.00")
        psa.append(f"{name},{product},{seats},6.00")
    (tmp_path / "vendor.csv").write_text("\n".join(vendor) + "\n")
    (tmp_path / "psa.csv").write_text("\n".join(psa) + "\n")
    files = (str(tmp_path / "vendor.csv"), str(tmp_path / "psa.csv"), str(tmp_path / "r.db"))
    return reconcile_json(files)


def _keeper(report: dict[str, Any]) -> list[tuple[str, int, int, int]]:
    return [
        (g["kind"], g["vendor_qty"], g["psa_qty"], g["seat_delta"])
        for g in report["gaps"]
        if g["product"] == KEEPER
    ]


def test_one_subscriptions_seats_read_the_kind_text(tmp_path: Path) -> None:
    report = _report(tmp_path)
    assert [r["vendor_client"] for r in report["review"]] == [VENDOR_NAME]
    assert _keeper(report) == [("quantity_mismatch", 5, 2, 3)]
    (gap,) = [g for g in report["gaps"] if g["product"] == KEEPER]
    assert gap["rests_on"] is not None and "Password Manager" in gap["rests_on"]
    assert gap["monthly_impact"] == "13.92"  # three seats at the PSA's $4.64


def test_seats_matching_no_subscription_read_nothing(tmp_path: Path) -> None:
    report = _report(tmp_path, billed=1)
    assert [k for k, *_ in _keeper(report)] == ["missing_in_psa"]


def test_one_subscription_alone_is_weighed_on_its_seats(tmp_path: Path) -> None:
    # Bought on one line of 5: 2 billed is no subscription's count, and far from 5.
    report = _report(tmp_path, lines=(5,))
    assert [k for k, *_ in _keeper(report)] == ["missing_in_psa"]
