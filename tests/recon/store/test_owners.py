"""Owners: one at a time, in bulk from CSV (all or nothing), and on every gap."""

from __future__ import annotations

import dataclasses
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
        ({"client": "northside d", "slack_user": "U0CCCCCCC"}, Ambiguous, "several clients"),
        ({"client": "Acme", "slack_user": "ann"}, UsageError, "Slack user id"),
        ({"client": "Acme"}, UsageError, "a Slack user id like U0123ABCD, or an e-mail"),
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
        "Gotham,U0CCCCCCC\n"  # row 3: no run has shown it: fine, it waits for one
        "Northside,U0CCCCCCC\n"  # row 4: ambiguous
        "Wayne Enterprises,bruce\n"  # row 5: bad Slack id
        "ACME CORP.,U0DDDDDDD\n"  # row 6: same client as row 2, other owner
    )
    with pytest.raises(InputError) as err:
        store.import_owners(rows, by=U1, source="owners.csv")
    message = str(err.value)
    assert message.startswith("owners.csv: owners not imported; 3 bad rows:")
    for fragment in (
        "row 4: 'Northside' matches several clients",
        "row 5: 'bruce' is neither a Slack user id (like U0123ABCD) nor an e-mail address",
        "row 6: 'ACME CORP.' is the same client as row 2 with a different owner",
    ):
        assert fragment in message
    assert "row 2:" not in message and "row 3:" not in message
    assert store.owners() == []
    assert store.decisions() == []


def test_import_accepts_plain_mappings_numbered_like_a_spreadsheet(store: Store) -> None:
    with pytest.raises(InputError, match="row 3: 'U1' is neither a Slack user id"):
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
    [
        ("", "empty"),
        ("name,user\nAcme,U0CCCCCCC\n", "needs a client column"),
        ("client,billing_owner\nAcme,U0CCCCCCC\n", "its header is client, billing_owner"),
    ],
)
def test_owners_csv_without_its_columns_is_refused(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_owners_csv(text, path="owners.csv")


# ---- owners first (issue 18.1): set before any run shows the client ----------------------


def test_an_owner_for_a_client_no_run_has_shown_waits_for_one(store: Store) -> None:
    owner = store.set_owner("Gotham Medical Group", slack_user="U0CCCCCCC", by=U1)
    assert (owner.client_key, owner.client, owner.pending) == (
        "gotham med grp",
        "Gotham Medical Group",
        True,
    )
    assert store.decisions()[0].subject == "client 'Gotham Medical Group' (not in a run yet)"
    run = store.record_run(make_result(make_gap("GOTHAM MEDICAL GRP, Inc.")))
    matched = store.owner_for("gotham med grp")
    assert matched is not None and matched.matched_run_id == run.run_id
    assert (matched.client, matched.given_as) == (
        "GOTHAM MEDICAL GRP, Inc.",
        "Gotham Medical Group",
    )
    assert store.gaps(client="gotham")[0].owner == matched


def test_a_waiting_owner_is_matched_by_the_vendor_name_of_a_paired_client(store: Store) -> None:
    gap = make_gap("Harbor View Dental")
    paired = dataclasses.replace(gap, vendor_client="Harbor View Dental Partners")
    store.set_owner("Harbor View Dental Partners", email="dana@msp.example", by=U1)
    run = store.record_run(make_result(paired))
    owner = store.owner_for(gap.client_key)
    assert owner is not None and owner.matched_run_id == run.run_id
    assert (owner.slack_user, owner.email) == (None, "dana@msp.example")


def test_a_person_beats_the_psa_account_manager(store: Store) -> None:
    store.set_owner("Acme Corp", slack_user="U0CCCCCCC", by=U1)
    added = store.offer_default_owners(
        {"Acme Corp": "psa-am@msp.example", "New Client Ltd": "Bob@MSP.example"}, by="connectwise"
    )
    assert [(o.client, o.email, o.source) for o in added] == [
        ("New Client Ltd", "bob@msp.example", "psa")
    ]
    acme = store.owner_for("acme")
    assert acme is not None and (acme.slack_user, acme.source) == ("U0CCCCCCC", "person")


def test_the_slack_user_found_by_e_mail_is_kept(store: Store) -> None:
    store.set_owner("Wayne", email="bruce@msp.example", by=U1)
    store.set_owner("Wayne", email="bruce@msp.example", billing_owner="U0ALFRED1", by=U1)
    owner = store.set_owner("wayne", slack_user="U0BRUCE01", by="slack", found_by_email=True)
    assert (owner.slack_user, owner.email) == ("U0BRUCE01", "bruce@msp.example")
    assert owner.billing_owner == "U0ALFRED1"
    with pytest.raises(NotFound):
        store.set_owner("Nobody", slack_user="U0BRUCE01", by="slack", found_by_email=True)
    assert store.decisions()[0].reason == "Slack user found by e-mail bruce@msp.example"


@pytest.mark.parametrize(
    "text",
    [
        "client,owner\nGotham,U0CCCCCCC\nBludhaven Ltd,dana@msp.example\n",
        "Gotham,U0CCCCCCC\nBludhaven Ltd,dana@msp.example\n",  # no header row
        "Client,Account Manager\nGotham,<@U0CCCCCCC>\nBludhaven Ltd,dana@msp.example\n",
    ],
)
def test_a_two_column_owners_file_takes_slack_ids_or_e_mails(store: Store, text: str) -> None:
    done = store.import_owners(read_owners_csv(text), by=U1, source="owners.csv")
    assert (done.added, done.waiting) == (2, 2)
    assert {(o.given_as, o.slack_user, o.email) for o in store.owners()} == {
        ("Gotham", "U0CCCCCCC", None),
        ("Bludhaven Ltd", None, "dana@msp.example"),
    }


def test_bad_rows_of_a_two_column_file_are_named(store: Store) -> None:
    rows = read_owners_csv("client,owner\nGotham,dana\n,U0CCCCCCC\nAcme,not@an\n")
    with pytest.raises(InputError) as err:
        store.import_owners(rows, by=U1, source="owners.csv")
    message = str(err.value)
    assert "row 2: 'dana' is neither a Slack user id (like U0123ABCD) nor an e-mail" in message
    assert "row 3: a client name is required" in message
    assert "row 4: email 'not@an' is not an e-mail address" in message
    assert store.owners() == []
