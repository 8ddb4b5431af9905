"""Both sides read the same way: each file opened once, plain --map aimed by its header."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from recon.errors import UsageError
from recon.formats import read as read_module
from recon.formats import read_export, read_sides
from recon.model import Col, Side, SideInput
from recon.service import ReconcileRequest, run_reconciliation

AS_OF = dt.date(2026, 3, 1)
VENDOR = b"Client,Offering,Seats\r\nWAYNE ENTERPRISES,Microsoft 365 Business Premium,18\r\n"
PSA = b"Company,Product,Quantity,Unit Price\r\nWayne Enterprises Inc,M365 BP,10,26.40\r\n"


def _inputs(**maps: dict[str, str]) -> list[SideInput]:
    return [
        SideInput(Side.VENDOR, VENDOR, column_map=maps.get("vendor", {})),
        SideInput(Side.PSA, PSA, column_map=maps.get("psa", {})),
    ]


def test_plain_map_goes_to_the_file_whose_header_has_the_column() -> None:
    vendor, psa = read_sides(_inputs(), shared_map={"product": "Offering"}, as_of=AS_OF)
    assert vendor.input.column_map == {"product": "Offering"}
    assert psa.input.column_map == {}
    assert vendor.lines.lines[Col.PRODUCT].tolist() == ["Microsoft 365 Business Premium"]
    assert psa.lines.lines[Col.PRODUCT].tolist() == ["M365 BP"]


def test_a_sides_own_map_wins_over_a_plain_one_for_the_same_role() -> None:
    data = b"Client,Offering,Plan,Seats\r\nWayne,Microsoft 365 E3,E3 plan,18\r\n"
    inputs = [SideInput(Side.VENDOR, data, column_map={"product": "Plan"})]
    (vendor,) = read_sides(inputs, shared_map={"product": "Offering"}, as_of=AS_OF)
    assert vendor.input.column_map == {"product": "Plan"}
    assert vendor.lines.lines[Col.PRODUCT].tolist() == ["E3 plan"]


def test_plain_map_no_file_has_is_refused_naming_both_files() -> None:
    with pytest.raises(UsageError, match=r"--map product='Offer': neither vendor export nor psa"):
        read_sides(_inputs(), shared_map={"product": "Offer"}, as_of=AS_OF)


def test_pulled_lines_pass_through_untouched() -> None:
    pulled = read_export(PSA, name="pulled", side=Side.PSA, as_of=AS_OF)
    inputs = [
        SideInput(Side.VENDOR, VENDOR, name="v.csv"),
        SideInput(Side.PSA, pulled),
    ]
    vendor, psa = read_sides(inputs, shared_map={"product": "Offering"}, as_of=AS_OF)
    assert psa.lines is pulled
    assert vendor.lines.path == "v.csv"


def test_each_file_is_opened_and_its_header_found_once_per_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vendor, psa = tmp_path / "vendor.csv", tmp_path / "psa.csv"
    vendor.write_bytes(VENDOR)
    psa.write_bytes(PSA)
    opened: list[str] = []
    real = read_module.open_text

    def counting(source: object, **kwargs: object) -> object:
        opened.append(str(source))
        return real(source, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(read_module, "open_text", counting)
    outcome = run_reconciliation(
        ReconcileRequest(vendor=vendor, psa=psa, maps={"product": "Offering"}, as_of=AS_OF),
        db_path=tmp_path / "recon.db",
    )
    assert sorted(opened) == sorted([str(vendor), str(psa)])
    assert [str(g.monthly_impact) for g in outcome.result.gaps] == ["211.20"]
