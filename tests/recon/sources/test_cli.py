"""``recon pull``, ``recon sources`` and ``recon reconcile SOURCE SOURCE`` through CliRunner."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from recon.cli import cli
from recon.formats import read_export
from recon.model import Side
from recon.sources import Pax8Settings, load_source_settings, pull
from recon.store import Store
from tests.recon.sources.fakes import connectwise as cw
from tests.recon.sources.fakes import pax8
from tests.recon.sources.fakes.server import FakeServer


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def pax8_env(monkeypatch: pytest.MonkeyPatch, pax8_settings: Pax8Settings) -> dict[str, str]:
    env = {
        "PAX8_CLIENT_ID": pax8.CLIENT_ID,
        "PAX8_CLIENT_SECRET": pax8.CLIENT_SECRET,
        "PAX8_API_URL": pax8_settings.api_url,
        "PAX8_TOKEN_URL": pax8_settings.token_url,
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


@pytest.fixture
def cw_env(monkeypatch: pytest.MonkeyPatch, cw_api: tuple[cw.FakeConnectWise, FakeServer]) -> None:
    _, server = cw_api
    monkeypatch.setenv("CONNECTWISE_API_URL", f"{server.url}{cw.ROOT}")
    monkeypatch.setenv("CONNECTWISE_COMPANY_ID", cw.COMPANY)
    monkeypatch.setenv("CONNECTWISE_PUBLIC_KEY", cw.PUBLIC_KEY)
    monkeypatch.setenv("CONNECTWISE_PRIVATE_KEY", cw.PRIVATE_KEY)
    monkeypatch.setenv("CONNECTWISE_CLIENT_ID", cw.CLIENT_ID)


def test_pull_writes_a_csv_that_reads_back_to_exactly_what_was_pulled(
    pax8_env: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "pax8.csv"
    result = invoke("pull", "pax8", "--output", str(out), "--as-of", "2026-03-02")
    assert result.exit_code == 0, result.output
    assert "Pulled 4 vendor lines from Pax8 API (7 records read; skipped:" in result.stderr
    assert f"written to {out}" in result.stderr
    pulled = pull("pax8", load_source_settings(), as_of=pd.Timestamp("2026-03-02").date())
    back = read_export(out, side=Side.VENDOR)
    # The file holds the seat lines; the ended subscription kept as evidence is not one.
    pd.testing.assert_frame_equal(back.lines, pulled.billable)
    assert back.sha256 == pulled.sha256
    assert result.stdout == ""


def test_pull_without_output_prints_the_csv(pax8_env: dict[str, str]) -> None:
    result = invoke("pull", "PAX8")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == (
        "client,client_id,product,sku,quantity,unit_price,commitment_term,term_start,term_end,"
        "cancel_by,auto_renew,currency"
    )
    assert len(result.stdout.splitlines()) == 5


def test_pull_leaves_a_cancelled_subscription_kept_as_evidence_out_of_the_csv(
    pax8_env: dict[str, str],
) -> None:
    # Globex's cancelled E3 (s4) is kept as a 0-seat evidence line for the engine, but it is
    # not a seat line: the pulled file shows what it showed before it was kept.
    pulled = pull("pax8", load_source_settings(), as_of=pd.Timestamp("2026-03-02").date())
    assert pulled.evidence_rows == 1
    result = invoke("pull", "pax8", "--as-of", "2026-03-02")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == len(pulled.lines) - 1
    assert [(r["client"], r["product"]) for r in rows if r["quantity"] == "0"] == []
    assert not any(r["client"] == "Globex" and r["product"] == "Microsoft 365 E3" for r in rows)


def test_pull_of_an_unconfigured_source_says_what_to_set() -> None:
    result = invoke("pull", "connectwise")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "Error: connectwise: not configured; set CONNECTWISE_COMPANY_ID, CONNECTWISE_PUBLIC_KEY, "
        "CONNECTWISE_PRIVATE_KEY, CONNECTWISE_CLIENT_ID"
    )


def test_pull_with_bad_credentials_fails_cleanly_without_the_secret(
    pax8_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAX8_CLIENT_SECRET", "not-the-secret-77")
    result = invoke("pull", "pax8")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: pax8: Pax8 rejected the credentials (HTTP 401")
    assert "not-the-secret-77" not in result.output and "Traceback" not in result.output
    assert "127.0.0.1" not in result.output


def test_pull_of_the_folder_needs_a_side(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("RECON_WATCH_DIR", str(tmp_path))
    result = invoke("pull", "folder")
    assert result.exit_code == 1
    assert "say which one" in result.stderr


def test_sources_lists_what_is_ready_and_what_is_missing(pax8_env: dict[str, str]) -> None:
    result = invoke("sources")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["pax8", "vendor", "ready"]
    assert lines[3].startswith("autotask") and "needs AUTOTASK_USERNAME" in lines[3]
    assert "folder" in lines[4] and "either" in lines[4]
    for value in pax8_env.values():
        assert value not in result.stdout


def test_sources_as_json(pax8_env: dict[str, str]) -> None:
    result = invoke("sources", "--format", "json")
    doc = json.loads(result.stdout)
    assert [s["name"] for s in doc] == [
        "pax8",
        "partner-center",
        "connectwise",
        "autotask",
        "folder",
    ]
    assert doc[0]["configured"] is True and doc[1]["missing"][0] == "PARTNER_CENTER_TENANT_ID"


def test_reconcile_takes_source_names_where_files_go(
    pax8_env: dict[str, str], cw_env: None, tmp_path: Path
) -> None:
    db = str(tmp_path / "recon.db")
    result = invoke("reconcile", "pax8", "connectwise", "--db", db, "--as-of", "2026-03-02")
    assert result.exit_code == 0, result.output
    assert "Run 1 saved: 2 new" in result.stdout
    run = Store.open(db).last_run()
    assert run is not None and run.source == "pax8+connectwise"


def test_reconcile_still_says_when_a_file_does_not_exist(tmp_path: Path) -> None:
    result = invoke("reconcile", "missing.csv", "pax8", "--db", str(tmp_path / "r.db"))
    assert result.exit_code == 2
    assert "File 'missing.csv' does not exist" in result.stderr
