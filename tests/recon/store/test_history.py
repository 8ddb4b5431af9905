"""Seat history across runs, filtered by client, product and number of runs."""

from __future__ import annotations

import pytest

from recon.errors import NotFound, UsageError
from recon.store import Store
from tests.conftest import FakeClock
from tests.recon.store.build import make_gap, make_result, seats_for


@pytest.fixture
def three_runs(store: Store, clock: FakeClock) -> None:
    for seats in (10, 12, 15):
        gap = make_gap("Acme Corp", vendor_qty=seats, psa_qty=10)
        extra = [("Wayne Enterprises", "Exchange Online Plan 1", seats, seats)]
        store.record_run(make_result(gap, seats=seats_for([gap], extra=extra)))
        clock.advance(days=7)


@pytest.mark.usefixtures("three_runs")
def test_history_of_one_client_and_product_run_by_run(store: Store) -> None:
    rows = store.history(client="acme", product="business premium")
    assert [(r.run_id, r.vendor_qty, r.psa_qty, r.seat_delta) for r in rows] == [
        (1, 10, 10, 0),
        (2, 12, 10, 2),
        (3, 15, 10, 5),
    ]
    assert rows[1].at.isoformat() == "2026-03-09T09:00:00+00:00"


@pytest.mark.usefixtures("three_runs")
def test_history_without_filters_covers_every_pair(store: Store) -> None:
    assert len(store.history()) == 6
    assert [r.run_id for r in store.history(runs=2)] == [2, 3, 2, 3]


@pytest.mark.usefixtures("three_runs")
def test_history_filter_that_matches_nothing_is_not_found(store: Store) -> None:
    with pytest.raises(NotFound, match="no product in the seat history matches 'Azure'"):
        store.history(product="Azure")
    with pytest.raises(NotFound, match="no client matches"):
        store.history(client="Gotham")
    with pytest.raises(UsageError):
        store.history(runs=0)
