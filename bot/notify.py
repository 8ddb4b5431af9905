"""After a run, tell people; and post the digest. Plain functions of (client, store, chat,
settings).

The upload flow, ``/reconcile run`` and ``/reconcile digest`` call these, and so will the
scheduler: nothing here depends on a Slack request. Who is told what comes from
:func:`recon.plan_from_store` (new, grown, reopened or escalated gaps of clients at or over
their threshold; nothing already said is repeated); this module only sends it:

- owners known by e-mail only (an owners file, the PSA's account manager) are found in
  Slack first (``users.lookupByEmail``), so owners set before the first run get its DMs;
- each account manager (and billing owner) gets one DM per client, or one summary DM when
  they have more than :data:`MANY_CLIENTS` clients to look at;
- a client pair the run would not make alone is put to the owner of the likely PSA client,
  once; anomalies putting at least the client's threshold at stake go to its owners, once
  (:mod:`bot.anomalies`);
- everything nobody owns (clients, client pairs, products to map, anomalies) goes to the
  billing channel as **one** message per run, with the detail in its thread
  (:mod:`bot.run_message`): at most three posts there, however many clients; the products to
  map are the run's mapping questions (Yes/No buttons in the thread) and its unmapped
  products, each asked about once; a held run or a preview asks nothing;
- the alerts delivered are also queued for the webhook, when it is on (:mod:`bot.webhooks`);
- one recipient failing (``ok: false``) never stops the others; failures are returned.

The digest (:func:`post_digest`) is one message in the billing channel with the chart of
leakage per week attached in its thread: the same for the schedule and ``/reconcile digest``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import messages, slack_io
from bot.anomalies import notify_anomalies
from bot.blocks import ClientCard, client_card, digest_message, many_clients, review_message
from bot.blocks.channel import AnomalyItem, MappingItem
from bot.blocks.families import FamilyItem, family_item
from bot.blocks.makers import MakerItem, maker_item
from bot.client_message import build_card
from bot.context import billing_channel
from bot.conversation import ClaimKind, Conversation, MessageKind, ReviewPrompt
from bot.run_message import gather, mapping_items, post_run_message
from bot.settings import BotSettings
from bot.webhooks import WebhookSender
from recon import (
    ClientAlert,
    Delivery,
    Digest,
    ProductMerge,
    ReconcileOutcome,
    ReconError,
    Store,
    anomaly_alerts_from_store,
    anomaly_line,
    as_written,
    build_digest,
    plan_from_store,
    record_delivered,
    render_chart,
    render_csv,
)

log = logging.getLogger(__name__)

#: Someone with more clients than this to look at gets one summary DM instead.
MANY_CLIENTS = 5
#: Claim kind: a product to map already asked about in the billing channel (for 30 days):
#: a mapping question by PSA product and best candidate, an unmapped product by its name, a
#: merge (vendor products read as one) by its two product keys.
MAPPING_CLAIM = ClaimKind.MAPPING_QUESTION


@dataclass
class NotifyReport:
    """What happened to the alerts of a run.

    Attributes:
        sent: messages posted.
        failures: (who or where, why) for each recipient that could not be told.
        alerts: the clients' alerts that were delivered (and recorded as said).
        webhook: the webhook deliveries queued for them (empty when it is off).
    """

    sent: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    alerts: list[ClientAlert] = field(default_factory=list)
    webhook: list[Future[Delivery]] = field(default_factory=list)


class NotifyProblem(Exception):
    """Something could not be posted; the message is for people."""


#: One sweep at a time in this process. An upload's run and the daily reminder pass can
#: finish together; each sends only what the store says was not sent yet, so the second must
#: wait until the first has recorded its alerts, or both would send the same one.
_SWEEP = threading.RLock()


def notify_after_run(
    client: WebClient,
    store: Store,
    chat: Conversation,
    settings: BotSettings,
    *,
    outcome: ReconcileOutcome | None = None,
    now: datetime | None = None,
    webhook: WebhookSender | None = None,
) -> NotifyReport:
    """Send the alerts a run calls for, and put its review prompts to people.

    Sweeps are serialised (see ``_SWEEP``): a second caller waits, then sends only what the
    first did not.

    Args:
        client: a Web API client with the bot token.
        store: the store the run was recorded in.
        chat: the bot's own memory (what was asked and posted where).
        settings: the bot's settings (billing channel fallback).
        outcome: the run, for its review prompts (None: alerts only).
        now: the time of the sweep (default: the store's clock).
        webhook: also queue the delivered alerts for the webhook (None: don't).

    Returns:
        How many messages were sent, and who could not be told.
    """
    with _SWEEP:
        return _sweep(client, store, chat, settings, outcome=outcome, now=now, webhook=webhook)


def _sweep(
    client: WebClient,
    store: Store,
    chat: Conversation,
    settings: BotSettings,
    *,
    outcome: ReconcileOutcome | None,
    now: datetime | None,
    webhook: WebhookSender | None,
) -> NotifyReport:
    now = now or store.now()
    zone = store.settings().zone
    channel = billing_channel(store, settings)
    report = NotifyReport()
    report.failures += find_owners_by_email(client, store)
    plan = plan_from_store(store, now=now)
    per_user: dict[str, list[ClientAlert]] = {}
    unowned: list[ClientAlert] = []
    for alert in plan.alerts:
        for user in alert.recipients.users:
            per_user.setdefault(user, []).append(alert)
        if not alert.recipients.users:
            unowned.append(alert)
    delivered: set[str] = set()

    for user, alerts in per_user.items():
        try:
            dm = slack_io.open_dm(client, user)
            if len(alerts) > MANY_CLIENTS:
                cards = [_card(store, chat, a) for a in alerts]
                slack_io.post(client, dm, many_clients(user, cards))
                report.sent += 1
                delivered.update(a.client_key for a in alerts)
                continue
            # A deadline ("5 days left") is counted in the owner's own time zone.
            dated = any(w.gap.reduce_possible_until for a in alerts for w in a.gaps)
            own = slack_io.user_zone(client, user, zone) if dated else zone
            for alert in alerts:
                send_card(
                    client, store, chat, dm, _card(store, chat, alert), user, zone=own, now=now
                )
                report.sent += 1
                delivered.add(alert.client_key)
        except SlackApiError as err:
            report.failures.append((f"<@{user}>", slack_io.error_code(err)))

    reviews_for_channel: list[ReviewPrompt] = []
    claimed: list[tuple[str, MappingItem]] = []
    merges: list[tuple[str, ProductMerge]] = []
    families: list[tuple[str, FamilyItem]] = []
    makers: list[tuple[str, MakerItem]] = []
    if outcome is not None and outcome.run is not None and outcome.held is None:
        # Only an applied run asks: a held run or a preview changes nothing, so its review
        # items and products to map are not put to anyone.
        reviews_for_channel = _put_reviews(client, store, chat, outcome, report, zone=zone)
        claimed = [
            (key, m)
            for key, m in mapping_items(outcome.result.unmapped, outcome.result.questions)
            if chat.claim(MAPPING_CLAIM, key)
        ]
        # Each merge is shown once (until the claim lapses), like a mapping question.
        merges = [
            (key, m)
            for m in outcome.result.merges
            if chat.claim(MAPPING_CLAIM, key := f"merge|{m.second_key}|{m.product_key}")
        ]
        # Each family question too: asked once, answered in the thread.
        families = [
            (key, family_item(q))
            for q in outcome.result.family_questions
            if chat.claim(MAPPING_CLAIM, key := f"family|{q.vendor_client}|{q.psa_client}")
        ]
        # And each maker question.
        makers = [
            (key, maker_item(q))
            for q in outcome.result.maker_questions
            if chat.claim(MAPPING_CLAIM, key := f"maker|{q.source}|{q.maker.casefold()}")
        ]
    mappings = [m for _, m in claimed]
    sent, failures = notify_anomalies(client, store, chat, channel=None, zone=zone)
    report.sent += sent
    report.failures += [f for f in failures if f not in report.failures]
    anomalies = [
        AnomalyItem(a.anomaly.client, a.anomaly.explanation, a.anomaly.money_at_stake or Decimal(0))
        for a in anomaly_alerts_from_store(store)
        if not a.recipients.users
    ]
    run = gather(
        store,
        chat,
        run_id=_run_id(store, outcome),
        client_keys=[a.client_key for a in unowned],
        review_ids=[r.id for r in reviews_for_channel],
        mappings=mappings,
        anomalies=anomalies,
        merges=[m for _, m in merges],
        families=[f for _, f in families],
        makers=[m for _, m in makers],
    )
    if not run.empty:
        if channel is None:
            report.failures.append(("the billing channel", messages.no_billing_channel()))
            for key in [k for k, _ in (*claimed, *merges, *families, *makers)]:
                chat.unclaim(MAPPING_CLAIM, key)  # nobody heard of them: ask again next run
        else:
            try:
                report.sent += post_run_message(
                    client,
                    store,
                    chat,
                    channel,
                    run,
                    zone=zone,
                    gap_ids=[w.gap.id for a in unowned for w in a.gaps],
                )
                delivered.update(a.client_key for a in unowned)
            except SlackApiError as err:
                report.failures.append((f"<#{channel}>", slack_io.error_code(err)))

    report.alerts = [a for a in plan.alerts if a.client_key in delivered]
    record_delivered(store, report.alerts)
    if webhook is not None:
        report.webhook = webhook.send(report.alerts, now=now)
    return report


def find_owners_by_email(client: WebClient, store: Store) -> list[tuple[str, str]]:
    """Find the Slack users of owners known by e-mail only (``users.lookupByEmail``).

    Owners given before the first run by e-mail (an owners file, the PSA's account manager)
    become Slack users here, once; the store keeps what was found.

    Returns:
        (who, why) for each e-mail Slack did not know.
    """
    failures: list[tuple[str, str]] = []
    for owner in store.owners():
        if owner.slack_user or not owner.email:
            continue
        try:
            found = client.users_lookupByEmail(email=owner.email)["user"]
        except SlackApiError as err:
            failures.append((owner.email, slack_io.error_code(err)))
            continue
        if found.get("is_bot") or found.get("deleted"):
            failures.append((owner.email, "a bot or a deactivated account"))
            continue
        store.set_owner(
            owner.client,
            slack_user=str(found["id"]),
            by="slack:users.lookupByEmail",
            found_by_email=True,
        )
    return failures


def _run_id(store: Store, outcome: ReconcileOutcome | None) -> int | None:
    if outcome is not None and outcome.run is not None:
        return outcome.run.run_id
    last = store.last_run()
    return last.run_id if last else None


def post_digest(
    client: WebClient,
    store: Store,
    settings: BotSettings,
    *,
    now: datetime | None = None,
    due: datetime | None = None,
) -> tuple[str, str]:
    """Post the billing digest to the billing channel, the chart in its thread.

    The figures come from :func:`recon.build_digest`, with the latest run's anomalies (those
    not marked expected); the chart (:func:`recon.render_chart`, a PNG) is uploaded with
    ``files_upload_v2`` into the digest's thread once there is a week with a run. A chart
    Slack refuses is logged; the digest stands. With ``due`` (a scheduled digest the bot
    missed while it was down), the message says when it was due and that it comes late.

    Returns:
        ``(channel, ts)`` of the digest message.

    Raises:
        NotifyProblem: no billing channel, or Slack refused the message.
    """
    channel = billing_channel(store, settings)
    if channel is None:
        raise NotifyProblem(messages.no_billing_channel())
    digest = weekly_digest(store, now=now or store.now(), due=due)
    msg = digest_message(digest, zone=store.settings().zone)
    try:
        posted, ts = slack_io.post_in(client, channel, msg)
    except SlackApiError as err:
        raise NotifyProblem(
            messages.post_failed(f"<#{channel}>", slack_io.error_code(err))
        ) from err
    if digest.weeks:
        try:
            slack_io.upload_png(
                client,
                channel=posted,
                thread_ts=ts,
                filename=f"leakage-{digest.at:%Y-%m-%d}.png",
                content=render_chart(digest.weeks),
                alt_text=messages.chart_alt_text(len(digest.weeks)),
            )
        except SlackApiError as err:
            log.warning("digest chart not attached: %s", slack_io.error_code(err))
    return posted, ts


def weekly_digest(store: Store, *, now: datetime, due: datetime | None = None) -> Digest:
    """The digest's figures, with the latest run's anomaly lines (and when it was due)."""
    lines = [anomaly_line(a) for a in store.anomalies()]
    return build_digest(store, now=now, anomalies=lines, due=due)


def _card(
    store: Store, chat: Conversation, alert: ClientAlert, *, unowned: bool = False
) -> ClientCard:
    return build_card(
        store, chat, alert.client_key, gap_ids=[w.gap.id for w in alert.gaps], unowned=unowned
    )


def send_card(
    client: WebClient,
    store: Store,
    chat: Conversation,
    channel: str,
    card: ClientCard,
    recipient: str,
    *,
    zone: ZoneInfo,
    now: datetime,
    kind: MessageKind | None = None,
) -> None:
    """Post one client's card, remember it, and attach a CSV when it can't show every gap."""
    msg = client_card(card, zone=zone, now=now)
    response = client.chat_postMessage(channel=channel, text=msg.text, blocks=msg.blocks)
    posted = slack_io.posted_channel(response.get("channel"), channel)
    ts = str(response["ts"])
    chat.remember_message(
        posted,
        ts,
        kind=kind or (MessageKind.UNOWNED if card.unowned else MessageKind.CLIENT),
        subject=card.client_key,
        recipient=recipient,
        gap_ids=[g.id for g in card.gaps],
    )
    if card.more_count:  # the message shows the first gaps only: attach them all
        every = store.gaps(status="open", client=card.client_key)
        try:
            slack_io.upload_csv(
                client,
                channel=posted,
                thread_ts=ts,
                filename=f"gaps-{_slug(card.client)}.csv",
                content=render_csv(every),  # a StoredGap is a Gap
                comment=messages.csv_comment(len(every)),
            )
        except SlackApiError as err:
            log.warning("CSV for %s not attached: %s", card.client, slack_io.error_code(err))


def _put_reviews(
    client: WebClient,
    store: Store,
    chat: Conversation,
    outcome: ReconcileOutcome,
    report: NotifyReport,
    *,
    zone: ZoneInfo,
) -> list[ReviewPrompt]:
    """Put a run's review items to the owners of their likely PSA clients, by DM.

    Returns:
        The new review prompts nobody owns: they go in the run's billing-channel message.
    """
    targets: dict[str, list[ReviewPrompt]] = {}
    for_channel: list[ReviewPrompt] = []
    for item in outcome.result.review:
        review = chat.put_review(
            item.vendor_client,
            candidates=[c.psa_client for c in item.candidates],
            money_at_stake=item.money_at_stake,
            reason=as_written(
                item.reason, [item.vendor_client, *(c.psa_client for c in item.candidates)]
            ),
        )
        if chat.messages_showing(review_id=review.id):
            continue  # already put to someone; its message is still there
        owners = _review_targets(store, review)
        if not owners:
            for_channel.append(review)
        for target in owners:
            targets.setdefault(target, []).append(review)
    for target, reviews in targets.items():
        try:
            where = slack_io.open_dm(client, target)
            msg = review_message(reviews, zone=zone)
            posted, ts = slack_io.post_in(client, where, msg)
        except SlackApiError as err:
            report.failures.append((_mention(target), slack_io.error_code(err)))
            continue
        chat.remember_message(
            posted,
            ts,
            kind=MessageKind.REVIEW,
            recipient=target,
            review_ids=[r.id for r in reviews],
        )
        report.sent += 1
    return for_channel


def _review_targets(store: Store, review: ReviewPrompt) -> Sequence[str]:
    """The owners of the likely PSA client, if it is known and owned."""
    if not review.candidates:
        return ()
    try:
        owner = store.owner_for(store.resolve_client(review.candidates[0]))
    except ReconError:
        return ()
    if owner is None:
        return ()
    return tuple(u for u in (owner.slack_user, owner.billing_owner) if u)


def review_owners(store: Store, review: ReviewPrompt) -> tuple[str, ...]:
    """Who may decide a review prompt besides the admins."""
    return tuple(_review_targets(store, review))


def _mention(target: str) -> str:
    return f"<@{target}>" if target.startswith(("U", "W")) else f"<#{target}>"


def _slug(name: str) -> str:
    keep = "".join(ch if ch.isalnum() else "-" for ch in name.lower())
    return "-".join(part for part in keep.split("-") if part)[:60] or "client"
