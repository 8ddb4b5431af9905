"""What the bot says about maker questions ("Is Egnyte bought from Pax8?"): who may answer,
what was answered, and a repeated click. Beside :mod:`bot.messages`, which is full."""

from __future__ import annotations

from bot import roles
from bot.messages import who
from bot.text import escape
from recon import MakerAnswer


def admins_only_maker(action: str) -> str:
    """Someone without the role answered a maker question."""
    twin = roles.rule(action).twin
    return (
        f"Only {roles.who_may(action)} can say where a maker is bought "
        f"(as `{twin}`). Nothing was changed."
    )


def maker_answered(answer: MakerAnswer, when: str) -> str:
    """What was answered about a maker question, by whom and when."""
    maker, source = escape(answer.maker), escape(answer.source)
    if answer.bought:
        return (
            f":white_check_mark: {who(answer.created_by)} at {when}: *{maker}* is bought from "
            f"*{source}*; from the next run its lines are compared and their gaps settled"
        )
    return (
        f":no_entry_sign: {who(answer.created_by)} at {when}: *{maker}* is bought elsewhere "
        f"than *{source}*; its lines stay out of the comparison, never asked again"
    )


def maker_already(answer: MakerAnswer, when: str) -> str:
    """A maker question already answered (a double click, or someone else first)."""
    state = f"bought from {answer.source}" if answer.bought else "bought elsewhere"
    return (
        f"Nothing changed: *{escape(answer.maker)}* was already answered {state} "
        f"by {who(answer.created_by)} at {when}."
    )
