"""Issue 18, on the command line: a CLI that never surprises a new user.

Each test names the numbered problem of the issue it covers; each fails on the code before
the fix (a rank instead of the gap id, two sort orders, missing formats, a mistyped --db that
creates an empty database, --map roles and alias targets taken on trust, --note vs --reason,
'ptnr' in the output, help and docs that disagree with the code).
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from recon.cli import cli
from recon.store import SETTING_KEYS, Store, setting_default
from tests.conftest import FakeClock

ROOT = Path(__file__).resolve().parents[2]
VENDOR = str(ROOT / "examples" / "vendor_partner_center.csv")
PSA = str(ROOT / "examples" / "psa_connectwise.csv")
U1 = "U0AAAAAAA"


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@pytest.fixture(scope="module")
def one_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding one run of the examples, made once for the module."""
    path = tmp_path_factory.mktemp("one-run") / "recon.db"
    result = invoke("reconcile", VENDOR, PSA, "--db", str(path))
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def db(tmp_path: Path, one_run: Path) -> str:
    """A fresh copy of the one-run database, for a test to change."""
    path = tmp_path / "recon.db"
    shutil.copyfile(one_run, path)
    return str(path)


def _table_rows(text: str) -> list[list[str]]:
    """The rows of the first table in a command's output (after its dashed rule)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if set(line.replace(" ", "")) == {"-"})
    rows = []
    for line in lines[start + 1 :]:
        cells = re.split(r"\s{2,}", line.strip())
        if len(cells) < 5:  # a blank line or a footer ends the table
            break
        rows.append(cells)
    return rows


# ---- 18.5: gap ids, status, one sort order, footers -----------------------------------------


def test_the_reconcile_table_shows_the_id_that_resolve_takes(db: str) -> None:
    again = invoke("reconcile", VENDOR, PSA, "--db", db)
    rows = _table_rows(again.stdout)
    header = again.stdout.splitlines()[again.stdout.splitlines().index("") + 1]
    assert header.split()[:2] == ["ID", "Status"]
    gap_id, status, client = rows[3][0], rows[3][1], rows[3][2]
    assert status == "open"  # seen by two runs now
    done = invoke("resolve", gap_id, "--reason", "added 8 seats", "--by", U1, "--db", db)
    assert done.exit_code == 0, done.output
    assert client in done.stdout
    assert Store.open(db).gap(int(gap_id)).client == client


def test_statuses_are_new_open_escalated_and_resolved(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "recon.db"
    store = Store.open(path, clock=clock)
    assert invoke("reconcile", VENDOR, PSA, "--db", str(path)).exit_code == 0
    first = {r[2] + r[3]: r[1] for r in _table_rows(invoke("gaps", "--db", str(path)).stdout)}
    assert set(first.values()) == {"new"}
    gap = store.gaps()[0]
    store.resolve(gap.id, by=U1)
    table = invoke("gaps", "--status", "all", "--db", str(path)).stdout
    assert {r[1] for r in _table_rows(table)} == {"new", "resolved"}
    old = store.gaps()[1]
    escalated = store.settings().escalation_days
    # Age every open gap past the escalation setting, as a later run would find them.
    import sqlite3

    with sqlite3.connect(path) as conn:
        aged = (old.first_seen - timedelta(days=escalated)).isoformat(timespec="microseconds")
        conn.execute("UPDATE gaps SET first_seen = ? WHERE id = ?", (aged, old.id))
    statuses = {r[0]: r[1] for r in _table_rows(invoke("gaps", "--db", str(path)).stdout)}
    assert statuses[str(old.id)] == "escalated"
    data = json.loads(invoke("gaps", "--db", str(path), "--format", "json").stdout)
    assert {d["id"]: d["list_status"] for d in data}[old.id] == "escalated"


def test_reconcile_and_gaps_list_in_one_order(db: str) -> None:
    """Money at stake (refund risk too), then client, then product, in every list."""
    reconciled = [
        (r[2], r[3]) for r in _table_rows(invoke("reconcile", VENDOR, PSA, "--db", db).stdout)
    ]
    listed = [(r[2], r[3]) for r in _table_rows(invoke("gaps", "--db", db).stdout)]
    assert reconciled == listed
    money = [
        abs(float(row["monthly_impact"]))
        for row in json.loads(invoke("gaps", "--db", db, "--format", "json").stdout)
    ]
    assert money == sorted(money, reverse=True)
    assert listed[1] == ("Pied Piper Inc", "Microsoft 365 E3")  # -$432 ranks above +$211


def test_every_gap_list_ends_with_both_totals(db: str) -> None:
    footer = "17 gaps: under-billed $1,497.80/mo, over-billed $1,041.60/mo."
    assert footer in invoke("gaps", "--db", db).stdout
    assert f"Total: {footer}" in invoke("reconcile", VENDOR, PSA, "--db", db).stdout


def test_reconcile_csv_and_json_carry_the_gap_id_and_status(db: str) -> None:
    rows = list(
        csv.DictReader(
            io.StringIO(invoke("reconcile", VENDOR, PSA, "--db", db, "--format", "csv").stdout)
        )
    )
    assert rows[0]["gap_id"] == "1" and rows[0]["status"] == "open"
    doc = json.loads(invoke("reconcile", VENDOR, PSA, "--db", db, "--format", "json").stdout)
    assert (doc["gaps"][0]["id"], doc["gaps"][0]["status"]) == (1, "open")


def test_a_run_that_is_not_saved_says_its_gaps_have_no_id(tmp_path: Path) -> None:
    result = invoke("reconcile", VENDOR, PSA, "--db", str(tmp_path / "r.db"), "--no-save")
    assert _table_rows(result.stdout)[0][:2] == ["-", "new"]
    assert "Gaps without an ID are not saved (--no-save)" in result.stdout


# ---- 18.6: --format table|json|csv on every list command ---------------------------------


LISTS = [
    ("gaps", "--status", "all"),
    ("log",),
    ("history",),
    ("owners", "list"),
    ("anomalies",),
    ("bundle", "list"),
    ("settings", "show"),
    ("formats",),
    ("sources",),
    ("detect", PSA),
]


@pytest.mark.parametrize("command", LISTS, ids=lambda c: " ".join(c[:2]))
@pytest.mark.parametrize("output_format", ["table", "json", "csv"])
def test_every_list_command_speaks_table_json_and_csv(
    db: str, command: tuple[str, ...], output_format: str
) -> None:
    store = Store.open(db)
    store.set_owner("Acme", slack_user="U0CCCCCCC", by=U1)
    store.define_bundle("Security Bundle", ["huntress-managed-edr", "Mimecast"], by=U1)
    args = [*command, "--format", output_format]
    if command[0] not in ("formats", "sources", "detect"):
        args += ["--db", db]
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    if output_format == "json":
        assert json.loads(result.stdout)
    elif output_format == "csv":
        rows = list(csv.reader(io.StringIO(result.stdout)))
        assert rows and all(len(r) == len(rows[0]) for r in rows)
        if command[0] != "anomalies":  # the examples' single run has none
            assert len(rows) >= 2


# ---- 18.7: a mistyped --db, --map role or alias target -----------------------------------


MEMORY = [
    ("gaps",),
    ("log",),
    ("history",),
    ("explain", "Acme"),
    ("resolve", "1", "--reason", "done"),
    ("accept", "1", "--reason", "free"),
    ("snooze", "1", "--until", "2026-12-01"),
    ("reopen", "1"),
    ("settings", "show"),
    ("anomalies",),
    ("expected", "acme|x|erratic"),
    ("alias", "client", "A", "B"),
    ("reject", "client", "A", "B"),
    ("ignore", "product", "Labour"),
    ("bundle", "list"),
    ("bundle", "define", "B", "huntress-managed-edr"),
    ("owners", "list"),
    ("owners", "export"),
    ("runs", "list"),
    ("runs", "confirm", "2"),
    ("runs", "discard", "2"),
]


@pytest.mark.parametrize("command", MEMORY, ids=" ".join)
def test_a_command_on_memory_with_a_missing_database_is_an_error(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    typo = tmp_path / "recon-typo.db"
    result = invoke(*command, "--db", str(typo))
    assert result.exit_code == 1
    assert f"Error: no recon database at {typo}" in result.stderr
    assert not typo.exists() and list(tmp_path.iterdir()) == []


def test_reconcile_still_creates_the_database(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    assert invoke("reconcile", VENDOR, PSA, "--db", str(path)).exit_code == 0
    assert path.exists()


@pytest.mark.parametrize(
    "command",
    [
        ("owners", "set", "Acme", "U0CCCCCCC"),
        ("settings", "set", "billing_channel", "#billing"),
    ],
    ids=" ".join,
)
def test_setting_up_before_the_first_run_creates_the_database_and_says_so(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    path = tmp_path / "new.db"
    result = invoke(*command, "--db", str(path))
    assert result.exit_code == 0, result.output
    assert f"Created a new recon database at {path}." in result.stderr


def test_an_unknown_map_role_is_refused_before_reading_anything(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    result = invoke("reconcile", VENDOR, PSA, "--db", str(path), "--map", "seats=Quantity")
    assert result.exit_code == 2
    assert "unknown role 'seats'; the roles are client, client_id, product" in result.stderr
    assert not path.exists()


def test_an_alias_to_an_unknown_client_lists_the_nearest(db: str) -> None:
    result = invoke("alias", "client", "WAYNE ENT", "Wane Enterprises", "--db", db)
    assert result.exit_code == 1
    assert "no client 'Wane Enterprises' in any run" in result.stderr
    assert "'Wayne Enterprises, Inc.'" in result.stderr
    assert Store.open(db).knowledge().client_aliases == ()


def test_an_alias_to_a_client_offered_for_review_is_fine(db: str) -> None:
    result = invoke(
        "alias", "client", "Harbor View Dental Partners", "Harbor View Dental", "--db", db
    )
    assert result.exit_code == 0, result.output


def test_an_alias_to_an_unknown_product_lists_the_nearest(db: str) -> None:
    result = invoke("alias", "product", "Cloud Gold", "Microsfot 365 E9", "--db", db)
    assert result.exit_code == 1
    assert (
        "no product 'Microsfot 365 E9'" in result.stderr and "'Microsoft 365 E5'" in result.stderr
    )
    ok = invoke("alias", "product", "Cloud Gold", "ms-m365-business-premium", "--db", db)
    assert ok.exit_code == 0, ok.output


def test_an_unknown_setting_lists_the_valid_ones(db: str) -> None:
    result = invoke("settings", "set", "escalation", "3", "--db", db)
    assert result.exit_code == 2
    assert all(key in result.stderr for key in SETTING_KEYS)


# ---- 18.8: one word per concept, names as written ----------------------------------------


def test_resolve_takes_reason_like_every_other_command(db: str) -> None:
    result = invoke("resolve", "1", "--reason", "added seats", "--by", U1, "--db", db)
    assert result.exit_code == 0, result.output
    assert Store.open(db).decisions()[0].reason == "added seats"
    old = invoke("resolve", "2", "--note", "old habit", "--by", U1, "--db", db)
    assert old.exit_code == 0 and "--note is now --reason" in old.stderr
    assert "--note" not in invoke("resolve", "--help").stdout


def test_no_normalised_words_in_the_run_report(db: str) -> None:
    for output_format in ("table", "json", "csv"):
        text = invoke("reconcile", VENDOR, PSA, "--db", db, "--format", output_format).stdout
        if output_format == "table":
            assert "'Partners'" in text
        assert "'ptnr'" not in text


# ---- 18.9: help and docs agree with the code ----------------------------------------------


def _helps() -> list[tuple[str, str]]:
    from tests.test_docs import GEN

    return [(name, command.get_help(ctx)) for name, command, ctx in GEN.commands(cli)] + [
        ("recon", cli.get_help(GEN._context(cli, "recon", None)))
    ]


def test_every_example_file_named_in_help_exists() -> None:
    named = {path for _, text in _helps() for path in re.findall(r"examples/[\w./-]+\.csv", text)}
    assert named, "the help names no example file"
    assert [p for p in sorted(named) if not (ROOT / p).exists()] == []


def test_documented_setting_defaults_are_the_codes() -> None:
    """docs/cli.md's settings table and `settings set --help` give every setting with the
    default the code has (the issue found escalation documented as 3, coded as 14)."""
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    documented = dict(re.findall(r"^\| `(\w+)` \| `([^`]*)` \|", text, flags=re.M))
    assert documented == {key: setting_default(key) for key in SETTING_KEYS}
    help_text = " ".join(invoke("settings", "set", "--help").stdout.split())
    for key in SETTING_KEYS:
        assert f"{key}:" in help_text and f"default {setting_default(key)}" in help_text


def test_settings_show_on_a_new_database_shows_the_documented_defaults(tmp_path: Path) -> None:
    """What `settings show` prints before anyone changed a thing is the docs' table (the
    store's real defaults, not a second copy of them)."""
    path = str(tmp_path / "new.db")
    assert invoke("owners", "set", "Acme", U1, "--db", path).exit_code == 0  # creates it
    shown = invoke("settings", "show", "--db", path).stdout
    rows = [re.split(r"\s{2,}", line.strip()) for line in shown.splitlines()]
    assert all(row[-1] == "(default)" for row in rows)
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    documented = dict(re.findall(r"^\| `(\w+)` \| `([^`]*)` \|", text, flags=re.M))
    assert {row[0]: row[1].removeprefix("$") for row in rows} == documented


def test_settings_show_shows_every_setting(db: str) -> None:
    shown = invoke("settings", "show", "--db", db).stdout
    assert [line.split()[0] for line in shown.splitlines()] == list(SETTING_KEYS)


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("gaps",), 0),
        (("resolve", "999"), 1),
        (("gaps", "--status", "sideways"), 2),
        (("frobnicate",), 2),
    ],
)
def test_exit_codes_are_as_documented(db: str, args: tuple[str, ...], code: int) -> None:
    extra = ("--db", db) if args[0] != "frobnicate" else ()
    assert invoke(*args, *extra).exit_code == code
    docs = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    section = docs.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    assert f"| `{code}` |" in section
