"""Reading API responses defensively: the shape we need, or a clear "unexpected" error.

Values become the plain text cells the export formats read (numbers exactly as decimals,
dates as ``YYYY-MM-DD``), so pulled data goes through the same row rules as a file.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from recon.sources._http import HttpClient

_ISO_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ].*)?$")


def as_dict(value: Any, http: HttpClient, what: str) -> dict[str, Any]:
    """``value`` if it is a JSON object, else an "unexpected" error about ``what``."""
    if not isinstance(value, dict):
        raise http.error(f"sent {what} that is not a JSON object")
    return value


def as_list(value: Any, http: HttpClient, what: str) -> list[Any]:
    """``value`` if it is a JSON array, else an "unexpected" error about ``what``."""
    if not isinstance(value, list):
        raise http.error(f"sent {what} without the expected list")
    return value


def need(obj: dict[str, Any], key: str, http: HttpClient, what: str) -> Any:
    """``obj[key]``, or an "unexpected" error saying that ``what`` has no ``key``."""
    value = obj.get(key)
    if value is None or value == "":
        raise http.error(f"sent {what} with no {key!r}")
    return value


def records(value: Any, http: HttpClient, what: str) -> list[dict[str, Any]]:
    """A JSON array of objects."""
    items = as_list(value, http, what)
    for item in items:
        as_dict(item, http, f"an item in {what}")
    return items


def text(value: Any) -> str:
    """A cell: ``None`` -> ``""``, numbers exactly, booleans ``true``/``false``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal):
        return format(Decimal(value), "f")
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dict | list):
        return json.dumps(value, default=str)
    return str(value).strip()


def number(value: Any, http: HttpClient, what: str) -> str:
    """A numeric cell; an empty one is ``""``; anything else is an "unexpected" error.

    Args:
        value: a JSON number or a numeric string.
        http: the client, for the error.
        what: names the value in the error, e.g. ``"subscription 42's quantity"``.
    """
    if value is None or value == "":
        return ""
    if isinstance(value, bool) or not isinstance(value, int | Decimal | float | str):
        raise http.error(f"sent {what} that is not a number")
    try:
        exact = Decimal(str(value).strip())
    except InvalidOperation:
        raise http.error(f"sent {what} that is not a number") from None
    if not exact.is_finite():
        raise http.error(f"sent {what} that is not a number")
    return format(exact, "f")


def day(value: Any) -> str:
    """``"2026-03-01T00:00:00Z"`` -> ``"2026-03-01"``; other text as given; None -> ``""``."""
    cell = text(value)
    match = _ISO_DATE.match(cell)
    return match[1] if match else cell


def reference_name(value: Any) -> str:
    """The ``name`` of a reference object (``{"id": 1, "name": "Acme"}``), or ``""``."""
    if isinstance(value, dict):
        return text(value.get("name"))
    return ""
