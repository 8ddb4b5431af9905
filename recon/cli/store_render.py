"""Text and JSON renderings of what the store returns, for the store commands.

Pure functions from store records to strings. Times are shown in the configured time zone;
money with two decimals.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from recon.money import format_money, format_qty
from recon.store import Decision, Owner, SeatHistoryRow, Settings, StoredGap, format_local


def to_json(items: Iterable[Any] | Any) -> str:
    """Pretty JSON of records with ``as_json()`` (a list, or one record)."""
    if hasattr(items, "as_json"):
        return json.dumps(items.as_json(), indent=2, ensure_ascii=False)
    return json.dumps([item.as_json() for item in items], indent=2, ensure_ascii=False)


def _clip(text: str | None, width: int) -> str:
    text = text or "-"
    return text if len(text) <= width else text[: width - 1] + "…"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: set[int]) -> str:
    """Columns padded to fit; the columns in ``right`` are right-aligned."""
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            c.rjust(widths[i]) if i in right else c.ljust(widths[i]) for i, c in enumerate(cells)
        ).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def _day(when: datetime, zone: ZoneInfo) -> str:
    return format_local(when, zone)[:10]


def _flags(gap: StoredGap) -> str:
    notes = []
    if gap.overdue:
        notes.append("OVERDUE")
    if gap.status == "snoozed" and gap.snoozed_until is not None:
        notes.append(f"until {gap.snoozed_until.isoformat()}")
    if gap.status == "accepted" and gap.accepted_reason:
        notes.append(_clip(gap.accepted_reason, 30))
    if gap.status == "resolved" and gap.resolved_by:
        notes.append(f"by {gap.resolved_by}")
    if gap.owner is not None:
        notes.append(f"owner {gap.owner.slack_user}")
    return ", ".join(notes)


def render_gaps(gaps: Sequence[StoredGap], zone: ZoneInfo, *, status: str) -> str:
    """The ``recon gaps`` table, or a one-line note when there are none."""
    if not gaps:
        return f"No {'' if status == 'all' else status + ' '}gaps."
    rows = [
        [
            str(g.id),
            g.status.value,
            _clip(g.client, 28),
            _clip(g.product, 32),
            g.kind.value,
            format_qty(g.vendor_qty),
            format_qty(g.psa_qty),
            format_qty(g.seat_delta, signed=True),
            format_money(g.monthly_impact),
            format_money(g.leaked_to_date),
            _day(g.first_seen, zone),
            str(g.runs_seen),
            _flags(g),
        ]
        for g in gaps
    ]
    headers = ["ID", "STATUS", "CLIENT", "PRODUCT", "KIND", "VENDOR", "PSA", "DELTA"]
    headers += ["MONTHLY", "LEAKED", "FIRST SEEN", "RUNS", "NOTES"]
    total = sum((g.monthly_impact for g in gaps if g.monthly_impact > 0), Decimal(0))
    footer = (
        f"\n{len(gaps)} gap{'s' if len(gaps) != 1 else ''}; {format_money(total)} a month "
        f"under-billed. Times in {zone.key}."
    )
    return table(headers, rows, right={0, 5, 6, 7, 8, 9, 11}) + footer


def describe_gap(gap: StoredGap) -> str:
    """One line naming a gap: ``gap 12 (Acme Corp, M365 BP, +2 seats, $50.00/month)``."""
    return (
        f"gap {gap.id} ({gap.client}, {gap.product}, {format_qty(gap.seat_delta, signed=True)} "
        f"seats, {format_money(gap.monthly_impact)}/month)"
    )


def _change(decision: Decision) -> str:
    before = dict(decision.before or {})
    after = dict(decision.after or {})
    if "status" in after:
        return f"status {before.get('status', '-')} -> {after['status']}"
    keys = [k for k in after if before.get(k) != after[k]] or list(after)
    parts = []
    for key in keys:
        old = before.get(key)
        parts.append(f"{key} {old} -> {after[key]}" if old is not None else f"{key}={after[key]}")
    return "; ".join(parts) or "-"


def render_decisions(decisions: Sequence[Decision], zone: ZoneInfo) -> str:
    """The ``recon log`` table."""
    if not decisions:
        return "No decisions yet."
    rows = [
        [
            str(d.id),
            format_local(d.at, zone),
            d.by,
            d.action.value,
            _clip(d.subject, 40),
            _clip(_change(d), 50),
            _clip(d.reason, 40),
        ]
        for d in decisions
    ]
    return table(["ID", "WHEN", "BY", "ACTION", "SUBJECT", "CHANGE", "REASON"], rows, right={0})


def render_history(rows: Sequence[SeatHistoryRow], zone: ZoneInfo) -> str:
    """The ``recon history`` table."""
    if not rows:
        return "No seat history yet."
    cells = [
        [
            _clip(r.client, 28),
            _clip(r.product, 32),
            str(r.run_id),
            format_local(r.at, zone),
            format_qty(r.vendor_qty),
            format_qty(r.psa_qty),
            format_qty(r.seat_delta, signed=True),
        ]
        for r in rows
    ]
    headers = ["CLIENT", "PRODUCT", "RUN", "WHEN", "VENDOR", "PSA", "DELTA"]
    return table(headers, cells, right={2, 4, 5, 6})


def render_owner(owner: Owner) -> str:
    """One line: who owns a client."""
    extra = []
    if owner.email:
        extra.append(f"e-mail {owner.email}")
    if owner.billing_owner:
        extra.append(f"billing owner {owner.billing_owner}")
    more = f" ({', '.join(extra)})" if extra else ""
    return f"{owner.client}: account manager {owner.slack_user}{more}"


def render_settings(settings: Settings) -> str:
    """The ``recon settings show`` listing."""
    lines = [
        f"threshold        {format_money(settings.threshold)}",
        f"billing_channel  {settings.billing_channel or '(not set)'}",
        f"timezone         {settings.timezone}",
        f"grace_days       {settings.grace_days}",
        f"escalation_days  {settings.escalation_days}",
        f"max_drop_percent {settings.max_drop_percent}",
        f"billing_users    {', '.join(settings.billing_users) or '(none: admins only)'}",
    ]
    for client, amount in settings.threshold_overrides.items():
        lines.append(f"threshold for {client!r}: {format_money(amount)}")
    return "\n".join(lines)
