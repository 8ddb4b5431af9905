"""Text and JSON renderings of what the store returns, for the store commands.

Pure functions from store records to strings. Times are shown in the configured time zone;
money with two decimals.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from recon.listing import display_status, money_totals
from recon.model import MAKER_WORDS, is_review
from recon.money import format_money, format_qty
from recon.store import (
    SETTING_KEYS,
    Decision,
    GapStatus,
    Owner,
    OwnerSource,
    SeatHistoryRow,
    Settings,
    StoredGap,
    format_local,
)


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


def _flags(gap: StoredGap, today: date) -> str:
    notes = []
    if gap.overdue:
        notes.append("OVERDUE")
    if gap.act_by is not None and gap.status in (GapStatus.OPEN, GapStatus.SNOOZED):
        # What the window-closing reminder said, kept in the list: by when, and how long.
        left = (gap.act_by - today).days
        when = f"act by {gap.act_by.isoformat()}"
        notes.append(f"{when} ({left} day{'s' if left != 1 else ''} left)" if left >= 0 else when)
    if gap.status is GapStatus.SNOOZED and gap.snoozed_until is not None:
        notes.append(f"until {gap.snoozed_until.isoformat()}")
    if gap.status is GapStatus.ACCEPTED and gap.accepted_reason:
        notes.append(_clip(gap.accepted_reason, 30))
    if gap.fix_pending:
        notes.append(f"fixed in the PSA by {gap.fix_by}, pending next run")
    elif gap.status is GapStatus.RESOLVED and gap.resolved_by:
        notes.append(f"by {gap.resolved_by}")
    if gap.status is GapStatus.OPEN and gap.fix_note:
        notes.append(_clip(f"reopened: {gap.fix_note}", 60))
    if gap.withdrawn:
        notes.append(f"withdrawn: its {_question(gap.rests_on)} was answered no")
    elif gap.rests_on and gap.status is not GapStatus.FIXED:
        notes.append(_clip(f"pending {gap.rests_on}", 60))
    if gap.owner is not None:
        notes.append(f"owner {gap.owner.slack_user}")
    return ", ".join(notes)


def gap_record(gap: StoredGap, *, now: datetime, escalation_days: int) -> dict[str, Any]:
    """A stored gap as a JSON-ready dict, with the status word lists show (``list_status``)."""
    record = gap.as_json()
    shown = display_status(gap, now=now, escalation_days=escalation_days).value
    out: dict[str, Any] = {}
    for key, value in record.items():
        out[key] = value
        if key == "status":
            out["list_status"] = shown
    return out


def totals_footer(gaps: Sequence[StoredGap] | Sequence[Any], *, noun: str = "gap") -> str:
    """The closing line of every gap list: the count and the money each way per month."""
    t = money_totals(gaps)
    return (
        f"{t.count:,} {noun}{'s' if t.count != 1 else ''}: under-billed "
        f"{format_money(t.under_billed)}/mo, over-billed {format_money(t.over_billed)}/mo."
    )


def render_gaps(
    gaps: Sequence[StoredGap],
    zone: ZoneInfo,
    *,
    status: str,
    now: datetime,
    escalation_days: int,
) -> str:
    """The ``recon gaps`` table, or a one-line note when there are none.

    Gaps come in list order (money at stake, client, product); the ID column is the id
    every other command takes, and STATUS is new, open, escalated or the lifecycle status.
    """
    if not gaps:
        return f"No {'' if status == 'all' else status + ' '}gaps."
    rows = [
        [
            str(g.id),
            display_status(g, now=now, escalation_days=escalation_days).value,
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
            _flags(g, now.astimezone(zone).date()),
        ]
        for g in gaps
    ]
    headers = ["ID", "STATUS", "CLIENT", "PRODUCT", "KIND", "VENDOR", "PSA", "DELTA"]
    headers += ["MONTHLY", "LEAKED", "FIRST SEEN", "RUNS", "NOTES"]
    footer = f"\n{totals_footer(gaps)} Times in {zone.key}."
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
    """One line: who owns a client (and whether a run has shown the client yet)."""
    who = owner.slack_user or f"{owner.email} (Slack user found by e-mail when the bot runs)"
    extra = []
    if owner.email and owner.slack_user:
        extra.append(f"e-mail {owner.email}")
    if owner.billing_owner:
        extra.append(f"billing owner {owner.billing_owner}")
    if owner.source is OwnerSource.PSA:
        extra.append("from the PSA's account manager")
    more = f" ({', '.join(extra)})" if extra else ""
    waiting = "; no run has shown this client yet: matched when one does" if owner.pending else ""
    return f"{owner.client}: account manager {who}{more}{waiting}"


def render_owners(owners: Sequence[Owner]) -> str:
    """The ``recon owners list`` table."""
    if not owners:
        return "No owners yet. Set one with `recon owners set CLIENT U0123ABCD`."
    rows = [
        [
            _clip(o.client, 32),
            o.slack_user or "-",
            o.email or "-",
            o.billing_owner or "-",
            "waiting for a run" if o.pending else f"run {o.matched_run_id}",
            _clip(o.given_as if o.given_as != o.client else "", 28),
            o.source,
        ]
        for o in owners
    ]
    headers = ["CLIENT", "SLACK USER", "E-MAIL", "BILLING OWNER", "MATCHED", "GIVEN AS", "FROM"]
    return table(headers, rows, right=set())


def render_settings(settings: Settings) -> str:
    """The ``recon settings show`` listing: every setting, marked when it is the default."""
    defaults = Settings()
    values = settings.as_json()
    default_values = defaults.as_json()
    width = max(len(key) for key in SETTING_KEYS)
    lines = []
    for key in SETTING_KEYS:
        value = values[key]
        if key == "threshold":
            shown = format_money(settings.threshold)
        elif key == "billing_users":
            shown = ", ".join(settings.billing_users) or "(none: admins only)"
        elif key == "write_back":
            shown = ", ".join(settings.write_back) or "(none: off)"
        else:
            shown = "(not set)" if value is None else str(value)
        note = "  (default)" if value == default_values[key] else ""
        lines.append(f"{key.ljust(width)}  {shown}{note}")
    for client, amount in settings.threshold_overrides.items():
        lines.append(f"threshold for {client!r}: {format_money(amount)}")
    return "\n".join(lines)


def settings_records(settings: Settings) -> list[dict[str, Any]]:
    """Every setting as ``{key, value, default, client}`` rows (per-client ones last)."""
    values, defaults = settings.as_json(), Settings().as_json()
    rows: list[dict[str, Any]] = [
        {"key": k, "value": values[k], "default": defaults[k], "client": None} for k in SETTING_KEYS
    ]
    for client, amount in settings.threshold_overrides.items():
        rows.append(
            {"key": "threshold", "value": f"{amount:.2f}", "default": None, "client": client}
        )
    return rows


def _question(rests_on: str | None) -> str:
    """What a withdrawn gap's question was, in words."""
    if rests_on and rests_on.startswith(MAKER_WORDS):
        return "maker question"
    return "client review" if rests_on and is_review(rests_on) else "mapping question"
