"""The JSON report read from the comparison's gap columns is the report read gap by gap.

The old path (every gap's fields read back and written a column at a time) is the oracle:
for any list of gaps drawn from a table, reordered, cut short or with records a later step
replaced, the bytes are the same.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recon import report
from recon.model import GAP_RECORD, FieldColumn, Gap, GapKind, GapTable, ReconResult
from recon.report import _coded, _json
from recon.service import ReconcileRequest, run_reconciliation
from tests.recon.store.build import make_gap, make_result

_EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
_FIELDS = [f.name for f in GAP_RECORD if not f.computed]


def table_of(gaps: Sequence[Gap], *, plain: frozenset[str] = frozenset({"why"})) -> GapTable:
    """The gaps as a table: each field coded by identity of its value objects (so -0.00 and
    0.00 stay two values, as the comparison's codes keep them), ``plain`` fields as they are."""
    fields: dict[str, FieldColumn] = {}
    for name in _FIELDS:
        values = [getattr(g, name) for g in gaps]
        distinct = np.empty(len(values), dtype=object)
        distinct[:] = values
        if name in plain:
            fields[name] = (distinct, None)
            continue
        first: dict[int, int] = {}
        codes = np.array([first.setdefault(id(v), i) for i, v in enumerate(values)], np.int64)
        fields[name] = (distinct, codes)
    return GapTable(tuple(gaps), fields)


def _json_of(result: ReconResult, labels: dict[str, report.GapLabel] | None = None) -> str:
    out = io.StringIO()
    report.write_json(out, result, extra={"run": {"id": 3}}, labels=labels)
    return out.getvalue()


_amount = st.one_of(
    st.sampled_from([Decimal("0.00"), Decimal("-0.00"), Decimal("12.5"), Decimal("-3.10")]),
    st.integers(min_value=-1_000_000, max_value=1_000_000).map(lambda c: Decimal(c).scaleb(-2)),
)
_money = st.one_of(st.none(), _amount)
_text = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=12)


@st.composite
def _gaps(draw: st.DrawFn) -> list[Gap]:
    count = draw(st.integers(min_value=1, max_value=12))
    made = []
    clients = draw(st.lists(_text, min_size=1, max_size=4))
    for i in range(count):
        gap = make_gap(
            draw(st.sampled_from(clients)),
            draw(st.sampled_from(["E3", "E5", 'Teams "Ess"'])),
            kind=draw(st.sampled_from(list(GapKind))),
            vendor_qty=draw(st.sampled_from([0, 2, 12, "2.5"])),
            psa_qty=draw(st.sampled_from([0, 3, 10])),
        )
        made.append(
            dataclasses.replace(
                gap,
                vendor_client=draw(st.one_of(st.none(), _text)),
                psa_unit_price=draw(_money),
                monthly_impact=draw(_amount),
                confidence=draw(st.sampled_from([1.0, 0.95, 0.5, 0.833])),
                why=draw(_text) + f" {i}",
                term=draw(st.sampled_from([None, "annual", "annual + monthly"])),
                term_end=draw(st.sampled_from([None, dt.date(2027, 1, 31)])),
                currency=draw(st.sampled_from([None, "USD", "EUR"])),
            )
        )
    return made


@settings(max_examples=60, deadline=None)
@given(
    gaps=_gaps(),
    data=st.data(),
    labelled=st.booleans(),
    chunk=st.integers(min_value=1, max_value=5),
)
def test_a_report_read_from_the_table_is_the_report_read_gap_by_gap(
    gaps: list[Gap], data: st.DataObject, labelled: bool, chunk: int
) -> None:
    table = table_of(gaps)
    # The listed gaps: some of the table's, in any order, and some replaced (new records).
    order = data.draw(st.permutations(range(len(gaps))))
    kept = order[: data.draw(st.integers(min_value=1, max_value=len(gaps)))]
    listed = []
    for i in kept:
        gap = table.gaps[i]
        if data.draw(st.booleans()):
            gap = dataclasses.replace(gap, why=gap.why + " (pending)", confidence=0.5)
        listed.append(gap)
    labels = {listed[0].key: report.GapLabel(7, "open")} if labelled else None
    plain = make_result(*listed)
    coded = dataclasses.replace(plain, gap_table=table)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_json, "PRETTY_JSON_LIMIT", 0)  # streamed, a chunk at a time
        patch.setattr(_json, "_JSON_CHUNK", chunk)
        assert _json_of(coded, labels) == _json_of(plain, labels)
    assert _coded.coded_gaps(table, listed, _json._JSON_COLUMNS) is not None


def test_replaced_gaps_are_read_from_their_own_fields(monkeypatch: pytest.MonkeyPatch) -> None:
    """A gap a later step replaced (a new record) is written as it is now, never as the
    table's row it replaced."""
    monkeypatch.setattr(_json, "PRETTY_JSON_LIMIT", 0)
    gaps = [make_gap(f"Client {i}", "E3", vendor_qty=i + 4) for i in range(4)]
    table = table_of(gaps)
    pending = dataclasses.replace(table.gaps[2], why="pending the review", confidence=0.5)
    named = dataclasses.replace(table.gaps[1], why="named in a family question")
    listed = (table.gaps[3], pending, named, table.gaps[0])
    result = dataclasses.replace(make_result(*listed), gap_table=table)
    written = json.loads(_json_of(result))["gaps"]
    assert [g["why"] for g in written] == [
        "hand-built",
        "pending the review",
        "named in a family question",
        "hand-built",
    ]
    assert [g["client"] for g in written] == ["Client 3", "Client 2", "Client 1", "Client 0"]
    assert _json_of(result) == _json_of(dataclasses.replace(result, gap_table=None))


def test_a_table_without_every_reported_field_is_not_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_json, "PRETTY_JSON_LIMIT", 0)
    gaps = [make_gap(f"Client {i}", "E5") for i in range(3)]
    full = table_of(gaps)
    short = GapTable(full.gaps, {k: v for k, v in full.fields.items() if k != "term"})
    assert _coded.coded_gaps(short, gaps, _json._JSON_COLUMNS) is None
    result = dataclasses.replace(make_result(*gaps), gap_table=short)
    assert _json_of(result) == _json_of(dataclasses.replace(result, gap_table=None))


def test_the_comparison_table_holds_each_gaps_own_values(tmp_path: Path) -> None:
    """A run's table: each listed gap that is one of its records has, in every field, the
    very object the record holds, so a report read from it is the report read gap by gap."""
    outcome = run_reconciliation(
        ReconcileRequest(
            vendor=_EXAMPLES / "vendor_partner_center.csv",
            psa=_EXAMPLES / "psa_connectwise.csv",
            save=False,
        ),
        db_path=tmp_path / "recon.db",
    )
    result = outcome.result
    table = result.gap_table
    assert table is not None and result.gaps
    rows = table.rows_of(result.gaps)
    own = [i for i, row in enumerate(rows.tolist()) if row >= 0]
    assert len(own) >= len(result.gaps) // 2
    for name in _FIELDS:
        values = table.values(name, rows[own])
        assert all(v is getattr(result.gaps[i], name) for i, v in zip(own, values, strict=True))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_json, "PRETTY_JSON_LIMIT", 0)
        assert _json_of(result) == _json_of(dataclasses.replace(result, gap_table=None))
