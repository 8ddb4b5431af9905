"""A PSA text naming one product line is never another line's product by seats alone.

"Cloud PC (Windows 365)" names Microsoft's Windows 365 line (the Cloud PC service); beside an
unbilled "Microsoft 365 Business Basic" of the same seats (its own PSA line gone) it is a
Windows 365 the vendor does not sell this client, and the Business Basic is no longer billed:
two gaps, not one question pairing a virtual desktop with a mailbox plan. Each test fails
when its guard (:mod:`recon.match.line_conflicts`, and its use in
:mod:`recon.engine.unread_lines`) is removed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from recon.catalog import load_catalog
from recon.match.line_conflicts import LineIndex
from tests.recon.cli_run import reconcile_json

BASIC = "Microsoft 365 Business Basic"
W365 = "Windows 365 Business 2 vCPU, 4 GB, 128 GB"
CLOUD_PC = "Cloud PC (Windows 365)"


@pytest.fixture
def write(tmp_path: Path):
    def _write(vendor: list[tuple[str, str, int, str]], psa: list[tuple[str, str, int, str, str]]):
        v, p = tmp_path / "vendor.csv", tmp_path / "psa.csv"
        v.write_text(
            "Customer Name,Product Name,Quantity,Unit Cost\n"
            + "".join(f'{c},"{n}",{q},{u}\n' for c, n, q, u in vendor)
        )
        # Autotask's recurring service contracts: the MSP's own unit cost on each line.
        p.write_text(
            "Contract Name,Contract Type,Contract Status,Organization Name,Service Name,Units,"
            "Unit Price,Adjusted Price,Unit Cost,Period Type,Start Date,End Date\n"
            + "".join(
                f'Licensing,Recurring Service,Active,{c},"{n}",{q},{u},,{k},Monthly,01/19/2024,\n'
                for c, n, q, u, k in psa
            )
        )
        return str(v), str(p), str(tmp_path / "recon.db")

    return _write


def _gaps(report: dict) -> set[tuple[str, str, str, int, int]]:
    return {
        (
            g["client"],
            g["kind"],
            g["psa_product"] or g["vendor_product"],
            g["vendor_qty"],
            g["psa_qty"],
        )
        for g in report["gaps"]
    }


def test_a_text_naming_a_line_is_not_asked_about_another_lines_product(write) -> None:
    files = write(
        [("Acme Dental", BASIC, 3, "6.00"), ("Bolt Freight", W365, 5, "31.00")],
        [
            ("Acme Dental", CLOUD_PC, 3, "34.63", "30.98"),
            ("Bolt Freight", W365, 5, "34.00", "31.00"),
        ],
    )
    report = reconcile_json(files, "--no-save")
    asked = [q["candidates"][0]["vendor_product"] for q in report["questions"]]
    assert BASIC not in asked
    assert _gaps(report) == {
        ("Acme Dental", "missing_in_psa", BASIC, 3, 0),
        ("Acme Dental", "missing_in_vendor", CLOUD_PC, 0, 3),
    }


def test_a_text_naming_a_line_is_still_read_as_that_lines_product_here(write) -> None:
    # Where the client buys the line, the seats pair it as before: no gap either side.
    files = write(
        [("Acme Dental", W365, 3, "31.00"), ("Bolt Freight", W365, 5, "31.00")],
        [
            ("Acme Dental", CLOUD_PC, 3, "34.63", "30.98"),
            ("Bolt Freight", W365, 5, "34.00", "31.00"),
        ],
    )
    report = reconcile_json(files, "--no-save")
    assert {g for g in _gaps(report) if g[0] == "Acme Dental"} == set()


def test_a_line_the_client_buys_none_of_is_billed_not_bought_beside_another_lines_line(
    write,
) -> None:
    # With no one product its name points at (Acronis Cyber Protect Cloud reads as alike as
    # Windows 365 Business), no question holds the text: the unbilled Business Basic at Acme
    # is of another line, so nothing Acme buys can be what "Cloud PC (Windows 365)" bills.
    files = write(
        [
            ("Acme Dental", BASIC, 3, "6.00"),
            ("Bolt Freight", W365, 5, "31.00"),
            ("Cato Labs", "Acronis Cyber Protect Cloud", 4, "5.00"),
        ],
        [
            ("Acme Dental", CLOUD_PC, 3, "34.63", "30.98"),
            ("Bolt Freight", W365, 5, "34.00", "31.00"),
            ("Cato Labs", "Acronis Cyber Protect Cloud", 4, "7.00", "5.00"),
        ],
    )
    report = reconcile_json(files, "--no-save")
    (billed,) = [g for g in report["gaps"] if g["kind"] == "missing_in_vendor"]
    assert (billed["client"], billed["psa_product"], billed["psa_qty"]) == (
        "Acme Dental",
        CLOUD_PC,
        3,
    )
    assert "names a product line this client buys none of" in billed["why"]


def test_a_kind_a_line_is_named_after_bars_nothing(write) -> None:
    # "Email Security" is the first words of "Mimecast Email Security Cloud Gateway", but
    # it is the catalogue's kind (Email security), which several makers sell: Acme's
    # "Email Security - Annual" may still be its Proofpoint seats.
    proofpoint = "Proofpoint Essentials Business"
    mimecast = "Mimecast Email Security Cloud Gateway"
    files = write(
        [
            ("Acme Dental", proofpoint, 5, "2.97"),
            ("Bolt Freight", mimecast, 4, "3.10"),
            ("Cato Labs", "IRONSCALES Email Security", 6, "2.50"),
        ],
        [
            ("Acme Dental", "Email Security - Annual", 5, "3.79", "2.97"),
            ("Bolt Freight", mimecast, 4, "4.10", "3.10"),
            ("Cato Labs", "IRONSCALES Email Security", 6, "3.50", "2.50"),
        ],
    )
    report = reconcile_json(files, "--no-save")
    assert ("Acme Dental", "missing_in_psa", proofpoint, 5, 0) not in _gaps(report)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Cloud PC (Windows 365)", {"w365"}),
        ("Email Security - Annual", set()),  # a kind, not Mimecast's line
        ("Antivirus", set()),
    ],
)
def test_the_lines_a_text_names_leave_kinds_out(text: str, named: set[str]) -> None:
    # check6 pax8subs-connectwise s956: read as naming Mimecast's "Email Security" line, an
    # "Email Security - Annual" text was barred from the client's Proofpoint seats (four
    # false gaps); the kind's words name no line.
    lines = LineIndex(
        {
            "w365": W365,
            "mimecast": "Mimecast Email Security Cloud Gateway",
            "proofpoint": "Proofpoint Essentials Business",
            "basic": BASIC,
        },
        load_catalog().brands(),
    )
    assert lines.named_by(text) == named
