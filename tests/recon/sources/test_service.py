"""``run_reconciliation`` with source names where files go: same gaps as the files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from recon.errors import SourceError, UsageError
from recon.model import Side
from recon.service import ReconcileRequest, confirm_held_run, run_reconciliation
from recon.sources import FolderSource, Pax8Source, Runtime, SourceSettings
from recon.store import Store
from tests.conftest import FakeClock
from tests.recon.sources import data


def _gaps(outcome) -> list[tuple]:
    return [
        (g.kind.value, g.client, g.product, g.vendor_qty, g.psa_qty, g.monthly_impact)
        for g in outcome.result.gaps
    ]


def _files(outcome) -> list[tuple]:
    return [(f.side, f.rows_used, dict(f.skipped)) for f in outcome.result.summary.files]


def test_pulled_data_gives_the_same_gaps_as_the_same_data_in_files(
    all_settings: SourceSettings, tmp_path: Path, clock: FakeClock
) -> None:
    pulled = run_reconciliation(
        ReconcileRequest(vendor="pax8", psa="connectwise"),
        db_path=tmp_path / "pulled.db",
        clock=clock,
        sources=all_settings,
    )
    (tmp_path / "pax8.csv").write_text(data.PAX8_EXPORT, encoding="utf-8")
    (tmp_path / "cw.csv").write_text(data.CONNECTWISE_EXPORT, encoding="utf-8")
    exported = run_reconciliation(
        ReconcileRequest(vendor=tmp_path / "pax8.csv", psa=tmp_path / "cw.csv"),
        db_path=tmp_path / "files.db",
        clock=clock,
    )
    assert _gaps(pulled) and _gaps(pulled) == _gaps(exported)
    assert _files(pulled) == _files(exported)
    assert pulled.result.summary.under_billed == exported.result.summary.under_billed
    paths = [f.path for f in pulled.result.summary.files]
    assert paths == ["source:pax8", "source:connectwise"]
    runs = Store.open(tmp_path / "pulled.db").runs()
    assert runs[0].source == "pax8+connectwise"


def test_a_source_can_be_one_side_and_a_file_the_other(
    all_settings: SourceSettings, tmp_path: Path, clock: FakeClock
) -> None:
    (tmp_path / "cw.csv").write_text(data.CONNECTWISE_EXPORT, encoding="utf-8")
    outcome = run_reconciliation(
        ReconcileRequest(vendor="PAX8", psa=str(tmp_path / "cw.csv"), save=False),
        db_path=tmp_path / "db.db",
        clock=clock,
        sources=all_settings,
    )
    assert [f.format_name for f in outcome.result.summary.files] == ["pax8_api", "connectwise"]


def test_an_open_source_can_be_passed_and_stays_open(
    all_settings: SourceSettings, tmp_path: Path, clock: FakeClock, runtime: Runtime
) -> None:
    assert all_settings.pax8 is not None
    source = Pax8Source(all_settings.pax8, runtime=runtime)
    for _ in range(2):  # the scheduler keeps its sources (and their tokens) between runs
        run_reconciliation(
            ReconcileRequest(vendor=source, psa="connectwise", source="schedule"),
            db_path=tmp_path / "db.db",
            clock=clock,
            sources=all_settings,
        )
    assert source.fetch().path == "source:pax8"
    assert [r.source for r in Store.open(tmp_path / "db.db").runs()] == ["schedule", "schedule"]
    source.close()


def test_a_source_name_needs_source_settings(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="'pax8' is a source"):
        run_reconciliation(
            ReconcileRequest(vendor="pax8", psa="connectwise"), db_path=tmp_path / "db.db"
        )


def test_an_unconfigured_source_says_what_to_set(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="set PAX8_CLIENT_ID, PAX8_CLIENT_SECRET") as info:
        run_reconciliation(
            ReconcileRequest(vendor="pax8", psa="connectwise"),
            db_path=tmp_path / "db.db",
            sources=SourceSettings(missing={"pax8": ("PAX8_CLIENT_ID", "PAX8_CLIENT_SECRET")}),
        )
    assert info.value.kind == "not_configured"


def test_file_options_for_an_api_source_are_refused(
    all_settings: SourceSettings, tmp_path: Path
) -> None:
    with pytest.raises(UsageError, match="apply to files"):
        run_reconciliation(
            ReconcileRequest(vendor="pax8", psa="connectwise", vendor_format="pax8_invoice"),
            db_path=tmp_path / "db.db",
            sources=all_settings,
        )


def test_the_folder_remembers_a_recorded_run_but_not_a_trial_one(
    all_settings: SourceSettings, tmp_path: Path, clock: FakeClock, runtime: Runtime
) -> None:
    folder = all_settings.folder
    assert folder is not None
    for side, text in (("vendor", data.PAX8_EXPORT), ("psa", data.CONNECTWISE_EXPORT)):
        export = folder.path / side / f"{side}.csv"
        export.parent.mkdir()
        export.write_text(text, encoding="utf-8")
        os.utime(export, (1_000, 1_000))
    request = ReconcileRequest(vendor="folder", psa="folder", save=False)
    options = {"clock": clock, "sources": all_settings, "runtime": runtime}
    run_reconciliation(request, db_path=tmp_path / "db.db", **options)
    assert not folder.state_path.exists()  # --no-save: nothing was reconciled for good
    outcome = run_reconciliation(
        ReconcileRequest(vendor="folder", psa="folder"), db_path=tmp_path / "db.db", **options
    )
    assert outcome.run is not None
    assert [f.path for f in outcome.result.summary.files] == [
        str(folder.path / "vendor" / "vendor.csv"),
        str(folder.path / "psa" / "psa.csv"),
    ]
    remembered = FolderSource(folder).last_reconciled(Side.PSA)
    assert remembered is not None and remembered.name == "psa/psa.csv"


def test_a_pulled_psa_offers_its_account_managers_as_owners(
    all_settings: SourceSettings, tmp_path: Path, clock: FakeClock
) -> None:
    store = Store.open(tmp_path / "r.db", clock=clock)
    store.set_owner("Initech", slack_user="U0PERSON1", by="cli:test")  # a person's choice
    outcome = run_reconciliation(
        ReconcileRequest(vendor="pax8", psa="connectwise"),
        store=store,
        clock=clock,
        sources=all_settings,
    )
    acme = store.owner_for(store.resolve_client("Acme"))
    assert acme is not None
    assert (acme.email, acme.slack_user, acme.source) == ("dana@msp.example", None, "psa")
    assert outcome.run is not None and acme.matched_run_id == outcome.run.run_id
    initech = store.owner_for(store.resolve_client("Initech"))
    assert initech is not None and initech.slack_user == "U0PERSON1"


def test_a_held_pull_offers_no_account_managers(
    all_settings: SourceSettings, tmp_path: Path, clock: FakeClock
) -> None:
    store = Store.open(tmp_path / "r.db", clock=clock)
    empty = tmp_path / "pax8.csv"
    empty.write_text(data.PAX8_EXPORT.splitlines()[0] + "\n", encoding="utf-8")
    outcome = run_reconciliation(
        ReconcileRequest(vendor=empty, psa="connectwise"),
        store=store,
        clock=clock,
        sources=all_settings,
    )
    assert outcome.held is not None  # the vendor side has no rows
    assert store.owners() == []  # what the guard does not believe changes no memory


def test_a_held_pull_confirmed_offers_its_account_managers_as_an_unheld_run_would(
    all_settings: SourceSettings, tmp_path: Path, clock: FakeClock
) -> None:
    store = Store.open(tmp_path / "r.db", clock=clock)
    store.set_owner("Initech", slack_user="U0PERSON1", by="cli:test")  # a person's choice
    empty = tmp_path / "pax8.csv"
    empty.write_text(data.PAX8_EXPORT.splitlines()[0] + "\n", encoding="utf-8")
    outcome = run_reconciliation(
        ReconcileRequest(vendor=empty, psa="connectwise"),
        store=store,
        clock=clock,
        sources=all_settings,
    )
    assert outcome.held is not None
    confirm_held_run(outcome.held.run_id, by="cli:admin", store=store)
    owners = {o.client: (o.slack_user, o.email, o.source) for o in store.owners()}
    assert owners == {
        "Acme Corporation": (None, "dana@msp.example", "psa"),  # the PSA's account manager
        "Globex": (None, "lee@msp.example", "psa"),  # its territory manager stands in
        "Initech": ("U0PERSON1", None, "person"),  # a person's choice still wins
    }
