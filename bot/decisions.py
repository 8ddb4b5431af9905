"""What a click does: check who may act, record the decision in the store, redraw.

Every decision goes through the store with the status the button was drawn in
(``expected_status``), so a double click, a retried delivery or a stale button changes
nothing twice; the person is told what is already true, and by whom. After a decision,
every message showing the gap (or review prompt) is edited in place from the store, and
the clicker's App Home is published again when that is where they clicked.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import ids, messages, roles, slack_io
from bot.blocks import HomeData, held_run_message, home_view, parse_question_value, plain_message
from bot.blocks.families import parse_family_value
from bot.blocks.gaps import GAPS_ON_HOME
from bot.blocks.questions import parse_bundle_value
from bot.client_message import build_card, fix_labels, redraw
from bot.context import Bot
from bot.conversation import MessageKind, PostedMessage, ReviewStatus
from bot.notify import notify_after_run, review_owners, send_card
from bot.run_message import client_of_picker
from bot.uploads import try_pair
from recon import (
    Action,
    Conflict,
    GapStatus,
    NotFound,
    ReconError,
    Side,
    StoredGap,
    UsageError,
    confirm_held_run,
    format_local,
)

log = logging.getLogger(__name__)

#: The snooze date offered by default.
SNOOZE_DAYS = 7


@dataclass(frozen=True)
class Origin:
    """Where a click happened: a message (channel, ts), or the clicker's App Home."""

    channel: str | None = None
    ts: str | None = None
    home: bool = False

    def as_meta(self) -> dict[str, Any]:
        """For a modal's private_metadata."""
        return {"c": self.channel, "t": self.ts, "h": self.home}

    @classmethod
    def from_meta(cls, meta: dict[str, Any]) -> Origin:
        """Back from a modal's private_metadata."""
        return cls(meta.get("c"), meta.get("t"), bool(meta.get("h")))


@dataclass(frozen=True)
class Done:
    """How a decision went.

    Attributes:
        notice: what to tell the clicker (only them); None when the edit says it all.
        field_error: for a modal: the input is wrong; keep the modal open with this.
    """

    notice: str | None = None
    field_error: str | None = None


def gap_refusal(bot: Bot, user: str, gap: StoredGap, action: str = ids.GAP_RESOLVE) -> str | None:
    """Why a user may not act on a gap (by the rule of ``action`` in :mod:`bot.roles`), or
    None when they may."""
    owner = gap.owner
    owners = (owner.slack_user, owner.billing_owner) if owner else ()
    if roles.allowed(bot, user, action, owners=owners):
        return None
    return messages.not_allowed(
        gap.client, owner.slack_user if owner else None, owner.billing_owner if owner else None
    )


def decide_gap(
    client: WebClient,
    bot: Bot,
    *,
    user: str,
    gap_id: int,
    expected: GapStatus,
    action: Action,
    origin: Origin,
    reason: str | None = None,
    until: date | None = None,
) -> Done:
    """Resolve, accept or snooze a gap for a user, then redraw everything showing it."""
    store = bot.store
    try:
        gap = store.gap(gap_id)
    except NotFound:
        return Done(messages.message_gone())
    refusal = gap_refusal(bot, user, gap, _GAP_ACTIONS.get(action, ids.GAP_RESOLVE))
    if refusal:
        return Done(refusal)
    try:
        if action is Action.RESOLVE:
            store.resolve(gap_id, by=user, note=reason, expected_status=expected)
        elif action is Action.ACCEPT:
            store.accept(gap_id, reason=reason or "", by=user, expected_status=expected)
        elif until is None:
            return Done(field_error="Pick a date.")
        else:
            store.snooze(gap_id, until=until, by=user, reason=reason, expected_status=expected)
    except Conflict:
        return Done(already(bot, store.gap(gap_id)))
    except UsageError as err:
        return Done(field_error=str(err))
    refresh(client, bot, gap_id=gap_id)
    if origin.home:
        publish_home(client, bot, user)
    return Done()


_GAP_ACTIONS = {
    Action.RESOLVE: ids.GAP_RESOLVE,
    Action.ACCEPT: ids.ACCEPT_MODAL,
    Action.SNOOZE: ids.SNOOZE_MODAL,
}
_REVIEW_ACTIONS = {
    ReviewStatus.CONFIRMED: ids.REVIEW_CONFIRM,
    ReviewStatus.REJECTED: ids.REVIEW_REJECT,
    ReviewStatus.ALIASED: ids.ALIAS_MODAL,
}


def alias_target_refusal(bot: Bot, user: str, psa_client: str) -> str | None:
    """Why a user may not alias a name onto this PSA client, or None when they may.

    Aliasing onto a client someone else owns moves money between account managers, so it
    needs an admin, as ``/reconcile alias`` always does (see :mod:`bot.roles`).
    """
    if bot.settings.is_admin(user):
        return None
    try:
        key = bot.store.resolve_client(psa_client)
    except NotFound:
        return None  # a client no run has shown: nobody else's yet
    except ReconError:
        return messages.alias_needs_admin(psa_client, None)  # ambiguous: could be anyone's
    owner = bot.store.owner_for(key)
    if owner is None or user in (owner.slack_user, owner.billing_owner):
        return None
    return messages.alias_needs_admin(owner.client, owner.slack_user)


def already(bot: Bot, gap: StoredGap) -> str:
    """The "nothing changed" notice for a gap, naming who decided and when."""
    zone = bot.zone()
    by, at = {
        GapStatus.RESOLVED: (gap.resolved_by, gap.resolved_at),
        GapStatus.ACCEPTED: (gap.accepted_by, gap.accepted_at),
        GapStatus.SNOOZED: (gap.snoozed_by, gap.snoozed_at),
    }.get(gap.status, (None, None))
    if gap.fix_pending:
        by, at = gap.fix_by, gap.fix_at
    until = gap.snoozed_until.isoformat() if gap.snoozed_until else None
    state = messages.gap_state(
        gap.status,
        by=by,
        when=format_local(at, zone),
        until=until,
        fix_pending=gap.fix_pending,
    )
    return messages.already_done(f"{gap.client} · {gap.product}", state)


def snooze_default(bot: Bot) -> date:
    """The date the snooze modal offers: a week from today, in the configured zone."""
    return bot.clock().astimezone(bot.zone()).date() + timedelta(days=SNOOZE_DAYS)


def decide_review(
    client: WebClient,
    bot: Bot,
    *,
    user: str,
    review_id: int,
    outcome: ReviewStatus,
    psa_client: str | None = None,
    allowed: bool = False,
) -> Done:
    """Confirm, reject or alias a review prompt (claimed once), then teach the matcher.

    ``allowed`` says the caller already checked the user's right to act (an alias added
    from a gap, by the gap's owner).
    """
    store, chat = bot.store, bot.chat
    try:
        review = chat.review(review_id)
    except NotFound:
        return Done(messages.message_gone())
    action = _REVIEW_ACTIONS.get(outcome, ids.REVIEW_CONFIRM)
    if not allowed and not roles.allowed(bot, user, action, owners=review_owners(store, review)):
        return Done(messages.not_allowed(review.vendor_client, None, None))
    psa = psa_client or (review.candidates[0] if review.candidates else None)
    if psa is None:
        return Done(field_error=messages.alias_needs_name())
    if outcome is ReviewStatus.ALIASED:
        refusal = alias_target_refusal(bot, user, psa)
        if refusal:
            return Done(field_error=refusal)
    try:
        chat.decide_review(review_id, outcome=outcome, psa_client=psa, by=user, zone=bot.zone())
    except Conflict:
        done = chat.review(review_id)
        when = format_local(done.decided_at, bot.zone())
        return Done(messages.review_already(done.vendor_client, done.status, done.decided_by, when))
    try:
        if outcome is ReviewStatus.REJECTED:
            store.reject_client(review.vendor_client, psa, by=user)
        else:
            confirming = outcome is ReviewStatus.CONFIRMED
            store.add_client_alias(review.vendor_client, psa, by=user, confirming=confirming)
    except Conflict:
        pass  # the store already knew exactly this: the decision stands
    except ReconError as err:
        chat.undo_review(review_id)
        if outcome is ReviewStatus.ALIASED:
            return Done(field_error=str(err))
        return Done(str(err))
    refresh(client, bot, review_id=review_id)
    return Done()


def answer_question(
    client: WebClient,
    bot: Bot,
    *,
    user: str,
    value: str,
    yes: bool,
    origin: Origin,
    merge: bool = False,
) -> Done:
    """Answer a mapping question: store the alias (yes) or the rejection (no), as
    ``recon alias product`` / ``recon reject product`` do, then redraw the run's thread
    reply it was asked in from the store (who answered and when, instead of the buttons).

    ``merge`` says the click is "Not the same product" on a vendor twin merge: the same "no"
    (the second vendor name is not the product), under its own action's rule.

    A repeated click, or an answer someone already gave, changes nothing and says so.
    """
    if merge:
        if yes or not roles.allowed(bot, user, ids.MERGE_REJECT):
            return Done(messages.admins_only_mapping(ids.MERGE_REJECT))
    elif not roles.allowed(bot, user, ids.QUESTION_YES if yes else ids.QUESTION_NO):
        return Done(messages.admins_only_mapping())
    try:
        psa_product, target = parse_question_value(value)
    except ValueError:
        return Done(messages.message_gone())
    store = bot.store
    try:
        if yes:
            store.add_product_alias(psa_product, target, by=user, reason="mapping question")
        else:
            reason = "vendor products read as one" if merge else "mapping question"
            store.reject_product(psa_product, target, by=user, reason=reason)
    except Conflict:
        known = store.product_answer(psa_product, target)
        if known is None:  # a conflict is a stored answer; this is only for safety
            return Done(messages.message_gone())
        when = format_local(known.at, bot.zone())
        return Done(
            messages.question_already(known.product, known.target, known.mapped, known.by, when)
        )
    except ReconError as err:
        return Done(messages.cant_read(str(err)))
    redraw_origin(client, bot, origin)
    return Done()


def answer_bundle(client: WebClient, bot: Bot, *, user: str, value: str, origin: Origin) -> Done:
    """Answer a bundle question "a bundle of all": store the bundle as ``recon bundle
    define`` does (the same check: only products the question offers), then redraw the
    thread reply it was asked in from the store.

    A repeated click changes nothing and says so; an answer the question does not offer
    changes nothing and says why.
    """
    if not roles.allowed(bot, user, ids.QUESTION_BUNDLE):
        return Done(messages.admins_only_mapping(ids.QUESTION_BUNDLE))
    try:
        psa_product, components = parse_bundle_value(value)
    except ValueError:
        return Done(messages.message_gone())
    store = bot.store
    try:
        store.define_bundle(psa_product, components, by=user, reason="bundle question")
    except Conflict:
        return Done(messages.already(f"{psa_product!r} is already that bundle"))
    except ReconError as err:
        return Done(messages.cant_read(str(err)))
    redraw_origin(client, bot, origin)
    return Done()


def answer_family(
    client: WebClient, bot: Bot, *, user: str, value: str, same: bool, origin: Origin
) -> Done:
    """Answer a family question: store what ``recon family join`` (``same``) or ``recon family
    apart`` stores, under the same check (only a pair the latest run asks about, never a
    company an alias pairs with another customer), then redraw the thread reply from the
    store.

    A pair already answered (a double click, a stale button, someone else first) changes
    nothing and says who answered; an answer the store refuses changes nothing and says why.
    """
    action = ids.FAMILY_YES if same else ids.FAMILY_NO
    if not roles.allowed(bot, user, action):
        return Done(messages.admins_only_family(action))
    try:
        vendor, psa = parse_family_value(value)
    except ValueError:
        return Done(messages.message_gone())
    store = bot.store
    known = store.family_answer(vendor, psa)
    if known is not None:
        return Done(messages.family_already(known, format_local(known.created_at, bot.zone())))
    try:
        store.answer_family(vendor, psa, same=same, by=user, reason="family question")
    except ReconError as err:
        return Done(messages.cant_read(str(err)))
    redraw_origin(client, bot, origin)
    return Done()


def redraw_origin(client: WebClient, bot: Bot, origin: Origin) -> None:
    """Redraw the thread reply a question was asked in from the store, if it is still known
    (after an answer: :mod:`bot.maker_answers` too)."""
    msg = bot.chat.message(origin.channel or "", origin.ts or "")
    if msg is not None:
        slack_io.update(
            client,
            msg.channel,
            msg.ts,
            redraw(bot.store, bot.chat, msg, zone=bot.zone(), now=bot.clock()),
        )


def alias_from_gap(
    client: WebClient, bot: Bot, *, user: str, gap_id: int, psa_client: str, origin: Origin
) -> Done:
    """Add an alias for a gap's vendor-only client, shown on the message it came from."""
    store = bot.store
    gap = store.gap(gap_id)
    refusal = gap_refusal(bot, user, gap, ids.ALIAS_MODAL)
    if refusal:
        return Done(refusal)
    if not gap.vendor_client:
        return Done(messages.message_gone())
    refusal = alias_target_refusal(bot, user, psa_client)
    if refusal:
        return Done(field_error=refusal)
    review = bot.chat.put_review(
        gap.vendor_client,
        candidates=[psa_client],
        money_at_stake=abs(gap.monthly_impact),
        reason="alias added from a gap",
    )
    done = decide_review(
        client,
        bot,
        user=user,
        review_id=review.id,
        outcome=ReviewStatus.ALIASED,
        psa_client=psa_client,
        allowed=True,
    )
    if done.notice or done.field_error:
        return done
    if origin.channel and origin.ts:
        msg = bot.chat.message(origin.channel, origin.ts)
        if msg is not None:
            bot.chat.remember_message(
                msg.channel,
                msg.ts,
                kind=msg.kind,
                subject=msg.subject,
                recipient=msg.recipient,
                gap_ids=msg.gap_ids,
                review_ids=(*msg.review_ids, review.id),
            )
            refresh(client, bot, review_id=review.id)
    if origin.home:
        publish_home(client, bot, user)
    return Done()


def assign_owner(
    client: WebClient,
    bot: Bot,
    *,
    user: str,
    picked: str,
    origin: Origin,
    block_id: str = "",
) -> Done:
    """Make the picked person the owner of an unowned client, and DM them its gaps.

    The picker is on a client's own card (the client is the message's subject), or one of
    several in the thread of a run's billing-channel message (the client is in the
    picker's block id).
    """
    if not roles.allowed(bot, user, ids.ASSIGN_OWNER):
        return Done(messages.admins_only_action())
    msg = bot.chat.message(origin.channel or "", origin.ts or "")
    if msg is None or not msg.subject:
        return Done(messages.message_gone())
    if msg.kind is MessageKind.RUN_DETAIL:
        key = client_of_picker(block_id)
        if key is None:
            return Done(messages.message_gone())
        return _assign_from_run(client, bot, msg, key=key, user=user, picked=picked)
    refused = _not_a_person(client, picked)
    if refused is not None:
        return refused
    try:
        owner = bot.store.set_owner(msg.subject, slack_user=picked, by=user)
    except ReconError as err:
        return Done(str(err))
    slack_io.update(
        client,
        msg.channel,
        msg.ts,
        redraw(bot.store, bot.chat, msg, zone=bot.zone(), now=bot.clock()),
    )
    failed = _dm_client_card(client, bot, picked, msg.subject, msg.gap_ids)
    return failed or Done(messages.owner_set(picked, owner.client))


def _assign_from_run(
    client: WebClient, bot: Bot, msg: PostedMessage, *, key: str, user: str, picked: str
) -> Done:
    """An owner picked in a run's thread: save, redraw the thread reply, DM the new owner."""
    refused = _not_a_person(client, picked)
    if refused is not None:
        return refused
    try:
        owner = bot.store.set_owner(key, slack_user=picked, by=user)
        gap_ids = [g.id for g in bot.store.gaps(status=GapStatus.OPEN, client=key)]
    except ReconError as err:
        return Done(str(err))
    slack_io.update(
        client,
        msg.channel,
        msg.ts,
        redraw(bot.store, bot.chat, msg, zone=bot.zone(), now=bot.clock()),
    )
    failed = _dm_client_card(client, bot, picked, key, gap_ids) if gap_ids else None
    return failed or Done(messages.owner_set(picked, owner.client))


def _not_a_person(client: WebClient, picked: str) -> Done | None:
    """Why the picked account can't own a client (unknown, a bot, deactivated), or None."""
    try:
        info = client.users_info(user=picked)["user"]
    except SlackApiError as err:
        return Done(messages.bad_owner(picked, slack_io.error_code(err)))
    if info.get("is_bot") or info.get("deleted"):
        return Done(messages.bad_owner(picked, "that is a bot or a deactivated account"))
    return None


def _dm_client_card(
    client: WebClient, bot: Bot, picked: str, subject: str, gap_ids: Sequence[int]
) -> Done | None:
    """DM the new owner the client's card; what to say if that failed, else None."""
    card = build_card(bot.store, bot.chat, subject, gap_ids=gap_ids)
    try:
        dm = slack_io.open_dm(client, picked)
        send_card(
            client,
            bot.store,
            bot.chat,
            dm,
            card,
            picked,
            zone=bot.zone(),
            now=bot.clock(),
            kind=MessageKind.CLIENT,
        )
    except SlackApiError as err:
        return Done(messages.post_failed(f"<@{picked}>", slack_io.error_code(err)))
    return None


def choose_side(
    client: WebClient, bot: Bot, *, user: str, file_id: str, side: Side, origin: Origin
) -> Done:
    """Someone said which export an upload is; run if that completes the pair."""
    held = bot.chat.held_upload(file_id)
    if held is None:
        return Done(messages.upload_gone())
    if not roles.allowed(bot, user, ids.UPLOAD_IS_VENDOR, owners=(held.by,)):
        return Done(messages.not_your_upload(held.by))
    try:
        chosen = bot.chat.set_upload_side(file_id, side)
    except (Conflict, NotFound):
        return Done(messages.upload_gone())
    if origin.channel and origin.ts:
        text = messages.side_chosen(chosen.name, side, user)
        slack_io.update(client, origin.channel, origin.ts, plain_message(text))
    try_pair(client, bot, chosen.conversation, thread_ts=chosen.thread, just_held=[chosen])
    return Done()


def decide_held_run(
    client: WebClient, bot: Bot, *, user: str, run_id: int, confirm: bool, origin: Origin
) -> Done:
    """An admin confirms (applies) or discards a run the plausibility guard held.

    Confirming applies exactly that run, as ``recon runs confirm`` does, then sends the
    alerts it calls for; the message with the buttons is redrawn with the outcome.
    """
    action = ids.RUN_CONFIRM if confirm else ids.RUN_DISCARD
    if not roles.allowed(bot, user, action):
        return Done(messages.admins_only_run(run_id))
    try:
        if confirm:
            record, _, held = confirm_held_run(run_id, by=user, store=bot.store)
        else:
            held = bot.store.discard_run(run_id, by=user)
    except (Conflict, NotFound) as err:
        return Done(messages.cant_read(str(err)))
    if origin.channel and origin.ts:
        slack_io.update(client, origin.channel, origin.ts, held_run_message(held, zone=bot.zone()))
    if not confirm:
        return Done()
    report = notify_after_run(
        client, bot.store, bot.chat, bot.settings, now=bot.clock(), webhook=bot.webhook
    )
    return Done(messages.run_confirmed(record.run_id, len(record.fixed), report.sent))


def refresh(
    client: WebClient, bot: Bot, *, gap_id: int | None = None, review_id: int | None = None
) -> None:
    """Edit in place every recorded message showing a gap or a review prompt."""
    zone, now = bot.zone(), bot.clock()
    for msg in bot.chat.messages_showing(gap_id=gap_id, review_id=review_id):
        slack_io.update(
            client, msg.channel, msg.ts, redraw(bot.store, bot.chat, msg, zone=zone, now=now)
        )


def publish_home(client: WebClient, bot: Bot, user: str, *, notice: str | None = None) -> None:
    """Publish a person's App Home: open gaps of the clients they own."""
    store = bot.store
    mine = [
        g
        for g in store.gaps(status=GapStatus.OPEN)
        if g.owner is not None and user in (g.owner.slack_user, g.owner.billing_owner)
    ]
    totals: dict[str, Decimal] = {}
    for gap in mine:
        totals[gap.client_key] = totals.get(gap.client_key, Decimal(0)) + abs(gap.monthly_impact)
    mine.sort(key=lambda g: (-totals[g.client_key], g.client_key, -abs(g.monthly_impact), g.id))
    run = store.last_run()
    data = HomeData(
        user=user,
        gaps=mine,
        last_run=run.at if run else None,
        notice=notice,
        fixes=fix_labels(store, mine[:GAPS_ON_HOME]),
    )
    try:
        client.views_publish(user_id=user, view=home_view(data, zone=bot.zone(), now=bot.clock()))
    except SlackApiError as err:
        log.warning("views.publish for %s failed: %s", user, slack_io.error_code(err))
