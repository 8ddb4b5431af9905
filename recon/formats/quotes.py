"""Quotes, NUL bytes and record boundaries in the raw bytes, checked before any parsing.

A CSV parser is lenient about quotes: ``"Contoso" Ltd`` becomes ``Contoso Ltd``, ``12" Monitor``
keeps its quote, and a quote that opens a value and is never closed where it should be swallows
the records after it into one cell, silently joining rows. For a billing file that can invent
a client billing thousands a month, so quotes are held to the rule every spreadsheet writes:

- a value is either unquoted, with no quote in it, or wrapped in quotes with each quote inside
  doubled (``"12"" Monitor"``); Excel's text cells ``="00123"`` are allowed too;
- a quoted value ends where its closing quote is followed by a delimiter or a line break;
- a quoted value may hold line breaks (a multi-line cell is one spreadsheet row), but not whole
  lines of delimiters, which are records it swallowed.

The check is vectorised: quote positions come from a chunked NumPy scan, and every quote is
judged by its parity and the bytes beside it. Files without quotes pay one ``bytes.find``.
Whether a quoted value holds a line break is read from the quoted bytes alone (a name in
quotes is a few dozen bytes), not from every line break of the file. Row and column numbers
are worked out only on the way to an error.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from recon.errors import MalformedRow

_QUOTE = ord('"')
_CR, _LF, _EQUALS = ord("\r"), ord("\n"), ord("=")
# Scan in slices that stay in cache: a whole-file comparison allocates (and page-faults) a
# temporary as large as the file.
_CHUNK = 1 << 20


def positions(buffer: npt.NDArray[np.uint8], *values: int) -> npt.NDArray[np.int64]:
    """Sorted offsets in ``buffer`` of bytes equal to any of ``values``."""
    found: list[npt.NDArray[np.int64]] = []
    for start in range(0, len(buffer), _CHUNK):
        part = buffer[start : start + _CHUNK]
        hit = part == values[0]
        for value in values[1:]:
            hit |= part == value
        found.append(np.flatnonzero(hit) + start)
    return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)


@dataclass(frozen=True, slots=True)
class Layout:
    """What the raw check learnt about the rows under the header.

    Attributes:
        multiline: some quoted value holds a line break, so the parser must follow quotes
            across lines (slower; off when no value needs it).
    """

    multiline: bool


@dataclass(frozen=True, slots=True)
class Where:
    """How to name a place in the file: its first row's number, headers and delimiter."""

    path: str
    first_row: int
    headers: tuple[str, ...]
    delimiter: str


def check_records(data: bytes, start: int, where: Where) -> Layout:
    """Refuse NUL bytes and stray, unbalanced or swallowing quotes in ``data[start:]``.

    Args:
        data: the decoded file (UTF-8).
        start: offset of the first record under the header.
        where: how to name rows and columns in messages.

    Returns:
        What the parser needs to know.

    Raises:
        MalformedRow: naming the row (and column) of the first problem.
    """
    nul = data.find(b"\x00", start)
    if nul >= 0:
        raise _error(data, start, nul, where, "holds a NUL byte; the file is damaged or not text")
    if data.find(b'"', start) < 0:
        return Layout(multiline=False)
    buffer = np.frombuffer(data, dtype=np.uint8)
    quotes = positions(buffer[start:], _QUOTE) + start
    delimiter = ord(where.delimiter)

    def ends_value(values: npt.NDArray[np.uint8]) -> npt.NDArray[np.bool_]:
        result: npt.NDArray[np.bool_] = (values == delimiter) | (values == _LF) | (values == _CR)
        return result

    before = buffer[np.maximum(quotes - 1, 0)]
    at_start = (quotes == start) | ends_value(before)
    # Excel writes text cells as ="00123": the quote after a leading "=" opens the value.
    formula = (before == _EQUALS) & (
        (quotes - 1 == start) | ends_value(buffer[np.maximum(quotes - 2, 0)])
    )
    at_end = (quotes == len(buffer) - 1) | ends_value(
        buffer[np.minimum(quotes + 1, len(buffer) - 1)]
    )
    doubled_next = np.zeros(len(quotes), dtype=bool)
    doubled_next[:-1] = quotes[1:] == quotes[:-1] + 1
    doubled_prev = np.zeros(len(quotes), dtype=bool)
    doubled_prev[1:] = doubled_next[:-1]
    opening = np.arange(len(quotes)) % 2 == 0
    bad_open = opening & ~(at_start | formula | doubled_prev)
    bad_close = ~opening & ~(at_end | doubled_next)
    bad = np.flatnonzero(bad_open | bad_close)
    if len(bad):
        first = int(bad[0])
        if opening[first]:
            raise _error(data, start, int(quotes[first]), where, _STRAY)
        opened, closed = int(quotes[first - 1]), int(quotes[first])
        span = data[opened:closed]
        lines_down = span.count(b"\n") + span.count(b"\r") - span.count(b"\r\n")
        raise _error(data, start, opened, where, _after_close(lines_down))
    if len(quotes) % 2:
        raise _error(data, start, int(quotes[-1]), where, _UNCLOSED)
    return Layout(multiline=_check_multiline(data, buffer, quotes, start, where))


_STRAY = (
    'has a stray quote (") inside a value; a value with quotes in it must be wrapped in '
    'quotes, each inner quote doubled ("12"" Monitor")'
)
_UNCLOSED = 'starts a quoted field with " but never ends it; is a closing quote missing?'


def _after_close(lines_down: int) -> str:
    where = f", {lines_down} line{'s' if lines_down != 1 else ''} down," if lines_down else ""
    return (
        f"starts a quoted value whose closing quote{where} is followed by more text; "
        "is a quote stray or missing?"
    )


def _check_multiline(
    data: bytes,
    buffer: npt.NDArray[np.uint8],
    quotes: npt.NDArray[np.int64],
    start: int,
    where: Where,
) -> bool:
    """True when a quoted value holds a line break; refuse one that swallowed whole records."""
    opens, closes = quotes[0::2], quotes[1::2]
    spanning = _spans_with_breaks(data, buffer, opens, closes)
    if not len(spanning):
        return False
    need = max(len(where.headers) - 1, 1)
    for index in spanning:
        value = data[int(opens[index]) + 1 : int(closes[index])].decode("utf-8", "replace")
        inner = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")[1:-1]
        if any(line.count(where.delimiter) >= need for line in inner):
            lines = len(inner) + 2
            raise _error(
                data, start, int(opens[index]), where,
                f"starts a quoted value that runs over {lines} lines holding whole rows of "
                "cells; a quote is stray or a closing quote is missing",
            )  # fmt: skip
    return True


#: Quoted values up to this many bytes are looked at all at once; longer ones one by one.
_SHORT_SPAN = 64
#: More long quoted values than this and every line break of the file is found instead.
_LONG_SPANS = 4_096
#: Short spans gathered per step (the gathered bytes stay a few megabytes).
_SPANS_PER_STEP = 1 << 16


def _spans_with_breaks(
    data: bytes,
    buffer: npt.NDArray[np.uint8],
    opens: npt.NDArray[np.int64],
    closes: npt.NDArray[np.int64],
) -> npt.NDArray[np.intp]:
    """Indexes of the quoted spans holding a CR or LF (a line break between their quotes).

    Only the bytes between quotes are read: a file of a million lines quotes a few names with
    commas in them, and finding each of its two million line breaks cost more than the rest of
    the check.
    """
    inner = closes - opens - 1
    found = np.zeros(len(opens), dtype=bool)
    shorter = 0
    # In widths, so a span is read about as far as it is long, not as far as the longest.
    for width in (_SHORT_SPAN // 4, _SHORT_SPAN // 2, _SHORT_SPAN):
        spans = np.flatnonzero((inner > shorter) & (inner <= width))
        shorter = width
        steps = np.arange(1, width + 1, dtype=np.int64)
        for at in range(0, len(spans), _SPANS_PER_STEP):
            part = spans[at : at + _SPANS_PER_STEP]
            # Past its closing quote a short span reads that quote again: never a line break.
            where = np.minimum(opens[part, None] + steps, closes[part, None])
            cells = buffer[where]
            found[part] = ((cells == _CR) | (cells == _LF)).any(axis=1)
    long = np.flatnonzero(inner > _SHORT_SPAN)
    if len(long) > _LONG_SPANS:
        found[long] = _breaks_between(buffer, opens[long], closes[long])
    else:
        for index in long.tolist():
            begin, end = int(opens[index]) + 1, int(closes[index])
            found[index] = data.find(b"\n", begin, end) >= 0 or data.find(b"\r", begin, end) >= 0
    return np.flatnonzero(found)


def _breaks_between(
    buffer: npt.NDArray[np.uint8], opens: npt.NDArray[np.int64], closes: npt.NDArray[np.int64]
) -> npt.NDArray[np.bool_]:
    """Per quoted span, whether a CR or LF lies between its quotes, from every line break of
    the buffer (for files whose quoted values are long and many)."""
    if not len(opens):
        return np.zeros(0, dtype=bool)
    start = int(opens[0])
    breaks = positions(buffer[start:], _CR, _LF) + start
    result: npt.NDArray[np.bool_] = (
        np.searchsorted(breaks, closes) - np.searchsorted(breaks, opens)
    ) > 0
    return result


def _records_before(data: bytes, start: int, offset: int) -> tuple[int, int]:
    """(records that end before ``offset``, offset where the record holding it starts)."""
    buffer = np.frombuffer(data, dtype=np.uint8)[start:offset]
    quotes = positions(buffer, _QUOTE)
    breaks = positions(buffer, _CR, _LF)
    # A line break ends a record outside quotes; CR LF ends it once.
    outside = np.searchsorted(quotes, breaks) % 2 == 0
    lf_after_cr = np.zeros(len(breaks), dtype=bool)
    lf_after_cr[1:] = (buffer[breaks[1:]] == _LF) & (breaks[1:] == breaks[:-1] + 1)
    ends = breaks[outside & ~lf_after_cr]
    record_start = start + (int(ends[-1]) + 1 if len(ends) else 0)
    if record_start < offset and data[record_start - 1 : record_start + 1] == b"\r\n":
        record_start += 1
    return len(ends), record_start


def _column_at(data: bytes, record_start: int, offset: int, where: Where) -> str | None:
    """The header of the cell holding ``data[offset]``, counting delimiters outside quotes."""
    text = data[record_start:offset].decode("utf-8", "replace")
    cells = next(csv.reader(io.StringIO(text, newline=""), delimiter=where.delimiter), [""])
    index = len(cells) - 1 if text else 0
    return where.headers[index] if index < len(where.headers) else None


def _error(data: bytes, start: int, offset: int, where: Where, message: str) -> MalformedRow:
    records, record_start = _records_before(data, start, offset)
    column = _column_at(data, record_start, offset, where)
    return MalformedRow(message, path=where.path, row=where.first_row + records, column=column)
