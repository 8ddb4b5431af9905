"""The store commands through click: success, every error path (exit 1, store unchanged), help."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from recon.cli import cli
from recon.model import GapKind
from recon.store import GapStatus, Store
from tests.conftest import FakeClock
from tests.recon.store.build import make_gap, make_result

U1 = "U0AAAAAAA"
STORE_COMMANDS = (
    "gaps",
    "resolve",
    "accept",
    "snooze",
    "reopen",
    "alias",
    "reject",
    "ignore",
    "owner",
    "owners",
    "history",
    "log",
    "settings",
)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "recon.db"


@pytest.fixture
def store(db: Path, clock: FakeClock) -> Store:
    """A store with one run: Acme (+2, $50), Wayne (+17, $425), Northside (-2, -$50)."""
    store = Store.open(db, clock=clock)
    store.record_run(
        make_result(
            make_gap("Acme Corp"),
            make_gap("Wayne Enterprises", vendor_qty=20, psa_qty=3),
            make_gap("Northside Dental", kind=GapKind.MISSING_IN_VENDOR, vendor_qty=0, psa_qty=2),
            make_gap("Northside Dental Lab", vendor_qty=11, psa_qty=10),
        )
    )
    return store


def ids(store: Store) -> dict[str, int]:
    return {g.client: g.id for g in store.gaps(status="all")}


def run(db: Path, *args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, [*args, "--db", str(db)], input=input)


def assert_error(result: Result, message: str) -> None:
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: ")
    assert message in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


# --- gaps ------------------------------------------------------------------------------------


def test_gaps_table_lists_open_gaps_with_ids_and_money(db: Path, store: Store) -> None:
    result = run(db, "gaps")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["ID", "STATUS", "CLIENT"]
    assert "Wayne Enterprises" in lines[2]
    assert "$425.00" in lines[2]
    assert "+17" in lines[2]
    assert "-$50.00" in result.stdout
    assert "4 gaps: under-billed $500.00/mo, over-billed $50.00/mo. Times in UTC." in result.stdout


def test_gaps_status_and_client_filters(db: Path, store: Store) -> None:
    store.resolve(ids(store)["Acme Corp"], by=U1)
    assert "Acme Corp" not in run(db, "gaps").stdout
    resolved = run(db, "gaps", "--status", "resolved")
    assert "Acme Corp" in resolved.stdout
    assert "Wayne" not in resolved.stdout
    wayne = run(db, "gaps", "--status", "all", "--client", "wayne")
    assert "Wayne Enterprises" in wayne.stdout
    assert "Acme" not in wayne.stdout


def test_gaps_with_none_to_show_says_so(db: Path, store: Store) -> None:
    assert run(db, "gaps", "--status", "snoozed").stdout == "No snoozed gaps.\n"


def test_gaps_json_carries_identity_lifecycle_and_decisions(db: Path, store: Store) -> None:
    store.accept(ids(store)["Acme Corp"], reason="free seats", by=U1)
    result = run(db, "gaps", "--status", "all", "--client", "Acme", "--format", "json")
    assert result.exit_code == 0
    (gap,) = json.loads(result.stdout)
    expected = {
        "id", "status", "kind", "client", "vendor_client", "psa_client", "vendor_product",
        "psa_product", "vendor_qty", "psa_qty", "seat_delta", "monthly_impact", "first_seen",
        "last_seen", "runs_seen", "leaked_to_date", "overdue", "resolved_by", "resolved_at",
        "accepted_reason", "snoozed_until",
    }  # fmt: skip
    assert expected <= set(gap)
    assert (gap["status"], gap["accepted_reason"], gap["monthly_impact"]) == (
        "accepted",
        "free seats",
        "50.00",
    )
    assert gap["first_seen"] == "2026-03-02T09:00:00+00:00"


def test_gaps_table_shows_times_in_the_configured_time_zone(db: Path, clock: FakeClock) -> None:
    clock.set(clock().replace(hour=20))  # 2026-03-02 20:00 UTC is 2026-03-03 in Tokyo
    store = Store.open(db, clock=clock)
    store.record_run(make_result(make_gap()))
    assert "2026-03-02" in run(db, "gaps").stdout
    store.set_setting("timezone", "Asia/Tokyo", by=U1)
    out = run(db, "gaps").stdout
    assert "2026-03-03" in out
    assert "Times in Asia/Tokyo." in out


@pytest.mark.parametrize(
    ("client", "message"),
    [
        ("Gotham", "no client matches 'Gotham'"),
        ("northside den", "'northside den' matches several clients"),
    ],
)
def test_gaps_client_that_matches_nothing_or_several_is_an_error(
    db: Path, store: Store, client: str, message: str
) -> None:
    assert_error(run(db, "gaps", "--client", client), message)


def test_gaps_unknown_status_is_a_usage_error(db: Path, store: Store) -> None:
    result = run(db, "gaps", "--status", "closed")
    assert result.exit_code == 2
    assert "'closed' is not one of" in result.stderr


# --- resolve / accept / snooze / reopen ---------------------------------------------------------


def test_resolve_records_who_and_note(db: Path, store: Store) -> None:
    gap_id = ids(store)["Acme Corp"]
    result = run(db, "resolve", str(gap_id), "--by", "U0BBBBBBB", "--note", "added seats")
    assert result.exit_code == 0, result.output
    assert f"Resolved gap {gap_id} (Acme Corp" in result.stdout
    assert "7 days" in result.stdout
    gap = store.gap(gap_id)
    assert (gap.status, gap.resolved_by, gap.resolved_note) == (
        "resolved",
        "U0BBBBBBB",
        "added seats",
    )


def test_resolve_defaults_who_to_the_login_name(db: Path, store: Store) -> None:
    gap_id = ids(store)["Acme Corp"]
    assert run(db, "resolve", str(gap_id)).exit_code == 0
    assert (store.gap(gap_id).resolved_by or "").startswith("cli:")


def test_resolve_twice_is_an_error_and_changes_nothing(db: Path, store: Store) -> None:
    gap_id = ids(store)["Acme Corp"]
    store.resolve(gap_id, by="U123")
    before = store.decisions()
    result = run(db, "resolve", str(gap_id), "--by", U1)
    assert_error(result, f"gap {gap_id} was already resolved by U123 at 2026-03-02 09:00 UTC")
    assert store.decisions() == before


@pytest.mark.parametrize("command", ["resolve", "reopen"])
def test_unknown_gap_id_is_an_error(db: Path, store: Store, command: str) -> None:
    assert_error(run(db, command, "999"), "no gap with id 999")
    assert store.decisions() == []


def test_accept_with_reason(db: Path, store: Store) -> None:
    gap_id = ids(store)["Wayne Enterprises"]
    result = run(db, "accept", str(gap_id), "--reason", "contract includes 17 seats")
    assert result.exit_code == 0, result.output
    assert "contract includes 17 seats" in result.stdout
    assert store.gap(gap_id).status is GapStatus.ACCEPTED


def test_accept_needs_a_reason(db: Path, store: Store) -> None:
    gap_id = str(ids(store)["Wayne Enterprises"])
    assert run(db, "accept", gap_id).exit_code == 2
    assert_error(run(db, "accept", gap_id, "--reason", " "), "needs a reason")
    assert_error(run(db, "accept", "999", "--reason", "x"), "no gap with id 999")
    assert store.decisions() == []


def test_snooze_until_a_date(db: Path, store: Store) -> None:
    gap_id = ids(store)["Acme Corp"]
    result = run(db, "snooze", str(gap_id), "--until", "2099-01-01", "--reason", "waiting PO")
    assert result.exit_code == 0, result.output
    assert "until 2099-01-01" in result.stdout
    assert str(store.gap(gap_id).snoozed_until) == "2099-01-01"


def test_snooze_errors(db: Path, store: Store) -> None:
    gap_id = str(ids(store)["Acme Corp"])
    assert_error(run(db, "snooze", gap_id, "--until", "2020-01-01"), "must be after today")
    assert run(db, "snooze", gap_id, "--until", "next week").exit_code == 2
    assert_error(run(db, "snooze", "999", "--until", "2099-01-01"), "no gap with id 999")
    assert store.decisions() == []


def test_reopen(db: Path, store: Store) -> None:
    gap_id = ids(store)["Acme Corp"]
    assert_error(run(db, "reopen", str(gap_id)), f"gap {gap_id} is already open")
    store.resolve(gap_id, by=U1)
    result = run(db, "reopen", str(gap_id), "--reason", "client refused")
    assert result.exit_code == 0, result.output
    assert f"Reopened gap {gap_id}" in result.stdout
    assert store.gap(gap_id).status is GapStatus.OPEN


# --- alias / reject / ignore ------------------------------------------------------------------


def test_alias_client_and_product(db: Path, store: Store) -> None:
    result = run(db, "alias", "client", "WAYNE ENT (TENANT 4411)", "Wayne Enterprises", "--by", U1)
    assert result.exit_code == 0, result.output
    result = run(db, "alias", "product", "M365 BP (annual)", "Microsoft 365 Business Premium")
    assert result.exit_code == 0, result.output
    k = store.knowledge()
    assert k.client_aliases == (("WAYNE ENT (TENANT 4411)", "Wayne Enterprises"),)
    assert k.product_aliases == (("M365 BP (annual)", "Microsoft 365 Business Premium"),)


def test_alias_errors_change_nothing(db: Path, store: Store) -> None:
    assert_error(run(db, "alias", "client", "Acme, Inc.", "ACME"), "already the same client")
    run(db, "alias", "client", "Acme tenant", "Acme Corp")
    assert_error(run(db, "alias", "client", "ACME TENANT", "acme corp"), "already an alias")
    assert_error(run(db, "alias", "product", "x", " "), "alias target is required")
    assert len(store.decisions()) == 1


def test_reject_client(db: Path, store: Store) -> None:
    result = run(db, "reject", "client", "Northside Dental Lab", "Northside Dental")
    assert result.exit_code == 0, result.output
    assert store.knowledge().client_rejections == (("Northside Dental Lab", "Northside Dental"),)
    assert_error(
        run(db, "reject", "client", "Northside Dental Lab", "Northside Dental"), "already rejected"
    )


def test_ignore_product(db: Path, store: Store) -> None:
    result = run(db, "ignore", "product", "Managed Services - Labour", "--reason", "labour")
    assert result.exit_code == 0, result.output
    assert store.knowledge().ignored_products == ("Managed Services - Labour",)
    assert_error(run(db, "ignore", "product", "managed services - labour"), "already ignored")
    assert len(store.decisions()) == 1


# --- owners -----------------------------------------------------------------------------------


def test_owner_set(db: Path, store: Store) -> None:
    result = run(
        db, "owner", "set", "acme", "--slack-user", "U0CCCCCCC", "--email", "ann@msp.example",
        "--billing-owner", "U0DDDDDDD",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Acme Corp: account manager U0CCCCCCC" in result.stdout
    owner = store.owner_for("acme")
    assert owner is not None
    assert owner.billing_owner == "U0DDDDDDD"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("Northside", "--slack-user", "U0CCCCCCC"), "matches several clients"),
        (("Acme", "--slack-user", "ann"), "'ann' is neither a Slack user id"),
        (("Acme",), "give the account manager"),
        (("Acme", "U0CCCCCCC", "--email", "a@b.example"), "give the owner once"),
        (("Acme", "--slack-user", "U0CCCCCCC", "--email", "nope"), "not an e-mail address"),
    ],
)
def test_owner_set_errors_change_nothing(
    db: Path, store: Store, args: tuple[str, ...], message: str
) -> None:
    assert_error(run(db, "owner", "set", *args), message)
    assert store.owners() == []


def test_owners_import_then_export(db: Path, store: Store, tmp_path: Path) -> None:
    source = tmp_path / "owners.csv"
    source.write_text(
        "client,slack_user,email,billing_owner\n"
        "Acme Corp,U0CCCCCCC,ann@msp.example,\n"
        "Wayne Enterprises,U0EEEEEEE,,U0DDDDDDD\n",
        encoding="utf-8",
    )
    result = run(db, "owners", "import", str(source))
    assert result.exit_code == 0, result.output
    assert "2 added, 0 changed, 0 already as given" in result.stdout
    exported = run(db, "owners", "export")
    assert exported.stdout == source.read_text(encoding="utf-8")
    target = tmp_path / "out.csv"
    assert run(db, "owners", "export", "--output", str(target)).exit_code == 0
    assert target.read_text(encoding="utf-8") == source.read_text(encoding="utf-8")


def test_owners_import_with_bad_rows_imports_nothing(
    db: Path, store: Store, tmp_path: Path
) -> None:
    source = tmp_path / "owners.csv"
    source.write_text(
        "client,slack_user\nAcme Corp,U0CCCCCCC\nGotham,U0CCCCCCC\nWayne,bruce\n", encoding="utf-8"
    )
    result = run(db, "owners", "import", str(source))
    assert_error(result, "owners not imported; 1 bad row")
    assert "row 3:" not in result.stderr  # Gotham: no run has shown it yet, so it waits
    assert "row 4: 'bruce' is neither a Slack user id" in result.stderr
    assert store.owners() == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"name,user\nAcme,U0CCCCCCC\n", "its header is name, user"),
        (b"", "the owners file is empty"),
        (b"client,slack_user\n\xff\xfe\x00Acme\n", "not UTF-8 text"),
    ],
)
def test_owners_import_of_an_unusable_file_is_an_error(
    db: Path, store: Store, tmp_path: Path, content: bytes, message: str
) -> None:
    source = tmp_path / "owners.csv"
    source.write_bytes(content)
    assert_error(run(db, "owners", "import", str(source)), message)
    assert store.owners() == []


# --- history / log ----------------------------------------------------------------------------


def test_history_table_and_json(db: Path, store: Store, clock: FakeClock) -> None:
    clock.advance(days=7)
    store.record_run(make_result(make_gap("Acme Corp", vendor_qty=14)))
    table = run(db, "history", "--client", "Acme", "--product", "premium")
    assert table.exit_code == 0, table.output
    assert len(table.stdout.splitlines()) == 4
    data = json.loads(run(db, "history", "--client", "Acme", "--format", "json").stdout)
    assert [(r["run_id"], r["vendor_qty"], r["seat_delta"]) for r in data] == [
        (1, 12, 2),
        (2, 14, 4),
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--client", "Gotham"), "no client matches 'Gotham'"),
        (("--product", "Azure"), "no product in the seat history matches 'Azure'"),
    ],
)
def test_history_filter_that_matches_nothing_is_an_error(
    db: Path, store: Store, args: tuple[str, ...], message: str
) -> None:
    assert_error(run(db, "history", *args), message)


def test_log_shows_who_when_before_and_after(db: Path, store: Store) -> None:
    gap_id = ids(store)["Acme Corp"]
    store.resolve(gap_id, by=U1, note="added seats")
    store.set_setting("threshold", "250", by="U0BBBBBBB")
    table = run(db, "log")
    assert table.exit_code == 0
    assert "status open -> resolved" in table.stdout
    assert "added seats" in table.stdout
    data = json.loads(run(db, "log", "--format", "json").stdout)
    assert [(d["by"], d["action"]) for d in data] == [
        ("U0BBBBBBB", "set_setting"),
        (U1, "resolve"),
        ("recon", "record_run"),  # the fixture's run, with who caused it
    ]
    assert data[0]["before"] == {"value": None}
    assert data[0]["after"] == {"value": "250.00"}
    assert data[1]["at"] == "2026-03-02T09:00:00+00:00"
    one = json.loads(run(db, "log", "--gap", str(gap_id), "--format", "json").stdout)
    assert [d["action"] for d in one] == ["resolve"]
    assert len(json.loads(run(db, "log", "--limit", "1", "--format", "json").stdout)) == 1


def test_log_of_a_gap_no_run_showed_is_an_error(db: Path, store: Store) -> None:
    assert_error(run(db, "log", "--gap", "999"), "no gap with id 999")


def test_owners_list_of_one_client(db: Path, store: Store) -> None:
    store.set_owner("Wayne Enterprises", slack_user=U1, by="cli:test")
    store.set_owner("Acme Corp", slack_user="U0BBBBBBB", by="cli:test")
    one = json.loads(run(db, "owners", "list", "--client", "wayne", "--format", "json").stdout)
    assert [(o["client"], o["slack_user"]) for o in one] == [("Wayne Enterprises", U1)]
    assert (
        json.loads(
            run(db, "owners", "list", "--client", "Northside Dental Lab", "--format", "json").stdout
        )
        == []
    )
    assert_error(run(db, "owners", "list", "--client", "Gotham"), "no client matches 'Gotham'")


def test_log_of_a_new_database(db: Path) -> None:
    Store.open(db)
    assert run(db, "log").stdout == "No decisions yet.\n"


# --- settings ---------------------------------------------------------------------------------


def test_settings_show_defaults(db: Path) -> None:
    Store.open(db)
    result = run(db, "settings", "show")
    assert result.exit_code == 0
    # Keys are padded to the longest one (connectwise_fix_mode).
    assert "threshold             $100.00  (default)" in result.stdout
    assert "grace_days            7  (default)" in result.stdout
    assert "max_drop_percent      30  (default)" in result.stdout
    assert "billing_users         (none: admins only)  (default)" in result.stdout
    assert "write_back            (none: off)  (default)" in result.stdout
    assert "connectwise_fix_mode  replace  (default)" in result.stdout
    data = json.loads(run(db, "settings", "show", "--format", "json").stdout)
    assert data["threshold"] == "100.00"
    assert data["timezone"] == "UTC"


def test_settings_set_and_per_client_threshold(db: Path, store: Store) -> None:
    result = run(db, "settings", "set", "threshold", "250")
    assert (result.exit_code, result.stdout) == (0, "threshold is now $250.00.\n")
    result = run(db, "settings", "set", "threshold", "20", "--client", "Acme")
    assert result.stdout == "threshold for 'Acme' is now $20.00.\n"
    assert run(db, "settings", "set", "billing_channel", "#billing").exit_code == 0
    assert str(store.threshold_for("acme")) == "20.00"
    assert store.settings().billing_channel == "#billing"
    assert "threshold for 'acme': $20.00" in run(db, "settings", "show").stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("threshold", "lots"), "threshold must be an amount"),
        (("timezone", "Mars/Olympus"), "IANA time zone"),
        (("grace_days", "400"), "between 0 and 365"),
        (("timezone", "UTC", "--client", "Acme"), "can't be set per client"),
        (("threshold", "5", "--client", "Gotham"), "no client matches 'Gotham'"),
        (("timezone", "UTC"), "timezone is already 'UTC'"),
    ],
)
def test_settings_set_errors_change_nothing(
    db: Path, store: Store, args: tuple[str, ...], message: str
) -> None:
    if args[:2] == ("timezone", "UTC") and len(args) == 2:
        store.set_setting("timezone", "UTC", by=U1)
    before = store.decisions()
    assert_error(run(db, "settings", "set", *args), message)
    assert store.decisions() == before


def test_settings_set_unknown_key_is_a_usage_error(db: Path) -> None:
    assert run(db, "settings", "set", "colour", "blue").exit_code == 2


# --- help -------------------------------------------------------------------------------------


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    ctx = click.Context(group)
    for name in group.list_commands(ctx):  # the group loads its commands on first use
        command = group.get_command(ctx, name)
        assert command is not None
        if prefix == () and name not in STORE_COMMANDS:
            continue
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


@pytest.mark.parametrize("path", list(_commands(cli)), ids=" ".join)
def test_every_store_command_has_help_with_an_example(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout
    assert "recon " + " ".join(path) in result.stdout.split("Example:")[1]


def test_every_store_command_is_registered() -> None:
    ctx = click.Context(cli)
    assert all(cli.get_command(ctx, name) is not None for name in STORE_COMMANDS)
