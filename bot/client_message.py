"""Gathering what a client's message shows from the store, so any message can be drawn
again after a decision (the same message is edited in place, never duplicated)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from bot import messages
from bot.blocks import GAPS_PER_MESSAGE, ClientCard, Message, client_card, review_message
from bot.conversation import Conversation, MessageKind, PostedMessage
from recon import GapStatus, ReconError, Store, StoredGap, fix_offer, format_money, format_qty


def build_card(
    store: Store,
    chat: Conversation,
    client_key: str,
    *,
    gap_ids: Sequence[int],
    review_ids: Iterable[int] = (),
    unowned: bool = False,
) -> ClientCard:
    """A client's card from the store's current state.

    Args:
        store: the store.
        chat: the bot's own memory (the review prompts).
        client_key: the client.
        gap_ids: the gaps the message shows (the first :data:`GAPS_PER_MESSAGE` are drawn).
        review_ids: review prompts shown with them.
        unowned: draw the billing-channel variant (owner picker, then the owner).
    """
    shown = [store.gap(i) for i in gap_ids[:GAPS_PER_MESSAGE]]
    try:
        everything = store.gaps(status=GapStatus.OPEN, client=client_key)
    except ReconError:  # the client is no longer known: show what the message had
        everything = [g for g in shown if g.status is GapStatus.OPEN]
    shown_ids = {g.id for g in shown}
    hidden = [g for g in everything if g.id not in shown_ids]
    name = shown[0].client if shown else client_key
    return ClientCard(
        client=name,
        client_key=client_key,
        gaps=shown,
        reviews=[chat.review(r) for r in review_ids],
        owner=store.owner_for(client_key),
        more_count=len(hidden),
        more_money=_money(hidden),
        total=_money(everything),
        unowned=unowned,
        fixes=fix_labels(store, shown),
    )


def fix_labels(store: Store, gaps: Iterable[StoredGap]) -> dict[int, str]:
    """Gap id -> "Update <PSA> to N", for the gaps a fix can be written for (none while
    write-back is off; the PSA's credentials are checked on the click)."""
    if not store.settings().write_back:
        return {}
    labels: dict[int, str] = {}
    for gap in gaps:
        offer = fix_offer(store, gap)
        if offer is not None:
            target = (
                f"{format_money(offer.target)}/mo"
                if offer.field == "price"
                else format_qty(offer.target)
            )
            labels[gap.id] = messages.fix_button(offer.system, offer.field, target)
    return labels


def redraw(
    store: Store, chat: Conversation, msg: PostedMessage, *, zone: ZoneInfo, now: datetime
) -> Message:
    """A recorded message drawn again from the store."""
    from bot import run_message  # noqa: PLC0415  (run_message builds on this module's kinds)

    drawn = run_message.redraw(store, chat, msg, zone=zone)
    if drawn is not None:
        return drawn
    if msg.kind is MessageKind.REVIEW:
        return review_message([chat.review(r) for r in msg.review_ids], zone=zone)
    card = build_card(
        store,
        chat,
        msg.subject,
        gap_ids=msg.gap_ids,
        review_ids=msg.review_ids,
        unowned=msg.kind is MessageKind.UNOWNED,
    )
    return client_card(card, zone=zone, now=now)


def _money(gaps: Iterable[StoredGap]) -> Decimal:
    return sum((abs(g.monthly_impact) for g in gaps), Decimal(0))
