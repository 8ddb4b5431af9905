"""Modal submissions: Accept (a reason), Snooze (a date), Add alias (a PSA name).

The decision is taken before the ack, because a wrong input (a date that is not after
today) keeps the modal open with the error under the field; the store answers in
milliseconds, well within Slack's three seconds.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot import decisions, fixes, ids, messages, roles
from bot.blocks import bundle_saved_view, fix_notice_view
from bot.context import Bot
from bot.conversation import ReviewStatus
from bot.decisions import Done, Origin
from bot.listeners.common import clicker, tell
from recon import Action, GapStatus, NotFound, ReconError

Listener = Callable[..., None]


def register(app: App, bot: Bot) -> None:
    """Register the modals' submissions."""
    app.view(ids.ACCEPT_MODAL)(_gap_modal(bot, Action.ACCEPT))
    app.view(ids.SNOOZE_MODAL)(_gap_modal(bot, Action.SNOOZE))
    app.view(ids.ALIAS_MODAL)(_alias_modal(bot))
    app.view(ids.BUNDLE_MODAL)(_bundle_modal(bot))
    app.view(ids.FIX_MODAL)(_fix_modal(bot))


def _state(view: dict[str, Any], block: str, action: str) -> dict[str, Any]:
    return dict((view.get("state", {}).get("values", {}).get(block) or {}).get(action) or {})


def _finish(
    ack: Ack, client: WebClient, bot: Bot, user: str, origin: Origin, done: Done, field: str
) -> None:
    if done.field_error:
        ack(response_action="errors", errors={field: done.field_error[:150]})
        return
    ack()
    tell(client, bot, user, origin, done)


def _gap_modal(bot: Bot, action: Action) -> Listener:
    def submit(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        meta = json.loads(view.get("private_metadata") or "{}")
        user, origin = clicker(body), Origin.from_meta(meta)
        reason = _state(view, ids.REASON_BLOCK, ids.REASON_INPUT).get("value")
        until = None
        field = ids.REASON_BLOCK
        if action is Action.SNOOZE:
            field = ids.DATE_BLOCK
            picked = _state(view, ids.DATE_BLOCK, ids.DATE_INPUT).get("selected_date")
            if not picked:
                ack(response_action="errors", errors={field: "Pick a date."})
                return
            until = date.fromisoformat(picked)
        done = decisions.decide_gap(
            client,
            bot,
            user=user,
            gap_id=int(meta["g"]),
            expected=GapStatus(meta["s"]),
            action=action,
            origin=origin,
            reason=reason,
            until=until,
        )
        _finish(ack, client, bot, user, origin, done, field)

    return submit


def _alias_modal(bot: Bot) -> Listener:
    def submit(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        meta = json.loads(view.get("private_metadata") or "{}")
        user, origin = clicker(body), Origin.from_meta(meta)
        picked = (
            _state(view, ids.ALIAS_PICK_BLOCK, ids.ALIAS_PICK_INPUT).get("selected_option") or {}
        )
        typed = (
            _state(view, ids.ALIAS_TYPED_BLOCK, ids.ALIAS_TYPED_INPUT).get("value") or ""
        ).strip()
        name = typed or str(picked.get("value") or "")
        if not name:
            ack(
                response_action="errors",
                errors={ids.ALIAS_TYPED_BLOCK: messages.alias_needs_name()},
            )
            return
        if "g" in meta:
            done = decisions.alias_from_gap(
                client, bot, user=user, gap_id=int(meta["g"]), psa_client=name, origin=origin
            )
        else:
            done = decisions.decide_review(
                client,
                bot,
                user=user,
                review_id=int(meta["r"]),
                outcome=ReviewStatus.ALIASED,
                psa_client=name,
            )
        _finish(ack, client, bot, user, origin, done, ids.ALIAS_TYPED_BLOCK)

    return submit


def _fix_modal(bot: Bot) -> Listener:
    """Confirm of a fix: refuse outsiders in the modal; else say "working" and write it."""

    def submit(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        meta = json.loads(view.get("private_metadata") or "{}")
        user, origin = clicker(body), Origin.from_meta(meta)
        try:
            gap = bot.store.gap(int(meta["g"]))
        except (KeyError, ValueError, NotFound):
            ack(response_action="update", view=fix_notice_view("Gone", messages.message_gone()))
            return
        refused = fixes.refusal(bot, user, gap, ids.FIX_MODAL)
        if refused:
            ack(response_action="update", view=fix_notice_view("Not sent", refused))
            return
        ack(
            response_action="update",
            view=fix_notice_view("Update the PSA", messages.fix_working("the PSA")),
        )
        done = fixes.confirm(client, bot, user=user, meta=meta, view_id=str(view["id"]))
        tell(client, bot, user, origin, done)

    return submit


def _bundle_modal(bot: Bot) -> Listener:
    """Save a bundle; a problem stays in the form under the field it concerns."""

    def submit(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        user = clicker(body)
        if not roles.allowed(bot, user, ids.BUNDLE_MODAL):
            refusal = messages.admins_only("bundle")
            ack(response_action="errors", errors={ids.BUNDLE_NAME_BLOCK: refusal})
            return
        name = str(_state(view, ids.BUNDLE_NAME_BLOCK, ids.BUNDLE_NAME_INPUT).get("value") or "")
        picked = _state(view, ids.BUNDLE_PICK_BLOCK, ids.BUNDLE_PICK_INPUT).get("selected_options")
        typed = _state(view, ids.BUNDLE_TYPED_BLOCK, ids.BUNDLE_TYPED_INPUT).get("value") or ""
        components = [str(o["value"]) for o in picked or []]
        components += [line.strip() for line in str(typed).splitlines() if line.strip()]
        field = ids.BUNDLE_TYPED_BLOCK
        if len(components) < 2:
            ack(response_action="errors", errors={field: messages.bundle_needs_components()})
            return
        try:
            bundle = bot.store.define_bundle(name, components, by=user)
        except ReconError as err:
            where = ids.BUNDLE_NAME_BLOCK if not name.strip() else field
            ack(response_action="errors", errors={where: str(err)[:150]})
            return
        ack(response_action="update", view=bundle_saved_view(bundle.name, bundle.components))

    return submit
