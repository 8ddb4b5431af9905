"""Who is told about which gaps, and when: an alert policy people don't mute.

Rules (all pure; the bot sends, the store remembers what was said):

- Only ``open`` gaps can alert (resolved-within-grace, accepted and snoozed gaps are quiet).
- A gap is *alert-worthy* when it was never alerted (``new``), its seat difference grew since
  it was last alerted (``grew``), it came back after being resolved, snoozed or fixed
  (``reopened``, or ``overdue`` when a resolved gap is still there after the grace period),
  or it has stayed open past the escalation age and was not yet escalated (``escalated``).
  Anything else was already said and is not repeated.
- A gap whose seat-reduction window closes within ``reminder_days`` (default 5) is escalated
  to its owner once per deadline (``window_closing``), before anything else: missing it costs
  up to a whole term of seats nobody bills. Its client is alerted whatever its threshold.
- A client is alerted when the monthly money of its alert-worthy gaps (absolute: refund risk
  counts too) reaches its threshold (default $100.00, per-client overrides). Below it, the
  gaps wait for the weekly digest.
- Routing: the client's account manager and billing owner by DM; a client with no owner goes
  to the billing channel. Nobody else is told.
- Anomalies in the seat history (:mod:`recon.anomaly`) alert the same people when their
  estimated money reaches the client's threshold; those marked expected, and those with no
  known price, wait for the digest (:func:`plan_anomaly_alerts`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from recon.anomaly import Anomaly
from recon.money import ZERO
from recon.store import AlertMark, GapStatus, Owner, SentAlert, Store, StoredGap


class AlertReason(StrEnum):
    """Why a gap is worth telling someone about now."""

    NEW = "new"
    GREW = "grew"
    REOPENED = "reopened"
    OVERDUE = "overdue"
    ESCALATED = "escalated"
    WINDOW_CLOSING = "window_closing"  # the reduction deadline is near: remind once


@dataclass(frozen=True, slots=True)
class Worthy:
    """A gap worth an alert, and why."""

    gap: StoredGap
    reason: AlertReason


@dataclass(frozen=True, slots=True)
class Recipients:
    """Where an alert goes: Slack users by DM, or the billing channel when nobody owns it."""

    users: tuple[str, ...]
    channel: str | None

    @property
    def unowned(self) -> bool:
        """True when the alert goes to the billing channel for want of an owner."""
        return not self.users


@dataclass(frozen=True, slots=True)
class ClientAlert:
    """One client's alert: its worthy gaps, their money, and who hears of it."""

    client_key: str
    client: str
    gaps: tuple[Worthy, ...]
    monthly_total: Decimal  # sum of |monthly_impact| over the worthy gaps
    threshold: Decimal
    recipients: Recipients


@dataclass(frozen=True, slots=True)
class AlertPlan:
    """The outcome of one sweep: who is alerted, and what waits for the digest."""

    alerts: tuple[ClientAlert, ...]
    digest_only: tuple[Worthy, ...]


def window_closing(gap: StoredGap, *, today: date, reminder_days: int) -> bool:
    """True when the gap's seats can still be reduced, but only for ``reminder_days`` more.

    Args:
        gap: a stored gap.
        today: the current day.
        reminder_days: how close the deadline must be (0: never).
    """
    until = gap.reduce_possible_until
    if until is None or gap.seat_delta <= 0 or reminder_days <= 0:
        return False
    return 0 <= (until - today).days <= reminder_days


def alert_reason(
    gap: StoredGap,
    mark: AlertMark | None,
    *,
    now: datetime,
    escalation_days: int,
    reminder_days: int = 5,
) -> AlertReason | None:
    """Why a gap deserves an alert now, or None when it was already said or is quiet.

    Args:
        gap: the stored gap as the last run left it.
        mark: what was last said about it (None: never alerted).
        now: the current time (UTC).
        escalation_days: the age at which an open gap is escalated once.
        reminder_days: a reduction deadline this close is reminded of once (default 5).
    """
    if gap.status is not GapStatus.OPEN:
        return None
    closing = window_closing(gap, today=now.date(), reminder_days=reminder_days)
    if closing and (mark is None or mark.deadline != gap.reduce_possible_until):
        return AlertReason.WINDOW_CLOSING
    if mark is None:
        return AlertReason.OVERDUE if gap.overdue else AlertReason.NEW
    if gap.status_changed_at > mark.at:  # resolved, snoozed or fixed since, and back again
        return AlertReason.OVERDUE if gap.overdue else AlertReason.REOPENED
    if abs(gap.seat_delta) > abs(mark.seat_delta):
        return AlertReason.GREW
    if not mark.escalated and now - gap.first_seen >= timedelta(days=escalation_days):
        return AlertReason.ESCALATED
    return None


def plan_alerts(
    gaps: Iterable[StoredGap],
    *,
    marks: Mapping[int, AlertMark],
    owners: Mapping[str, Owner],
    threshold_for: Callable[[str], Decimal],
    billing_channel: str | None,
    now: datetime,
    escalation_days: int,
    reminder_days: int = 5,
) -> AlertPlan:
    """Decide one sweep's alerts.

    Args:
        gaps: the stored gaps (any status; only open ones can alert).
        marks: gap id -> what was last said about it.
        owners: client key -> its owner.
        threshold_for: the monthly threshold of a client key.
        billing_channel: where unowned clients' alerts go (None: nowhere; they are still
            planned so the caller can report them).
        now: the current time (UTC).
        escalation_days: the age at which an open gap escalates once.
        reminder_days: reduction deadlines this close are reminded of once (default 5).

    Returns:
        Alerts per client, largest money first, and the worthy gaps below their threshold.
    """
    by_client: dict[str, list[Worthy]] = defaultdict(list)
    for gap in gaps:
        reason = alert_reason(
            gap,
            marks.get(gap.id),
            now=now,
            escalation_days=escalation_days,
            reminder_days=reminder_days,
        )
        if reason is not None:
            by_client[gap.client_key].append(Worthy(gap, reason))
    alerts: list[ClientAlert] = []
    waiting: list[Worthy] = []
    for client, worthy in by_client.items():
        total = sum((abs(w.gap.monthly_impact) for w in worthy), ZERO)
        threshold = threshold_for(client)
        ordered = tuple(sorted(worthy, key=lambda w: (-abs(w.gap.monthly_impact), w.gap.id)))
        closing = any(w.reason is AlertReason.WINDOW_CLOSING for w in worthy)
        if total < threshold and not closing:
            waiting.extend(ordered)
            continue
        alerts.append(
            ClientAlert(
                client_key=client,
                client=ordered[0].gap.client,
                gaps=ordered,
                monthly_total=total,
                threshold=threshold,
                recipients=route(owners.get(client), billing_channel),
            )
        )
    alerts.sort(key=lambda a: (-a.monthly_total, a.client))
    return AlertPlan(tuple(alerts), tuple(waiting))


def route(owner: Owner | None, billing_channel: str | None) -> Recipients:
    """The account manager and billing owner by DM; else the billing channel."""
    if owner is None:
        return Recipients((), billing_channel)
    users: list[str] = []
    for user in (owner.slack_user, owner.billing_owner):
        if user and user not in users:
            users.append(user)
    if not users:  # known by e-mail only, and nobody found them in Slack yet
        return Recipients((), billing_channel)
    return Recipients(tuple(users), None)


@dataclass(frozen=True, slots=True)
class AnomalyAlert:
    """An anomaly worth telling its client's owners about now, and who hears of it."""

    anomaly: Anomaly
    threshold: Decimal
    recipients: Recipients


def plan_anomaly_alerts(
    anomalies: Iterable[Anomaly],
    *,
    owners: Mapping[str, Owner],
    threshold_for: Callable[[str], Decimal],
    billing_channel: str | None,
) -> tuple[AnomalyAlert, ...]:
    """Decide which anomalies alert: money at stake at or over the client's threshold.

    Args:
        anomalies: a run's anomalies, most urgent first.
        owners: client key -> its owner (an anomaly about every client, ``*``, has none).
        threshold_for: the monthly threshold of a client key.
        billing_channel: where anomalies of clients nobody owns go.

    Returns:
        The alerts, in the order given. Anomalies marked expected, or with no known price
        (``money_at_stake`` None), are left out: the digest lists them.
    """
    alerts: list[AnomalyAlert] = []
    for anomaly in anomalies:
        money = anomaly.money_at_stake
        if anomaly.expected or money is None:
            continue
        threshold = threshold_for(anomaly.client_key)
        if abs(money) >= threshold:
            recipients = route(owners.get(anomaly.client_key), billing_channel)
            alerts.append(AnomalyAlert(anomaly, threshold, recipients))
    return tuple(alerts)


def anomaly_alerts_from_store(store: Store) -> tuple[AnomalyAlert, ...]:
    """:func:`plan_anomaly_alerts` for the latest checked run's anomalies in the store."""
    return plan_anomaly_alerts(
        store.anomalies(),
        owners={owner.client_key: owner for owner in store.owners()},
        threshold_for=store.threshold_for,
        billing_channel=store.settings().billing_channel,
    )


def plan_from_store(store: Store, *, now: datetime | None = None) -> AlertPlan:
    """Plan a sweep from what the store knows: open gaps, marks, owners, settings.

    Args:
        store: the store.
        now: the current time (default: the store's clock).
    """
    settings = store.settings()
    return plan_alerts(
        store.gaps(status=GapStatus.OPEN),
        marks=store.alert_marks(),
        owners={owner.client_key: owner for owner in store.owners()},
        threshold_for=store.threshold_for,
        billing_channel=settings.billing_channel,
        now=now or store.now(),
        escalation_days=settings.escalation_days,
        reminder_days=settings.reminder_days,
    )


def record_delivered(store: Store, alerts: Iterable[ClientAlert]) -> int:
    """Remember that these clients' alerts were delivered now, so the next sweep does not
    repeat them (and escalates only once).

    Returns:
        How many gaps were recorded as told.
    """
    return store.record_alerts([sent for alert in alerts for sent in sent_alerts(alert)])


def sent_alerts(alert: ClientAlert) -> list[SentAlert]:
    """What to record once a client's alert has been delivered."""
    targets = alert.recipients.users or (
        (alert.recipients.channel,) if alert.recipients.channel else ()
    )
    return [
        SentAlert(
            w.gap.id,
            w.reason.value,
            w.gap.seat_delta,
            w.gap.monthly_impact,
            targets,
            w.gap.reduce_possible_until if w.reason is AlertReason.WINDOW_CLOSING else None,
        )
        for w in alert.gaps
    ]
