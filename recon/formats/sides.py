"""Both sides of a reconciliation read the same way, each file opened once.

A plain ``--map ROLE=COLUMN`` (no ``vendor:`` / ``psa:`` prefix) goes to the file whose header
has that column. The header that decides it is the one the rows are then read under: each file
is sniffed and its header found exactly once.

Usage::

    reads = read_sides(
        [SideInput(Side.VENDOR, "pax8.csv"), SideInput(Side.PSA, "cw.csv")],
        shared_map={"quantity": "Seats"},
    )
    vendor, psa = (r.lines for r in reads)
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from recon.errors import UsageError
from recon.formats.detect import check_role_names
from recon.formats.memory import release_unused
from recon.formats.read import OpenedExport, map_columns, open_export, plan_read
from recon.formats.registry import get_format
from recon.formats.sniff import DEFAULT_MAX_BYTES
from recon.formats.table import read_table
from recon.model import LineSet, SideInput


@dataclass(frozen=True, slots=True)
class SideRead:
    """One side after reading.

    Attributes:
        input: the side's input, its ``column_map`` now holding every ``--map`` entry that
            applied to it (its own, and the plain ones its header matched).
        lines: what was read.
    """

    input: SideInput
    lines: LineSet


def read_sides(
    inputs: Sequence[SideInput],
    *,
    shared_map: Mapping[str, str] | None = None,
    saved_maps: Mapping[str, Mapping[str, str]] | None = None,
    as_of: dt.date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> tuple[SideRead, ...]:
    """Read each side's input, aiming plain ``--map`` entries at the file that has the column.

    Args:
        inputs: one per side; pulled sides carry their lines already.
        shared_map: ``--map ROLE=COLUMN`` entries with no side: each applies to every file
            whose header has that column (a side's own entry for the same role wins).
        saved_maps: format name -> role -> column, saved from earlier runs.
        as_of: the day date rules are judged on (default: today, UTC).
        max_bytes: size limit per file (default 200 MB).

    Returns:
        One :class:`SideRead` per input, in the same order.

    Raises:
        UsageError: a bad role or format, or a plain ``--map`` column no file has.
        InputError: a file can't be used.
    """
    shared = dict(shared_map or {})
    if shared:
        check_role_names(shared)
    for given in inputs:
        check_role_names(given.column_map)
        if given.format_name:
            get_format(given.format_name, side=given.side)  # a typo fails before any reading
    wanted = map_columns(shared, saved_maps)

    def open_input(index: int) -> OpenedExport:
        given = inputs[index]
        assert not isinstance(given.data, LineSet)
        return open_export(
            given.data,
            name=given.label,
            max_bytes=max_bytes,
            column_names=[*wanted, *given.column_map.values()],
        )

    opened: dict[int, OpenedExport] = {}
    if shared:
        # A plain --map is aimed by every file's header: all are opened before any is read.
        # Otherwise each file is opened when its turn comes, so one file's bytes (over 100 MB
        # for a distributor's month) are not held while another's rows are parsed.
        for index, given in enumerate(inputs):
            if not isinstance(given.data, LineSet):
                opened[index] = open_input(index)
    aimed = [dict(given.column_map) for given in inputs]
    for role, column in shared.items():
        takers = [i for i, o in opened.items() if not column.strip() or o.has_column(column)]
        if not takers:
            raise UsageError(_no_taker(role, column, list(opened.values())))
        for index in takers:
            aimed[index] = {role: column, **aimed[index]}
    reads: list[SideRead] = []
    for index, given in enumerate(inputs):
        final = dataclasses.replace(given, column_map=aimed[index])
        if isinstance(given.data, LineSet):
            reads.append(SideRead(final, given.data))
            continue
        if index not in opened:
            opened[index] = open_input(index)
        plan = plan_read(
            opened[index],
            side=given.side,
            format_name=given.format_name,
            column_map=aimed[index] or None,
            saved_maps=saved_maps,
        )
        table = read_table(opened[index].text, opened[index].header)
        # The file's bytes (over 100 MB for a distributor's month) are not needed once its
        # rows are parsed: let them go before the rows become lines, and before the next
        # file is read.
        del opened[index]
        # What parsing freed (the bytes, Arrow's parse blocks) goes back before converting,
        # which would otherwise reach its own peak on top of it.
        release_unused()
        reads.append(SideRead(final, plan.convert(table, as_of=as_of)))
        del table
        release_unused()
    return tuple(reads)


def _no_taker(role: str, column: str, files: Sequence[OpenedExport]) -> str:
    if not files:
        return (
            f"--map {role}={column!r}: no file to aim it at; a pulled source has no columns "
            "(for a watched folder, write vendor: or psa: before the role)"
        )
    columns = "; ".join(f"{o.path}: {', '.join(repr(h) for h in o.headers[:40])}" for o in files)
    if len(files) == 1:
        return f"--map {role}={column!r}: {files[0].path} has no column {column!r} ({columns})"
    names = " nor ".join(o.path for o in files)
    return f"--map {role}={column!r}: neither {names} has a column {column!r} ({columns})"
