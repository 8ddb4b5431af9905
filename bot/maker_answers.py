"""A maker question answered from its Slack buttons ("Is Egnyte bought from Pax8?"): the same
check and store call as ``recon maker yes|no``, then the thread reply redrawn."""

from __future__ import annotations

from slack_sdk import WebClient

from bot import ids, maker_messages, messages, roles
from bot.blocks.makers import parse_maker_value
from bot.context import Bot
from bot.decisions import Done, Origin, redraw_origin
from recon import ReconError, format_local


def answer_maker(
    client: WebClient, bot: Bot, *, user: str, value: str, bought: bool, origin: Origin
) -> Done:
    """Answer a maker question: store what ``recon maker yes`` (``bought``) or ``recon maker
    no`` stores, under the same check (only a maker the latest run asks about), then redraw
    the thread reply from the store.

    A maker already answered for that source (a double click, a stale button, someone else
    first) changes nothing and says who answered; an answer the store refuses changes nothing
    and says why.
    """
    action = ids.MAKER_YES if bought else ids.MAKER_NO
    if not roles.allowed(bot, user, action):
        return Done(maker_messages.admins_only_maker(action))
    try:
        maker, source = parse_maker_value(value)
    except ValueError:
        return Done(messages.message_gone())
    store = bot.store
    known = next(
        (
            a
            for a in store.maker_answers()
            if a.maker.casefold() == maker.casefold() and a.source == source
        ),
        None,
    )
    if known is not None:
        return Done(maker_messages.maker_already(known, format_local(known.created_at, bot.zone())))
    if not any(
        a.maker.casefold() == maker.casefold() and a.source == source
        for a in store.maker_questions()
    ):
        return Done(
            messages.cant_read(
                f"no maker question of the latest saved run asks whether {maker!r} is bought "
                f"from {source!r}. Nothing was saved."
            )
        )
    try:
        store.answer_maker(maker, bought=bought, by=user, reason="maker question")
    except ReconError as err:
        return Done(messages.cant_read(str(err)))
    redraw_origin(client, bot, origin)
    return Done()
