"""Who may change memory from Slack: one table, uploads, held runs and the alias form.

Every button, form and subcommand is in :data:`bot.roles.RULES`; saving a run needs an
admin or the billing role and anyone else gets a preview that changes nothing (audited);
a held run waits for an admin's click; the Add alias form needs an admin when the name is
aliased onto another owner's client, as ``/reconcile alias`` always does.
"""

from __future__ import annotations

import json

import pytest

from bot import ids, messages, roles
from recon import GapStatus, Store
from recon.store import Action
from tests.bot.conftest import (
    ADMIN,
    ANN,
    BILLING,
    BOB,
    OUTSIDER,
    PSA_CSV,
    VENDOR_CSV,
    Slack,
    blocks_text,
    posted_texts,
    seed,
)
from tests.bot.fake_slack import FakeSlack

_NOT_LISTENER_IDS = ("_BLOCK", "_INPUT")


def _listener_ids() -> dict[str, str]:
    """Every action id and callback id constant in bot/ids.py."""
    return {
        name: value
        for name, value in vars(ids).items()
        if name.isupper()
        and isinstance(value, str)
        and name != "COMMAND"
        and not name.endswith(_NOT_LISTENER_IDS)
    }


def test_every_action_and_callback_id_has_a_rule() -> None:
    found = _listener_ids()
    assert len(found) >= 17  # the walk really sees the ids
    missing = [name for name, value in found.items() if value not in roles.RULES]
    assert missing == [], f"add these to bot.roles.RULES: {missing}"


def test_every_subcommand_has_a_rule_and_every_rule_is_something_real() -> None:
    for name in messages.COMMAND_NAMES:
        assert roles.slash(name) in roles.RULES, name
    known = (
        set(_listener_ids().values())
        | {roles.slash(n) for n in messages.COMMAND_NAMES}
        | {roles.UPLOAD_SAVE}
    )
    assert set(roles.RULES) - known == set()


@pytest.mark.parametrize(
    ("key", "role"),
    [
        (roles.UPLOAD_SAVE, roles.Role.BILLING),
        (roles.slash("run"), roles.Role.BILLING),
        (roles.slash("alias"), roles.Role.ADMIN),
        (ids.ASSIGN_OWNER, roles.Role.ADMIN),
        (ids.RUN_CONFIRM, roles.Role.ADMIN),
        (ids.GAP_RESOLVE, roles.Role.OWNER),
    ],
)
def test_the_twins_rules(key: str, role: roles.Role) -> None:
    assert roles.rule(key).role is role


# ---- saving a run: admin or billing; everyone else a preview ------------------------


def _upload_pair(slack: Slack, fake: FakeSlack, user: str, psa: bytes = PSA_CSV) -> None:
    channel = f"D{user[1:]}"
    vendor_file = fake.add_file("F0VENDOR9", "pc.csv", VENDOR_CSV, user=user)
    psa_file = fake.add_file("F0PSA0009", "cw.csv", psa, user=user)
    slack.upload([vendor_file, psa_file], user=user, channel=channel)


def _statuses(store: Store) -> dict[int, tuple[GapStatus, object]]:
    return {g.id: (g.status, g.recovered_monthly) for g in store.gaps(status="all")}


def test_a_member_without_the_billing_role_gets_a_preview_that_changes_nothing(
    slack: Slack, fake: FakeSlack, store: Store
) -> None:
    seed(store)
    gap = store.gaps(status="open")[0]
    store.resolve(gap.id, by=ADMIN, note="credited")
    before, runs = _statuses(store), store.runs()
    fake.clear()
    header = PSA_CSV.split(b"\n", 1)[0] + b"\n"  # the PSA side lost every row
    _upload_pair(slack, fake, OUTSIDER, psa=header)
    assert _statuses(store) == before
    assert store.runs() == runs and store.held_runs(status=None) == []
    preview = fake.calls_to("chat.postMessage")[-1]
    assert preview.params["channel"] == f"D{OUTSIDER[1:]}"  # their own DM with the bot
    assert "Preview only: nothing was saved" in preview.params["text"]
    assert not fake.calls_to("files.completeUploadExternal")
    assert not [c for c in fake.calls_to("chat.postMessage") if c.params["channel"] == BILLING]
    attempt = store.decisions(runs=True)[0]
    assert (attempt.action, attempt.by) == (Action.PREVIEW_RUN, OUTSIDER)
    assert attempt.subject == "upload of pc.csv and cw.csv"


def test_the_billing_role_is_a_setting_and_saves_with_who_caused_it(
    slack: Slack, fake: FakeSlack, store: Store
) -> None:
    store.set_setting("billing_users", f"<@{BOB}|bob>, {ANN}", by="cli:admin")
    _upload_pair(slack, fake, BOB)
    run = store.last_run()
    assert run is not None and run.by == BOB
    assert store.decisions(runs=True)[0].action is Action.RECORD_RUN


def test_reconcile_settings_shows_who_may_save_runs(
    slack: Slack, fake: FakeSlack, store: Store
) -> None:
    store.set_setting("billing_users", BOB, by="cli:admin")
    slack.command("settings", user=OUTSIDER)
    text = fake.wait_for("/webhook")[-1].params["text"]
    assert f"<@{ADMIN}>" in text and f"<@{BOB}>" in text and "Who may save runs" in text


# ---- held runs: shown, nothing applied, an admin's button ----------------------------


def test_a_held_upload_alerts_nobody_and_only_an_admin_applies_it(
    slack: Slack, fake: FakeSlack, store: Store
) -> None:
    seed(store, owners={"Pied Piper": ANN})
    before = _statuses(store)
    fake.clear()
    header = PSA_CSV.split(b"\n", 1)[0] + b"\n"
    _upload_pair(slack, fake, ADMIN, psa=header)
    assert _statuses(store) == before
    [held] = store.held_runs()
    cards = [
        c for c in fake.calls_to("chat.postMessage") if ids.RUN_CONFIRM in json.dumps(c.params)
    ]
    assert {c.params["channel"] for c in cards} == {f"D{ADMIN[1:]}", BILLING}
    assert "no data rows" in blocks_text(cards[0].params)
    assert not fake.calls_to("conversations.open")  # no alert DMs for a held run
    card = next(c for c in cards if c.params["channel"] == BILLING)
    ts = card.response["ts"]

    slack.click(ids.RUN_CONFIRM, str(held.run_id), user=ANN, channel=BILLING, ts=ts)
    assert (
        "Only billing admins can confirm" in fake.calls_to("chat.postEphemeral")[-1].params["text"]
    )
    assert _statuses(store) == before

    slack.click(ids.RUN_CONFIRM, str(held.run_id), user=ADMIN, channel=BILLING, ts=ts)
    assert store.last_run().run_id == held.run_id  # type: ignore[union-attr]
    assert _statuses(store) != before
    assert "Confirmed* by <@" in blocks_text(fake.calls_to("chat.update")[-1].params)
    assert store.decisions(runs=True)[0].by == ADMIN


def test_discard_from_slack_keeps_memory(slack: Slack, fake: FakeSlack, store: Store) -> None:
    seed(store)
    before = _statuses(store)
    _upload_pair(slack, fake, ADMIN, psa=PSA_CSV.split(b"\n", 1)[0] + b"\n")
    [held] = store.held_runs()
    slack.command("status", user=OUTSIDER)
    assert (
        f"waiting for an admin:* run {held.run_id}" in fake.wait_for("/webhook")[-1].params["text"]
    )
    slack.click(ids.RUN_DISCARD, str(held.run_id), user=ADMIN, channel=BILLING, ts="5.5")
    assert store.held_run(held.run_id).status == "discarded"
    assert _statuses(store) == before


# ---- the Add alias form: admin for another owner's client ----------------------------


@pytest.fixture
def prestige(slack: Slack, fake: FakeSlack, store: Store) -> str:
    """Ann owns the vendor-only client Prestige Worldwide; Bob owns Pied Piper Inc."""
    seed(store, owners={"Prestige Worldwide": ANN, "Pied Piper": BOB})
    fake.clear()
    gap = next(g for g in store.gaps(client="Prestige Worldwide") if g.psa_client is None)
    return json.dumps({"g": gap.id, "s": "open", "c": None, "t": None, "h": False})


def _alias(slack: Slack, meta: str, name: str, user: str):  # type: ignore[no-untyped-def]
    values = {ids.ALIAS_TYPED_BLOCK: {ids.ALIAS_TYPED_INPUT: {"type": "x", "value": name}}}
    return slack.submit(ids.ALIAS_MODAL, meta, values, user=user)


def test_the_alias_form_refuses_another_owners_client_to_an_owner(
    slack: Slack, store: Store, prestige: str
) -> None:
    response = _alias(slack, prestige, "Pied Piper Inc", ANN)
    body = json.loads(response.body)
    assert body["response_action"] == "errors"
    assert "only billing admins can alias" in json.dumps(body)
    assert store.knowledge().client_aliases == ()


def test_the_alias_form_lets_the_owner_alias_onto_a_client_nobody_owns(
    slack: Slack, store: Store, prestige: str
) -> None:
    _alias(slack, prestige, "Prestige WW Holdings", ANN)
    assert ("Prestige Worldwide", "Prestige WW Holdings") in store.knowledge().client_aliases


def test_an_admin_may_alias_onto_another_owners_client(
    slack: Slack, store: Store, prestige: str, fake: FakeSlack
) -> None:
    _alias(slack, prestige, "Pied Piper Inc", ADMIN)
    assert ("Prestige Worldwide", "Pied Piper Inc") in store.knowledge().client_aliases
    assert not any("only billing admins" in t for t in posted_texts(fake, "chat.postEphemeral"))


def test_every_rule_is_in_the_slack_guide() -> None:
    from pathlib import Path

    guide = (Path(__file__).resolve().parents[2] / "docs" / "slack.md").read_text("utf-8")
    assert [key for key in roles.RULES if f"`{key}`" not in guide] == []


# ---- held runs and the billing channel's one message per run (issues 12 and 18) -----------


def _billing_posts(fake: FakeSlack) -> list[str]:
    return [
        json.dumps(c.params)
        for c in fake.calls_to("chat.postMessage")
        if c.params["channel"] == BILLING
    ]


def test_a_held_run_posts_no_run_message_to_the_billing_channel_until_confirmed(
    slack: Slack, fake: FakeSlack, store: Store
) -> None:
    seed(store)
    fake.clear()
    header = PSA_CSV.split(b"\n", 1)[0] + b"\n"
    _upload_pair(slack, fake, ADMIN, psa=header)
    [held] = store.held_runs()
    posts = _billing_posts(fake)
    assert len(posts) == 1 and ids.RUN_CONFIRM in posts[0]  # the held card, nothing else
    assert not any(ids.RUN_LIST_OPEN in p for p in posts)

    fake.clear()
    slack.click(ids.RUN_CONFIRM, str(held.run_id), user=ADMIN, channel=BILLING, ts="5.5")
    assert any(ids.RUN_LIST_OPEN in p for p in _billing_posts(fake))  # applied: now it speaks
