"""The commitment of every row (term, dates, auto-renew, currency) and its kind of charge.

A format declares where these are (roles, preferences, hooks); this module reads them the
same way for every format, once per distinct value:

- **term**: the :attr:`~recon.model.Role.TERM` column ("Annual", "1-Year", "P1Y"), else a
  format's own hook (Partner Center's ``TermAndBillingCycle``), else a billing-cycle column
  whose header says "term"; months, 0 when unknown;
- **dates**: term start (else the start-date column), term end (else an end-date column
  that is not a cancellation date; a *renewal* date is the day after the term's end), the
  source's own last day to cancel; day ordinals, 0 when unknown;
- **auto-renew**: 1, 0 or -1 (unknown); **currency**: an ISO 4217 code or "";
- **charge**: recurring, or one-time (a billing cycle of 0 months, a "one-time" charge type),
  trial (a trial term, status or charge type) or proration (a "prorate" charge type, or a
  format's own rule). Only recurring rows are compared seat for seat; the others are kept
  out of the comparison and listed with their money (:class:`~recon.model.NotRecurring`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from recon.codes import narrowest
from recon.commitments import term_months
from recon.formats.cells import flag_key, parse_date_column, parse_flag
from recon.formats.header import header_key
from recon.formats.rows import Rows
from recon.formats.table import Column
from recon.model import Charge, Col, Role

#: Integer codes of :class:`Charge` in the per-row arrays, recurring first.
CHARGE_CODES: tuple[Charge, ...] = (
    Charge.RECURRING,
    Charge.ONE_TIME,
    Charge.TRIAL,
    Charge.PRORATION,
)
RECURRING, ONE_TIME, TRIAL, PRORATION = range(4)
#: The skip reason each kept-out charge is counted under.
CHARGE_REASONS = {ONE_TIME: "one-time charge", TRIAL: "trial", PRORATION: "proration"}

#: A format's own rule: per row, a charge code (0 where it has nothing to say).
ChargeHook = Callable[[Rows], npt.NDArray[np.int8]]
#: A format's own term reading: per row, the term in months (0 unknown).
TermHook = Callable[[Rows], npt.NDArray[np.int64]]

_ONE_TIME_WORDS = frozenset(
    {"onetime", "oneoff", "onetimecharge", "onetimefee", "setup", "setupfee", "activation"}
)
_CURRENCY = re.compile(r"^[A-Z]{3}$")


def charge_of_type(value: str) -> int:
    """The charge a charge-type (or line-type) cell names: ``prorate`` -> proration."""
    key = flag_key(value)
    if "trial" in key:
        return TRIAL
    if key in _ONE_TIME_WORDS or key.startswith("onetime"):
        return ONE_TIME
    if key.startswith("prorat") or key in ("partialperiod", "partial"):
        return PRORATION
    return RECURRING


def _trial_in(rows: Rows, role: Role) -> npt.NDArray[np.bool_]:
    column = rows.column(role)
    if column is None:
        return np.zeros(rows.n, dtype=bool)
    return column.lookup(np.array(["trial" in flag_key(v) for v in column.uniques], dtype=bool))


def charges(
    rows: Rows, months: npt.NDArray[np.int64], hook: ChargeHook | None
) -> npt.NDArray[np.int8]:
    """Per row, its :data:`CHARGE_CODES` code.

    Args:
        rows: the rows being converted.
        months: months each row's price covers (0: a one-time charge).
        hook: the format's own rule, applied where the common ones say "recurring".
    """
    out = np.zeros(rows.n, dtype=np.int8)
    kind = rows.column(Role.CHARGE_TYPE)
    if kind is not None:
        out = kind.lookup(np.array([charge_of_type(v) for v in kind.uniques], dtype=np.int8))
    out[months == 0] = np.where(out[months == 0] == TRIAL, TRIAL, ONE_TIME)
    trial = _trial_in(rows, Role.STATUS) | _trial_in(rows, Role.TERM)
    trial |= _trial_in(rows, Role.BILLING_CYCLE)
    out[trial] = TRIAL
    if hook is not None:
        own = hook(rows)
        out = np.where(out == RECURRING, own, out).astype(np.int8)
    return out


def _days(rows: Rows, role: Role) -> npt.NDArray[np.integer]:
    """A date column's day ordinals per row (0 empty or unreadable, with a warning)."""
    column = rows.column(role)
    if column is None:
        return _unknown(rows, 0)
    parsed = parse_date_column(list(column.uniques))
    if parsed.bad:
        examples = ", ".join(repr(column.uniques[i]) for i in parsed.bad[:3])
        rows.warn_if_used(
            column,
            np.isin(np.arange(len(column.uniques)), parsed.bad),
            f"unreadable dates in {rows.header(role)!r} (e.g. {examples}) were treated as empty",
        )
    ordinals = np.array([d.toordinal() if d else 0 for d in parsed.values], dtype=np.int64)
    if "renew" in header_key(rows.header(role)):
        # A renewal date is the first day of the next term; the term ends the day before.
        ordinals = np.where(ordinals > 0, ordinals - 1, 0)
    return column.lookup(narrowest(ordinals)) if len(ordinals) else _unknown(rows, 0)


def _unknown(rows: Rows, value: int) -> npt.NDArray[np.integer]:
    """A commitment column the file does not have: ``value`` on every row, in two bytes."""
    return np.full(rows.n, value, dtype=np.int16)


def _term(rows: Rows, hook: TermHook | None) -> npt.NDArray[np.integer]:
    column = rows.column(Role.TERM)
    if column is None and hook is not None:
        return narrowest(hook(rows))
    if column is None:
        cycle = rows.column(Role.BILLING_CYCLE)
        if cycle is None or "term" not in header_key(rows.header(Role.BILLING_CYCLE)):
            return _unknown(rows, 0)
        column = cycle
    table = np.array([term_months(v) or 0 for v in column.uniques], dtype=np.int64)
    return column.lookup(narrowest(table)) if len(table) else _unknown(rows, 0)


def _auto_renew(rows: Rows) -> npt.NDArray[np.integer]:
    column = rows.column(Role.AUTO_RENEW)
    if column is None:
        return _unknown(rows, -1)
    table = []
    for value in column.uniques:
        try:
            flag = parse_flag(value)
        except ValueError:
            key = flag_key(value)
            flag = True if key in ("on", "enabled", "auto") else False if key == "off" else None
        table.append(-1 if flag is None else int(flag))
    return column.lookup(np.array(table, dtype=np.int16))


def currency(rows: Rows) -> Column:
    """Per row, the ISO 4217 code of its prices ("" when unknown), as codes into the distinct
    codes: a currency column is summed and compared by code, never hashed as text per row."""
    column = rows.column(Role.CURRENCY)
    if column is None:
        return Column(np.zeros(rows.n, dtype=np.intp), np.array([""], dtype=object))
    codes = [v.strip().upper() for v in column.uniques]
    table = [c if _CURRENCY.match(c) else "" for c in codes]
    odd = np.array([bool(c) and not _CURRENCY.match(c) for c in codes], dtype=bool)
    rows.warn_if_used(
        column, odd, f"currency in {rows.header(Role.CURRENCY)!r} is not a 3-letter code"
    )
    # " usd" and "USD" are one currency: each distinct code once.
    distinct: dict[str, int] = {}
    per_unique = np.array([distinct.setdefault(c, len(distinct)) for c in table], dtype=np.intp)
    return Column(per_unique[column.codes], np.array(list(distinct) or [""], dtype=object))


def commitment(
    rows: Rows, months: npt.NDArray[np.int64], term_hook: TermHook | None
) -> dict[str, npt.NDArray[np.integer]]:
    """Per row, every :attr:`Col.COMMITMENT` column but the currency (see :func:`currency`).

    Each column comes in the narrowest integer type that holds its values
    (:func:`recon.codes.narrowest`): a day ordinal fits in four bytes, a term or the
    auto-renew flag in two, where int64 took eight (at 60,000 clients, five row-long
    columns a side held through reading and grouping: 37 MiB of the line frames' 110).

    The billing frequency is not kept: it only makes prices monthly (see
    :mod:`recon.formats.values`).

    Args:
        rows: the rows being converted.
        months: months each row's price covers (unused; the term hooks may read it).
        term_hook: the format's own term reading, used when no column has the term role.
    """
    start = _days(rows, Role.TERM_START)
    if rows.column(Role.TERM_START) is None:
        start = _days(rows, Role.START_DATE)
    end = _days(rows, Role.TERM_END)
    ends = rows.column(Role.TERM_END) is None and rows.column(Role.END_DATE) is not None
    if ends and "cancel" not in header_key(rows.header(Role.END_DATE)):
        end = _days(rows, Role.END_DATE)
    return {
        Col.TERM: _term(rows, term_hook),
        Col.TERM_START: start,
        Col.TERM_END: end,
        Col.CANCEL_BY: _days(rows, Role.CANCEL_BY),
        Col.AUTO_RENEW: _auto_renew(rows),
    }
