"""The bot's own memory: seen ids, held uploads, posted messages, review prompts, leases."""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.conversation import ClaimKind, Conversation, MessageKind, ReviewStatus
from recon import Conflict, NotFound, Side, Store
from tests.conftest import FakeClock

CONV = "D0AAAAAAA:U0AAAAAAA"
UTC = ZoneInfo("UTC")
TTL = timedelta(minutes=5)


def test_an_id_is_claimed_once_even_by_racing_threads(chat: Conversation) -> None:
    wins: list[bool] = []
    threads = [
        threading.Thread(target=lambda: wins.append(chat.claim(ClaimKind.FILE, "F1")))
        for _ in range(8)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert wins.count(True) == 1
    assert chat.claim(ClaimKind.EVENT, "F1")  # another kind is another id


def test_seen_ids_are_forgotten_after_thirty_days(chat: Conversation, clock: FakeClock) -> None:
    assert chat.claim(ClaimKind.FILE, "F1")
    clock.advance(days=31)
    assert chat.claim(ClaimKind.FILE, "F2")  # purges the old ones
    assert chat.claim(ClaimKind.FILE, "F1")


def test_a_claim_given_back_can_be_claimed_again(chat: Conversation) -> None:
    key = "acme|*|vanished"
    assert chat.claim(ClaimKind.ANOMALY_ALERT, key)
    assert chat.claimed(ClaimKind.ANOMALY_ALERT)
    assert chat.unclaim(ClaimKind.ANOMALY_ALERT, key)
    assert not chat.unclaim(ClaimKind.ANOMALY_ALERT, key)
    assert not chat.claimed(ClaimKind.ANOMALY_ALERT, key)
    assert chat.claim(ClaimKind.ANOMALY_ALERT, key)
    assert not chat.claim(ClaimKind.ANOMALY_ALERT, key)


def _hold(chat: Conversation, file_id: str, side: Side | None, conversation: str = CONV) -> None:
    chat.hold_upload(
        file_id,
        conversation=conversation,
        name=f"{file_id}.csv",
        side=side,
        label="some export",
        content=b"a,b\n1,2\n",
        thread="1.1",
        by="U0AAAAAAA",
    )


def test_a_pair_is_taken_once_and_only_when_complete(chat: Conversation) -> None:
    _hold(chat, "F1", Side.VENDOR)
    assert chat.take_upload_pair(CONV) is None
    _hold(chat, "F2", Side.PSA)
    _hold(chat, "F3", Side.PSA, conversation="D0OTHER00:U0OTHER00")
    vendor, psa = chat.take_upload_pair(CONV)  # type: ignore[misc]
    assert (vendor.file_id, psa.file_id, vendor.content) == ("F1", "F2", b"a,b\n1,2\n")
    assert chat.take_upload_pair(CONV) is None
    assert [u.file_id for u in chat.held_uploads("D0OTHER00:U0OTHER00")] == ["F3"]


def test_a_new_file_of_a_side_replaces_the_waiting_one(chat: Conversation) -> None:
    _hold(chat, "F1", Side.VENDOR)
    _hold(chat, "F2", Side.VENDOR)
    assert [u.file_id for u in chat.held_uploads(CONV)] == ["F2"]


def test_the_side_of_an_unknown_file_is_set_once(chat: Conversation) -> None:
    _hold(chat, "F1", None)
    assert chat.set_upload_side("F1", Side.PSA).side is Side.PSA
    with pytest.raises(Conflict):
        chat.set_upload_side("F1", Side.VENDOR)
    with pytest.raises(NotFound):
        chat.set_upload_side("F9", Side.VENDOR)


def test_held_uploads_expire_after_a_week(chat: Conversation, clock: FakeClock) -> None:
    _hold(chat, "F1", Side.VENDOR)
    clock.advance(days=8)
    _hold(chat, "F2", Side.PSA)
    assert chat.held_upload("F1") is None and chat.take_upload_pair(CONV) is None


def test_messages_are_found_by_the_gaps_and_prompts_they_show(chat: Conversation) -> None:
    chat.remember_message(
        "D1", "1.1", kind=MessageKind.CLIENT, subject="acme", recipient="U1", gap_ids=[3, 4]
    )
    chat.remember_message(
        "C1", "2.2", kind=MessageKind.UNOWNED, subject="acme", gap_ids=[4], review_ids=[7]
    )
    assert [m.ts for m in chat.messages_showing(gap_id=4)] == ["1.1", "2.2"]
    assert [m.ts for m in chat.messages_showing(review_id=7)] == ["2.2"]
    message = chat.message("D1", "1.1")
    assert message is not None and message.gap_ids == (3, 4) and message.recipient == "U1"
    assert message.kind is MessageKind.CLIENT
    chat.remember_message("D1", "1.1", kind=MessageKind.CLIENT, subject="acme", gap_ids=[3])
    assert chat.messages_showing(gap_id=4)[0].ts == "2.2"
    assert chat.message("D9", "9.9") is None


def test_a_review_prompt_is_decided_once(chat: Conversation) -> None:
    review = chat.put_review(
        "Harbor View Dental Partners",
        candidates=["Harbor View Dental"],
        money_at_stake=Decimal("198.00"),
        reason="names differ by a word",
    )
    again = chat.put_review(
        "Harbor View Dental Partners",
        candidates=["Harbor View Dental"],
        money_at_stake=Decimal(1),
        reason="r",
    )
    assert again.id == review.id and again.money_at_stake == 1
    decided = chat.decide_review(
        review.id,
        outcome=ReviewStatus.CONFIRMED,
        psa_client="Harbor View Dental",
        by="U1",
        zone=UTC,
    )
    assert (decided.status, decided.decided_by) == (ReviewStatus.CONFIRMED, "U1")
    with pytest.raises(Conflict, match="already confirmed by U1 at 2026-03-02 09:00 UTC"):
        chat.decide_review(
            review.id,
            outcome=ReviewStatus.REJECTED,
            psa_client="Harbor View Dental",
            by="U2",
            zone=UTC,
        )
    chat.undo_review(review.id)
    assert chat.review(review.id).status is ReviewStatus.OPEN
    with pytest.raises(NotFound):
        chat.review(99)


def test_a_second_lease_holder_is_refused_while_the_first_is_alive(
    db_path: Path, clock: FakeClock
) -> None:
    first = Conversation.open(Store.open(db_path, clock=clock))
    second = Conversation.open(Store.open(db_path, clock=clock))
    assert first.acquire_lease("scheduler", "host-a:1", ttl=TTL)[0]
    taken, lease = second.acquire_lease("scheduler", "host-b:2", ttl=TTL)
    assert not taken
    assert lease.holder == "host-a:1"


def test_lease_renewal_keeps_it_and_expiry_lets_another_take_over(
    chat: Conversation, clock: FakeClock
) -> None:
    chat.acquire_lease("scheduler", "a", ttl=TTL)
    clock.advance(minutes=4)
    assert chat.acquire_lease("scheduler", "a", ttl=TTL)[0]  # renewed
    clock.advance(minutes=4)
    assert not chat.acquire_lease("scheduler", "b", ttl=TTL)[0]
    clock.advance(minutes=2)  # a stopped renewing: expired
    assert chat.acquire_lease("scheduler", "b", ttl=TTL)[0]


def test_a_released_lease_is_free_at_once(chat: Conversation) -> None:
    chat.acquire_lease("scheduler", "a", ttl=TTL)
    assert not chat.release_lease("scheduler", "b")
    assert chat.release_lease("scheduler", "a")
    assert chat.acquire_lease("scheduler", "b", ttl=TTL)[0]


def test_two_processes_race_for_the_lease_and_exactly_one_wins(db_path: Path) -> None:
    Conversation.open(Store.open(db_path))  # create both schemas first
    code = (
        "import sys; from datetime import timedelta; from recon import Store;"
        "from bot.conversation import Conversation;"
        "chat = Conversation.open(Store.open(sys.argv[1]));"
        "ok, lease = chat.acquire_lease('scheduler', sys.argv[2], ttl=timedelta(minutes=5));"
        "print('won' if ok else 'lost:' + lease.holder)"
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
