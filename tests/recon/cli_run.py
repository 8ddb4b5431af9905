"""Running the ``recon`` command line in-process, for tests that read its output."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from recon.cli import cli


def invoke(*args: str) -> Result:
    """Run ``recon ARGS``; the command must succeed."""
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def reconcile_json(files: tuple[str, str, str], *extra: str) -> dict[str, Any]:
    """``recon reconcile VENDOR PSA --db DB --format json`` on (vendor, PSA, database)."""
    vendor, psa, db = files
    report: dict[str, Any] = json.loads(
        invoke("reconcile", vendor, psa, "--db", db, "--format", "json", *extra).stdout
    )
    return report


#: An Autotask contract-services export's header: it carries each service's unit cost.
AUTOTASK = (
    "Contract Name,Contract Type,Contract Status,Organization Name,Service Name,Units,"
    "Unit Price,Adjusted Price,Unit Cost,Period Type,Start Date,End Date"
)


def autotask_service(company: str, text: str, seats: int, price: str, cost: str) -> str:
    """One active monthly contract service, a row under :data:`AUTOTASK`."""
    return (
        f"Managed Services Agreement,Recurring Service,Active,{company},{text},{seats},"
        f"{price},,{cost},Monthly,01/01/2025,"
    )


#: Pax8 ``InvoiceItem`` fields (Pax8 OpenAPI), as an invoice export flattens them.
PAX8_INVOICE = ["type", "companyName", "startPeriod", "endPeriod", "quantity", "term",
                "details", "cost", "costTotal", "productName", "currencyCode"]  # fmt: skip


def pax8_item(
    kind: str, client: str, product: str, seats: int, cost: str, *, start: str = "2026-11-01",
    details: str = "",
) -> list[str]:  # fmt: skip
    """One monthly invoice item for November 2026, a row under :data:`PAX8_INVOICE`."""
    total = f"{seats * float(cost):.2f}"
    return [kind, client, start, "2026-11-30", str(seats), "Monthly", details, cost, total,
            product, "USD"]  # fmt: skip


def office_files(
    tmp_path: Path,
    customer: str,
    bought: Mapping[str, int],
    offices: Mapping[str, Mapping[str, int]],
    prices: Mapping[str, tuple[str, str]],
    plain: tuple[str, str],
) -> tuple[str, str, str]:
    """A vendor customer buying ``bought`` that the PSA bills as ``offices`` (company -> product
    -> seats), beside three plain clients billing the two products of ``plain`` as bought;
    ``prices`` is each product's (vendor cost, PSA price). Returns (vendor, PSA, database)."""
    vendor = ["Customer Name,Product Name,Quantity,Unit Cost"]
    psa = ["Company,Product,Quantity,Unit Price"]
    first, second = plain
    for i, client in enumerate(("Brightwater Plumbing", "Cedar Ridge Dental", "Northgate Inc")):
        vendor += [f"{client},{first},{10 + i},{prices[first][0]}"]
        vendor += [f"{client},{second},{3 + i},{prices[second][0]}"]
        psa += [f"{client},{first},{10 + i},{prices[first][1]}"]
        psa += [f"{client},{second},{3 + i},{prices[second][1]}"]
    vendor += [f"{customer},{p},{n},{prices[p][0]}" for p, n in bought.items()]
    for office, lines in offices.items():
        psa += [f"{office},{p},{n},{prices[p][1]}" for p, n in lines.items()]
    (tmp_path / "vendor.csv").write_text("\n".join(vendor) + "\n")
    (tmp_path / "psa.csv").write_text("\n".join(psa) + "\n")
    return str(tmp_path / "vendor.csv"), str(tmp_path / "psa.csv"), str(tmp_path / "r.db")
