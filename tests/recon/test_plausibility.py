"""The plausibility guard: implausible runs are held, the same file twice is refused.

A held run shows its result but leaves every gap's status, the recovered money and the
resolutions people wrote exactly as they were, until an admin confirms it.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from recon.cli import cli
from recon.errors import Conflict, RunRefused
from recon.model import Side
from recon.plausibility import RunFigures, SideFigures, judge, side_figures
from recon.service import ReconcileRequest, confirm_held_run, run_reconciliation
from recon.store import Action, Store
from tests.conftest import FakeClock
from tests.recon.conftest import make_lines

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "examples" / "vendor_partner_center.csv"
PSA = ROOT / "examples" / "psa_connectwise.csv"


def _figures(vendor: tuple[int, int, str], psa: tuple[int, int, str]) -> RunFigures:
    return RunFigures(
        SideFigures("pc", vendor[0], vendor[1], Decimal(vendor[2])),
        SideFigures("cw", psa[0], psa[1], Decimal(psa[2])),
    )


def test_side_figures_count_rows_clients_and_exact_money() -> None:
    lines = make_lines(
        Side.PSA,
        [("Acme", "M365", 10, "22.00"), ("Acme", "EDR", 3, None), ("Wayne", "M365", 2.5, "22.00")],
    )
    figures = side_figures(lines)
    assert (figures.rows, figures.clients) == (3, 2)
    assert figures.money == Decimal("275")  # 12.5 seats x $22; the unpriced line adds nothing


def test_a_side_with_no_rows_is_held_even_on_the_first_run() -> None:
    reasons = judge(_figures((10, 5, "100"), (0, 0, "0")), None)
    assert reasons == ("the PSA side has no data rows (a failed or filtered export?)",)


@pytest.mark.parametrize(
    ("psa_now", "held_for"),
    [
        ((100, 20, "1000"), []),
        ((71, 14, "700"), []),  # exactly 30 % less money, 29 % fewer lines: still believed
        ((69, 20, "1000"), ["lines"]),
        ((100, 13, "1000"), ["clients"]),
        ((100, 20, "690"), ["monthly money"]),
        ((10, 2, "50"), ["clients", "lines", "monthly money"]),
    ],
)
def test_a_side_that_lost_more_than_the_share_is_held(
    psa_now: tuple[int, int, str], held_for: list[str]
) -> None:
    before = _figures((50, 10, "500"), (100, 20, "1000"))
    reasons = judge(_figures((50, 10, "500"), psa_now), before, previous_run=7)
    assert [r.split("'s ")[1].split(" fell")[0] for r in reasons] == held_for
    assert all(r.startswith("the PSA side's") and "since run 7" in r for r in reasons)


def test_the_share_is_a_setting() -> None:
    before = _figures((50, 10, "500"), (100, 20, "1000"))
    now = _figures((50, 10, "500"), (85, 20, "1000"))
    assert judge(now, before, max_drop=Decimal("0.10")) != ()
    assert judge(now, before, max_drop=Decimal("0.30")) == ()


def test_growth_is_never_held() -> None:
    assert (
        judge(_figures((500, 90, "9000"), (900, 99, "9999")), _figures((1, 1, "1"), (1, 1, "1")))
        == ()
    )


# ---- through the service: memory stays exactly as it was --------------------------------


@pytest.fixture
def store(tmp_path: Path, clock: FakeClock) -> Store:
    """A store after one good run of the examples, with one gap resolved with a note."""
    store = Store.open(tmp_path / "recon.db", clock=clock)
    run_reconciliation(ReconcileRequest(VENDOR, PSA, by="cli:first"), store=store, clock=clock)
    gap = store.gaps(status="open")[0]
    store.resolve(gap.id, by="U0AAAAAAA", note="added to the agreement")
    clock.advance(days=1)
    return store


def _memory(store: Store) -> list[tuple[object, ...]]:
    return [
        (g.id, g.status, g.recovered_monthly, g.resolved_note, g.resolved_by, g.last_run_id)
        for g in store.gaps(status="all")
    ]


def _headers_only(tmp_path: Path) -> Path:
    path = tmp_path / "psa_failed_export.csv"
    path.write_text(PSA.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    return path


def test_a_headers_only_psa_file_is_held_and_changes_nothing(
    store: Store, clock: FakeClock, tmp_path: Path
) -> None:
    before = _memory(store)
    runs_before = store.runs()
    outcome = run_reconciliation(
        ReconcileRequest(VENDOR, _headers_only(tmp_path), by="cli:careless"),
        store=store,
        clock=clock,
    )
    assert outcome.run is None
    assert outcome.held is not None
    assert outcome.held.reasons == ("the PSA side has no data rows (a failed or filtered export?)",)
    assert outcome.result.gaps  # the result is still shown
    assert _memory(store) == before
    assert store.runs() == runs_before
    assert [h.run_id for h in store.held_runs()] == [outcome.held.run_id]
    entry = store.decisions(runs=True)[0]
    assert (entry.action, entry.by, entry.subject) == (
        Action.HOLD_RUN,
        "cli:careless",
        f"run {outcome.held.run_id}",
    )


def test_the_same_file_on_both_sides_is_refused_and_changes_nothing(
    store: Store, clock: FakeClock, tmp_path: Path
) -> None:
    before = _memory(store)
    copy = tmp_path / "psa.csv"
    copy.write_bytes(VENDOR.read_bytes())
    for vendor, psa in ((VENDOR, VENDOR), (VENDOR, copy), (VENDOR.read_bytes(), copy.read_bytes())):
        with pytest.raises(RunRefused, match="give the vendor export and the PSA export"):
            run_reconciliation(ReconcileRequest(vendor, psa), store=store, clock=clock)
    assert _memory(store) == before
    assert store.held_runs(status=None) == []
    assert len(store.runs()) == 1


def test_a_much_smaller_psa_file_is_held(store: Store, clock: FakeClock, tmp_path: Path) -> None:
    lines = PSA.read_text(encoding="utf-8").splitlines()
    smaller = tmp_path / "psa_half.csv"
    smaller.write_text("\n".join(lines[: len(lines) // 2]) + "\n", encoding="utf-8")
    before = _memory(store)
    outcome = run_reconciliation(ReconcileRequest(VENDOR, smaller), store=store, clock=clock)
    assert outcome.held is not None
    assert any("PSA side's lines fell" in r and "since run 1" in r for r in outcome.held.reasons)
    assert _memory(store) == before


def test_confirming_applies_exactly_the_held_run(
    store: Store, clock: FakeClock, tmp_path: Path
) -> None:
    held = run_reconciliation(
        ReconcileRequest(VENDOR, _headers_only(tmp_path)), store=store, clock=clock
    ).held
    assert held is not None
    clock.advance(hours=2)
    record, _, confirmed = confirm_held_run(held.run_id, by="cli:admin", store=store)
    assert record.run_id == held.run_id
    assert store.last_run() is not None and store.last_run().run_id == held.run_id  # type: ignore[union-attr]
    # With no PSA lines every vendor line is "bought, not billed": the billed gaps are fixed.
    assert record.fixed
    assert store.held_run(held.run_id).status == confirmed.status == "confirmed"
    assert store.held_runs() == []
    entry = store.decisions(runs=True)[0]
    assert (entry.action, entry.by) == (Action.CONFIRM_RUN, "cli:admin")
    with pytest.raises(Conflict, match="already confirmed by cli:admin"):
        confirm_held_run(held.run_id, by="cli:admin", store=store)


def test_a_held_run_older_than_an_applied_one_cannot_be_confirmed(
    store: Store, clock: FakeClock, tmp_path: Path
) -> None:
    held = run_reconciliation(
        ReconcileRequest(VENDOR, _headers_only(tmp_path)), store=store, clock=clock
    ).held
    assert held is not None
    later = run_reconciliation(ReconcileRequest(VENDOR, PSA), store=store, clock=clock).run
    assert later is not None and later.run_id == held.run_id + 1  # one sequence for both
    before = _memory(store)
    with pytest.raises(Conflict, match=f"run {later.run_id} was applied after"):
        confirm_held_run(held.run_id, by="cli:admin", store=store)
    assert _memory(store) == before
    assert store.discard_run(held.run_id, by="cli:admin").status == "discarded"


def test_a_failing_step_before_commit_records_nothing(store: Store, clock: FakeClock) -> None:
    before, runs = _memory(store), store.runs()

    def fail(_outcome: object) -> None:
        raise OSError("disk full while writing the report")

    with pytest.raises(OSError, match="disk full"):
        run_reconciliation(
            ReconcileRequest(VENDOR, PSA), store=store, clock=clock, before_commit=fail
        )
    assert (_memory(store), store.runs()) == (before, runs)
    assert store.decisions(runs=True)[0].action is Action.RESOLVE


# ---- through the CLI -------------------------------------------------------------------


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_cli_holds_with_exit_3_and_an_admin_confirms(tmp_path: Path) -> None:
    db = tmp_path / "recon.db"
    assert invoke("reconcile", VENDOR, PSA, "--db", db).exit_code == 0
    held = invoke("reconcile", VENDOR, _headers_only(tmp_path), "--db", db)
    assert held.exit_code == 3
    assert "Run 2 is HELD" in held.output and "recon runs confirm 2" in held.output
    listed = invoke("runs", "list", "--db", db)
    assert "held" in listed.output and "no data rows" in listed.output
    confirmed = invoke("runs", "confirm", "2", "--db", db, "--by", "cli:boss")
    assert confirmed.exit_code == 0, confirmed.output
    assert "Run 2 confirmed and applied" in confirmed.output
    log = invoke("log", "--db", db)
    assert "confirm_run" in log.output and "cli:boss" in log.output and "record_run" in log.output


def test_cli_refuses_the_same_file_twice(tmp_path: Path) -> None:
    result = invoke("reconcile", VENDOR, VENDOR, "--db", tmp_path / "recon.db")
    assert result.exit_code == 1
    assert "was given as both the vendor and the PSA export" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "recon.db").exists()  # refused before the database is opened


def test_uploads_of_the_same_bytes_are_refused_by_their_names(tmp_path: Path) -> None:
    data = VENDOR.read_bytes()
    request = ReconcileRequest(data, data, vendor_name="pc.csv", psa_name="cw.csv")
    with pytest.raises(RunRefused, match=r"pc\.csv and cw\.csv are the same file"):
        run_reconciliation(request, db_path=tmp_path / "recon.db")
    assert not (tmp_path / "recon.db").exists()


def test_cli_discard_keeps_memory_and_says_so(tmp_path: Path) -> None:
    db = tmp_path / "recon.db"
    invoke("reconcile", VENDOR, PSA, "--db", db)
    invoke("reconcile", VENDOR, _headers_only(tmp_path), "--db", db)
    result = invoke("runs", "discard", "2", "--db", db, "--reason", "filtered export")
    assert result.exit_code == 0
    assert "Run 2 discarded; nothing was changed." in result.output
    again = invoke("runs", "confirm", "2", "--db", db)
    assert again.exit_code == 1 and "already discarded" in again.output
    assert len(Store.open(db).gaps(status="open")) == 17


def test_the_held_share_is_set_with_recon_settings(tmp_path: Path) -> None:
    db = tmp_path / "recon.db"
    result = invoke("settings", "set", "max_drop_percent", "10", "--db", db)
    assert result.exit_code == 0, result.output
    assert Store.open(db).settings().max_drop == Decimal("0.1")
    bad = invoke("settings", "set", "max_drop_percent", "0", "--db", db)
    assert bad.exit_code == 1 and "between 1 and 100" in bad.output


@pytest.mark.parametrize("output_format", ["json", "csv"])
def test_runs_list_speaks_json_and_csv_like_every_list(tmp_path: Path, output_format: str) -> None:
    db = tmp_path / "recon.db"
    invoke("reconcile", VENDOR, PSA, "--db", db)
    invoke("reconcile", VENDOR, _headers_only(tmp_path), "--db", db)
    result = invoke("runs", "list", "--db", db, "--format", output_format)
    assert result.exit_code == 0, result.output
    if output_format == "json":
        listed = json.loads(result.stdout)
        assert [(r["run_id"], r["status"]) for r in listed] == [(2, "held"), (1, "applied")]
    else:
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert [(r["run_id"], r["status"]) for r in rows] == [("2", "held"), ("1", "applied")]
