"""The billing digest as Block Kit: a pure function of :class:`recon.Digest`.

The scheduler's weekly digest and ``/reconcile digest`` post the same message (and the same
chart, in its thread). However many gaps, owners and anomalies there are, it stays a
handful of blocks: the top ten gaps, at most :data:`OWNERS_SHOWN` account managers and
:data:`ANOMALIES_SHOWN` anomalies, each list ending with how many more there are.
"""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from bot import deadline_messages, messages
from bot.blocks.kit import (
    Block,
    Message,
    clip,
    context,
    divider,
    header,
    message,
    section,
)
from bot.text import escape
from recon import Digest, format_local, format_money, format_qty

#: Account managers listed (one line each); the rest are counted.
OWNERS_SHOWN = 40
#: Renewals listed (ten to a section); the rest are counted.
RENEWALS_SHOWN = 20
RENEWALS_PER_SECTION = 10
#: Anomaly lines listed; the rest are counted.
ANOMALIES_SHOWN = 10
#: The longest client or product name, and anomaly line, shown (ten names fit a section;
#: anomaly lines, with since when and what was expected, go five to a section).
NAME_TEXT = 80
LINE_TEXT = 300
ANOMALIES_PER_SECTION = 5


def format_local_day(day: date) -> str:
    """A renewal day as people read it: ``9 Dec 2026``."""
    return f"{day.day} {day:%b %Y}"


def _plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else many or word + 's'}"


def digest_message(digest: Digest, *, zone: ZoneInfo) -> Message:
    """Money leaking per month, the top open gaps with owner and age, load per owner,
    anomalies, and when the last run was."""
    day = format_local(digest.at, zone)[:10]
    blocks: list[Block] = [header(f"Billing digest, {day}")]
    if digest.late and digest.due is not None:
        blocks.append(context(messages.digest_late(format_local(digest.due, zone))))
    change = ""
    if digest.change is not None and digest.change:
        arrow = ":arrow_up:" if digest.change > 0 else ":arrow_down:"
        change = f" ({arrow} {format_money(abs(digest.change))} since last week)"
    escalated = (
        f"\n:rotating_light: {_plural(len(digest.escalated), 'gap')} open past the escalation age"
        if digest.escalated
        else ""
    )
    blocks.append(
        section(
            f"*{format_money(digest.leaking_now)}/mo leaking*{change} across "
            f"{_plural(digest.open_gaps, 'open gap')} · refund risk "
            f"{format_money(digest.refund_risk_now)}/mo\nThis week: {digest.new_count:,} new, "
            f"{digest.resolved_count:,} resolved, {digest.fixed_count:,} fixed by the data, "
            f"{format_money(digest.recovered_monthly)}/mo recovered{escalated}"
        )
    )
    if digest.top:
        lines = [
            f"{n}. *{escape(clip(g.client, NAME_TEXT))}* · {escape(clip(g.product, NAME_TEXT))} · "
            f"*{format_money(g.monthly_impact)}/mo* · {g.age_days} days · "
            + (f"<@{g.owner}>" if g.owner else "_no owner_")
            + (" :rotating_light:" if g.escalated else "")
            for n, g in enumerate(digest.top, start=1)
        ]
        rest = digest.open_gaps - len(lines)
        more = f"\n…and {_plural(rest, 'more open gap')}: `/reconcile gaps`" if rest > 0 else ""
        blocks.append(divider())
        blocks.append(section(f"*Top {len(lines)} open gaps*\n" + "\n".join(lines) + more))
    if digest.renewals:
        lines = [
            f"• *{escape(clip(r.client, NAME_TEXT))}* · {escape(clip(r.product, NAME_TEXT))} · "
            f"{format_qty(r.seats)} seats not billed · "
            + (
                f"window closes {format_local_day(r.reduce_possible_until)}"
                if r.window
                else f"renews {format_local_day(r.reduce_possible_until + timedelta(days=1))}"
            )
            + f" · *{format_money(r.at_stake)}* at stake · "
            + (f"<@{r.owner}>" if r.owner else "_no owner_")
            for r in digest.renewals[:RENEWALS_SHOWN]
        ]
        rest = len(digest.renewals) - len(lines)
        if rest > 0:
            lines.append(f"…and {rest:,} more: `/reconcile gaps`")
        title = deadline_messages.renewals_title(
            len(digest.renewals), format_money(digest.renewals_at_stake)
        )
        blocks.append(divider())
        for start in range(0, len(lines), RENEWALS_PER_SECTION):
            chunk = lines[start : start + RENEWALS_PER_SECTION]
            blocks.append(section((title + "\n" if start == 0 else "") + "\n".join(chunk)))
    if digest.per_owner:
        lines = [
            ("• " + (f"<@{load.owner}>" if load.owner else "_nobody_"))
            + f": {_plural(load.gaps, 'gap')}, {format_money(load.monthly)}/mo"
            for load in digest.per_owner[:OWNERS_SHOWN]
        ]
        rest = len(digest.per_owner) - len(lines)
        if rest > 0:
            lines.append(f"…and {rest:,} more")
        blocks.append(section("*Open gaps per account manager*\n" + "\n".join(lines)))
    if digest.anomalies:
        lines = [
            f"• {escape(clip(line, LINE_TEXT))}" for line in digest.anomalies[:ANOMALIES_SHOWN]
        ]
        rest = len(digest.anomalies) - len(lines)
        if rest > 0:
            lines.append(f"…and {rest:,} more: `recon anomalies` lists every one")
        blocks.append(divider())
        title = f"*Anomalies in the seat history* ({len(digest.anomalies):,})\n"
        for start in range(0, len(lines), ANOMALIES_PER_SECTION):
            chunk = lines[start : start + ANOMALIES_PER_SECTION]
            blocks.append(section((title if start == 0 else "") + "\n".join(chunk)))
    if digest.empty:
        blocks.append(section("Nothing open and nothing changed this week. :tada:"))
    last = format_local(digest.last_run, zone) if digest.last_run else "no run yet"
    chart = " · chart of the last weeks in the thread" if digest.weeks else ""
    blocks.append(context(f"Last run: {last}{chart}"))
    text = (
        ("Billing digest (late): " if digest.late else "Billing digest: ")
        + f"{format_money(digest.leaking_now)}/mo leaking, "
        f"{_plural(digest.open_gaps, 'open gap')}"
        + (
            f", {_plural(len(digest.anomalies), 'anomaly', 'anomalies')}"
            if digest.anomalies
            else ""
        )
    )
    return message(text, blocks)
