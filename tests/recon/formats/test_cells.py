"""Cell parsers: money, quantities, dates and flags as real exports write them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recon.formats.cells import (
    date_order_is_day_first,
    money_to_micro,
    parse_date,
    parse_date_column,
    parse_decimal,
    parse_flag,
    quantity_to_milli,
    uses_decimal_comma,
)


@pytest.mark.parametrize(
    ("text", "micro"),
    [
        ("$1,234.50", 1_234_500_000),
        ("1234.5", 1_234_500_000),
        ("(12.00)", -12_000_000),
        ("-12", -12_000_000),
        ("12-", -12_000_000),
        ("USD 12.00", 12_000_000),
        ("12.00 USD", 12_000_000),
        ("'12.30", 12_300_000),
        ("  12.30  ", 12_300_000),
        ("-$12.00", -12_000_000),
        ("$(12.00)", -12_000_000),
        ("($1,234.56)", -1_234_560_000),
        ("US$ 5", 5_000_000),
        ("£7.5", 7_500_000),
        ("1 234.50", 1_234_500_000),
        ("1.5E+02", 150_000_000),
        ("$ -  ", 0),
        (".5", 500_000),
        ("0.000001", 1),
    ],
)
def test_money_is_read_exactly(text: str, micro: int) -> None:
    assert money_to_micro(text) == (micro, False)


@pytest.mark.parametrize(
    ("text", "micro"),
    [("€12,50", 12_500_000), ("1.234,50", 1_234_500_000), ("1 234,50 €", 1_234_500_000)],
)
def test_money_with_decimal_comma(text: str, micro: int) -> None:
    assert money_to_micro(text, decimal_comma=True) == (micro, False)


def test_empty_money_is_missing() -> None:
    assert money_to_micro("") == (None, False)
    assert money_to_micro("   ") == (None, False)


@pytest.mark.parametrize("text", ["abc", "N/A", "1,23", "12.5.1", "(-12)", "$$12", "12 34"])
def test_money_rejects_what_it_cannot_read(text: str) -> None:
    with pytest.raises(ValueError, match="not a number"):
        money_to_micro(text)


def test_decimal_comma_file_rejects_dot_decimals_instead_of_misreading_them() -> None:
    with pytest.raises(ValueError, match="not a number"):
        money_to_micro("12.5", decimal_comma=True)


def test_money_with_more_than_six_decimals_is_rounded_half_even_and_flagged() -> None:
    assert money_to_micro("1.23456789") == (1_234_568, True)
    assert money_to_micro("0.0000005") == (0, True)  # half-even: down to the even 0
    assert money_to_micro("0.0000015") == (2, True)


@pytest.mark.parametrize(
    ("text", "milli"),
    [
        ("10", 10_000),
        ("10.0", 10_000),
        ("1,200", 1_200_000),
        ("'12", 12_000),
        ("(2)", -2_000),
        ("-2", -2_000),
        ("0.5", 500),
        ("10.0000", 10_000),
        ("", None),
    ],
)
def test_quantity_in_milli_seats(text: str, milli: int | None) -> None:
    assert quantity_to_milli(text) == milli


@pytest.mark.parametrize("text", ["0.5001", "$5", "10 seats", "ten"])
def test_quantity_rejects_bad_values(text: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - the message varies by cause
        quantity_to_milli(text)


@pytest.mark.parametrize(
    ("values", "delimiter", "expected"),
    [
        (["12,50", "3"], ";", True),
        (["1.234,50"], ";", True),
        (["12.50", "1,234"], ",", False),
        (["1,234", "12"], ",", False),  # thousands, never 1.234
        (["1.200", "5"], ";", True),  # dot-grouped thousands in a semicolon file
        (["1.200", "5"], ",", False),
        (["12,50", "1,25", "12.5"], ";", True),  # majority; the odd one fails strict parsing
    ],
)
def test_decimal_mark_is_decided_per_file(
    values: list[str], delimiter: str, expected: bool
) -> None:
    assert uses_decimal_comma(values, delimiter=delimiter) is expected


@pytest.mark.parametrize(
    "text",
    [
        "2026-03-01",
        "3/1/2026",
        "3/1/2026 0:00",
        "3/1/2026 12:00:00 AM",
        "2026-03-01T00:00:00Z",
        "2026-03-01T00:00:00.000+01:00",
        "01-Mar-2026",
        "1-Mar-26",
        "1 March 2026",
        "Mar 1, 2026",
        "01.03.2026",
        "3/1/26",
        "'2026-03-01",
    ],
)
def test_dates_as_exports_write_them(text: str) -> None:
    assert parse_date(text) == date(2026, 3, 1)


def test_date_column_with_a_day_over_twelve_is_day_first() -> None:
    parsed = parse_date_column(["3/1/2026", "25/1/2026", ""])
    assert parsed.day_first
    assert parsed.values == (date(2026, 1, 3), date(2026, 1, 25), None)
    assert parsed.bad == ()


def test_date_column_defaults_to_us_month_first() -> None:
    assert not date_order_is_day_first(["3/1/2026", "12/11/2026"])
    assert parse_date_column(["3/1/2026"]).values == (date(2026, 3, 1),)


def test_date_column_reports_unreadable_values() -> None:
    parsed = parse_date_column(["2026-03-01", "soon", "2/30/2026"])
    assert parsed.bad == (1, 2)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Billable", True),
        ("Do Not Bill", False),
        ("No Charge", False),
        ("Yes", True),
        ("no", False),
        ("Y", True),
        ("N", False),
        ("True", True),
        ("FALSE", False),
        ("1", True),
        ("0", False),
        ("x", True),
        ("", None),
    ],
)
def test_flags(text: str, value: bool | None) -> None:
    assert parse_flag(text) is value


def test_flag_rejects_other_words() -> None:
    with pytest.raises(ValueError, match="yes/no"):
        parse_flag("maybe")


# --- properties ------------------------------------------------------------------------------

_amounts = st.decimals(
    min_value=Decimal("-99999999.999999"),
    max_value=Decimal("99999999.999999"),
    places=6,
    allow_nan=False,
    allow_infinity=False,
)


def _group(whole: str, sep: str) -> str:
    out = ""
    while len(whole) > 3:
        out = sep + whole[-3:] + out
        whole = whole[:-3]
    return whole + out


def _write(value: Decimal, style: int, decimal_comma: bool) -> str:
    negative = value < 0
    whole, _, frac = f"{abs(value):f}".partition(".")
    dec, grp = (",", ".") if decimal_comma else (".", ",")
    number = (_group(whole, grp) if style % 2 else whole) + (f"{dec}{frac}" if frac else "")
    wrapped = [
        lambda n: f"-{n}",
        lambda n: f"({n})",
        lambda n: f"{n}-",
        lambda n: f"-${n}",
        lambda n: f"USD {n}" if not negative else f"USD -{n}",
        lambda n: f"'-{n}",
        lambda n: f" -{n} EUR ",
    ][style % 7]
    if not negative:
        return [number, f"${number}", f"{number} USD", f"'{number}", f"€{number}", f" {number} "][
            style % 6
        ]
    return wrapped(number)


@given(_amounts, st.integers(min_value=0, max_value=41), st.booleans())
def test_money_round_trips_in_every_supported_style(
    value: Decimal, style: int, decimal_comma: bool
) -> None:
    text = _write(value, style, decimal_comma)
    assert parse_decimal(text, decimal_comma=decimal_comma) == value
    micro, rounded = money_to_micro(text, decimal_comma=decimal_comma)
    assert micro == int(value * 1_000_000)
    assert not rounded


@given(
    st.decimals(min_value=-999999, max_value=999999, places=3, allow_nan=False),
    st.integers(min_value=0, max_value=41),
    st.booleans(),
)
def test_quantity_round_trips(value: Decimal, style: int, decimal_comma: bool) -> None:
    text = _write(value, style, decimal_comma).replace("$", "").replace("€", "")
    text = text.replace("USD", "").replace("EUR", "")
    assert quantity_to_milli(text, decimal_comma=decimal_comma) == int(value * 1000)
