"""Reading keeps little in memory: each file's bytes go once its rows are parsed, and names are
carried as codes into their distinct values, not as one string per line."""

from __future__ import annotations

import datetime as dt
import gc
import tracemalloc
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from recon.catalog import load_catalog
from recon.engine.groups import group_side
from recon.formats import read as read_module
from recon.formats import read_export, read_sides
from recon.match import ProductResolver
from recon.model import Col, G, Knowledge, Side, SideInput

AS_OF = dt.date(2026, 3, 1)
ROWS = 20_000


def _write(path: Path, header: str, line: str) -> int:
    body = "".join(line.format(i=i, c=i % 500, q=i % 7 + 1) for i in range(ROWS))
    path.write_bytes((header + "\r\n" + body).encode("utf-8"))
    return path.stat().st_size


def test_a_files_bytes_are_let_go_before_its_rows_become_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vendor, psa = tmp_path / "vendor.csv", tmp_path / "psa.csv"
    both = _write(
        vendor,
        "Customer Name,Product Name,Quantity",
        "Northwind Regional Holdings {c},Microsoft 365 Business Premium (NCE) Annual,{q}\r\n",
    ) + _write(
        psa,
        "Company,Product,Quantity,Unit Price",
        "Northwind Regional Holdings {c} Inc,M365 Business Premium - Per User,{q},26.40\r\n",
    )
    held: list[int] = []
    convert = read_module.convert

    def measured(*args: Any, **kwargs: Any) -> Any:
        # Held means still reachable: cyclic garbage the collector has not reached yet
        # (its timing depends on what ran before) is not the file's bytes.
        gc.collect()
        held.append(tracemalloc.get_traced_memory()[0])
        return convert(*args, **kwargs)

    # Import and compile whatever reading loads lazily before tracing: a first import
    # inside the traced window would count module code as held bytes.
    warm_vendor, warm_psa = tmp_path / "warm-vendor.csv", tmp_path / "warm-psa.csv"
    warm_vendor.write_text("Customer Name,Product Name,Quantity\r\nA,B,1\r\n", encoding="utf-8")
    warm_psa.write_text("Company,Product,Quantity,Unit Price\r\nA,B,1,2.00\r\n", encoding="utf-8")
    read_sides([SideInput(Side.VENDOR, warm_vendor), SideInput(Side.PSA, warm_psa)], as_of=AS_OF)
    monkeypatch.setattr(read_module, "convert", measured)
    tracemalloc.start()
    try:
        reads = read_sides([SideInput(Side.VENDOR, vendor), SideInput(Side.PSA, psa)], as_of=AS_OF)
    finally:
        tracemalloc.stop()
    assert [len(r.lines.lines) for r in reads] == [ROWS, ROWS]
    # Holding both files' bytes while a file's rows become lines would be at least this.
    assert len(held) == 2
    assert max(held) < both


def test_the_next_file_is_not_held_while_one_files_rows_become_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vendor, psa = tmp_path / "vendor.csv", tmp_path / "psa.csv"
    _write(
        vendor,
        "Customer Name,Product Name,Quantity",
        "Northwind Regional Holdings {c},Microsoft 365 Business Premium (NCE) Annual,{q}\r\n",
    )
    second = _write(
        psa,
        "Company,Product,Quantity,Unit Price",
        "Northwind Regional Holdings {c} Inc,M365 Business Premium - Per User,{q},26.40\r\n",
    )
    held: list[int] = []
    convert = read_module.convert

    def measured(*args: Any, **kwargs: Any) -> Any:
        gc.collect()
        held.append(tracemalloc.get_traced_memory()[0])
        return convert(*args, **kwargs)

    read_sides([SideInput(Side.VENDOR, vendor), SideInput(Side.PSA, psa)], as_of=AS_OF)  # warm
    monkeypatch.setattr(read_module, "convert", measured)
    tracemalloc.start()
    try:
        read_sides([SideInput(Side.VENDOR, vendor), SideInput(Side.PSA, psa)], as_of=AS_OF)
    finally:
        tracemalloc.stop()
    # With no plain --map to aim, the PSA file is opened only once the vendor file is lines.
    assert held[0] < second


def test_names_are_codes_into_their_distinct_values(tmp_path: Path) -> None:
    path = tmp_path / "psa.csv"
    _write(path, "Company,Product,Quantity,Unit Price", "Client {c},M365 BP,{q},26.40\r\n")
    frame = read_export(path, side=Side.PSA, as_of=AS_OF).lines
    for column in (Col.CLIENT, Col.CLIENT_ID, Col.PRODUCT, Col.SKU, Col.CURRENCY):
        assert isinstance(frame[column].dtype, pd.CategoricalDtype), column
    clients = frame[Col.CLIENT]
    assert clients.cat.codes.dtype.itemsize <= 2  # 500 names fit in two bytes a line
    # Only the names the lines use, in the order they first appear.
    assert clients.cat.categories.tolist() == [f"Client {i}" for i in range(500)]
    assert clients.tolist()[:3] == ["Client 0", "Client 1", "Client 2"]
    assert frame[Col.PRODUCT].unique().tolist() == ["M365 BP"]


def test_skipped_rows_names_are_not_carried(tmp_path: Path) -> None:
    path = tmp_path / "vendor.csv"
    path.write_bytes(
        b"Customer Name,Product Name,Quantity\r\nWayne,Microsoft 365 E3,18\r\nTotal,,18\r\n"
    )
    frame = read_export(path, side=Side.VENDOR, as_of=AS_OF).lines
    assert frame[Col.CLIENT].cat.categories.tolist() == ["Wayne"]


def test_groups_carry_written_names_as_codes(tmp_path: Path) -> None:
    path = tmp_path / "psa.csv"
    _write(path, "Company,Product,Quantity,Unit Price", "Client {c},M365 BP,{q},26.40\r\n")
    lines = read_export(path, side=Side.PSA, as_of=AS_OF)
    groups = group_side(
        lines.lines, side=Side.PSA, resolver=ProductResolver(load_catalog(), Knowledge())
    ).groups
    assert len(groups) == 500
    for column in (G.CLIENT, G.PRODUCT, G.CLIENT_NAME, G.PRODUCT_NAME, G.CURRENCY):
        assert isinstance(groups[column].dtype, pd.CategoricalDtype), column
    assert groups[G.CLIENT_NAME].tolist() == [f"Client {i}" for i in range(500)]
    assert set(groups[G.PRODUCT_NAME]) == {"M365 BP"}
    assert groups[G.QTY].sum() == sum(i % 7 + 1 for i in range(ROWS)) * 1000


def test_a_column_read_from_a_file_keeps_four_byte_codes(tmp_path: Path) -> None:
    # The reader's 32-bit codes are kept, not widened to NumPy's 8-byte index type: every
    # column a rule reads is held at half the size while the rows become lines.
    # Every other client is written with spaces around it: cleaning merges the two spellings,
    # and the codes are renumbered (the other columns keep the reader's codes as they are).
    body = "".join(
        (" Client {c} ," if i % 2 else "Client {c},").format(c=i % 499) + f"M365 BP,{i % 7},1\r\n"
        for i in range(ROWS)
    )
    data = ("Company,Product,Quantity,Unit Price\r\n" + body).encode()
    opened = read_module.open_export(data, name="psa.csv")
    table = read_module.read_table(opened.text, opened.header)
    for index in range(4):
        column = table.column(index)
        assert column.codes.itemsize == 4, index
        assert len(column.codes) == ROWS
    clients = table.column(0)
    assert len(clients.uniques) == 499
    assert clients.values()[:3].tolist() == ["Client 0", "Client 1", "Client 2"]


def test_parsing_holds_a_block_at_a_time_not_the_file_again(tmp_path: Path) -> None:
    # Arrow's threaded reader allocated more than the file's size again while parsing it
    # (besides the file's own bytes): twice it on 16 MiB blocks, 1.2 times on 4 MiB ones.
    # One thread on 4 MiB blocks stays under it (0.85 here).
    import pyarrow as pa

    line = (
        "Northwind Regional Holdings {c},Microsoft 365 Business Premium {p},{q},{i}.25,Active\r\n"
    )
    body = "".join(line.format(i=i, c=i % 5000, p=i % 40, q=i % 7 + 1) for i in range(200_000))
    data = ("Customer Name,Product Name,Quantity,Unit Price,Status\r\n" + body).encode()
    opened = read_module.open_export(data, name="vendor.csv")
    saved = pa.default_memory_pool()
    pool = pa.proxy_memory_pool(saved)
    pa.set_memory_pool(pool)
    try:
        table = read_module.read_table(opened.text, opened.header)
        assert len(table.rows) == 200_000
        most = pool.max_memory()
        del table
        gc.collect()
    finally:
        # Everything this pool gave is freed before it goes (Arrow frees through it).
        pa.set_memory_pool(saved)
    assert most < len(data)


def test_converting_lets_row_long_temporaries_go_before_the_lines_are_copied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The end of converting, where the lines' columns are copied out of row-long arrays,
    # was reading's peak: what no column reads is let go first.
    path = tmp_path / "psa.csv"
    _write(path, "Company,Product,Quantity,Unit Price", "Client {c},M365 BP,{q},26.40\r\n")
    read_export(path, side=Side.PSA, as_of=AS_OF)  # warm: lazy imports are not counted
    peaks: list[tuple[int, int]] = []
    convert = read_module.convert

    def measured(*args: Any, **kwargs: Any) -> Any:
        gc.collect()
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        lines = convert(*args, **kwargs)
        peaks.append((tracemalloc.get_traced_memory()[1] - before, ROWS))
        return lines

    monkeypatch.setattr(read_module, "convert", measured)
    tracemalloc.start()
    try:
        read_export(path, side=Side.PSA, as_of=AS_OF)
    finally:
        tracemalloc.stop()
    ((peak, rows),) = peaks
    # 134 bytes a row; 153 when the arrays no line column reads outlive the copying of the
    # lines' columns, 174 when each term column outlives the copy of its kept rows.
    assert peak / rows < 145
