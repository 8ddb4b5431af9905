"""Issue 18, in Slack: owners before the first run, and one tidy channel message per run.

- 18.1: owners set before any run (by ``/reconcile owner``, ``recon owners set`` and an
  owners file with an e-mail) receive that first run's alerts as DMs; nothing of theirs goes
  to the billing channel.
- 18.3: a run with 50 clients nobody owns speaks to the billing channel at most three times
  (summary, thread reply, CSV), with the money at stake, the top items and a button that
  opens the full list.
"""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot import ids
from bot.app import make_client
from bot.conversation import Conversation
from bot.notify import notify_after_run
from bot.settings import BotSettings
from recon import MappingQuestion, ProductCandidate, ReconcileOutcome, Store
from recon.cli import cli
from tests.bot.conftest import (
    ADMIN,
    ANN,
    BILLING,
    BOB,
    PSA_CSV,
    VENDOR_CSV,
    Slack,
    blocks_text,
)
from tests.bot.fake_slack import FakeSlack
from tests.recon.store.build import make_gap, make_result

CAROL = "UCAROL003"


def _billing_posts(fake: FakeSlack) -> list[str]:
    """Everything posted to the billing channel: messages and files."""
    posts = [
        blocks_text(c.params) + str(c.params.get("text", ""))
        for c in fake.calls_to("chat.postMessage")
        if c.params.get("channel") == BILLING
    ]
    posts += [
        str(c.params.get("files", ""))
        for c in fake.calls_to("files.completeUploadExternal")
        if c.params.get("channel_id") == BILLING
    ]
    return posts


def _dm_texts(fake: FakeSlack, user: str) -> str:
    return " ".join(
        blocks_text(c.params)
        for c in fake.calls_to("chat.postMessage")
        if c.params.get("channel") == "D" + user[1:]
    )


def test_owners_set_before_the_first_run_get_its_alerts_by_dm(
    slack: Slack, fake: FakeSlack, store: Store, tmp_path: Path
) -> None:
    assert store.last_run() is None
    # By slash command: the client first, then the person.
    reply = slack.command("owner Pied Piper Inc <@UANNAM001|ann>")
    assert reply.status == 200
    said = str(fake.calls_to("/webhook")[-1].params) if fake.calls_to("/webhook") else ""
    owner = store.owner_for("pied piper")
    assert owner is not None and owner.slack_user == ANN and owner.pending, said
    # By the CLI, on the bot's database.
    cli_set = CliRunner().invoke(
        cli, ["owners", "set", "Gotham Medical Group", BOB, "--db", str(store.path)]
    )
    assert cli_set.exit_code == 0, cli_set.output
    # By an owners file, with an e-mail the bot finds in Slack.
    owners_file = tmp_path / "owners.csv"
    owners_file.write_text("Wayne Enterprises,carol@msp.example\n", encoding="utf-8")
    imported = CliRunner().invoke(
        cli, ["owners", "import", str(owners_file), "--db", str(store.path)]
    )
    assert imported.exit_code == 0, imported.output
    fake.people["carol@msp.example"] = CAROL
    fake.clear()

    vendor = fake.add_file("F0VENDOR1", "pc.csv", VENDOR_CSV, user=ADMIN)
    psa = fake.add_file("F0PSA0001", "cw.csv", PSA_CSV, user=ADMIN)
    assert slack.upload([vendor, psa]).status == 200

    assert "Pied Piper Inc" in _dm_texts(fake, ANN)
    assert "Gotham Medical Group" in _dm_texts(fake, BOB)
    assert "Wayne Enterprises" in _dm_texts(fake, CAROL)
    assert fake.calls_to("users.lookupByEmail")[0].params["email"] == "carol@msp.example"
    channel = " ".join(_billing_posts(fake))
    for client in ("Pied Piper", "Gotham Medical", "Wayne Enterprises"):
        assert client not in channel
    matched = store.owner_for("pied piper")
    assert matched is not None and matched.matched_run_id == store.last_run().run_id  # type: ignore[union-attr]


def _fifty_unowned(store: Store, questions: int = 0) -> ReconcileOutcome:
    """A recorded run with 50 clients nobody owns (and this many mapping questions)."""
    result = make_result(
        *(make_gap(f"Client {n:02d} Holdings", vendor_qty=20, psa_qty=10) for n in range(50))
    )
    asked = tuple(
        MappingQuestion(
            psa_product=f"PSA Widget {n:02d}",
            product_key=f"name:psa widget {n:02d}",
            candidates=(
                ProductCandidate(
                    f"Widget {n:02d}",
                    f"name:widget {n:02d}",
                    60.0,
                    "seats agree",
                    f"Widget {n:02d}",
                ),
            ),
            clients=1,
            seats=Decimal(2),
            money_at_stake=Decimal(10),
            reason="seats agree",
        )
        for n in range(questions)
    )
    result = dataclasses.replace(result, questions=asked)
    return ReconcileOutcome(result=result, run=store.record_run(result), stored={})


@pytest.mark.parametrize("questions", [0, 12])
def test_fifty_unowned_clients_make_at_most_three_channel_posts(
    fake: FakeSlack, store: Store, settings: BotSettings, questions: int, chat: Conversation
) -> None:
    outcome = _fifty_unowned(store, questions)
    report = notify_after_run(make_client(settings), store, chat, settings, outcome=outcome)
    posts = _billing_posts(fake)
    assert 1 <= len(posts) <= 3
    summary = next(
        c
        for c in fake.calls_to("chat.postMessage")
        if c.params["channel"] == BILLING and not c.params.get("thread_ts")
    )
    text = blocks_text(summary.params)
    money = 12_500 + 10 * questions  # 50 clients x 10 seats x $25, and the questions' $10
    assert f"${money:,}.00/mo with no owner" in text
    assert "50 clients nobody owns" in text
    assert text.count("Holdings") == 5  # the top items, not all fifty
    assert ids.RUN_LIST_OPEN in text
    replies = [
        c
        for c in fake.calls_to("chat.postMessage")
        if c.params["channel"] == BILLING and c.params.get("thread_ts") == summary.response["ts"]
    ]
    assert len(replies) == 1 and "users_select" in blocks_text(replies[0].params)
    if questions:  # the questions' buttons are in the one reply, not in posts of their own
        assert f"{questions} products to map" in text
        assert blocks_text(replies[0].params).count(ids.QUESTION_YES) >= 5
    csv_upload = fake.calls_to("files.completeUploadExternal")
    assert csv_upload and csv_upload[0].params["thread_ts"] == summary.response["ts"]
    assert len(report.alerts) == 50  # every client's alert counts as said: not repeated
    fake.clear()
    notify_after_run(make_client(settings), store, chat, settings, outcome=outcome)
    assert _billing_posts(fake) == []


def test_the_button_opens_the_full_list(
    slack: Slack, fake: FakeSlack, store: Store, settings: BotSettings, chat: Conversation
) -> None:
    _fifty_unowned(store)
    notify_after_run(make_client(settings), store, chat, settings)
    summary = next(
        c
        for c in fake.calls_to("chat.postMessage")
        if c.params["channel"] == BILLING and not c.params.get("thread_ts")
    )
    slack.click(ids.RUN_LIST_OPEN, "1", user=BOB, channel=BILLING, ts=summary.response["ts"])
    view = fake.calls_to("views.open")[-1].params["view"]
    view = json.loads(view) if isinstance(view, str) else view
    listed = json.dumps(view["blocks"])
    assert all(f"Client {n:02d} Holdings" in listed for n in range(50))
    assert fake.calls_to("views.open")[-1].response["ok"] is True  # within Slack's limits
