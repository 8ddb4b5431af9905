"""Line frames hold row numbers and commitment columns in the narrowest integer type, and the
rows set aside their texts as codes, with every value exact (issue 16: at 60,000 clients the
two line frames are held through reading and grouping, and five int64 columns a side were
37 MiB of their 110; the set-aside rows are held to the end of the run)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np

from recon.formats import read_export
from recon.model import Col, ExtraCol, Side

AS_OF = dt.date(2026, 3, 1)
HEADER = (
    "Customer Name,Product Name,Quantity,Term,Term Start Date,Term End Date,Cancel By,Auto Renew"
)


def _read(tmp_path: Path, body: str) -> dict[str, list[int]]:
    path = tmp_path / "vendor.csv"
    path.write_bytes(f"{HEADER}\r\n{body}".encode())
    frame = read_export(path, side=Side.VENDOR, as_of=AS_OF).lines
    columns = (Col.ROW, Col.TERM, Col.TERM_START, Col.TERM_END, Col.CANCEL_BY, Col.AUTO_RENEW)
    values = {c: frame[c].to_numpy(dtype=np.int64).tolist() for c in columns}
    sizes = {f"{c}.size": [frame[c].dtype.itemsize] for c in frame if frame[c].dtype.kind == "i"}
    return values | sizes


def test_dates_terms_and_flags_are_read_exactly_in_narrow_columns(tmp_path: Path) -> None:
    body = (
        "Acme,Microsoft 365 E3,3,Annual,2026-01-15,2027-01-14,2026-01-22,Yes\r\n"
        "Beta,Microsoft 365 E5,2,Monthly,,,,No\r\n"
        "Gamma,Exchange Online (Plan 1),1,,,,,\r\n"
    )
    found = _read(tmp_path, body)
    assert found[Col.ROW] == [2, 3, 4]
    assert found[Col.TERM] == [12, 1, 0]
    assert found[Col.TERM_START] == [dt.date(2026, 1, 15).toordinal(), 0, 0]
    assert found[Col.TERM_END] == [dt.date(2027, 1, 14).toordinal(), 0, 0]
    assert found[Col.CANCEL_BY] == [dt.date(2026, 1, 22).toordinal(), 0, 0]
    assert found[Col.AUTO_RENEW] == [1, 0, -1]
    # A day ordinal in four bytes; a row number, a term and a flag of a small file in two.
    for column in (Col.TERM_START, Col.TERM_END, Col.CANCEL_BY):
        assert found[f"{column}.size"] == [4]
    for column in (Col.ROW, Col.TERM, Col.AUTO_RENEW):
        assert found[f"{column}.size"] == [2]
    # Seats and money stay int64: they are summed over a million lines.
    assert found[f"{Col.QTY}.size"] == [8]


def test_columns_a_file_does_not_have_are_unknown_in_two_bytes(tmp_path: Path) -> None:
    path = tmp_path / "vendor.csv"
    path.write_bytes(b"Customer Name,Product Name,Quantity\r\nAcme,Microsoft 365 E3,3\r\n")
    frame = read_export(path, side=Side.VENDOR, as_of=AS_OF).lines
    for column in (Col.TERM, Col.TERM_START, Col.TERM_END, Col.CANCEL_BY, Col.AUTO_RENEW):
        assert frame[column].dtype.itemsize == 2
        assert frame[column].tolist() == [Col.UNKNOWN[column]]


def test_set_aside_rows_keep_their_texts_as_codes_into_sorted_texts(tmp_path: Path) -> None:
    path = tmp_path / "vendor.csv"
    path.write_bytes(
        b"Customer Name,Product Name,Quantity,Charge Type,Unit Price\r\n"
        b"Zeta,Microsoft 365 E3,3,One-time,10\r\n"
        b"Acme,Setup fee,1,One-time,50\r\n"
        b"Acme,Microsoft 365 E3,2,Recurring,20\r\n"
        b"Zeta,Teams Trial,5,Trial,0\r\n"
    )
    extras = read_export(path, side=Side.VENDOR, as_of=AS_OF).extras
    assert extras is not None
    assert extras[ExtraCol.CLIENT].tolist() == ["Zeta", "Acme", "Zeta"]
    assert extras[ExtraCol.PRODUCT].tolist() == ["Microsoft 365 E3", "Setup fee", "Teams Trial"]
    assert extras[ExtraCol.CHARGE].tolist() == ["one_time", "one_time", "trial"]
    assert extras[ExtraCol.SKU].tolist() == ["", "", ""]
    # Held to the end of the run: one code per row, each text once, in the texts' order.
    for column in (ExtraCol.CLIENT, ExtraCol.PRODUCT, ExtraCol.SKU, ExtraCol.CHARGE):
        categories = extras[column].cat.categories.tolist()
        assert categories == sorted(set(extras[column].tolist()))
