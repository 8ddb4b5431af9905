"""Anomalies after a run: a DM to the owners of each client whose anomaly puts at least its
alert threshold at stake (:func:`recon.anomaly_alerts_from_store`), and the **Expected**
button that teaches the rules it was expected.

An anomaly key is told once (claimed in the store; a claim lasts 30 days, so the same
pattern carrying on run after run is not repeated); when nobody could be told, the claim is
given back and the next run tries again. Clients nobody owns go to the billing channel.
The click is authorised like a gap button (the client's owners, or a billing admin), is
recorded once (:meth:`recon.Store.mark_expected`; a second click or a stale button is told
who already did it), and the message is edited in place.
"""

from __future__ import annotations

import json
from collections import defaultdict
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import ids, messages, roles, slack_io
from bot.blocks import AnomalyView, Message, anomaly_message, anomaly_subject
from bot.context import Bot
from bot.conversation import ClaimKind, Conversation, MessageKind, PostedMessage
from recon import (
    Anomaly,
    AnomalyAlert,
    Conflict,
    NotFound,
    Store,
    anomaly_alerts_from_store,
    format_local,
)

#: Claim kind: an anomaly key that was told (for 30 days).
CLAIM = ClaimKind.ANOMALY_ALERT


def notify_anomalies(
    client: WebClient, store: Store, chat: Conversation, *, channel: str | None, zone: ZoneInfo
) -> tuple[int, list[tuple[str, str]]]:
    """DM the anomalies worth an alert to the owners of their clients.

    Args:
        client: a Web API client with the bot token.
        store: the store (its latest checked run's anomalies, owners and thresholds).
        chat: the bot's own memory (which keys were told, where the messages went).
        channel: the billing channel, for anomalies of clients nobody owns (None: they wait
            for the digest).
        zone: the time zone of the times shown.

    Returns:
        Messages sent, and (who or where, why) for each recipient that could not be told.
    """
    fresh = [a for a in anomaly_alerts_from_store(store) if chat.claim(CLAIM, a.anomaly.key)]
    targets: dict[str, list[AnomalyAlert]] = defaultdict(list)
    for alert in fresh:
        for target in alert.recipients.users or ((channel,) if channel else ()):
            targets[target].append(alert)
    sent, told, failures = 0, set[str](), list[tuple[str, str]]()
    for target, alerts in targets.items():
        is_user = target.startswith(("U", "W"))
        try:
            where = slack_io.open_dm(client, target) if is_user else target
            views = [AnomalyView(a.anomaly) for a in alerts]
            posted, ts = slack_io.post_in(client, where, anomaly_message(views, zone=zone))
        except SlackApiError as err:
            failures.append(
                (f"<@{target}>" if is_user else f"<#{target}>", slack_io.error_code(err))
            )
            continue
        keys = [a.anomaly.key for a in alerts]
        subject = json.dumps({"run": alerts[0].anomaly.run_id, "keys": keys})
        chat.remember_message(
            posted, ts, kind=MessageKind.ANOMALIES, subject=subject, recipient=target
        )
        told.update(keys)
        sent += 1
    for alert in fresh:
        if alert.anomaly.key not in told:
            chat.unclaim(CLAIM, alert.anomaly.key)  # nobody heard of it: try next run
    return sent, failures


def redraw(store: Store, msg: PostedMessage, *, zone: ZoneInfo) -> Message | None:
    """A recorded anomalies message drawn again, with the marks now in force."""
    if msg.kind is not MessageKind.ANOMALIES:
        return None
    data = json.loads(msg.subject or "{}")
    found = {a.key: a for a in store.anomalies(data.get("run"), include_expected=True)}
    marks = {m.key: m for m in store.expected_marks()}
    views = [AnomalyView(found[k], marks.get(k)) for k in data.get("keys", []) if k in found]
    return anomaly_message(views, zone=zone)


def mark_expected(
    client: WebClient, bot: Bot, *, user: str, key: str, channel: str | None, ts: str | None
) -> str | None:
    """Someone clicked **Expected** on an anomaly: check, record, redraw.

    Returns:
        What to tell the clicker only (a refusal, or who already marked it), or None when
        the edited message says it all.
    """
    store = bot.store
    anomaly = _latest(store, key)
    client_key = key.split("|", 1)[0]
    owner = store.owner_for(client_key)
    owners = (owner.slack_user, owner.billing_owner) if owner else ()
    if not roles.allowed(bot, user, ids.ANOMALY_EXPECTED, owners=owners):
        name = anomaly.client if anomaly is not None else client_key
        return messages.anomaly_not_allowed(
            name, owner.slack_user if owner else None, owner.billing_owner if owner else None
        )
    subject = anomaly_subject(anomaly) if anomaly is not None else key
    already = _already(bot, key, subject)
    if already is not None:  # a second click, or a button older than the mark
        return already
    try:
        store.mark_expected(key, by=user)
    except Conflict:  # someone else's click won the race
        return _already(bot, key, subject) or messages.anomaly_gone()
    except NotFound:
        return messages.anomaly_gone()
    recorded = bot.chat.message(channel or "", ts or "")
    if recorded is not None:
        drawn = redraw(store, recorded, zone=bot.zone())
        if drawn is not None:
            slack_io.update(client, recorded.channel, recorded.ts, drawn)
    return None


def _already(bot: Bot, key: str, subject: str) -> str | None:
    """Who already marked this anomaly expected (a mark in force), or None."""
    mark = next((m for m in bot.store.expected_marks() if m.key == key), None)
    if mark is None:
        return None
    return messages.anomaly_already(subject, mark.by, format_local(mark.at, bot.zone()))


def _latest(store: Store, key: str) -> Anomaly | None:
    """The anomaly with this key in the latest checked run (expected ones included)."""
    return next((a for a in store.anomalies(include_expected=True) if a.key == key), None)
