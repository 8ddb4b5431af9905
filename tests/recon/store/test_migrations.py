"""Opening databases: default location, versioned migrations, and files that aren't ours."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from recon.errors import StoreError
from recon.normalize import client_key
from recon.service import ReconcileRequest, run_reconciliation
from recon.store import MIGRATIONS, SCHEMA_VERSION, GapStatus, Store, _db
from recon.store._migrations import migrate, schema_version
from tests.conftest import FakeClock

U1 = "U0AAAAAAA"
T0 = "2026-02-02T09:00:00.000000+00:00"


def _version(path: Path) -> int:
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _tables(path: Path) -> set[str]:
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def _build_v1(path: Path) -> None:
    """A database as the first release left it: schema 1, one run, one gap, one decision."""
    with _db.write(path) as db:
        assert migrate(db, target=1) == [1]
        q = db.conn.execute
        q(
            "INSERT INTO runs (id, at, generated_at, source, gap_count, seat_rows, under_billed, "
            "over_billed, summary) VALUES (1, ?, ?, 'files', 1, 1, '50.00', '0', '{}')",
            (T0, T0),
        )
        q("INSERT INTO clients (id, client_key, name, last_run_id) VALUES (1, 'acme', 'Acme', 1)")
        q("INSERT INTO products (id, product_key, name) VALUES (1, 'cat:m365bp', 'M365 BP')")
        q("INSERT INTO seat_history VALUES (1, 1, 1, 12000, 10000)")
        q(
            "INSERT INTO gaps (id, key, kind, client_key, product_key, client, product, "
            "vendor_qty, psa_qty, seat_delta, monthly_impact, confidence, why, status, "
            "status_changed_at, first_seen, first_run_id, last_seen, last_run_id, runs_seen, "
            "leaked_to_date, refund_risk_to_date, resolved_by, resolved_at) VALUES (7, "
            "'acme|cat:m365bp|quantity_mismatch', 'quantity_mismatch', 'acme', 'cat:m365bp', "
            "'Acme', 'M365 BP', '12', '10', '2', '50.00', 0.9, 'old', 'resolved', ?, ?, 1, ?, "
            "1, 1, '12.5', '0', 'U0AAAAAAA', ?)",
            (T0, T0, T0, T0),
        )
        q(
            "INSERT INTO decisions (at, who, action, subject, gap_id, before, after) "
            "VALUES (?, 'U0AAAAAAA', 'resolve', 'gap 7', 7, '{\"status\":\"open\"}', "
            '\'{"status":"resolved"}\')',
            (T0,),
        )


def test_migrations_are_numbered_in_order() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, SCHEMA_VERSION + 1))


def test_new_database_gets_the_current_schema(db_path: Path) -> None:
    Store.open(db_path)
    assert _version(db_path) == SCHEMA_VERSION
    assert {"runs", "gaps", "decisions", "owners", "settings", "client_aliases"} <= _tables(db_path)


def test_older_database_is_upgraded_in_place_with_its_data_intact(
    db_path: Path, clock: FakeClock
) -> None:
    _build_v1(db_path)
    assert _version(db_path) == 1
    assert "owners" not in _tables(db_path)

    store = Store.open(db_path, clock=clock)

    assert _version(db_path) == SCHEMA_VERSION
    gap = store.gap(7)
    assert (gap.status, gap.client, gap.resolved_by, gap.runs_seen) == (
        GapStatus.RESOLVED,
        "Acme",
        U1,
        1,
    )
    assert str(gap.leaked_to_date) == "12.5"
    assert [d.subject for d in store.decisions()] == ["gap 7"]
    assert [r.vendor_qty for r in store.history(client="acme")] == [12]
    # The new schema works on the old data.
    store.set_owner("Acme", slack_user="U0CCCCCCC", by=U1)
    store.add_client_alias("ACME (tenant)", "Acme Holdings", by=U1)
    assert store.gap(7).owner is not None
    assert store.knowledge().client_aliases == (("ACME (tenant)", "Acme Holdings"),)


def test_opening_again_changes_nothing(db_path: Path) -> None:
    Store.open(db_path)
    with _db.write(db_path) as db:
        assert migrate(db) == []
        assert schema_version(db) == SCHEMA_VERSION


def test_database_from_a_newer_recon_is_refused(db_path: Path) -> None:
    Store.open(db_path)
    with closing(sqlite3.connect(db_path, isolation_level=None)) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="upgrade recon"):
        Store.open(db_path)


def test_sqlite_file_of_another_program_is_refused(db_path: Path) -> None:
    with closing(sqlite3.connect(db_path, isolation_level=None)) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER)")
    with pytest.raises(StoreError, match=r"not a recon one .*invoices"):
        Store.open(db_path)


def test_file_that_is_not_a_database_is_refused(db_path: Path) -> None:
    db_path.write_bytes(b"client,product\nAcme,M365\n" * 100)
    with pytest.raises(StoreError, match="not a database recon can use"):
        Store.open(db_path)


def test_folder_is_not_a_database(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        Store.open(tmp_path)


def test_default_path_works_with_no_configuration(tmp_path: Path) -> None:
    store = Store.open()  # XDG_DATA_HOME points at a temp folder (tests/conftest.py)
    assert store.path.name == "recon.db"
    assert store.path.parent.name == "recon"
    assert store.path.exists()


def test_recon_db_variable_picks_the_file_and_its_folders_are_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "deep" / "er" / "books.db"
    monkeypatch.setenv("RECON_DB", str(target))
    assert Store.open().path == target
    assert _version(target) == SCHEMA_VERSION


def test_store_uses_wal_journaling(db_path: Path) -> None:
    Store.open(db_path)
    with closing(sqlite3.connect(db_path, isolation_level=None)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def _build_v9(path: Path, scratch: Path) -> None:
    """A database as the release before held runs left it (schema 9): one run of the
    examples, recorded without an author or figures, and an owner given before any run
    showed the client."""
    vendor, psa = EXAMPLES / "vendor_partner_center.csv", EXAMPLES / "psa_connectwise.csv"
    s = run_reconciliation(
        ReconcileRequest(vendor, psa, save=False), db_path=scratch
    ).result.summary
    counts = {"vendor_clients": s.vendor_clients, "psa_clients": s.psa_clients}
    with _db.write(path) as db:
        assert migrate(db, target=9) == list(range(1, 10))
        q = db.conn.execute
        q(
            "INSERT INTO runs (id, at, generated_at, source, gap_count, seat_rows, under_billed, "
            "over_billed, summary) VALUES (1, ?, ?, 'files', 0, 0, '0', '0', ?)",
            (T0, T0, json.dumps(counts)),
        )
        for position, f in enumerate(s.files):
            q(
                "INSERT INTO run_files VALUES (1, ?, ?, ?, ?, ?, ?, ?, '{}')",
                (position, str(f.side), f.path, f.format_name, f.sha256, f.rows_read, f.rows_used),
            )
        q(
            "INSERT INTO owners (client_key, client, slack_user, updated_by, updated_at, "
            "given_as) VALUES (?, 'Wayne Enterprises', ?, 'cli:alice', ?, 'Wayne Enterprises')",
            (client_key("Wayne Enterprises"), U1, T0),
        )


def test_a_schema_9_database_upgrades_and_its_last_run_guards_the_next(
    db_path: Path, clock: FakeClock, tmp_path: Path
) -> None:
    _build_v9(db_path, tmp_path / "scratch.db")
    assert _version(db_path) == 9

    store = Store.open(db_path, clock=clock)

    assert _version(db_path) == SCHEMA_VERSION
    assert "held_runs" in _tables(db_path)
    assert [(r.run_id, r.by) for r in store.runs()] == [(1, None)]
    # The old run has no figures; the guard compares with the rows and clients it recorded.
    lines = (EXAMPLES / "psa_connectwise.csv").read_text(encoding="utf-8").splitlines()
    smaller = tmp_path / "psa_half.csv"
    smaller.write_text("\n".join(lines[: len(lines) // 3]) + "\n", encoding="utf-8")
    vendor = EXAMPLES / "vendor_partner_center.csv"
    held = run_reconciliation(ReconcileRequest(vendor, smaller, by="cli:bob"), store=store).held
    assert held is not None and held.run_id == 2
    assert store.owners()[0].pending  # a held run matches no waiting owner
    applied = run_reconciliation(
        ReconcileRequest(vendor, EXAMPLES / "psa_connectwise.csv", by="cli:bob"), store=store
    ).run
    assert applied is not None and applied.run_id == 3
    assert store.runs()[0].by == "cli:bob"
    [owner] = store.owners()
    assert (owner.client, owner.matched_run_id) == ("Wayne Enterprises, Inc.", 3)


def test_a_schema_10_database_upgrades_to_answer_mapping_questions(
    db_path: Path, clock: FakeClock
) -> None:
    """Migration 11 (product rejections, issue 11) comes after main's 10 (held runs): a
    database main left at 10, with a product alias, gets the table and keeps the alias."""
    with _db.write(db_path) as db:
        assert migrate(db, target=10) == list(range(1, 11))
        db.conn.execute(
            "INSERT INTO product_aliases (raw_key, raw_name, target, created_by, created_at) "
            "VALUES ('spam filter service', 'Spam Filter Service', "
            "'proofpoint-essentials-business', 'cli:alice', ?)",
            (T0,),
        )
    assert "product_rejections" not in _tables(db_path)

    store = Store.open(db_path, clock=clock)

    assert _version(db_path) == SCHEMA_VERSION >= 11
    assert "product_rejections" in _tables(db_path)
    answer = store.product_answer("Spam Filter Service", "proofpoint-essentials-business")
    assert answer is not None and answer.mapped and answer.by == "cli:alice"
    store.reject_product("Spam Filter Service", "proofpoint-essentials-business", by=U1)
    knowledge = store.knowledge()
    assert knowledge.product_aliases == ()  # the "no" removes the alias between the two
    assert knowledge.product_rejections == (
        ("Spam Filter Service", "proofpoint-essentials-business"),
    )
    answer = store.product_answer("spam filter service", "Proofpoint-Essentials-Business")
    assert answer is not None and not answer.mapped and answer.by == U1


def test_a_schema_12_database_upgrades_to_remember_fixes_written_to_the_psa(
    db_path: Path, clock: FakeClock
) -> None:
    """Migration 13 (issue 14): gaps already stored get no pending fix, and fixes can be
    claimed and completed on them."""
    store = Store.open(db_path, clock=clock)
    examples = Path(__file__).resolve().parents[3] / "examples"
    run_reconciliation(
        ReconcileRequest(examples / "vendor_partner_center.csv", examples / "psa_connectwise.csv"),
        store=store,
    )
    with _db.write(db_path) as db:  # back to how main left it: no fix columns, no fixes
        db.conn.execute("DROP TABLE fixes")
        for column in ("fix_pending", "fix_by", "fix_at", "fix_summary", "fix_note"):
            db.conn.execute(f"ALTER TABLE gaps DROP COLUMN {column}")
        db.conn.execute("ALTER TABLE runs DROP COLUMN as_of")  # migration 14's
        db.conn.execute("ALTER TABLE gaps DROP COLUMN rests_on")  # migration 17's
        db.conn.execute("ALTER TABLE runs DROP COLUMN kept_products")  # migration 18's
        db.conn.execute("PRAGMA user_version = 12")

    store = Store.open(db_path, clock=clock)

    assert _version(db_path) == SCHEMA_VERSION and "fixes" in _tables(db_path)
    gap = store.gaps()[0]
    assert not gap.fix_pending and gap.fix_by is None
    store.begin_fix("k", gap_id=gap.id, run_id=gap.last_run_id, psa="connectwise", by=U1, plan={})
    fixed = store.complete_fix("k", summary="quantity 8 -> 10", before={}, after={})
    assert fixed.status is GapStatus.RESOLVED and fixed.fix_pending and fixed.fix_by == U1


def test_a_schema_13_database_upgrades_and_places_its_runs_when_they_were_saved(
    db_path: Path, clock: FakeClock
) -> None:
    """Migration 14 (backfilled runs): runs saved before it have no as-of date, so the
    anomaly calendar keeps placing them at their save time."""
    store = Store.open(db_path, clock=clock)
    examples = Path(__file__).resolve().parents[3] / "examples"
    run_reconciliation(
        ReconcileRequest(examples / "vendor_partner_center.csv", examples / "psa_connectwise.csv"),
        store=store,
    )
    with _db.write(db_path) as db:
        db.conn.execute("ALTER TABLE runs DROP COLUMN as_of")
        db.conn.execute("ALTER TABLE gaps DROP COLUMN rests_on")  # migration 17's
        db.conn.execute("ALTER TABLE runs DROP COLUMN kept_products")  # migration 18's
        db.conn.execute("PRAGMA user_version = 13")

    store = Store.open(db_path, clock=clock)

    assert _version(db_path) == SCHEMA_VERSION
    assert [(run, at) for run, at, _files in store.run_times()] == [(1, clock())]


def test_a_schema_16_database_upgrades_and_its_gaps_rest_on_no_question(
    db_path: Path, clock: FakeClock
) -> None:
    """Migration 17 (pending gaps): gaps stored before it were all decided, so none is
    pending, and a run after the upgrade saves the question a gap rests on."""
    store = Store.open(db_path, clock=clock)
    examples = Path(__file__).resolve().parents[3] / "examples"
    request = ReconcileRequest(
        examples / "vendor_partner_center.csv", examples / "psa_connectwise.csv"
    )
    run_reconciliation(request, store=store)
    with _db.write(db_path) as db:
        db.conn.execute("ALTER TABLE gaps DROP COLUMN rests_on")
        db.conn.execute("ALTER TABLE runs DROP COLUMN kept_products")  # migration 18's
        db.conn.execute("PRAGMA user_version = 16")

    store = Store.open(db_path, clock=clock)

    assert _version(db_path) == SCHEMA_VERSION
    gaps = store.gaps()
    assert gaps and all(g.rests_on is None for g in gaps)
    run_reconciliation(request, store=store)
    assert len(store.gaps()) == len(gaps)


def test_a_schema_17_database_upgrades_and_its_runs_did_not_record_their_reading(
    db_path: Path, clock: FakeClock
) -> None:
    """Migration 18 (how a run read products): runs stored before it are not known to
    have kept any product (None, not "none"), so a fix of their gaps is stricter; a run
    after the upgrade records what it kept, with its gaps."""
    store = Store.open(db_path, clock=clock)
    examples = Path(__file__).resolve().parents[3] / "examples"
    request = ReconcileRequest(
        examples / "vendor_partner_center.csv", examples / "psa_connectwise.csv"
    )
    run_reconciliation(request, store=store)
    assert store.kept_products(1) == frozenset()
    with _db.write(db_path) as db:
        db.conn.execute("ALTER TABLE runs DROP COLUMN kept_products")
        db.conn.execute("PRAGMA user_version = 17")

    store = Store.open(db_path, clock=clock)

    assert _version(db_path) == SCHEMA_VERSION
    assert store.kept_products(1) is None
    run_reconciliation(request, store=store)
    assert store.kept_products(2) == frozenset()
    assert store.kept_products(99) is None
