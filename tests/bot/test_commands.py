"""``/reconcile`` and its subcommands, answered to the person only (response_url)."""

from __future__ import annotations

import pytest

from bot.settings import BotSettings
from recon import ReconcileRequest, Store, run_reconciliation
from recon.store import Action
from tests.bot.conftest import (
    ADMIN,
    ANN,
    BILLING,
    OUTSIDER,
    PSA_CSV,
    VENDOR_CSV,
    InlineExecutor,
    Slack,
    authorize,
    blocks_text,
    seed,
)
from tests.bot.fake_slack import FakeSlack
from tests.conftest import FakeClock


def reply(slack: Slack, fake: FakeSlack, text: str, *, user: str = ADMIN) -> str:
    """Run a command; return the text of its (ephemeral) reply."""
    fake.clear()
    response = slack.command(text, user=user)
    assert response.status == 200
    [answer] = fake.calls_to("/webhook")
    assert answer.params["response_type"] == "ephemeral"
    return str(answer.params["text"]) + blocks_text(answer.params)


def test_help_lists_every_subcommand(slack: Slack, fake: FakeSlack) -> None:
    text = reply(slack, fake, "help")
    for name in ("status", "gaps", "owner", "threshold", "alias", "run", "digest"):
        assert f"/reconcile {name}" in text
    assert reply(slack, fake, "") == text  # no subcommand: the same help


def test_help_for_one_command(slack: Slack, fake: FakeSlack) -> None:
    assert "Example: `/reconcile threshold 250 Pied Piper`" in reply(slack, fake, "help threshold")


@pytest.mark.parametrize(
    ("typed", "nearest"),
    [("stauts", "status"), ("gasp", "gaps"), ("onwer", "owner"), ("thresold", "threshold")],
)
def test_an_unknown_subcommand_gets_the_nearest_commands_help(
    slack: Slack, fake: FakeSlack, typed: str, nearest: str
) -> None:
    text = reply(slack, fake, f"{typed} something")
    assert f"I don't know `{typed}`. Did you mean `{nearest}`?" in text
    assert f"`/reconcile {nearest}" in text


def test_a_word_like_no_command_gets_the_whole_help(slack: Slack, fake: FakeSlack) -> None:
    text = reply(slack, fake, "xyzzy")
    assert "I don't know `xyzzy`." in text and "/reconcile digest" in text


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("owner Pied Piper", "Name the person with `@name` after the client"),
        ("owner <@UANNAM001|ann>", "Say which client"),
        ("threshold", "Give an amount"),
        ('alias "Pied Piper"', "Write both names around an `=`"),
        ("status now", "`status` takes no arguments"),
    ],
)
def test_malformed_arguments_get_that_commands_help(
    slack: Slack, fake: FakeSlack, typed: str, says: str
) -> None:
    text = reply(slack, fake, typed)
    name = typed.split(maxsplit=1)[0]
    assert says in text and f"Example: `/reconcile {name}" in text


@pytest.mark.parametrize(
    "typed",
    ["owner <@UANNAM001|ann> Pied Piper", "threshold 250", 'alias "A" = "B"', "digest"],
)
def test_admin_subcommands_refuse_others_politely(
    slack: Slack, fake: FakeSlack, store: Store, typed: str
) -> None:
    seed(store)
    text = reply(slack, fake, typed, user=OUTSIDER)
    assert "only billing admins can use" in text
    assert store.owners() == [] and store.settings().threshold == 100
    assert store.knowledge().client_aliases == ()
    assert not fake.calls_to("chat.postMessage")


def test_status_before_and_after_a_run(slack: Slack, fake: FakeSlack, store: Store) -> None:
    assert "No run yet" in reply(slack, fake, "status")
    seed(store)
    text = reply(slack, fake, "status")
    assert "*Last run* 1: 2026-03-02 09:00 UTC" in text and "Open now:" in text


def test_gaps_lists_open_gaps_or_one_clients(slack: Slack, fake: FakeSlack, store: Store) -> None:
    seed(store)
    everything = reply(slack, fake, "gaps")
    assert "Pied Piper Inc" in everything and "Wayne Enterprises" in everything
    one = reply(slack, fake, "gaps wayne")
    assert "Wayne Enterprises" in one and "Pied Piper" not in one
    assert "no client matches 'Nobody Inc'" in reply(slack, fake, 'gaps "Nobody Inc"')


def test_owner_sets_the_account_manager(slack: Slack, fake: FakeSlack, store: Store) -> None:
    seed(store)
    text = reply(slack, fake, "owner <@UANNAM001|ann> Pied Piper")
    assert "<@UANNAM001> now owns *Pied Piper Inc*" in text
    owner = store.owner_for(store.resolve_client("Pied Piper"))
    assert owner is not None and owner.slack_user == ANN and owner.updated_by == ADMIN


def test_threshold_globally_and_per_client(slack: Slack, fake: FakeSlack, store: Store) -> None:
    seed(store)
    assert "every client is now $250.00/mo" in reply(slack, fake, "threshold 250")
    assert "Pied Piper is now $1,000.00/mo" in reply(slack, fake, "threshold $1,000 Pied Piper")
    assert store.threshold_for(store.resolve_client("Pied Piper")) == 1000
    assert "threshold must be an amount" in reply(slack, fake, "threshold lots")


def test_alias_with_quotes_and_an_ampersand(slack: Slack, fake: FakeSlack, store: Store) -> None:
    # Slack escapes & < > in command text; curly quotes come from phones and Macs.
    text = reply(slack, fake, "alias “M &amp; M Ltd” = “Mendoza &amp; Morris LLC”")
    assert "Saved" in text
    assert ("M & M Ltd", "Mendoza & Morris LLC") in store.knowledge().client_aliases
    assert "already an alias" in reply(
        slack, fake, 'alias "M &amp; M Ltd" = "Mendoza &amp; Morris LLC"'
    )


def test_run_without_sources_says_which_settings_enable_it(slack: Slack, fake: FakeSlack) -> None:
    text = reply(slack, fake, "run")
    assert "PAX8_CLIENT_ID" in text and "CONNECTWISE_" in text and "RECON_WATCH_DIR" in text


def test_run_with_configured_sources(
    fake: FakeSlack, settings: BotSettings, store: Store, clock: FakeClock
) -> None:
    from bot.app import build_app

    seed(store, owners={"Pied Piper": ANN})

    def run_sources(progress, *, save=True, by="scheduler", preview=None):
        return run_reconciliation(
            ReconcileRequest(
                vendor=VENDOR_CSV,
                psa=PSA_CSV,
                source="pax8+connectwise",
                save=save,
                by=by,
                preview=preview,
            ),
            store=store,
            clock=clock,
            progress=progress,
        )

    app = build_app(
        settings,
        store,
        authorize=authorize,
        listener_executor=InlineExecutor(),
        clock=clock,
        run_sources=run_sources,
    )
    runs = len(store.runs())
    preview = reply(Slack(app, fake), fake, "run", user=OUTSIDER)
    assert "Preview only: nothing was saved" in preview
    assert len(store.runs()) == runs
    attempt = store.decisions(runs=True)[0]
    assert (attempt.action, attempt.by, attempt.subject) == (
        Action.PREVIEW_RUN,
        OUTSIDER,
        "/reconcile run",
    )
    text = reply(Slack(app, fake), fake, "run")
    assert "Sent" in text and "alert message" in text
    assert store.last_run().source == "pax8+connectwise"
    assert store.last_run().by == ADMIN
    assert fake.calls_to("chat.update")[-1].params["text"].startswith("Done:")


def test_digest_posts_to_the_billing_channel(slack: Slack, fake: FakeSlack, store: Store) -> None:
    seed(store, owners={"Pied Piper": ANN})
    text = reply(slack, fake, "digest")
    assert f"Posted the digest to <#{BILLING}>" in text
    [post] = fake.calls_to("chat.postMessage")
    assert post.params["channel"] == BILLING
    body = blocks_text(post.params)
    assert "/mo leaking" in body and "Top 10 open gaps" in body
    assert f"<@{ANN}>" in body and "Open gaps per account manager" in body


def test_digest_without_a_channel_says_how_to_set_one(
    fake: FakeSlack, settings: BotSettings, store: Store, clock: FakeClock
) -> None:
    import dataclasses

    from bot.app import build_app

    app = build_app(
        dataclasses.replace(settings, billing_channel=None),
        store,
        authorize=authorize,
        listener_executor=InlineExecutor(),
        clock=clock,
    )
    assert "No billing channel is set" in reply(Slack(app, fake), fake, "digest")


def test_digest_when_the_bot_is_not_in_the_channel(slack: Slack, fake: FakeSlack) -> None:
    fake.fail("chat.postMessage", "not_in_channel")
    text = reply(slack, fake, "digest")
    assert "not_in_channel" in text and "/invite" in text
