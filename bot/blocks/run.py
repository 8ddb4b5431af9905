"""A run's answer in the upload thread, the question about an unknown file, and the
``/reconcile status`` and ``gaps`` replies. Pure functions of data."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from bot import ids, messages
from bot.blocks.gaps import gap_text
from bot.blocks.kit import (
    Block,
    Message,
    actions,
    button,
    context,
    header,
    message,
    section,
)
from bot.text import escape
from recon import (
    HeldRun,
    HeldStatus,
    ReconcileOutcome,
    RunInfo,
    Settings,
    StoredGap,
    format_local,
    format_money,
    format_qty,
)

#: Gaps listed by name in a run's answer; the CSV has them all.
TOP_GAPS = 10
#: Gaps listed by ``/reconcile gaps``.
LISTED_GAPS = 20

_KIND_TITLES = {
    "missing_in_psa": "Bought, not billed",
    "missing_in_vendor": "Billed, not bought",
    "quantity_mismatch": "Seat counts differ",
    "price_below_cost": "Billed below cost",
}


def run_summary(outcome: ReconcileOutcome) -> Message:
    """The answer to a run: totals by kind, the top gaps with their money, the review count."""
    result = outcome.result
    s = result.summary
    total = len(result.gaps)
    run = f"run {outcome.run.run_id}" if outcome.run else "not saved"
    blocks: list[Block] = [
        header(f"Done: {total:,} gap{'s' if total != 1 else ''} found"),
        section(
            f"*Under-billed {format_money(s.under_billed)}/mo* · over-billed "
            f"{format_money(s.over_billed)}/mo\nClients: {s.matched_clients:,} matched, "
            f"{s.review_items:,} to review, {s.unmatched_vendor_clients:,} only at the vendor, "
            f"{s.unmatched_psa_clients:,} only in the PSA"
        ),
    ]
    kinds = [
        f"• {_KIND_TITLES.get(kind, kind)}: {count:,} · "
        f"{format_money(s.gap_totals.get(kind, Decimal(0)))}/mo"
        for kind, count in s.gap_counts.items()
        if count
    ]
    if kinds:
        blocks.append(section("*By kind*\n" + "\n".join(kinds)))
    if result.gaps:
        lines = []
        for gap in result.gaps[:TOP_GAPS]:
            delta = format_qty(gap.seat_delta, signed=True) if gap.seat_delta else "0"
            stored = outcome.stored.get(gap.key)
            # The gap's id, as `recon resolve` and the other commands take it.
            label = f"`#{stored.id}`" if stored is not None else "•"
            lines.append(
                f"{label} *{escape(gap.client)}* · {escape(gap.product)} · seats {delta} · "
                f"*{format_money(gap.monthly_impact)}/mo*"
            )
        blocks.append(section(f"*Top {len(lines)} gaps*\n" + "\n".join(lines)))
    files = "; ".join(
        f"{f.side.value}: {escape(f.path)} ({escape(f.format_label)}, {f.rows_used:,} of "
        f"{f.rows_read:,} rows used)"
        for f in s.files
    )
    blocks.append(context(f"{files} · {run}"))
    text = (
        f"Done: {total:,} gaps, under-billed {format_money(s.under_billed)}/mo, over-billed "
        f"{format_money(s.over_billed)}/mo"
    )
    return message(text, blocks)


def progress_message(step: str) -> Message:
    """The one progress message, updated in place while reconciling."""
    return message(messages.progress(step), [section(messages.progress(step))])


def plain_message(text: str) -> Message:
    """A message of one section."""
    return message(text, [section(text)])


def which_side(file_id: str, name: str, label: str) -> Message:
    """Ask which side an upload is, with a button for each."""
    text = messages.which_side(name, label)
    blocks = [
        section(text),
        actions(
            [
                button("This is the vendor file", ids.UPLOAD_IS_VENDOR, file_id),
                button("This is the PSA file", ids.UPLOAD_IS_PSA, file_id),
            ],
            block_id=f"side:{file_id}"[:255],
        ),
    ]
    return message(text, blocks)


def status_reply(
    run: RunInfo | None,
    open_gaps: Sequence[StoredGap],
    zone: ZoneInfo,
    *,
    held: Sequence[HeldRun] = (),
) -> Message:
    """``/reconcile status``: the last run, what is open now, and runs waiting for an admin."""
    waiting = (
        f"\n:warning: *Held, waiting for an admin:* run{'s' if len(held) != 1 else ''} "
        + ", ".join(str(h.run_id) for h in held)
        + " (nothing was applied; the billing channel has the Confirm / Discard buttons)"
        if held
        else ""
    )
    if run is None:
        return plain_message(
            "No run yet. Upload a vendor and a PSA export in a DM with me." + waiting
        )
    files = ", ".join(f"{escape(f.path)} ({f.side})" for f in run.files) or run.source
    leaking = sum((g.monthly_impact for g in open_gaps if g.monthly_impact > 0), Decimal(0))
    text = (
        f"*Last run* {run.run_id}: {format_local(run.at, zone)} from {files}\n"
        f"{run.gap_count:,} gaps: under-billed {format_money(run.under_billed)}/mo, "
        f"over-billed {format_money(run.over_billed)}/mo; {run.review_items:,} client(s) "
        f"to review\n*Open now:* {len(open_gaps):,} gaps, {format_money(leaking)}/mo leaking"
    )
    return plain_message(text + waiting)


def gaps_reply(
    gaps: Sequence[StoredGap], *, client: str | None, now: datetime, zone: ZoneInfo
) -> Message:
    """``/reconcile gaps [CLIENT]``: open gaps, most expensive first."""
    del zone  # the lines show ages, not times
    who = f" of *{escape(client)}*" if client else ""
    if not gaps:
        return plain_message(f"No open gaps{who}.")
    total = sum((abs(g.monthly_impact) for g in gaps), Decimal(0))
    blocks: list[Block] = [
        section(
            f"*{len(gaps):,} open gap{'s' if len(gaps) != 1 else ''}{who}* · "
            f"{format_money(total)}/mo"
        )
    ]
    for gap in gaps[:LISTED_GAPS]:
        blocks.append(section(f"`#{gap.id}` " + gap_text(gap, now=now, with_client=client is None)))
    if len(gaps) > LISTED_GAPS:
        blocks.append(context(f"…and {len(gaps) - LISTED_GAPS:,} more. The App Home has buttons."))
    return message(f"{len(gaps)} open gaps{who}", blocks)


def held_run_message(held: HeldRun, *, zone: ZoneInfo) -> Message:
    """A run the plausibility guard held: why, and Confirm / Discard buttons for admins;
    once decided, who decided and what it did."""
    files = "; ".join(
        f"{escape(f.side)}: {escape(f.path)} ({f.rows_used:,} rows used)" for f in held.files
    )
    reasons = "\n".join(f"• {escape(reason)}" for reason in held.reasons)
    by = messages.who(held.by)
    title = f"Run {held.run_id} held: nothing was applied"
    blocks: list[Block] = [
        header(title),
        section(
            f"{reasons}\n\nIts {held.gap_count:,} gaps were shown but no gap was opened, "
            "closed or counted as recovered, and nobody was alerted."
        ),
        context(f"{files} · started by {by} at {format_local(held.at, zone)}"),
    ]
    if held.status is HeldStatus.HELD:
        value = str(held.run_id)
        blocks.append(
            actions(
                [
                    button("Confirm: apply this run", ids.RUN_CONFIRM, value, style="primary"),
                    button("Discard", ids.RUN_DISCARD, value, style="danger"),
                ],
                block_id=f"held:{held.run_id}",
            )
        )
        blocks.append(context("Billing admins only; `recon runs confirm|discard` does the same."))
    else:
        when = format_local(held.decided_at, zone) if held.decided_at else ""
        did = (
            "applied to the gaps" if held.status is HeldStatus.CONFIRMED else "nothing was changed"
        )
        decided_by = messages.who(held.decided_by or "?")
        blocks.append(
            context(f"*{held.status.value.capitalize()}* by {decided_by} at {when}: {did}.")
        )
    return message(title, blocks)


def preview_notice(who_may: str) -> Message:
    """The head of a preview: nothing was saved, and why."""
    text = messages.preview_only(who_may)
    return message(text, [section(text)])


def settings_reply(settings: Settings, *, admins: Sequence[str]) -> Message:
    """``/reconcile settings``: the settings in force and who may save runs."""
    channel = settings.billing_channel
    shown = f"<#{channel}>" if channel and channel.startswith(("C", "G")) else None
    billing = ", ".join(f"<@{u}>" for u in settings.billing_users) or "nobody else"
    lines = [
        f"*Alert threshold:* {format_money(settings.threshold)}/mo"
        + (
            f" ({len(settings.threshold_overrides)} client override(s))"
            if settings.threshold_overrides
            else ""
        ),
        f"*Billing channel:* {shown or escape(channel or 'not set')}",
        f"*Time zone:* {escape(settings.timezone)} · *grace* {settings.grace_days} days · "
        f"*escalation* {settings.escalation_days} days",
        f"*Runs are held* when a side loses more than {settings.max_drop_percent}% of its "
        "clients, lines or money since the last run of the same formats",
        f"*Who may save runs* (upload or `/reconcile run`): the admins "
        f"({', '.join(f'<@{u}>' for u in admins)}) and the billing team: {billing}. "
        "Others get a preview that changes nothing.",
    ]
    text = "\n".join(lines)
    return message(
        text, [section(text), context("Change them with `recon settings set KEY VALUE`.")]
    )
