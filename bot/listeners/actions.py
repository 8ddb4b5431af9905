"""Buttons and pickers: ack at once, then one decision (or one modal) each."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot import anomalies, decisions, fixes, ids, maker_answers, messages, roles, run_message
from bot.blocks import accept_modal, alias_modal, parse_gap_value, snooze_modal
from bot.context import Bot
from bot.conversation import ReviewStatus
from bot.decisions import Done, Origin
from bot.listeners.common import action_value, clicker, origin_of, tell
from bot.notify import review_owners
from recon import Action, NotFound, Side, suggest_client_names

Listener = Callable[..., None]
#: One button's decision: (client, clicker, the button's value, where it was clicked) -> Done.
Answer = Callable[[WebClient, str, str, Origin], Done]


def _answers(bot: Bot, answer: Answer) -> Listener:
    """A button whose value is answered by one decision, told to the clicker where they are:
    the question, bundle, family, maker and side buttons differ only in that decision."""

    def answered(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        user, origin = clicker(body), origin_of(body)
        tell(client, bot, user, origin, answer(client, user, action_value(body), origin))

    return answered


def register(app: App, bot: Bot) -> None:
    """Register every button and picker of the bot."""
    app.action(ids.GAP_RESOLVE)(_resolve(bot))
    app.action(ids.GAP_ACCEPT)(_open_modal(bot, Action.ACCEPT))
    app.action(ids.GAP_SNOOZE)(_open_modal(bot, Action.SNOOZE))
    app.action(ids.GAP_ALIAS)(_open_modal(bot, Action.CLIENT_ALIAS))
    app.action(ids.GAP_FIX)(_fix(bot))
    app.action(ids.REVIEW_CONFIRM)(_review(bot, ReviewStatus.CONFIRMED))
    app.action(ids.REVIEW_REJECT)(_review(bot, ReviewStatus.REJECTED))
    app.action(ids.REVIEW_ALIAS)(_review_alias(bot))
    app.action(ids.QUESTION_YES)(_question(bot, yes=True))
    app.action(ids.QUESTION_NO)(_question(bot, yes=False))
    app.action(ids.QUESTION_BUNDLE)(_bundle(bot))
    app.action(ids.FAMILY_YES)(_family(bot, same=True))
    app.action(ids.FAMILY_NO)(_family(bot, same=False))
    app.action(ids.MAKER_YES)(_maker(bot, bought=True))
    app.action(ids.MAKER_NO)(_maker(bot, bought=False))
    app.action(ids.MERGE_REJECT)(_question(bot, yes=False, merge=True))
    app.action(ids.ASSIGN_OWNER)(_assign_owner(bot))
    app.action(ids.RUN_LIST_OPEN)(_run_list(bot))
    app.action(ids.ANOMALY_EXPECTED)(_expected(bot))
    for action_id, side in ids.UPLOAD_SIDES.items():
        app.action(action_id)(_side(bot, side))
    app.action(ids.RUN_CONFIRM)(_held_run(bot, confirm=True))
    app.action(ids.RUN_DISCARD)(_held_run(bot, confirm=False))


def _resolve(bot: Bot) -> Listener:
    def resolve(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        user, origin = clicker(body), origin_of(body)
        gap_id, expected = parse_gap_value(action_value(body))
        done = decisions.decide_gap(
            client,
            bot,
            user=user,
            gap_id=gap_id,
            expected=expected,
            action=Action.RESOLVE,
            origin=origin,
        )
        tell(client, bot, user, origin, done)

    return resolve


def _fix(bot: Bot) -> Listener:
    def fix(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        user, origin = clicker(body), origin_of(body)
        try:
            gap_id, expected = parse_gap_value(action_value(body))
        except ValueError:
            return  # not a value this bot wrote
        done = fixes.open_preview(
            client,
            bot,
            user=user,
            gap_id=gap_id,
            expected=expected,
            origin=origin,
            trigger_id=body["trigger_id"],
        )
        tell(client, bot, user, origin, done)

    return fix


_MODAL_BUTTONS = {
    Action.ACCEPT: ids.GAP_ACCEPT,
    Action.SNOOZE: ids.GAP_SNOOZE,
    Action.CLIENT_ALIAS: ids.GAP_ALIAS,
}


def _open_modal(bot: Bot, kind: Action) -> Listener:
    def open_modal(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        user, origin = clicker(body), origin_of(body)
        gap_id, expected = parse_gap_value(action_value(body))
        try:
            gap = bot.store.gap(gap_id)
        except NotFound:
            return
        refusal = decisions.gap_refusal(bot, user, gap, _MODAL_BUTTONS[kind])
        if refusal:
            tell(client, bot, user, origin, Done(refusal))
            return
        if gap.status is not expected:
            tell(client, bot, user, origin, Done(decisions.already(bot, gap)))
            return
        meta = {"g": gap_id, "s": expected, **origin.as_meta()}
        subject = f"*{gap.client}* · {gap.product}"
        if kind is Action.ACCEPT:
            view = accept_modal(subject, meta)
        elif kind is Action.SNOOZE:
            view = snooze_modal(subject, meta, initial=decisions.snooze_default(bot))
        else:
            vendor = gap.vendor_client or gap.client
            names = suggest_client_names(vendor, bot.store.client_names())
            view = alias_modal(vendor, names, meta)
        client.views_open(trigger_id=body["trigger_id"], view=view)

    return open_modal


def _review(bot: Bot, outcome: ReviewStatus) -> Listener:
    def review(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        user, origin = clicker(body), origin_of(body)
        done = decisions.decide_review(
            client, bot, user=user, review_id=int(action_value(body)), outcome=outcome
        )
        tell(client, bot, user, origin, done)

    return review


def _question(bot: Bot, *, yes: bool, merge: bool = False) -> Listener:
    return _answers(
        bot,
        lambda client, user, value, origin: decisions.answer_question(
            client, bot, user=user, value=value, yes=yes, origin=origin, merge=merge
        ),
    )


def _bundle(bot: Bot) -> Listener:
    return _answers(
        bot,
        lambda client, user, value, origin: decisions.answer_bundle(
            client, bot, user=user, value=value, origin=origin
        ),
    )


def _family(bot: Bot, *, same: bool) -> Listener:
    return _answers(
        bot,
        lambda client, user, value, origin: decisions.answer_family(
            client, bot, user=user, value=value, same=same, origin=origin
        ),
    )


def _maker(bot: Bot, *, bought: bool) -> Listener:
    return _answers(
        bot,
        lambda client, user, value, origin: maker_answers.answer_maker(
            client, bot, user=user, value=value, bought=bought, origin=origin
        ),
    )


def _review_alias(bot: Bot) -> Listener:
    def review_alias(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        user, origin = clicker(body), origin_of(body)
        try:
            review = bot.chat.review(int(action_value(body)))
        except NotFound:
            return
        if not roles.allowed(bot, user, ids.REVIEW_ALIAS, owners=review_owners(bot.store, review)):
            tell(
                client,
                bot,
                user,
                origin,
                Done(messages.not_allowed(review.vendor_client, None, None)),
            )
            return
        if review.status is not ReviewStatus.OPEN:
            done = decisions.decide_review(
                client, bot, user=user, review_id=review.id, outcome=ReviewStatus.ALIASED
            )
            tell(client, bot, user, origin, done)
            return
        names = list(review.candidates) + [
            n
            for n in suggest_client_names(review.vendor_client, bot.store.client_names())
            if n not in review.candidates
        ]
        meta = {"r": review.id, **origin.as_meta()}
        client.views_open(
            trigger_id=body["trigger_id"], view=alias_modal(review.vendor_client, names, meta)
        )

    return review_alias


def _assign_owner(bot: Bot) -> Listener:
    def assign_owner(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        user, origin = clicker(body), origin_of(body)
        done = decisions.assign_owner(
            client,
            bot,
            user=user,
            picked=action_value(body),
            origin=origin,
            block_id=str(body["actions"][0].get("block_id") or ""),
        )
        tell(client, bot, user, origin, done)

    return assign_owner


def _run_list(bot: Bot) -> Listener:
    def run_list(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        origin = origin_of(body)
        msg = bot.chat.message(origin.channel or "", origin.ts or "")
        if msg is None:
            tell(client, bot, clicker(body), origin, Done(messages.message_gone()))
            return
        client.views_open(
            trigger_id=body["trigger_id"], view=run_message.full_list_view(bot.store, bot.chat, msg)
        )

    return run_list


def _expected(bot: Bot) -> Listener:
    def expected(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        user, origin = clicker(body), origin_of(body)
        notice = anomalies.mark_expected(
            client, bot, user=user, key=action_value(body), channel=origin.channel, ts=origin.ts
        )
        tell(client, bot, user, origin, Done(notice))

    return expected


def _side(bot: Bot, side: Side) -> Listener:
    return _answers(
        bot,
        lambda client, user, value, origin: decisions.choose_side(
            client, bot, user=user, file_id=value, side=side, origin=origin
        ),
    )


def _held_run(bot: Bot, *, confirm: bool) -> Listener:
    def held_run(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        user, origin = clicker(body), origin_of(body)
        try:
            run_id = int(action_value(body))
        except ValueError:
            return  # not a value this bot wrote
        done = decisions.decide_held_run(
            client, bot, user=user, run_id=run_id, confirm=confirm, origin=origin
        )
        tell(client, bot, user, origin, done)

    return held_run
