"""Chat bookkeeping: seen ids, held uploads, message references and review prompts."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest

from recon.errors import Conflict, NotFound, UsageError
from recon.store import Store
from tests.conftest import FakeClock

CONV = "D0AAAAAAA:U0AAAAAAA"


def test_an_id_is_claimed_once_even_by_racing_threads(store: Store) -> None:
    wins: list[bool] = []
    threads = [
        threading.Thread(target=lambda: wins.append(store.claim("file", "F1"))) for _ in range(8)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert wins.count(True) == 1
    assert store.claim("event", "F1")  # another kind is another id


def test_seen_ids_are_forgotten_after_thirty_days(store: Store, clock: FakeClock) -> None:
    assert store.claim("file", "F1")
    clock.advance(days=31)
    assert store.claim("file", "F2")  # purges the old ones
    assert store.claim("file", "F1")


def _hold(store: Store, file_id: str, side: str | None, conversation: str = CONV) -> None:
    store.hold_upload(
        file_id,
        conversation=conversation,
        name=f"{file_id}.csv",
        side=side,
        label="some export",
        content=b"a,b\n1,2\n",
        thread="1.1",
        by="U0AAAAAAA",
    )


def test_a_pair_is_taken_once_and_only_when_complete(store: Store) -> None:
    _hold(store, "F1", "vendor")
    assert store.take_upload_pair(CONV) is None
    _hold(store, "F2", "psa")
    _hold(store, "F3", "psa", conversation="D0OTHER00:U0OTHER00")
    vendor, psa = store.take_upload_pair(CONV)  # type: ignore[misc]
    assert (vendor.file_id, psa.file_id, vendor.content) == ("F1", "F2", b"a,b\n1,2\n")
    assert store.take_upload_pair(CONV) is None
    assert [u.file_id for u in store.held_uploads("D0OTHER00:U0OTHER00")] == ["F3"]


def test_a_new_file_of_a_side_replaces_the_waiting_one(store: Store) -> None:
    _hold(store, "F1", "vendor")
    _hold(store, "F2", "vendor")
    assert [u.file_id for u in store.held_uploads(CONV)] == ["F2"]


def test_the_side_of_an_unknown_file_is_set_once(store: Store) -> None:
    _hold(store, "F1", None)
    assert store.set_upload_side("F1", "psa").side == "psa"
    with pytest.raises(Conflict):
        store.set_upload_side("F1", "vendor")
    with pytest.raises(NotFound):
        store.set_upload_side("F9", "vendor")
    with pytest.raises(UsageError):
        store.set_upload_side("F1", "both")


def test_held_uploads_expire_after_a_week(store: Store, clock: FakeClock) -> None:
    _hold(store, "F1", "vendor")
    clock.advance(days=8)
    _hold(store, "F2", "psa")
    assert store.held_upload("F1") is None and store.take_upload_pair(CONV) is None


def test_messages_are_found_by_the_gaps_and_prompts_they_show(store: Store) -> None:
    store.remember_message(
        "D1", "1.1", kind="client", subject="acme", recipient="U1", gap_ids=[3, 4]
    )
    store.remember_message("C1", "2.2", kind="unowned", subject="acme", gap_ids=[4], review_ids=[7])
    assert [m.ts for m in store.messages_showing(gap_id=4)] == ["1.1", "2.2"]
    assert [m.ts for m in store.messages_showing(review_id=7)] == ["2.2"]
    message = store.chat_message("D1", "1.1")
    assert message is not None and message.gap_ids == (3, 4) and message.recipient == "U1"
    store.remember_message("D1", "1.1", kind="client", subject="acme", gap_ids=[3])
    assert store.messages_showing(gap_id=4)[0].ts == "2.2"
    assert store.chat_message("D9", "9.9") is None


def test_a_review_prompt_is_decided_once(store: Store) -> None:
    review = store.put_review(
        "Harbor View Dental Partners",
        candidates=["Harbor View Dental"],
        money_at_stake=Decimal("198.00"),
        reason="names differ by a word",
    )
    again = store.put_review(
        "Harbor View Dental Partners",
        candidates=["Harbor View Dental"],
        money_at_stake=Decimal(1),
        reason="r",
    )
    assert again.id == review.id and again.money_at_stake == 1
    decided = store.decide_review(
        review.id, outcome="confirmed", psa_client="Harbor View Dental", by="U1"
    )
    assert (decided.status, decided.decided_by) == ("confirmed", "U1")
    with pytest.raises(Conflict, match="already confirmed by U1 at 2026-03-02 09:00 UTC"):
        store.decide_review(review.id, outcome="rejected", psa_client="Harbor View Dental", by="U2")
    store.undo_review(review.id)
    assert store.review(review.id).status == "open"
    with pytest.raises(UsageError):
        store.decide_review(review.id, outcome="maybe", psa_client=None, by="U1")
    with pytest.raises(NotFound):
        store.review(99)


def test_a_claim_given_back_can_be_claimed_again(store: Store) -> None:
    assert store.claim("anomaly", "acme|*|vanished")
    assert store.unclaim("anomaly", "acme|*|vanished")
    assert not store.unclaim("anomaly", "acme|*|vanished")
    assert store.claim("anomaly", "acme|*|vanished")
    assert not store.claim("anomaly", "acme|*|vanished")
