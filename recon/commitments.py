"""Commitments: how long a vendor line binds the MSP, and until when its seats can be reduced.

Most of what an MSP buys is on a commitment term: seats can be reduced only within a short
window after purchase or renewal (168 hours for Microsoft new commerce), otherwise only when
the term ends. The rules per vendor live in one small table, ``recon/catalog/terms.csv``,
with the public source of each rule beside it; this module reads it and works out, per
subscription (:mod:`recon.engine.deadlines` applies it to a run's lines):

- the **term end**: the last day of the term running on ``as_of`` (the export's term end,
  rolled forward by whole terms while the subscription auto-renews; else counted from its
  start);
- the **window end**: the last whole day of the cancellation window of that term (the
  source's own "cancellation allowed until" date wins when it gives one);
- the **reduce-until** date: the window's end while it is open, else the term's end (a
  reduction then takes effect at renewal).

Dates are day ordinals (:meth:`datetime.date.toordinal`); 0 is unknown.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import functools
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources

from recon.errors import UsageError

#: Which vendor policy a format's lines follow (anything else follows ``default``).
FORMAT_POLICY: Mapping[str, str] = {
    "microsoft_nce": "microsoft",
    "partner_center_api": "microsoft",
    "microsoft_legacy": "microsoft_legacy",
    "pax8_invoice": "pax8",
    "pax8_subscriptions": "pax8",
    "pax8_api": "pax8",
}
DEFAULT_POLICY = "default"
#: Window value meaning "seats may be reduced at any time during the term".
ANY_TIME = -1

_TERM_WORDS = {1: "monthly", 12: "annual", 24: "two-year", 36: "three-year"}


@dataclass(frozen=True, slots=True)
class TermRules:
    """The cancellation window of each vendor policy and term.

    Attributes:
        windows: (policy, term months or None for every term) -> window hours, or
            :data:`ANY_TIME`.
    """

    windows: Mapping[tuple[str, int | None], int]

    def window_hours(self, policy: str, term_months: int) -> int:
        """Hours after purchase or renewal in which seats may be reduced (0: no window).

        Args:
            policy: the lines' policy (see :data:`FORMAT_POLICY`).
            term_months: the commitment term (0 when unknown).

        Returns:
            Hours, or :data:`ANY_TIME` when seats may be reduced at any time.
        """
        for key in ((policy, term_months), (policy, None), (DEFAULT_POLICY, None)):
            if key in self.windows:
                return self.windows[key]
        return 0


def parse_rules(text: str, *, source: str = "terms.csv") -> TermRules:
    """Read a terms table (see ``recon/catalog/terms.csv`` for its columns).

    Raises:
        UsageError: a row that is not ``policy,term,window_hours``.
    """
    windows: dict[tuple[str, int | None], int] = {}
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    for number, row in enumerate(csv.reader(io.StringIO("\n".join(lines[1:]))), start=2):
        if len(row) != 3:
            raise UsageError(f"{source} row {number}: expected policy,term,window_hours: {row}")
        policy, term, hours = (cell.strip() for cell in row)
        try:
            months = None if term == "*" else int(term)
            window = ANY_TIME if hours == "term" else int(hours)
        except ValueError:
            raise UsageError(f"{source} row {number}: term and window_hours: {row}") from None
        windows[(policy, months)] = window
    return TermRules(windows)


@functools.cache
def load_rules() -> TermRules:
    """The bundled rules table."""
    text = resources.files("recon.catalog").joinpath("terms.csv").read_text(encoding="utf-8")
    return parse_rules(text)


def policy_for(format_name: str) -> str:
    """The vendor policy a format's lines follow."""
    return FORMAT_POLICY.get(format_name, DEFAULT_POLICY)


def term_label(months: int) -> str | None:
    """``12`` -> ``"annual"``; 0 (unknown) -> None."""
    if months <= 0:
        return None
    return _TERM_WORDS.get(months, f"{months}-month")


# --- terms in text ----------------------------------------------------------------------------

_NUMBERED = re.compile(r"\b(\d+)\s*-?\s*(years?|yrs?|months?|mos?)\b")
_ISO = re.compile(r"\bp(\d+)([ym])\b")
_WORDED = (
    (re.compile(r"\b(?:three|3)[\s-]*years?\b|\btriennial\b"), 36),
    (re.compile(r"\b(?:two|2)[\s-]*years?\b|\bbiennial\b"), 24),
    (re.compile(r"\b(?:one|1)[\s-]*years?\b|\bannual(?:ly)?\b|\byearly\b|\byear\b"), 12),
    (re.compile(r"\bmonth[\s-]*to[\s-]*month\b|\bm2m\b|\bmonthly\b|\bmonth\b"), 1),
)
# Price units, not terms: "$4 per user per month", "/mo".
_PRICE_UNIT = re.compile(r"\b(?:per|a|each)\s+(?:user\s+)?(?:month|year)\b|/\s*(?:mo|month|yr)\b")


def term_months(text: str) -> int | None:
    """The commitment term a text names, in months.

    When the text names a term and a billing frequency ("1 Year, Monthly", "Annual
    commitment / monthly billing"), the term is the first part. Prices per month ("per user
    per month") are not terms.

    Args:
        text: ``Annual``, ``1 Year``, ``1-Year``, ``3 Years, Monthly``, ``P1Y``, ``Monthly``.

    Returns:
        Months (1, 12, 24, 36...), or None when the text names no term.
    """
    lowered = _PRICE_UNIT.sub(" ", text.lower())
    for part in re.split(r"[,;/|]", lowered):
        if re.search(r"\b(?:billing|billed|payment|paid)\b", part) and "commit" not in part:
            continue
        found = _months_in(part)
        if found is not None:
            return found
    return None


def _months_in(part: str) -> int | None:
    if m := _ISO.search(part):
        return int(m[1]) * (12 if m[2] == "y" else 1)
    if m := _NUMBERED.search(part):
        n = int(m[1])
        return n * 12 if m[2].startswith("y") else n
    for pattern, months in _WORDED:
        if pattern.search(part):
            return months
    return None


def term_hint(product_name: str) -> int:
    """The term a PSA product's name says it bills ("M365 BP - Annual" -> 12), else 0.

    Only an explicit term word counts: "Monthly", "(Annual)", "1-Year", "NCE 3 Year";
    "per user per month" is a price unit.
    """
    return term_months(product_name) or 0


# --- one subscription -----------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (or earlier), clamped to the month's last day."""
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    last_day = calendar.monthrange(year, month0 + 1)[1]
    return dt.date(year, month0 + 1, min(day.day, last_day))


def deadline(
    term: int,
    start: int,
    end: int,
    cancel_by: int,
    auto_renew: int,
    *,
    as_of: dt.date,
    window_hours: int,
) -> tuple[int, int, bool]:
    """One subscription's deadlines on ``as_of``.

    Args:
        term: commitment term in months (0 unknown).
        start: day ordinal the subscription started (0 unknown).
        end: day ordinal its term ends, as the source says (0 unknown).
        cancel_by: the source's own last day to cancel or reduce (0 unknown).
        auto_renew: 1 renews, 0 does not, -1 unknown (renewing is assumed: the safer guess,
            since a missed reduction then costs a whole term).
        as_of: today.
        window_hours: the policy's window (see :meth:`TermRules.window_hours`).

    Returns:
        ``(next_end, reduce_until, window_open)``: the last day of the current term, the
        last day a reduction is possible, and whether a reduction takes effect now; ordinals
        are 0 when unknown.
    """
    today = as_of.toordinal()
    next_end = 0
    if end > 0:
        next_end = end
        if end < today and term > 0 and auto_renew != 0:
            next_end = _roll(end + 1, term, today)
    elif start > 0 and term > 0:
        next_end = _roll(start, term, today)
    term_start = 0
    if next_end and term > 0:
        term_start = add_months(dt.date.fromordinal(next_end + 1), -term).toordinal()
    elif start > 0:
        term_start = start
    window_end = 0
    if cancel_by > 0:
        window_end = cancel_by
    elif window_hours == ANY_TIME:
        window_end = next_end
    elif window_hours > 0 and term_start > 0:
        # The last whole day inside the window, whatever the hour of the purchase.
        window_end = term_start + window_hours // 24 - 1
    if window_end and window_end >= today:
        return next_end, window_end, True
    return next_end, next_end, False


def _roll(first_day: int, term: int, today: int) -> int:
    """The last day of the term that starts on ``first_day`` or on a later anniversary and
    runs on ``today`` (the first term when ``today`` comes before it)."""
    begin, now = dt.date.fromordinal(first_day), dt.date.fromordinal(today)
    months = (now.year - begin.year) * 12 + now.month - begin.month
    k = max(0, months // term - 1)
    while (last := add_months(begin, (k + 1) * term).toordinal() - 1) < today:
        k += 1
    return last
