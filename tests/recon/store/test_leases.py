"""One scheduler per database: leases across stores (and processes) on one file."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from recon.store import Store
from tests.conftest import FakeClock

TTL = timedelta(minutes=5)


def test_a_second_holder_is_refused_while_the_first_is_alive(
    db_path: Path, clock: FakeClock
) -> None:
    first, second = Store.open(db_path, clock=clock), Store.open(db_path, clock=clock)
    assert first.acquire_lease("scheduler", "host-a:1", ttl=TTL)[0]
    taken, lease = second.acquire_lease("scheduler", "host-b:2", ttl=TTL)
    assert not taken
    assert lease.holder == "host-a:1"


def test_renewal_keeps_it_and_expiry_lets_another_take_over(
    db_path: Path, clock: FakeClock
) -> None:
    store = Store.open(db_path, clock=clock)
    store.acquire_lease("scheduler", "a", ttl=TTL)
    clock.advance(minutes=4)
    assert store.acquire_lease("scheduler", "a", ttl=TTL)[0]  # renewed
    clock.advance(minutes=4)
    assert not store.acquire_lease("scheduler", "b", ttl=TTL)[0]
    clock.advance(minutes=2)  # a stopped renewing: expired
    assert store.acquire_lease("scheduler", "b", ttl=TTL)[0]


def test_release_frees_it_at_once(db_path: Path, clock: FakeClock) -> None:
    store = Store.open(db_path, clock=clock)
    store.acquire_lease("scheduler", "a", ttl=TTL)
    assert not store.release_lease("scheduler", "b")
    assert store.release_lease("scheduler", "a")
    assert store.acquire_lease("scheduler", "b", ttl=TTL)[0]


def test_two_processes_race_and_exactly_one_wins(db_path: Path) -> None:
    Store.open(db_path)  # create the schema first
    code = (
        "import sys; from datetime import timedelta; from recon.store import Store;"
        "ok, lease = Store.open(sys.argv[1]).acquire_lease('scheduler', sys.argv[2],"
        " ttl=timedelta(minutes=5)); print('won' if ok else 'lost:' + lease.holder)"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(db_path), f"proc-{n}"],
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in range(2)
    ]
    outputs = sorted(p.communicate(timeout=60)[0].strip() for p in procs)
    assert outputs[1] == "won"
    assert outputs[0].startswith("lost:proc-")
