"""One path from a file to seat lines: open it once (sniff, find the header), detect the
format, map the columns, read the rows, convert.

Usage::

    lines = read_export("pax8.csv", side=Side.VENDOR)                  # the CLI: a path
    lines = read_export(upload_bytes, name="psa.csv", side=Side.PSA)   # the bot: bytes
    detect_export("unknown.csv")                                       # what does it look like?

    opened = open_export("psa.csv")          # the header, read once ...
    opened.has_column("Seats")               # ... aims a --map at this file ...
    lines = read_opened(opened, side=Side.PSA)   # ... and is what the rows are read under
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from recon.clock import utc_now
from recon.errors import UsageError
from recon.formats.convert import convert
from recon.formats.detect import (
    GENERIC,
    GENERIC_LABEL,
    Detection,
    apply_maps,
    check_role_names,
    choose_format,
    generic_score,
    missing_columns,
)
from recon.formats.generic_vendor import SPEC as GENERIC_VENDOR
from recon.formats.header import HeaderRow, find_header, find_header_row, header_key
from recon.formats.registry import FORMATS, HEADER_KEYS, get_format
from recon.formats.sniff import DEFAULT_MAX_BYTES, TextFile, hex_digest, open_text
from recon.formats.spec import FormatSpec
from recon.formats.table import Table, read_table
from recon.model import LineSet, Role, Side

if TYPE_CHECKING:
    from concurrent.futures import Future

#: Where an export can come from: a path (the CLI) or the file's bytes (an upload).
ExportSource = str | os.PathLike[str] | bytes


@dataclass(frozen=True, slots=True)
class OpenedExport:
    """A file read, decoded and sniffed, with its header row found: everything but the rows.

    Attributes:
        text: the decoded file and its delimiter.
        header: the header row.
    """

    text: TextFile
    header: HeaderRow

    @property
    def path(self) -> str:
        """The name shown in messages."""
        return self.text.path

    @property
    def headers(self) -> tuple[str, ...]:
        """The file's column names."""
        return self.header.headers

    def has_column(self, column: str) -> bool:
        """True when ``--map ROLE=column`` would find its column here (same text or key)."""
        return find_header(self.header.headers, column) is not None


def open_export(
    source: ExportSource,
    *,
    name: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    column_names: Iterable[str] = (),
) -> OpenedExport:
    """Read and decode a file and find its header row, once.

    Args:
        source: a path, or the file's bytes.
        name: the file name to show in messages (default: the path, or ``upload``).
        max_bytes: size limit for the file and its unzipped content (default 200 MB).
        column_names: more header names that make a row a header row (the columns of
            ``--map`` entries and saved maps), besides every known role spelling.

    Returns:
        The opened export.

    Raises:
        InputError: the file can't be read (empty, binary, too large, no header row).
    """
    text = open_text(source, name=name, max_bytes=max_bytes)
    extra = {header_key(c) for c in column_names if c.strip()}
    return OpenedExport(text, find_header_row(text, known=HEADER_KEYS | extra))


def detect_opened(opened: OpenedExport) -> Detection:
    """Say what an opened file looks like, from its header row alone.

    Returns:
        The detection; ``side`` is None when the file is generic and could be either side.
    """
    headers = opened.headers
    spec, score = choose_format(FORMATS, headers, side=None, path=opened.path)
    if spec is None:
        assigned = GENERIC_VENDOR.assign(headers)
        return Detection(
            GENERIC,
            GENERIC_LABEL,
            None,
            generic_score(GENERIC_VENDOR, assigned),
            {r.value: headers[i] for r, i in assigned.items() if r is not Role.UNIT_PRICE},
            headers,
        )
    assigned = spec.assign(headers)
    return Detection(
        spec.name, spec.label, spec.side, score, {r.value: headers[i] for r, i in assigned.items()},
        headers,
    )  # fmt: skip


def detect_export(
    source: ExportSource, *, name: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Detection:
    """Say what a file looks like, from its header row alone.

    Args:
        source: a path, or the file's bytes.
        name: the file name to show in messages (default: the path, or ``upload``).
        max_bytes: size limit (default 200 MB).

    Returns:
        The detection; ``side`` is None when the file is generic and could be either side.

    Raises:
        InputError: the file can't be read (empty, binary, too large, no header row).
    """
    return detect_opened(open_export(source, name=name, max_bytes=max_bytes))


def read_opened(
    opened: OpenedExport,
    *,
    side: Side | None = None,
    format_name: str | None = None,
    column_map: Mapping[str, str] | None = None,
    saved_maps: Mapping[str, Mapping[str, str]] | None = None,
    as_of: dt.date | None = None,
) -> LineSet:
    """Read the rows of an opened export into canonical seat lines.

    Takes the same options as :func:`read_export`, whose docstring says what they do.
    """
    plan = plan_read(
        opened, side=side, format_name=format_name, column_map=column_map, saved_maps=saved_maps
    )
    return plan.convert(read_table(opened.text, opened.header), as_of=as_of)


@dataclass(frozen=True, slots=True)
class ReadPlan:
    """How an opened export's rows become lines: its format and columns, and what the lines
    record about the file. It holds none of the file's text, so a caller reading several
    files can let each file's bytes go as soon as its rows are parsed.

    Attributes:
        spec: the format.
        headers: the file's column names.
        assigned: role -> column index (after ``--map`` and saved maps).
        path: the name shown in messages.
        digest: digest of the file's bytes, or its hash under way (see
            :class:`recon.formats.sniff.TextFile`).
        delimiter: the file's delimiter.
        warnings: warnings from reading and mapping so far.
    """

    spec: FormatSpec
    headers: tuple[str, ...]
    assigned: Mapping[Role, int]
    path: str
    digest: str | Future[str]
    delimiter: str
    warnings: tuple[str, ...]

    def convert(self, table: Table, *, as_of: dt.date | None = None) -> LineSet:
        """The lines of the file's parsed rows (``as_of`` default: today, UTC)."""
        return convert(
            self.spec,
            table,
            self.headers,
            self.assigned,
            path=self.path,
            # Waited for last: the file's hash runs while its rows are converted.
            sha256=lambda: hex_digest(self.digest),
            delimiter=self.delimiter,
            as_of=as_of or utc_now().date(),
            warnings=self.warnings,
        )


def plan_read(
    opened: OpenedExport,
    *,
    side: Side | None = None,
    format_name: str | None = None,
    column_map: Mapping[str, str] | None = None,
    saved_maps: Mapping[str, Mapping[str, str]] | None = None,
) -> ReadPlan:
    """Choose the format and columns an opened export is read with (no rows are read).

    Takes the options of :func:`read_export`, whose docstring says what they do.

    Raises:
        UsageError: an unknown or wrong-side format, a bad ``--map``, or a file whose side
            can't be told.
        InputError: a column the format needs is missing.
    """
    if column_map:
        check_role_names(column_map)
    spec = get_format(format_name, side=side) if format_name else None
    headers = opened.headers
    if spec is None:
        spec, _ = choose_format(FORMATS, headers, side=side, path=opened.path)
    if spec is None:
        raise UsageError(
            f"{opened.path}: can't tell whether this is a vendor or a PSA export (its columns "
            "match no known format); say which side it is, or force a format such as "
            "generic_vendor or generic_psa"
        )
    assigned, notes = apply_maps(
        spec.assign(headers),
        headers,
        saved=(saved_maps or {}).get(spec.name),
        explicit=column_map,
        path=opened.path,
    )
    error = missing_columns(spec, assigned, headers, path=opened.path)
    if error is not None:
        raise error
    text = opened.text
    return ReadPlan(
        spec,
        headers,
        assigned,
        text.path,
        text.digest,
        text.delimiter,
        (*text.notes, *opened.header.notes, *notes),
    )


def map_columns(
    column_map: Mapping[str, str] | None, saved_maps: Mapping[str, Mapping[str, str]] | None
) -> list[str]:
    """The columns named by ``--map`` entries and saved maps (they help find the header)."""
    named = list((column_map or {}).values())
    for entries in (saved_maps or {}).values():
        named.extend(entries.values())
    return named


def read_export(
    source: ExportSource,
    *,
    side: Side | None = None,
    name: str | None = None,
    format_name: str | None = None,
    column_map: Mapping[str, str] | None = None,
    saved_maps: Mapping[str, Mapping[str, str]] | None = None,
    as_of: dt.date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> LineSet:
    """Read a vendor or PSA export into canonical seat lines.

    Args:
        source: a path (the CLI) or the file's bytes (the bot).
        side: which side the file is; restricts detection to that side's formats and catches
            swapped files. None: detect it (a generic file then needs ``side``).
        name: the file name to show in messages (default: the path, or ``upload``).
        format_name: force a format (``--vendor-format`` / ``--psa-format``).
        column_map: ``--map ROLE=COLUMN`` entries; they win over everything.
        saved_maps: format name -> role -> column, saved from earlier runs; the detected
            format's map is applied under ``column_map``.
        as_of: the day date rules are judged on (default: today, UTC).
        max_bytes: size limit for the file and its unzipped content (default 200 MB).

    Returns:
        The LineSet: every data row is either a line or counted in ``skipped``.

    Raises:
        UsageError: unknown forced format or one of the other side, a bad ``--map``, or a
            generic file with no ``side``.
        InputError: the file can't be used (see :mod:`recon.errors`), with a message that
            names the file, and the row and column where it applies.
    """
    if column_map:
        check_role_names(column_map)
    if format_name:
        get_format(format_name, side=side)  # refuse a bad name before reading anything
    opened = open_export(
        source, name=name, max_bytes=max_bytes, column_names=map_columns(column_map, saved_maps)
    )
    return read_opened(
        opened,
        side=side,
        format_name=format_name,
        column_map=column_map,
        saved_maps=saved_maps,
        as_of=as_of,
    )
