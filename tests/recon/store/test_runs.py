"""Recording runs: what is kept, and that a run is saved whole or not at all."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from sqlite_utils import Database

from recon.errors import StoreError
from recon.model import GapKind, SeatCol
from recon.store import GapStatus, Store
from recon.store import _runapply as runapply_module
from tests.conftest import FakeClock
from tests.recon.store.build import make_gap, make_result, seats_for


def _counts(path: Path) -> dict[str, int]:
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        return {
            table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("runs", "run_files", "seat_history", "gaps", "run_gaps", "clients")
        }


def _gap_rows(path: Path) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        return conn.execute("SELECT * FROM gaps ORDER BY id").fetchall()


def test_run_keeps_when_sources_counts_and_totals(store: Store, clock: FakeClock) -> None:
    under = make_gap("Acme", vendor_qty=12, psa_qty=10)
    over = make_gap("Wayne", kind=GapKind.MISSING_IN_VENDOR, vendor_qty=0, psa_qty=1)
    record = store.record_run(make_result(under, over), source="api:pax8")

    run = store.last_run()
    assert run is not None
    assert (run.run_id, run.at, run.source) == (record.run_id, clock(), "api:pax8")
    assert run.gap_count == 2
    assert run.seat_rows == 2
    assert (run.under_billed, run.over_billed) == (Decimal("50.00"), Decimal("25.00"))
    assert run.gap_counts == {"quantity_mismatch": 1, "missing_in_vendor": 1}
    assert run.gap_totals["missing_in_vendor"] == Decimal("-25.00")
    assert [(f.side, f.path, f.sha256, f.rows_read, f.rows_used) for f in run.files] == [
        ("vendor", "pax8.csv", "ab" * 32, 10, 9),
        ("psa", "cw.csv", "cd" * 32, 8, 8),
    ]
    assert run.files[0].skipped == {"total": 1}


def test_runs_are_listed_newest_first(store: Store, clock: FakeClock) -> None:
    assert store.last_run() is None
    ids = []
    for _ in range(3):
        ids.append(store.record_run(make_result(make_gap())).run_id)
        clock.advance(days=1)
    assert [r.run_id for r in store.runs()] == ids[::-1]
    assert [r.run_id for r in store.runs(limit=2)] == ids[:0:-1]


def test_seat_history_keeps_both_sides_of_every_pair(store: Store) -> None:
    gap = make_gap("Acme", vendor_qty=12, psa_qty=10)
    seats = seats_for([gap], extra=[("Acme", "Exchange Online Plan 1", 5, 5)])
    store.record_run(make_result(gap, seats=seats))
    rows = store.history(client="Acme")
    assert [(r.product, r.vendor_qty, r.psa_qty, r.seat_delta) for r in rows] == [
        ("Exchange Online Plan 1", 5, 5, 0),
        ("Microsoft 365 Business Premium", 12, 10, 2),
    ]


def test_a_run_with_no_gaps_and_no_seats_is_still_a_run(store: Store) -> None:
    empty = make_result(seats=pd.DataFrame(columns=list(SeatCol.ALL)))
    record = store.record_run(empty)
    assert store.last_run() is not None
    assert record.new == record.fixed == ()


def test_duplicate_gap_keys_are_refused_and_nothing_is_written(store: Store, db_path: Path) -> None:
    gap = make_gap()
    with pytest.raises(StoreError, match="twice"):
        store.record_run(make_result(gap, gap, seats=seats_for([gap])))
    assert _counts(db_path)["runs"] == 0


def test_duplicate_seat_rows_are_refused(store: Store, db_path: Path) -> None:
    gap = make_gap()
    seats = pd.concat([seats_for([gap]), seats_for([gap])])
    with pytest.raises(StoreError, match="more than once"):
        store.record_run(make_result(gap, seats=seats))
    assert _counts(db_path)["runs"] == 0


def test_seat_frame_without_its_columns_is_refused(store: Store) -> None:
    seats = pd.DataFrame({"client": ["Acme"]})
    with pytest.raises(StoreError, match="lacks columns"):
        store.record_run(make_result(make_gap(), seats=seats))


def test_crash_after_seat_history_insert_leaves_previous_state_intact(
    store: Store, db_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.record_run(make_result(make_gap("Acme"), make_gap("Wayne")))
    before_counts, before_gaps = _counts(db_path), _gap_rows(db_path)
    reached: list[int] = []

    def crash(db: Database, ctx: object, gaps: object, scope: object) -> None:
        # Inside the transaction the new run and its seats are already written...
        reached.append(db.conn.execute("SELECT count(*) FROM seat_history").fetchone()[0])
        raise KeyboardInterrupt  # ...and even a BaseException rolls them back.

    monkeypatch.setattr(runapply_module, "_apply_lifecycle", crash)
    clock.advance(days=7)
    with pytest.raises(KeyboardInterrupt):
        store.record_run(make_result(make_gap("Acme", vendor_qty=20)))

    assert reached == [before_counts["seat_history"] + 1]
    assert _counts(db_path) == before_counts
    assert _gap_rows(db_path) == before_gaps


def test_database_failure_mid_lifecycle_rolls_the_whole_run_back(
    store: Store, db_path: Path, clock: FakeClock
) -> None:
    first = store.record_run(make_result(make_gap("Acme"), make_gap("Wayne")))
    before_counts, before_gaps = _counts(db_path), _gap_rows(db_path)
    with closing(sqlite3.connect(db_path, isolation_level=None)) as conn:
        # A real failure inside SQLite after runs, files and seat history are written.
        conn.execute(
            "CREATE TRIGGER boom BEFORE INSERT ON run_gaps "
            "BEGIN SELECT RAISE(ABORT, 'disk on fire'); END"
        )
    clock.advance(days=7)
    with pytest.raises(sqlite3.IntegrityError, match="disk on fire"):
        store.record_run(make_result(make_gap("Acme", vendor_qty=20), make_gap("Bruce")))

    assert _counts(db_path) == before_counts
    assert _gap_rows(db_path) == before_gaps
    with closing(sqlite3.connect(db_path, isolation_level=None)) as conn:
        conn.execute("DROP TRIGGER boom")
    record = store.record_run(make_result(make_gap("Acme", vendor_qty=20)))
    assert record.run_id == first.run_id + 1
    assert record.grew == (first.new[0],)
    assert store.gap(first.new[1]).status is GapStatus.FIXED
