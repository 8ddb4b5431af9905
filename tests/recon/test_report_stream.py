"""A large JSON report is written a chunk at a time, byte for byte as ``json.dumps`` writes it."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import random
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recon import report
from recon.cli.output import write_atomic
from recon.model import (
    Charge,
    ClientMatch,
    GapKind,
    MatchMethod,
    NotRecurring,
    ReconResult,
    Side,
)
from recon.report import _csv, _fields, _json
from tests.recon.store.build import make_gap, make_result


def _large(gaps: int, extra_lines: int) -> ReconResult:
    made = [
        make_gap(f'Client {i} \u00e9"\\', f"Product {i % 7}", vendor_qty=i % 5 + 1, psa_qty=3)
        for i in range(gaps)
    ]
    result = make_result(*made)
    lines = tuple(
        NotRecurring(Side.VENDOR, Charge.TRIAL, f"Trial {i}", "Teams", 1, Decimal(i), None, None)
        for i in range(extra_lines)
    )
    return dataclasses.replace(
        result, summary=dataclasses.replace(result.summary, not_recurring=lines)
    )


def _whole(result: ReconResult, **kwargs: object) -> str:
    doc = report.result_to_dict(result, **kwargs)  # type: ignore[arg-type]
    return json.dumps(doc, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("extra_lines", [0, 1, 7])
def test_a_streamed_report_is_the_whole_document_byte_for_byte(
    monkeypatch: pytest.MonkeyPatch, extra_lines: int
) -> None:
    monkeypatch.setattr(_json, "PRETTY_JSON_LIMIT", 3)
    monkeypatch.setattr(_json, "_JSON_CHUNK", 2)  # several chunks, the last one short
    result = _large(9, extra_lines)
    out = io.StringIO()
    report.write_json(out, result, extra={"run": {"id": 3}})
    assert out.getvalue() == _whole(result, extra={"run": {"id": 3}})
    assert report.render_json(result) == _whole(result)
    assert [g["rank"] for g in json.loads(out.getvalue())["gaps"]] == list(range(1, 10))


def _odd_gaps() -> ReconResult:
    """Gaps holding every kind of value a field can: None, fractions, -0.00, dates, quotes,
    control characters, characters beyond the BMP, a percent sign, scores that are not
    round."""
    base = make_gap('Caf\u00e9 "Nord" 100%', "Teams\x00\x1f\U0001f600", vendor_qty="2.5")
    return make_result(
        base,
        dataclasses.replace(
            make_gap("B\\C", "\u2028Exchange", kind=GapKind.MISSING_IN_PSA, unit_price=None),
            vendor_client=None,
            psa_product=None,
            monthly_impact=Decimal("-0.00"),
            confidence=0.8333333333333334,
            term="annual + monthly",
            term_end=dt.date(2027, 1, 31),
            act_by=dt.date(2026, 12, 1),
            bill_recovers=Decimal("1234.5"),
            currency="EUR",
        ),
        dataclasses.replace(base, client="%s %d {}", seat_delta=Decimal("-0.001"), confidence=1.0),
    )


def _odd_lines() -> tuple[NotRecurring, ...]:
    return (
        NotRecurring(Side.PSA, Charge.ONE_TIME, "Caf\u00e9 %s", 'Set"up', 2, Decimal("1.5"),
                     Decimal("-0.00"), "EUR"),
        NotRecurring(Side.VENDOR, Charge.PRORATION, "A", "\U0001f600", 1, Decimal(3),
                     Decimal("12.5"), None),
    )  # fmt: skip


@pytest.mark.parametrize("labelled", [False, True])
def test_gaps_written_a_column_at_a_time_are_what_json_dumps_writes(
    monkeypatch: pytest.MonkeyPatch, labelled: bool
) -> None:
    monkeypatch.setattr(_json, "PRETTY_JSON_LIMIT", 0)
    monkeypatch.setattr(_json, "_JSON_CHUNK", 2)
    result = _odd_gaps()
    result = dataclasses.replace(
        result, summary=dataclasses.replace(result.summary, not_recurring=_odd_lines())
    )
    keys = [g.key for g in result.gaps]
    labels = (
        {keys[0]: report.GapLabel(41, "open"), keys[1]: report.GapLabel(None, 'snoo"zed')}
        if labelled
        else None
    )
    out = io.StringIO()
    report.write_json(out, result, labels=labels)
    assert out.getvalue() == _whole(result, labels=labels)
    gaps = json.loads(out.getvalue())["gaps"]
    assert gaps[1]["monthly_impact"] == "-0.00" and gaps[1]["term_end"] == "2027-01-31"


def test_a_small_report_stays_indented() -> None:
    result = _large(2, 1)
    text = report.render_json(result)
    assert text == json.dumps(report.result_to_dict(result), indent=2, ensure_ascii=False) + "\n"


def test_extra_replacing_a_list_still_writes_the_whole_document(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_json, "PRETTY_JSON_LIMIT", 0)
    result = _large(3, 2)
    out = io.StringIO()
    report.write_json(out, result, extra={"gaps": []})
    assert json.loads(out.getvalue())["gaps"] == []


def test_an_output_file_is_written_from_a_writer_as_utf8(tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    path.write_text("old", encoding="utf-8")
    write_atomic(path, lambda out: out.write("caf\u00e9\r\n"))
    assert path.read_bytes() == "caf\u00e9\r\n".encode()
    assert not [p for p in tmp_path.iterdir() if p != path]  # no temporary file is left


def test_money_text_keeps_the_sign_of_zero_whatever_was_written_before() -> None:
    # -0 and 0 are equal (one cache key); a negative amount that rounds to zero shows "-0.00".
    assert [report.money_text(Decimal(t)) for t in ("0.00", "-0.00", "0", "-0.001")] == [
        "0.00",
        "-0.00",
        "0.00",
        "-0.00",
    ]
    assert [report.money_text(Decimal(t)) for t in ("12.5", "12.50", "-12.345")] == [
        "12.50",
        "12.50",
        "-12.35",
    ]
    assert [report.qty_value(Decimal(t)) for t in ("2.000", "2", "-0", "2.5")] == [2, 2, 0, 2.5]


def _old_extra_totals(items: tuple[NotRecurring, ...]) -> dict[str, dict[str, object]]:
    """The not-recurring totals as they were summed before, entry by entry: the oracle."""
    out: dict[str, dict[str, Any]] = {}
    for item in items:
        entry = out.setdefault(item.charge._value_, {"lines": 0, "seats": Decimal(0), "amount": {}})
        entry["lines"] += item.lines
        entry["seats"] += item.seats
        if item.amount is not None:
            code = item.currency or ""
            entry["amount"][code] = entry["amount"].get(code, Decimal(0)) + item.amount
    for entry in out.values():
        entry["seats"] = report.qty_value(entry["seats"])
        entry["amount"] = {k: report.money_text(v) for k, v in entry["amount"].items()}
    return out


_NAMES = ("Acme Corp", "Caf\u00e9 M\u00fcller GmbH", '"Quoted" & Co', "\u6771\u4eac\u682a\u5f0f",
          "Back\\slash", "Tab\there", "\U0001f600 Emoji Ltd", "=SUM(A1)", "100% Pure")  # fmt: skip
_MONEY = ("0", "-0", "0.00", "-0.00", "12.5", "12.50", "-12.345", "-0.004", "0.004",
          "1234567.891", "-99.99", "3.333333")  # fmt: skip
_SCORES = (1.0, 0.5, 0.8333333333333334, 0.0, -0.0, 1e-7, 0.99)


def _varied(rng: random.Random, gaps: int, entries: int) -> ReconResult:
    """A result whose long lists mix every value their fields hold, chosen at random."""

    def pick(options: Sequence[Any]) -> Any:
        return options[rng.randrange(len(options))]

    def money() -> Decimal | None:
        return None if rng.random() < 0.2 else Decimal(pick(_MONEY))

    made = []
    for i in range(gaps):
        name = f"{pick(_NAMES)} {rng.randrange(50)}"
        gap = make_gap(name, pick(_NAMES[:4]) + " Plan", kind=pick(list(GapKind)),
                       vendor_qty=pick(("0", "-0", "2", "2.000", "2.5", "-3")),
                       psa_qty=pick(("0", "7", "1.25")))  # fmt: skip
        made.append(
            dataclasses.replace(
                gap,
                vendor_client=None if rng.random() < 0.3 else name,
                psa_product=None if rng.random() < 0.3 else gap.product,
                vendor_unit_cost=money(),
                psa_unit_price=money(),
                monthly_impact=Decimal(pick(_MONEY)),
                confidence=pick(_SCORES),
                term=pick((None, "annual", "monthly")),
                term_end=pick((None, dt.date(2027, 1, 31), dt.date(2026, 12, 1))),
                bill_recovers=money(),
                currency=pick((None, "USD", "EUR", "")),
                rests_on=pick((None, "the mapping question 'A' = 'B'")),
                why=f"why {i} \u00e9\x01",
            )
        )
    result = make_result(*made)
    lines = tuple(
        NotRecurring(pick(list(Side)), pick([Charge.TRIAL, Charge.ONE_TIME, Charge.PRORATION]),
                     pick(_NAMES), pick(_NAMES), rng.randrange(1, 4),
                     Decimal(pick(("1", "2.5", "-0", "10"))), money(), pick((None, "USD", "")))
        for _ in range(entries)
    )  # fmt: skip
    matches = tuple(
        ClientMatch(
            pick(_NAMES), pick(_NAMES), pick(list(MatchMethod)), pick((*_SCORES, 1)), "v", "p"
        )
        for _ in range(entries)
    )
    return dataclasses.replace(
        result,
        summary=dataclasses.replace(result.summary, not_recurring=lines),
        matches=matches,
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_report_written_by_columns_is_the_per_row_document_on_a_varied_sample(
    monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    # The oracle: the per-row dicts of ``result_to_dict`` encoded by ``json.dumps``. The
    # column writers must give the same bytes for unicode names, negative and signed-zero
    # money, None in every optional field, odd scores, and runs of several chunks.
    monkeypatch.setattr(_json, "PRETTY_JSON_LIMIT", 0)
    monkeypatch.setattr(_json, "_JSON_CHUNK", 250)
    result = _varied(random.Random(seed), gaps=600, entries=500)
    keys = [g.key for g in result.gaps]
    for labels in (None, {}, {k: report.GapLabel(i, "open") for i, k in enumerate(keys[::3])}):
        out = io.StringIO()
        report.write_json(out, result, labels=labels)
        assert out.getvalue() == _whole(result, labels=labels)
    totals = report.result_to_dict(result)["summary"]["not_recurring_totals"]
    assert totals == _old_extra_totals(result.summary.not_recurring)
    assert json.dumps(totals) == json.dumps(_old_extra_totals(result.summary.not_recurring))


def test_not_recurring_totals_add_across_interleaved_runs_in_order() -> None:
    lines = (
        NotRecurring(Side.VENDOR, Charge.TRIAL, "A", "T", 1, Decimal(1), Decimal("1.10"), "USD"),
        NotRecurring(Side.VENDOR, Charge.ONE_TIME, "A", "T", 2, Decimal(2), None, None),
        NotRecurring(Side.PSA, Charge.TRIAL, "B", "T", 3, Decimal("0.5"), Decimal("-2"), None),
        NotRecurring(Side.PSA, Charge.TRIAL, "B", "T", 1, Decimal(1), Decimal("3.005"), ""),
        NotRecurring(Side.PSA, Charge.TRIAL, "B", "T", 1, Decimal(1), Decimal("0.9"), "USD"),
    )
    result = make_result(make_gap())
    result = dataclasses.replace(
        result, summary=dataclasses.replace(result.summary, not_recurring=lines)
    )
    totals = report.result_to_dict(result)["summary"]["not_recurring_totals"]
    assert totals == {
        "trial": {"lines": 6, "seats": 3.5, "amount": {"USD": "2.00", "": "1.01"}},
        "one_time": {"lines": 2, "seats": 2, "amount": {}},
    }
    assert totals == _old_extra_totals(lines)


def _old_csv(gaps: Sequence[Any], labels: Any = None) -> str:
    """The CSV as it was written before, gap by gap and cell by cell: the oracle."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(
        report.GAP_FIELDS if labels is None else ("gap_id", "status", *report.GAP_FIELDS)
    )
    text_at = [out in report.TEXT_FIELDS for out in report.GAP_FIELDS[1:]]
    for rank, gap in enumerate(gaps, start=1):
        cells = [str(rank)]
        for text, value in zip(text_at, _fields._values(gap), strict=True):
            if value is None:
                cells.append("")
            else:
                cells.append(report.neutralise(str(value)) if text else str(value))
        if labels is not None:
            label = labels.get(gap.key, _fields._NEW) if labels else _fields._NEW
            cells = ["" if label.id is None else str(label.id), label.status, *cells]
        writer.writerow(cells)
    return buffer.getvalue()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_csv_written_by_columns_is_the_per_row_csv_on_a_varied_sample(seed: int) -> None:
    # Signed-zero money and scores, None in every optional field, formula-like names: each
    # column worked out per distinct value must give the cells written one by one.
    result = _varied(random.Random(seed), gaps=600, entries=0)
    keys = [g.key for g in result.gaps]
    for labels in (None, {}, {k: report.GapLabel(i, "open") for i, k in enumerate(keys[::3])}):
        assert report.render_csv(result.gaps, labels=labels) == _old_csv(result.gaps, labels)
    assert report.render_csv([]) == _old_csv([])


_csv_text = st.text(alphabet=st.sampled_from(",\"\r\n=+-@\t a'\x00\u00e9|"), max_size=6)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_a_csv_joined_from_columns_is_what_csv_writer_writes(data: st.DataObject) -> None:
    # Cells with commas, quotes, line breaks, formula starts or nothing at all, in columns
    # none of whose cells needs anything and columns where some do: the per-row CSV of
    # ``csv.writer`` (the oracle kept above) must come out byte for byte.
    names = data.draw(st.lists(_csv_text, min_size=1, max_size=8))
    whys = data.draw(st.lists(_csv_text, min_size=len(names), max_size=len(names)))
    plain = data.draw(st.booleans())
    gaps = [
        dataclasses.replace(
            make_gap(name if not plain else f"Client {i}", "Plan"),
            vendor_client=None if plain else name,
            why=f"why {i}" if plain else why,
        )
        for i, (name, why) in enumerate(zip(names, whys, strict=True))
    ]
    for labels in (None, {}):
        assert report.render_csv(gaps, labels=labels) == _old_csv(gaps, labels)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_csv_text, min_size=2, max_size=4), min_size=1, max_size=6))
def test_csv_cells_are_quoted_as_csv_writer_quotes_them(rows: list[list[str]]) -> None:
    width = min(map(len, rows))
    rows = [row[:width] for row in rows]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    columns = [[_csv.csv_cell(row[i]) for row in rows] for i in range(width)]
    assert _csv.csv_rows(columns) == buffer.getvalue()
