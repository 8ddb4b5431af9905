"""Gap fields as JSON text a column at a time, exactly as :func:`json.dumps` writes them.

A distributor's month reports 100,000 gaps of 25 fields. Building a dict per gap for the
encoder took as long as encoding it; instead, each field's values across a chunk of gaps are
written by one small loop that knows the field's type (:class:`recon.model.FieldType`), and
each gap's text is one ``%`` of a template. Anything a loop does not expect (a subclass, a
float that is not finite) is handed to ``json.dumps`` itself, so the text never differs from
the document :func:`recon.report.result_to_dict` would give.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from recon.model import FieldType

#: The C function ``json.dumps(..., ensure_ascii=False)`` writes every string with.
_TEXT: Callable[[str], str] = json.encoder.encode_basestring


def as_json(value: Any) -> str:
    """One value as ``json.dumps`` writes it inside a document (no ASCII escaping)."""
    return json.dumps(value, ensure_ascii=False)


def text_column(values: Sequence[Any]) -> list[str]:
    """Strings (or None) as JSON."""
    return [
        _TEXT(v) if v.__class__ is str else ("null" if v is None else as_json(v)) for v in values
    ]


def kind_column(values: Sequence[Any]) -> list[str]:
    """Enum members as their values."""
    return ["null" if v is None else _TEXT(v._value_) for v in values]


def money_column(
    values: Sequence[Decimal | None], money_text: Callable[[Decimal], str | None]
) -> list[str]:
    """Money as its two-decimal text (digits, sign and point: nothing to escape)."""
    return ["null" if v is None else '"' + str(money_text(v)) + '"' for v in values]


def qty_column(
    values: Sequence[Decimal | None], qty_value: Callable[[Decimal], int | float]
) -> list[str]:
    """Seat counts as numbers: whole ones as integers."""
    out = []
    for v in values:
        if v is None:
            out.append("null")
            continue
        number = qty_value(v)
        out.append(int.__repr__(number) if number.__class__ is int else as_json(number))
    return out


def int_column(values: Sequence[Any]) -> list[str]:
    """Integers (or None) as JSON numbers."""
    return [
        int.__repr__(v) if v.__class__ is int else ("null" if v is None else as_json(v))
        for v in values
    ]


def score_column(values: Sequence[Any]) -> list[str]:
    """Floats as ``repr`` writes them (what the encoder does for finite floats)."""
    return [
        float.__repr__(v) if v.__class__ is float and math.isfinite(v) else as_json(v)
        for v in values
    ]


def day_column(values: Sequence[Any]) -> list[str]:
    """Dates as ISO text."""
    return ["null" if v is None else '"' + v.isoformat() + '"' for v in values]


def column_writer(
    kind: FieldType,
    *,
    money_text: Callable[[Decimal], str | None],
    qty_value: Callable[[Decimal], int | float],
) -> Callable[[Sequence[Any]], list[str]]:
    """The loop that writes one column of a field of this type.

    Args:
        kind: the field's type.
        money_text: how money is written (:func:`recon.report.money_text`).
        qty_value: how a seat count is written (:func:`recon.report.qty_value`).

    Raises:
        KeyError: a type with no loop here yet (a new :class:`~recon.model.FieldType`).
    """
    writers: dict[FieldType, Callable[[Sequence[Any]], list[str]]] = {
        FieldType.TEXT: text_column,
        FieldType.KIND: kind_column,
        FieldType.MONEY: lambda values: money_column(values, money_text),
        FieldType.QTY: lambda values: qty_column(values, qty_value),
        FieldType.SCORE: score_column,
        FieldType.DAY: day_column,
    }
    return writers[kind]


def object_template(keys: Sequence[str]) -> str:
    """A ``%`` template of one JSON object with these keys, each value one ``%s``."""
    return "{" + ", ".join(_TEXT(k).replace("%", "%%") + ": %s" for k in keys) + "}"
