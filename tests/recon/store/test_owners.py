"""Owners: one at a time, in bulk from CSV (all or nothing), and on every gap."""

from __future__ import annotations

import io

import pytest

from recon.errors import Ambiguous, InputError, NotFound, UsageError
from recon.store import Action, OwnerRow, Store, read_owners_csv, write_owners_csv
from tests.recon.store.build import make_gap, make_result

U1 = "U0AAAAAAA"


@pytest.fixture(autouse=True)
def clients(store: Store) -> None:
    store.record_run(
        make_result(
            make_gap("Acme Corp"),
            make_gap("Wayne Enterprises"),
            make_gap("Northside Dental"),
            make_gap("Northside Dental Lab"),
        )
    )


def test_set_owner_is_on_the_client_and_its_gaps(store: Store) -> None:
    owner = store.set_owner(
        "acme", slack_user="U0CCCCCCC", email="ann@msp.example", billing_owner="U0DDDDDDD", by=U1
    )
    assert (owner.client_key, owner.client, owner.slack_user) == ("acme", "Acme Corp", "U0CCCCCCC")
    assert store.owner_for("acme") == owner
    assert store.gaps(client="acme")[0].owner == owner
    assert store.owner_for("wayne ent") is None
    (decision,) = store.decisions()
    assert decision.action is Action.SET_OWNER
    assert decision.before is None
    assert decision.after == {
        "slack_user": "U0CCCCCCC",
        "email": "ann@msp.example",
        "billing_owner": "U0DDDDDDD",
    }


def test_setting_the_same_owner_again_changes_and_logs_nothing(store: Store) -> None:
    store.set_owner("Acme Corp", slack_user="U0CCCCCCC", by=U1)
    store.set_owner("Acme Corp", slack_user="U0CCCCCCC", by=U1)
    assert len(store.decisions()) == 1


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"client": "Gotham", "slack_user": "U0CCCCCCC"}, NotFound, "no client matches 'Gotham'"),
        ({"client": "northside d", "slack_user": "U0CCCCCCC"}, Ambiguous, "several clients"),
        ({"client": "Acme", "slack_user": "ann"}, UsageError, "Slack user id"),
        ({"client": "Acme", "slack_user": "U0CCCCCCC", "email": "ann"}, UsageError, "e-mail"),
        (
            {"client": "Acme", "slack_user": "U0CCCCCCC", "billing_owner": "bob"},
            UsageError,
            "billing_owner must be a Slack user id",
        ),
    ],
)
def test_set_owner_errors_change_nothing(
    store: Store, kwargs: dict[str, str], error: type[Exception], message: str
) -> None:
    client = kwargs.pop("client")
    with pytest.raises(error, match=message):
        store.set_owner(client, by=U1, **kwargs)
    assert store.owners() == []


def test_import_owners_assigns_every_row(store: Store) -> None:
    store.set_owner("Acme Corp", slack_user="U0CCCCCCC", by=U1)
    rows = read_owners_csv(
        "client,slack_user,email,billing_owner\n"
        "Acme Corp,U0CCCCCCC,,\n"
        "Wayne Enterprises,U0EEEEEEE,bruce@msp.example,\n"
        "\n"
        "Northside Dental Lab,U0FFFFFFF,,U0DDDDDDD\n"
    )
    done = store.import_owners(rows, by=U1, source="owners.csv")
    assert (done.added, done.changed, done.unchanged) == (2, 0, 1)
    assert [(o.client, o.slack_user) for o in store.owners()] == [
        ("Acme Corp", "U0CCCCCCC"),
        ("Northside Dental Lab", "U0FFFFFFF"),
        ("Wayne Enterprises", "U0EEEEEEE"),
    ]
    assert store.decisions()[0].reason == "imported from owners.csv"


def test_import_with_bad_rows_saves_nothing_and_lists_every_bad_row(store: Store) -> None:
    rows = read_owners_csv(
        "client,slack_user\n"
        "Acme Corp,U0CCCCCCC\n"  # row 2: fine
        "Gotham,U0CCCCCCC\n"  # row 3: unknown client
        "Northside,U0CCCCCCC\n"  # row 4: ambiguous
        "Wayne Enterprises,bruce\n"  # row 5: bad Slack id
        "ACME CORP.,U0DDDDDDD\n"  # row 6: same client as row 2, other owner
    )
    with pytest.raises(InputError) as err:
        store.import_owners(rows, by=U1, source="owners.csv")
    message = str(err.value)
    assert message.startswith("owners.csv: owners not imported; 4 bad rows:")
    for fragment in (
        "row 3: no client matches 'Gotham'",
        "row 4: 'Northside' matches several clients",
        "row 5: slack_user must be a Slack user id",
        "row 6: 'ACME CORP.' is the same client as row 2 with a different owner",
    ):
        assert fragment in message
    assert "row 2:" not in message
    assert store.owners() == []
    assert store.decisions() == []


def test_import_accepts_plain_mappings_numbered_like_a_spreadsheet(store: Store) -> None:
    with pytest.raises(InputError, match="row 3: no client"):
        store.import_owners(
            [{"client": "Acme", "slack_user": "U0CCCCCCC"}, {"client": "X", "slack_user": "U1"}],
            by=U1,
        )


def test_owners_csv_round_trips(store: Store) -> None:
    store.set_owner("Acme", slack_user="U0CCCCCCC", email="a@b.example", by=U1)
    out = io.StringIO()
    write_owners_csv(store.owners(), out)
    assert (
        out.getvalue()
        == "client,slack_user,email,billing_owner\nAcme Corp,U0CCCCCCC,a@b.example,\n"
    )
    assert read_owners_csv(out.getvalue()) == [
        OwnerRow(row=2, client="Acme Corp", slack_user="U0CCCCCCC", email="a@b.example")
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "empty"), ("name,user\nAcme,U0CCCCCCC\n", "missing client, slack_user")],
)
def test_owners_csv_without_its_columns_is_refused(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_owners_csv(text, path="owners.csv")
