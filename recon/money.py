"""Exact money and quantity conversions between the line frame's integers and Decimal.

The line frame keeps seats as integer milli-seats and money as integer micro-units (see
:mod:`recon.model`); people see Decimal rounded half-up to cents.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from recon.model import MONEY_SCALE, QTY_SCALE

CENT = Decimal("0.01")
ZERO = Decimal(0)
_MONEY_SCALE = Decimal(MONEY_SCALE)
_QTY_SCALE = Decimal(QTY_SCALE)


def qty_from_milli(milli: int) -> Decimal:
    """Turn integer milli-seats into an exact Decimal seat count (``12_000`` -> ``12``)."""
    value = Decimal(int(milli)) / _QTY_SCALE
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def cents(amount: Decimal) -> Decimal:
    """Round an amount half-up to cents, the way an invoice does."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def format_money(amount: Decimal | None, *, signed: bool = False) -> str:
    """Render money for people: ``$1,234.50``, ``-$12.00``, or ``-`` when unknown.

    Args:
        amount: the amount, or None when no price is known.
        signed: prefix positive amounts with ``+`` (for deltas).
    """
    if amount is None:
        return "-"
    value = cents(amount)
    sign = "-" if value < 0 else ("+" if signed and value > 0 else "")
    return f"{sign}${abs(value):,.2f}"


def format_qty(qty: Decimal, *, signed: bool = False) -> str:
    """Render a seat count without trailing zeros: ``12``, ``0.5``, ``+3``."""
    text = f"{qty.normalize():f}" if qty != qty.to_integral_value() else f"{int(qty)}"
    return f"+{text}" if signed and qty > 0 else text
