"""Gaps and review prompts as Block Kit: alert messages, the billing-channel card of a
client nobody owns, and the App Home. Pure functions of data; no Slack calls."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from bot import deadline_messages, ids, messages
from bot.blocks.kit import (
    MAX_MESSAGE_BLOCKS,
    MAX_VIEW_BLOCKS,
    Block,
    Message,
    actions,
    button,
    context,
    divider,
    header,
    message,
    section,
)
from bot.conversation import ReviewPrompt, ReviewStatus
from bot.text import escape
from recon import GapStatus, Owner, StoredGap, format_local, format_money, format_qty

#: Gaps shown with buttons in one message; the rest are summarised (and sent as a CSV).
GAPS_PER_MESSAGE = 10
#: Gaps shown on the App Home (each is two blocks; a Home holds 100).
GAPS_ON_HOME = 30

_KIND_WORDS = {
    "missing_in_psa": "bought, not billed",
    "missing_in_vendor": "billed, not bought",
    "quantity_mismatch": "seat counts differ",
    "price_below_cost": "billed below cost",
}


@dataclass(frozen=True)
class ClientCard:
    """What one client's message shows.

    Attributes:
        client: the client's name.
        client_key: its key (for the owner picker).
        gaps: the gaps to show, most expensive first (at most :data:`GAPS_PER_MESSAGE`).
        reviews: review prompts to show with it.
        owner: its owner, or None (the card then offers an owner picker).
        more_count: open gaps of the client not shown.
        more_money: their monthly money (absolute).
        total: the monthly money of every open gap of the client (absolute).
        unowned: True for the billing-channel card of a client nobody owns.
        fixes: gap id -> the label of its "Update <PSA> to N" button, for the gaps a fix
            can be written for.
    """

    client: str
    client_key: str
    gaps: Sequence[StoredGap]
    reviews: Sequence[ReviewPrompt] = ()
    owner: Owner | None = None
    more_count: int = 0
    more_money: Decimal = Decimal(0)
    total: Decimal = Decimal(0)
    unowned: bool = False
    fixes: Mapping[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class HomeData:
    """What the App Home shows one person (``fixes`` as in :class:`ClientCard`)."""

    user: str
    gaps: Sequence[StoredGap]
    last_run: datetime | None
    notice: str | None = None
    fixes: Mapping[int, str] = field(default_factory=dict)


def gap_value(gap: StoredGap) -> str:
    """A gap button's value: the gap id and the status it was shown in (``12:open``)."""
    return f"{gap.id}:{gap.status.value}"


def parse_gap_value(value: str) -> tuple[int, GapStatus]:
    """Read a gap button's value back: the gap and the status it was drawn in.

    Raises:
        ValueError: not a value this bot wrote.
    """
    gap_id, _, status = value.partition(":")
    return int(gap_id), GapStatus(status)


def age_days(gap: StoredGap, now: datetime) -> int:
    """Whole days since the gap was first seen."""
    return max(0, (now - gap.first_seen).days)


def gap_text(
    gap: StoredGap, *, now: datetime, with_client: bool = False, zone: ZoneInfo | None = None
) -> str:
    """One gap in mrkdwn: product, kind, seats, money and age; and, where the vendor side
    exceeds the PSA side under a commitment, what to do and by when (days counted in the
    user's time zone, default UTC)."""
    days = age_days(gap, now)
    age = "new today" if days == 0 else f"open {days} day{'s' if days != 1 else ''}"
    client = f"*{escape(gap.client)}* · " if with_client else ""
    delta = format_qty(gap.seat_delta, signed=True) if gap.seat_delta else "0"
    text = (
        f"{client}*{escape(gap.product)}* · {_KIND_WORDS.get(gap.kind.value, gap.kind.value)}\n"
        f"vendor {format_qty(gap.vendor_qty)} · PSA {format_qty(gap.psa_qty)} · "
        f"seats {delta} · *{format_money(gap.monthly_impact)}/mo* · {age}"
    )
    if gap.rests_on:
        # A pending gap is only true if the question is answered yes: say so before the money
        # is acted on.
        text += f"\n:hourglass: Pending {escape(gap.rests_on)}: answer it to confirm or withdraw"
    if gap.reduce_possible_until is not None and gap.seat_delta > 0:
        today = now.astimezone(zone or ZoneInfo("UTC")).date()
        text += "\n" + deadline_messages.reduce_deadline(
            seats=format_qty(gap.seat_delta),
            until=gap.reduce_possible_until,
            term_end=gap.term_end,
            today=today,
            recovers=format_money(gap.bill_recovers) if gap.bill_recovers else None,
            saves=format_money(gap.reduce_saves) if gap.reduce_saves else None,
        )
    if gap.status is GapStatus.OPEN and gap.fix_note:
        text += f"\n:warning: Reopened: {escape(gap.fix_note)}"
    return text


def gap_outcome(gap: StoredGap, zone: ZoneInfo) -> str | None:
    """What was decided about a gap, with who and when; None while it is open."""
    status = gap.status
    if status is GapStatus.RESOLVED and gap.fix_pending:
        return (
            f":wrench: Fixed in the PSA by {_who(gap.fix_by)} at {_when(gap.fix_at, zone)}: "
            f"{escape(gap.fix_summary or '')}. The next run confirms it."
        )
    if status is GapStatus.RESOLVED:
        return (
            f":white_check_mark: Resolved by {_who(gap.resolved_by)} at "
            f"{_when(gap.resolved_at, zone)}"
        )
    if status is GapStatus.ACCEPTED:
        reason = escape(gap.accepted_reason or "")
        return (
            f":handshake: Accepted by {_who(gap.accepted_by)} at {_when(gap.accepted_at, zone)}: "
            f"_{reason}_"
        )
    if status is GapStatus.SNOOZED:
        return (
            f":zzz: Snoozed until {gap.snoozed_until} by {_who(gap.snoozed_by)} "
            f"at {_when(gap.snoozed_at, zone)}"
        )
    if status is GapStatus.FIXED and gap.withdrawn:
        note = escape(gap.fix_note or "its mapping question was answered no")
        return f":wastebasket: Withdrawn: {note}"
    if status is GapStatus.FIXED:
        return f":sparkles: Fixed: the run at {_when(gap.fixed_at, zone)} no longer shows it"
    return None


def gap_buttons(gap: StoredGap, fix_label: str | None = None) -> list[Block]:
    """The buttons of an open gap (Add alias only when the client is on one side only;
    "Update <PSA> to N" first when a fix can be written for it)."""
    value = gap_value(gap)
    elements = [button(fix_label, ids.GAP_FIX, value)] if fix_label else []
    elements += [
        button("Mark resolved", ids.GAP_RESOLVE, value, style="primary"),
        button("Accept", ids.GAP_ACCEPT, value),
        button("Snooze", ids.GAP_SNOOZE, value),
    ]
    if gap.vendor_client and not gap.psa_client:
        elements.append(button("Add alias", ids.GAP_ALIAS, value))
    return elements


def gap_blocks(
    gap: StoredGap,
    *,
    zone: ZoneInfo,
    now: datetime,
    with_client: bool = False,
    fix_label: str | None = None,
) -> list[Block]:
    """A gap as a section plus its buttons, or plus its outcome once decided."""
    blocks = [section(gap_text(gap, now=now, with_client=with_client, zone=zone))]
    outcome = gap_outcome(gap, zone)
    if outcome is None:
        blocks.append(actions(gap_buttons(gap, fix_label), block_id=f"gap:{gap.id}"))
    else:
        blocks.append(context(outcome))
    return blocks


def review_blocks(review: ReviewPrompt, *, zone: ZoneInfo) -> list[Block]:
    """A review prompt: the question and its buttons, or what was decided."""
    vendor = escape(review.vendor_client)
    best = escape(review.candidates[0]) if review.candidates else None
    question = (
        f":mag: Is the vendor's *{vendor}* the PSA client *{best}*?"
        if best
        else f":mag: Which PSA client is the vendor's *{vendor}*?"
    )
    text = (
        f"{question}\n{format_money(review.money_at_stake)}/mo at stake · {escape(review.reason)}"
    )
    blocks = [section(text)]
    if review.status is ReviewStatus.OPEN:
        value = str(review.id)
        elements = []
        if best:
            elements.append(button("Confirm match", ids.REVIEW_CONFIRM, value, style="primary"))
            elements.append(button("Not a match", ids.REVIEW_REJECT, value, style="danger"))
        elements.append(button("Add alias", ids.REVIEW_ALIAS, value))
        blocks.append(actions(elements, block_id=f"review:{review.id}"))
    else:
        blocks.append(context(review_outcome(review, zone)))
    return blocks


def review_outcome(review: ReviewPrompt, zone: ZoneInfo) -> str:
    """What was decided about a review prompt, by whom and when."""
    who = f"{_who(review.decided_by)} at {_when(review.decided_at, zone)}"
    psa = escape(review.psa_client or "")
    vendor = escape(review.vendor_client)
    if review.status is ReviewStatus.CONFIRMED:
        return f":white_check_mark: Match confirmed by {who}: the next run pairs them"
    if review.status is ReviewStatus.REJECTED:
        return f":no_entry_sign: Not a match, said {who}: *{psa}* won't be proposed again"
    return f":link: Alias added by {who}: *{vendor}* is *{psa}* in the PSA; the next run pairs them"


def client_card(card: ClientCard, *, zone: ZoneInfo, now: datetime) -> Message:
    """One client's alert: its gaps with buttons, review prompts, and what is not shown.

    An unowned client's card (billing channel) carries an owner picker instead of a
    mention. However many gaps the client has, the message stays within Slack's limits.
    """
    open_gaps = [g for g in card.gaps if g.status is GapStatus.OPEN]
    title = f"{card.client}: {format_money(card.total)}/mo in open gaps"
    blocks: list[Block] = [header(title)]
    if card.unowned and card.owner is None:
        blocks.append(
            section(
                f"*{escape(card.client)}* has no owner. Pick its account manager:",
                accessory={
                    "type": "users_select",
                    "action_id": ids.ASSIGN_OWNER,
                    "placeholder": {"type": "plain_text", "text": "Assign owner"},
                },
                block_id=ids.ASSIGN_OWNER,
            )
        )
    elif card.unowned and card.owner is not None:
        blocks.append(
            context(
                f":bust_in_silhouette: Owner: {_who(card.owner.slack_user)} (assigned by "
                f"{_who(card.owner.updated_by)} at {_when(card.owner.updated_at, zone)})"
            )
        )
    budget = MAX_MESSAGE_BLOCKS - 6
    shown = 0
    for gap in card.gaps[:GAPS_PER_MESSAGE]:
        if len(blocks) + 2 > budget:
            break
        blocks.extend(gap_blocks(gap, zone=zone, now=now, fix_label=card.fixes.get(gap.id)))
        shown += 1
    hidden = len(card.gaps) - shown + card.more_count
    if card.reviews:
        blocks.append(divider())
        for review in card.reviews:
            if len(blocks) + 2 > budget:
                break
            blocks.extend(review_blocks(review, zone=zone))
    if hidden > 0:
        blocks.append(
            context(
                f"…and {hidden:,} more open gap{'s' if hidden != 1 else ''} of this client"
                + (f" ({format_money(card.more_money)}/mo)" if card.more_money else "")
                + ": see the attached CSV, your App Home, or `/reconcile gaps "
                + f"{escape(card.client)}`."
            )
        )
    text = f"{escape(card.client)}: {len(open_gaps)} open gap(s), {format_money(card.total)}/mo"
    return message(text, blocks)


def many_clients(user: str, cards: Sequence[ClientCard]) -> Message:
    """One DM for someone with many clients to look at: a list, pointing at the App Home."""
    total = sum((c.total for c in cards), Decimal(0))
    blocks: list[Block] = [
        header(f"{len(cards)} clients need a look: {format_money(total)}/mo"),
        section("Your clients with new or growing billing gaps, most expensive first:"),
    ]
    lines = []
    for card in cards:
        count = len(card.gaps) + card.more_count
        lines.append(
            f"• *{escape(card.client)}*: {count} gap{'s' if count != 1 else ''}, "
            f"{format_money(card.total)}/mo"
        )
    # One section per 20 clients keeps each under the 3,000-character limit.
    for start in range(0, len(lines), 20):
        if len(blocks) >= MAX_MESSAGE_BLOCKS - 2:
            blocks.append(context(f"…and {len(lines) - start:,} more clients."))
            break
        blocks.append(section("\n".join(lines[start : start + 20])))
    blocks.append(context("Open the *Home* tab of this app to act on each gap."))
    return message(f"{len(cards)} clients need a look: {format_money(total)}/mo", blocks)


def home_view(data: HomeData, *, zone: ZoneInfo, now: datetime) -> dict[str, object]:
    """The App Home of one person: their clients' open gaps with the same buttons."""
    total = sum((abs(g.monthly_impact) for g in data.gaps), Decimal(0))
    leaking = sum((g.monthly_impact for g in data.gaps if g.monthly_impact > 0), Decimal(0))
    last = format_local(data.last_run, zone) if data.last_run else "no run yet"
    blocks: list[Block] = [header("Your billing gaps")]
    if data.notice:
        blocks.append(section(f":information_source: {data.notice}"))
    blocks.append(
        section(
            f"*{len(data.gaps)}* open gap{'s' if len(data.gaps) != 1 else ''} on clients you own "
            f"· *{format_money(leaking)}/mo* under-billed · {format_money(total)}/mo in all"
        )
    )
    blocks.append(context(f"Last run: {last}"))
    if not data.gaps:
        blocks.append(
            section(
                "Nothing to do. You see gaps here for the clients you own; a billing admin "
                "assigns them with `/reconcile owner CLIENT @you`."
            )
        )
    current = None
    budget = MAX_VIEW_BLOCKS - 4
    shown = 0
    for gap in data.gaps[:GAPS_ON_HOME]:
        if len(blocks) + 4 > budget:
            break
        if gap.client_key != current:
            current = gap.client_key
            blocks.append(divider())
            blocks.append(section(f"*{escape(gap.client)}*"))
        blocks.extend(gap_blocks(gap, zone=zone, now=now, fix_label=data.fixes.get(gap.id)))
        shown += 1
    if shown < len(data.gaps):
        blocks.append(
            context(f"…and {len(data.gaps) - shown:,} more: `/reconcile gaps CLIENT` lists them.")
        )
    return {"type": "home", "blocks": blocks[:MAX_VIEW_BLOCKS]}


def _when(when: datetime | None, zone: ZoneInfo) -> str:
    return format_local(when, zone)


def _who(by: str | None) -> str:
    return messages.who(by or "?")


def review_message(reviews: Sequence[ReviewPrompt], *, zone: ZoneInfo) -> Message:
    """Client pairs to confirm or reject, each with its buttons or its outcome."""
    blocks: list[Block] = [header("Clients to review")]
    blocks.append(
        section(
            "The last run would not pair these on its own. They raise no gap until someone decides."
        )
    )
    for review in reviews:
        if len(blocks) + 2 > MAX_MESSAGE_BLOCKS - 1:
            blocks.append(context("…and more: the run's CSV and the next run list them."))
            break
        blocks.extend(review_blocks(review, zone=zone))
    return message(f"{len(reviews)} client pair(s) to review", blocks)
