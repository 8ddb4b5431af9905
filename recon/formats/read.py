"""One path from a file to seat lines: open (sniff and find the header once), detect, map,
read the columns, convert.

Usage::

    lines = read_export("pax8.csv", side=Side.VENDOR)                  # the CLI: a path
    lines = read_export(upload_bytes, name="psa.csv", side=Side.PSA)   # the bot: bytes
    detect_export("unknown.csv")                                       # what does it look like?
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping

from recon.clock import utc_now
from recon.errors import MissingColumns, UsageError
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
from recon.formats.header import find_header_row, header_key
from recon.formats.registry import FORMATS, HEADER_KEYS, get_format
from recon.formats.sniff import DEFAULT_MAX_BYTES, open_text
from recon.formats.table import read_table
from recon.model import LineSet, Role, Side


def detect_export(
    source: str | os.PathLike[str] | bytes,
    *,
    name: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
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
    text = open_text(source, name=name, max_bytes=max_bytes)
    header = find_header_row(text, known=HEADER_KEYS)
    spec, score = choose_format(FORMATS, header.headers, side=None, path=text.path)
    if spec is None:
        probe = GENERIC_VENDOR
        assigned = probe.assign(header.headers)
        return Detection(
            GENERIC,
            GENERIC_LABEL,
            None,
            generic_score(probe, assigned),
            {r.value: header.headers[i] for r, i in assigned.items() if r is not Role.UNIT_PRICE},
            header.headers,
        )
    assigned = spec.assign(header.headers)
    return Detection(
        spec.name,
        spec.label,
        spec.side,
        score,
        {r.value: header.headers[i] for r, i in assigned.items()},
        header.headers,
    )


def read_export(
    source: str | os.PathLike[str] | bytes,
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
    forced = get_format(format_name, side=side) if format_name else None
    text = open_text(source, name=name, max_bytes=max_bytes)
    mapped = {header_key(c) for c in (column_map or {}).values() if c.strip()}
    for entries in (saved_maps or {}).values():
        mapped |= {header_key(c) for c in entries.values() if c.strip()}
    header = find_header_row(text, known=HEADER_KEYS | mapped)
    spec = forced
    if spec is None:
        spec, _ = choose_format(FORMATS, header.headers, side=side, path=text.path)
    if spec is None:
        raise UsageError(
            f"{text.path}: can't tell whether this is a vendor or a PSA export (its columns "
            "match no known format); say which side it is, or force a format such as "
            "generic_vendor or generic_psa"
        )
    assigned, notes = apply_maps(
        spec.assign(header.headers),
        header.headers,
        saved=(saved_maps or {}).get(spec.name),
        explicit=column_map,
        path=text.path,
    )
    error: MissingColumns | None = missing_columns(spec, assigned, header.headers, path=text.path)
    if error is not None:
        raise error
    table = read_table(text, header)
    return convert(
        spec,
        table,
        header.headers,
        assigned,
        path=text.path,
        sha256=text.sha256,
        delimiter=text.delimiter,
        as_of=as_of or utc_now().date(),
        warnings=(*text.notes, *header.notes, *notes),
    )
