"""A column writer keeping its table across a report's chunks writes what a fresh one does."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from recon.model import GapKind
from recon.report import money_text, qty_value
from recon.report._columns import (
    day_column,
    int_column,
    kind_column,
    money_column,
    object_template,
    objects,
    qty_column,
    score_column,
    text_column,
)

_money = st.one_of(
    st.none(),
    st.sampled_from(["0", "-0", "0.00", "-0.00", "12.5", "12.50", "-0.004", "0.004", "-3"]).map(
        Decimal
    ),
)
_qty = st.sampled_from(["0", "-0", "2", "2.000", "2.5", "-3"]).map(Decimal)
_text = st.one_of(st.none(), st.sampled_from(["a", "b", 'q"uote', "\u00e9", "a"]))
_writers = (
    (lambda v, t=None: money_column(v, money_text, t), _money),
    (lambda v, t=None: qty_column(v, qty_value, t), _qty),
    (text_column, _text),
    (text_column, st.sampled_from(["x", "y"])),
    (kind_column, st.sampled_from(list(GapKind))),
    (int_column, st.one_of(st.none(), st.integers(-3, 3))),
    (score_column, st.sampled_from([0.5, 1.0, 0.25, 0.0, -0.0])),
    (day_column, st.one_of(st.none(), st.just(dt.date(2027, 1, 31)))),
)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_a_table_kept_across_chunks_writes_each_chunk_as_a_fresh_writer(
    data: st.DataObject,
) -> None:
    write, values = data.draw(st.sampled_from(_writers))
    chunks = data.draw(st.lists(st.lists(values, max_size=8), min_size=1, max_size=5))
    table: dict[object, str] = {}
    for chunk in chunks:
        assert write(chunk, table) == write(chunk)


def _old_objects(keys: tuple[str, ...], columns: list[list[str]]) -> str:
    """The items as they were written before, a ``%`` of a template per object: the oracle."""
    texts = (json.dumps(k, ensure_ascii=False).replace("%", "%%") for k in keys)
    template = "{" + ", ".join(t + ": %s" for t in texts) + "}"
    return ", ".join(map(template.__mod__, zip(*columns, strict=True)))


_key = st.text(alphabet=st.sampled_from('ab%"\\\u00e9, {}:'), min_size=1, max_size=4)
_cell = st.text(alphabet=st.sampled_from('01"null%s, {}'), max_size=5)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_objects_joined_at_once_are_the_objects_written_one_by_one(data: st.DataObject) -> None:
    keys = tuple(data.draw(st.lists(_key, min_size=1, max_size=5, unique=True)))
    rows = data.draw(st.integers(0, 6))
    columns = [data.draw(st.lists(_cell, min_size=rows, max_size=rows)) for _ in keys]
    joined = objects(object_template(keys), columns)
    assert joined == _old_objects(keys, columns)


def test_a_column_no_entry_has_is_nulls_as_json_writes_them() -> None:
    # A distributor's report has whole chunks with no term or deadline: written without a
    # lookup, still exactly what the encoder writes.
    for write, _ in _writers:
        table: dict[object, str] = {}
        assert write([None, None, None], table) == [json.dumps(None)] * 3
        assert write([None], table) == write([None])


def _old_text_column(values: list[object], table: dict[object, str] | None = None) -> list[str]:
    """Texts as the column was written before (types read off every value): the oracle."""
    encode = json.encoder.encode_basestring  # type: ignore[attr-defined]
    types = set(map(type, values))
    if types <= {str, type(None)}:
        return ["null" if v is None else encode(v) for v in values]
    return [json.dumps(v, ensure_ascii=False) for v in values]


class _Word(str):
    """A str subclass: json writes it as the str it equals."""


_texts = st.one_of(
    st.none(),
    st.sampled_from(["a", "b", 'q"uote', "\u00e9", "back\\slash", "\x01"]),
    st.sampled_from(["a", "b"]).map(_Word),
    st.text(max_size=3),
)
_odd = st.one_of(st.integers(-2, 2), st.lists(st.just("a"), max_size=1), st.just(1.5))


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_a_text_column_is_what_json_writes_whether_its_texts_repeat_or_not(
    data: st.DataObject,
) -> None:
    # Mostly unique (a why) or repeating (names), with None, str subclasses, and now and then
    # a value no text column should hold (a number, an unhashable list): each chunk, with the
    # table kept across them, must be the text json writes for each value.
    cells = st.one_of(_texts, _odd) if data.draw(st.booleans()) else _texts
    chunks = data.draw(st.lists(st.lists(cells, max_size=150), min_size=1, max_size=4))
    table: dict[object, str] = {}
    for chunk in chunks:
        assert text_column(chunk, table) == _old_text_column(chunk)
        assert text_column(chunk) == _old_text_column(chunk)
