"""Exact values in and out of SQLite: Decimal as text, JSON with sorted keys."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

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
