"""Reading gaps and the decisions on them: resolve, accept, snooze, reopen."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest

from recon.errors import Ambiguous, Conflict, NotFound, UsageError
from recon.store import Action, GapStatus, Store
from tests.conftest import FakeClock
from tests.recon.store.build import make_gap, make_result

U1, U2 = "U0AAAAAAA", "U0BBBBBBB"


@pytest.fixture
def gap_id(store: Store) -> int:
    return store.record_run(make_result(make_gap("Acme Corp"))).new[0]


def test_gaps_lists_open_gaps_largest_impact_first(store: Store) -> None:
    store.record_run(
        make_result(
            make_gap("Small Co", vendor_qty=11),
            make_gap("Big Co", vendor_qty=20),
            make_gap("Mid Co", vendor_qty=15),
        )
    )
    assert [g.client for g in store.gaps()] == ["Big Co", "Mid Co", "Small Co"]


def test_gaps_filters_by_status(store: Store, gap_id: int) -> None:
    store.record_run(make_result(make_gap("Acme Corp"), make_gap("Wayne Enterprises")))
    store.resolve(gap_id, by=U1)
    assert [g.id for g in store.gaps(status="resolved")] == [gap_id]
    assert gap_id not in [g.id for g in store.gaps()]
    assert len(store.gaps(status="all")) == 2


def test_gaps_filters_by_client_name_part_or_key(store: Store) -> None:
    store.record_run(make_result(make_gap("Acme Corp"), make_gap("Wayne Enterprises")))
    assert [g.client for g in store.gaps(client="wayne")] == ["Wayne Enterprises"]
    assert [g.client for g in store.gaps(client="ACME CORP.")] == ["Acme Corp"]


def test_gaps_client_that_matches_nothing_or_several_is_an_error(store: Store) -> None:
    store.record_run(make_result(make_gap("Northside Dental"), make_gap("Northside Dental Lab")))
    with pytest.raises(NotFound, match="no client matches 'Gotham'"):
        store.gaps(client="Gotham")
    with pytest.raises(Ambiguous, match="several clients") as err:
        store.gaps(client="northside den")
    assert set(err.value.candidates) == {"Northside Dental", "Northside Dental Lab"}
    # A full name is exact even when it is part of another one.
    assert [g.client for g in store.gaps(client="Northside Dental")] == ["Northside Dental"]


def test_unknown_status_is_a_usage_error(store: Store) -> None:
    with pytest.raises(UsageError, match="unknown gap status 'closed'"):
        store.gaps(status="closed")


def test_gap_by_unknown_id_is_not_found(store: Store) -> None:
    with pytest.raises(NotFound, match="no gap with id 99"):
        store.gap(99)


def test_gaps_by_key_returns_only_known_keys(store: Store, gap_id: int) -> None:
    key = make_gap("Acme Corp").key
    assert {k: g.id for k, g in store.gaps_by_key([key, "nobody|nothing|x"]).items()} == {
        key: gap_id
    }


def test_gaps_by_key_finds_many_keys_in_one_query_by_key_order(store: Store) -> None:
    # More keys than an SQL statement could once take as parameters, with unknown and
    # repeated ones among them, and names a JSON array must carry as they are.
    names = [f"Client {i} \u00e9\"\\'" for i in range(1_200)]
    run = store.record_run(make_result(*(make_gap(n) for n in names[::2])))
    keys = [make_gap(n).key for n in reversed(names)]
    found = store.gaps_by_key([*keys, keys[1]])
    assert list(found) == sorted(make_gap(n).key for n in names[::2])
    assert {g.id for g in found.values()} == set(run.new)
    assert all(found[k].key == k for k in found)


def test_gaps_by_key_reads_no_key_when_nothing_is_stored(store: Store) -> None:
    def keys() -> Iterator[str]:
        raise AssertionError("the keys were read")
        yield ""  # pragma: no cover

    assert store.gaps_by_key(keys()) == {}


def test_resolve_records_who_when_note_and_money_recovered(
    store: Store, clock: FakeClock, gap_id: int
) -> None:
    gap = store.resolve(gap_id, by=U1, note="added 2 seats")
    assert gap.status is GapStatus.RESOLVED
    assert (gap.resolved_by, gap.resolved_at, gap.resolved_note) == (U1, clock(), "added 2 seats")
    assert (gap.recovered_monthly, gap.recovered_at) == (Decimal("50.00"), clock())


def test_resolving_twice_is_a_conflict_naming_who_and_when(
    store: Store, clock: FakeClock, gap_id: int
) -> None:
    store.resolve(gap_id, by="U123", note="done")
    clock.advance(hours=1)
    before = store.decisions()
    with pytest.raises(Conflict) as err:
        store.resolve(gap_id, by=U2)
    assert str(err.value) == f"gap {gap_id} was already resolved by U123 at 2026-03-02 09:00 UTC"
    assert store.decisions() == before
    assert store.gap(gap_id).resolved_by == "U123"


def test_conflict_message_uses_the_configured_time_zone(store: Store, gap_id: int) -> None:
    store.set_setting("timezone", "Europe/Paris", by=U1)
    store.resolve(gap_id, by="U123")
    with pytest.raises(Conflict, match=r"at 2026-03-02 10:00 CET$"):
        store.resolve(gap_id, by=U2)


def test_expected_status_guards_against_stale_buttons(store: Store, gap_id: int) -> None:
    store.snooze(gap_id, until=date(2026, 4, 1), by=U1)
    with pytest.raises(Conflict, match="is no longer open; it is snoozed until 2026-04-01"):
        store.resolve(gap_id, by=U2, expected_status="open")
    assert store.gap(gap_id).status is GapStatus.SNOOZED
    assert store.resolve(gap_id, by=U2, expected_status=GapStatus.SNOOZED).status == "resolved"


def test_accept_needs_a_reason_and_remembers_the_delta(store: Store, gap_id: int) -> None:
    with pytest.raises(UsageError, match="needs a reason"):
        store.accept(gap_id, reason="  ", by=U1)
    gap = store.accept(gap_id, reason="free seats in the contract", by=U1)
    assert (gap.status, gap.accepted_reason, gap.accepted_delta) == (
        "accepted",
        "free seats in the contract",
        2,
    )
    with pytest.raises(Conflict, match=r"already accepted by U0AAAAAAA .*free seats"):
        store.accept(gap_id, reason="again", by=U1)


def test_snooze_must_be_after_today(store: Store, gap_id: int) -> None:
    with pytest.raises(UsageError, match="must be after today"):
        store.snooze(gap_id, until=date(2026, 3, 2), by=U1)
    assert store.gap(gap_id).status is GapStatus.OPEN


def test_snooze_again_moves_the_date_but_the_same_date_is_a_double_click(
    store: Store, gap_id: int
) -> None:
    store.snooze(gap_id, until=date(2026, 3, 9), by=U1)
    assert store.snooze(gap_id, until=date(2026, 3, 16), by=U1).snoozed_until == date(2026, 3, 16)
    with pytest.raises(Conflict, match="already snoozed until 2026-03-16"):
        store.snooze(gap_id, until=date(2026, 3, 16), by=U1)


def test_reopen_undoes_a_decision_and_its_recovery(store: Store, gap_id: int) -> None:
    store.resolve(gap_id, by=U1)
    gap = store.reopen(gap_id, by=U2, reason="client refused")
    assert gap.status is GapStatus.OPEN
    assert gap.recovered_monthly is None
    with pytest.raises(Conflict, match=f"gap {gap_id} is already open"):
        store.reopen(gap_id, by=U2)


@pytest.mark.parametrize("action", ["resolve", "accept", "snooze", "reopen"])
def test_decisions_on_a_fixed_gap_conflict(
    store: Store, clock: FakeClock, gap_id: int, action: str
) -> None:
    clock.advance(days=1)
    store.record_run(make_result())
    kwargs: dict[str, object] = {"by": U1}
    if action == "accept":
        kwargs["reason"] = "x"
    if action == "snooze":
        kwargs["until"] = date(2026, 5, 1)
    with pytest.raises(
        Conflict, match="fixed: the run at 2026-03-03 09:00 UTC no longer showed it"
    ):
        getattr(store, action)(gap_id, **kwargs)


def test_decision_without_who_is_refused(store: Store, gap_id: int) -> None:
    with pytest.raises(UsageError, match="who took it"):
        store.resolve(gap_id, by=" ")


def test_unknown_gap_decision_is_not_found_and_writes_nothing(store: Store) -> None:
    with pytest.raises(NotFound):
        store.resolve(42, by=U1)
    assert store.decisions() == []


def test_every_gap_decision_is_logged_with_before_and_after(
    store: Store, clock: FakeClock, gap_id: int
) -> None:
    store.resolve(gap_id, by=U1, note="n1")
    clock.advance(hours=1)
    store.reopen(gap_id, by=U2, reason="r2")
    store.accept(gap_id, reason="r3", by=U1)
    store.reopen(gap_id, by=U1)
    store.snooze(gap_id, until=date(2026, 4, 1), by=U2, reason="r5")

    log = store.decisions(gap_id=gap_id)
    assert [(d.action, d.by, d.reason) for d in reversed(log)] == [
        (Action.RESOLVE, U1, "n1"),
        (Action.REOPEN, U2, "r2"),
        (Action.ACCEPT, U1, "r3"),
        (Action.REOPEN, U1, None),
        (Action.SNOOZE, U2, "r5"),
    ]
    resolve = log[-1]
    assert resolve.at.isoformat() == "2026-03-02T09:00:00+00:00"
    assert resolve.subject == f"gap {gap_id}"
    assert resolve.before is not None
    assert resolve.after is not None
    assert (resolve.before["status"], resolve.after["status"]) == ("open", "resolved")
    assert resolve.after["resolved_by"] == U1
    assert log[0].after is not None
    assert log[0].after["snoozed_until"] == "2026-04-01"
    assert store.decisions(limit=2) == log[:2]


def test_gap_json_has_identity_lifecycle_and_decision_fields(store: Store, gap_id: int) -> None:
    store.set_owner("Acme", slack_user="U0CCCCCCC", by=U1)
    data = store.resolve(gap_id, by=U1, note="n").as_json()
    json.dumps(data)  # JSON-ready as it is
    assert data["id"] == gap_id
    assert data["status"] == "resolved"
    assert (data["vendor_qty"], data["psa_qty"], data["seat_delta"]) == (12, 10, 2)
    assert data["monthly_impact"] == "50.00"
    assert data["leaked_to_date"] == "0.00"
    assert data["first_seen"] == "2026-03-02T09:00:00+00:00"
    assert data["runs_seen"] == 1
    assert data["overdue"] is False
    assert data["resolved_by"] == U1
    assert data["owner"]["slack_user"] == "U0CCCCCCC"
    for field in ("vendor_client", "psa_client", "vendor_product", "psa_product"):
        assert field in data
    for field in ("accepted_reason", "snoozed_until", "resolved_at", "kind", "client"):
        assert field in data
