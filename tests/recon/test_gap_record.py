"""One gap record (issue 15): a gap's fields are defined once, in ``recon.model.GAP_RECORD``,
and every shape of a gap is derived from it: the report's JSON keys, CSV and table columns,
the store's columns and ``StoredGap``, a held run's saved gaps and the bot's CSV. Adding a
field in one place only fails here."""

from __future__ import annotations

import ast
import csv
import dataclasses
import io
import json
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from recon import report
from recon.model import GAP_RECORD, FieldType, Gap, GapField, check_record
from recon.report import _fields
from recon.store import Store, StoredGap
from recon.store import _gaprows as gaprows
from recon.store import _held as held
from recon.store import _records as records
from tests.conftest import FakeClock
from tests.recon.store.build import make_gap, make_result

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def store(tmp_path: Path, clock: FakeClock) -> Store:
    return Store.open(tmp_path / "recon.db", clock=clock)


def _full_gap() -> Gap:
    """A gap with every optional field set, so a field lost on the way shows."""
    return dataclasses.replace(
        make_gap("Acme Corp"),
        term="annual",
        term_end=date(2027, 1, 31),
        reduce_possible_until=date(2026, 12, 6),
        act_by=date(2026, 12, 6),
        bill_recovers=Decimal("150.00"),
        reduce_saves=Decimal("120.50"),
        currency="USD",
        rests_on="the mapping question 'Spam Filter' = 'Proofpoint Essentials Business'",
    )


def test_the_record_names_every_field_of_a_gap_once() -> None:
    check_record(Gap, GAP_RECORD)
    names = [f.name for f in GAP_RECORD]
    assert len(names) == len(set(names))
    assert {f.name for f in GAP_RECORD if not f.computed} == {
        f.name for f in dataclasses.fields(Gap)
    }


def test_a_field_added_to_the_gap_only_fails_the_check() -> None:
    @dataclass(frozen=True, slots=True)
    class Wider(Gap):
        discount: Decimal | None = None

    with pytest.raises(TypeError, match="discount"):
        check_record(Wider, GAP_RECORD)


def test_a_field_added_to_the_record_only_fails_the_check() -> None:
    extra = GapField("discount", FieldType.MONEY, "a discount", optional=True)
    with pytest.raises(TypeError, match="discount"):
        check_record(Gap, (*GAP_RECORD, extra))


def test_every_field_type_has_a_writer_and_a_reader_everywhere() -> None:
    for table in (_fields._JSON, records._JSON, gaprows._TO_COLUMN, gaprows._FROM_COLUMN):
        assert set(table) == set(FieldType)


def test_the_reports_columns_are_the_records() -> None:
    outs = tuple(f.out for f in GAP_RECORD if f.out is not None)
    assert ("rank", *outs) == report.GAP_FIELDS
    gap = _full_gap()
    as_dict = report.gap_to_dict(gap, rank=1)
    assert tuple(as_dict) == report.GAP_FIELDS
    assert all(value is not None for value in as_dict.values())
    assert as_dict["gap_key"] == gap.key and as_dict["act_by"] == "2026-12-06"
    header = next(csv.reader(io.StringIO(report.render_csv([gap]))))
    assert tuple(header) == report.GAP_FIELDS
    doc = json.loads(report.render_json(make_result(gap)))
    assert tuple(doc["gaps"][0]) == report.GAP_FIELDS


def test_the_table_shows_each_field_the_record_puts_in_it() -> None:
    text = report.render_table(make_result(_full_gap()))
    header = next(line for line in text.splitlines() if line.split()[:1] == ["Client"])
    columns = [f.table for f in GAP_RECORD if f.table is not None]
    headings = [c.heading for c in sorted(columns, key=lambda c: c.at)]
    assert header.split() == " ".join(headings).split()


def test_the_stores_columns_are_the_records(store: Store, tmp_path: Path) -> None:
    assert (
        tuple(f.column for f in GAP_RECORD if f.column is not None) == gaprows.OBSERVATION_COLUMNS
    )
    with closing(sqlite3.connect(tmp_path / "recon.db")) as conn:
        columns = {row[1] for row in conn.execute("PRAGMA table_info(gaps)")}
    assert set(gaprows.OBSERVATION_COLUMNS) <= columns


def test_a_stored_gap_is_a_gap_with_every_field_as_the_run_saw_it(store: Store) -> None:
    gap = _full_gap()
    store.record_run(make_result(gap))
    [stored] = store.gaps()
    assert isinstance(stored, StoredGap) and isinstance(stored, Gap)
    for f in GAP_RECORD:
        assert getattr(stored, f.name) == getattr(gap, f.name), f.name
    as_json = stored.as_json()
    assert all(as_json[f.name] is not None for f in GAP_RECORD if not f.computed)


def test_a_held_run_keeps_every_field_of_its_gaps() -> None:
    gap = _full_gap()
    saved = json.loads(json.dumps(held._gap_json(gap)))
    assert held._gap_from_json(saved) == gap


def test_a_held_run_saved_before_a_field_existed_still_reads() -> None:
    saved = held._gap_json(make_gap("Acme Corp"))
    for name in ("term", "term_end", "act_by", "currency"):
        saved.pop(name)
    assert held._gap_from_json(saved) == make_gap("Acme Corp")


def test_nothing_rebuilds_a_gap_field_by_field() -> None:
    """The bot and the store take the record, not their own list of a gap's fields."""
    offenders = []
    for path in [*(ROOT / "bot").rglob("*.py"), *(ROOT / "recon").rglob("*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == "__dataclass_fields__":
                offenders.append(str(path.relative_to(ROOT)))
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "attr", getattr(node.func, "id", None)) == "fields"
                and node.args
                and isinstance(node.args[0], ast.Name)
                and node.args[0].id in {"Gap", "StoredGap"}
                and path.parent.name != "model"
            ):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
