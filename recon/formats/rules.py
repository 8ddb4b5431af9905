"""Row rules shared by the formats: status, billable flag, dates and billing periods.

Each rule looks at one column, decides once per distinct value, and marks rows to skip with a
reason a person understands ("cancelled", "not billable (Do Not Bill)", "ended before
2026-03-01"). Rules only ever skip; they never change a value.
"""

from __future__ import annotations

import re

import numpy as np

from recon.formats.cells import flag_key, parse_date_column
from recon.formats.header import header_key, header_words
from recon.formats.rows import Rows
from recon.model import Role

#: Status values that mean "this is a live seat" in any export.
ACTIVE_STATUSES = frozenset(
    {"active", "activated", "pendingcancel", "enabled", "current", "live", "yes", "y", "true"}
    | {"1", "x", "open", "inuse", "renewing", "autorenew"}
)
#: Status values of a trial: kept by the status rule, then set aside as trials.
TRIAL_STATUSES = frozenset({"trial", "intrial", "trialing", "freetrial", "trialperiod"})
#: Status values that mean "not a seat", with the reason to show.
INACTIVE_STATUSES = {
    "cancelled": "cancelled",
    "canceled": "cancelled",
    "cancel": "cancelled",
    "inactive": "inactive",
    "expired": "expired",
    "suspended": "suspended",
    "terminated": "terminated",
    "deleted": "deleted",
    "disabled": "disabled",
    "ended": "ended",
    "closed": "closed",
    "no": "inactive",
    "n": "inactive",
    "false": "inactive",
    "0": "inactive",
}


def humanise(value: str) -> str:
    """``"PendingManual"`` -> ``"pending manual"``, ``"Cancelled"`` -> ``"cancelled"``."""
    words = header_words(value)
    return " ".join(words) if words else value.strip().lower()


def status_rule(rows: Rows, active: frozenset[str] | None = None) -> None:
    """Skip rows whose status is not active.

    Args:
        rows: the rows being converted.
        active: folded status values (see :func:`recon.formats.cells.flag_key`) that are seats; any
            other non-empty status is skipped with the status as the reason. None (the
            default) is lenient: known inactive words are skipped, unknown ones are kept and
            reported in a warning.
    """
    column = rows.column(Role.STATUS)
    if column is None:
        return
    unknown: set[str] = set()

    def reason(value: str) -> str:
        key = flag_key(value)
        if not key or key in TRIAL_STATUSES:
            return ""  # a trial is set aside as a trial, not skipped (formats.commitment)
        if active is not None:
            return "" if key in active else INACTIVE_STATUSES.get(key, humanise(value))
        if key in ACTIVE_STATUSES:
            return ""
        if key in INACTIVE_STATUSES:
            return INACTIVE_STATUSES[key]
        unknown.add(value)
        return ""

    rows.skip(column, reason)
    if unknown:
        shown = ", ".join(repr(v) for v in sorted(unknown)[:5])
        rows.warn(
            f"status {shown} in {rows.header(Role.STATUS)!r} was not recognised; "
            "those rows were counted as active"
        )


def billable_rule(rows: Rows) -> None:
    """Skip rows flagged as not billed: Do Not Bill, No Charge, No, False, 0."""
    column = rows.column(Role.BILLABLE)
    if column is None:
        return
    unknown: set[str] = set()

    def reason(value: str) -> str:
        key = flag_key(value)
        if key in ("", "billable", "yes", "y", "true", "1", "x", "bill", "✓", "✔"):
            return ""
        if key in ("donotbill", "nocharge", "no", "n", "false", "0", "nonbillable"):
            label = {"donotbill": "Do Not Bill", "nocharge": "No Charge"}.get(key, value)
            return f"not billable ({label})"
        if key in ("notbillable",):
            return "not billable"
        unknown.add(value)
        return ""

    rows.skip(column, reason)
    if unknown:
        shown = ", ".join(repr(v) for v in sorted(unknown)[:5])
        rows.warn(f"billing flag {shown} was not recognised; those rows were counted as billed")


def date_rules(rows: Rows) -> None:
    """Skip rows that ended (or were cancelled) by ``as_of``, and rows that start after it.

    An end column whose header says "cancel" is a cancellation date: cancelled on or before
    ``as_of`` means no seat ("cancelled"). Any other end date is the last day of service:
    before ``as_of`` means "ended before <as_of>". A start date after ``as_of`` is "not yet
    effective". Unreadable dates count as empty, with a warning.
    """
    as_of = rows.as_of.toordinal()
    end = rows.column(Role.END_DATE)
    if end is not None:
        ordinals = date_ordinals(rows, Role.END_DATE)
        if "cancel" in header_key(rows.header(Role.END_DATE)):
            gone = (ordinals > 0) & (ordinals <= as_of)
            rows.skip_codes(end, np.where(gone, "cancelled", ""))
        else:
            gone = (ordinals > 0) & (ordinals < as_of)
            rows.skip_codes(end, np.where(gone, f"ended before {rows.as_of.isoformat()}", ""))
    start = rows.column(Role.START_DATE)
    if start is not None:
        ordinals = date_ordinals(rows, Role.START_DATE)
        rows.skip_codes(start, np.where(ordinals > as_of, "not yet effective", ""))


def date_ordinals(rows: Rows, role: Role) -> np.ndarray:
    """Per distinct value of a date column: its ordinal, or 0 when empty or unreadable."""
    column = rows.column(role)
    assert column is not None
    parsed = parse_date_column(list(column.uniques))
    if parsed.bad:
        examples = ", ".join(repr(column.uniques[i]) for i in parsed.bad[:3])
        rows.warn_if_used(
            column,
            np.isin(np.arange(len(column.uniques)), parsed.bad),
            f"unreadable dates in {rows.header(role)!r} (e.g. {examples}) were treated as empty",
        )
    return np.array([d.toordinal() if d else 0 for d in parsed.values], dtype=np.int64)


# --- billing periods --------------------------------------------------------------------------

_FREQUENCY_WORD = r"(?:monthly|annual|annually|yearly|quarterly)"
_EITHER = re.compile(rf"{_FREQUENCY_WORD}\s*(?:/|\bor\b)\s*{_FREQUENCY_WORD}")
_NUMBERED = re.compile(r"(\d+)\s*(years?|yrs?|months?|mos?)\b")
_WORDS_MONTHS = (
    (("onetime", "one time", "activation", "perpetual", "once", "setup"), 0),
    (("triennial", "three year", "threeyear", "p3y"), 36),
    (("biennial", "two year", "twoyear", "p2y"), 24),
    (("semiannual", "semi annual", "half year", "halfyear", "biannual", "p6m"), 6),
    (("annual", "annually", "yearly", "year", "one year", "oneyear", "p1y"), 12),
    (("quarterly", "quarter", "p3m"), 3),
    (("monthly", "month", "p1m", "arrears", "trial", "per month", "rebate"), 1),
)


def period_months(text: str) -> int | None:
    """How many months one price of a billing cycle covers.

    When the text names both a term and a billing frequency ("1 Year, Monthly", "Annual
    commitment, monthly billing", "3 Years - billed annually"), the billing frequency decides:
    a monthly-billed annual commitment is already priced per month.

    Args:
        text: a billing cycle / term / period type, e.g. ``Monthly``, ``Annual``,
            ``3 Year``, ``Semi-Annual``, ``P1Y``, ``One-Time``, ``1 Year, Monthly``.

    Returns:
        Months (1, 3, 6, 12, 24, 36...), 0 for a one-time charge (no monthly price), or None
        when the text says nothing recognisable.
    """
    t = " ".join(re.findall(r"[a-z0-9]+", text.lower()))
    if not t:
        return None
    if _EITHER.search(text.lower()):
        return None  # "monthly/yearly billing" describes an offer, not this line
    billing = re.search(r"(\w+)\s+(?:billing|billed|payment)\b", t) or re.search(
        r"\b(?:billed|billing|paid|pay)\s+(\w+)", t
    )
    if billing and billing[1] not in ("for", "and", "the", "of", "cycle", "frequency"):
        found = _period(billing[1])
        if found is not None:
            return found
    parts = [p for p in re.split(r"[,;/|]| - | – ", text) if p.strip()]
    if len(parts) > 1:
        found = period_months(parts[-1])
        if found is not None:
            return found
    return _period(t)


def _period(t: str) -> int | None:
    if m := _NUMBERED.search(t):
        n = int(m[1])
        return n * 12 if m[2].startswith("y") else n
    tokens = t.split()
    squashed = "".join(tokens)
    for words, months in _WORDS_MONTHS:
        for word in words:
            if (" " in word and word in t) or word in tokens or word == squashed:
                return months
    return None


def months_from_cycle(rows: Rows) -> np.ndarray:
    """Months each row's price covers, from its billing-cycle column (monthly when absent).

    Unrecognised cycles count as monthly, with a warning.
    """
    column = rows.column(Role.BILLING_CYCLE)
    if column is None:
        return np.ones(rows.n, dtype=np.int64)
    return rows.months_by_value(column, period_months, rows.header(Role.BILLING_CYCLE))
