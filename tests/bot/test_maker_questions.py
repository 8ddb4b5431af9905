"""A maker question asked in Slack: "Yes, we buy it from Pax8" / "No, bought elsewhere" store
what ``recon maker yes`` / ``recon maker no`` store, under the same rule (admins), and the
next run is right. Every click goes through Bolt's real signed-request handling."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot import ids
from bot.blocks.makers import maker_value
from bot.conversation import Conversation
from bot.settings import BotSettings
from recon import Action, ReconcileOutcome, Store
from tests.bot.conftest import (
    ADMIN,
    OUTSIDER,
    Slack,
    blocks_text,
    click_row_button,
    saved_run,
    thread_reply,
)
from tests.bot.fake_slack import FakeSlack
from tests.recon.maker_files import EGNYTE, write_pair


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    vendor, psa, _ = write_pair(tmp_path)
    return Path(vendor), Path(psa)


def _egnyte(outcome: ReconcileOutcome) -> list[tuple[str, str | None]]:
    return sorted((g.client, g.rests_on) for g in outcome.result.gaps if g.product == EGNYTE)


def _notices(fake: FakeSlack) -> str:
    return json.dumps([c.params for c in fake.calls_to("chat.postEphemeral")])


@pytest.fixture
def detail(
    fake: FakeSlack,
    store: Store,
    chat: Conversation,
    settings: BotSettings,
    files: tuple[Path, Path],
) -> Any:
    outcome = saved_run(store, *files)
    (question,) = outcome.result.maker_questions
    assert (question.maker, question.source) == ("Egnyte", "Pax8")
    return thread_reply(fake, store, chat, settings, outcome)


def test_the_question_names_the_maker_its_lines_and_the_money(detail: Any) -> None:
    text = blocks_text(detail.params)
    assert "Is *Egnyte* bought from *Pax8*? 2 clients, $260.00/mo pending the answer" in text
    assert "Cedar Ridge Dental: Egnyte Business x 9" in text
    assert "Yes, we buy it from Pax8" in text and "No, bought elsewhere" in text


def test_yes_stores_the_answer_and_the_next_run_settles_the_gaps(
    slack: Slack, fake: FakeSlack, store: Store, detail: Any, files: tuple[Path, Path]
) -> None:
    reply = click_row_button(slack, detail, "maker:", ids.MAKER_YES, ADMIN)
    assert reply.status == 200
    (answer,) = store.maker_answers()
    assert (answer.maker, answer.source, answer.bought, answer.created_by) == (
        "Egnyte",
        "Pax8",
        True,
        ADMIN,
    )
    assert store.decisions(limit=1)[0].action == Action.MAKER_BOUGHT
    (update,) = fake.calls_to("chat.update")
    redrawn = json.dumps(update.params["blocks"])
    assert ids.MAKER_YES not in redrawn and f"<@{ADMIN}>" in redrawn
    after = saved_run(store, *files)
    assert after.result.maker_questions == ()
    assert _egnyte(after) == [("Cedar Ridge Dental", None), ("Summit Legal Group", None)]


def test_no_stores_elsewhere_and_the_next_run_never_asks_again(
    slack: Slack, fake: FakeSlack, store: Store, detail: Any, files: tuple[Path, Path]
) -> None:
    click_row_button(slack, detail, "maker:", ids.MAKER_NO, ADMIN)
    (answer,) = store.maker_answers()
    assert answer.bought is False
    assert store.decisions(limit=1)[0].action == Action.MAKER_ELSEWHERE
    after = saved_run(store, *files)
    assert after.result.maker_questions == ()
    assert _egnyte(after) == []


def test_only_an_admin_may_answer(slack: Slack, fake: FakeSlack, store: Store, detail: Any) -> None:
    reply = click_row_button(slack, detail, "maker:", ids.MAKER_YES, OUTSIDER)
    assert reply.status == 200
    assert store.maker_answers() == []
    assert "Only billing admins" in _notices(fake) and "recon maker yes" in _notices(fake)
    assert fake.calls_to("chat.update") == []


def test_a_double_click_changes_nothing_and_says_who_answered(
    slack: Slack, fake: FakeSlack, store: Store, detail: Any
) -> None:
    click_row_button(slack, detail, "maker:", ids.MAKER_YES, ADMIN)
    before = store.decisions()
    fake.clear()
    # The stale button's other half, clicked from a copy of the message drawn before.
    click_row_button(slack, detail, "maker:", ids.MAKER_NO, ADMIN)
    assert store.decisions() == before
    assert [a.bought for a in store.maker_answers()] == [True]
    assert "Nothing changed" in _notices(fake) and f"<@{ADMIN}>" in _notices(fake)
    assert fake.calls_to("chat.update") == []


@pytest.mark.parametrize(("maker", "source"), [("Dropbox", "Pax8"), ("Egnyte", "Ingram Micro")])
def test_a_maker_the_run_did_not_ask_about_changes_nothing_and_says_why(
    slack: Slack, fake: FakeSlack, store: Store, detail: Any, maker: str, source: str
) -> None:
    reply = slack.click(
        ids.MAKER_YES,
        maker_value(maker, source),
        user=ADMIN,
        channel=detail.params["channel"],
        ts=detail.response["ts"],
        block_id="maker:0",
    )
    assert reply.status == 200
    assert store.maker_answers() == []
    assert "no maker question of the latest saved run" in _notices(fake)
    assert "Nothing was saved" in _notices(fake)
    assert fake.calls_to("chat.update") == []
