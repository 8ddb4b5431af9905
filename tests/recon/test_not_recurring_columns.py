"""A run's not-recurring entries kept as columns report exactly what their records report.

The oracle is the record-by-record path: the entries a pandas groupby on their texts gives
(``grouped_not_recurring``), written by the per-record JSON writer, summed as Decimals by
``_extra_totals`` and listed by the text table, all of which still serve any plain sequence
of entries.
"""

from __future__ import annotations

import dataclasses
import io
import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recon import report
from recon.engine.not_recurring import not_recurring_of
from recon.model import Charge, LineSet, NotRecurring, NotRecurringColumns, Side
from recon.report import _json, _table
from recon.report._dicts import _extra_totals
from tests.recon.store.build import make_gap, make_result
from tests.recon.test_not_recurring_sums import _rows, _side, grouped_not_recurring

Rows = list[tuple[str, str, str, int, int | None, str]]


def _sides(vendor_rows: Rows, psa_rows: Rows) -> tuple[LineSet, LineSet]:
    return dataclasses.replace(_side(vendor_rows), side=Side.VENDOR), _side(psa_rows)


def _report(items: object, chunk: int, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(_json, "PRETTY_JSON_LIMIT", 0)  # streamed, a chunk at a time
    monkeypatch.setattr(_json, "_JSON_CHUNK", chunk)
    result = make_result(make_gap("Alpha", "Teams", vendor_qty=3, psa_qty=1))
    result = dataclasses.replace(
        result, summary=dataclasses.replace(result.summary, not_recurring=items)
    )
    out = io.StringIO()
    report.write_json(out, result)
    return out.getvalue()


@settings(max_examples=150, deadline=None)
@given(_rows, _rows, st.integers(min_value=1, max_value=9))
def test_columns_report_byte_for_byte_as_the_records(
    vendor_rows: Rows, psa_rows: Rows, chunk: int
) -> None:
    vendor, psa = _sides(vendor_rows, psa_rows)
    items = not_recurring_of(vendor, psa)
    records = (*grouped_not_recurring(vendor), *grouped_not_recurring(psa))
    assert items == records
    assert isinstance(items, NotRecurringColumns) == bool(records)
    if not isinstance(items, NotRecurringColumns):
        return
    assert [items.entry(i) for i in range(len(items))] == list(records)
    assert items[1:4] == records[1:4]
    # The totals: integer sums over the columns, Decimal sums over the records.
    assert json.dumps(_extra_totals(items)) == json.dumps(_extra_totals(records))
    # The text table's summary: per charge kind, totals and the first five entries.
    assert _table._not_recurring_lines(items) == _table._not_recurring_lines(records)
    # The streamed JSON list, in chunks of any size (each written column by column).
    with pytest.MonkeyPatch.context() as patch:
        from_columns = _report(items, chunk, patch)
        from_records = _report(records, chunk, patch)
    assert from_columns == from_records
    # (the records' streamed list is the whole document's: test_report_stream)


def test_one_currency_of_both_sides_is_one_total_in_the_order_first_listed() -> None:
    vendor, psa = _sides(
        [("trial", "Alpha", "Teams", 1000, 2_000_000, "USD")],
        [
            ("trial", "Beta", "Teams", 2000, 5_000_000, "EUR"),
            ("trial", "Gamma", "Teams", 500, 1_004_999, "USD"),
            ("one_time", "Beta", "Setup", 1000, None, ""),
        ],
    )
    items = not_recurring_of(vendor, psa)
    assert isinstance(items, NotRecurringColumns)
    totals = _extra_totals(items)
    # The vendor's USD is listed first, then the PSA's EUR and its USD again: one USD total,
    # the currencies in the order the list first shows them (not sorted).
    assert list(totals) == ["trial", "one_time"]
    assert list(totals["trial"]["amount"].items()) == [("USD", "3.00"), ("EUR", "5.00")]
    assert totals["trial"]["lines"] == 3
    assert totals["trial"]["seats"] == 3.5
    assert totals["one_time"] == {"lines": 1, "seats": 1, "amount": {}}


def test_an_amount_shown_rounded_is_summed_as_shown() -> None:
    # Each entry's money is rounded half up to cents once, then the cents are added:
    # 0.005 + 0.005 shows as 0.01 + 0.01 = 0.02 (not 0.01 from the unrounded sum).
    vendor, psa = _sides(
        [
            ("one_time", "Alpha", "Setup", 1000, 5_000, "USD"),
            ("one_time", "Beta", "Setup", 1000, 5_000, "USD"),
            ("one_time", "Gamma", "Setup", 1000, -5_000, "USD"),
            ("one_time", "Delta", "Setup", 1000, -5_000, "USD"),
            ("one_time", "Delta", "Setup", 1000, -5_000, "USD"),
        ],
        [],
    )
    items = not_recurring_of(vendor, psa)
    assert [e.amount for e in items] == [
        Decimal("0.01"),
        Decimal("0.01"),
        Decimal("-0.01"),
        Decimal("-0.01"),
    ]
    assert _extra_totals(items)["one_time"]["amount"] == {"USD": "0.00"}
    lines = _table._not_recurring_lines(items)
    assert lines[2] == "  one-time charges: 5 lines, 5 seats, $0.00"


def test_reading_the_entries_one_by_one_gives_records() -> None:
    vendor, psa = _sides([("trial", "Alpha", "Teams", 1500, None, "")], [])
    items = not_recurring_of(vendor, psa)
    assert tuple(items) == (
        NotRecurring(Side.VENDOR, Charge.TRIAL, "Alpha", "Teams", 1, Decimal("1.5"), None, None),
    )
    assert items[0] is next(iter(items))  # made once
    assert not_recurring_of(_side([]), _side([])) == ()
