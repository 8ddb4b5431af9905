"""A database written with older client keys is re-keyed on opening, history kept."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from recon.normalize import CLIENT_KEY_VERSION, client_key
from recon.store import Store, _db
from tests.conftest import FakeClock
from tests.recon.store.build import make_gap, make_result

U1 = "U0AAAAAAA"
SITE = "Acme LLP (Tampa)"  # the old key kept the legal form: "acme llp tampa"
PLAIN = "Acme Tampa"
OLD_KEY = "acme llp tampa"


def _rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(sql).fetchall()


def _write_with_old_keys(path: Path, clock: FakeClock) -> None:
    """Run 1 stored the site's gap, owner and alias under the old key; run 2, under the new
    key function, stored the same client again under its new key (two rows, history split)."""
    new = client_key(SITE)
    assert new == client_key(PLAIN) != OLD_KEY
    store = Store.open(path, clock=clock)
    store.record_run(make_result(make_gap(SITE)))
    store.set_owner(SITE, slack_user=U1, by="cli:test")
    store.add_client_alias("Acme Tampa Vendor Spelling", SITE, by="cli:test")
    with _db.write(path) as db:
        conn = db.conn
        conn.execute("UPDATE clients SET client_key = ? WHERE client_key = ?", (OLD_KEY, new))
        conn.execute(
            "UPDATE gaps SET client_key = ?, key = replace(key, ?, ?)", (OLD_KEY, new, OLD_KEY)
        )
        conn.execute("UPDATE owners SET client_key = ?", (OLD_KEY,))
        conn.execute("UPDATE client_aliases SET psa_key = ?", (OLD_KEY,))
        conn.execute("UPDATE meta SET value = '2' WHERE key = 'client_key_version'")
    clock.advance(days=30)
    store.record_run(make_result(make_gap(PLAIN)))  # as code that did not re-key stored it
    assert len(_rows(path, "SELECT id FROM gaps")) == 2
    assert len(_rows(path, "SELECT id FROM clients")) == 2


def test_old_keys_are_recomputed_and_rows_that_now_agree_merge(
    db_path: Path, clock: FakeClock
) -> None:
    started = clock()
    _write_with_old_keys(db_path, clock)

    store = Store.open(db_path, clock=clock)

    new = client_key(PLAIN)
    assert _rows(db_path, "SELECT client_key FROM clients") == [(new,)]
    (gap,) = store.gaps(status="all")
    assert gap.client_key == new and gap.key.startswith(new + "|")
    assert gap.first_seen == started  # the oldest history survives
    assert gap.runs_seen == 2  # each run counted once
    assert len(_rows(db_path, "SELECT run_id FROM run_gaps")) == 2
    # One seat row per run for the one client: nothing summed twice.
    assert _rows(db_path, "SELECT count(*), count(DISTINCT client_id) FROM seat_history") == [
        (2, 1)
    ]
    assert [o.client_key for o in store.owners()] == [new]
    assert _rows(db_path, "SELECT psa_key FROM client_aliases") == [(new,)]
    assert _rows(db_path, "SELECT value FROM meta WHERE key = 'client_key_version'") == [
        (str(CLIENT_KEY_VERSION),)
    ]


def test_a_database_at_the_current_key_version_is_left_alone(
    db_path: Path, clock: FakeClock
) -> None:
    _write_with_old_keys(db_path, clock)
    with _db.write(db_path) as db:
        db.conn.execute(
            "UPDATE meta SET value = ? WHERE key = 'client_key_version'", (str(CLIENT_KEY_VERSION),)
        )
    Store.open(db_path, clock=clock)
    assert len(_rows(db_path, "SELECT id FROM gaps")) == 2  # the version says: nothing to do


def test_a_tenant_kept_apart_is_never_re_keyed(db_path: Path, clock: FakeClock) -> None:
    store = Store.open(db_path, clock=clock)
    store.record_run(make_result(make_gap(SITE)))
    with _db.write(db_path) as db:
        db.conn.execute("UPDATE clients SET client_key = 'vendor:id:tenant-1'")
        db.conn.execute("UPDATE meta SET value = '2' WHERE key = 'client_key_version'")
    Store.open(db_path, clock=clock)
    assert _rows(db_path, "SELECT client_key FROM clients") == [("vendor:id:tenant-1",)]
