"""The billing digest as Block Kit: a pure function of :class:`recon.Digest`.

The scheduler's weekly digest and ``/reconcile digest`` post the same message.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.blocks.kit import Block, Message, context, divider, escape, header, message, section
from recon import Digest, format_local, format_money


def digest_message(digest: Digest, *, zone: ZoneInfo) -> Message:
    """Money leaking per month, the top open gaps with owner and age, load per owner."""
    day = format_local(digest.at, zone)[:10]
    blocks: list[Block] = [header(f"Billing digest, {day}")]
    change = ""
    if digest.change is not None and digest.change:
        arrow = ":arrow_up:" if digest.change > 0 else ":arrow_down:"
        change = f" ({arrow} {format_money(abs(digest.change))} since last week)"
    blocks.append(
        section(
            f"*{format_money(digest.leaking_now)}/mo leaking*{change} across "
            f"{digest.open_gaps:,} open gap{'s' if digest.open_gaps != 1 else ''} · refund risk "
            f"{format_money(digest.refund_risk_now)}/mo\nThis week: {digest.new_count:,} new, "
            f"{digest.resolved_count:,} resolved, {digest.fixed_count:,} fixed by the data, "
            f"{format_money(digest.recovered_monthly)}/mo recovered"
        )
    )
    if digest.top:
        lines = [
            f"{n}. *{escape(g.client)}* · {escape(g.product)} · "
            f"*{format_money(g.monthly_impact)}/mo* · {g.age_days} days · "
            + (f"<@{g.owner}>" if g.owner else "_no owner_")
            + (" :rotating_light:" if g.escalated else "")
            for n, g in enumerate(digest.top, start=1)
        ]
        blocks.append(divider())
        blocks.append(section(f"*Top {len(lines)} open gaps*\n" + "\n".join(lines)))
    if digest.per_owner:
        lines = [
            ("• " + (f"<@{load.owner}>" if load.owner else "_nobody_"))
            + f": {load.gaps:,} gap{'s' if load.gaps != 1 else ''}, {format_money(load.monthly)}/mo"
            for load in digest.per_owner[:40]
        ]
        blocks.append(section("*Open gaps per account manager*\n" + "\n".join(lines)))
    if digest.empty:
        blocks.append(section("Nothing open and nothing changed this week. :tada:"))
    last = format_local(digest.last_run, zone) if digest.last_run else "no run yet"
    blocks.append(context(f"Last run: {last}"))
    text = (
        f"Billing digest: {format_money(digest.leaking_now)}/mo leaking, "
        f"{digest.open_gaps} open gaps"
    )
    return message(text, blocks)
