"""Maker questions as Block Kit: is a maker the vendor file sells nothing of bought from its
source ("Is Egnyte bought from Pax8?")?

A run asks where the PSA bills a maker the file sells nothing of and the file's source sells
that maker (:class:`recon.MakerQuestion`). In the run's thread reply in the billing channel
each question shows the clients, lines, seats and money at stake, with two buttons: **Yes, we
buy it from Pax8** stores what ``recon maker yes`` stores, **No, bought elsewhere** what
``recon maker no`` stores. The button's value carries the maker and source; once answered,
the block is drawn again from the store with who answered and when.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from bot import ids, maker_messages
from bot.blocks.kit import BUTTON_VALUE, Block, actions, button, context, section
from bot.text import escape
from recon import MakerAnswer, MakerQuestion, format_local, format_money, format_qty

#: Lines listed in a question's block (the CLI and the JSON name them all).
LINES_SHOWN = 4


@dataclass(frozen=True)
class MakerItem:
    """A maker question of a run, and how it was answered since (from the store).

    Attributes:
        maker: the maker asked about ("Egnyte").
        source: the vendor file's source ("Pax8").
        clients: how many clients bill the maker's products.
        money: the monthly money of the gaps pending the answer.
        lines: each line in words ("Cedar Ridge Dental: Egnyte Business x 9").
        answer: the stored answer, or None while open.
    """

    maker: str
    source: str
    clients: int
    money: Decimal
    lines: tuple[str, ...] = ()
    answer: MakerAnswer | None = None

    @property
    def at_stake(self) -> Decimal:
        """Money at stake: the pending gaps' money until answered; else nothing."""
        return self.money if self.answer is None else Decimal(0)


def maker_item(question: MakerQuestion) -> MakerItem:
    """A run's maker question as an item."""
    lines = tuple(
        f"{line.client}: {line.product} x {format_qty(line.seats)}" for line in question.lines
    )
    return MakerItem(
        question.maker, question.source, question.clients, question.money_at_stake, lines
    )


def maker_row(item: MakerItem) -> list[Any]:
    """An item as a JSON-ready row (recorded with the message, to draw it again)."""
    return [item.maker, item.source, item.clients, str(item.money), list(item.lines)]


def maker_from_row(row: list[Any]) -> MakerItem:
    """An item back from :func:`maker_row`."""
    maker, source, clients, money, lines = row
    return MakerItem(
        str(maker), str(source), int(clients), Decimal(money), tuple(str(x) for x in lines)
    )


def maker_value(maker: str, source: str) -> str:
    """A button's value: the maker and the source the question is about."""
    return json.dumps({"m": maker, "s": source}, separators=(",", ":"))


def parse_maker_value(value: str) -> tuple[str, str]:
    """(maker, source) back from a button's value.

    Raises:
        ValueError: not a maker button's value.
    """
    try:
        data: dict[str, Any] = json.loads(value)
        return str(data["m"]), str(data["s"])
    except (TypeError, KeyError, json.JSONDecodeError) as err:
        raise ValueError(f"not a maker question: {value[:80]!r}") from err


def maker_line(item: MakerItem) -> str:
    """The question in one line of mrkdwn (the summary and the full list)."""
    return (
        f"Is *{escape(item.maker)}* bought from *{escape(item.source)}*? "
        f"{item.clients:,} client{'' if item.clients == 1 else 's'}, "
        f"{format_money(item.money)}/mo pending the answer"
    )


def maker_blocks(item: MakerItem, number: int, *, zone: ZoneInfo) -> list[Block]:
    """One maker question in the thread: the question and its lines, then its two buttons or
    what was answered, by whom and when (two blocks, like a family question)."""
    shown = "\n".join(f"• {escape(line)}" for line in item.lines[:LINES_SHOWN])
    more = len(item.lines) - LINES_SHOWN
    text = f":factory: {maker_line(item)}\n{shown}"
    if more > 0:
        text += f"\n…and {more:,} more line{'' if more == 1 else 's'}"
    blocks = [section(text)]
    value = maker_value(item.maker, item.source)
    if item.answer is not None:
        when = format_local(item.answer.created_at, zone)
        blocks.append(context(maker_messages.maker_answered(item.answer, when)))
    elif len(value) > BUTTON_VALUE:  # a name too long to carry: the CLI still answers
        blocks.append(context("Too long for a button: answer with `recon maker yes|no`."))
    else:
        blocks.append(
            actions(
                [
                    button(
                        f"Yes, we buy it from {item.source}"[:75],
                        ids.MAKER_YES,
                        value,
                        style="primary",
                    ),
                    button("No, bought elsewhere", ids.MAKER_NO, value, style="danger"),
                ],
                block_id=f"maker:{number}",
            )
        )
    return blocks
