"""Runs in the store: who caused each, held runs kept whole, and one transaction for a run."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from decimal import Decimal
from pathlib import Path

import pytest

from recon.errors import Conflict, NotFound
from recon.plausibility import RunFigures, SideFigures
from recon.store import Action, GapStatus, Store
from tests.conftest import FakeClock
from tests.recon.store.build import make_gap, make_result

FIGURES = RunFigures(
    SideFigures("pc", 10, 3, Decimal("100")), SideFigures("cw", 8, 3, Decimal("90"))
)


def test_every_run_records_who_caused_it_in_the_audit_log(store: Store) -> None:
    record = store.record_run(make_result(make_gap()), by="U0BILLING", figures=FIGURES)
    run = store.last_run()
    assert run is not None and run.by == "U0BILLING"
    [entry] = store.decisions(runs=True)
    assert (entry.action, entry.by, entry.subject) == (
        Action.RECORD_RUN,
        "U0BILLING",
        f"run {record.run_id}",
    )
    assert entry.after == {"source": "files", "new": 1, "reopened": 0, "fixed": 0}
    assert store.decisions() == []  # people's decisions only, by default
    assert store.last_figures(FIGURES.bundle) == (record.run_id, FIGURES)


def test_a_held_run_changes_no_gap_and_keeps_its_id_when_confirmed(
    store: Store, clock: FakeClock
) -> None:
    first = store.record_run(make_result(make_gap("Acme"), make_gap("Wayne")), figures=FIGURES)
    clock.advance(days=1)
    held = store.hold_run(
        make_result(make_gap("Acme")), by="cli:bob", figures=FIGURES, reasons=("too small",)
    )
    assert held.run_id == first.run_id + 1
    assert [g.status for g in store.gaps(status="all")] == [GapStatus.OPEN, GapStatus.OPEN]
    assert store.last_run().run_id == first.run_id  # type: ignore[union-attr]
    clock.advance(hours=1)
    confirmed = store.confirm_run(held.run_id, by="cli:admin")
    assert confirmed.record.run_id == held.run_id
    wayne = next(g for g in store.gaps(status="all") if g.client == "Wayne")
    assert wayne.status is GapStatus.FIXED and wayne.fixed_at == clock.now
    assert store.last_run().by == "cli:bob"  # type: ignore[union-attr]
    assert store.held_run(held.run_id).decided_by == "cli:admin"


def test_confirm_and_discard_refuse_what_is_not_held(store: Store) -> None:
    with pytest.raises(NotFound, match="no run 5 is or was held"):
        store.confirm_run(5, by="cli:a")
    held = store.hold_run(make_result(make_gap()), figures=FIGURES, reasons=("empty",))
    store.discard_run(held.run_id, by="cli:a", reason="wrong file")
    with pytest.raises(Conflict, match="already discarded by cli:a"):
        store.discard_run(held.run_id, by="cli:b")
    assert store.gaps(status="all") == []
    assert store.decisions(runs=True)[0].reason == "wrong file"


def test_a_transaction_commits_all_or_nothing(store: Store, db_path: Path) -> None:
    def failing_report() -> None:
        with store.transaction():
            store.record_run(make_result(make_gap()))
            store.set_setting("threshold", "250", by="cli:a")
            raise RuntimeError("the report could not be written")

    with pytest.raises(RuntimeError):
        failing_report()
    with closing(sqlite3.connect(db_path)) as conn:
        assert conn.execute("SELECT count(*) FROM runs").fetchone()[0] == 0
    with store.transaction():
        store.record_run(make_result(make_gap()))
        store.set_setting("threshold", "250", by="cli:a")
        with pytest.raises(Conflict):
            store.set_setting("threshold", "250", by="cli:a")  # caught: the block goes on
        assert len(store.gaps()) == 1  # reads inside see the transaction's own writes
    assert len(store.runs()) == 1
    assert store.settings().threshold == Decimal("250.00")


def test_runs_recorded_before_figures_are_compared_on_rows_and_clients(
    store: Store, db_path: Path
) -> None:
    result = make_result(make_gap())
    record = store.record_run(result)
    with closing(sqlite3.connect(db_path)) as conn, conn:
        conn.execute("UPDATE runs SET bundle = NULL, figures = NULL")
    files = {f.side.value: f for f in result.summary.files}
    bundle = f"vendor:{files['vendor'].format_name}+psa:{files['psa'].format_name}"
    found = store.last_figures(bundle)
    assert found is not None
    run_id, figures = found
    assert run_id == record.run_id
    assert figures.vendor.rows == files["vendor"].rows_used
    assert figures.vendor.money is None


def test_a_held_run_keeps_how_it_read_products_until_it_is_confirmed(store: Store) -> None:
    """What its reading kept is the run's, whether applied now or confirmed later; a run
    that says nothing of it is not known to have kept anything (None)."""
    first = store.record_run(make_result(make_gap("Acme")), figures=FIGURES, kept={"ms-m365-f1"})
    held = store.hold_run(
        make_result(make_gap("Acme")),
        figures=FIGURES,
        reasons=("too small",),
        kept={"ms-m365-f1", "ms-o365-e1"},
    )
    assert store.kept_products(held.run_id) is None  # not applied yet
    store.confirm_run(held.run_id, by="cli:admin")
    assert store.kept_products(first.run_id) == {"ms-m365-f1"}
    assert store.kept_products(held.run_id) == {"ms-m365-f1", "ms-o365-e1"}
    later = store.record_run(make_result(make_gap("Acme")), figures=FIGURES)
    assert store.kept_products(later.run_id) is None
