"""The digest's figures over a seeded history, and its chart."""

from __future__ import annotations

import struct
from decimal import Decimal

import pytest

from recon.digest import build_digest, render_chart
from recon.engine import reconcile
from recon.model import Side
from recon.store import Store
from tests.conftest import FakeClock
from tests.recon.conftest import make_lines

BP = "Microsoft 365 Business Premium"


@pytest.fixture
def store(tmp_path, clock: FakeClock) -> Store:
    return Store.open(tmp_path / "recon.db", clock=clock)


def run(store: Store, seats: dict[str, tuple[int, int]]) -> None:
    vendor = [(c, BP, v, "20") for c, (v, _) in seats.items() if v]
    psa = [(c, BP, p, "25") for c, (_, p) in seats.items() if p]
    store.record_run(reconcile(make_lines(Side.VENDOR, vendor), make_lines(Side.PSA, psa)))


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_digest_figures_for_a_seeded_history(store: Store, clock: FakeClock) -> None:
    # Week 1: Acme +8 seats ($200), Globex +2 ($50), Initech -4 (refund risk $100).
    run(store, {"Acme": (18, 10), "Globex": (12, 10), "Initech": (6, 10), "Hooli": (5, 5)})
    store.set_owner("Acme", slack_user="U0AM00001", by="admin")
    clock.advance(days=7)
    # Week 2: Acme grows to +10 ($250), Globex fixed by the data, Hooli new +1 ($25).
    run(store, {"Acme": (20, 10), "Globex": (10, 10), "Initech": (6, 10), "Hooli": (6, 5)})
    initech = next(g for g in store.gaps() if g.client == "Initech")
    store.resolve(initech.id, by="U0AM00001", note="credited")
    clock.advance(days=1)

    digest = build_digest(store)
    assert digest.leaking_now == Decimal("275.00")  # Acme 250 + Hooli 25
    assert digest.refund_risk_now == Decimal("0.00")  # Initech was resolved
    assert digest.leaking_week_ago == Decimal("250.00")  # Acme 200 + Globex 50
    assert digest.change == Decimal("25.00")
    assert (digest.new_count, digest.new_monthly) == (1, Decimal("25.00"))
    assert (digest.fixed_count, digest.fixed_monthly) == (1, Decimal("50.00"))
    assert (digest.resolved_count, digest.resolved_monthly) == (1, Decimal("100.00"))
    assert digest.recovered_monthly == Decimal("50.00")  # refunds are not "recovered"
    assert [(g.client, g.monthly_impact, g.age_days, g.owner) for g in digest.top] == [
        ("Acme", Decimal("250.00"), 8, "U0AM00001"),
        ("Hooli", Decimal("25.00"), 1, None),
    ]
    assert digest.oldest[0].client == "Acme"
    assert [(o.owner, o.gaps, o.monthly) for o in digest.per_owner] == [
        ("U0AM00001", 1, Decimal("250.00")),
        (None, 1, Decimal("25.00")),
    ]
    assert [w.leaking for w in digest.weeks] == [Decimal("250.00"), Decimal("275.00")]
    assert digest.escalated == ()
    assert png_size(render_chart(digest.weeks)) == (600, 250)


def test_old_gaps_are_flagged_as_escalated(store: Store, clock: FakeClock) -> None:
    run(store, {"Acme": (18, 10)})
    clock.advance(days=15)
    digest = build_digest(store)
    assert [g.client for g in digest.escalated] == ["Acme"]
    assert digest.top[0].escalated


def test_an_empty_store_gives_an_empty_digest_and_a_chart(store: Store) -> None:
    digest = build_digest(store)
    assert digest.empty
    assert digest.top == () and digest.change is None and digest.last_run is None
    assert png_size(render_chart(digest.weeks)) == (600, 250)


def test_thousands_of_gaps_are_summarised_not_listed(store: Store) -> None:
    run(store, {f"Client {n:04d}": (10 + n % 7 + 1, 10) for n in range(2000)})
    digest = build_digest(store)
    assert digest.open_gaps == 2000
    assert len(digest.top) == 10 and len(digest.oldest) == 5
    assert digest.top[0].monthly_impact == Decimal("175.00")
    assert sum(o.gaps for o in digest.per_owner) == 2000
