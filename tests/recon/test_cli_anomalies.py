"""``recon anomalies``, ``recon expected`` and anomalies in ``recon reconcile``, through click."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from recon.cli import cli
from recon.normalize import client_key
from recon.service import check_anomalies
from recon.store import Action, Store
from recon.store._time import to_db
from tests.conftest import FakeClock
from tests.recon.store.build import make_result, seats_for

ROOT = Path(__file__).resolve().parents[2]
VENDOR = str(ROOT / "examples" / "vendor_partner_center.csv")
PSA = str(ROOT / "examples" / "psa_connectwise.csv")
U1 = "U0AAAAAAA"
JUMP = f"{client_key('Wayne Enterprises')}|cat:m365-e3|one_sided_jump"
ACME_GONE = "acme mfg|cat:ms-m365-e3|vanished"


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "recon.db"


@pytest.fixture
def store(db: Path, clock: FakeClock) -> Store:
    """Four checked runs: Wayne's E3 at 24 on both sides, then 36 at the vendor only."""
    store = Store.open(db, clock=clock)
    for vendor in (24, 24, 24, 36):
        clock.advance(days=30)
        rows = [("Wayne Enterprises", "M365 E3", vendor, 24), ("Acme", "EDR", 5, 5)]
        store.record_run(make_result(seats=seats_for([], rows)))
        check_anomalies(store)
    return store


def test_anomalies_lists_the_latest_run_with_explanation_numbers_and_key(
    store: Store, db: Path
) -> None:
    result = invoke("anomalies", "--db", str(db))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "Run 4 (checked 2026-06-30 09:00 UTC): 2 series over 4 months of history; "
        "1 anomaly (1 high)."
    )
    assert lines[1] == (
        "Only 4 months of history so far: growth_stopped needs 8 months before it can fire."
    )
    assert "1. HIGH  one_sided_jump  Wayne Enterprises / M365 E3 (vendor): 12 seats" in lines
    assert "Seats at the vendor jumped from 24 to 36 (+12)" in result.stdout
    squeezed = [" ".join(line.split()) for line in lines]
    assert "month 2026-04-01 2026-05-01 2026-05-31 2026-06-30" in squeezed  # two runs in May
    assert "vendor 24 24 24 36" in squeezed and "psa 24 24 24 24" in squeezed
    assert "   since   2026-06-30" in lines
    assert "   usual   vendor hardly moved; a jump is 5 seats or more" in lines
    assert f"   key     {JUMP}" in lines


def test_anomalies_json_has_the_check_and_every_field(store: Store, db: Path) -> None:
    doc = json.loads(invoke("anomalies", "--db", str(db), "--format", "json").stdout)
    assert doc["check"]["run_id"] == 4 and doc["check"]["found"] == 1
    [anomaly] = doc["anomalies"]
    assert anomaly["key"] == JUMP and anomaly["rule"] == "one_sided_jump"
    assert anomaly["vendor_seats"] == [24, 24, 24, 36] and anomaly["money_at_stake"] is None
    assert anomaly["details"]["vendor"]["gap_now"] == 12.0


def test_anomalies_before_any_run_says_so(db: Path) -> None:
    Store.open(db)  # a database with owners or settings, and no run yet
    result = invoke("anomalies", "--db", str(db))
    assert result.exit_code == 0
    assert result.stdout.startswith("No run has been checked for anomalies yet")


def test_anomalies_of_a_run_that_was_not_checked_says_so(store: Store, db: Path) -> None:
    result = invoke("anomalies", "--db", str(db), "--run", "99")
    assert result.exit_code == 0 and result.stdout == "Run 99 was not checked for anomalies.\n"


def test_expected_quiets_the_anomaly_and_records_the_decision(store: Store, db: Path) -> None:
    result = invoke("expected", JUMP, "--by", U1, "--reason", "new office", "--db", str(db))
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"Marked {JUMP} expected as {U1}. It stays quiet while seats stay near vendor 36, psa 24.\n"
    )
    listing = invoke("anomalies", "--db", str(db)).stdout
    assert "0 anomalies, 1 more marked expected (--include-expected)." in listing
    everything = invoke("anomalies", "--db", str(db), "--include-expected").stdout
    assert "[expected]" in everything and f"Marked expected by {U1}" in everything
    decision = store.decisions(1)[0]
    assert (decision.action, decision.by, decision.reason) == (
        Action.MARK_EXPECTED,
        U1,
        "new office",
    )


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("not-a-key", "is not an anomaly key"),
        ("acme|edr|erratic", "no anomaly 'acme|edr|erratic' in run 4"),
    ],
)
def test_expected_with_a_wrong_key_fails_and_changes_nothing(
    store: Store, db: Path, key: str, message: str
) -> None:
    result = invoke("expected", key, "--by", U1, "--db", str(db))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and message in result.stderr
    assert store.expected_marks() == [] and store.decisions() == []


def test_expected_twice_fails_with_who_marked_it(store: Store, db: Path) -> None:
    invoke("expected", JUMP, "--by", U1, "--db", str(db))
    result = invoke("expected", JUMP, "--by", "U0BBBBBBB", "--db", str(db))
    assert result.exit_code == 1
    assert f"already marked expected by {U1}" in result.stderr
    assert len(store.decisions()) == 1


def _months_ago(db: Path) -> None:
    """Move every run recorded so far back a month: the CLI runs on the real clock, and the
    rules read calendar time (four runs within a second are one period, not four)."""
    with sqlite3.connect(db) as conn:
        for run, at in conn.execute("SELECT id, at FROM runs").fetchall():
            earlier = datetime.fromisoformat(at) - timedelta(days=30)
            conn.execute("UPDATE runs SET at = ? WHERE id = ?", (to_db(earlier), run))


def _reconcile_four_runs(db: Path, tmp_path: Path, *args: str) -> Result:
    """Three monthly runs of the examples, then one where the PSA bills Acme's E3 seats no
    more."""
    for _ in range(3):
        assert invoke("reconcile", VENDOR, PSA, "--db", str(db)).exit_code == 0
        _months_ago(db)
    psa = Path(PSA).read_text(encoding="utf-8")
    line = next(row for row in psa.splitlines() if row.startswith("Acme Manufacturing Corp,"))
    zeroed = line.replace(',40,0,$33.00,"$1,320.00",', ",0,0,$33.00,$0.00,")
    assert zeroed != line
    dropped = tmp_path / "psa_dropped.csv"
    dropped.write_text(psa.replace(line, zeroed), encoding="utf-8")
    return invoke("reconcile", VENDOR, str(dropped), "--db", str(db), *args)


def test_reconcile_json_carries_the_runs_anomalies(db: Path, tmp_path: Path) -> None:
    result = _reconcile_four_runs(db, tmp_path, "--format", "json")
    assert result.exit_code == 0, result.output
    [anomaly] = json.loads(result.stdout)["anomalies"]
    assert (anomaly["key"], anomaly["sides"], anomaly["severity"]) == (ACME_GONE, ["psa"], "high")
    assert anomaly["psa_seats"] == [40, 40, 40, 0] and anomaly["vendor_seats"][-1] == 40
    assert (anomaly["unit_price"], anomaly["money_at_stake"]) == ("33.00", "1320.00")
    assert anomaly["explanation"].startswith(
        "Microsoft 365 E3 had seats in the PSA in each of the 3 months before this one"
    )
    assert [a.key for a in Store.open(db).anomalies()] == [ACME_GONE]


def test_reconcile_table_ends_with_a_short_anomalies_section(db: Path, tmp_path: Path) -> None:
    result = _reconcile_four_runs(db, tmp_path)
    assert result.exit_code == 0, result.output
    tail = result.stdout.split("Run 4 saved:")[1]
    assert "Anomalies in the seat history: 1 (1 high). See `recon anomalies`." in tail
    assert "high    Acme Manufacturing Corp / Microsoft 365 E3, $1,320.00/mo:" in tail


def test_reconcile_without_saving_checks_nothing(db: Path) -> None:
    result = invoke("reconcile", VENDOR, PSA, "--db", str(db), "--no-save", "--format", "json")
    assert result.exit_code == 0 and "anomalies" not in json.loads(result.stdout)
    assert Store.open(db).anomaly_check() is None
