"""Gaps as CSV, with cells a spreadsheet can't run as formulas."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

from recon.controls import neutralise
from recon.model import Gap
from recon.report._fields import _NEW, _OUT, GAP_FIELDS, TEXT_FIELDS, GapLabel, _values

#: Per reported field, in order: does the CSV neutralise it?
_TEXT_AT = tuple(out in TEXT_FIELDS for out, _ in _OUT)


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

    Args:
        gaps: the gaps, in list order.
        labels: gap key -> stored id and status; adds ``gap_id`` and ``status`` columns
            first (see :func:`render_table`).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(GAP_FIELDS if labels is None else ("gap_id", "status", *GAP_FIELDS))
    for rank, gap in enumerate(gaps, start=1):
        cells = [str(rank)]
        for text, value in zip(_TEXT_AT, _values(gap), strict=True):
            if value is None:
                cells.append("")
            else:
                cells.append(neutralise(str(value)) if text else str(value))
        if labels is not None:
            label = labels.get(gap.key, _NEW) if labels else _NEW
            cells = [_cell(label.id), label.status, *cells]
        writer.writerow(cells)
    return buffer.getvalue()


def _cell(value: Any) -> str:
    return "" if value is None else str(value)
