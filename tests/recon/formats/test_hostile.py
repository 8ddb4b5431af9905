"""Strict input (issue 12): one fixture per hostile file, each refused with the row and column,
or skipped with a reason, and never a traceback.

Every case here used to be read silently (joined rows, a NUL kept as data, a billion seats),
to take minutes, or to crash with a traceback. Only the public API and the base error class
are used, so the same tests show what the reader did before.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from recon.cli import cli
from recon.errors import InputError
from recon.formats import read_export
from recon.model import Side

AS_OF = dt.date(2026, 3, 1)
HEADER = "Customer,Product,Quantity,Unit Price\r\n"
GOOD = "Fabrikam,Microsoft 365 E3,5,36.00\r\n"


def _rows(count: int) -> str:
    return "".join(f"Client {i},Microsoft 365 E3,{i % 9 + 1},36.00\r\n" for i in range(count))


# (id, file content, side, the message the refusal must carry)
REFUSED: list[tuple[str, bytes, Side, str]] = [
    (
        "stray quote inside a value",
        (HEADER + 'Contoso,Dell 27" Monitor,3,199.00\r\n' + GOOD).encode(),
        Side.PSA,
        r"row 2, column 'Product' has a stray quote",
    ),
    (
        "text after a closing quote",
        (HEADER + '"Contoso" Ltd,Microsoft 365 E3,3,36.00\r\n' + GOOD).encode(),
        Side.PSA,
        r"row 2, column 'Customer' starts a quoted value whose closing quote is followed by",
    ),
    (
        "an opening quote that swallows whole rows",
        (
            HEADER
            + '"Contoso,Microsoft 365 E3,10,36.00\r\n'
            + "Fabrikam,Microsoft 365 E3,5,36.00\r\n"
            + 'Northwind",Microsoft 365 E3,30000,36.00\r\n'
        ).encode(),
        Side.PSA,
        r"row 2, column 'Customer' starts a quoted value that runs over 3 lines holding whole",
    ),
    (
        "a stray quote that closes rows later",
        (
            HEADER
            + 'Contoso,"Microsoft 365 E3,10,36.00\r\n'
            + _rows(3)
            + 'Northwind,"Smith, Law",2,36.00\r\n'
        ).encode(),
        Side.PSA,
        r"row 2, column 'Product' starts a quoted value whose closing quote, 4 lines down,",
    ),
    (
        "a NUL byte far into the file",
        (HEADER + _rows(3_000) + "Conto\x00so,Microsoft 365 E3,3,36.00\r\n" + GOOD).encode(),
        Side.PSA,
        r"row 3002, column 'Customer' holds a NUL byte",
    ),
    (
        "quantity beyond ten million seats",
        (HEADER + "Contoso,Microsoft 365 E3,25000000,36.00\r\n" + GOOD).encode(),
        Side.PSA,
        r"row 2, column 'Quantity': quantity is not plausible: got '25000000', expected at "
        r"most 10,000,000 seats",
    ),
    (
        "a ten megabyte quantity cell",
        (HEADER + "Contoso,Microsoft 365 E3," + "9" * 10_000_000 + ",36.00\r\n").encode(),
        Side.PSA,
        r"row 2, column 'Quantity' holds a cell of 10,000,000 characters",
    ),
    (
        "a price too long to be money",
        (HEADER + "Contoso,Microsoft 365 E3,3,123456789012345678901234567890\r\n").encode(),
        Side.PSA,
        r"row 2, column 'Unit Price': unit price is not readable",
    ),
    (
        "a price with an absurd exponent",
        (HEADER + "Contoso,Microsoft 365 E3,3,1E999\r\n").encode(),
        Side.PSA,
        r"row 2, column 'Unit Price': unit price is not readable: got '1E999'",
    ),
    (
        "a cell longer than a spreadsheet cell",
        (HEADER + "Contoso," + "M" * 40_000 + ",3,36.00\r\n").encode(),
        Side.PSA,
        r"row 2, column 'Product' holds a cell of 40,000 characters",
    ),
    (
        "a hundred thousand columns",
        (
            "Customer,Product,Quantity,"
            + ",".join(f"c{i}" for i in range(100_000))
            + "\r\nContoso,Microsoft 365 E3,3\r\n"
        ).encode(),
        Side.VENDOR,
        r"row 1 is a header row of 100,003 columns",
    ),
]


@pytest.mark.parametrize(
    ("data", "side", "message"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED]
)
def test_hostile_file_is_refused_naming_the_row(data: bytes, side: Side, message: str) -> None:
    started = time.perf_counter()
    with pytest.raises(InputError, match=message):
        read_export(data, name="hostile.csv", side=side, as_of=AS_OF)
    assert time.perf_counter() - started < 10  # not minutes (100,000 columns took 48 s)


def test_negative_cost_where_the_format_has_no_credits_is_skipped_with_a_reason() -> None:
    data = (
        b"Customer Name,Product Name,SKU,Quantity,Unit Cost\r\n"
        b"Contoso,Microsoft 365 E3,CFQ7TTC0LFLX,10,36.00\r\n"
        b"Contoso,Credit note,CREDIT,1,-5000.00\r\n"
    )
    lines = read_export(data, name="vendor.csv", side=Side.VENDOR, as_of=AS_OF)
    assert lines.lines["product"].tolist() == ["Microsoft 365 E3"]
    assert lines.skipped == {"negative unit price (a credit, not seats)": 1}


def test_negative_price_stays_where_the_format_has_discount_lines() -> None:
    data = (
        b"Company Name,Agreement Name,Product ID,Description,Quantity,Price,Addition Status\r\n"
        b"Contoso,MSA,DISC,Loyalty discount,1,-50.00,Active\r\n"
    )
    lines = read_export(data, name="cw.csv", side=Side.PSA, as_of=AS_OF)
    assert lines.lines["unit_micro"].tolist() == [-50_000_000]


def test_legitimate_quoted_newlines_and_excel_text_cells_still_read() -> None:
    data = (
        HEADER
        + '"Contoso, Ltd","Microsoft 365 E3\r\n(annual, paid monthly)",3,36.00\r\n'
        + '="00123",="Microsoft 365 E3",="5","36.00"\r\n'
        + '"Say ""hi"" Inc",Microsoft 365 E3,1,36.00\r\n'
    ).encode()
    lines = read_export(data, name="ok.csv", side=Side.PSA, as_of=AS_OF)
    assert lines.lines["client"].tolist() == ["Contoso, Ltd", "00123", 'Say "hi" Inc']
    assert lines.lines["row"].tolist() == [2, 3, 4]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_refused_as_not_a_regular_file(tmp_path: Path) -> None:
    pipe = tmp_path / "export.csv"
    os.mkfifo(pipe)
    with pytest.raises(InputError, match=r"export\.csv: is not a regular file"):
        read_export(pipe, side=Side.VENDOR, as_of=AS_OF)


def _write(tmp_path: Path, data: bytes) -> Callable[[], str]:
    path = tmp_path / "hostile.csv"
    path.write_bytes(data)
    return lambda: str(path)


@pytest.mark.parametrize(
    ("data", "side", "message"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED]
)
def test_the_cli_says_error_and_exits_1_without_a_traceback(
    tmp_path: Path, data: bytes, side: Side, message: str
) -> None:
    hostile = _write(tmp_path, data)()
    other = tmp_path / "other.csv"
    other.write_bytes((HEADER + GOOD).encode())
    vendor, psa = (hostile, str(other)) if side is Side.VENDOR else (str(other), hostile)
    result = CliRunner().invoke(
        cli, ["reconcile", vendor, psa, "--db", str(tmp_path / "r.db"), "--no-save"]
    )
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr.startswith("Error: ")
    assert "Traceback" not in result.output
