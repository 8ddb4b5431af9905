"""After a run: who is told what, and that nothing is said twice."""

from __future__ import annotations

import dataclasses

from bot.app import make_client
from bot.conversation import Conversation
from bot.notify import MANY_CLIENTS, notify_after_run
from bot.settings import BotSettings
from recon import Store
from tests.bot.conftest import ANN, BILLING, blocks_text, seed
from tests.bot.fake_slack import FakeSlack

BIG = [
    "Pied Piper",
    "Gotham Medical",
    "Wayne Enterprises",
    "Massive Dynamic",
    "Kord",
    "Acme",
    "Prestige",
]


def test_someone_with_many_clients_gets_one_summary_dm(
    fake: FakeSlack, store: Store, settings: BotSettings, chat: Conversation
) -> None:
    seed(store, owners=dict.fromkeys(BIG, ANN))
    report = notify_after_run(make_client(settings), store, chat, settings)
    assert len(BIG) > MANY_CLIENTS
    [dm] = [c for c in fake.calls_to("chat.postMessage") if c.params["channel"] == "D" + ANN[1:]]
    text = blocks_text(dm.params)
    assert "7 clients need a look" in text and "Home" in text
    assert report.failures == [] and report.sent >= 1


def test_nothing_is_said_twice(
    fake: FakeSlack, store: Store, settings: BotSettings, chat: Conversation
) -> None:
    seed(store, owners={"Pied Piper": ANN})
    client = make_client(settings)
    first = notify_after_run(client, store, chat, settings)
    assert first.sent > 0
    fake.clear()
    second = notify_after_run(client, store, chat, settings)
    assert second.sent == 0 and fake.calls_to("chat.postMessage") == []


def test_unowned_clients_without_a_billing_channel_are_reported(
    fake: FakeSlack, store: Store, settings: BotSettings, chat: Conversation
) -> None:
    seed(store)
    settings = dataclasses.replace(settings, billing_channel=None)
    report = notify_after_run(make_client(settings), store, chat, settings)
    assert report.sent == 0
    assert report.failures[0][0] == "the billing channel"
    assert store.alert_marks() == {}  # not told, so not marked as told


def test_the_stores_billing_channel_wins(
    fake: FakeSlack, store: Store, settings: BotSettings, chat: Conversation
) -> None:
    seed(store)
    store.set_setting("billing_channel", "C0STORE01", by="cli:test")
    notify_after_run(make_client(settings), store, chat, settings)
    channels = {c.params["channel"] for c in fake.calls_to("chat.postMessage")}
    assert channels == {"C0STORE01"} and BILLING not in channels
