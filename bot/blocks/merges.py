"""Vendor products read as one, as Block Kit: each merge once, with its undo button.

The engine may compare a vendor product the catalogue does not know as another vendor
product when the seats say they are one (:class:`recon.ProductMerge`). In Slack that must not
be a silent guess, so the run's thread reply in the billing channel shows each merge: the two
names, the seats and clients behind it and the engine's ``why``, with one button, **Not the
same product**, that stores what ``recon reject product "<second name>" <product>`` stores
(the same product rejection a mapping question's *No* stores). Once undone, the block is
drawn again from the store with who undid it and when instead of the button.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from bot import ids, messages
from bot.blocks.kit import BUTTON_VALUE, Block, actions, button, context, section
from bot.blocks.questions import question_value
from bot.text import escape
from recon import ProductAnswer, ProductMerge, format_local, format_qty


@dataclass(frozen=True)
class MergeItem:
    """A merge the run made, and how people answered it since (from the store when drawn).

    Attributes:
        merge: the merge as the engine made it.
        answer: the stored answer about (second name, product), or None while it stands.
    """

    merge: ProductMerge
    answer: ProductAnswer | None = None

    @property
    def undone(self) -> bool:
        """True when someone said the two names are not one product."""
        return self.answer is not None and not self.answer.mapped


def merge_row(m: ProductMerge) -> list[str | int]:
    """A merge as a JSON-ready row (recorded with the message, to draw it again)."""
    return [
        m.second_name,
        m.second_key,
        m.product,
        m.product_key,
        m.clients,
        m.sold_at,
        str(m.seats),
        m.answer,
    ]


def merge_from_row(row: list[Any]) -> ProductMerge:
    """A merge back from :func:`merge_row`."""
    second, second_key, product, product_key, clients, sold_at, seats, answer = row
    return ProductMerge(
        str(second),
        str(second_key),
        str(product),
        str(product_key),
        int(clients),
        int(sold_at),
        Decimal(seats),
        str(answer),
    )


def merge_line(m: ProductMerge) -> str:
    """A merge in one line of mrkdwn: the two names, the seats and the clients."""
    seats = format_qty(m.seats)
    return (
        f"The vendor's *{escape(m.second_name)}* is compared as *{escape(m.product)}* "
        f"({seats} seat{'' if m.seats == 1 else 's'} at {m.clients:,} of {m.sold_at:,} "
        f"client{'' if m.sold_at == 1 else 's'})"
    )


def merge_blocks(item: MergeItem, number: int, *, zone: ZoneInfo) -> list[Block]:
    """One merge in the thread: the names and the evidence, then the undo button, or who
    undid it and when (two blocks, like a mapping question)."""
    m = item.merge
    blocks = [section(f":link: {merge_line(m)}\nWhy: {escape(m.why)}")]
    value = question_value(m.second_name, m.answer)
    if item.answer is not None:
        when = format_local(item.answer.at, zone)
        blocks.append(context(messages.merge_answered(item.answer.by, when, m, item.undone)))
    elif len(value) > BUTTON_VALUE:  # names too long to carry: the CLI line still works
        blocks.append(context(f"Too long for a button: undo with `{escape(m.undo)}`."))
    else:
        blocks.append(
            actions(
                [button("Not the same product", ids.MERGE_REJECT, value, style="danger")],
                block_id=f"merge:{number}",
            )
        )
    return blocks
