"""The billing channel's message of a run: gathered from the store, posted, drawn again.

Everything a run leaves without an owner (clients nobody owns, client pairs no owner can
be asked about, PSA products to map: mapping questions and unmapped products, anomalies of
unowned clients, vendor products the run read as one) goes to the billing channel as one
summary, one reply in its thread and one CSV there: at most three posts, however many
clients (:mod:`bot.blocks.channel`). The summary and the reply are recorded in the bot's
memory (kinds ``run`` and ``run_detail``, with what they show as JSON in the subject), so an
owner picked in the thread, a review or a mapping question answered there, or a merge undone
there (:func:`bot.decisions.answer_question`) redraws the reply in place from the store
(:meth:`recon.Store.product_answer` for the questions and merges), and the summary's button
opens the full list at any time.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import deadline_messages, messages, slack_io
from bot.blocks.channel import (
    AnomalyItem,
    ChannelRun,
    MappingItem,
    MergeItem,
    UnownedClient,
    run_channel_detail,
    run_channel_summary,
    run_full_list,
)
from bot.blocks.families import FamilyItem, family_from_row, family_row
from bot.blocks.kit import Message
from bot.blocks.makers import MakerItem, maker_from_row, maker_row
from bot.blocks.merges import merge_from_row, merge_row
from bot.blocks.questions import question_item, unmapped_item
from bot.conversation import Conversation, MessageKind, PostedMessage
from recon import (
    GapStatus,
    MakerAnswer,
    MappingQuestion,
    ProductAnswer,
    ProductMerge,
    ReconError,
    Store,
    StoredGap,
    UnmappedProduct,
    format_qty,
    render_csv,
    window_closing,
)

log = logging.getLogger(__name__)

#: Products to map and anomalies kept with the message (the full list shows them).
_KEPT = 200


def _closing(store: Store, gaps: Sequence[StoredGap]) -> str:
    """The client's nearest reduction window closing within ``reminder_days``, in words,
    counted in the store's time zone; "" when none is that close."""
    settings = store.settings()
    today = store.now().astimezone(settings.zone).date()
    near = [
        (g.reduce_possible_until, g.product, g)
        for g in gaps
        if g.reduce_possible_until is not None
        and window_closing(g, today=today, reminder_days=settings.reminder_days)
    ]
    if not near:
        return ""
    until, product, gap = min(near, key=lambda item: (item[0], item[1]))
    return deadline_messages.reduce_before(
        product=product, seats=format_qty(gap.seat_delta), until=until, today=today
    )


def _unowned_client(store: Store, key: str) -> UnownedClient | None:
    """One client's line, from the store's current state (None: no longer known)."""
    try:
        gaps = store.gaps(status=GapStatus.OPEN, client=key)
    except ReconError:
        return None
    if not gaps:
        owner = store.owner_for(key)
        return UnownedClient(key, owner.client if owner else key, 0, Decimal(0), owner=owner)
    top = gaps[0]
    seats = format_qty(top.seat_delta, signed=True) if top.seat_delta else "price"
    return UnownedClient(
        client_key=key,
        client=top.client,
        gaps=len(gaps),
        money=sum((abs(g.monthly_impact) for g in gaps), Decimal(0)),
        top=f"{top.product} {seats}",
        owner=store.owner_for(key),
        deadline=_closing(store, gaps),
    )


def gather(
    store: Store,
    chat: Conversation,
    *,
    run_id: int | None,
    client_keys: Iterable[str],
    review_ids: Iterable[int] = (),
    mappings: Sequence[MappingItem] = (),
    anomalies: Sequence[AnomalyItem] = (),
    merges: Sequence[ProductMerge] = (),
    families: Sequence[FamilyItem] = (),
    makers: Sequence[MakerItem] = (),
) -> ChannelRun:
    """What the channel message shows, from the store as it is now (who assigned an owner,
    decided a review, answered a mapping question or undid a merge since it was posted)."""
    clients = [c for c in (_unowned_client(store, k) for k in client_keys) if c is not None]
    clients.sort(key=lambda c: (-c.money, c.client.casefold()))
    return ChannelRun(
        run_id=run_id,
        clients=tuple(clients),
        reviews=tuple(chat.review(r) for r in review_ids),
        mappings=tuple(
            replace(m, answer=store.product_answer(m.product, m.target) or bundle_answer(store, m))
            if m.question
            else m
            for m in mappings
        ),
        anomalies=tuple(anomalies),
        merges=tuple(MergeItem(m, store.product_answer(m.second_name, m.answer)) for m in merges),
        families=tuple(
            replace(f, answer=store.family_answer(f.vendor_client, f.psa_client)) for f in families
        ),
        makers=tuple(replace(m, answer=_maker_answer(store, m)) for m in makers),
    )


def _maker_answer(store: Store, item: MakerItem) -> MakerAnswer | None:
    """The answer given about a maker question's maker from its source, or None."""
    return next(
        (
            a
            for a in store.maker_answers()
            if a.maker.casefold() == item.maker.casefold() and a.source == item.source
        ),
        None,
    )


def bundle_answer(store: Store, item: MappingItem) -> ProductAnswer | None:
    """A bundle question answered "a bundle of all" since: the stored bundle, as an answer."""
    if not item.bundle:
        return None
    found = next((b for b in store.bundles() if b.name.casefold() == item.product.casefold()), None)
    if found is None:
        return None
    return ProductAnswer(
        found.name, " + ".join(found.components), True, found.created_by, found.created_at
    )


def mapping_items(
    unmapped: Iterable[UnmappedProduct], questions: Iterable[MappingQuestion] = ()
) -> list[tuple[str, MappingItem]]:
    """A run's products to map, most money first, each with the key it is asked about once
    under (:data:`bot.notify.MAPPING_CLAIM`).

    The mapping questions (a question again when its best candidate changes), then the
    unmapped products no question is about (the engine lists a product in one or the other).
    """
    items: list[tuple[str, MappingItem]] = []
    asked: set[str] = set()
    for q in questions:
        if not q.candidates:
            continue
        asked.add(q.product_key)
        items.append((f"{q.product_key}|{q.candidates[0].product_key}", question_item(q)))
    items += [
        (u.psa_product.casefold(), unmapped_item(u)) for u in unmapped if u.product_key not in asked
    ]
    items.sort(key=lambda pair: (-pair[1].money, pair[1].product.casefold()))
    return items


def _subject(run: ChannelRun) -> str:
    return json.dumps(
        {
            "run": run.run_id,
            "clients": [c.client_key for c in run.clients],
            "reviews": [r.id for r in run.reviews],
            "mappings": [_mapping_row(m) for m in run.mappings[:_KEPT]],
            "anomalies": [[a.client, a.text, str(a.money)] for a in run.anomalies[:_KEPT]],
            "merges": [merge_row(m.merge) for m in run.merges[:_KEPT]],
            "families": [family_row(f) for f in run.families[:_KEPT]],
            "makers": [maker_row(m) for m in run.makers[:_KEPT]],
        },
        separators=(",", ":"),
    )


def _mapping_row(m: MappingItem) -> list[str | int | list[list[str]]]:
    row: list[str | int | list[list[str]]] = [m.product, m.clients, str(m.seats), str(m.money)]
    if m.question and m.bundle:  # a bundle question also records what the line names
        return [*row, m.candidate, m.target, m.why, [list(b) for b in m.bundle]]
    if m.question:
        return [*row, m.candidate, m.target, m.why]
    return [*row, m.why] if m.why else row


def _mapping_from_row(row: Sequence[Any]) -> MappingItem:
    """A recorded product to map (four fields, five with an unmapped product's note; seven
    for a mapping question)."""
    product, clients, seats, money, *rest = row
    item = MappingItem(str(product), int(clients), Decimal(seats), Decimal(money))
    if len(rest) == 4:
        item = replace(
            item,
            candidate=rest[0],
            target=rest[1],
            why=rest[2],
            bundle=tuple((str(a), str(n)) for a, n in rest[3]),
        )
    elif len(rest) == 3:
        item = replace(item, candidate=rest[0], target=rest[1], why=rest[2])
    elif len(rest) == 1:
        item = replace(item, why=str(rest[0]))
    return item


def from_message(store: Store, chat: Conversation, msg: PostedMessage) -> ChannelRun:
    """The channel message's content, gathered again from what it recorded."""
    data: dict[str, Any] = json.loads(msg.subject or "{}")
    return gather(
        store,
        chat,
        run_id=data.get("run"),
        client_keys=data.get("clients", []),
        review_ids=data.get("reviews", []),
        mappings=[_mapping_from_row(row) for row in data.get("mappings", [])],
        anomalies=[AnomalyItem(c, t, Decimal(m)) for c, t, m in data.get("anomalies", [])],
        merges=[merge_from_row(row) for row in data.get("merges", [])],
        families=[family_from_row(row) for row in data.get("families", [])],
        makers=[maker_from_row(row) for row in data.get("makers", [])],
    )


def post_run_message(
    client: WebClient,
    store: Store,
    chat: Conversation,
    channel: str,
    run: ChannelRun,
    *,
    zone: ZoneInfo,
    gap_ids: Sequence[int],
) -> int:
    """Post the run's summary, its thread reply and the CSV of the unowned gaps.

    Args:
        client: a Web API client with the bot token.
        store: the store (the unowned gaps, for the CSV).
        chat: the bot's own memory (the messages are recorded there).
        channel: the billing channel.
        run: what to show.
        zone: the time zone of the times shown.
        gap_ids: the unowned clients' gaps, for the CSV.

    Returns:
        The number of messages posted (the summary and its reply; the CSV is a file in the
        same thread, the third and last post).

    Raises:
        SlackApiError: Slack refused the summary (nothing else is tried).
    """
    subject = _subject(run)
    posted, ts = slack_io.post_in(client, channel, run_channel_summary(run))
    chat.remember_message(posted, ts, kind=MessageKind.RUN, subject=subject, recipient=channel)
    sent = 1
    try:
        detail_ts = slack_io.post(client, posted, run_channel_detail(run, zone=zone), thread_ts=ts)
        chat.remember_message(
            posted,
            detail_ts,
            kind=MessageKind.RUN_DETAIL,
            subject=subject,
            recipient=channel,
            review_ids=[r.id for r in run.reviews],
        )
        sent += 1
    except SlackApiError as err:
        log.warning("run %s: thread reply refused: %s", run.run_id, slack_io.error_code(err))
    if gap_ids:
        gaps = [store.gap(i) for i in gap_ids]
        try:
            slack_io.upload_csv(
                client,
                channel=posted,
                thread_ts=ts,
                filename=f"no-owner-run-{run.run_id or 'unsaved'}.csv",
                content=render_csv(gaps),  # a StoredGap is a Gap
                comment=messages.csv_comment(len(gaps)),
            )
        except SlackApiError as err:
            log.warning("run %s: CSV not attached: %s", run.run_id, slack_io.error_code(err))
    return sent


def redraw(
    store: Store, chat: Conversation, msg: PostedMessage, *, zone: ZoneInfo
) -> Message | None:
    """A recorded run message drawn again (None: not a run message)."""
    if msg.kind is MessageKind.RUN:
        return run_channel_summary(from_message(store, chat, msg))
    if msg.kind is MessageKind.RUN_DETAIL:
        return run_channel_detail(from_message(store, chat, msg), zone=zone)
    return None


def full_list_view(store: Store, chat: Conversation, msg: PostedMessage) -> dict[str, object]:
    """The modal of a run message's full list."""
    return run_full_list(from_message(store, chat, msg))


def client_of_picker(block_id: str) -> str | None:
    """The client key of an owner picker in the thread reply (its block id), or None."""
    prefix, _, key = block_id.partition(":")
    return key if prefix == "owner" and key else None
