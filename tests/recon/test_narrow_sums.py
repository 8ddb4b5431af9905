"""Group frames and sums hold terms and counts in narrow integers, and never lose a value
(issue 16: memory at scale)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from recon.catalog import load_catalog
from recon.codes import narrowest
from recon.engine.groups import group_side
from recon.engine.join import sum_by_key, take
from recon.formats import read_export
from recon.match import ProductResolver
from recon.model import G, Knowledge, Side

AS_OF = dt.date(2026, 3, 1)


@pytest.mark.parametrize(
    ("values", "kind"),
    [
        ([0, 1, 12, 36], np.int16),
        ([-(2**15), 2**15 - 1], np.int16),
        ([0, 2**15], np.int32),
        ([-(2**31), 5], np.int32),
        ([0, 2**31], np.int64),
        ([], np.int16),
    ],
)
def test_narrowest_keeps_every_value_in_the_smallest_type(values: list[int], kind: type) -> None:
    found = narrowest(np.asarray(values, dtype=np.int64))
    assert found.dtype == kind
    assert found.tolist() == values


def _groups(tmp_path: Path, term: str) -> pd.DataFrame:
    path = tmp_path / "vendor.csv"
    body = "".join(f"Client {i % 40},Microsoft 365 E3,{i % 5 + 1},{term}\r\n" for i in range(400))
    path.write_bytes(("Customer Name,Product Name,Quantity,Term\r\n" + body).encode("utf-8"))
    lines = read_export(path, side=Side.VENDOR, as_of=AS_OF)
    return group_side(
        lines.lines,
        side=Side.VENDOR,
        resolver=ProductResolver(load_catalog(), Knowledge()),
        as_of=AS_OF,
    ).groups


def test_group_terms_and_their_sums_are_two_bytes_a_row(tmp_path: Path) -> None:
    groups = _groups(tmp_path, "Annual")
    assert groups[G.TERM].dtype.itemsize == 2
    assert set(groups[G.TERM].tolist()) == {12}
    key = np.arange(len(groups), dtype=np.int64) % 7
    summed = sum_by_key(key, groups)
    for column in (summed.term_lo, summed.term_hi, summed.terms):
        assert column.dtype.itemsize == 2
    assert summed.first.dtype.itemsize <= 4
    # What readers take from the sums is int64 again, value for value.
    assert take(summed.term_hi, np.array([0, -1], dtype=np.int64)).dtype == np.int64
    assert take(summed.term_hi, np.array([0, -1], dtype=np.int64)).tolist() == [12, 0]


def test_a_term_too_long_for_two_bytes_is_kept_exactly() -> None:
    frame = pd.DataFrame(
        {
            G.QTY: np.array([1000, 2000, 3000], dtype=np.int64),
            G.PRICED: np.zeros(3, dtype=np.int64),
            G.EXT: np.zeros(3, dtype=np.int64),
            G.UNIT_ANY: np.full(3, -1, dtype=np.int64),
            G.DEADLINE: np.zeros(3, dtype=np.int64),
            G.TERM: narrowest(np.array([12, 40_000, 12], dtype=np.int64)),
        }
    )
    summed = sum_by_key(np.array([5, 5, 9], dtype=np.int64), frame)
    assert summed.term_hi.tolist() == [40_000, 12]
    assert summed.term_lo.tolist() == [12, 12]
    assert summed.terms.tolist() == [2, 1]
    assert summed.qty.tolist() == [3000, 3000]


def test_group_costs_prices_and_priced_seats_are_held_narrow_and_exact(tmp_path: Path) -> None:
    resolver = ProductResolver(load_catalog(), Knowledge())
    vendor = group_side(
        read_export(_vendor_file(tmp_path), side=Side.VENDOR, as_of=AS_OF).lines,
        side=Side.VENDOR,
        resolver=resolver,
        as_of=AS_OF,
    )
    # A vendor file has no unit cost of its own: -1 on every group, in two bytes.
    assert vendor.groups[G.COST].dtype.itemsize == 2
    assert set(vendor.groups[G.COST].tolist()) == {-1}
    path = tmp_path / "psa.csv"
    path.write_bytes(
        b"Company Name,Product ID,Description,Quantity,Price,Cost,Bill\r\n"
        b"Client 1,M365E3,Microsoft 365 E3,3,36.00,33.60,Billable\r\n"
        b"Client 2,M365E3,Microsoft 365 E3,2,36.00,,Billable\r\n"
    )
    lines = read_export(path, side=Side.PSA, format_name="connectwise", as_of=AS_OF).lines
    psa = group_side(lines, side=Side.PSA, resolver=resolver)
    assert psa.groups[G.COST].dtype.itemsize == 4
    assert psa.groups[G.COST].to_numpy(dtype=np.int64).tolist() == [33_600_000, -1]
    # The highest unit price per group in four bytes, the priced seats in two.
    assert psa.groups[G.UNIT_ANY].dtype.itemsize == 4
    assert psa.groups[G.UNIT_ANY].to_numpy(dtype=np.int64).tolist() == [36_000_000] * 2
    assert psa.groups[G.PRICED].dtype.itemsize == 2
    assert psa.groups[G.PRICED].to_numpy(dtype=np.int64).tolist() == [3000, 2000]
    # Seats and money stay int64: frames sum them as they are.
    assert psa.groups[G.QTY].dtype == np.int64
    assert psa.groups[G.EXT].dtype == np.int64


def _vendor_file(tmp_path: Path) -> Path:
    path = tmp_path / "vendor.csv"
    path.write_bytes(b"Customer Name,Product Name,Quantity\r\nClient 1,Microsoft 365 E3,3\r\n")
    return path
