"""The rows under the header as columns: blank rows left out, total rows marked.

Row numbers are spreadsheet rows: every record counts (blank ones and the lines above the header
too), and a quoted cell that spans lines is still one row, as Excel shows it. Each column keeps
its distinct, stripped values once (:class:`Column`), so later steps compute something once per
distinct value instead of once per row.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import numpy.typing as npt
import pandas as pd

from recon.errors import InputError
from recon.formats.header import HeaderRow, header_key
from recon.formats.sniff import TextFile

_T = TypeVar("_T", bound=np.generic)
_TOTAL_WORDS = frozenset({"total", "totals", "grandtotal", "subtotal", "subtotals", "sum"})


@dataclass(frozen=True, slots=True)
class Column:
    """One column's cells as codes into its distinct, stripped values.

    ``uniques[codes]`` are the row values; compute something once per distinct value, then
    ``lookup`` it for every row.
    """

    codes: npt.NDArray[np.intp]
    uniques: npt.NDArray[np.object_]

    def lookup(self, per_unique: npt.NDArray[_T]) -> npt.NDArray[_T]:
        """Spread an array aligned with ``uniques`` out to one value per row."""
        return per_unique[self.codes]

    def values(self) -> npt.NDArray[np.object_]:
        """The (stripped) cell of every row."""
        return self.uniques[self.codes]

    def empty(self) -> npt.NDArray[np.bool_]:
        """True for rows whose cell is empty."""
        return self.lookup(self.uniques == "")

    def take(self, mask: npt.NDArray[np.bool_]) -> Column:
        """The same column restricted to some rows."""
        return Column(self.codes[mask], self.uniques)


def clean_cell(value: str) -> str:
    """Strip spaces, and unwrap Excel's ``="00123"`` text-formula cells."""
    value = value.strip()
    if value.startswith('="') and value.endswith('"') and len(value) >= 3:
        value = value[2:-1].strip()
    return value


def _column(series: pd.Series) -> Column:
    cat = series.array
    assert isinstance(cat, pd.Categorical)
    raw = np.asarray(cat.categories, dtype=object)
    stripped = np.fromiter((clean_cell(v) for v in raw), dtype=object, count=len(raw))
    remap, uniques = pd.factorize(np.append(stripped, ""))
    codes = remap[np.asarray(cat.codes, dtype=np.intp)]  # code -1 (no cell) picks the "" added
    return Column(codes.astype(np.intp, copy=False), np.asarray(uniques, dtype=object))


@dataclass(frozen=True, slots=True)
class Table:
    """The data rows below the header, blank rows already left out.

    Attributes:
        rows: spreadsheet row number of each data row.
        columns: one :class:`Column` per header cell (by position).
        total: rows whose first non-empty cell says Total / Grand Total / Subtotal.
    """

    rows: npt.NDArray[np.int64]
    columns: tuple[Column, ...]
    total: npt.NDArray[np.bool_]


def is_total_word(text: str) -> bool:
    """True for ``Total``, ``Grand Total:``, ``SUBTOTAL``, ``Totals`` and the like."""
    return 3 <= len(text) <= 16 and header_key(text) in _TOTAL_WORDS


def _parse(data: bytes, delimiter: str, width: int) -> pd.DataFrame:
    return pd.read_csv(
        io.BytesIO(data),
        sep=delimiter,
        header=None,
        names=range(width),
        index_col=False,
        dtype="category",
        na_filter=False,
        keep_default_na=False,
        skip_blank_lines=False,
        engine="c",
        low_memory=False,  # one pass: no per-chunk categories to union (twice as fast)
        encoding="utf-8",
        quotechar='"',
        doublequote=True,
    )


def read_table(text: TextFile, header: HeaderRow) -> Table:
    """Parse every row under the header.

    A row with fewer cells than the header is padded with empty cells; extra cells are fine
    when empty.

    Args:
        text: the decoded file.
        header: its header row.

    Returns:
        The data rows.

    Raises:
        InputError: a row has more (non-empty) cells than the header, or a quoted field never
            closes.
    """
    data = text.body[header.offset :]
    width = max(header.width, 1)
    for _attempt in range(6):
        try:
            frame = _parse(data, text.delimiter, width)
            break
        except pd.errors.ParserError as err:
            message = str(err)
            wider = re.search(r"Expected \d+ fields in line \d+, saw (\d+)", message)
            if wider:
                width = max(int(wider[1]), width * 2)
                continue
            unclosed = re.search(r"EOF inside string starting at row (\d+)", message)
            if unclosed:
                row = header.row + int(unclosed[1])
                raise InputError(
                    f'row {row}: a quoted field starts with " but never ends; '
                    "is a closing quote missing?",
                    path=text.path,
                ) from err
            raise InputError(f"the file can't be read as CSV: {message}", path=text.path) from err
    else:
        raise InputError("rows have far more cells than the header row", path=text.path)

    columns = [_column(frame[i]) for i in range(frame.shape[1])]
    empty = [c.empty() for c in columns]
    data_rows = np.arange(1, len(frame), dtype=np.int64)
    blank = np.logical_and.reduce(empty)[1:] if empty else np.ones(0, bool)
    keep = ~blank
    _check_extra_cells(empty[header.width :], keep, header, text.path)
    columns = [c.take(np.concatenate(([False], keep))) for c in columns[: header.width]]
    total = np.zeros(int(keep.sum()), dtype=bool)
    seen = np.zeros(int(keep.sum()), dtype=bool)
    for column in columns:
        is_total = np.fromiter(
            (is_total_word(v) for v in column.uniques), bool, len(column.uniques)
        )
        total |= ~seen & column.lookup(is_total)
        seen |= ~column.empty()
    return Table(header.row + data_rows[keep], tuple(columns), total)


def _check_extra_cells(
    extra_empty: list[npt.NDArray[np.bool_]],
    keep: npt.NDArray[np.bool_],
    header: HeaderRow,
    path: str,
) -> None:
    if not extra_empty:
        return
    filled = np.stack([~e[1:] for e in extra_empty], axis=1) & keep[:, None]
    bad_rows = np.flatnonzero(filled.any(axis=1))
    if not len(bad_rows):
        return
    first = int(bad_rows[0])
    cells = header.width + int(np.flatnonzero(filled[first])[-1]) + 1
    more = len(bad_rows) - 1
    also = f" ({more} more row{'s' if more != 1 else ''} like it)" if more else ""
    raise InputError(
        f"row {header.row + first + 1} has {cells} cells, the header has {header.width}; "
        f"is a field missing its quotes?{also}",
        path=path,
    )
