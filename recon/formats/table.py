"""The rows under the header as Arrow columns: blank rows left out, total rows marked.

Rows are parsed by Arrow's CSV reader (one thread, small blocks) after
:mod:`recon.formats.quotes` has checked the quotes. Every column comes out dictionary-encoded
(each distinct text once per block, a small integer per row): names repeat on thousands of
rows, so the file's text is never held a second time as one string per cell, and a column is
hashed once, while it is parsed, rather than again when it is encoded. Nothing here calls
Python once per row: blank rows and total rows are found with Arrow string kernels over whole
columns (working column by column on the rows still undecided, so only the first column is
read in full), and a column is turned into :class:`Column` (distinct cleaned values and a code
per row) only when a role or a rule asks for it. Its codes stay the reader's 32-bit integers
(a file under the size limit has far fewer than 2**31 distinct cells): half the memory of
NumPy's index type, for every column a rule reads, while the rows become lines.

Row numbers are spreadsheet rows: every record counts (blank ones and the lines above the header
too), and a quoted cell that spans lines is still one row, as Excel shows it. Rows with fewer
cells than the header are padded; extra cells are fine when empty. Those rows are rare, so they
are re-read one by one with Python's csv module and put back in place.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from recon.errors import InputError, MalformedRow
from recon.formats.header import HeaderRow, header_key
from recon.formats.quotes import Where, check_records
from recon.formats.sniff import MAX_CELL_CHARS, TextFile

_T = TypeVar("_T", bound=np.generic)
#: A column's codes: the reader's 32-bit ones, or NumPy's index type where a rule made them.
Codes = npt.NDArray[np.int32] | npt.NDArray[np.intp]
_TOTAL_WORDS = frozenset({"total", "totals", "grandtotal", "subtotal", "subtotals", "sum"})
# A cell whose letters could spell a total word (exact check afterwards, on the few that do).
_MAYBE_TOTAL = r"(?i)t[^a-z0-9]*o[^a-z0-9]*t|s[^a-z0-9]*u[^a-z0-9]*m"
# Parsed one block at a time, on one thread: Arrow's threaded reader keeps blocks in flight
# besides the file's bytes (at 60,000 clients the PSA file's parse climbed 150 MiB over them,
# one thread on 4 MiB blocks 50 MiB, for the same CPU time; threads still on 4 MiB blocks
# kept most of it).
_BLOCK_BYTES = 1 << 22
#: The largest block Arrow's reader takes (its block size is a 32-bit integer).
_MAX_BLOCK = (1 << 31) - 1
#: How Arrow's reader gives every cell: dictionary-encoded text.
_CELLS = pa.dictionary(pa.int32(), pa.string())
_SOMETHING = re.compile(rb"\S")


class Column:
    """One column's cells as codes into its distinct, cleaned values.

    ``uniques[codes]`` are the row values; compute something once per distinct value, then
    ``lookup`` it for every row.

    Attributes:
        codes: per row, an index into ``uniques`` (a column read from a file keeps the
            reader's 32-bit codes: see the module docstring).
        uniques: the distinct cleaned values, as Python strings.
    """

    __slots__ = ("codes", "uniques")

    def __init__(self, codes: Codes, uniques: npt.NDArray[np.object_]) -> None:
        self.codes = codes
        self.uniques = uniques

    def lookup(self, per_unique: npt.NDArray[_T]) -> npt.NDArray[_T]:
        """Spread an array aligned with ``uniques`` out to one value per row."""
        return per_unique[self.codes]

    def values(self) -> npt.NDArray[np.object_]:
        """The (cleaned) cell of every row."""
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


def clean(values: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """:func:`clean_cell` over a whole Arrow string array (Arrow's trim strips exactly what
    ``str.strip`` does)."""
    trimmed = pc.utf8_trim_whitespace(values)
    formula = pc.and_(
        pc.and_(pc.starts_with(trimmed, '="'), pc.ends_with(trimmed, '"')),
        pc.greater_equal(pc.utf8_length(trimmed), 3),
    )
    if not pc.any(formula).as_py():
        return trimmed
    inner = pc.utf8_trim_whitespace(pc.utf8_slice_codeunits(trimmed, 2, -1))
    return pc.if_else(formula, inner, trimmed)


def is_total_word(text: str) -> bool:
    """True for ``Total``, ``Grand Total:``, ``SUBTOTAL``, ``Totals`` and the like."""
    return 3 <= len(text) <= 16 and header_key(text) in _TOTAL_WORDS


def _text(values: pa.ChunkedArray) -> pa.ChunkedArray:
    """Cells as plain text (string kernels take no dictionary input); used on few rows."""
    if pa.types.is_dictionary(values.type):
        return values.cast(pa.string())
    return values


def _as_numpy_bool(values: pa.Array | pa.ChunkedArray) -> npt.NDArray[np.bool_]:
    return np.asarray(values.to_numpy(zero_copy_only=False), dtype=bool)


def total_words(values: npt.NDArray[np.object_]) -> npt.NDArray[np.bool_]:
    """Per cleaned value (e.g. a column's uniques): is it a total word?"""
    return _total_words(pa.array(values, type=pa.string()))


def _position(values: pa.Array, value: str) -> int:
    """Where ``value`` is in ``values`` (-1 when it is not there)."""
    return int(pc.index(values, value).as_py())


def _total_words(cleaned: pa.Array | pa.ChunkedArray) -> npt.NDArray[np.bool_]:
    """Per cleaned cell: is it a total word? Exact, with Python only for the few candidates."""
    length = pc.utf8_length(cleaned)
    maybe = pc.and_(
        pc.and_(pc.greater_equal(length, 3), pc.less_equal(length, 16)),
        pc.match_substring_regex(cleaned, _MAYBE_TOTAL),
    )
    out = _as_numpy_bool(maybe)
    where = np.flatnonzero(out)
    if len(where):
        texts = pc.take(cleaned, pa.array(where)).to_pylist()
        out[where] = [is_total_word(t) for t in texts]
    return out


@dataclass(frozen=True, slots=True)
class _Encoded:
    """One column over every record: a code per record into its distinct cleaned values."""

    codes: npt.NDArray[np.int32]
    uniques: pa.Array


def _encode(values: pa.ChunkedArray) -> _Encoded:
    """Distinct raw values (found by the reader, or by hashing plain text) cleaned once, merged
    where cleaning made two of them equal (" A" and "A")."""
    if not pa.types.is_dictionary(values.type):
        values = pc.dictionary_encode(values)
    encoded = values.unify_dictionaries()
    if encoded.num_chunks == 0 or not len(values):
        return _Encoded(np.zeros(0, dtype=np.int32), pa.array([""], type=pa.string()))
    dictionary = encoded.chunk(0).dictionary
    indices = np.concatenate(
        [c.indices.to_numpy(zero_copy_only=False) for c in encoded.chunks]
    ).astype(np.int32, copy=False)
    merged = pc.dictionary_encode(clean(dictionary))
    if len(merged.dictionary) == len(dictionary):
        # Cleaning merged nothing: distinct values keep their places (codes go by first
        # sight), so the reader's codes stand and a pass over every row is saved.
        return _Encoded(indices, merged.dictionary)
    remap = merged.indices.to_numpy(zero_copy_only=False).astype(np.int32, copy=False)
    return _Encoded(remap[indices], merged.dictionary)


@dataclass(slots=True)
class Table:
    """The data rows below the header, blank rows already left out.

    Attributes:
        rows: spreadsheet row number of each data row.
        total: rows whose first non-empty cell says Total / Grand Total / Subtotal.
        width: how many columns (cells of the header row).
    """

    rows: npt.NDArray[np.int64]
    total: npt.NDArray[np.bool_]
    width: int
    _arrow: list[pa.ChunkedArray | None] = field(repr=False)
    _keep: npt.NDArray[np.intp] = field(repr=False)
    _encoded: dict[int, _Encoded] = field(default_factory=dict, repr=False)
    _columns: dict[int, Column] = field(default_factory=dict, repr=False)

    def column(self, index: int) -> Column:
        """The column at a position of the header row, encoded on first use."""
        found = self._columns.get(index)
        if found is None:
            encoded = self._encoded.pop(index, None)
            if encoded is None:
                arrow = self._arrow[index]
                assert arrow is not None  # dropped only once encoded
                encoded = _encode(arrow)
            # Codes and distinct values hold everything the column's text did: drop the
            # text (the largest buffer of a wide file) rather than carry both.
            self._arrow[index] = None
            uniques = np.asarray(encoded.uniques.to_numpy(zero_copy_only=False), dtype=object)
            # No blank row left out (the usual file): every code is a kept row's.
            whole = len(self._keep) == len(encoded.codes)
            found = Column(encoded.codes if whole else encoded.codes[self._keep], uniques)
            self._columns[index] = found
        return found


@dataclass(frozen=True, slots=True)
class _Parsed:
    columns: list[pa.ChunkedArray]
    numbers: npt.NDArray[np.int64]  # record number of each row, 1 = first record under the header


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
        MalformedRow: a stray or unbalanced quote, a NUL byte, a row with more (non-empty)
            cells than the header, or a cell longer than a spreadsheet cell can be.
    """
    where = Where(text.path, header.row + 1, header.headers, text.delimiter)
    layout = check_records(text.body, header.end, where)
    parsed = _parse(text, header, multiline=layout.multiline)
    _check_cell_length(parsed, where)
    first = _encode(parsed.columns[0])
    blank, total = _blank_and_total(parsed.columns, first)
    keep = np.flatnonzero(~blank).astype(np.intp)
    return Table(
        rows=(header.row + parsed.numbers[keep]).astype(np.int64),
        total=total[keep],
        width=header.width,
        _arrow=list(parsed.columns),
        _keep=keep,
        _encoded={0: first},
    )


def _parse(text: TextFile, header: HeaderRow, *, multiline: bool) -> _Parsed:
    """Arrow's reader over the body; odd rows (short, long, blank with spaces) fixed after."""
    width = max(header.width, 1)
    data = pa.py_buffer(text.body).slice(header.end)
    names = [str(i) for i in range(width)]
    if _SOMETHING.search(text.body, header.end) is None:
        empty = [pa.chunked_array([], type=pa.string()) for _ in names]
        return _Parsed(empty, np.zeros(0, dtype=np.int64))
    odd: list[tuple[int | None, str]] = []

    def keep_aside(row: pa_csv.InvalidRow) -> str:
        odd.append((row.number, row.text))
        return "skip"

    def read(cells: pa.DataType, block: int) -> pa.Table:
        odd.clear()
        return pa_csv.read_csv(
            pa.BufferReader(data),
            read_options=pa_csv.ReadOptions(
                column_names=names, use_threads=False, block_size=block
            ),
            parse_options=pa_csv.ParseOptions(
                delimiter=text.delimiter,
                quote_char='"',
                double_quote=True,
                newlines_in_values=multiline,
                ignore_empty_lines=False,
                invalid_row_handler=keep_aside,
            ),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, cells),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                check_utf8=False,  # decoding already made it valid UTF-8
            ),
        )

    def read_or_refuse(cells: pa.DataType = _CELLS) -> pa.Table:
        try:
            try:
                return read(cells, _BLOCK_BYTES)
            except pa.ArrowInvalid as err:
                if "straddl" not in str(err):
                    raise
                # A record longer than a block (no export writes one: a cell is refused past
                # a spreadsheet's 32,767 characters): read whole, so the cell check below
                # names its row and column.
                return read(cells, max(_BLOCK_BYTES, min(len(data), _MAX_BLOCK)))
        except pa.ArrowInvalid as err:  # the raw checks should leave nothing for it to refuse
            raise InputError(f"the file can't be read as CSV: {err}", path=text.path) from err

    table = read_or_refuse()
    if not odd:
        return _Parsed(list(table.columns), np.arange(1, table.num_rows + 1, dtype=np.int64))
    # The odd rows are rare: read again as plain text, which they are put back among.
    return _splice(read_or_refuse(cells=pa.string()), list(odd), header, text)


def _splice(
    table: pa.Table, odd: list[tuple[int | None, str]], header: HeaderRow, text: TextFile
) -> _Parsed:
    """Put the odd rows back in place: padded, or refused when they carry extra cells."""
    width = max(header.width, 1)
    numbers: list[int] = []
    cells: list[list[str]] = []
    too_wide: list[tuple[int, int]] = []
    for number, raw in odd:
        assert number is not None
        row = next(csv.reader(io.StringIO(raw, newline=""), delimiter=text.delimiter), [])
        filled = [c for c in row[width:] if clean_cell(c)]
        if filled:
            last = max(i for i, c in enumerate(row) if clean_cell(c)) + 1
            too_wide.append((number, last))
            continue
        numbers.append(number)
        cells.append((row + [""] * width)[:width])
    if too_wide:
        number, count = too_wide[0]
        more = len(too_wide) - 1
        also = f" ({more} more row{'s' if more != 1 else ''} like it)" if more else ""
        raise MalformedRow(
            f"has {count} cells, the header has {header.width}; is a field missing its "
            f"quotes?{also}",
            path=text.path,
            row=header.row + number,
        )
    total = table.num_rows + len(numbers)
    odd_numbers = np.array(numbers, dtype=np.int64)
    mask = np.ones(total + 1, dtype=bool)
    mask[0] = False
    mask[odd_numbers] = False
    good_numbers = np.flatnonzero(mask).astype(np.int64)
    extra = pa.table({str(i): pa.array([r[i] for r in cells], pa.string()) for i in range(width)})
    joined = pa.concat_tables([table, extra])
    order = np.argsort(np.concatenate([good_numbers, odd_numbers]), kind="stable")
    ordered = joined.take(pa.array(order))
    return _Parsed(list(ordered.columns), np.arange(1, total + 1, dtype=np.int64))


def _check_cell_length(parsed: _Parsed, where: Where) -> None:
    """Refuse a cell longer than a spreadsheet cell can be (it is not an export's cell)."""
    for index, cells in enumerate(parsed.columns):
        if not len(cells):
            continue
        if pa.types.is_dictionary(cells.type):
            # Each distinct cell once: only a column holding a long one is read row by row.
            per_block = [pc.binary_length(chunk.dictionary) for chunk in cells.chunks]
            if max(pc.max(each).as_py() or 0 for each in per_block) <= MAX_CELL_CHARS:
                continue
        column = _text(cells)
        lengths = pc.binary_length(column)
        if pc.max(lengths).as_py() <= MAX_CELL_CHARS:
            continue
        long = np.flatnonzero(_as_numpy_bool(pc.greater(lengths, MAX_CELL_CHARS)))
        chars = pc.utf8_length(pc.take(column, pa.array(long))).to_numpy(zero_copy_only=False)
        over = np.flatnonzero(chars > MAX_CELL_CHARS)
        if not len(over):
            continue  # long in bytes (accents), not in characters
        first, size = int(long[over[0]]), int(chars[over[0]])
        name = where.headers[index] if index < len(where.headers) else None
        raise MalformedRow(
            f"holds a cell of {size:,} characters; a spreadsheet cell holds at most "
            f"{MAX_CELL_CHARS:,}, so this is not a value an export writes",
            path=where.path,
            row=where.first_row + int(parsed.numbers[first]) - 1,
            column=name,
        )


def _blank_and_total(
    columns: list[pa.ChunkedArray], first: _Encoded
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """Blank rows (every cell empty) and total rows (first non-empty cell a total word).

    The first column is judged once per distinct value (it is encoded anyway: it is usually
    the client); the next ones only on the rows still undecided, which are few.
    """
    n = len(first.codes)
    empty_first = first.codes == _position(first.uniques, "")
    total = _total_words(first.uniques)[first.codes] & ~empty_first
    undecided = np.flatnonzero(empty_first).astype(np.intp)
    for column in columns[1:]:
        if not len(undecided):
            break
        part = column if len(undecided) == n else pc.take(column, pa.array(undecided))
        cleaned = clean(_text(part))
        empty = _as_numpy_bool(pc.equal(pc.utf8_length(cleaned), 0))
        filled = ~empty
        if filled.any():
            words = _total_words(pc.filter(cleaned, pa.array(filled)))
            total[undecided[filled][words]] = True
        undecided = undecided[empty]
    blank = np.zeros(n, dtype=bool)
    blank[undecided] = True
    return blank, total
