"""Bytes in, a raw table out: size, compression, encoding, delimiter, header row, cells.

Exports come out of real systems and out of Excel, so this module accepts what they write:
UTF-8 with or without a BOM, UTF-16 ("Unicode text"), Windows-1252, gzip; comma, semicolon,
tab or pipe; CRLF, LF or CR; quoted fields with delimiters, doubled quotes and newlines; title
lines and blank lines above the header. It refuses, with a hint, what it can't read: workbooks,
PDFs and other binary files.

Reading happens in two steps, so that detection never pays for the whole file:

1. :func:`open_text` and :func:`find_header_row` look at the bytes and the first rows only.
2. :func:`read_body` parses every row with pandas' C parser into categorical columns
   (:class:`Column`): each distinct cell is stored once, so later steps parse each distinct
   value once instead of once per row.

Row numbers are spreadsheet rows: every record counts (blank ones and the lines above the header
too), and a quoted cell that spans lines is still one row, as Excel shows it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import os
import re
import zlib
from collections import Counter
from collections.abc import Container, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import numpy as np
import numpy.typing as npt
import pandas as pd

from recon.errors import EmptyFile, FileTooLarge, FormatNotRecognised, InputError, NotATextFile
from recon.headers import dedupe_headers, header_key

log = logging.getLogger(__name__)
_T = TypeVar("_T", bound=np.generic)

#: Files (and decompressed gzip content) above this many bytes are refused.
DEFAULT_MAX_BYTES = 200 * 1024 * 1024
#: How many rows from the top may come before the header row.
HEADER_SEARCH_ROWS = 30
#: A header row has at least this many cells that name a known role.
MIN_KNOWN_HEADERS = 2
DELIMITERS = (",", ";", "\t", "|")
_REGION_BYTES = 1024 * 1024
_TOTAL_WORDS = frozenset({"total", "totals", "grandtotal", "subtotal", "subtotals", "sum"})
_SAVE_AS_CSV = "save it as CSV (File > Save As > CSV UTF-8) and try again"


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n:,} bytes"


def load_bytes(
    source: str | os.PathLike[str] | bytes, *, name: str | None = None, max_bytes: int
) -> tuple[str, bytes]:
    """Read a file (or take uploaded bytes), refusing anything over the size limit.

    Args:
        source: a path, or the file's bytes (an upload).
        name: the name to show in messages (default: the path, or ``upload``).
        max_bytes: the size limit.

    Returns:
        ``(name, raw bytes)``.

    Raises:
        FileTooLarge: over ``max_bytes``.
        InputError: the path does not exist or is not a file.
    """
    if isinstance(source, bytes | bytearray | memoryview):
        label = name or "upload"
        data = bytes(source)
        if len(data) > max_bytes:
            raise _too_large(label, len(data), max_bytes)
        return label, data
    path = Path(source)
    label = name or str(source)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise InputError("is a folder, not a file", path=label)
        if size > max_bytes:
            raise _too_large(label, size, max_bytes)
        return label, path.read_bytes()
    except FileNotFoundError as err:
        raise InputError("no such file", path=label) from err
    except PermissionError as err:
        raise InputError("permission denied", path=label) from err


def _too_large(label: str, size: int, limit: int, what: str = "the file") -> FileTooLarge:
    return FileTooLarge(
        f"{what} is {_size(size)}, over the {_size(limit)} limit; "
        "export a shorter period or fewer columns",
        path=label,
        size=size,
        limit=limit,
    )


@dataclass(frozen=True, slots=True)
class TextFile:
    """A file decoded to UTF-8, with its delimiter.

    Attributes:
        path: the name shown in messages.
        sha256: hex digest of the bytes as given (before any decompression).
        body: the content as UTF-8 bytes without a BOM.
        encoding: what the bytes were (``utf-8``, ``utf-8-sig``, ``utf-16``, ``cp1252``...).
        delimiter: the field delimiter.
        notes: things worth telling the user (e.g. "read as Windows-1252").
    """

    path: str
    sha256: str
    body: bytes
    encoding: str
    delimiter: str
    notes: tuple[str, ...] = ()


def _gunzip(raw: bytes, label: str, max_bytes: int) -> bytes:
    """Decompress every gzip member, refusing content over the limit."""
    out: list[bytes] = []
    total = 0
    data = raw
    try:
        while data:
            engine = zlib.decompressobj(wbits=31)
            chunk = engine.decompress(data, max_bytes + 1 - total)
            total += len(chunk)
            out.append(chunk)
            if total > max_bytes or engine.unconsumed_tail:
                raise _too_large(label, total, max_bytes, "the unzipped content")
            data = engine.unused_data
            if not engine.eof:
                raise NotATextFile("the gzip file is cut short; download it again", path=label)
            data = data.lstrip(b"\x00")
    except zlib.error as err:
        raise NotATextFile("the gzip file is damaged; download it again", path=label) from err
    return b"".join(out)


def _refuse_binary(data: bytes, label: str, *, nul: bool) -> None:
    """Raise NotATextFile with a specific hint for known binary formats (and NULs if ``nul``)."""
    head = data[:4096]
    if head.startswith(b"PK\x03\x04"):
        if b"[Content_Types].xml" in head or b"xl/" in head:
            raise NotATextFile(f"this is an Excel workbook; {_SAVE_AS_CSV}", path=label)
        raise NotATextFile("this is a zip archive; unzip it and use the CSV inside", path=label)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise NotATextFile(f"this is an old Excel workbook (.xls); {_SAVE_AS_CSV}", path=label)
    if head.startswith(b"%PDF"):
        raise NotATextFile(
            "this is a PDF; export the report as CSV from the portal instead", path=label
        )
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        raise NotATextFile("this is an image, not an export; upload the CSV file", path=label)
    if nul and b"\x00" in data[:65536]:
        raise NotATextFile(
            "this is a binary file, not a CSV or text export; export the report as CSV",
            path=label,
        )


def _utf16_without_bom(head: bytes) -> str | None:
    sample = head[:2048]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _to_utf8(data: bytes, label: str) -> tuple[bytes, str, tuple[str, ...]]:
    """Decode the bytes and return them as UTF-8 without a BOM, the source encoding, notes."""
    _refuse_binary(data, label, nul=False)
    for bom, codec in (
        (b"\xff\xfe\x00\x00", "utf-32-le"),
        (b"\x00\x00\xfe\xff", "utf-32-be"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if data.startswith(bom):
            return _transcode(data[len(bom) :], codec, label), codec[:6], ()
    bomless = _utf16_without_bom(data)
    if bomless:
        return _transcode(data, bomless, label), "utf-16", ()
    _refuse_binary(data, label, nul=True)
    encoding = "utf-8"
    if data.startswith(b"\xef\xbb\xbf"):
        data, encoding = data[3:], "utf-8-sig"
    if data.isascii():
        return data, encoding, ()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
        note = "the file is not UTF-8; it was read as Windows-1252 (check accented names)"
        log.info("%s: %s", label, note)
        return text.encode("utf-8"), "cp1252", (note,)
    return data, encoding, ()


def _transcode(data: bytes, codec: str, label: str) -> bytes:
    try:
        return data.decode(codec).encode("utf-8")
    except UnicodeDecodeError as err:
        raise NotATextFile(
            f"the file is damaged ({codec} text that can't be read)", path=label
        ) from err


def _records(text: str) -> Iterator[tuple[int, str]]:
    """Split text into records (quote-aware), yielding (start offset, record text)."""
    start = 0
    quoted = False
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in "\r\n":
            yield start, text[start:i]
            if ch == "\r" and i + 1 < n and text[i + 1] == "\n":
                i += 1
            start = i + 1
        i += 1
    if start < n:
        yield start, text[start:]


def sniff_delimiter(text: str) -> str:
    """Pick the delimiter that splits the top rows most consistently.

    Counts each candidate outside quotes in up to :data:`HEADER_SEARCH_ROWS` non-blank rows;
    the winner is the one whose most common non-zero count occurs in the most rows (ties go to
    the higher count, so ``Contoso;10;12,50`` is semicolon-delimited).

    Args:
        text: the start of the file.

    Returns:
        One of :data:`DELIMITERS` (comma when nothing fits).
    """
    rows: list[str] = []
    for _, record in _records(text):
        if record.strip():
            rows.append(record)
        if len(rows) >= HEADER_SEARCH_ROWS:
            break
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        counts = [_count_outside_quotes(row, delimiter) for row in rows]
        nonzero = Counter(c for c in counts if c)
        if not nonzero:
            continue
        mode, _ = max(nonzero.items(), key=lambda item: (item[1], item[0]))
        score = (nonzero[mode], mode)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _count_outside_quotes(row: str, delimiter: str) -> int:
    if '"' not in row:
        return row.count(delimiter)
    return sum(part.count(delimiter) for part in row.split('"')[0::2])


def open_text(
    source: str | os.PathLike[str] | bytes,
    *,
    name: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> TextFile:
    """Read, decompress and decode a file, and find its delimiter.

    Args:
        source: a path or the file's bytes.
        name: the name to show in messages.
        max_bytes: size limit for the file and for its unzipped content (default 200 MB).

    Returns:
        The decoded file.

    Raises:
        FileTooLarge: over the limit.
        EmptyFile: no bytes, or only whitespace.
        NotATextFile: a workbook, PDF, image or other binary content.
        InputError: the path can't be read.
    """
    label, raw = load_bytes(source, name=name, max_bytes=max_bytes)
    sha256 = hashlib.sha256(raw).hexdigest()
    data = raw
    if data.startswith(b"\x1f\x8b"):
        data = _gunzip(data, label, max_bytes)
    if not data or data.isspace():
        raise EmptyFile("the file is empty", path=label)
    body, encoding, notes = _to_utf8(data, label)
    head = body[:_REGION_BYTES].decode("utf-8", errors="ignore")
    if not head.strip():
        raise EmptyFile("the file has nothing but blank lines", path=label)
    sep_line = re.match(r'^"?sep=(.)"?[^\S\r\n]*(?:\r\n|\r|\n)', head)
    if sep_line:  # Excel's "sep=;" hint line; Excel hides it, so it is not a row
        delimiter = sep_line[1]
        body = body[len(sep_line[0].encode("utf-8")) :]
    else:
        delimiter = sniff_delimiter(head)
    return TextFile(label, sha256, body, encoding, delimiter, notes)


@dataclass(frozen=True, slots=True)
class HeaderRow:
    """Where the header is and what it says.

    Attributes:
        row: its spreadsheet row number.
        headers: unique non-empty names, trailing empty header cells left out.
        width: how many cells the header row has (empty ones included).
        offset: byte offset of the header record in the body.
        notes: renamed duplicates.
    """

    row: int
    headers: tuple[str, ...]
    width: int
    offset: int
    notes: tuple[str, ...] = ()


def _csv_rows(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """Yield (offset where the record starts, cells) for each record of ``text``."""
    consumed = 0

    def lines() -> Iterator[str]:
        nonlocal consumed
        for line in io.StringIO(text, newline=""):
            consumed += len(line)
            yield line

    reader = csv.reader(lines(), delimiter=delimiter, strict=False)
    start = 0
    try:
        for cells in reader:
            yield start, cells
            start = consumed
    except csv.Error:
        return


def find_header_row(
    text: TextFile, *, known: Container[str], min_known: int = MIN_KNOWN_HEADERS
) -> HeaderRow:
    """Find the header row: the first of the top rows with enough cells naming known roles.

    Args:
        text: the decoded file.
        known: header keys (see :func:`recon.headers.header_key`) that name some role.
        min_known: how many known cells make a header row (default 2).

    Returns:
        The header row.

    Raises:
        FormatNotRecognised: no such row within the first :data:`HEADER_SEARCH_ROWS` rows.
    """
    head = text.body[:_REGION_BYTES].decode("utf-8", errors="ignore")
    first: list[str] | None = None
    for index, (offset, cells) in enumerate(_csv_rows(head, text.delimiter)):
        if index >= HEADER_SEARCH_ROWS:
            break
        stripped = [c.strip() for c in cells]
        if first is None and any(stripped):
            first = [c for c in stripped if c]
        if sum(1 for c in stripped if c and header_key(c) in known) >= min_known:
            while stripped and not stripped[-1]:
                stripped.pop()
            headers, notes = dedupe_headers(stripped)
            return HeaderRow(
                row=index + 1,
                headers=headers,
                width=len(cells),
                offset=len(head[:offset].encode("utf-8")),
                notes=notes,
            )
    seen = first or []
    raise FormatNotRecognised(
        f"no header row found in the first {HEADER_SEARCH_ROWS} rows (the first row reads: "
        f"{_quote_list(seen)}). The file needs a header row naming its columns, with at least "
        "a client (customer/company name), a product or SKU, and a quantity; "
        "export the report as CSV with column headers",
        path=text.path,
        headers=seen,
    )


def _quote_list(items: list[str] | tuple[str, ...], limit: int = 40) -> str:
    shown = ", ".join(f'"{item}"' for item in items[:limit])
    more = f", ... ({len(items) - limit} more)" if len(items) > limit else ""
    return (shown + more) or "(nothing)"


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
class Body:
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


def read_body(text: TextFile, header: HeaderRow) -> Body:
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
    return Body(header.row + data_rows[keep], tuple(columns), total)


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
