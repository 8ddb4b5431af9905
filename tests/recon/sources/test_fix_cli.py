"""``recon fix`` through CliRunner, against the fake ConnectWise."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from recon.cli import cli
from recon.model import GapKind
from recon.sources import ConnectWiseSettings, Pax8Settings, Runtime, SourceSettings
from recon.store import Action, GapStatus, Store
from tests.recon.sources.fakes import connectwise as cw
from tests.recon.sources.fakes.server import FakeServer
from tests.recon.sources.fixing import gap_of, record_run

API = tuple[cw.FakeConnectWise, FakeServer]


@pytest.fixture
def db(
    tmp_path: Path,
    runtime: Runtime,
    pax8_settings: Pax8Settings,
    cw_settings: ConnectWiseSettings,
    monkeypatch: pytest.MonkeyPatch,
) -> Path:
    """A database with one run of Pax8 against ConnectWise, and the ConnectWise variables."""
    path = tmp_path / "recon.db"
    store = Store.open(path, clock=runtime.clock)
    record_run(
        store, SourceSettings(pax8=pax8_settings, connectwise=cw_settings), runtime, "connectwise"
    )
    monkeypatch.setenv("CONNECTWISE_API_URL", cw_settings.api_url)
    monkeypatch.setenv("CONNECTWISE_COMPANY_ID", cw.COMPANY)
    monkeypatch.setenv("CONNECTWISE_PUBLIC_KEY", cw.PUBLIC_KEY)
    monkeypatch.setenv("CONNECTWISE_PRIVATE_KEY", cw.PRIVATE_KEY)
    monkeypatch.setenv("CONNECTWISE_CLIENT_ID", cw.CLIENT_ID)
    return path


def _fix(db: Path, *args: str, answer: str | None = None):
    return CliRunner().invoke(cli, ["fix", *args, "--db", str(db)], input=answer)


def _gap_id(db: Path) -> int:
    return gap_of(Store.open(db), GapKind.QUANTITY_MISMATCH, "Acme").id


def _turn_on(db: Path) -> None:
    Store.open(db).set_setting("write_back", "connectwise", by="cli:admin")


def test_fix_is_off_until_an_admin_turns_it_on(db: Path, cw_api: API) -> None:
    result = _fix(db, str(_gap_id(db)), "--yes")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "Error: fixing gaps in ConnectWise is off; an admin turns it on with "
        "`recon settings set write_back connectwise`"
    )
    assert cw_api[0].writes == []


def test_dry_run_shows_the_change_and_sends_nothing(db: Path, cw_api: API) -> None:
    _turn_on(db)
    result = _fix(db, str(_gap_id(db)), "--dry-run")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Fix gap ") and lines[0].endswith(
        "(quantity_mismatch) in ConnectWise:"
    )
    assert "  Company          Acme Corporation" in lines
    assert "  Agreement        Acme MSA" in lines
    assert "  Quantity         8 -> 10" in lines
    assert "  Monthly billing  +$60.00/mo" in lines
    assert lines[-1] == "Dry run: nothing was sent."
    assert cw_api[0].writes == []


def test_fix_asks_first_and_a_no_sends_nothing(db: Path, cw_api: API) -> None:
    _turn_on(db)
    result = _fix(db, str(_gap_id(db)), answer="n\n")
    assert result.exit_code == 0
    assert "Update ConnectWise? [y/N]: n" in result.stdout
    assert result.stdout.rstrip().endswith("Nothing was sent.")
    assert cw_api[0].writes == []


def test_fix_with_yes_writes_once_and_logs_who(db: Path, cw_api: API) -> None:
    _turn_on(db)
    gap_id = _gap_id(db)
    result = _fix(db, str(gap_id), "--to", "12", "--yes", "--by", "cli:dana")
    assert result.exit_code == 0, result.output
    assert "Done: ConnectWise addition 101 quantity 8 -> 12 (addition 101 changed)" in result.stdout
    assert f"Gap {gap_id} is fixed (pending next run)" in result.stdout
    assert cw_api[0].quantity_of(101) == 12 and len(cw_api[0].writes) == 1
    store = Store.open(db)
    gap = store.gap(gap_id)
    assert gap.status is GapStatus.RESOLVED and gap.fix_pending
    assert [d.by for d in store.decisions(gap_id=gap_id) if d.action is Action.FIX_IN_PSA] == [
        "cli:dana"
    ]
    again = _fix(db, str(gap_id), "--yes")
    assert again.exit_code == 1 and "already fixed in the PSA by cli:dana" in again.stderr
    assert len(cw_api[0].writes) == 1


def test_to_must_be_a_number(db: Path) -> None:
    result = _fix(db, "1", "--to", "ten")
    assert result.exit_code == 2 and "'ten' is not a number" in result.stderr
