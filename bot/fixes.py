"""What "Update <PSA> to N" does: check who may, preview the fix in a modal, write it on
Confirm, and say how it went in the alert's thread.

The PSA is read (and written) only after Slack has its answer: the click opens a modal that
says "talking to ConnectWise…" at once (a trigger id lives 3 seconds), which the preview then
replaces; Confirm answers with the same kind of modal, which the result replaces. Who may:
:mod:`bot.roles` (``gap_fix``, ``fix_modal``: the gap's owner, the billing team, admins,
like ``recon fix``); anyone else is refused before anything is read or sent. Everything
else (write-back off, a held run, a value changed since the run or since the preview, a
second click, the PSA's errors) is :mod:`recon.fix`'s to refuse; its message is shown and
nothing is sent.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import ids, messages, roles, slack_io
from bot.blocks import fix_modal, fix_notice_view, plain_message
from bot.context import Bot
from bot.decisions import Done, Origin, already, publish_home, refresh
from recon import (
    Conflict,
    FixRefused,
    NotFound,
    Runtime,
    SourceError,
    StoredGap,
    apply_fix,
    fix_offer,
    fix_refusal,
    plan_fix,
)

log = logging.getLogger(__name__)


def refusal(bot: Bot, user: str, gap: StoredGap, key: str) -> str | None:
    """Why a user may not fix this gap in the PSA (by :mod:`bot.roles`), or None."""
    owner = gap.owner
    owners = (owner.slack_user, owner.billing_owner) if owner else ()
    if roles.allowed(bot, user, key, owners=owners):
        return None
    return messages.fix_not_allowed(
        gap.client, owner.slack_user if owner else None, owner.billing_owner if owner else None
    )


def _runtime(bot: Bot) -> Runtime:
    return Runtime(clock=bot.clock)


def open_preview(
    client: WebClient,
    bot: Bot,
    *,
    user: str,
    gap_id: int,
    expected: str,
    origin: Origin,
    trigger_id: str,
) -> Done:
    """The button: a modal at once, then the fix's preview (or why not) in it."""
    store = bot.store
    try:
        gap = store.gap(gap_id)
    except NotFound:
        return Done(messages.message_gone())
    refused = refusal(bot, user, gap, ids.GAP_FIX)
    if refused:
        return Done(refused)
    if gap.status.value != expected or gap.fix_pending:
        return Done(already(bot, gap))
    reason = fix_refusal(store, gap, bot.settings.sources)
    offer = fix_offer(store, gap, bot.settings.sources)
    if reason is not None or offer is None:
        return Done(messages.fix_refused(reason or "this gap can't be fixed from here"))
    opened = client.views_open(
        trigger_id=trigger_id,
        view=fix_notice_view(f"Update {offer.system}", messages.fix_working(offer.system)),
    )
    view_id = str(opened["view"]["id"])
    try:
        plan = plan_fix(
            gap_id,
            store=store,
            sources=bot.settings.sources,
            runtime=_runtime(bot),
            clock=bot.clock,
        )
    except (FixRefused, NotFound) as err:
        _show(client, view_id, "Nothing to send", messages.fix_refused(str(err)))
        return Done()
    except SourceError as err:
        _show(client, view_id, f"{offer.system} said no", messages.fix_failed(str(err)))
        return Done()
    meta = {"g": gap_id, "k": plan.key, **origin.as_meta()}
    client.views_update(view_id=view_id, view=fix_modal(plan, meta))
    return Done()


def confirm(client: WebClient, bot: Bot, *, user: str, meta: dict[str, Any], view_id: str) -> Done:
    """Confirm: write the fix (the modal already says "talking to…"), show the result in the
    modal, post it in the alert's thread, and redraw every message showing the gap."""
    origin = Origin.from_meta(meta)
    gap_id = int(meta["g"])
    title = "Update the PSA"
    try:
        done = apply_fix(
            gap_id,
            by=user,
            expected_key=str(meta.get("k") or ""),
            store=bot.store,
            sources=bot.settings.sources,
            runtime=_runtime(bot),
            clock=bot.clock,
        )
    except (FixRefused, Conflict, NotFound) as err:
        text = messages.fix_refused(str(err))
        _show(client, view_id, "Nothing was sent", text)
        return Done(text)
    except SourceError as err:
        text = messages.fix_failed(str(err))
        _show(client, view_id, "The PSA said no", text)
        return Done(text)
    text = messages.fix_done(user, done.plan.summary, done.said)
    _show(client, view_id, title, text)
    refresh(client, bot, gap_id=gap_id)
    if origin.channel and origin.ts:
        try:
            slack_io.post(client, origin.channel, plain_message(text), thread_ts=origin.ts)
        except SlackApiError as err:
            log.warning("posting a fix's result failed: %s", slack_io.error_code(err))
    if origin.home:
        publish_home(client, bot, user, notice=text)
    return Done()


def _show(client: WebClient, view_id: str, title: str, text: str) -> None:
    try:
        client.views_update(view_id=view_id, view=fix_notice_view(title, text))
    except SlackApiError as err:  # the person closed the modal: the thread still says it
        log.info("views.update of a fix's modal failed: %s", slack_io.error_code(err))
