"""How each field of a gap is written in a report, and the label the store gives a gap.

Shared by the JSON, CSV and text-table writers: the gap record's reported fields in order
(from :data:`recon.model.GAP_RECORD`), money as exact two-decimal text and seat counts as
numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from functools import lru_cache
from operator import attrgetter
from typing import Any, NamedTuple

from recon.model import GAP_RECORD, FieldType, Gap, GapKind
from recon.money import cents

#: The gap record's fields in reports, in order: (JSON key and CSV column, field).
_OUT = tuple((f.out, f) for f in GAP_RECORD if f.out is not None)
#: JSON keys and CSV columns of a gap, derived from :data:`recon.model.GAP_RECORD`.
GAP_FIELDS = ("rank", *(out for out, _ in _OUT))
#: Report columns holding words (names, reasons): the CSV neutralises them.
TEXT_FIELDS = frozenset(out for out, f in _OUT if f.type in (FieldType.TEXT, FieldType.KIND))


def money_text(amount: Decimal | None) -> str | None:
    """Money as exact text with two decimals ("1234.50"), or None when unknown."""
    if amount is None:
        return None
    if not amount:
        # Zero keeps its sign ("-0.00"), and -0 and 0 are one dictionary key: never cached.
        return f"{cents(amount):.2f}"
    return _nonzero_money_text(amount)


@lru_cache(maxsize=65_536)
def _nonzero_money_text(amount: Decimal) -> str:
    # A report writes the same few thousand amounts hundreds of thousands of times; equal
    # non-zero amounts (12.5 and 12.50) have the same text.
    return f"{cents(amount):.2f}"


@lru_cache(maxsize=65_536)
def qty_value(qty: Decimal) -> int | float:
    """A seat count for JSON: an int when whole (nearly always), else a float."""
    return int(qty) if qty == qty.to_integral_value() else float(qty)


def _kind(value: GapKind) -> str:
    # ``_value_`` is a plain attribute; ``.value`` goes through a slow descriptor per call.
    return value._value_


def _same(value: Any) -> Any:
    return value


def _day(value: date) -> str:
    return value.isoformat()


#: How each type of gap field is written in JSON (and so in CSV); None stays None.
_JSON: dict[FieldType, Callable[[Any], Any]] = {
    FieldType.KIND: _kind,
    FieldType.TEXT: _same,
    FieldType.QTY: qty_value,
    FieldType.MONEY: money_text,
    FieldType.SCORE: _same,
    FieldType.DAY: _day,
}
_WRITERS = tuple((out, f.name, _JSON[f.type]) for out, f in _OUT)
#: Every reported field of a gap in one C call (a getattr per field costs more than the rest).
_READ = attrgetter(*(name for _, name, _ in _WRITERS))
#: The fields that need writing, by position; text and scores go out as they are.
_CONVERT = tuple((i, write) for i, (_, _, write) in enumerate(_WRITERS) if write is not _same)
_KEYS = tuple(out for out, _, _ in _WRITERS)
_RANKED_KEYS = ("rank", *_KEYS)
_LABELLED_KEYS = ("rank", "id", "status", *_KEYS)


def _values(gap: Gap) -> list[Any]:
    """A gap's reported fields in :data:`_KEYS` order, written for JSON."""
    values = list(_READ(gap))
    for i, write in _CONVERT:
        value = values[i]
        if value is not None:
            values[i] = write(value)
    return values


class GapLabel(NamedTuple):
    """What the store says about a gap of a run: its id (None when not saved) and the status
    word lists show (``new``, ``open``, ``escalated``, ``resolved``, ...)."""

    id: int | None
    status: str


#: The label of a gap the store does not know (yet).
_NEW = GapLabel(None, "new")


#: Where the gap's key (client, product and kind: :attr:`recon.model.Gap.key`) is among the
#: reported fields, and where the kind is. The key is made from its parts a column at a time:
#: the property, called per gap, cost as much as writing the column.
KEY_AT = next(i for i, (_, f) in enumerate(_OUT) if f.name == "key")
_KIND_AT = next(i for i, (_, f) in enumerate(_OUT) if f.name == "kind")
#: One getter per field: a column read field by field, each a C pass over the gaps, costs less
#: than a tuple of every field per gap transposed into columns.
_READ_PARTS = tuple(
    map(
        attrgetter,
        (
            *(f.name for i, (_, f) in enumerate(_OUT) if i != KEY_AT),
            "client_key",
            "product_key",
        ),
    )
)
_KEY_TEXT = "{}|{}|{}".format


def read_columns(gaps: Sequence[Gap]) -> list[Sequence[Any]]:
    """The reported fields of the gaps, a column each, in GAP_FIELDS order (without the rank)."""
    if set(map(type, gaps)) != {Gap}:  # a subclass may make its key otherwise
        return list(zip(*map(_READ, gaps), strict=True))
    read: list[Sequence[Any]] = [list(map(get, gaps)) for get in _READ_PARTS]
    products, clients = read.pop(), read.pop()
    kinds = read[_KIND_AT if _KIND_AT < KEY_AT else _KIND_AT - 1]
    read.insert(KEY_AT, list(map(_KEY_TEXT, clients, products, map(_KIND_VALUE, kinds))))
    return read


_KIND_VALUE = attrgetter("_value_")
