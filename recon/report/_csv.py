"""Gaps as CSV, with cells a spreadsheet can't run as formulas."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import repeat
from operator import attrgetter
from typing import Any

from recon.controls import neutralise
from recon.model import FieldType, Gap
from recon.report._fields import (
    _JSON as _JSON_WRITERS,
)
from recon.report._fields import (
    _NEW,
    _OUT,
    _READ,
    GAP_FIELDS,
    TEXT_FIELDS,
    GapLabel,
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
    (a 60,000-client month has 100,000 gaps but a few thousand amounts and names), then the
    rows are written in one call.

    Args:
        gaps: the gaps, in list order.
        labels: gap key -> stored id and status; adds ``gap_id`` and ``status`` columns
            first (see :func:`render_table`).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(GAP_FIELDS if labels is None else ("gap_id", "status", *GAP_FIELDS))
    listed = list(gaps)
    if not listed:
        return buffer.getvalue()
    columns: list[list[str]] = [list(map(str, range(1, len(listed) + 1)))]
    for values, (write, text, zeros) in zip(
        zip(*map(_READ, listed), strict=True), _CELLS, strict=True
    ):
        columns.append(_column(values, write, text, zeros))
    if labels is not None:
        found = list(map(labels.get, map(_KEY, listed), repeat(_NEW))) if labels else None
        ids = [_cell(label.id) for label in found] if found else [_cell(_NEW.id)] * len(listed)
        statuses = [label.status for label in found] if found else [_NEW.status] * len(listed)
        columns = [ids, statuses, *columns]
    writer.writerows(zip(*columns, strict=True))
    return buffer.getvalue()


#: Per reported field: how its value is written for JSON (and so here), whether the CSV
#: neutralises it, and whether equal values can still be written apart (money zero keeps its
#: sign, "-0.00"; a float zero too), so cells reading as zero are written one by one.
_WRITES = tuple((out, _JSON_WRITERS[f.type]) for out, f in _OUT)
_CELLS = tuple(
    (write, out in TEXT_FIELDS, f.type in (FieldType.MONEY, FieldType.SCORE))
    for (out, f), (_, write) in zip(_OUT, _WRITES, strict=True)
)
_KEY = attrgetter("key")


def _one(value: Any, write: Callable[[Any], Any], text: bool) -> str:
    """One cell exactly as a row written gap by gap has it."""
    if value is None:
        return ""
    return neutralise(str(write(value))) if text else str(write(value))


def _column(
    values: Sequence[Any], write: Callable[[Any], Any], text: bool, zeros: bool
) -> list[str]:
    """One field's cells, :func:`_one` called once per distinct value."""
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
