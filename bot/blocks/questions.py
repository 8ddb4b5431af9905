"""PSA products to map, as Block Kit: mapping questions with Yes/No, and unmapped products.

A run's products to map go in its one billing-channel message (:mod:`bot.blocks.channel`):
a line each in the summary and the full list, and in the thread reply each mapping question
with two buttons. **Yes, same product** stores the alias, **No** stores a rejection; either
way the next run is right. The button's value carries the answer itself (PSA product and
candidate), so a click needs nothing else; once answered, the reply is drawn again from the
store with who answered and when instead of the buttons.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from bot import ids, messages
from bot.blocks.kit import BUTTON_VALUE, Block, actions, button, context, section
from bot.text import escape
from recon import (
    MappingQuestion,
    ProductAnswer,
    UnmappedProduct,
    format_local,
    format_money,
    format_qty,
)


@dataclass(frozen=True)
class MappingItem:
    """A PSA product to map: a mapping question, or a product no vendor line accounts for.

    Attributes:
        product: the PSA product as written.
        clients: clients it is billed to (a question: whose lines it holds).
        seats: its PSA seats there.
        money: a question: the vendor's monthly cost its seats hold out of every gap; an
            unmapped product: what the PSA bills for it per month.
        candidate: a question: the vendor product it probably is ("" when not a question).
        target: a question: what answers it yes (a catalogue id or the vendor's name).
        why: a question: the evidence in words; an unmapped product: why the run does not
            compare it, when it knows ("the vendor file sells nothing of Huntress").
        answer: how the question was answered since (from the store when drawn), or None.
        bundle: a question on a line billing two products: each product it names, as
            (answer, name); "Yes, a bundle" stores them as one bundle.
    """

    product: str
    clients: int
    seats: Decimal
    money: Decimal
    candidate: str = ""
    target: str = ""
    why: str = ""
    answer: ProductAnswer | None = None
    bundle: tuple[tuple[str, str], ...] = ()

    @property
    def question(self) -> bool:
        """True for a mapping question (it has a candidate to say yes or no to)."""
        return bool(self.target)

    @property
    def at_stake(self) -> Decimal:
        """Money at stake: a question's held vendor cost until answered; else nothing."""
        return self.money if self.question and self.answer is None else Decimal(0)


def question_item(question: MappingQuestion) -> MappingItem:
    """A run's mapping question as an item (its first candidate is the question)."""
    best = question.candidates[0] if question.candidates else None
    return MappingItem(
        product=question.psa_product,
        clients=question.clients,
        seats=question.seats,
        money=question.money_at_stake,
        candidate=best.vendor_product if best else "",
        target=best.answer if best else "",
        why=best.why if best else "",
        bundle=tuple((c.answer, c.vendor_product) for c in question.bundle),
    )


def unmapped_item(product: UnmappedProduct) -> MappingItem:
    """A run's unmapped PSA product as an item."""
    return MappingItem(
        product.psa_product,
        product.clients,
        product.seats,
        product.monthly_billed,
        why=product.note,
    )


def question_value(psa_product: str, answer: str) -> str:
    """A button's value: the PSA product and the candidate it would be answered with."""
    return json.dumps({"p": psa_product, "t": answer}, separators=(",", ":"))


def bundle_value(psa_product: str, answers: Sequence[str]) -> str:
    """A bundle button's value: the PSA product and every product it names."""
    return json.dumps({"p": psa_product, "b": list(answers)}, separators=(",", ":"))


def parse_bundle_value(value: str) -> tuple[str, tuple[str, ...]]:
    """(PSA product, the products it names) back from a bundle button's value.

    Raises:
        ValueError: not a bundle button's value.
    """
    try:
        data: dict[str, Any] = json.loads(value)
        return str(data["p"]), tuple(str(b) for b in data["b"])
    except (TypeError, KeyError, json.JSONDecodeError) as err:
        raise ValueError(f"not a bundle question: {value[:80]!r}") from err


def parse_question_value(value: str) -> tuple[str, str]:
    """(PSA product, answer) back from a button's value.

    Raises:
        ValueError: not a question button's value.
    """
    try:
        data: dict[str, Any] = json.loads(value)
        return str(data["p"]), str(data["t"])
    except (TypeError, KeyError, json.JSONDecodeError) as err:
        raise ValueError(f"not a mapping question: {value[:80]!r}") from err


def _count(n: int, word: str) -> str:
    return f"{n:,} {word if n == 1 else word + 's'}"


def mapping_line(item: MappingItem) -> str:
    """One product to map, in one line of mrkdwn (the summary and the full list)."""
    product = escape(item.product)
    if item.question and item.bundle:
        names = " and ".join(f"*{escape(name)}*" for _, name in item.bundle)
        return (
            f"Does the PSA's *{product}* bill {names} on one line? "
            f"{format_money(item.money)}/mo held at {_count(item.clients, 'client')} "
            "until answered"
        )
    if item.question:
        return (
            f"Is the PSA's *{product}* the vendor's *{escape(item.candidate)}*? "
            f"{format_money(item.money)}/mo held at {_count(item.clients, 'client')} "
            "until answered"
        )
    return (
        f"*{product}*: billed {format_money(item.money)}/mo to "
        f"{_count(item.clients, 'client')} ({format_qty(item.seats)} seats); "
        + (escape(item.why) if item.why else "no vendor product")
    )


def question_blocks(item: MappingItem, number: int, *, zone: ZoneInfo) -> list[Block]:
    """A mapping question in the thread: the question and the evidence, then its two buttons
    or what was answered, by whom and when (two blocks, like a review prompt)."""
    text = f":label: {mapping_line(item)}"
    if item.why:
        text += f"\n{escape(item.why)}"
    blocks = [section(text)]
    value = question_value(item.product, item.target)
    if item.answer is None and len(value) > BUTTON_VALUE:  # names too long to carry
        blocks.append(context("Too long for a button: answer with `recon alias product`."))
    elif item.answer is None:
        both = bundle_value(item.product, [answer for answer, _ in item.bundle])
        yes = [button("Yes, same product", ids.QUESTION_YES, value, style="primary")]
        if item.bundle and len(both) <= BUTTON_VALUE:
            # The line bills every product it names: one bundle, each compared on its own.
            yes = [
                button("Yes, a bundle of all", ids.QUESTION_BUNDLE, both, style="primary"),
                button(f"Only {item.candidate}"[:75], ids.QUESTION_YES, value),
            ]
        blocks.append(
            actions(
                [*yes, button("No", ids.QUESTION_NO, value, style="danger")],
                block_id=f"question:{number}",
            )
        )
    else:
        blocks.append(context(question_outcome(item.answer, zone)))
    return blocks


def question_outcome(answer: ProductAnswer, zone: ZoneInfo) -> str:
    """What was answered about a mapping question, by whom and when."""
    return messages.question_answered(
        answer.by, format_local(answer.at, zone), answer.product, answer.target, answer.mapped
    )
