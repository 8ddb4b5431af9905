"""``recon fix`` reads the PSA's lines exactly as the gap's run read them.

A person mapped the misread text "Microsoft 365 F1 Frontline" to Office 365 E1. The catalogue's
key sets "Frontline" aside, so "M365 F1" shares that text's key; but the PSA bills F1 under
"365 F1 - Monthly" too, so the run leaves every F1 spelling F1
(``ProductResolver.kept_for``). At Acme the PSA bills both the text (E1, 5 seats against 7
bought) and "M365 F1" (F1, 5 seats): the fix of Acme's E1 gap writes the text's line, never
the F1 line. Through the CLI, on a real SQLite file, against the fake Pax8 and ConnectWise.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from recon.cli import cli
from recon.model import GapKind
from recon.sources import ConnectWiseSettings, Pax8Settings, Runtime, SourceSettings
from recon.store import Store
from tests.recon.sources.fakes import connectwise as cw
from tests.recon.sources.fakes import pax8
from tests.recon.sources.fakes.server import FakeServer
from tests.recon.sources.fixing import gap_of, record_run

TEXT = "Microsoft 365 F1 Frontline"
E1 = "Office 365 E1"
API = tuple[cw.FakeConnectWise, FakeServer]
ADDITION_101 = f"{cw.ROOT}/finance/agreements/10/additions/101"


@pytest.fixture
def pax8_api() -> Iterator[tuple[pax8.FakePax8, FakeServer]]:
    """Acme buys 7 E1 and 5 F1; Globex buys 6 F1."""
    api = pax8.FakePax8(
        companies=[pax8.company("c1", "Acme Corporation"), pax8.company("c2", "Globex")],
        products={
            "p-e1": pax8.product("p-e1", E1, "E1-TEST"),
            "p-f1": pax8.product("p-f1", "Microsoft 365 F1", "F1-TEST"),
        },
        subscriptions=[
            pax8.subscription("s1", "c1", "p-e1", 7, partner_cost="8.00"),
            pax8.subscription("s2", "c1", "p-f1", 5, partner_cost="2.25"),
            pax8.subscription("s3", "c2", "p-f1", 6, partner_cost="2.25"),
        ],
    )
    with FakeServer(api.handle) as server:
        yield api, server


@pytest.fixture
def cw_api() -> Iterator[API]:
    """Acme is billed the misread text (E1, 5) and "M365 F1" (5); Globex "365 F1 - Monthly"."""
    api = cw.FakeConnectWise(
        companies=[{"id": 1, "name": "Acme Corporation"}, {"id": 2, "name": "Globex"}],
        agreements=[
            cw.agreement(10, 1, "Acme Corporation", "Acme MSA"),
            cw.agreement(20, 2, "Globex", "Globex Managed"),
        ],
        additions={
            10: [
                cw.addition(101, "FLW-365", TEXT, 5, "10.00"),
                cw.addition(102, "F1-LIC", "M365 F1", 5, "4.00"),
            ],
            20: [cw.addition(201, "F1-MON", "365 F1 - Monthly", 6, "4.00")],
        },
    )
    with FakeServer(api.handle) as server:
        api.base = server.url
        yield api, server


@pytest.fixture
def db(
    tmp_path: Path,
    runtime: Runtime,
    pax8_settings: Pax8Settings,
    cw_settings: ConnectWiseSettings,
    monkeypatch: pytest.MonkeyPatch,
) -> Path:
    """The person's alias, one run, write-back on, and the ConnectWise variables."""
    path = tmp_path / "recon.db"
    store = Store.open(path, clock=runtime.clock)
    mapped = _cli("alias", "product", TEXT, E1, "--db", str(path), "--by", "cli:lead")
    assert mapped.exit_code == 0, mapped.output
    record_run(
        store, SourceSettings(pax8=pax8_settings, connectwise=cw_settings), runtime, "connectwise"
    )
    store.set_setting("write_back", "connectwise", by="cli:admin")
    monkeypatch.setenv("CONNECTWISE_API_URL", cw_settings.api_url)
    monkeypatch.setenv("CONNECTWISE_COMPANY_ID", cw.COMPANY)
    monkeypatch.setenv("CONNECTWISE_PUBLIC_KEY", cw.PUBLIC_KEY)
    monkeypatch.setenv("CONNECTWISE_PRIVATE_KEY", cw.PRIVATE_KEY)
    monkeypatch.setenv("CONNECTWISE_CLIENT_ID", cw.CLIENT_ID)
    return path


def _cli(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def _e1_gap(db: Path) -> int:
    gap = gap_of(Store.open(db), GapKind.QUANTITY_MISMATCH, "Acme")
    assert (gap.product, gap.psa_product, gap.vendor_qty, gap.psa_qty) == (E1, TEXT, 7, 5)
    return gap.id


def _forget_the_reading(db: Path) -> None:
    """The run as a recon that did not keep how it read products left it."""
    with closing(sqlite3.connect(db, isolation_level=None)) as conn:
        conn.execute("UPDATE runs SET kept_products = NULL")


def test_the_run_reads_every_f1_spelling_as_f1_and_keeps_that(db: Path) -> None:
    store = Store.open(db)
    # The only gap: Acme's E1 (F1 agrees at both clients, read as F1 on both sides).
    assert [(g.client, g.product, g.kind) for g in store.gaps()] == [
        ("Acme Corporation", E1, GapKind.QUANTITY_MISMATCH)
    ]
    assert store.kept_products(store.gaps()[0].last_run_id) == frozenset({"ms-m365-f1"})


def test_fix_writes_the_e1_line_not_the_f1_line_sharing_its_key(db: Path, cw_api: API) -> None:
    gap_id = _e1_gap(db)
    result = _cli("fix", str(gap_id), "--yes", "--db", str(db))
    assert result.exit_code == 0, result.output
    assert "Addition         Microsoft 365 F1 Frontline (101)" in result.stdout
    assert cw_api[0].writes == [
        ("PATCH", ADDITION_101, [{"op": "replace", "path": "quantity", "value": 7}])
    ]


def test_fix_never_takes_the_f1_line_once_the_e1_line_is_gone(db: Path, cw_api: API) -> None:
    gap_id = _e1_gap(db)
    api = cw_api[0]
    api.additions[10] = [a for a in api.additions[10] if a["id"] != 101]  # removed since
    result = _cli("fix", str(gap_id), "--yes", "--db", str(db))
    assert result.exit_code == 1
    assert "ConnectWise no longer bills Office 365 E1 to Acme Corporation" in result.stderr
    assert api.writes == []


def test_an_old_run_with_two_lines_that_could_be_the_product_is_refused(
    db: Path, cw_api: API
) -> None:
    gap_id = _e1_gap(db)
    _forget_the_reading(db)
    result = _cli("fix", str(gap_id), "--yes", "--db", str(db))
    assert result.exit_code == 1
    assert " ".join(result.stderr.split()) == (
        f"Error: run 1 was recorded before recon kept how a run reads products, and 2 "
        f"ConnectWise lines could be {E1} (101 on Acme MSA, 102 on Acme MSA); nothing was "
        "sent. Reconcile again and fix from the new run, or fix it in ConnectWise"
    )
    assert cw_api[0].writes == []


def test_an_old_run_refuses_a_line_only_an_alias_of_another_text_reads_as_the_product(
    db: Path, cw_api: API
) -> None:
    gap_id = _e1_gap(db)
    _forget_the_reading(db)
    api = cw_api[0]
    api.additions[10] = [a for a in api.additions[10] if a["id"] != 101]
    result = _cli("fix", str(gap_id), "--yes", "--db", str(db))
    assert result.exit_code == 1
    assert "'M365 F1' is Office 365 E1 by a person's alias, or Microsoft 365 F1 by the " in (
        " ".join(result.stderr.split())
    )
    assert api.writes == []


def test_a_new_run_records_the_reading_again_and_the_fix_goes_through(
    db: Path, cw_api: API, runtime: Runtime, pax8_settings: Pax8Settings,
    cw_settings: ConnectWiseSettings,
) -> None:  # fmt: skip
    _forget_the_reading(db)
    store = Store.open(db, clock=runtime.clock)
    record_run(
        store, SourceSettings(pax8=pax8_settings, connectwise=cw_settings), runtime, "connectwise"
    )
    result = _cli("fix", str(_e1_gap(db)), "--yes", "--db", str(db))
    assert result.exit_code == 0, result.output
    assert [w[1] for w in cw_api[0].writes] == [ADDITION_101]


F1_ITEM = {"id": 71, "identifier": "F1-CAT", "description": "Microsoft 365 F1", "price": 4,
           "inactiveFlag": False}  # fmt: skip
E1_ITEM = {"id": 72, "identifier": "E1-CAT", "description": E1, "price": 10,
           "inactiveFlag": False}  # fmt: skip


def _globex_buys_e1(
    db: Path, runtime: Runtime, vendor: pax8.FakePax8, settings: SourceSettings
) -> int:
    """Globex starts buying 3 E1 it is not billed; the run's missing E1 gap."""
    vendor.subscriptions.append(pax8.subscription("s4", "c2", "p-e1", 3, partner_cost="8.00"))
    store = Store.open(db, clock=runtime.clock)
    record_run(store, settings, runtime, "connectwise")
    return gap_of(store, GapKind.MISSING_IN_PSA, "Globex").id


def test_a_missing_e1_is_added_from_the_e1_catalogue_product_not_the_f1_one(
    db: Path, cw_api: API, runtime: Runtime, pax8_api: tuple[pax8.FakePax8, FakeServer],
    pax8_settings: Pax8Settings, cw_settings: ConnectWiseSettings,
) -> None:  # fmt: skip
    """Of the catalogue's "Microsoft 365 F1" (sharing the mapped text's key) and "Office 365
    E1", the fix adds E1."""
    api = cw_api[0]
    api.catalog = [F1_ITEM, E1_ITEM]
    settings = SourceSettings(pax8=pax8_settings, connectwise=cw_settings)
    gap_id = _globex_buys_e1(db, runtime, pax8_api[0], settings)
    result = _cli("fix", str(gap_id), "--yes", "--db", str(db))
    assert result.exit_code == 0, result.output
    [(method, path, body)] = api.writes
    assert (method, path) == ("POST", f"{cw.ROOT}/finance/agreements/20/additions")
    assert body["product"] == {"id": 72} and body["quantity"] == 3


def test_an_old_run_never_adds_a_catalogue_product_only_an_alias_reads_as_the_gaps(
    db: Path, cw_api: API, runtime: Runtime, pax8_api: tuple[pax8.FakePax8, FakeServer],
    pax8_settings: Pax8Settings, cw_settings: ConnectWiseSettings,
) -> None:  # fmt: skip
    api = cw_api[0]
    api.catalog = [F1_ITEM]
    settings = SourceSettings(pax8=pax8_settings, connectwise=cw_settings)
    gap_id = _globex_buys_e1(db, runtime, pax8_api[0], settings)
    _forget_the_reading(db)
    result = _cli("fix", str(gap_id), "--yes", "--db", str(db))
    assert result.exit_code == 1
    assert "'Microsoft 365 F1' is Office 365 E1 by a person's alias" in result.stderr
    assert api.writes == []


def test_a_psa_spelling_paired_by_name_is_still_the_gaps_line(
    db: Path, cw_api: API, runtime: Runtime, pax8_api: tuple[pax8.FakePax8, FakeServer],
    pax8_settings: Pax8Settings, cw_settings: ConnectWiseSettings,
) -> None:  # fmt: skip
    """The run reads "Vault Backup by Contoso" as a name of its own and pairs it with the
    vendor's "Contoso Vault Backup" by name: the fix takes that spelling's line."""
    vendor = pax8_api[0]
    vendor.products["p-vault"] = pax8.product("p-vault", "Contoso Vault Backup", "CVB-1")
    vendor.subscriptions.append(pax8.subscription("s5", "c1", "p-vault", 6, partner_cost="5.00"))
    api = cw_api[0]
    api.additions[10].append(cw.addition(103, "VAULT", "Vault Backup by Contoso", 4, "9.00"))
    store = Store.open(db, clock=runtime.clock)
    record_run(
        store, SourceSettings(pax8=pax8_settings, connectwise=cw_settings), runtime, "connectwise"
    )
    [gap] = [g for g in store.gaps() if g.psa_product == "Vault Backup by Contoso"]
    assert (gap.product, gap.vendor_qty, gap.psa_qty) == ("Contoso Vault Backup", 6, 4)
    result = _cli("fix", str(gap.id), "--yes", "--db", str(db))
    assert result.exit_code == 0, result.output
    assert api.writes == [
        (
            "PATCH",
            f"{cw.ROOT}/finance/agreements/10/additions/103",
            [{"op": "replace", "path": "quantity", "value": 6}],
        )
    ]


def test_explain_says_what_the_run_said(db: Path) -> None:
    result = _cli("explain", "Acme Corporation", "--format", "json", "--db", str(db))
    assert result.exit_code == 0, result.output
    said = json.loads(result.stdout)
    assert (said["outcome"], said["psa_client"]) == ("matched", "Acme Corporation")
