"""A database written with older client keys is re-keyed on opening, history kept."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from decimal import Decimal
from pathlib import Path

import pytest

from recon.errors import Conflict
from recon.normalize import CLIENT_KEY_VERSION, client_key
from recon.plausibility import RunFigures, SideFigures
from recon.service import check_anomalies
from recon.store import Store, _db
from tests.conftest import FakeClock
from tests.recon.store.build import make_gap, make_result, seats_for

U1 = "U0AAAAAAA"
SITE = "Acme LLP (Tampa)"  # the old key kept the legal form: "acme llp tampa"
PLAIN = "Acme Tampa"
OLD_KEY = "acme llp tampa"
FIGURES = RunFigures(SideFigures("pc", 10, 3, Decimal(100)), SideFigures("cw", 8, 3, Decimal(90)))


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


def _age_keys(path: Path, old: str, new: str) -> None:
    """Rewrite every stored reference to ``new`` as ``old`` and mark the database as written
    by the previous key function, as a database from before the key change looks."""
    with _db.write(path) as db:
        conn = db.conn
        conn.execute("UPDATE clients SET client_key = ? WHERE client_key = ?", (old, new))
        conn.execute(
            "UPDATE anomalies SET client_key = ?, key = replace(key, ?, ?) WHERE client_key = ?",
            (old, new, old, new),
        )
        conn.execute("UPDATE expected_anomalies SET key = replace(key, ?, ?)", (new, old))
        conn.execute("UPDATE meta SET value = '2' WHERE key = 'client_key_version'")


def test_anomalies_and_their_expected_marks_follow_the_client(
    db_path: Path, clock: FakeClock
) -> None:

    store = Store.open(db_path, clock=clock)
    steady = [(SITE, "M365 E3", 24, 24)]
    for rows in (steady, steady, steady, [(SITE, "M365 E3", 36, 24)]):
        clock.advance(days=30)
        store.record_run(make_result(seats=seats_for([], rows)))
        check_anomalies(store)
    new = client_key(SITE)
    [found] = store.anomalies()
    store.mark_expected(found.key, by=U1, reason="onboarding")
    _age_keys(db_path, OLD_KEY, new)
    assert store_rows_keyed(db_path, OLD_KEY) == (1, 1)

    reopened = Store.open(db_path, clock=clock)

    assert store_rows_keyed(db_path, OLD_KEY) == (0, 0)
    [quiet] = reopened.anomalies(include_expected=True)
    assert quiet.key == found.key and quiet.expected  # the mark still quiets it
    assert reopened.anomalies() == []


def store_rows_keyed(path: Path, key: str) -> tuple[int, int]:
    """(anomalies, expected marks) still naming the client by ``key``."""
    [(anomalies,)] = _rows(path, f"SELECT count(*) FROM anomalies WHERE client_key = '{key}'")
    [(marks,)] = _rows(path, f"SELECT count(*) FROM expected_anomalies WHERE key LIKE '{key}|%'")
    return int(str(anomalies)), int(str(marks))


def test_a_run_held_under_old_keys_is_never_confirmed_half_re_keyed(
    db_path: Path, clock: FakeClock
) -> None:

    store = Store.open(db_path, clock=clock)
    store.record_run(make_result(make_gap(SITE)), figures=FIGURES)
    held = store.hold_run(make_result(make_gap(SITE)), figures=FIGURES, reasons=("too small",))
    with _db.write(db_path) as db:
        db.conn.execute("UPDATE meta SET value = '2' WHERE key = 'client_key_version'")
    before = _rows(db_path, "SELECT id, key, status FROM gaps")

    reopened = Store.open(db_path, clock=clock)

    with pytest.raises(Conflict, match=f"recon runs discard {held.run_id}"):
        reopened.confirm_run(held.run_id, by="cli:admin")
    assert _rows(db_path, "SELECT id, key, status FROM gaps") == before
    assert reopened.held_run(held.run_id).status == "held"
    reopened.discard_run(held.run_id, by="cli:admin")  # the way out still works


def test_a_run_held_under_the_current_keys_confirms(db_path: Path, clock: FakeClock) -> None:

    store = Store.open(db_path, clock=clock)
    store.record_run(make_result(make_gap(SITE)), figures=FIGURES)
    held = store.hold_run(make_result(make_gap(SITE)), figures=FIGURES, reasons=("too small",))
    Store.open(db_path, clock=clock)  # nothing to re-key: the held run is left as it was
    assert store.confirm_run(held.run_id, by="cli:admin").record.run_id == held.run_id


@pytest.mark.parametrize(
    ("name", "old", "same_as", "old_version"),
    [
        # Key version 7 folds "Mechanical" with ISO 4's "Mech.": a store written by version
        # 6 kept the word whole.
        (
            "Central Bluff Mechanical Corp",
            "central bluff mechanical",
            "Central Bluff Mech. Corp.",
            6,
        ),
        # Key version 9 sets apart a legal form typed onto the last word: a store written by
        # version 8 kept "solutionsllc" as one word.
        ("Wilder SolutionsLLC", "wilder solutionsllc", "Wilder Solutions, LLC", 8),
    ],
    ids=["mech-folded", "glued-legal-form"],
)
def test_an_owner_stored_under_an_older_key_follows_the_client(
    db_path: Path, clock: FakeClock, name: str, old: str, same_as: str, old_version: int
) -> None:
    # The owner set before an upgrade of the client key must still own the client after it.
    new = client_key(name)
    assert new == client_key(same_as) != old
    store = Store.open(db_path, clock=clock)
    store.record_run(make_result(make_gap(name)))
    store.set_owner(name, slack_user=U1, by="cli:test")
    with _db.write(db_path) as db:
        conn = db.conn
        conn.execute("UPDATE clients SET client_key = ?", (old,))
        conn.execute("UPDATE gaps SET client_key = ?, key = replace(key, ?, ?)", (old, new, old))
        conn.execute("UPDATE owners SET client_key = ?", (old,))
        conn.execute(
            "UPDATE meta SET value = ? WHERE key = 'client_key_version'", (str(old_version),)
        )

    store = Store.open(db_path, clock=clock)

    assert [o.client_key for o in store.owners()] == [new]
    assert [g.client_key for g in store.gaps(status="all")] == [new]


def test_a_store_holding_keys_grouping_gave_before_round_eighteen_is_re_keyed(
    db_path: Path, clock: FakeClock
) -> None:
    # Versions 8 and 9 keyed "ArcherTravel" name by name as "archer travel" but grouped it as
    # "archertravel" (recon.bulk_keys lacked those versions' rules), and stored that key: a
    # run now keys it "archer travel", so the store is re-keyed to keep the gap's history.
    name, grouped = "ArcherTravel", "archertravel"
    new = client_key(name)
    assert new == "archer travel" != grouped
    store = Store.open(db_path, clock=clock)
    store.record_run(make_result(make_gap(name)))
    with _db.write(db_path) as db:
        conn = db.conn
        conn.execute("UPDATE clients SET client_key = ?", (grouped,))
        conn.execute(
            "UPDATE gaps SET client_key = ?, key = replace(key, ?, ?)", (grouped, new, grouped)
        )
        conn.execute("UPDATE meta SET value = '9' WHERE key = 'client_key_version'")

    store = Store.open(db_path, clock=clock)

    (gap,) = store.gaps(status="all")
    assert gap.client_key == new and gap.key.startswith(new + "|")
