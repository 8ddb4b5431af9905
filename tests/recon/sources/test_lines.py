"""Pulled lines as a canonical CSV: plain decimals, and it reads back to the same lines."""

from __future__ import annotations

import datetime as dt
import hashlib

import pandas as pd
import pytest

from recon.formats import read_export
from recon.formats.generic_psa import SPEC as GENERIC_PSA
from recon.model import LineSet
from recon.sources import (
    CANONICAL_HEADERS,
    AutotaskSettings,
    AutotaskSource,
    ConnectWiseSettings,
    ConnectWiseSource,
    PartnerCenterSettings,
    PartnerCenterSource,
    Pax8Settings,
    Pax8Source,
    Runtime,
    canonical_csv,
)
from recon.sources._lines import lines_from_records, money_text, quantity_text


def _assert_reads_back(lines: LineSet) -> None:
    data = canonical_csv(lines)
    back = read_export(data, side=lines.side, name="pulled.csv")
    pd.testing.assert_frame_equal(back.lines, lines.billable)
    assert back.sha256 == lines.sha256 == hashlib.sha256(data).hexdigest()
    assert back.skipped == {}


def test_every_connector_writes_a_csv_that_reads_back_to_the_same_lines(
    pax8_settings: Pax8Settings,
    pc_settings: PartnerCenterSettings,
    cw_settings: ConnectWiseSettings,
    at_settings: AutotaskSettings,
    runtime: Runtime,
) -> None:
    for source in (
        Pax8Source(pax8_settings, runtime=runtime),
        PartnerCenterSource(pc_settings, runtime=runtime),
        ConnectWiseSource(cw_settings, runtime=runtime),
        AutotaskSource(at_settings, runtime=runtime),
    ):
        with source:
            lines = source.fetch()
        assert len(lines.billable) > 0
        _assert_reads_back(lines)


def test_the_csv_is_plain_decimals_under_the_canonical_headers(
    pax8_settings: Pax8Settings, runtime: Runtime
) -> None:
    with Pax8Source(pax8_settings, runtime=runtime) as source:
        text = canonical_csv(source.fetch()).decode("utf-8")
    rows = text.splitlines()
    assert rows[0] == ",".join(CANONICAL_HEADERS)
    assert rows[1] == (
        "Acme Corp,c1,Microsoft 365 Business Premium,CFQ7TTC0LCHC:0002,10,22.00,"
        "12 months,2025-01-01,2026-12-31,,,USD"
    )
    assert ",5,4.00," in rows[2]


def test_awkward_names_and_numbers_survive_the_round_trip() -> None:
    rows = [
        {"Client": 'Smith, Jones & "Partners"', "Product": "Plan\u00a0E3 – ünïcode", "Qty": "1.5",
         "Price": "12.345678"},
        {"Client": "=cmd|' /C calc'!A0", "Product": "Backup; nightly", "Qty": "-2",
         "Price": "1234567.5"},
        {"Client": "Total Care Ltd", "Product": "Support", "Qty": "0", "Price": ""},
    ]  # fmt: skip
    lines = lines_from_records(
        rows,
        spec=GENERIC_PSA,
        columns=("Client", "Product", "Qty", "Price"),
        source="test",
        format_name="test_api",
        label="Test API",
        as_of=dt.date(2026, 3, 2),
    )
    assert len(lines.billable) == 3
    _assert_reads_back(lines)


@pytest.mark.parametrize(
    ("milli", "text"),
    [(12_000, "12"), (1_500, "1.5"), (1, "0.001"), (0, "0"), (-1_000, "-1"), (10_000_000, "10000")],
)
def test_quantities_are_written_plainly(milli: int, text: str) -> None:
    assert quantity_text(milli) == text


@pytest.mark.parametrize(
    ("micro", "text"),
    [(36_000_000, "36.00"), (4_500_000, "4.50"), (12_345_678, "12.345678"), (0, "0.00"),
     (-5_000_000, "-5.00"), (1_000_000_000_000, "1000000.00")],
)  # fmt: skip
def test_money_is_written_plainly(micro: int, text: str) -> None:
    assert money_text(micro) == text
