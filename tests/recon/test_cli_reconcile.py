"""``recon reconcile`` through click's runner: outputs, persistence, maps and every error."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from recon.cli import cli
from recon.store import SCHEMA_VERSION, Store, _db
from recon.store._migrations import migrate

ROOT = Path(__file__).resolve().parents[2]
VENDOR = str(ROOT / "examples" / "vendor_partner_center.csv")
PSA = str(ROOT / "examples" / "psa_connectwise.csv")


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "recon.db")


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_examples_table_shows_ranked_gaps_and_records_the_run(db: str) -> None:
    result = invoke("reconcile", VENDOR, PSA, "--db", db)
    assert result.exit_code == 0, result.output
    assert "Gaps: 17   under-billed $1,497.80/mo   over-billed $1,041.60/mo" in result.stdout
    first_row = next(line for line in result.stdout.splitlines() if line.strip().startswith("1 "))
    assert "Pied Piper Inc" in first_row and "$570.00" in first_row
    assert "Run 1 saved: 17 new" in result.stdout
    store = Store.open(db)
    assert store.last_run() is not None
    assert len(store.gaps(status="open")) == 17


def test_json_has_every_section_and_exact_money(db: str) -> None:
    result = invoke("reconcile", VENDOR, PSA, "--db", db, "--format", "json")
    doc = json.loads(result.stdout)
    assert set(doc) >= {"gaps", "matches", "review", "unmapped", "summary", "run", "stored_gaps"}
    gap = doc["gaps"][0]
    assert gap["kind"] == "missing_in_psa" and gap["monthly_impact"] == "570.00"
    assert gap["vendor_client"] == "Pied Piper" and gap["psa_client"] == "Pied Piper Inc"
    for field in (
        "vendor_product",
        "psa_product",
        "vendor_qty",
        "psa_qty",
        "vendor_unit_cost",
        "psa_unit_price",
        "confidence",
        "why",
    ):
        assert field in gap
    impacts = [abs(float(g["monthly_impact"])) for g in doc["gaps"]]
    assert impacts == sorted(impacts, reverse=True)
    assert doc["summary"]["under_billed_monthly"] == "1497.80"
    assert doc["review"][0]["vendor_client"] == "Harbor View Dental Partners"
    assert doc["review"][0]["money_at_stake"] == "198.00"
    assert {u["psa_product"] for u in doc["unmapped"]} == {
        "Managed Services - Per User",
        "Remote Support Block (10 h)",
        "Huntress Managed EDR",
    }
    assert {m["method"] for m in doc["matches"]} == {"exact", "evidence"}
    assert doc["stored_gaps"][gap["gap_key"]]["status"] == "open"
    files = doc["summary"]["files"]
    assert files[0]["rows_skipped"] == {"usage-based product (not seat-reconciled)": 1}
    assert files[1]["rows_skipped"] == {"cancelled": 2, "not billable (Do Not Bill)": 1}


def test_csv_output_file_is_spreadsheet_ready(db: str, tmp_path: Path) -> None:
    out = tmp_path / "gaps.csv"
    result = invoke("reconcile", VENDOR, PSA, "--db", db, "--format", "csv", "--output", str(out))
    assert result.exit_code == 0
    assert f"Wrote 17 gaps (csv) to {out}" in result.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == 17
    assert rows[0]["monthly_impact"] == "570.00" and rows[1]["monthly_impact"] == "-432.00"


def test_no_save_reads_decisions_but_records_nothing(db: str) -> None:
    result = invoke("reconcile", VENDOR, PSA, "--db", db, "--no-save")
    assert result.exit_code == 0
    assert "Run " not in result.stdout
    assert Store.open(db).last_run() is None


def _undated(report: str) -> dict[str, object]:
    doc: dict[str, object] = json.loads(report)
    doc.pop("generated_at")
    return doc


@pytest.mark.parametrize("output_format", ["table", "json"])
def test_no_save_on_a_missing_database_creates_nothing_and_reads_as_empty(
    tmp_path: Path, output_format: str
) -> None:
    missing = tmp_path / "nowhere" / "recon.db"
    empty = tmp_path / "empty.db"
    Store.open(empty)
    dry = invoke(
        "reconcile", VENDOR, PSA, "--db", str(missing), "--no-save", "--format", output_format
    )
    assert dry.exit_code == 0, dry.output
    assert not missing.exists() and not missing.parent.exists()
    same = invoke(
        "reconcile", VENDOR, PSA, "--db", str(empty), "--no-save", "--format", output_format
    )
    if output_format == "json":  # the same but for the moment each was written
        assert _undated(dry.stdout) == _undated(same.stdout)
    else:
        assert dry.stdout == same.stdout
    assert "Gaps: 17" in dry.stdout or '"gaps"' in dry.stdout


def test_no_save_leaves_an_older_database_unupgraded_but_reads_its_decisions(
    tmp_path: Path,
) -> None:
    current, old = tmp_path / "current.db", tmp_path / "old.db"
    invoke("reconcile", VENDOR, PSA, "--db", str(current))
    alias = invoke(
        "alias", "client", "Harbor View Dental Partners", "Harbor View Dental", "--db", str(current)
    )
    assert alias.exit_code == 0, alias.output
    with _db.write(old) as db:  # as the recon before the newest migration left it
        migrate(db, target=SCHEMA_VERSION - 1)
        db.conn.execute("ATTACH DATABASE ? AS current", (str(current),))
        db.conn.execute("INSERT INTO client_aliases SELECT * FROM current.client_aliases")
    before = old.read_bytes()
    result = invoke("reconcile", VENDOR, PSA, "--db", str(old), "--no-save", "--format", "json")
    assert result.exit_code == 0, result.output
    assert old.read_bytes() == before
    doc = json.loads(result.stdout)
    assert doc["review"] == []  # the alias, read from the older database, settled the review
    assert ("Harbor View Dental Partners", "Harbor View Dental") in {
        (m["vendor_client"], m["psa_client"]) for m in doc["matches"]
    }


def test_second_run_reports_nothing_new(db: str) -> None:
    invoke("reconcile", VENDOR, PSA, "--db", db)
    result = invoke("reconcile", VENDOR, PSA, "--db", db)
    assert "Run 2 saved: 0 new, 0 grew, 0 reopened, 0 fixed" in result.stdout


def test_alias_turns_the_review_item_into_a_match_next_run(db: str) -> None:
    invoke("reconcile", VENDOR, PSA, "--db", db)
    alias = invoke(
        "alias",
        "client",
        "Harbor View Dental Partners",
        "Harbor View Dental",
        "--db",
        db,
        "--by",
        "tester",
    )
    assert alias.exit_code == 0, alias.output
    doc = json.loads(invoke("reconcile", VENDOR, PSA, "--db", db, "--format", "json").stdout)
    assert doc["review"] == []
    assert {
        "vendor_client": "Harbor View Dental Partners",
        "psa_client": "Harbor View Dental",
        "method": "alias",
        "score": 100.0,
    } in doc["matches"]


def test_default_database_needs_no_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    result = invoke("reconcile", VENDOR, PSA)
    assert result.exit_code == 0
    assert (tmp_path / "data" / "recon" / "recon.db").exists()


def test_recon_db_environment_variable_is_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RECON_DB", str(tmp_path / "env.db"))
    invoke("reconcile", VENDOR, PSA)
    assert (tmp_path / "env.db").exists()


def test_map_fills_a_missing_role_and_is_saved_for_next_time(db: str, tmp_path: Path) -> None:
    vendor = tmp_path / "vendor.csv"
    vendor.write_text(
        "Client,Offering,Seats\nWAYNE ENTERPRISES,Microsoft 365 Business Premium,18\n"
    )
    psa = tmp_path / "psa.csv"
    psa.write_text("Company,Product,Quantity,Unit Price\nWayne Enterprises Inc,M365 BP,10,26.40\n")
    missing = invoke("reconcile", str(vendor), str(psa), "--db", db)
    assert missing.exit_code == 1
    assert "no column was found for product or sku" in missing.stderr
    assert '="Offering"' in missing.stderr
    mapped = invoke(
        "reconcile",
        str(vendor),
        str(psa),
        "--db",
        db,
        "--map",
        "product=Offering",
        "--format",
        "json",
    )
    assert mapped.exit_code == 0, mapped.output
    assert json.loads(mapped.stdout)["gaps"][0]["monthly_impact"] == "211.20"
    again = invoke("reconcile", str(vendor), str(psa), "--db", db)
    assert again.exit_code == 0, again.output


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--map", "product"], 2, "expected ROLE=COLUMN"),
        (["--map", "nope:product=X"], 2, "prefix must be 'vendor:' or 'psa:'"),
        (["--map", "vendor:colour=Description"], 2, "unknown role 'colour'; the roles are client,"),
        (["--map", "qty=Seats"], 2, "quantity, unit_price"),
        (["--vendor-format", "quickbooks"], 1, "quickbooks"),
    ],
)
def test_bad_options_fail_with_a_message(db: str, args: list[str], code: int, message: str) -> None:
    result = invoke("reconcile", VENDOR, PSA, "--db", db, *args)
    assert result.exit_code == code
    assert message in result.stderr
    assert not Path(db).exists() or Store.open(db).last_run() is None


def test_swapped_files_are_named(db: str) -> None:
    result = invoke("reconcile", PSA, VENDOR, "--db", db)
    assert result.exit_code == 1
    assert "did you swap the two files?" in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"PK\x03\x04\x14\x00\x06\x00", "zip archive"),
        (b"just,some\nrandom,words\n", "no header row found"),
    ],
)
def test_unusable_files_fail_with_their_name(
    db: str, tmp_path: Path, content: bytes, message: str
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(content)
    result = invoke("reconcile", str(bad), PSA, "--db", db)
    assert result.exit_code == 1
    assert "bad.csv" in result.stderr and message in result.stderr
    assert "Traceback" not in result.output


def _padded_vendor(tmp_path: Path, size: int) -> Path:
    """The example vendor file, its rows repeated past ``size`` bytes."""
    header, *rows = Path(VENDOR).read_text().splitlines()
    body = "\n".join(rows) + "\n"
    big = tmp_path / "big-vendor.csv"
    big.write_text(header + "\n" + body * (size // len(body) + 1))
    return big


def test_a_file_over_the_limit_is_refused_with_the_way_to_raise_it(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RECON_MAX_FILE_MB", raising=False)
    big = _padded_vendor(tmp_path, 1024 * 1024 + 1)
    refused = invoke("reconcile", str(big), PSA, "--db", db, "--max-file-mb", "1")
    assert refused.exit_code == 1
    assert "big-vendor.csv" in refused.stderr and "over the 1.0 MB limit" in refused.stderr
    assert "raise the limit with --max-file-mb" in refused.stderr
    assert not Path(db).exists() or Store.open(db).last_run() is None
    read = invoke("reconcile", str(big), PSA, "--db", db, "--max-file-mb", "2", "--no-save")
    assert read.exit_code == 0, read.output


def test_the_file_limit_can_come_from_the_environment(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = _padded_vendor(tmp_path, 1024 * 1024 + 1)
    monkeypatch.setenv("RECON_MAX_FILE_MB", "1")
    refused = invoke("reconcile", str(big), PSA, "--db", db, "--no-save")
    assert refused.exit_code == 1 and "over the 1.0 MB limit" in refused.stderr
    monkeypatch.setenv("RECON_MAX_FILE_MB", "2")
    assert invoke("reconcile", str(big), PSA, "--db", db, "--no-save").exit_code == 0


def test_bad_cell_names_row_column_and_value(db: str, tmp_path: Path) -> None:
    vendor = tmp_path / "vendor.csv"
    vendor.write_text(
        "Customer Name,Product Name,Quantity\nAcme,Microsoft 365 E3,10\nAcme,Microsoft 365 E5,ten\n"
    )
    result = invoke("reconcile", str(vendor), PSA, "--db", db)
    assert result.exit_code == 1
    assert "row 3" in result.stderr and "'Quantity'" in result.stderr and "'ten'" in result.stderr


def test_formats_lists_every_format_and_role() -> None:
    result = invoke("formats")
    for name in (
        "microsoft_nce",
        "microsoft_legacy",
        "pax8_invoice",
        "pax8_subscriptions",
        "connectwise",
        "autotask",
        "kaseya_bms",
        "halopsa",
        "generic_vendor",
        "generic_psa",
    ):
        assert name in result.stdout
    assert "unit_price" in result.stdout


def test_detect_shows_the_role_of_each_column() -> None:
    result = invoke("detect", PSA)
    assert "ConnectWise Manage agreement additions" in result.stdout
    assert "less_included    <- 'Less Included'" in result.stdout


def test_a_bundle_defined_on_the_cli_is_compared_on_the_next_run(db: str, tmp_path: Path) -> None:
    vendor = tmp_path / "vendor.csv"
    vendor.write_text(
        "Customer Name,Product Name,Quantity,Unit Cost\n"
        "Acme,Huntress Managed EDR,12,3.50\nAcme,Mimecast Email Security,10,2.00\n"
    )
    psa = tmp_path / "psa.csv"
    psa.write_text("Company,Product,Quantity,Unit Price\nAcme,Managed Security Bundle,10,15.00\n")
    before = json.loads(
        invoke("reconcile", str(vendor), str(psa), "--db", db, "--format", "json").stdout
    )
    # Seats agree with one unbilled vendor line: one question, not an unmapped product plus
    # a missing-in-PSA gap; a bundle is how the person answers it here.
    assert [q["psa_product"] for q in before["questions"]] == ["Managed Security Bundle"]
    assert before["unmapped"] == []
    assert [(g["product"], g["kind"]) for g in before["gaps"]] == [
        ("Huntress Managed EDR", "missing_in_psa")  # EDR is no "security" tier: never paired
    ]
    defined = invoke(
        "bundle", "define", "Managed Security Bundle", "huntress-managed-edr",
        "Mimecast Email Security", "--db", db,
    )  # fmt: skip
    assert defined.exit_code == 0, defined.output
    assert "huntress-managed-edr" in invoke("bundle", "list", "--db", db).stdout
    after = json.loads(
        invoke("reconcile", str(vendor), str(psa), "--db", db, "--format", "json").stdout
    )
    assert after["unmapped"] == []
    assert [(g["product"], g["seat_delta"], g["monthly_impact"]) for g in after["gaps"]] == [
        ("Huntress Managed EDR", 2, "7.00")
    ]
    assert invoke("bundle", "remove", "nope", "--db", db).exit_code == 1
