"""The weekly digest's figures: what a billing lead reads in one minute.

Money leaking per month now and the change since last week; what was new, resolved, fixed
and recovered this week; the ten most expensive open gaps with owner and age; the oldest
open gaps; open gaps per account manager; renewals in the next 30 days with seats not
billed (the money a renewal would commit to); anomalies; and a small chart of open monthly
leakage over the last weeks. Pure over the store; the bot turns it into Block Kit.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from recon.money import ZERO, cents, format_money
from recon.store import ALL_STATUSES, GapStatus, Store, StoredGap

TOP = 10
OLDEST = 5
WEEK = timedelta(days=7)
#: How far ahead the digest looks for renewals of seats nobody bills.
RENEWAL_DAYS = 30


@dataclass(frozen=True, slots=True)
class DigestGap:
    """One gap as the digest lists it."""

    gap_id: int
    client: str
    product: str
    kind: str
    monthly_impact: Decimal
    age_days: int
    owner: str | None  # Slack user id of the account manager
    escalated: bool


@dataclass(frozen=True, slots=True)
class RenewalGap:
    """An open gap with seats not billed whose last day to reduce them comes soon: its
    cancellation window closes, or its term renews.

    Attributes:
        gap_id: the gap.
        client: the client.
        product: the product.
        seats: seats bought and not billed.
        reduce_possible_until: the last day to reduce them.
        term_end: the term's last day (it renews the day after), if known.
        window: True when the deadline is a cancellation window's end (reducing then saves
            the rest of the term), False when it is the renewal.
        at_stake: what reducing saves (the rest of the term in a window, else the next
            term), else the gap's monthly money.
        owner: the account manager's Slack user id, if any.
    """

    gap_id: int
    client: str
    product: str
    seats: Decimal
    reduce_possible_until: date
    term_end: date | None
    window: bool
    at_stake: Decimal
    owner: str | None


@dataclass(frozen=True, slots=True)
class OwnerLoad:
    """Open gaps of one account manager (None: clients nobody owns)."""

    owner: str | None
    gaps: int
    monthly: Decimal


@dataclass(frozen=True, slots=True)
class WeekPoint:
    """Open monthly leakage at the last run of a week."""

    week_start: datetime
    leaking: Decimal
    refund_risk: Decimal


@dataclass(frozen=True, slots=True)
class Digest:
    """Everything the weekly digest shows.

    Money is per month. ``change`` is leaking now minus leaking at the last run at least a
    week ago (None when there is no such run). "This week" is the seven days before ``at``.
    """

    at: datetime
    last_run: datetime | None
    open_gaps: int
    leaking_now: Decimal
    refund_risk_now: Decimal
    leaking_week_ago: Decimal | None
    change: Decimal | None
    new_count: int
    new_monthly: Decimal
    resolved_count: int
    resolved_monthly: Decimal
    fixed_count: int
    fixed_monthly: Decimal
    recovered_monthly: Decimal
    top: tuple[DigestGap, ...]
    oldest: tuple[DigestGap, ...]
    per_owner: tuple[OwnerLoad, ...]
    escalated: tuple[DigestGap, ...]
    anomalies: tuple[str, ...]
    weeks: tuple[WeekPoint, ...]
    due: datetime | None = None
    renewals: tuple[RenewalGap, ...] = ()

    @property
    def renewals_at_stake(self) -> Decimal:
        """The money the renewals section puts at stake, summed."""
        return _sum(r.at_stake for r in self.renewals)

    @property
    def late(self) -> bool:
        """True when the digest comes after the time it was due (the bot was not running)."""
        return self.due is not None and self.at > self.due

    @property
    def empty(self) -> bool:
        """True when there is nothing open and nothing happened this week."""
        return not (self.open_gaps or self.new_count or self.resolved_count or self.fixed_count)


def build_digest(
    store: Store,
    *,
    now: datetime | None = None,
    weeks: int = 8,
    anomalies: Sequence[str] = (),
    due: datetime | None = None,
) -> Digest:
    """Compute the digest from the store.

    Args:
        store: the store.
        now: the digest's time (default: the store's clock).
        weeks: how many weeks of leakage the chart covers (default 8).
        anomalies: plain-language anomaly lines to include (from the anomaly rules).
        due: when a scheduled digest was due, if it comes late (default None: on time).
    """
    at = now or store.now()
    settings = store.settings()
    owners = {o.client_key: o.slack_user for o in store.owners()}
    everything = store.gaps(status=ALL_STATUSES)
    open_now = [g for g in everything if g.status is GapStatus.OPEN]
    leaking_statuses = {GapStatus.OPEN, GapStatus.SNOOZED}
    leaking = [g for g in everything if g.status in leaking_statuses]
    week_ago = at - WEEK
    escalation = timedelta(days=settings.escalation_days)

    def line(gap: StoredGap) -> DigestGap:
        return DigestGap(
            gap.id,
            gap.client,
            gap.product,
            gap.kind.value,
            gap.monthly_impact,
            max(0, (at - gap.first_seen).days),
            owners.get(gap.client_key),
            at - gap.first_seen >= escalation,
        )

    new = [g for g in everything if g.first_seen >= week_ago]
    resolved = [g for g in everything if g.resolved_at is not None and g.resolved_at >= week_ago]
    resolved = [g for g in resolved if g.status is GapStatus.RESOLVED]
    fixed = [g for g in everything if g.fixed_at is not None and g.fixed_at >= week_ago]
    fixed = [g for g in fixed if g.status is GapStatus.FIXED]
    recovered = [g for g in everything if g.recovered_at is not None and g.recovered_at >= week_ago]

    history = store.leakage_by_run(since=at - WEEK * weeks)
    before = [(t, leak) for t, leak, _ in history if t <= week_ago]
    leaking_week_ago = before[-1][1] if before else None
    leaking_now = _sum(g.monthly_impact for g in leaking if g.monthly_impact > 0)
    loads: dict[str | None, list[StoredGap]] = defaultdict(list)
    for gap in open_now:
        loads[owners.get(gap.client_key)].append(gap)
    runs = store.runs(limit=1)
    return Digest(
        at=at,
        last_run=runs[0].at if runs else None,
        open_gaps=len(open_now),
        leaking_now=leaking_now,
        refund_risk_now=_sum(-g.monthly_impact for g in leaking if g.monthly_impact < 0),
        leaking_week_ago=leaking_week_ago,
        change=None if leaking_week_ago is None else leaking_now - leaking_week_ago,
        new_count=len(new),
        new_monthly=_sum(abs(g.monthly_impact) for g in new),
        resolved_count=len(resolved),
        resolved_monthly=_sum(abs(g.monthly_impact) for g in resolved),
        fixed_count=len(fixed),
        fixed_monthly=_sum(abs(g.monthly_impact) for g in fixed),
        recovered_monthly=_sum(g.recovered_monthly or ZERO for g in recovered),
        top=tuple(line(g) for g in sorted(open_now, key=_by_money)[:TOP]),
        oldest=tuple(
            line(g) for g in sorted(open_now, key=lambda g: (g.first_seen, g.id))[:OLDEST]
        ),
        per_owner=tuple(
            sorted(
                (
                    OwnerLoad(owner, len(gaps), _sum(abs(g.monthly_impact) for g in gaps))
                    for owner, gaps in loads.items()
                ),
                key=lambda load: (-load.monthly, load.owner or "~"),
            )
        ),
        escalated=tuple(
            line(g) for g in sorted(open_now, key=_by_money) if at - g.first_seen >= escalation
        ),
        anomalies=tuple(anomalies),
        weeks=_weekly(history, at, weeks),
        due=due,
        renewals=renewals(open_now, today=at.date(), owners=owners),
    )


def renewals(
    gaps: Sequence[StoredGap],
    *,
    today: date,
    owners: dict[str, str | None] | None = None,
    days: int = RENEWAL_DAYS,
) -> tuple[RenewalGap, ...]:
    """Open gaps with seats not billed whose reduction deadline (a cancellation window's
    end, or a renewal) falls within ``days``, soonest first.

    Args:
        gaps: open gaps.
        today: the digest's day.
        owners: client key -> account manager (Slack user id).
        days: how far ahead (default :data:`RENEWAL_DAYS`).
    """
    out = []
    for gap in gaps:
        until = gap.reduce_possible_until
        if gap.seat_delta <= 0 or until is None or not 0 <= (until - today).days <= days:
            continue
        at_stake = gap.reduce_saves if gap.reduce_saves is not None else abs(gap.monthly_impact)
        out.append(
            RenewalGap(
                gap.id,
                gap.client,
                gap.product,
                gap.seat_delta,
                until,
                gap.term_end,
                gap.term_end is not None and until < gap.term_end,
                cents(at_stake),
                (owners or {}).get(gap.client_key),
            )
        )
    out.sort(key=lambda r: (r.reduce_possible_until, -r.at_stake, r.gap_id))
    return tuple(out)


def _sum(values: object) -> Decimal:
    return cents(sum(values, ZERO))  # type: ignore[call-overload]


def _by_money(gap: StoredGap) -> tuple[Decimal, int]:
    return -abs(gap.monthly_impact), gap.id


def _weekly(
    history: Sequence[tuple[datetime, Decimal, Decimal]], at: datetime, weeks: int
) -> tuple[WeekPoint, ...]:
    """The last run's figures in each of the last ``weeks`` weeks ending at ``at``."""
    points: list[WeekPoint] = []
    for n in range(weeks, 0, -1):
        start, end = at - WEEK * n, at - WEEK * (n - 1)
        inside = [(leak, refund) for t, leak, refund in history if start < t <= end]
        if inside:
            leak, refund = inside[-1]
            points.append(WeekPoint(start, leak, refund))
    return tuple(points)


def render_chart(weeks: Sequence[WeekPoint], *, title: str = "Open monthly leakage") -> bytes:
    """A small PNG bar chart of leakage per week (empty weeks are skipped).

    Args:
        weeks: the points, oldest first.
        title: the chart title.

    Returns:
        PNG bytes (about 600 x 250 pixels).
    """
    # Imported here: matplotlib costs ~0.4 s to import, which every CLI call would pay.
    # The Figure API (not pyplot) keeps no global state, so scheduler threads can draw.
    from matplotlib.figure import Figure  # noqa: PLC0415

    figure = Figure(figsize=(6, 2.5), dpi=100)
    axes = figure.subplots()
    labels = [p.week_start.strftime("%b %d") for p in weeks]
    values = [float(p.leaking) for p in weeks]
    axes.bar(labels, values, color="#c0392b")
    axes.set_title(title, fontsize=10)
    axes.set_ylabel("$ / month", fontsize=8)
    axes.tick_params(labelsize=7)
    axes.spines[["top", "right"]].set_visible(False)
    if not weeks:
        axes.text(0.5, 0.5, "no runs yet", ha="center", va="center", transform=axes.transAxes)
    for x, point in enumerate(weeks):
        axes.annotate(
            format_money(point.leaking),
            (x, float(point.leaking)),
            ha="center",
            va="bottom",
            fontsize=6,
        )
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
