"""Commands that only show something leave the database file exactly as they found it.

A database written by the recon before the newest migration is read as an upgraded
temporary copy, so its owner can still go back to that recon; the command shows the same as
it would after upgrading.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from recon.cli import cli
from recon.store import SCHEMA_VERSION, _db
from recon.store._migrations import migrate

ROOT = Path(__file__).resolve().parents[2]
VENDOR = str(ROOT / "examples" / "vendor_partner_center.csv")
PSA = str(ROOT / "examples" / "psa_connectwise.csv")

SHOWING = [
    ["gaps", "--status", "all"],
    ["history", "--client", "Wayne"],
    ["log"],
    ["runs", "list"],
    ["anomalies"],
    ["owners", "list"],
    ["owners", "export"],
    ["bundle", "list"],
    ["settings", "show"],
    ["explain", "WAYNE ENTERPRISES"],
]


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The same memory twice: at this recon's schema, and as the previous recon kept it."""
    folder = tmp_path_factory.mktemp("read-only")
    current, old = folder / "current.db", folder / "old.db"
    assert invoke("reconcile", VENDOR, PSA, "--db", str(current)).exit_code == 0
    with _db.write(old) as db:
        migrate(db, target=SCHEMA_VERSION - 1)
        db.conn.execute("ATTACH DATABASE ? AS current", (str(current),))
        tables = [
            name
            for (name,) in db.conn.execute(
                "SELECT name FROM main.sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%'"
            )
        ]
        for table in tables:
            columns = [r[1] for r in db.conn.execute(f"PRAGMA main.table_info({table})")]
            newer = {r[1] for r in db.conn.execute(f"PRAGMA current.table_info({table})")}
            shared = ", ".join(c for c in columns if c in newer)
            if not shared:
                continue  # a table the newer schema no longer has (the bot's own, now)
            # What the older schema cannot hold is not the same memory: a column the newest
            # migration added (a pending gap's question) is left empty in both.
            nullable = {
                r[1]
                for r in db.conn.execute(f"PRAGMA current.table_info({table})")
                if not r[3] and r[4] is None
            }
            for column in sorted((newer - set(columns)) & nullable):
                db.conn.execute(f"UPDATE current.{table} SET {column} = NULL")
            db.conn.execute(
                f"INSERT INTO main.{table} ({shared}) SELECT {shared} FROM current.{table}"
            )
    return current, old


@pytest.fixture
def databases(built: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """A fresh copy of the older database for each test (a failing one would upgrade it)."""
    current, old = built
    copy = tmp_path / "old.db"
    shutil.copyfile(old, copy)
    return current, copy


@pytest.mark.parametrize("command", SHOWING, ids=[" ".join(c) for c in SHOWING])
def test_a_showing_command_leaves_an_older_database_as_it_was(
    databases: tuple[Path, Path], command: list[str]
) -> None:
    current, old = databases
    before = old.read_bytes()
    shown = invoke(*command, "--db", str(old))
    assert shown.exit_code == 0, shown.output
    assert old.read_bytes() == before
    assert shown.stdout == invoke(*command, "--db", str(current)).stdout
