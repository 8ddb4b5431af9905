"""Two PSA companies sharing a client key each keep their own owner (issue 11)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from recon.engine import reconcile
from recon.model import Side
from recon.store import Store, _db
from recon.store._rekey import rekey
from tests.recon.conftest import make_lines

BP = "Microsoft 365 Business Premium"
PROPERTIES = "Vaughn Properties Management"
PROPERTY = "Vaughn Property Management, LP"
U1 = "U0AAAAAAA"


def test_an_owner_set_by_name_goes_to_that_company_only(store: Store) -> None:
    result = reconcile(
        make_lines(Side.VENDOR, [("Vaughn Property Management", BP, 7, "22")]),
        make_lines(Side.PSA, [(PROPERTY, BP, 10, "26"), (PROPERTIES, BP, 5, "26")]),
    )
    store.record_run(result)
    key_of = {g.psa_client: g.client_key for g in result.gaps}
    assert len(set(key_of.values())) == 2

    owner = store.set_owner("Vaughn Properties Management, Inc.", slack_user="U0CCCCCCC", by=U1)
    assert owner.client_key == key_of[PROPERTIES]
    assert store.owner_for(key_of[PROPERTY]) is None
    assert store.resolve_client(PROPERTY) == key_of[PROPERTY]


def test_the_psas_account_managers_own_their_own_company(store: Store) -> None:
    result = reconcile(
        make_lines(Side.VENDOR, [("Vaughn Property Management", BP, 7, "22")]),
        make_lines(Side.PSA, [(PROPERTY, BP, 10, "26"), (PROPERTIES, BP, 5, "26")]),
    )
    store.record_run(result)
    key_of = {g.psa_client: g.client_key for g in result.gaps}
    store.offer_default_owners({PROPERTY: "ann@msp.example", PROPERTIES: "bob@msp.example"}, by=U1)
    owners = {name: store.owner_for(key_of[name]) for name in (PROPERTY, PROPERTIES)}
    assert {n: o.email if o else None for n, o in owners.items()} == {
        PROPERTY: "ann@msp.example",
        PROPERTIES: "bob@msp.example",
    }


def test_rekeying_keeps_the_two_companies_apart(store: Store, db_path: Path) -> None:
    result = reconcile(
        make_lines(Side.VENDOR, [("Vaughn Property Management", BP, 7, "22")]),
        make_lines(Side.PSA, [(PROPERTY, BP, 10, "26"), (PROPERTIES, BP, 5, "26")]),
    )
    store.record_run(result)
    keys = {g.client_key for g in result.gaps}
    with _db.write(db_path) as db:
        rekey(db)
    with closing(sqlite3.connect(db_path)) as conn:
        stored = {row[0] for row in conn.execute("SELECT client_key FROM clients")}
    assert keys <= stored
