"""One store shared by many threads, as the Slack listeners and the scheduler share it."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from recon.errors import Conflict
from recon.store import GapStatus, Store
from tests.conftest import FakeClock
from tests.recon.store.build import make_gap, make_result

N = 8


@pytest.mark.parametrize("attempt", range(3))
def test_concurrent_decisions_all_land_and_one_racer_wins(
    db_path: Path, clock: FakeClock, attempt: int
) -> None:
    store = Store.open(db_path, clock=clock)
    gaps = [make_gap(f"Client {i:02d}") for i in range(N)]
    record = store.record_run(make_result(*gaps, make_gap("Contested Co")))
    *ids, contested = record.new
    start = threading.Barrier(2 * N + 3)

    def resolve(i: int) -> str:
        start.wait()
        store.resolve(ids[i], by=f"U0R{i:06d}", note=f"thread {i}")
        return "resolved"

    def alias(i: int) -> str:
        start.wait()
        store.add_client_alias(f"Vendor name {i}", f"Client {i:02d}", by=f"U0A{i:06d}")
        return "aliased"

    def race(who: str) -> str:
        start.wait()
        try:
            store.resolve(contested, by=who, expected_status=GapStatus.OPEN)
        except Conflict:
            return "lost"
        return "won"

    def run() -> str:
        start.wait()
        store.record_run(make_result(*gaps, make_gap("Contested Co")))
        return "run"

    with ThreadPoolExecutor(max_workers=2 * N + 3) as pool:
        futures = [pool.submit(resolve, i) for i in range(N)]
        futures += [pool.submit(alias, i) for i in range(N)]
        futures += [
            pool.submit(race, "U0RACER01"),
            pool.submit(race, "U0RACER02"),
            pool.submit(run),
        ]
        outcomes = [f.result() for f in futures]  # re-raises any thread's error

    assert sorted(outcomes[-3:-1]) == ["lost", "won"]
    assert all(store.gap(i).status is GapStatus.RESOLVED for i in ids)
    assert len(store.knowledge().client_aliases) == N
    assert len(store.decisions()) == 2 * N + 1
    assert len(store.runs()) == 2
    winner = store.gap(contested).resolved_by
    assert winner in {"U0RACER01", "U0RACER02"}
    assert [d.by for d in store.decisions(gap_id=contested)] == [winner]
