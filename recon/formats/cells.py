"""Cell parsers: money, quantities, dates and yes/no flags, exactly as exports write them.

Every parser takes one stripped cell and returns a value, ``None`` for an empty cell, or
raises :class:`ValueError` for something it can't read. Callers parse each *distinct* value of
a column once (columns repeat heavily), so these functions favour clarity over speed.

Number grammar (money and quantities), with ``decimal_comma`` decided once per file by
:func:`uses_decimal_comma`, never per cell (so ``1,234`` never turns into ``1.234``):

- optional Excel text marker ``'``, surrounding spaces, currency (``$ € £ ¥``, ``US$`` or a
  three-letter code such as ``USD``) before or after the number;
- negative as ``-12``, ``12-``, ``(12.00)``, ``−12`` (unicode minus);
- thousands grouped by 3 with ``,`` (``.`` in decimal-comma files), a space, a no-break space
  or ``'``; the decimal mark is ``.`` (``,`` in decimal-comma files).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from recon.model import MONEY_SCALE, QTY_SCALE

#: What to tell people a money cell should look like.
MONEY_EXPECTED = "an amount like 12.50, $1,234.50 or (12.00)"
#: What to tell people a quantity cell should look like.
QTY_EXPECTED = "a number of seats like 12 or 1,200 (at most 3 decimals)"
#: What to tell people a date cell should look like.
DATE_EXPECTED = "a date like 2026-03-01, 3/1/2026 or 01-Mar-2026"

#: Largest absolute integer we keep in the line frame's int64 columns (about 9 billion units).
_LIMIT = 9_000_000_000_000_000
#: More seats than this on one line is not a seat count (an id, an amount, a typo).
MAX_SEATS = 10_000_000
#: What to tell people an implausible quantity should have been.
SEATS_EXPECTED = f"at most {MAX_SEATS:,} seats on one line"
#: A number cell longer than this is not money nor seats (it would only cost time to read).
_MAX_NUMBER_CHARS = 40
#: No amount or seat count in an export reaches a quadrillion; the exact arithmetic can't.
_MAX_MAGNITUDE = Decimal(10) ** 15


class Implausible(ValueError):
    """A number that reads fine but can't be what the column means (25,000,000 seats)."""


_MICRO = Decimal(1).scaleb(-6)

_MINUS = ("-", "−")
_CURRENCY_HEAD = re.compile(r"^(?:[A-Za-z]{3}(?=[\s\d(.,+\-−$€£¥])|[A-Z]{0,2}[$€£¥])\s*")
_CURRENCY_TAIL = re.compile(r"\s*(?:(?<=[\s\d).,\-])[A-Za-z]{3}|[$€£¥])$")
_GROUP = r"[ '\u00a0\u202f\u2009]"


def _number_pattern(decimal_mark: str, group_mark: str) -> re.Pattern[str]:
    dec = re.escape(decimal_mark)
    grp = f"(?:{re.escape(group_mark)}|{_GROUP})"
    return re.compile(
        rf"^(?:(?P<grouped>\d{{1,3}}(?:{grp}\d{{3}})+)(?:{dec}(?P<gfrac>\d*))?"
        rf"|(?P<int>\d+)(?:{dec}(?P<frac>\d*))?(?:[eE](?P<exp>[+-]?\d{{1,3}}))?"
        rf"|{dec}(?P<only>\d+))$"
    )


_PLAIN = re.compile(r"-?\d{1,15}(?:\.\d{1,15})?")
_DOT_NUMBER = _number_pattern(".", ",")
_COMMA_NUMBER = _number_pattern(",", ".")

# Evidence for the file-level decimal-mark decision (applied to cells stripped of currency).
_COMMA_DECIMAL = re.compile(r"\d,\d{1,2}\)?-?$|\d,\d{4,}\)?-?$|\.\d{3},\d")
_DOT_DECIMAL = re.compile(r"\d\.\d{1,2}\)?-?$|\d\.\d{4,}\)?-?$|,\d{3}\.\d")
_DOT_GROUPED_INT = re.compile(r"^\d{1,3}(?:\.\d{3})+$")
# A plain number (ASCII digits, an optional minus and dot): its evidence needs no full parse.
_PLAIN_EVIDENCE = re.compile(r"-?([0-9]+)(?:\.([0-9]+))?")
# Distinct values looked at for the decimal-mark decision; any value it misjudges still fails
# strict parsing later, so a sample is enough.
_EVIDENCE_SAMPLE = 5_000


def _unsign(text: str) -> tuple[str, bool]:
    """Strip the Excel text marker, currency and sign; return the bare number and negativity."""
    s = text.strip()
    if s.startswith("'"):
        s = s[1:].strip()
    signs = currencies = 0
    for _ in range(4):
        before = s
        s = _CURRENCY_HEAD.sub("", s, count=1).strip()
        s = _CURRENCY_TAIL.sub("", s, count=1).strip()
        currencies += s != before
        if len(s) >= 2 and s[0] == "(" and s[-1] == ")":
            s, signs = s[1:-1].strip(), signs + 1
        elif s[:1] in _MINUS:
            s, signs = s[1:].strip(), signs + 1
        elif s[-1:] in _MINUS:
            s, signs = s[:-1].strip(), signs + 1
        elif s[:1] == "+":
            s = s[1:].strip()
        if s == before:
            break
    if signs > 1 or currencies > 1 or (s and (s[0] in "-−+(" or s[-1] in "-−)")):
        raise ValueError(f"not a number: {text!r}")
    return s, signs == 1


def parse_decimal(text: str, *, decimal_comma: bool = False) -> Decimal | None:
    """Read a number as written in an export, exactly.

    Args:
        text: the cell, e.g. ``"$1,234.50"``, ``"(12.00)"``, ``"12-"``, ``"'12.30"``,
            ``"USD 12.00"`` or, with ``decimal_comma``, ``"1.234,50"``.
        decimal_comma: the file writes ``,`` as the decimal mark and ``.`` between thousands
            (default False).

    Returns:
        The exact value, or None for an empty cell.

    Raises:
        ValueError: the cell is not a number in this file's convention.
    """
    if _PLAIN.fullmatch(text) and not (decimal_comma and "." in text):
        return Decimal(text)  # the common case, "12" or "-12.50", without the full grammar
    if not text or not text.strip() or text.strip() == "'":
        return None
    if len(text) > _MAX_NUMBER_CHARS:
        raise ValueError(f"too long to be a number: {text[:20]!r}... ({len(text):,} characters)")
    bare, negative = _unsign(text)
    if not bare and negative:
        return Decimal(0)  # Excel's accounting format writes zero as "-" or "$ -"
    match = (_COMMA_NUMBER if decimal_comma else _DOT_NUMBER).match(bare)
    if match is None:
        raise ValueError(f"not a number: {text!r}")
    if match["grouped"] is not None:
        whole, frac, exp = re.sub(r"\D", "", match["grouped"]), match["gfrac"] or "", None
    elif match["int"] is not None:
        whole, frac, exp = match["int"], match["frac"] or "", match["exp"]
    else:
        whole, frac, exp = "0", match["only"], None
    try:
        value = Decimal(f"{whole}.{frac or '0'}" + (f"E{exp}" if exp else ""))
    except InvalidOperation as err:  # pragma: no cover - the pattern only lets digits through
        raise ValueError(f"not a number: {text!r}") from err
    if value >= _MAX_MAGNITUDE:
        raise ValueError(f"too large to be an amount or a number of seats: {text!r}")
    return -value if negative else value


def money_to_micro(text: str, *, decimal_comma: bool = False) -> tuple[int | None, bool]:
    """Read a money cell as integer micro-units.

    Args:
        text: the cell (see :func:`parse_decimal` for what is accepted).
        decimal_comma: the file's decimal mark is ``,`` (default False).

    Returns:
        ``(micro, rounded)``: micro-units or None for an empty cell, and whether the value had
        more than 6 decimals and was rounded half-even to 6.

    Raises:
        ValueError: not an amount, or too large to be one.
    """
    value = parse_decimal(text, decimal_comma=decimal_comma)
    if value is None:
        return None, False
    exact = value.quantize(_MICRO, rounding=ROUND_HALF_EVEN)
    micro = int(exact * MONEY_SCALE)
    if abs(micro) > _LIMIT:
        raise ValueError(f"amount too large: {text!r}")
    return micro, exact != value


def quantity_to_milli(text: str, *, decimal_comma: bool = False) -> int | None:
    """Read a quantity cell as integer milli-seats (``"1,200"`` -> ``1_200_000``).

    Args:
        text: the cell, e.g. ``"10"``, ``"10.0"``, ``"'12"``, ``"(2)"``, ``"0.5"``.
        decimal_comma: the file's decimal mark is ``,`` (default False).

    Returns:
        Milli-seats, or None for an empty cell.

    Raises:
        ValueError: not a number, a currency amount, or more than 3 non-zero decimals.
        Implausible: more than :data:`MAX_SEATS` seats (either sign).
    """
    stripped = text.strip().lstrip("'")
    if re.search(r"[$€£¥]|[A-Za-z]{2}", stripped):
        raise ValueError(f"not a quantity: {text!r}")
    value = parse_decimal(text, decimal_comma=decimal_comma)
    if value is None:
        return None
    milli = value * QTY_SCALE
    if milli != milli.to_integral_value():
        raise ValueError(f"more than 3 decimals: {text!r}")
    if abs(value) > MAX_SEATS:
        raise Implausible(f"more than {MAX_SEATS:,} seats: {text!r}")
    return int(milli)


def uses_decimal_comma(values: Iterable[str], *, delimiter: str) -> bool:
    """Decide once per file whether numbers use ``,`` as the decimal mark.

    ``12,50`` or ``1.234,50`` is evidence for the comma, ``12.50`` or ``1,234.50`` for the dot.
    With no evidence either way, a semicolon file with values like ``1.200`` is taken as
    decimal-comma (thousands grouped with dots). If both kinds appear the majority wins, and the
    minority then fails strict parsing loudly instead of being misread.

    Args:
        values: distinct raw cells of the file's numeric columns.
        delimiter: the file's field delimiter.

    Returns:
        True when the file writes ``,`` as its decimal mark.
    """
    comma = dot = grouped = 0
    for raw in itertools.islice(values, _EVIDENCE_SAMPLE):
        plain = _PLAIN_EVIDENCE.fullmatch(raw)
        if plain is not None:
            # Most cells are plain ("12", "-3.27"): what the full grammar would find in them
            # is read off the digits after the dot, a regex instead of a dozen.
            whole, frac = plain.groups()
            if frac is not None:
                if len(frac) != 3:
                    dot += 1
                elif len(whole) <= 3:
                    grouped += 1
            continue
        try:
            bare, _ = _unsign(raw)
        except ValueError:
            continue
        if _COMMA_DECIMAL.search(bare):
            comma += 1
        elif _DOT_DECIMAL.search(bare):
            dot += 1
        elif _DOT_GROUPED_INT.match(bare):
            grouped += 1
    if comma or dot:
        return comma > dot
    return delimiter == ";" and grouped > 0


# --- dates -----------------------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_TIME = (
    r"(?:[T ]\s*\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?"  # 0:00, 00:00:00, 00:00:00.000
    r"\s*(?:[AaPp]\.?[Mm]\.?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?"  # AM/PM, Z, +01:00
)
_ISO = re.compile(rf"^(\d{{4}})[-/](\d{{1,2}})[-/](\d{{1,2}}){_TIME}$")
_NUMERIC = re.compile(rf"^(\d{{1,2}})([/.\-])(\d{{1,2}})\2(\d{{4}}|\d{{2}}){_TIME}$")
_DAY_MONTH_NAME = re.compile(
    rf"^(\d{{1,2}})[\s\-/.]+([A-Za-z]{{3,9}})\.?[\s\-/.,]+(\d{{4}}|\d{{2}}){_TIME}$"
)
_MONTH_NAME_DAY = re.compile(rf"^([A-Za-z]{{3,9}})\.?\s+(\d{{1,2}}),?\s+(\d{{4}}){_TIME}$")


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if len(text) == 2 else year


def parse_date(text: str, *, day_first: bool = False) -> date | None:
    """Read a date as exports write it.

    Accepts ``2026-03-01``, ``2026-03-01T00:00:00Z``, ``3/1/2026``, ``3/1/2026 0:00``,
    ``3/1/26``, ``01-Mar-2026``, ``1 March 2026``, ``Mar 1, 2026`` and ``01.03.2026``
    (dots are always day first). A time or zone after the date is ignored.

    Args:
        text: the cell.
        day_first: read ``a/b/yyyy`` as day/month (default False: US month/day, as Partner
            Center writes it). Use :func:`date_order_is_day_first` to decide per column.

    Returns:
        The date, or None for an empty cell.

    Raises:
        ValueError: not a date.
    """
    s = text.strip().lstrip("'").strip()
    if not s:
        return None
    try:
        if m := _ISO.match(s):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _NUMERIC.match(s):
            a, b = int(m[1]), int(m[3])
            if day_first or m[2] == ".":
                a, b = b, a
            return date(_year(m[4]), a, b)
        if (m := _DAY_MONTH_NAME.match(s)) and m[2].lower() in _MONTHS:
            return date(_year(m[3]), _MONTHS[m[2].lower()], int(m[1]))
        if (m := _MONTH_NAME_DAY.match(s)) and m[1].lower() in _MONTHS:
            return date(int(m[3]), _MONTHS[m[1].lower()], int(m[2]))
    except ValueError as err:
        raise ValueError(f"not a date: {text!r}") from err
    raise ValueError(f"not a date: {text!r}")


def date_order_is_day_first(values: Iterable[str]) -> bool:
    """Decide for one column whether ``a/b/yyyy`` dates are day/month.

    Month/day (US, Partner Center) unless some value's first part is over 12.

    Args:
        values: distinct cells of one date column.

    Returns:
        True when the column writes day first.
    """
    for value in values:
        m = _NUMERIC.match(value.strip().lstrip("'").strip())
        if m and m[2] != "." and int(m[1]) > 12:
            return True
    return False


@dataclass(frozen=True, slots=True)
class ParsedDates:
    """A date column's distinct values, parsed with one day/month order for the whole column."""

    values: tuple[date | None, ...]
    bad: tuple[int, ...]  # positions in the input that are not dates
    day_first: bool


def parse_date_column(values: Sequence[str]) -> ParsedDates:
    """Parse the distinct values of one date column, deciding the day/month order once.

    Args:
        values: distinct cells of the column.

    Returns:
        Dates aligned with ``values`` (None for empty or unreadable cells) and the positions
        of the unreadable ones.
    """
    day_first = date_order_is_day_first(values)
    parsed: list[date | None] = []
    bad: list[int] = []
    for index, value in enumerate(values):
        try:
            parsed.append(parse_date(value, day_first=day_first))
        except ValueError:
            parsed.append(None)
            bad.append(index)
    return ParsedDates(tuple(parsed), tuple(bad), day_first)


# --- flags -----------------------------------------------------------------------------------

_TRUE = frozenset({"yes", "y", "true", "t", "1", "x", "✓", "✔", "on", "checked", "billable"})
_FALSE = frozenset(
    {"no", "n", "false", "f", "0", "off", "unchecked", "donotbill", "nocharge", "nonbillable"}
    | {"notbillable"}
)


def flag_key(text: str) -> str:
    """Fold a flag or status cell for comparison: ``"Do Not Bill"`` -> ``"donotbill"``."""
    return re.sub(r"[\s_\-.]", "", text.strip().lower())


def parse_flag(text: str) -> bool | None:
    """Read a yes/no cell: Yes/No, Y/N, True/False, 1/0, x, Billable / Do Not Bill / No Charge.

    Args:
        text: the cell.

    Returns:
        True, False, or None for an empty cell.

    Raises:
        ValueError: a value that is neither.
    """
    key = flag_key(text)
    if not key:
        return None
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise ValueError(f"not a yes/no value: {text!r}")


__all__ = [
    "DATE_EXPECTED",
    "MAX_SEATS",
    "MONEY_EXPECTED",
    "QTY_EXPECTED",
    "SEATS_EXPECTED",
    "Implausible",
    "ParsedDates",
    "date_order_is_day_first",
    "flag_key",
    "money_to_micro",
    "parse_date",
    "parse_date_column",
    "parse_decimal",
    "parse_flag",
    "quantity_to_milli",
    "uses_decimal_comma",
]
