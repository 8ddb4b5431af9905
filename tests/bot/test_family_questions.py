"""A family question asked in Slack: "Yes, bill them as one" / "No, separate companies" store
what ``recon family join`` / ``recon family apart`` store, under the same rule (admins), and
the next run is right. Every click goes through Bolt's real signed-request handling."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from bot import ids
from bot.blocks.families import family_from_row, family_item, family_line, family_row, family_value
from bot.conversation import Conversation
from bot.settings import BotSettings
from recon import Action, FamilyQuestion, ReconcileOutcome, Store
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

PARENT, SUB = "Hastings Animal Hospital", "Hastings Staffing"
VENDOR = (
    b"Customer Name,Product Name,Quantity,Unit Cost\n"
    b"Brightwater Plumbing,Microsoft 365 Business Premium,10,22.00\n"
    b"Cedar Ridge Dental,Microsoft 365 Business Premium,12,22.00\n"
    b"Hastings Animal Hospital,Microsoft 365 Business Premium,21,22.00\n"
    b"Hastings Animal Hospital,Exchange Online (Plan 1),5,4.00\n"
)
PSA = (
    b"Company,Product,Quantity,Unit Price\n"
    b"Brightwater Plumbing,Microsoft 365 Business Premium,10,26.00\n"
    b"Cedar Ridge Dental,Microsoft 365 Business Premium,12,26.00\n"
    b"Hastings Animal Hospital,Microsoft 365 Business Premium,12,26.00\n"
    b"Hastings Staffing,Microsoft 365 Business Premium,8,26.00\n"
    b"Hastings Staffing,Exchange Online (Plan 1),5,5.00\n"
)


def _run(store: Store) -> ReconcileOutcome:
    return saved_run(store, VENDOR, PSA)


def _notices(fake: FakeSlack) -> str:
    return json.dumps([c.params for c in fake.calls_to("chat.postEphemeral")])


@pytest.fixture
def detail(fake: FakeSlack, store: Store, chat: Conversation, settings: BotSettings) -> Any:
    outcome = _run(store)
    (question,) = outcome.result.family_questions
    assert (question.vendor_client, question.psa_client) == (PARENT, SUB)
    return thread_reply(fake, store, chat, settings, outcome)


def test_the_question_names_the_companies_their_lines_and_the_money(detail: Any) -> None:
    text = blocks_text(detail.params)
    assert f"Is *{SUB}* billed for *{PARENT}*'s licences?" in text
    assert (
        f"Microsoft 365 Business Premium: bought {PARENT} 21; billed {PARENT} 12, {SUB} 8" in text
    )
    assert ids.FAMILY_YES in text and ids.FAMILY_NO in text


def test_yes_stores_the_family_and_the_next_run_sums_it(
    slack: Slack, fake: FakeSlack, store: Store, detail: Any
) -> None:
    reply = click_row_button(slack, detail, "family:", ids.FAMILY_YES, ADMIN)
    assert reply.status == 200
    answer = store.family_answer(PARENT, SUB)
    assert answer is not None and (answer.same, answer.created_by) == (True, ADMIN)
    assert store.decisions(limit=1)[0].action == Action.FAMILY_JOIN
    (update,) = fake.calls_to("chat.update")
    redrawn = json.dumps(update.params["blocks"])
    assert ids.FAMILY_YES not in redrawn and f"<@{ADMIN}>" in redrawn
    after = _run(store).result
    assert after.family_questions == ()
    (gap,) = after.gaps
    assert (gap.client, gap.seat_delta, gap.rests_on) == (PARENT, 1, None)
    assert f"seats summed over {PARENT} + {SUB}" in gap.why


def test_no_stores_two_clients_and_the_next_run_never_asks_again(
    slack: Slack, fake: FakeSlack, store: Store, detail: Any
) -> None:
    click_row_button(slack, detail, "family:", ids.FAMILY_NO, ADMIN)
    answer = store.family_answer(PARENT, SUB)
    assert answer is not None and answer.same is False
    after = _run(store).result
    assert after.family_questions == ()
    assert (SUB, "missing_in_vendor") in {(g.client, g.kind.value) for g in after.gaps}


def test_only_an_admin_may_answer(slack: Slack, fake: FakeSlack, store: Store, detail: Any) -> None:
    reply = click_row_button(slack, detail, "family:", ids.FAMILY_YES, OUTSIDER)
    assert reply.status == 200
    assert store.family_answers() == []
    assert "Only billing admins" in _notices(fake) and "recon family join" in _notices(fake)
    assert fake.calls_to("chat.update") == []


def test_a_double_click_changes_nothing_and_says_who_answered(
    slack: Slack, fake: FakeSlack, store: Store, detail: Any
) -> None:
    click_row_button(slack, detail, "family:", ids.FAMILY_YES, ADMIN)
    before = store.decisions()
    fake.clear()
    # The stale button's other half, clicked from a copy of the message drawn before.
    click_row_button(slack, detail, "family:", ids.FAMILY_NO, ADMIN)
    assert store.decisions() == before
    assert store.family_answer(PARENT, SUB).same is True  # type: ignore[union-attr]
    assert "Nothing changed" in _notices(fake) and f"<@{ADMIN}>" in _notices(fake)
    assert fake.calls_to("chat.update") == []


def test_a_pair_the_run_did_not_ask_about_changes_nothing_and_says_why(
    slack: Slack, fake: FakeSlack, store: Store, detail: Any
) -> None:
    forged = family_value("Cedar Ridge Dental", SUB)  # another customer
    reply = slack.click(
        ids.FAMILY_YES,
        forged,
        user=ADMIN,
        channel=detail.params["channel"],
        ts=detail.response["ts"],
        block_id="family:0",
    )
    assert reply.status == 200
    assert store.family_answers() == []
    assert "no family question asks" in _notices(fake) and "Nothing was saved" in _notices(fake)
    assert fake.calls_to("chat.update") == []


def test_a_question_naming_several_companies_names_them_all_and_keeps_them_when_recorded() -> None:
    # A customer paired with no company, asked about with two: the yes covers both, so the
    # message names both (also once recorded with the message and drawn again).
    question = FamilyQuestion(
        vendor_client="Kestrel Point Holdings",
        psa_client="Kestrel Imaging",
        vendor_clients=("Kestrel Point Holdings",),
        psa_clients=("Kestrel Imaging", "Kestrel Staffing"),
        lines=(),
        money_at_stake=Decimal("120.00"),
        reason="",
        unpaired=True,
    )
    item = family_from_row(json.loads(json.dumps(family_row(family_item(question)))))
    assert family_line(item).startswith(
        "Are *Kestrel Imaging* and *Kestrel Staffing* billed for *Kestrel Point Holdings*'s"
    )
    # A row recorded before the field existed (four values) still reads as one company.
    old = family_from_row(["Hastings Animal Hospital", "Hastings Staffing", "10.00", []])
    assert family_line(old).startswith("Is *Hastings Staffing* billed for")


def test_a_question_naming_several_tenants_names_them_all_and_keeps_them_when_recorded() -> None:
    # A company paired with no customer, asked about with two tenants: the yes covers both,
    # so the message names both tenants (also once recorded and drawn again).
    question = FamilyQuestion(
        vendor_client="Atwood Brothers Dental Grp",
        psa_client="Atwood Brothers Dental",
        vendor_clients=("Atwood Brothers Dental Grp", "Atwood Brothers Dental Grp (Tampa)"),
        psa_clients=("Atwood Brothers Dental",),
        lines=(),
        money_at_stake=Decimal("80.00"),
        reason="",
        tenants=True,
    )
    item = family_from_row(json.loads(json.dumps(family_row(family_item(question)))))
    assert family_line(item).startswith(
        "Is *Atwood Brothers Dental* billed for *Atwood Brothers Dental Grp* and "
        "*Atwood Brothers Dental Grp (Tampa)*'s licences?"
    )
    # A row recorded before tenants were named (five values) still reads as one customer.
    old = family_from_row(["Hastings Animal Hospital", "Hastings Staffing", "10.00", [], []])
    assert family_line(old).startswith(
        "Is *Hastings Staffing* billed for *Hastings Animal Hospital*'s"
    )
