"""Numbers out of role columns: seats, unit prices, monthly conversion, exactly.

Each distinct cell is parsed once (see :mod:`recon.formats.cells`); a bad value in a row that is
otherwise a seat is a :class:`~recon.errors.BadCell` for required roles (quantity, and the
price on the PSA side) and a warning plus "no value" for optional ones. Money stays in integer
micro-units throughout; divisions round half to even.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from recon.errors import BadCell
from recon.formats.cells import (
    MONEY_EXPECTED,
    QTY_EXPECTED,
    SEATS_EXPECTED,
    Implausible,
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


@dataclass(frozen=True, slots=True)
class _Parsed:
    """A column's distinct values parsed, aligned with its ``uniques``."""

    values: npt.NDArray[np.int64]
    present: npt.NDArray[np.bool_]  # a number (not an empty cell)
    bad: npt.NDArray[np.bool_]  # unreadable, or implausible
    implausible: npt.NDArray[np.bool_]  # readable, but can't be what the column means


@dataclass(frozen=True, slots=True)
class Plain:
    """How a number is written plainly: an optional minus, up to ``digits`` digits, and up to
    ``decimals`` decimals after a dot ("12", "-3.5", "19.99"). Such cells are read in one
    vectorised pass, as integers of ``10 ** decimals`` per unit; anything else (thousands
    separators, currency signs, parentheses, more decimals) goes through the exact parser.

    Exact: with at most 15 significant digits a decimal string reads to the nearest float64
    and, scaled, lies within 0.5 of the integer it names, so rounding recovers it.
    """

    digits: int
    decimals: int

    def read(
        self, uniques: npt.NDArray[np.object_]
    ) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.int64]]:
        """Which values are plain, and each plain one scaled (0 elsewhere)."""
        scaled = np.zeros(len(uniques), dtype=np.int64)
        if not len(uniques):
            return np.zeros(0, dtype=bool), scaled
        text = pa.array(uniques, type=pa.string())
        pattern = rf"^-?[0-9]{{1,{self.digits}}}(\.[0-9]{{1,{self.decimals}}})?$"
        plain = pc.match_substring_regex(text, pattern).to_numpy(zero_copy_only=False)
        if plain.any():
            numbers = pc.cast(pc.filter(text, pa.array(plain)), pa.float64()).to_numpy()
            scaled[plain] = np.rint(numbers * 10**self.decimals).astype(np.int64)
        return plain, scaled


#: Seats in milli-seats, below :data:`~recon.formats.cells.MAX_SEATS` (so never implausible).
PLAIN_SEATS = Plain(digits=7, decimals=3)
#: Money in micro-units.
PLAIN_MONEY = Plain(digits=9, decimals=6)


def _parse_unique(
    column: Column, parse: Callable[[str], int | None], plain: Plain | None = None
) -> _Parsed:
    """Parse each distinct value once; ``plain``: how plainly written values read at once
    (None: a decimal-comma file, every value goes through ``parse``)."""
    size = len(column.uniques)
    values = np.zeros(size, dtype=np.int64)
    present = np.zeros(size, dtype=bool)
    bad = np.zeros(size, dtype=bool)
    implausible = np.zeros(size, dtype=bool)
    todo: Iterable[int] = range(size)
    if plain is not None:
        done, values = plain.read(column.uniques)
        present |= done
        todo = np.flatnonzero(~done).tolist()
    for i in todo:
        raw = column.uniques[i]
        try:
            parsed = parse(raw)
        except Implausible:
            bad[i] = implausible[i] = True
            continue
        except ValueError:
            bad[i] = True
            continue
        if parsed is not None:
            values[i], present[i] = parsed, True
    return _Parsed(values, present, bad, implausible)


def _shown(value: str, limit: int = 60) -> str:
    """A cell as quoted in a message: a 30,000-character cell is not printed whole."""
    return value if len(value) <= limit else f"{value[:limit]}... ({len(value):,} characters)"


def _raise_bad(
    rows: Rows,
    role: Role,
    column: Column,
    bad_rows: npt.NDArray[np.bool_],
    expected: str,
    *,
    implausible: npt.NDArray[np.bool_] | None = None,
) -> None:
    where = np.flatnonzero(bad_rows)
    first = int(where[0])
    odd = implausible is not None and bool(implausible[first])
    raise BadCell(
        f"{role.value.replace('_', ' ')} is {'not plausible' if odd else 'not readable'}",
        path=rows.path,
        row=int(rows.table.rows[first]),
        column=rows.header(role),
        value=_shown(str(column.uniques[column.codes[first]])),
        expected=SEATS_EXPECTED if odd else expected,
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
    seats = None if comma else PLAIN_SEATS
    parsed = _parse_unique(column, lambda v: quantity_to_milli(v, decimal_comma=comma), seats)
    rows.skip_mask(column.lookup(~parsed.present & ~parsed.bad), "no quantity")
    bad_rows = column.lookup(parsed.bad) & rows.kept
    if bad_rows.any():
        implausible = column.lookup(parsed.implausible)
        _raise_bad(rows, Role.QUANTITY, column, bad_rows, QTY_EXPECTED, implausible=implausible)
    qty = column.lookup(parsed.values).astype(np.int64)
    less = rows.column(Role.LESS_INCLUDED)
    if less is not None:
        included = _parse_unique(less, lambda v: quantity_to_milli(v, decimal_comma=comma), seats)
        rows.warn_if_used(
            less,
            included.bad,
            f"unreadable values in {rows.header(Role.LESS_INCLUDED)!r} counted as 0",
        )
        qty = qty - less.lookup(included.values)
        over = (qty < 0) & rows.kept
        if over.any():
            rows.warn(
                f"{int(over.sum())} rows include more seats than their quantity; "
                "counted as 0 billed seats"
            )
            qty = np.maximum(qty, 0)
    return qty


def unit_prices(
    rows: Rows,
    qty: npt.NDArray[np.int64],
    comma: bool,
    *,
    months: npt.NDArray[np.int64],
    credits: bool = False,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """Monthly unit price per row in micro-units, and whether it is known.

    :func:`charged_prices` made monthly by :func:`monthly_prices`.

    Args:
        rows: the rows being converted.
        qty: milli-seats per row (for amounts).
        comma: the file's decimal mark is ``,``.
        months: months each row's price covers (the format's :attr:`FormatSpec.months`).
        credits: negative prices are real lines (default False: such a row is a credit, not
            seats, and is skipped as "negative unit price").

    Returns:
        ``(micro-units per row, known per row)``.

    Raises:
        BadCell: on the PSA side, an unreadable price in a row that is otherwise a seat (the
            vendor side gets a warning and no price instead).
    """
    unit, known = charged_prices(rows, qty, comma, credits=credits)
    return monthly_prices(rows, unit, known, months=months)


def charged_prices(
    rows: Rows,
    qty: npt.NDArray[np.int64],
    comma: bool,
    *,
    credits: bool = False,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """Unit price per row as charged (for the period the row covers), in micro-units.

    The unit price column wins; where it is empty, an amount column gives amount / seats.

    Args:
        rows: the rows being converted.
        qty: milli-seats per row (for amounts).
        comma: the file's decimal mark is ``,``.
        credits: negative prices are real lines (default False: skipped as credits).

    Returns:
        ``(micro-units per row, known per row)``.

    Raises:
        BadCell: on the PSA side, an unreadable price in a row that is otherwise a seat.
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

        parsed = _parse_unique(column, money, None if comma else PLAIN_MONEY)
        values, present, bad = parsed.values, parsed.present, parsed.bad
        rounded += sum(flags)
        if role is Role.AMOUNT:
            # Only the rows no unit price priced are divided: one integer division per row
            # of a large file costs more than the rest of its prices.
            where = np.flatnonzero(~known & column.lookup(present))
            divided, ok = _divide(values[column.codes[where]], qty[where])
            priced = where[ok]
            unit[priced], known[priced] = divided[ok], True
        else:
            fill = ~known & column.lookup(present)
            unit[fill], known[fill] = column.lookup(values)[fill], True
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
    if not credits:
        rows.skip_mask(known & (unit < 0), NEGATIVE_PRICE)
    return unit, known


def monthly_prices(
    rows: Rows,
    unit: npt.NDArray[np.int64],
    known: npt.NDArray[np.bool_],
    *,
    months: npt.NDArray[np.int64],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """Prices as charged, divided by the months they cover (half to even).

    One-time charges (0 months) have no monthly price; a kept one gets a warning (readers
    normally set them aside first, see :mod:`recon.formats.commitment`).
    """
    one_time = (months == 0) & known & rows.kept
    if one_time.any():
        rows.warn(f"{int(one_time.sum())} rows are one-time charges; they have no monthly price")
    known = known & (months > 0)
    if (months == 1).all():  # the usual file: prices are monthly already
        return np.where(known, unit, 0).astype(np.int64), known
    monthly = np.where(known, unit, 0).astype(np.int64)
    # Only prices covering several months are divided (a division per row is the cost).
    several = np.flatnonzero(known & (months > 1))
    monthly[several] = _div_half_even(unit[several], months[several])
    return monthly, known


#: The skip reason for a row priced below zero in a format that has no credit lines.
NEGATIVE_PRICE = "negative unit price (a credit, not seats)"


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
