"""Gaps as CSV, with cells a spreadsheet can't run as formulas."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import repeat
from operator import itemgetter
from typing import Any

from recon.controls import FORMULA_START, neutralise
from recon.model import FieldType, Gap
from recon.report._fields import (
    _JSON as _JSON_WRITERS,
)
from recon.report._fields import (
    _NEW,
    _OUT,
    GAP_FIELDS,
    KEY_AT,
    TEXT_FIELDS,
    GapLabel,
    read_columns,
)


def neutralise_csv(data: str, columns: Iterable[str]) -> str:
    """Neutralise the named text columns of a CSV (header row first); other cells as they are.

    Args:
        data: the CSV text.
        columns: the headers of the columns holding names (never numbers: ``-3`` seats must
            stay a number).
    """
    rows = list(csv.reader(io.StringIO(data)))
    if not rows:
        return data
    names = set(columns)
    text_at = [i for i, header in enumerate(rows[0]) if header in names]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n" if "\r\n" in data else "\n")
    writer.writerow(rows[0])
    for row in rows[1:]:
        writer.writerow([neutralise(c) if i in text_at else c for i, c in enumerate(row)])
    return buffer.getvalue()


def render_csv(gaps: Iterable[Gap], *, labels: Mapping[str, GapLabel] | None = None) -> str:
    """Every gap as one CSV row with :data:`GAP_FIELDS` columns, spreadsheet-safe.

    Written a column at a time: each field's cells are worked out once per distinct value
    (a 60,000-client month has 100,000 gaps but a few thousand amounts and names), quoted as
    :mod:`csv` quotes them, and the rows joined from the columns at once (see
    :func:`csv_rows`): the text ``csv.writer`` writes, without its step per cell.

    Args:
        gaps: the gaps, in list order.
        labels: gap key -> stored id and status; adds ``gap_id`` and ``status`` columns
            first (see :func:`render_table`).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=_LINE)
    writer.writerow(GAP_FIELDS if labels is None else ("gap_id", "status", *GAP_FIELDS))
    listed = list(gaps)
    if not listed:
        return buffer.getvalue()
    read = read_columns(listed)
    columns: list[list[str]] = [list(map(str, range(1, len(listed) + 1)))]
    for values, (write, text, zeros) in zip(read, _CELLS, strict=True):
        columns.append(_column(values, write, text, zeros))
    if labels is not None:
        found = list(map(labels.get, read[KEY_AT], repeat(_NEW))) if labels else None
        ids = [_cell(label.id) for label in found] if found else [_cell(_NEW.id)] * len(listed)
        statuses = [label.status for label in found] if found else [_NEW.status] * len(listed)
        columns = [ids, list(map(csv_cell, statuses)), *columns]
    return buffer.getvalue() + csv_rows(columns)


_LINE = "\r\n"
#: A cell's first character ("" for an empty cell).
_FIRST = itemgetter(slice(0, 1))
#: What makes :mod:`csv` (``QUOTE_MINIMAL``, the excel dialect) quote a cell: the delimiter,
#: the quote character, or a character of the line ending.
_QUOTED = re.compile('[,"\r\n]')
#: Rows joined per call: the list of pieces stays small while the join still does the work.
_ROWS_CHUNK = 2_000


def csv_cell(text: str) -> str:
    """One cell as ``csv.writer`` writes it in a row of several: quoted, with its quotes
    doubled, when it holds a comma, a quote or a line break; as it is otherwise."""
    if _QUOTED.search(text) is None:
        return text
    return '"' + text.replace('"', '""') + '"'


def csv_rows(columns: Sequence[Sequence[str]]) -> str:
    """The rows of cells already written by :func:`csv_cell`, a column each (at least two
    columns: a row of one empty cell is written otherwise), as ``csv.writer`` writes them."""
    count, step = len(columns[0]), 2 * len(columns)
    separators = [","] * (len(columns) - 1) + [_LINE]
    out: list[str] = []
    for at in range(0, count, _ROWS_CHUNK):
        size = min(_ROWS_CHUNK, count - at)
        pieces = [""] * (size * step)
        for i, (column, separator) in enumerate(zip(columns, separators, strict=True)):
            pieces[2 * i :: step] = column[at : at + size]
            pieces[2 * i + 1 :: step] = [separator] * size
        out.append("".join(pieces))
    return "".join(out)


#: Per reported field: how its value is written for JSON (and so here), whether the CSV
#: neutralises it, and whether equal values can still be written apart (money zero keeps its
#: sign, "-0.00"; a float zero too), so cells reading as zero are written one by one.
_WRITES = tuple((out, _JSON_WRITERS[f.type]) for out, f in _OUT)
_CELLS = tuple(
    (write, out in TEXT_FIELDS, f.type in (FieldType.MONEY, FieldType.SCORE))
    for (out, f), (_, write) in zip(_OUT, _WRITES, strict=True)
)


def _one(value: Any, write: Callable[[Any], Any], text: bool) -> str:
    """One cell exactly as a row written gap by gap has it, quoted for the CSV."""
    if value is None:
        return ""
    return csv_cell(neutralise(str(write(value))) if text else str(write(value)))


def _column(
    values: Sequence[Any], write: Callable[[Any], Any], text: bool, zeros: bool
) -> list[str]:
    """One field's cells, :func:`_one` called once per distinct value."""
    # Names and reasons: none starting as a formula (one C pass over first characters) and
    # none needing quotes (one search of the column) is the column as it is; a why is mostly
    # unique, so a call per distinct value cost a call per cell.
    if (
        text
        and set(map(type, values)) == {str}
        and set(map(_FIRST, values)).isdisjoint(FORMULA_START)
    ):
        if _QUOTED.search("\x00".join(values)) is None:
            return list(values)
        return list(map(csv_cell, values))
    try:
        table = {value: _one(value, write, text) for value in set(values)}
    except TypeError:  # an unhashable value (a signalling NaN): cell by cell
        return [_one(value, write, text) for value in values]
    out = list(map(table.__getitem__, values))
    if zeros:
        # 0 and -0 are one key but two texts: the cells of any zero are written again.
        for zero in {table[v] for v in table if v is not None and not v}:
            at = -1
            for _ in range(out.count(zero)):
                at = out.index(zero, at + 1)
                out[at] = _one(values[at], write, text)
    return out


def _cell(value: Any) -> str:
    return "" if value is None else str(value)
