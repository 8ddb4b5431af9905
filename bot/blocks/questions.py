"""Mapping questions as Block Kit: one PSA product that is probably a vendor product.

Each question shows the PSA product, its best candidate with the evidence behind it and the
money its seats hold, and two buttons: "Yes, same product" stores the alias, "No" stores a
rejection; either way the next run is right. The button value carries the answer itself
(PSA product and candidate), so a click needs nothing else from the store.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from bot import ids
from bot.blocks.kit import (
    Block,
    Message,
    actions,
    button,
    context,
    escape,
    header,
    message,
    section,
)
from recon import MappingQuestion, format_money

#: At most this many questions in one message (each is three blocks).
QUESTIONS_PER_MESSAGE = 10


def question_value(psa_product: str, answer: str) -> str:
    """A button's value: the PSA product and the candidate it would be answered with."""
    return json.dumps({"p": psa_product, "t": answer}, separators=(",", ":"))


def parse_question_value(value: str) -> tuple[str, str]:
    """(PSA product, answer) back from a button's value."""
    data: dict[str, Any] = json.loads(value)
    return str(data["p"]), str(data["t"])


def question_blocks(question: MappingQuestion, number: int) -> list[Block]:
    """One question: what it asks, the evidence, the money, and its two buttons."""
    best = question.candidates[0] if question.candidates else None
    psa = escape(question.psa_product)
    if best is None:
        return [section(f":grey_question: Which vendor product is *{psa}*?")]
    others = "; ".join(
        f"{escape(c.vendor_product)} ({c.score:.0f})" for c in question.candidates[1:3]
    )
    text = (
        f":grey_question: Is the PSA's *{psa}* the vendor's *{escape(best.vendor_product)}*? "
        f"({best.score:.0f})\n{escape(best.why)}\n"
        f"{format_money(question.money_at_stake)}/mo held at {question.clients} client(s) "
        "until answered"
    )
    blocks = [section(text)]
    if others:
        blocks.append(context(f"Other candidates: {others}"))
    value = question_value(question.psa_product, best.answer)
    blocks.append(
        actions(
            [
                button("Yes, same product", ids.QUESTION_YES, value, style="primary"),
                button("No", ids.QUESTION_NO, value, style="danger"),
            ],
            block_id=f"question:{number}",
        )
    )
    return blocks


def questions_message(questions: Sequence[MappingQuestion]) -> Message:
    """The mapping questions of a run, most money first."""
    shown = list(questions)[:QUESTIONS_PER_MESSAGE]
    blocks: list[Block] = [header("Products to map")]
    blocks.append(
        context(
            "Each PSA product below is probably a vendor product under another name. Its "
            "seats raise no gap until someone answers."
        )
    )
    for number, question in enumerate(shown):
        blocks.extend(question_blocks(question, number))
    if len(questions) > len(shown):
        blocks.append(context(f"... and {len(questions) - len(shown)} more (`recon reconcile`)"))
    return message(f"{len(questions)} product(s) to map", blocks)


def answered(blocks: Sequence[Block], block_id: str, outcome: str) -> list[Block]:
    """The message's blocks with one question's buttons replaced by what was decided."""
    return [
        context(outcome) if block.get("block_id") == block_id else dict(block) for block in blocks
    ]
