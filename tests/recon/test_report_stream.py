"""A large JSON report is written a chunk at a time, byte for byte as ``json.dumps`` writes it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

from recon import report
from recon.cli.output import write_atomic
from recon.model import Charge, GapKind, NotRecurring, ReconResult, Side
from recon.report import _json
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
