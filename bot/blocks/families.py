"""Family questions as Block Kit: is a PSA company billed for another client's licences?

A run asks where a company with no client of its own fills a matched client's shortfall
(:class:`recon.FamilyQuestion`). In the run's thread reply in the billing channel each
question shows the companies, their seats per product and the money at stake, with two
buttons: **Yes, bill them as one** stores what ``recon family join`` stores, **No, separate
companies** what ``recon family apart`` stores. The button's value carries the pair; once
answered, the block is drawn again from the store with who answered and when.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from bot import ids, messages
from bot.blocks.kit import BUTTON_VALUE, Block, actions, button, context, section
from bot.text import escape
from recon import FamilyAnswer, FamilyQuestion, format_local, format_money, format_qty

#: Products listed in a question's block (the CLI and the full list name them all).
LINES_SHOWN = 4


@dataclass(frozen=True)
class FamilyItem:
    """A family question of a run, and how it was answered since (from the store).

    Attributes:
        vendor_client: the vendor customer the answer names.
        psa_client: the PSA company the answer names.
        money: the monthly money the question holds.
        lines: each product in words ("Microsoft 365 E3: bought 20; billed Acme 12, Acme
            Staffing 8").
        answer: the stored answer, or None while open.
        also: other companies the answer is about (a customer paired with no company,
            asked about with every company it may be billed as); the answer covers each.
        also_vendors: other vendor customers the answer is about (a company paired with no
            customer, asked about with every tenant it may be bought as); the answer covers
            each.
    """

    vendor_client: str
    psa_client: str
    money: Decimal
    lines: tuple[str, ...] = ()
    answer: FamilyAnswer | None = None
    also: tuple[str, ...] = ()
    also_vendors: tuple[str, ...] = ()

    @property
    def at_stake(self) -> Decimal:
        """Money at stake: the held gaps' money until answered; else nothing."""
        return self.money if self.answer is None else Decimal(0)


def family_item(question: FamilyQuestion) -> FamilyItem:
    """A run's family question as an item."""
    lines = []
    for line in question.lines:
        bought = ", ".join(f"{n} {format_qty(q)}" for n, q in line.vendor_seats)
        billed = ", ".join(f"{n} {format_qty(q)}" for n, q in line.billed)
        lines.append(f"{line.product}: bought {bought}; billed {billed}")
    return FamilyItem(
        question.vendor_client,
        question.psa_client,
        question.money_at_stake,
        tuple(lines),
        also=question.psa_clients[1:] if question.unpaired else (),
        also_vendors=question.vendor_clients[1:] if question.tenants else (),
    )


def family_row(item: FamilyItem) -> list[Any]:
    """An item as a JSON-ready row (recorded with the message, to draw it again)."""
    return [
        item.vendor_client,
        item.psa_client,
        str(item.money),
        list(item.lines),
        list(item.also),
        list(item.also_vendors),
    ]


def family_from_row(row: list[Any]) -> FamilyItem:
    """An item back from :func:`family_row`."""
    # rows recorded before "also" have four fields, before "also_vendors" five
    vendor, psa, money, lines, *rest = row
    also = tuple(str(x) for x in rest[0]) if rest else ()
    also_vendors = tuple(str(x) for x in rest[1]) if len(rest) > 1 else ()
    lines_ = tuple(str(x) for x in lines)
    return FamilyItem(
        str(vendor), str(psa), Decimal(money), lines_, also=also, also_vendors=also_vendors
    )


def family_value(vendor_client: str, psa_client: str) -> str:
    """A button's value: the pair the question is about."""
    return json.dumps({"v": vendor_client, "p": psa_client}, separators=(",", ":"))


def parse_family_value(value: str) -> tuple[str, str]:
    """(vendor customer, PSA company) back from a button's value.

    Raises:
        ValueError: not a family button's value.
    """
    try:
        data: dict[str, Any] = json.loads(value)
        return str(data["v"]), str(data["p"])
    except (TypeError, KeyError, json.JSONDecodeError) as err:
        raise ValueError(f"not a family question: {value[:80]!r}") from err


def family_line(item: FamilyItem) -> str:
    """The question in one line of mrkdwn (the summary and the full list)."""
    held = f"{format_money(item.money)}/mo held until answered"
    if item.also:
        *first, last = (f"*{escape(c)}*" for c in (item.psa_client, *item.also))
        return (
            f"Are {', '.join(first)} and {last} billed for *{escape(item.vendor_client)}*'s "
            f"licences? {held}"
        )
    if item.also_vendors:
        *first, last = (f"*{escape(c)}*" for c in (item.vendor_client, *item.also_vendors))
        who = f"{', '.join(first)} and {last}"
        return f"Is *{escape(item.psa_client)}* billed for {who}'s licences? {held}"
    return (
        f"Is *{escape(item.psa_client)}* billed for *{escape(item.vendor_client)}*'s "
        f"licences? {held}"
    )


def family_blocks(item: FamilyItem, number: int, *, zone: ZoneInfo) -> list[Block]:
    """One family question in the thread: the question and its lines, then its two buttons
    or what was answered, by whom and when (two blocks, like a mapping question)."""
    shown = "\n".join(f"• {escape(line)}" for line in item.lines[:LINES_SHOWN])
    more = len(item.lines) - LINES_SHOWN
    text = f":busts_in_silhouette: {family_line(item)}\n{shown}"
    if more > 0:
        text += f"\n…and {more:,} more product{'' if more == 1 else 's'}"
    blocks = [section(text)]
    value = family_value(item.vendor_client, item.psa_client)
    if item.answer is not None:
        when = format_local(item.answer.created_at, zone)
        blocks.append(context(messages.family_answered(item.answer, when)))
    elif len(value) > BUTTON_VALUE:  # names too long to carry: the CLI still answers
        blocks.append(context("Too long for a button: answer with `recon family join|apart`."))
    else:
        blocks.append(
            actions(
                [
                    button("Yes, bill them as one", ids.FAMILY_YES, value, style="primary"),
                    button("No, separate companies", ids.FAMILY_NO, value, style="danger"),
                ],
                block_id=f"family:{number}",
            )
        )
    return blocks
