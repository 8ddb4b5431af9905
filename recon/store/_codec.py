"""Exact values in and out of SQLite (Decimal as text, JSON with sorted keys) and JSON output."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from typing import Any

from recon.money import cents

#: Leak and refund-risk estimates are kept to a millionth of a currency unit.
ESTIMATE_QUANTUM = Decimal("0.000001")


def dec_text(value: Decimal) -> str:
    """Decimal as plain text, never in exponent form (``Decimal("1E+2")`` -> ``"100"``)."""
    return format(value, "f")


def opt_dec_text(value: Decimal | None) -> str | None:
    """Like :func:`dec_text`, passing None through."""
    return None if value is None else dec_text(value)


def opt_dec(text: str | None) -> Decimal | None:
    """Parse an optional Decimal column."""
    return None if text is None else Decimal(text)


def to_json(value: Any) -> str:
    """Compact JSON text with sorted keys, for the JSON columns."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)


def from_json(text: str | None) -> Any:
    """Parse a JSON column (None stays None)."""
    return None if text is None else json.loads(text)


def json_money(value: Decimal | None) -> str | None:
    """Money for JSON: a 2-decimal string ("1234.50"), or None."""
    return None if value is None else str(cents(value))


def json_qty(value: Decimal | None) -> int | float | None:
    """A seat count for JSON: an int when whole (nearly always), else a float."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def json_time(value: datetime | None) -> str | None:
    """A time for JSON: ISO 8601 (UTC in the store), or None."""
    return None if value is None else value.isoformat()
