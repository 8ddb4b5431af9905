""" "Update ConnectWise to N" on an alert: the preview in a modal, Confirm, the result in the
thread; refused for anyone who is not the owner or the billing team, with nothing sent; a
second click, a stale value and an API error change nothing."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from typing import Any

import pytest
from slack_bolt import App

from bot import ids
from bot.app import build_app
from bot.conversation import Conversation
from bot.notify import notify_after_run
from bot.settings import BotSettings
from recon import GapKind, GapStatus, Runtime, Store
from recon.sources import ConnectWiseSettings, Pax8Settings, Secret, SourceSettings
from tests.bot.conftest import (
    ADMIN,
    ANN,
    BOB,
    InlineExecutor,
    Slack,
    authorize,
    blocks_text,
    web_client,
)
from tests.bot.fake_slack import FakeSlack
from tests.conftest import FakeClock
from tests.recon.sources import data
from tests.recon.sources.fakes import connectwise as cw
from tests.recon.sources.fakes import pax8
from tests.recon.sources.fakes.server import FakeServer, Reply
from tests.recon.sources.fixing import gap_of, record_run

ADDITION_101 = f"{cw.ROOT}/finance/agreements/10/additions/101"


@pytest.fixture
def psa() -> Iterator[tuple[cw.FakeConnectWise, FakeServer]]:
    """The fake ConnectWise with the standard data."""
    api = data.connectwise_api()
    with FakeServer(api.handle) as server:
        api.base = server.url
        yield api, server


@pytest.fixture
def sources(psa: tuple[cw.FakeConnectWise, FakeServer]) -> Iterator[SourceSettings]:
    """Pax8 and ConnectWise on their fakes."""
    with FakeServer(data.pax8_api().handle) as vendor:
        yield SourceSettings(
            pax8=Pax8Settings(
                client_id=pax8.CLIENT_ID,
                client_secret=Secret(pax8.CLIENT_SECRET),
                api_url=f"{vendor.url}/v1",
                token_url=f"{vendor.url}/v1/token",
            ),
            connectwise=ConnectWiseSettings(
                company_id=cw.COMPANY,
                public_key=Secret(cw.PUBLIC_KEY),
                private_key=Secret(cw.PRIVATE_KEY),
                client_id=cw.CLIENT_ID,
                api_url=f"{psa[1].url}{cw.ROOT}",
            ),
        )


@pytest.fixture
def fix_settings(settings: BotSettings, sources: SourceSettings) -> BotSettings:
    """The bot's settings with the PSA credentials."""
    return dataclasses.replace(settings, sources=sources)


@pytest.fixture
def bot(
    fix_settings: BotSettings,
    store: Store,
    clock: FakeClock,
    fake: FakeSlack,
    sources: SourceSettings,
) -> Slack:
    """The bot with a recorded Pax8/ConnectWise run, write-back on, Ann owning Acme, and
    the alerts sent."""
    app: App = build_app(
        fix_settings,
        store,
        authorize=authorize,
        listener_executor=InlineExecutor(),
        clock=clock,
        sleep=lambda _s: None,
    )
    record_run(store, sources, Runtime(clock=clock, sleep=lambda _s: None), "connectwise")
    store.set_setting("write_back", "connectwise", by=ADMIN)
    store.set_setting("threshold", "10", by=ADMIN)  # the $60/mo gap is alerted
    store.set_owner("Acme Corporation", slack_user=ANN, by=ADMIN)
    client = web_client(fake)
    notify_after_run(client, store, Conversation.open(store), fix_settings)
    return Slack(app, fake)


def _alert(fake: FakeSlack, store: Store) -> tuple[int, Any]:
    gap = gap_of(store, GapKind.QUANTITY_MISMATCH, "Acme")
    [ref] = Conversation.open(store).messages_showing(gap_id=gap.id)
    return gap.id, ref


def _views(fake: FakeSlack, method: str) -> list[dict[str, Any]]:
    found = []
    for call in fake.calls_to(method):
        view = call.params["view"]
        found.append(json.loads(view) if isinstance(view, str) else view)
    return found


def _open_preview(bot: Slack, store: Store, user: str) -> tuple[int, Any]:
    gap_id, ref = _alert(bot.fake, store)
    bot.fake.clear()
    bot.click(ids.GAP_FIX, f"{gap_id}:open", user=user, channel=ref.channel, ts=ref.ts)
    return gap_id, ref


def test_the_alert_offers_the_update_and_the_owner_fixes_it_from_a_modal(
    bot: Slack, fake: FakeSlack, store: Store, psa: tuple[cw.FakeConnectWise, FakeServer]
) -> None:
    api, _ = psa
    gap_id, ref = _alert(fake, store)
    alert = next(c for c in fake.calls_to("chat.postMessage") if c.params["channel"] == ref.channel)
    assert "Update ConnectWise to 10" in blocks_text(alert.params)

    _open_preview(bot, store, ANN)
    [working] = _views(fake, "views.open")
    assert "Talking to ConnectWise" in json.dumps(working)
    [preview] = _views(fake, "views.update")
    assert preview["callback_id"] == ids.FIX_MODAL and preview["submit"]["text"] == "Confirm"
    shown = json.dumps(preview)
    for expected in ("Acme Corporation", "Acme MSA", "8 -&gt; 10", "+$60.00/mo"):
        assert expected in shown
    assert api.writes == []  # a preview sends nothing

    fake.clear()
    response = bot.submit(ids.FIX_MODAL, preview["private_metadata"], {}, user=ANN)
    assert json.loads(response.body)["response_action"] == "update"
    assert api.writes == [
        ("PATCH", ADDITION_101, [{"op": "replace", "path": "quantity", "value": 10}])
    ]
    gap = store.gap(gap_id)
    assert gap.status is GapStatus.RESOLVED and gap.fix_pending and gap.fix_by == ANN
    [result] = _views(fake, "views.update")
    assert "updated the PSA" in json.dumps(result)
    [thread] = [c for c in fake.calls_to("chat.postMessage") if c.params.get("thread_ts")]
    assert (thread.params["channel"], thread.params["thread_ts"]) == (ref.channel, ref.ts)
    assert "ConnectWise addition 101 quantity 8 -&gt; 10" in blocks_text(thread.params)
    update = fake.calls_to("chat.update")[-1]
    assert (update.params["channel"], update.params["ts"]) == (ref.channel, ref.ts)
    assert f"Fixed in the PSA by <@{ANN}>" in blocks_text(update.params)


def test_a_member_outside_billing_is_refused_and_nothing_is_sent(
    bot: Slack, fake: FakeSlack, store: Store, psa: tuple[cw.FakeConnectWise, FakeServer]
) -> None:
    api, _ = psa
    gap_id, ref = _open_preview(bot, store, BOB)
    assert fake.calls_to("views.open") == []
    [told] = fake.calls_to("chat.postEphemeral")
    assert told.params["user"] == BOB
    assert "the billing team or a billing admin can update the PSA" in told.params["text"]
    # A forged Confirm (no preview was ever opened for Bob) is refused in the modal.
    meta = json.dumps({"g": gap_id, "k": "x", "c": ref.channel, "t": ref.ts, "h": False})
    response = bot.submit(ids.FIX_MODAL, meta, {}, user=BOB)
    assert "Nothing was sent" in response.body
    assert api.writes == [] and store.gap(gap_id).status is GapStatus.OPEN

    store.set_setting("billing_users", BOB, by=ADMIN)  # the billing team may
    fake.clear()
    _open_preview(bot, store, BOB)
    assert len(fake.calls_to("views.open")) == 1


def test_a_second_confirm_sends_nothing_and_says_who_fixed_it(
    bot: Slack, fake: FakeSlack, store: Store, psa: tuple[cw.FakeConnectWise, FakeServer]
) -> None:
    api, _ = psa
    gap_id, _ = _open_preview(bot, store, ANN)
    meta = _views(fake, "views.update")[0]["private_metadata"]
    bot.submit(ids.FIX_MODAL, meta, {}, user=ANN)
    fake.clear()
    bot.submit(ids.FIX_MODAL, meta, {}, user=ANN)  # a double click on Confirm
    assert len(api.writes) == 1
    [result] = _views(fake, "views.update")
    assert f"already fixed in the PSA by {ANN}" in json.dumps(result)
    assert store.gap(gap_id).fix_pending


def test_a_value_changed_since_the_run_is_refused_in_the_modal(
    bot: Slack, fake: FakeSlack, store: Store, psa: tuple[cw.FakeConnectWise, FakeServer]
) -> None:
    api, _ = psa
    api.additions[10][0]["quantity"] = 9
    gap_id, _ = _open_preview(bot, store, ANN)
    [shown] = _views(fake, "views.update")
    assert "callback_id" not in shown  # no Confirm to press
    assert "ConnectWise now shows 9 seats where the run saw 8" in json.dumps(shown)
    assert api.writes == [] and store.gap(gap_id).status is GapStatus.OPEN


def test_an_api_error_on_confirm_leaves_the_psa_and_the_gap_unchanged(
    bot: Slack, fake: FakeSlack, store: Store, psa: tuple[cw.FakeConnectWise, FakeServer]
) -> None:
    api, server = psa
    gap_id, _ = _open_preview(bot, store, ANN)
    meta = _views(fake, "views.update")[0]["private_metadata"]
    server.script(ADDITION_101, [Reply(403, {"code": "Forbidden", "message": "denied"})])
    fake.clear()
    bot.submit(ids.FIX_MODAL, meta, {}, user=ANN)
    [result] = _views(fake, "views.update")
    assert "needs Finance &gt; Agreements Edit" in json.dumps(result)
    [told] = fake.calls_to("chat.postEphemeral")
    assert told.params["user"] == ANN and "did not take the fix" in told.params["text"]
    assert api.writes == [] and api.quantity_of(101) == 8
    gap = store.gap(gap_id)
    assert gap.status is GapStatus.OPEN and not gap.fix_pending
    assert not [c for c in fake.calls_to("chat.postMessage") if c.params.get("thread_ts")]


def test_no_button_while_write_back_is_off(
    bot: Slack, fake: FakeSlack, store: Store, fix_settings: BotSettings
) -> None:
    store.set_setting("write_back", "default", by=ADMIN)
    gap_id, ref = _alert(fake, store)
    from bot.client_message import redraw

    chat = Conversation.open(store)
    msg = chat.message(ref.channel, ref.ts)
    assert msg is not None
    drawn = redraw(store, chat, msg, zone=store.settings().zone, now=store.now())
    assert "Update ConnectWise" not in json.dumps(drawn.blocks)
    fake.clear()
    bot.click(ids.GAP_FIX, f"{gap_id}:open", user=ANN, channel=ref.channel, ts=ref.ts)
    [told] = fake.calls_to("chat.postEphemeral")
    assert "fixing gaps in ConnectWise is off" in told.params["text"]
    assert fake.calls_to("views.open") == []


def test_the_readme_picture_is_drawn_from_the_real_modal(
    bot: Slack, fake: FakeSlack, store: Store
) -> None:
    import importlib.util
    from pathlib import Path

    _open_preview(bot, store, ANN)
    [preview] = _views(fake, "views.update")
    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location(
        "render_blocks", root / "docs" / "render_blocks.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.render_modal(preview).startswith(b"\x89PNG")


def test_a_fix_confirmed_in_slack_is_counted_as_recovered_by_the_next_run(
    bot: Slack,
    fake: FakeSlack,
    store: Store,
    clock: FakeClock,
    sources: SourceSettings,
    psa: tuple[cw.FakeConnectWise, FakeServer],
) -> None:
    api, _ = psa
    gap_id, _ = _open_preview(bot, store, ANN)
    meta = _views(fake, "views.update")[0]["private_metadata"]
    bot.submit(ids.FIX_MODAL, meta, {}, user=ANN)
    assert api.quantity_of(101) == 10 and store.gap(gap_id).recovered_monthly is None

    clock.advance(days=1)
    record_run(store, sources, Runtime(clock=clock, sleep=lambda _s: None), "connectwise")
    fixed = store.gap(gap_id)
    assert fixed.status is GapStatus.FIXED and not fixed.fix_pending
    assert str(fixed.recovered_monthly) == "60.00"


def test_a_psa_change_between_the_preview_and_confirm_is_refused_and_nothing_is_sent(
    bot: Slack, fake: FakeSlack, store: Store, psa: tuple[cw.FakeConnectWise, FakeServer]
) -> None:
    api, _ = psa
    gap_id, _ = _open_preview(bot, store, ANN)
    meta = _views(fake, "views.update")[0]["private_metadata"]
    api.additions[10][0]["quantity"] = 9  # someone edits ConnectWise while the modal is open
    fake.clear()
    bot.submit(ids.FIX_MODAL, meta, {}, user=ANN)
    [result] = _views(fake, "views.update")
    assert "ConnectWise now shows 9 seats where the run saw 8" in json.dumps(result)
    assert api.writes == [] and api.quantity_of(101) == 9
    gap = store.gap(gap_id)
    assert gap.status is GapStatus.OPEN and not gap.fix_pending
    assert store.fixes(gap_id=gap_id) == []
