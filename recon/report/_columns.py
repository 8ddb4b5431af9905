"""Report fields as JSON text a column at a time, exactly as :func:`json.dumps` writes them.

A distributor's month reports 100,000 gaps of 25 fields and 170,000 not-recurring entries.
Building a dict per gap for the encoder took as long as encoding it; instead, each field's
values across a chunk are written at once by the writer for the field's type
(:class:`recon.model.FieldType`), and the gaps' text is one join of the columns with the keys
between them.

A column is written without a Python step per value wherever its values allow: the types
present are checked in one pass (``set(map(type, values))``), each *distinct* value is
encoded once (a report holds a few thousand amounts, four kinds, one date or two), and the
column is then looked up in C (``map(table.__getitem__, values)``). A writer given a
:data:`Table` keeps it across the chunks of one report, so a value is encoded once a report,
not once a chunk (an amount or a client name recurs across the whole list). Equal values that
``json.dumps`` would still write differently are kept apart: money zero keeps its sign
("-0.00"), and a float column holding a zero or a non-finite value is written value by value.
Anything a fast path does not expect (a subclass, a mix of types) goes through the exact
per-value loop, which hands what it does not know to ``json.dumps`` itself, so the text
never differs from the document :func:`recon.report.result_to_dict` would give.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Hashable, Iterable, Sequence
from datetime import date
from decimal import Decimal
from operator import attrgetter
from typing import Any, Protocol

from recon.model import FieldType

#: The C function ``json.dumps(..., ensure_ascii=False)`` writes every string with.
_TEXT: Callable[[str], str] = json.encoder.encode_basestring
_NONE = type(None)
_VALUE = attrgetter("_value_")
_ZERO, _NEG_ZERO = Decimal(0), Decimal("-0")
_NULLS = ["null"]

#: A column's texts by value, kept by its writer across the chunks of one report (None:
#: a table for this call only). Only values a fast path checked go in: those its writer
#: writes alike whenever they are equal.
Table = dict[Any, str] | None


def as_json(value: Any) -> str:
    """One value as ``json.dumps`` writes it inside a document (no ASCII escaping)."""
    return json.dumps(value, ensure_ascii=False)


def by_distinct(
    values: Sequence[Hashable],
    encode: Callable[[Any], str],
    table: Table = None,
    distinct: set[Any] | None = None,
) -> list[str]:
    """Each value's text, ``encode`` called once per distinct value other than None ("null")
    not in ``table`` yet (those it encodes are added to it); ``distinct``: ``set(values)``
    when the caller has it already (it is changed).

    Only for values whose equal members ``encode`` writes alike (see the module docstring).
    """
    if table is None:
        table = {}
    if distinct is None:
        distinct = set(values)
    distinct.discard(None)
    if not distinct:  # a field none of these has (a term, a deadline): nothing to look up
        return _NULLS * len(values)
    new = distinct.difference(table) if table else distinct
    table.update(zip(new, map(encode, new), strict=True))
    table[None] = "null"
    return list(map(table.__getitem__, values))


def types_of(values: Iterable[Any]) -> set[type]:
    """The exact types present in a column, in one C pass."""
    return set(map(type, values))


def rewrite_zeros(out: list[str], values: Sequence[Any], write: Callable[[Any], str]) -> None:
    """Write again, one by one, the cells of ``out`` that read as money zero.

    -0 and 0 are one key of :func:`by_distinct` but "-0.00" and "0.00"; the cells are found
    by C scans of the text, one per zero (an amount that rounds to zero is found too, and
    written the same again).
    """
    for zero in dict.fromkeys((write(_ZERO), write(_NEG_ZERO))):
        at = -1
        for _ in range(out.count(zero)):
            at = out.index(zero, at + 1)
            out[at] = write(values[at])


#: How many of a column's first texts tell whether its texts are mostly unique (a why, a
#: key) or repeat (names): a guess that decides only how the column is written, not what.
_SAMPLE = 64


def text_column(values: Sequence[Any], table: Table = None) -> list[str]:
    """Strings (or None) as JSON."""
    sample = values[:_SAMPLE]
    try:
        repeats = 2 * len(set(sample)) <= len(sample)
        # Names repeat (a client's gaps, a product's clients): each encoded once, the types
        # read off the distinct texts (one pass fewer): only a str equals a str, or a str
        # subclass, which json writes as the str it equals.
        distinct = set(values) if repeats else None
    except TypeError:  # an unhashable value: written value by value below
        distinct, repeats = None, False
    if distinct is not None and types_of(distinct) <= {str, _NONE}:
        return by_distinct(values, _TEXT, table, distinct)
    if not repeats:
        types = types_of(values)
        if types == {str}:  # mostly unique (a why): encoded one by one
            return list(map(_TEXT, values))
        if types <= {str, _NONE}:
            return by_distinct(values, _TEXT, table)
    return [
        _TEXT(v) if v.__class__ is str else ("null" if v is None else as_json(v)) for v in values
    ]


def kind_column(values: Sequence[Any], table: Table = None) -> list[str]:
    """Enum members as their values."""
    if _NONE not in types_of(values):
        try:
            named = list(map(_VALUE, values))
        except AttributeError:  # not enum members: each written as json.dumps would
            return [as_json(v) for v in values]
        if types_of(named) == {str}:
            return by_distinct(named, _TEXT, table)
    return ["null" if v is None else _TEXT(v._value_) for v in values]


def money_column(
    values: Sequence[Decimal | None],
    money_text: Callable[[Decimal], str | None],
    table: Table = None,
) -> list[str]:
    """Money as its two-decimal text (digits, sign and point: nothing to escape)."""

    def write(v: Decimal) -> str:
        return '"' + str(money_text(v)) + '"'

    if types_of(values) <= {Decimal, _NONE}:
        try:
            # A zero's cell is written again below whatever the table holds for it.
            out = by_distinct(values, write, table)
        except TypeError:  # a signalling NaN cannot be hashed
            out = None
        if out is not None:
            rewrite_zeros(out, values, write)
            return out
    return ["null" if v is None else write(v) for v in values]


def qty_column(
    values: Sequence[Decimal | None],
    qty_value: Callable[[Decimal], int | float],
    table: Table = None,
) -> list[str]:
    """Seat counts as numbers: whole ones as integers."""

    def write(v: Decimal) -> str:
        number = qty_value(v)
        return int.__repr__(number) if number.__class__ is int else as_json(number)

    if types_of(values) <= {Decimal, _NONE}:
        try:
            # Equal counts (2 and 2.000, 0 and -0) are the same number in JSON.
            return by_distinct(values, write, table)
        except TypeError:  # a signalling NaN cannot be hashed
            pass
    return ["null" if v is None else write(v) for v in values]


def int_column(values: Sequence[Any], table: Table = None) -> list[str]:
    """Integers (or None) as JSON numbers."""
    types = types_of(values)
    if types == {int}:
        return list(map(int.__repr__, values))
    if types <= {int, _NONE}:
        return by_distinct(values, int.__repr__, table)
    return [
        int.__repr__(v) if v.__class__ is int else ("null" if v is None else as_json(v))
        for v in values
    ]


def score_column(values: Sequence[Any], table: Table = None) -> list[str]:
    """Floats as ``repr`` writes them (what the encoder does for finite floats)."""
    if types_of(values) == {float}:
        distinct = set(values)
        # 0.0 and -0.0 are one key but two texts; NaN and infinities need the encoder.
        if 0.0 not in distinct and all(map(math.isfinite, distinct)):
            return by_distinct(values, float.__repr__, table)
    return [
        float.__repr__(v) if v.__class__ is float and math.isfinite(v) else as_json(v)
        for v in values
    ]


def _day(value: date) -> str:
    return '"' + value.isoformat() + '"'


def day_column(values: Sequence[Any], table: Table = None) -> list[str]:
    """Dates as ISO text."""
    if types_of(values) <= {date, _NONE}:
        return by_distinct(values, _day, table)
    return ["null" if v is None else _day(v) for v in values]


class ColumnWriter(Protocol):
    """Writes a column's values as JSON texts, keeping ``table`` (see :data:`Table`)."""

    def __call__(self, values: Sequence[Any], table: Table = None, /) -> list[str]: ...


def column_writer(
    kind: FieldType,
    *,
    money_text: Callable[[Decimal], str | None],
    qty_value: Callable[[Decimal], int | float],
) -> ColumnWriter:
    """The writer of one column of a field of this type.

    Args:
        kind: the field's type.
        money_text: how money is written (:func:`recon.report.money_text`).
        qty_value: how a seat count is written (:func:`recon.report.qty_value`).

    Raises:
        KeyError: a type with no writer here yet (a new :class:`~recon.model.FieldType`).
    """
    writers: dict[FieldType, ColumnWriter] = {
        FieldType.TEXT: text_column,
        FieldType.KIND: kind_column,
        FieldType.MONEY: lambda values, table=None: money_column(values, money_text, table),
        FieldType.QTY: lambda values, table=None: qty_column(values, qty_value, table),
        FieldType.SCORE: score_column,
        FieldType.DAY: day_column,
    }
    return writers[kind]


#: What separates the items of a JSON list (and the members of an object), as
#: ``json.dumps`` writes it with no indent.
_ITEMS = ", "


def object_template(keys: Sequence[str]) -> tuple[str, ...]:
    """The fixed text of one JSON object with these keys, around its values: the text before
    each value (``{"key": `` for the first, ``, "key": `` for the rest), then the closing
    ``}`` and the list's separator after it (see :func:`objects`)."""
    texts = [_TEXT(k) + ": " for k in keys]
    return ("{" + texts[0], *(_ITEMS + t for t in texts[1:]), "}" + _ITEMS)


def objects(template: tuple[str, ...], columns: Sequence[Sequence[str]]) -> str:
    """The items of a JSON list of objects from their columns' texts (see
    :func:`object_template`), in one ``str.join`` over the fixed texts and the values
    interleaved: a ``%`` per object parsed its template again for every one.

    A column whose texts are all one (a dry run's ids, a term no gap has, one currency) is
    folded into the fixed text around it, and the pieces are laid out by slice assignment
    into one list: the join's cost is per piece, and a chain of tuples per object cost as
    much again as the join.
    """
    if not columns or not columns[0]:
        return ""
    count = len(columns[0])
    fixed, varying = fold_constant(template, columns)
    if not varying:
        return (fixed[0] * count)[: -len(_ITEMS)]
    step = 2 * len(varying) + 1
    pieces: list[str] = [""] * (count * step)
    for at, (text, column) in enumerate(zip(fixed, varying, strict=False)):
        pieces[2 * at :: step] = [text] * count
        pieces[2 * at + 1 :: step] = column
    pieces[step - 1 :: step] = [fixed[-1]] * count
    # Every object ends with the separator; the last one's is cut off.
    return "".join(pieces)[: -len(_ITEMS)]


def fold_constant(
    template: Sequence[str], columns: Sequence[Sequence[str]]
) -> tuple[list[str], list[Sequence[str]]]:
    """The template and columns with every column that holds one text throughout folded into
    the fixed texts: returns ``fixed`` (one more than the columns left) and those columns,
    which :func:`objects` interleaves as it would the originals."""
    fixed: list[str] = []
    varying: list[Sequence[str]] = []
    current = template[0]
    for column, after in zip(columns, template[1:], strict=True):
        first = column[0]
        # A cheap look at the last cell first: a column of distinct texts is not counted.
        if first == column[-1] and column.count(first) == len(column):
            current += first + after
        else:
            fixed.append(current)
            varying.append(column)
            current = after
    fixed.append(current)
    return fixed, varying
