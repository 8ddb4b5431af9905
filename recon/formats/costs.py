"""The MSP's own unit cost on a PSA line, where the export carries one.

A ConnectWise agreement addition has a Cost beside its Price, an Autotask contract service a
Unit Cost: what the MSP pays for one seat of what it bills. It is never compared as money (the
vendor file says what the MSP pays); it is evidence of which product a line bills. An MSP that
bills a newer edition under an old item name changes the line's price and cost to the new
edition's, and a stale line keeps the old one's (:mod:`recon.engine.price_readings`).

A cost that is empty, unreadable, zero or negative is unknown: it says nothing, and never stops
a row from being read.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from recon.formats.cells import money_to_micro
from recon.formats.rows import Rows
from recon.formats.values import PLAIN_MONEY, _parse_unique


def unit_costs(
    rows: Rows, spellings: tuple[str, ...], comma: bool, months: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]] | None:
    """Monthly unit cost per row in micro-units, and whether it is known; None when no
    column has one of ``spellings`` (the format's own, in order of preference).

    Args:
        rows: the rows being converted.
        spellings: header spellings of the cost column.
        comma: the file's decimal mark is ``,``.
        months: months each row's money covers (a yearly line's cost is a year's).
    """
    column = next((c for c in map(rows.extra, spellings) if c is not None), None)
    if column is None:
        return None
    parsed = _parse_unique(
        column, lambda v: money_to_micro(v, decimal_comma=comma)[0], None if comma else PLAIN_MONEY
    )
    values = column.lookup(parsed.values).astype(np.int64)
    known = column.lookup(parsed.present & ~parsed.bad) & (values > 0) & (months > 0)
    span = np.maximum(months, 1)
    # Half up is exact enough: the cost is weighed against another within a tenth.
    monthly = np.where(known, (values + span // 2) // span, 0).astype(np.int64)
    return monthly, known
