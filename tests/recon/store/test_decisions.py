"""The audit log: every kind of human decision lands in it with who, when, before and after."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from recon.model import FamilyQuestion, MakerQuestion
from recon.service import check_anomalies
from recon.store import Action, Store
from recon.store._decisions import RUN_ACTIONS
from tests.conftest import FakeClock
from tests.recon.store.build import make_gap, make_result, seats_for


def _anomaly_key(store: Store, clock: FakeClock) -> str:
    """Four monthly runs in which Acme's billed EDR seats vanish, checked: the anomaly's key.
    The clock is back where it was afterwards."""
    start = clock.now
    for psa in (5, 5, 5, 0):
        clock.advance(days=30)
        store.record_run(make_result(seats=seats_for([], [("Acme Corp", "EDR", 5, psa)])))
    check_anomalies(store)
    clock.set(start)
    return store.anomalies()[0].key


def _family_question(vendor: str, psa: str) -> FamilyQuestion:
    return FamilyQuestion(vendor, psa, (vendor,), (vendor, psa), (), Decimal("10.00"), "")


def test_every_kind_of_decision_is_logged_with_who_when_before_and_after(
    store: Store, clock: FakeClock
) -> None:
    a, b, c, d = store.record_run(
        make_result(
            make_gap("Acme Corp"),
            make_gap("Wayne Enterprises"),
            make_gap("Gotham Co"),
            make_gap("Initech"),
        )
    ).new
    run_id = store.last_run().run_id

    def fix(who: str) -> None:
        store.begin_fix("k1", gap_id=d, run_id=run_id, psa="connectwise", by=who, plan={})
        store.complete_fix("k1", summary="quantity 8 -> 10", before={"q": 8}, after={"q": 10})

    steps = [
        lambda who: store.add_client_alias(
            "Acme Corporation (T1)", "Acme Corp", by=who, confirming=True
        ),
        lambda who: store.reject_client("Gotham Bank", "Gotham Co", by=who),
        lambda who: store.add_client_alias("BW Holdings 44", "Wayne Enterprises", by=who),
        lambda who: store.add_product_alias("M365 BP", "m365-business-premium", by=who),
        lambda who: store.ignore_product("Labour", by=who),
        lambda who: store.resolve(a, by=who, note="fixed"),
        lambda who: store.accept(b, reason="free", by=who),
        lambda who: store.snooze(c, until=date(2026, 4, 1), by=who),
        lambda who: store.reopen(c, by=who),
        fix,
        lambda who: store.set_owner("Acme", slack_user="U0CCCCCCC", by=who),
        lambda who: store.set_setting("threshold", "250", by=who),
        lambda who: store.save_column_map("generic", {"client": "Customer"}, by=who),
        lambda who: store.define_bundle("Security Bundle", ["EDR", "Email"], by=who),
        lambda who: store.remove_bundle("Security Bundle", by=who),
        lambda who: store.mark_expected(_anomaly_key(store, clock), by=who, reason="moved"),
        lambda who: store.reject_product("Spam Filter", "proofpoint-essentials-business", by=who),
        lambda who: store.answer_family("Acme Corp", "Acme Staffing", same=True, by=who),
        lambda who: store.answer_family("Acme Corp", "Acme Staffing", same=False, by=who),
        lambda who: store.answer_maker("Egnyte", bought=True, by=who),
        lambda who: store.answer_maker("Egnyte", bought=False, by=who),
    ]
    store.note_family_questions([_family_question("Acme Corp", "Acme Staffing")])
    store.note_maker_questions([MakerQuestion("Egnyte", "Pax8", (), Decimal("10.00"), "")])
    for n, step in enumerate(steps):
        clock.advance(minutes=1)
        step(f"U0PERSON{n:02d}")

    log = list(reversed(store.decisions()))
    assert {d.action for d in log} == set(Action) - set(RUN_ACTIONS)  # runs: test_runs_audit
    assert len(log) == len(steps)
    for n, decision in enumerate(log):
        assert decision.by == f"U0PERSON{n:02d}"
        assert decision.at == clock.now.replace(minute=n + 1)
        assert decision.after or decision.action is Action.REMOVE_BUNDLE
        assert decision.before or decision.action is not Action.REMOVE_BUNDLE
        assert decision.subject
    assert log[5].before is not None
    assert log[5].before["status"] == "open"
    assert log[5].gap_id == a


def test_decisions_are_append_only_and_newest_first(store: Store, clock: FakeClock) -> None:
    store.ignore_product("Labour", by="U0AAAAAAA")
    clock.advance(minutes=1)
    store.ignore_product("Travel", by="U0AAAAAAA")
    first, second = store.decisions()[::-1]
    assert first.id < second.id
    assert store.decisions(limit=1) == [second]
