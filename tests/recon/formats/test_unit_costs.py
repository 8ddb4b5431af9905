"""The MSP's own unit cost on a PSA line is read beside its price (recon.formats.costs)."""

from __future__ import annotations

from pathlib import Path

from recon.model import Col, Side
from tests.recon.formats.test_exports import CW_HEADER, _cw, read, records, write


def test_a_connectwise_additions_cost_is_read_as_the_lines_own_cost(tmp_path: Path) -> None:
    rows = [
        _cw("Microsoft 365 E3 License", "4", Cost="47.11"),
        _cw("Microsoft 365 E3 License", "2", Cost=""),  # no cost: unknown, the row is read
        _cw("Microsoft 365 E3 License", "3", Cost="n/a"),  # unreadable: unknown, never an error
    ]
    lines = read(write(tmp_path / "cw.csv", CW_HEADER, rows), Side.PSA)
    assert records(lines, Col.QTY, Col.UNIT, Col.COST) == [
        (4_000, 26_400_000, 47_110_000),
        (2_000, 26_400_000, None),
        (3_000, 26_400_000, None),
    ]
    # The cost is evidence, never the price: the price column stays the price.
    assert lines.columns["unit_price"] == "Price"


def test_an_autotask_services_unit_cost_is_made_monthly_with_its_period(tmp_path: Path) -> None:
    header = ["Contract Name", "Contract Type", "Organization Name", "Service Name", "Units",
              "Unit Price", "Unit Cost", "Period Type", "Contract Status", "Start Date",
              "End Date"]  # fmt: skip
    base = {"Contract Name": "Managed", "Contract Type": "Recurring Service",
            "Organization Name": "Contoso", "Service Name": "M365 E3", "Units": "5",
            "Contract Status": "Active", "Start Date": "2025-01-01",
            "End Date": "2026-12-31"}  # fmt: skip
    rows = [
        base | {"Unit Price": "45.00", "Unit Cost": "36.00", "Period Type": "Monthly"},
        base | {"Unit Price": "540.00", "Unit Cost": "432.00", "Period Type": "Yearly"},
    ]
    lines = read(write(tmp_path / "at.csv", header, rows), Side.PSA)
    assert records(lines, Col.UNIT, Col.COST) == [
        (45_000_000, 36_000_000),
        (45_000_000, 36_000_000),
    ]
