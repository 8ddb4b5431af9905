"""Pulled records to canonical lines, through the same row rules as an export file.

A connector flattens what an API returned into rows whose columns are named like an export
(the Pax8 ``Subscription`` fields, ConnectWise addition columns...). Those rows go through
:func:`recon.formats.convert.convert` with that export's :class:`~recon.formats.FormatSpec`, so a
cancelled subscription, a Do Not Bill addition or an annual price is treated exactly as in
a file, and every row is either a line or counted in ``skipped``.

The result is then made canonical: rows are numbered as in :func:`canonical_csv` (the file
``recon pull`` writes: header on row 1, first line on row 2) and ``sha256`` is the digest of
that CSV, so ``sha256sum pulled.csv`` matches what a run records.

Usage::

    lines = lines_from_records(rows, spec=PAX8_SUBSCRIPTIONS, columns=COLUMNS,
                               source="pax8", format_name="pax8_api",
                               label="Pax8 API", as_of=day)
    Path("pulled.csv").write_bytes(canonical_csv(lines))
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import io
from collections import Counter
from collections.abc import Mapping, Sequence
from decimal import Decimal

import numpy as np

from recon.codes import narrowest
from recon.errors import InputError, SourceError
from recon.formats.convert import convert
from recon.formats.header import HeaderRow
from recon.formats.sniff import TextFile
from recon.formats.spec import FormatSpec
from recon.formats.table import read_table
from recon.model import MONEY_SCALE, QTY_SCALE, Col, LineSet

#: Columns of the canonical CSV, in order: the seat line, then its commitment (a term in
#: months, ISO dates, true/false, an ISO currency code; empty when unknown).
CANONICAL_HEADERS = (
    "client",
    "client_id",
    "product",
    "sku",
    "quantity",
    "unit_price",
    "commitment_term",
    "term_start",
    "term_end",
    "cancel_by",
    "auto_renew",
    "currency",
)
_NO_ROWS = "the file has a header row but no data rows"


def lines_from_records(
    rows: Sequence[Mapping[str, str]],
    *,
    spec: FormatSpec,
    columns: Sequence[str],
    source: str,
    format_name: str,
    label: str,
    as_of: dt.date,
    skipped: Mapping[str, int] | None = None,
    warnings: Sequence[str] = (),
) -> LineSet:
    """Convert flattened API records with an export format's rules.

    Args:
        rows: one mapping per record, column -> cell text (missing columns are empty).
        spec: the format whose rules apply (its side is the lines' side).
        columns: the column names, in order; the spec must find its required roles there.
        source: the registry name (``pax8``); the lines' path is ``source:<name>``.
        format_name: the LineSet's format (``pax8_api``).
        label: its human name ("Pax8 API").
        as_of: the day date rules are judged on.
        skipped: records the connector left out itself, reason -> count.
        warnings: the connector's own warnings.

    Returns:
        The canonical LineSet.

    Raises:
        SourceError: a value the format can't read ("unexpected").
    """
    path = f"source:{source}"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    data = buffer.getvalue().encode("utf-8")
    text = TextFile(path, "", data, "utf-8", ",")
    header = HeaderRow(
        row=1, headers=tuple(columns), width=len(columns), offset=0, end=data.index(b"\n") + 1
    )
    try:
        table = read_table(text, header)
        converted = convert(
            spec,
            table,
            header.headers,
            spec.assign(header.headers),
            path=path,
            sha256="",
            delimiter=",",
            as_of=as_of,
        )
    except InputError as err:
        raise SourceError(
            f"{label} sent a value that can't be read: {err}", source=source, kind="unexpected"
        ) from None
    own = [w for w in converted.warnings if w != _NO_ROWS]
    if not rows:
        own.append(f"{label} returned nothing")
    counts = Counter(converted.skipped)
    counts.update(skipped or {})
    return finish(
        dataclasses.replace(
            converted,
            format_name=format_name,
            format_label=label,
            rows_read=converted.rows_read + sum((skipped or {}).values()),
            skipped=dict(counts),
            warnings=(*warnings, *own),
        )
    )


def finish(lines: LineSet) -> LineSet:
    """Number the rows as :func:`canonical_csv` writes them and set ``sha256`` from it.

    The seat lines are numbered as the CSV writes them (2, 3, ...); the ended subscriptions
    kept only as evidence, which the CSV leaves out, are numbered after its last row.
    """
    frame = lines.lines.copy()
    evidence = lines.evidence_mask
    numbers = np.empty(len(frame), dtype=np.int64)
    billable = int((~evidence).sum())
    numbers[~evidence] = np.arange(2, billable + 2, dtype=np.int64)
    numbers[evidence] = np.arange(billable + 2, len(frame) + 2, dtype=np.int64)
    # As narrow as reading the CSV back makes them (the line frames' row numbers are).
    frame[Col.ROW] = narrowest(numbers)
    numbered = dataclasses.replace(
        lines, lines=frame, evidence=frozenset(numbers[evidence].tolist())
    )
    digest = hashlib.sha256(canonical_csv(numbered)).hexdigest()
    return dataclasses.replace(numbered, sha256=digest)


def canonical_csv(lines: LineSet) -> bytes:
    """The lines as a plain CSV a person can check and ``read_export`` reads back.

    Columns are :data:`CANONICAL_HEADERS`; quantity and unit price are plain decimals (the
    unit price is monthly, per seat; empty when unknown), then the commitment. Reading it back with
    ``read_export(data, side=lines.side)`` gives the same lines. Ended subscriptions kept only
    as evidence (``lines.evidence``) are left out: the file shows the seat lines, as it did
    before they were kept.

    Args:
        lines: any LineSet.

    Returns:
        UTF-8 bytes, CRLF line ends.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CANONICAL_HEADERS)
    frame = lines.billable
    units = frame[Col.UNIT].astype(object).where(frame[Col.UNIT].notna(), None)
    n = len(frame)
    terms = [
        frame[c].tolist() if c in frame.columns else [Col.UNKNOWN[c]] * n for c in Col.COMMITMENT
    ]
    for client, client_id, product, sku, qty, unit, *commitment in zip(
        frame[Col.CLIENT],
        frame[Col.CLIENT_ID],
        frame[Col.PRODUCT],
        frame[Col.SKU],
        frame[Col.QTY],
        units,
        *terms,
        strict=True,
    ):
        writer.writerow(
            (
                client,
                client_id,
                product,
                sku,
                quantity_text(int(qty)),
                "" if unit is None else money_text(int(unit)),
                *_commitment_cells(*commitment),
            )
        )
    return buffer.getvalue().encode("utf-8")


def _commitment_cells(
    term: int, start: int, end: int, cancel_by: int, auto_renew: int, currency: str
) -> tuple[str, ...]:
    """A line's commitment as the canonical CSV writes it (read back by the synonyms)."""

    def day(ordinal: int) -> str:
        return dt.date.fromordinal(ordinal).isoformat() if ordinal > 0 else ""

    months = f"{term} month{'s' if term != 1 else ''}" if term > 0 else ""
    renews = {1: "true", 0: "false"}.get(int(auto_renew), "")
    return months, day(start), day(end), day(cancel_by), renews, currency


def quantity_text(milli: int) -> str:
    """Milli-seats as a plain decimal: ``12000`` -> ``"12"``, ``1500`` -> ``"1.5"``."""
    return format((Decimal(milli) / QTY_SCALE).normalize(), "f") if milli else "0"


def money_text(micro: int) -> str:
    """Micro-units as a plain decimal with at least 2 places: ``36000000`` -> ``"36.00"``."""
    value = Decimal(micro) / MONEY_SCALE
    if value == value.quantize(Decimal("0.01")):
        return format(value.quantize(Decimal("0.01")), "f")
    return format(value.normalize(), "f")
