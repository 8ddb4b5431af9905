"""Numbers out of role columns: seats, unit prices, monthly conversion, exactly.

Each distinct cell is parsed once (see :mod:`recon.formats.cells`); a bad value in a row that is
otherwise a seat is a :class:`~recon.errors.BadCell` for required roles (quantity, and the
price on the PSA side) and a warning plus "no value" for optional ones. Money stays in integer
micro-units throughout; divisions round half to even.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from recon.errors import BadCell
from recon.formats.cells import (
    MONEY_EXPECTED,
    QTY_EXPECTED,
    money_to_micro,
    quantity_to_milli,
    uses_decimal_comma,
)
from recon.formats.rows import Rows
from recon.formats.table import Column
from recon.model import Role, Side


def decimal_comma(rows: Rows, delimiter: str) -> bool:
    """Decide once for the file whether its numbers use ``,`` as the decimal mark.

    Args:
        rows: the rows being converted (their quantity and money columns are looked at).
        delimiter: the file's field delimiter.

    Returns:
        True for decimal-comma files (``1.234,50``).
    """
    values: set[str] = set()
    for role in (Role.QUANTITY, Role.UNIT_PRICE, Role.AMOUNT, Role.LESS_INCLUDED):
        column = rows.column(role)
        if column is not None:
            values.update(column.uniques)
    return uses_decimal_comma(values, delimiter=delimiter)


def _parse_unique(
    column: Column, parse: Callable[[str], int | None]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """Parse each distinct value: (values, present, bad), all aligned with ``uniques``."""
    size = len(column.uniques)
    values = np.zeros(size, dtype=np.int64)
    present = np.zeros(size, dtype=bool)
    bad = np.zeros(size, dtype=bool)
    for i, raw in enumerate(column.uniques):
        try:
            parsed = parse(raw)
        except ValueError:
            bad[i] = True
            continue
        if parsed is not None:
            values[i], present[i] = parsed, True
    return values, present, bad


def _raise_bad(
    rows: Rows, role: Role, column: Column, bad_rows: npt.NDArray[np.bool_], expected: str
) -> None:
    where = np.flatnonzero(bad_rows)
    first = int(where[0])
    raise BadCell(
        f"{role.value.replace('_', ' ')} is not readable",
        path=rows.path,
        row=int(rows.table.rows[first]),
        column=rows.header(role),
        value=str(column.uniques[column.codes[first]]),
        expected=expected,
        more=len(where) - 1,
    )


def quantities(rows: Rows, comma: bool) -> npt.NDArray[np.int64]:
    """Seats per row in milli-seats, net of "less included" (never below 0).

    Rows with an empty quantity are skipped ("no quantity").

    Args:
        rows: the rows being converted.
        comma: the file's decimal mark is ``,``.

    Returns:
        Milli-seats per row (meaningful for kept rows).

    Raises:
        BadCell: an unreadable quantity in a row that is otherwise a seat.
    """
    column = rows.column(Role.QUANTITY)
    assert column is not None
    values, present, bad = _parse_unique(
        column, lambda v: quantity_to_milli(v, decimal_comma=comma)
    )
    rows.skip_mask(column.lookup(~present & ~bad), "no quantity")
    bad_rows = column.lookup(bad) & rows.kept
    if bad_rows.any():
        _raise_bad(rows, Role.QUANTITY, column, bad_rows, QTY_EXPECTED)
    qty = column.lookup(values).astype(np.int64)
    less = rows.column(Role.LESS_INCLUDED)
    if less is not None:
        l_values, _, l_bad = _parse_unique(
            less, lambda v: quantity_to_milli(v, decimal_comma=comma)
        )
        rows.warn_if_used(
            less, l_bad, f"unreadable values in {rows.header(Role.LESS_INCLUDED)!r} counted as 0"
        )
        qty = qty - less.lookup(l_values)
        over = (qty < 0) & rows.kept
        if over.any():
            rows.warn(
                f"{int(over.sum())} rows include more seats than their quantity; "
                "counted as 0 billed seats"
            )
            qty = np.maximum(qty, 0)
    return qty


def unit_prices(
    rows: Rows, qty: npt.NDArray[np.int64], comma: bool, *, months: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """Monthly unit price per row in micro-units, and whether it is known.

    The unit price column wins; where it is empty, an amount column gives amount / seats.
    Prices are divided by the months they cover; one-time charges (0 months) have no monthly
    price.

    Args:
        rows: the rows being converted.
        qty: milli-seats per row (for amounts).
        comma: the file's decimal mark is ``,``.
        months: months each row's price covers (the format's :attr:`FormatSpec.months`).

    Returns:
        ``(micro-units per row, known per row)``.

    Raises:
        BadCell: on the PSA side, an unreadable price in a row that is otherwise a seat (the
            vendor side gets a warning and no price instead).
    """
    rounded = 0
    required = rows.side is Side.PSA
    unit = np.zeros(rows.n, dtype=np.int64)
    known = np.zeros(rows.n, dtype=bool)
    pending_bad: list[tuple[Role, Column, npt.NDArray[np.bool_]]] = []
    for role in (Role.UNIT_PRICE, Role.AMOUNT):
        column = rows.column(role)
        if column is None:
            continue
        flags: list[bool] = []

        def money(raw: str, flags: list[bool] = flags) -> int | None:
            micro, was_rounded = money_to_micro(raw, decimal_comma=comma)
            flags.append(was_rounded)
            return micro

        values, present, bad = _parse_unique(column, money)
        rounded += sum(flags)
        per_row = column.lookup(values)
        if role is Role.AMOUNT:
            per_row, ok = _divide(per_row, qty)
            present_rows = column.lookup(present) & ok
        else:
            present_rows = column.lookup(present)
        fill = ~known & present_rows
        unit[fill], known[fill] = per_row[fill], True
        pending_bad.append((role, column, column.lookup(bad)))
    for role, column, bad in pending_bad:
        bad_rows = bad & ~known & rows.kept
        if not bad_rows.any():
            continue
        if required:
            _raise_bad(rows, role, column, bad_rows, MONEY_EXPECTED)
        rows.warn(
            f"{int(bad_rows.sum())} rows had an unreadable amount in {rows.header(role)!r}; "
            "they have no price"
        )
    if rounded:
        rows.warn(f"{rounded} prices had more than 6 decimals and were rounded to 6")
    one_time = (months == 0) & known & rows.kept
    if one_time.any():
        rows.warn(f"{int(one_time.sum())} rows are one-time charges; they have no monthly price")
    known &= months > 0
    unit = np.where(known, _div_half_even(unit, np.maximum(months, 1)), 0)
    return unit.astype(np.int64), known


def _divide(
    amount: npt.NDArray[np.int64], qty_milli: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """Unit price from an extended amount: amount / seats, half-even; unknown for 0 seats."""
    ok = qty_milli != 0
    safe = np.where(ok, qty_milli, 1)
    if np.abs(amount).max(initial=0) < 2**63 // 1000:
        return _div_half_even(amount * 1000, safe), ok
    exact = [(int(a) * 1000, int(q)) for a, q in zip(amount, safe, strict=True)]
    return np.array([_round_div(a, q) for a, q in exact], dtype=np.int64), ok


def _round_div(a: int, b: int) -> int:
    q, r = divmod(a, b)
    twice = 2 * r
    if twice > b or (twice == b and q % 2):
        q += 1
    return q


def _div_half_even(a: npt.NDArray[np.int64], b: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Integer division rounded half to even, element-wise (b > 0 or b < 0)."""
    sign = np.where(b < 0, -1, 1)
    a, b = a * sign, b * sign
    q, r = np.divmod(a, b)
    twice = 2 * r
    rounded: npt.NDArray[np.int64] = q + ((twice > b) | ((twice == b) & (q % 2 == 1)))
    return rounded.astype(np.int64)
